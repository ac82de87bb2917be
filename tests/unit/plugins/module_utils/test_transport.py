# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""module_utils/transport.py over real sockets: pan.xapi's requests on kept-alive HTTPS connections.

A local HTTPS server (the private CA of test_connection_tls) counts the TLS connections it accepts and the requests
on each, so the tests see what the device would: how many handshakes, which requests shared a connection."""

from __future__ import annotations

import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl

import pan.xapi
import pytest

from ansible_collections.hapair.panos.plugins.module_utils import transport
from ansible_collections.hapair.panos.plugins.module_utils.connection import Device
from ansible_collections.hapair.panos.plugins.module_utils.errors import ApiError, AuthenticationFailed, ConnectionFailed
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import op_element
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.fakes import Sleeps, fixture_bytes
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.test_connection_tls import pki as shared_pki

pki = shared_pki  # the fixture of test_connection_tls (its private CA and server certificate)

SHOW_HA = op_element(['show', 'high-availability', 'all'])
ANSWERS = {
    'keygen': fixture_bytes('keygen.success.xml'),
    'op': fixture_bytes('op_show_high-availability_state.active-passive.synced.pa-5250-9.1.11.xml'),
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def setup(self):
        super().setup()
        self.server.connections.append([])  # one entry per TLS connection accepted: the request types sent on it
        self.mine = self.server.connections[-1]

    def do_POST(self):  # noqa: N802 - http.server's naming
        length = int(self.headers.get('Content-Length', 0))
        params = dict(parse_qsl(self.rfile.read(length).decode('utf-8')))
        self.mine.append(params.get('type'))
        self.server.headers.append(dict(self.headers))
        status, body = self.server.answer(params)
        self.send_response(status)
        self.send_header('Content-Type', 'application/xml; charset=UTF-8')
        self.send_header('Content-Length', str(len(body)))
        if self.server.close_each:
            self.send_header('Connection', 'close')
        self.end_headers()
        self.wfile.write(body)
        if self.server.close_each or self.server.drop_after_answer:
            self.close_connection = True

    def log_message(self, format, *args):  # noqa: A002 - silence the default stderr log
        pass


@pytest.fixture
def server(pki):  # noqa: F811 - the fixture imported above
    httpd = ThreadingHTTPServer(('127.0.0.1', 0), _Handler)
    httpd.daemon_threads = True
    httpd.connections, httpd.headers = [], []
    httpd.close_each = httpd.drop_after_answer = False
    httpd.answer = lambda params: (200, ANSWERS[params.get('type')])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki['cert'], pki['key'])
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    transport.close_all()
    transport._proxied.clear()
    yield httpd
    transport.close_all()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def installed(monkeypatch):
    """pan.xapi sends through transport.send (connection.py installs it on import; the fakes of other tests may
    have replaced it since)."""
    monkeypatch.setattr(pan.xapi, 'urlopen', transport.send)


def device(server, pki, **extra):  # noqa: F811
    provider = {'ip_address': '127.0.0.1', 'port': server.server_address[1], 'username': 'admin', 'password': 'pw',
                'api_key': None, 'validate_certs': True, 'ca_path': pki['ca'], 'timeout': 5}
    provider.update(extra)
    return Device(provider, sleep=Sleeps(), retries=0)


def test_requests_to_a_device_share_one_tls_connection(server, pki):  # noqa: F811
    fw = device(server, pki)
    for _attempt in range(3):
        assert fw.op(SHOW_HA).find('result/group/local-info/state').text == 'active'
    assert server.connections == [['keygen', 'op', 'op', 'op']]
    # What urllib sends, but for "Connection: close"
    sent = server.headers[-1]
    assert sent['Content-Type'] == 'application/x-www-form-urlencoded'
    assert sent['User-Agent'].startswith('Python-urllib/')
    assert 'close' not in sent.get('Connection', '')


def test_a_device_that_closes_each_connection_gets_a_new_one_each_time(server, pki):  # noqa: F811
    server.close_each = True
    fw = device(server, pki)
    fw.op(SHOW_HA)
    fw.op(SHOW_HA)
    assert server.connections == [['keygen'], ['op'], ['op']]


def test_a_connection_the_device_closed_while_idle_is_not_used_again(server, pki):  # noqa: F811
    server.drop_after_answer = True  # closes after answering, without saying so (an idle timeout on the device)
    fw = device(server, pki, api_key='LUFRPT1-given=')  # one request per op: no keygen
    fw.op(SHOW_HA)
    time.sleep(0.05)  # the close reaches the client's socket
    fw.op(SHOW_HA)  # no error: the closed connection is seen (select) and a new one opened
    assert server.connections == [['op'], ['op']]


def test_a_connection_idle_for_too_long_is_replaced(server, pki, monkeypatch):  # noqa: F811
    monkeypatch.setattr(transport, 'IDLE_SECONDS', 0.05)
    fw = device(server, pki)
    fw.op(SHOW_HA)
    time.sleep(0.1)
    fw.op(SHOW_HA)
    assert server.connections == [['keygen', 'op'], ['op']]


def test_devices_with_other_tls_settings_never_share_a_connection(server, pki):  # noqa: F811
    verified = device(server, pki)
    unverified = device(server, pki, validate_certs=False, ca_path=None)
    verified.op(SHOW_HA)
    unverified.op(SHOW_HA)
    verified.op(SHOW_HA)
    assert sorted(server.connections) == [['keygen', 'op'], ['keygen', 'op', 'op']]


def test_an_error_status_is_urllibs_http_error_and_the_connection_is_not_kept(server, pki):  # noqa: F811
    refused = b'<response status="error" code="403"><result><msg>Invalid credentials.</msg></result></response>'
    server.answer = lambda params: (403, refused) if params.get('type') == 'keygen' else (200, ANSWERS['op'])
    fw = device(server, pki)
    with pytest.raises((AuthenticationFailed, ApiError)):
        fw.op(SHOW_HA)
    ctx = ssl.create_default_context(cafile=pki['ca'])
    request = urllib.request.Request('https://127.0.0.1:%d/api/' % server.server_address[1], b'type=keygen')
    with pytest.raises(urllib.error.HTTPError) as caught:
        transport.send(request, context=ctx, timeout=5)
    assert caught.value.code == 403 and b'Invalid credentials' in caught.value.read()
    assert transport._idle == {}


def test_a_refused_connection_is_urllibs_url_error():
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    port = sock.getsockname()[1]
    sock.close()
    request = urllib.request.Request('https://127.0.0.1:%d/api/' % port, b'type=keygen')
    with pytest.raises(urllib.error.URLError) as caught:
        transport.send(request, context=ssl.create_default_context(), timeout=5)
    assert isinstance(caught.value.reason, ConnectionRefusedError)
    fw = Device({'ip_address': '127.0.0.1', 'port': port, 'username': 'admin', 'password': 'pw', 'timeout': 5},
                sleep=Sleeps(), retries=0)
    with pytest.raises(ConnectionFailed) as failed:
        fw.op(SHOW_HA)
    assert 'refused' in failed.value.msg.lower()


def test_behind_a_proxy_the_request_takes_urllibs_own_path(server, pki, monkeypatch):  # noqa: F811
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    dead_proxy = sock.getsockname()[1]
    sock.close()
    monkeypatch.setenv('https_proxy', 'http://127.0.0.1:%d' % dead_proxy)
    monkeypatch.setenv('no_proxy', 'example.invalid')
    fw = device(server, pki)
    with pytest.raises(ConnectionFailed):
        fw.op(SHOW_HA)  # urllib tried the (dead) proxy: the device saw nothing
    assert server.connections == []
    monkeypatch.setenv('no_proxy', '127.0.0.1')
    transport._proxied.clear()
    device(server, pki).op(SHOW_HA)
    assert server.connections == [['keygen', 'op']]


def test_installed_only_over_urllibs_own_urlopen(monkeypatch):
    def fake(*args, **kwargs):
        raise AssertionError('not called')
    monkeypatch.setattr(pan.xapi, 'urlopen', fake)
    transport.install()
    assert pan.xapi.urlopen is fake
    monkeypatch.setattr(pan.xapi, 'urlopen', urllib.request.urlopen)
    transport.install()
    assert pan.xapi.urlopen is transport.send
