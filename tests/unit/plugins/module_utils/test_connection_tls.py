# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""connection.Device over real sockets: a local HTTPS server with a private CA.

Checks what fakes cannot: the SSLContext built from validate_certs / ca_path is the
one urllib really uses, and real socket failures map to the right errors.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pytest

from ansible_collections.hapair.panos.plugins.module_utils.connection import Device
from ansible_collections.hapair.panos.plugins.module_utils.errors import ConnectionFailed, InvalidInput, TlsVerificationFailed
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import op_element
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.fakes import Sleeps, fixture_bytes

x509 = pytest.importorskip('cryptography.x509')
hashes = pytest.importorskip('cryptography.hazmat.primitives.hashes')
serialization = pytest.importorskip('cryptography.hazmat.primitives.serialization')
ec = pytest.importorskip('cryptography.hazmat.primitives.asymmetric.ec')
NameOID = x509.oid.NameOID

SHOW_HA = op_element(['show', 'high-availability', 'all'])


def _cert(subject_cn, issuer_cert, issuer_key, key, is_ca):
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject_cn)]))
        .issuer_name(issuer_cert.subject if issuer_cert is not None else x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject_cn)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
    )
    if is_ca:
        builder = builder.add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                                      data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                                      crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
        builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    else:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]),
                                        critical=False)
        builder = builder.add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    return builder.sign(issuer_key if issuer_key is not None else key, hashes.SHA256())


@pytest.fixture(scope='module')
def pki(tmp_path_factory):
    directory = tmp_path_factory.mktemp('pki')
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = _cert('hapair unit test CA', None, None, ca_key, True)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _cert('127.0.0.1', ca_cert, ca_key, key, False)
    paths = {'ca': directory / 'ca.pem', 'cert': directory / 'cert.pem', 'key': directory / 'key.pem'}
    paths['ca'].write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    paths['cert'].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths['key'].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    return {name: str(path) for name, path in paths.items()}


class _Handler(BaseHTTPRequestHandler):
    answers = {
        'keygen': fixture_bytes('keygen.success.xml'),
        'op': fixture_bytes('op_show_high-availability_state.active-passive.synced.pa-5250-9.1.11.xml'),
    }

    def do_POST(self):  # noqa: N802 - http.server's naming
        length = int(self.headers.get('Content-Length', 0))
        params = dict(parse_qsl(self.rfile.read(length).decode('utf-8')))
        self.server.requests.append(params.get('type'))
        body = self.answers[params.get('type')]
        self.send_response(200)
        self.send_header('Content-Type', 'application/xml; charset=UTF-8')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 - silence the default stderr log
        pass


@pytest.fixture(scope='module')
def server(pki):
    httpd = ThreadingHTTPServer(('127.0.0.1', 0), _Handler)
    httpd.requests = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki['cert'], pki['key'])
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def provider_for(server, **extra):
    provider = {'ip_address': '127.0.0.1', 'port': server.server_address[1], 'username': 'admin', 'password': 'pw',
                'api_key': None, 'validate_certs': True, 'ca_path': None, 'timeout': 5}
    provider.update(extra)
    return provider


def test_trusted_with_ca_path(server, pki):
    device = Device(provider_for(server, ca_path=pki['ca']), sleep=Sleeps())
    assert device.op(SHOW_HA).find('result/group/local-info/state').text == 'active'
    assert device.counters['keygen'] == 1


def test_ca_path_directory_is_refused_before_any_request(server, pki, tmp_path):
    """Issue 10 finding 18: a directory gave a generic verification error; it must be a file, say so, send nothing."""
    ca_dir = tmp_path / 'cas'
    ca_dir.mkdir()
    (ca_dir / 'ca.pem').write_bytes(open(pki['ca'], 'rb').read())
    before = len(server.requests)
    device = Device(provider_for(server, ca_path=str(ca_dir)), sleep=Sleeps())
    with pytest.raises(InvalidInput) as caught:
        device.op(SHOW_HA)
    assert 'is a directory; it must be a file' in caught.value.msg and caught.value.option == 'provider.ca_path'
    assert len(server.requests) == before


def test_untrusted_certificate_fails_without_retry(server):
    before = len(server.requests)
    sleeps = Sleeps()
    device = Device(provider_for(server), sleep=sleeps)
    with pytest.raises(TlsVerificationFailed) as exc:
        device.op(SHOW_HA)
    assert sleeps.delays == [] and device.counters['keygen'] == 1
    assert len(server.requests) == before
    assert 'certificate verify failed' in exc.value.msg
    assert 'pw' not in exc.value.msg.split('. ')[0]


def test_validate_certs_false(server):
    warnings = []
    device = Device(provider_for(server, validate_certs=False), warn=warnings.append, sleep=Sleeps())
    assert device.op(SHOW_HA).get('status') == 'success'
    assert warnings


def _closed_port():
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def test_connection_refused_retries_then_fails():
    sleeps = Sleeps()
    provider = {'ip_address': '127.0.0.1', 'port': _closed_port(), 'username': 'admin', 'password': 'pw', 'timeout': 5}
    device = Device(provider, sleep=sleeps, retries=2)
    with pytest.raises(ConnectionFailed) as exc:
        device.op(SHOW_HA)
    assert exc.value.kind == ConnectionFailed.kind
    assert device.counters['keygen'] == 3 and sleeps.delays == [0.5, 1.0]
    assert 'refused' in exc.value.msg.lower()


def test_read_timeout_is_reported(pki):
    """A server that accepts but never answers: the timeout surfaces as ConnectionFailed."""
    listener = socket.socket()
    listener.bind(('127.0.0.1', 0))
    listener.listen(8)
    try:
        provider = {'ip_address': '127.0.0.1', 'port': listener.getsockname()[1], 'username': 'admin', 'password': 'pw',
                    'timeout': 1, 'validate_certs': False}
        device = Device(provider, sleep=Sleeps(), retries=0)
        with pytest.raises(ConnectionFailed) as exc:
            device.op(SHOW_HA)
        assert 'timed out' in exc.value.msg
    finally:
        listener.close()


def test_provider_timeout_bounds_a_request_and_its_retries():
    """Issue 10 finding 15: a peer that accepts connections and never answers cost 4 x timeout (one per attempt)."""
    import time
    silent = socket.socket()
    silent.bind(('127.0.0.1', 0))
    silent.listen(16)  # connections complete in the backlog; nothing is ever read or answered
    try:
        provider = {'ip_address': '127.0.0.1', 'port': silent.getsockname()[1], 'username': 'admin',
                    'password': 'x', 'api_key': 'LUFRPT1-given=', 'validate_certs': False, 'ca_path': None,
                    'timeout': 2}
        device = Device(provider, backoff=0.1)
        started = time.monotonic()
        with pytest.raises(ConnectionFailed) as caught:
            device.op(SHOW_HA)
        elapsed = time.monotonic() - started
    finally:
        silent.close()
    assert elapsed < 3.5, elapsed  # one timeout (2 s) and a little, not 4 x 2 s
    assert 'within provider.timeout=2s' in caught.value.msg
