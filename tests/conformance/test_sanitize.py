# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sanitizer of --record (hapair_conformance/sanitize.py) on real PAN-OS answers: nothing identifying is
left, the element structure and every unmasked value are unchanged, and the masks are deterministic and
consistent across the answers of one run. No network, no build needed."""

from __future__ import annotations

import ipaddress
import os
import re
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), 'emulator', 'tests'))

from hapair_conformance.sanitize import Sanitizer, is_secret_name, summarize  # noqa: E402
from shapes import differences, parse, quote_style  # noqa: E402  (tests/emulator/tests/shapes.py)

ROOT = os.path.dirname(os.path.dirname(HERE))
# The project's own real-sample corpus (tests/real_samples/corpus), always in the repository: nothing is skipped.
CORPUS = os.path.join(ROOT, 'tests', 'real_samples', 'corpus')
NAMED = ('op_show_high-availability_state.active-passive.synced.pa-5250-9.1.11.atav928-paloaltoapi.xml',
         'op_show_system_info.pa-400-10.2.11-h12.brianyaklin-blog.xml',
         'keygen.success.brianyaklin-blog.xml')
KEY = b'test-key'
SAMPLES = []
NAMED_PATHS = [os.path.join(CORPUS, name) for name in NAMED]


def needs_reference(test):  # kept as a marker on the tests that read NAMED_PATHS
    """The named corpus samples must exist (a missing one fails the test, it is never skipped)."""
    return test


def read(path):
    with open(path, 'rb') as handle:
        return handle.read()


# -- what a sample holds that must not survive (found independently of the sanitizer's own patterns)

IPV4 = re.compile(r'(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d])')
IPV6 = re.compile(r'(?<![\w:])([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7})(?![\w:])')
MAC = re.compile(r'(?<![0-9A-Fa-f:])([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})(?![0-9A-Fa-f:])')
DOC_V4 = [ipaddress.ip_network(n) for n in ('192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24')]


def _netmask_or_special(text):
    value = int(ipaddress.IPv4Address(text))
    inverted = ~value & 0xffffffff
    return text in ('0.0.0.0', '255.255.255.255') or (value >> 24 == 0xff and inverted & (inverted + 1) == 0)


def originals(body):
    """{kind: {value}} of the identifying values of a raw answer."""
    text = body.decode('utf-8', 'replace')
    tree = parse(body)
    found = {'ipv4': set(), 'ipv6': set(), 'mac': set(), 'serial': set(), 'secret': set(), 'hostname': set()}
    for match in IPV4.finditer(text):
        try:
            ipaddress.IPv4Address(match.group(1))
        except ValueError:
            continue
        if not _netmask_or_special(match.group(1)):
            found['ipv4'].add(match.group(1))
    for match in IPV6.finditer(text):
        try:
            address = ipaddress.IPv6Address(match.group(1))
        except ValueError:
            continue
        if address not in (ipaddress.IPv6Address('::'), ipaddress.IPv6Address('::1')):
            found['ipv6'].add(match.group(1))
    found['mac'] = {m.group(1) for m in MAC.finditer(text)
                    if m.group(1).lower() not in ('00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff')}
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        value = (node.text or '').strip()
        if not value or len(node):
            continue
        if node.tag in ('serial', 'serial-number') and not re.fullmatch(r'[#*]+|unknown', value):
            found['serial'].add(value)
        if node.tag in ('key', 'phash', 'password') or value.startswith('-AQ==') or value.startswith('$1$'):
            found['secret'].add(value)
        if node.tag in ('hostname', 'devicename'):
            found['hostname'].add(value)
    found['serial'].update(re.findall(r'(?<!\d)\d{12,16}(?!\d)', text))
    return found


def leaves(body):
    """[(path, text)] of every element in document order, and [(path, attribute names)]."""
    tree = parse(body)
    out = []
    for node in tree.iter():
        if isinstance(node.tag, str):
            path = tree.getroottree().getpath(node)
            out.append((path, (node.text or '').strip() if len(node) == 0 else None, tuple(node.attrib)))
    return out


# -- the named samples of the brief

@needs_reference
@pytest.mark.parametrize('path', NAMED_PATHS, ids=NAMED)
def test_named_samples_keep_nothing_identifying(path):
    raw = read(path)
    out, maskings = Sanitizer(key=KEY).sanitize(raw)
    found = originals(raw)
    assert any(found.values()), 'the sample holds something to mask'
    text = out.decode()
    for kind, values in found.items():
        for value in values:
            assert value not in text, '%s %s survived in %s' % (kind, value, os.path.basename(path))
    assert maskings, 'no masking reported'


# -- every reference and corpus sample: structure, unmasked values, determinism

def _all_samples():
    paths = list(SAMPLES)
    if os.path.isdir(CORPUS):
        paths += sorted(os.path.join(CORPUS, f) for f in os.listdir(CORPUS) if f.endswith('.xml'))
    good = []
    for path in paths:
        try:
            parse(read(path))
        except Exception:   # noqa: BLE001 - a sample that is not XML is not ours to test
            continue
        good.append(path)
    return good


ALL = _all_samples()


@pytest.mark.parametrize('path', ALL, ids=[os.path.basename(p) for p in ALL])
def test_structure_and_unmasked_values_are_unchanged(path):
    raw = read(path)
    out, maskings = Sanitizer(key=KEY).sanitize(raw)
    assert differences(raw, out) == [] and differences(out, raw) == [], 'structure changed'
    assert quote_style(raw) == quote_style(out)
    before, after = leaves(raw), leaves(out)
    assert [(p, a) for p, _t, a in before] == [(p, a) for p, _t, a in after], 'tags, order or attribute names changed'
    masked_paths = {m.where for m in maskings}
    for (path_b, text_b, _a), (_p, text_a, _aa) in zip(before, after, strict=True):
        if text_b != text_a:
            relative = '/'.join(path_b.split('/')[2:])
            relative = re.sub(r'\[\d+\]', '', relative)
            assert relative in masked_paths, 'changed but not reported as masked: %s (%r -> %r)' % (
                relative, text_b, text_a)
    if not maskings:
        assert out == raw, 'nothing masked, yet the bytes changed'
    found = originals(raw)
    for kind, values in found.items():
        for value in values:
            if kind == 'ipv4' and any(ipaddress.IPv4Address(value) in net for net in DOC_V4):
                continue   # already a documentation address; masks may reuse that range
            assert not re.search(r'(?<![\w.:-])%s(?![\w:-]|\.\d)' % re.escape(value), out.decode()), \
                '%s %s survived' % (kind, value)


@needs_reference
def test_masks_are_deterministic_and_key_dependent():
    raw = read(NAMED_PATHS[0])
    first, _ = Sanitizer(key=KEY).sanitize(raw)
    again, _ = Sanitizer(key=KEY).sanitize(raw)
    other, _ = Sanitizer(key=b'another key').sanitize(raw)
    assert first == again
    assert first != other
    one = Sanitizer(key=KEY)
    assert one.sanitize(raw)[0] == one.sanitize(raw)[0] == first


def test_the_same_value_gets_the_same_mask_in_both_peers_answers():
    a = (b"<response status='success'><result><system><hostname>fw-a</hostname><ip-address>10.1.1.1</ip-address>"
         b"<serial>013101005411</serial><mac-address>08:66:1f:01:4b:a4</mac-address></system></result></response>")
    b = (b'<response status="success"><result><group><local-info><mgmt-ip>10.1.1.2/24</mgmt-ip></local-info>'
         b'<peer-info><mgmt-ip>10.1.1.1/24</mgmt-ip><ha1-macaddr>08:66:1f:01:4b:a4</ha1-macaddr>'
         b'<description>peer fw-a, serial 013101005411</description></peer-info></group></result></response>')
    sanitizer = Sanitizer(key=KEY)
    sanitizer.learn(b)
    sanitizer.learn(a)
    out_b = sanitizer.sanitize(b)[0].decode()
    out_a = sanitizer.sanitize(a)[0].decode()
    ip = re.search(r'<ip-address>([^<]+)<', out_a).group(1)
    assert '<mgmt-ip>%s/24</mgmt-ip>' % ip in out_b
    assert ip.startswith('192.0.2.')
    mac = re.search(r'<mac-address>([^<]+)<', out_a).group(1)
    assert mac.startswith('00:00:5e:00:53:') and mac in out_b
    host = re.search(r'<hostname>([^<]+)<', out_a).group(1)
    serial = re.search(r'<serial>([^<]+)<', out_a).group(1)
    assert 'peer %s, serial %s' % (host, serial) in out_b, out_b
    assert 'fw-a' not in out_a + out_b and '013101005411' not in out_a + out_b
    # two different addresses never share a mask
    assert re.search(r'<local-info><mgmt-ip>([^<]+)/24', out_b).group(1) != ip


@pytest.mark.parametrize('raw, gone, kept', [
    (b'<r><key>LUFRPT1abc==</key></r>', ['LUFRPT1abc=='], ['<key>MASKED-SECRET-']),
    (b'<r><phash>$1$mxvntool$5sH0Z7t7WqsXOViRpgCFD/</phash></r>', ['$1$mxvn'], ['<phash>MASKED-SECRET-']),
    (b'<r><x>$5$rounds$abcdef</x></r>', ['$5$rounds'], ['<x>MASKED-SECRET-']),
    (b'<r><value>-AQ==Zm9vYmFy=</value></r>', ['-AQ==Zm9v'], ['<value>MASKED-SECRET-']),
    (b'<r><community>public</community><auth-password>pw</auth-password><secret>s3</secret></r>',
     ['public', '>pw<', 's3'], ['<community>MASKED-SECRET-', '<auth-password>MASKED-SECRET-']),
    (b'<r><pre-shared-key>psk-1</pre-shared-key><auto-renew-mkey>0</auto-renew-mkey>'
     b'<key-lifetime>24</key-lifetime></r>', ['psk-1'],
     ['<auto-renew-mkey>0</auto-renew-mkey>', '<key-lifetime>24</key-lifetime>']),
    (b"<r><entry name='10.9.8.7' serial='007951000012345'/></r>", ['10.9.8.7', '007951000012345'], ["name='192.0.2."]),
    (b'<r><serial-number>PA12345</serial-number><peer-serial>0079</peer-serial></r>', ['PA12345', '>0079<'],
     ['<serial-number>MASKED-SERIAL-']),
    (b'<r><m>08-66-1F-01-4B-A4</m><n>00:00:00:00:00:00</n></r>', ['08-66-1F'], ['00-00-5e-00-53-',
                                                                                  '<n>00:00:00:00:00:00</n>']),
    (b'<r><a>2001:470:1f0b::1/64</a><b>fe80::1</b><c>::</c></r>', ['2001:470', 'fe80::1'],
     ['<a>2001:db8::', '/64</a>', '<c>::</c>']),
    (b'<r><netmask>255.255.255.0</netmask><g>0.0.0.0</g><t>Wed Apr 30 15:14:34 2025</t><v>10.2.11-h12</v>'
     b'<c>8515-7181</c><u>20220119.20242</u><s>1035946</s></r>', [],
     ['255.255.255.0', '<g>0.0.0.0</g>', '15:14:34', '10.2.11-h12', '8515-7181', '20220119.20242', '1035946']),
    (b'<r><line>address 10.0.0.1. done</line><cdata><![CDATA[host 10.0.0.2]]></cdata></r>',
     ['10.0.0.1', '10.0.0.2'], [' done</line>', '<![CDATA[host 192.0.2.']),
])
def test_value_rules(raw, gone, kept):
    out = Sanitizer(key=KEY).sanitize(raw)[0].decode()
    for value in gone:
        assert value not in out, (value, out)
    for value in kept:
        assert value in out, (value, out)
    assert differences(raw, out.encode()) == [] and differences(out.encode(), raw) == []


def test_hostnames_and_run_secrets_are_masked_everywhere():
    sanitizer = Sanitizer(key=KEY, secrets=['Sup3r-Secret'], hostnames=['fw1.lab.example'])
    raw = (b'<response status="success"><result><devicename>edge-fw</devicename>'
           b'<msg>login Sup3r-Secret on fw1.lab.example from EDGE-FW</msg><model>PA-VM</model></result></response>')
    sanitizer.learn(raw)
    out = sanitizer.sanitize(raw)[0].decode()
    for value in ('Sup3r-Secret', 'fw1.lab.example', 'edge-fw', 'EDGE-FW'):
        assert value not in out, out
    assert '<model>PA-VM</model>' in out


def test_a_default_hostname_equal_to_the_model_is_masked_only_as_hostname():
    raw = b'<r><system><hostname>PA-VM</hostname><model>PA-VM</model><platform-model>PA-VM</platform-model></system></r>'
    sanitizer = Sanitizer(key=KEY)
    sanitizer.learn(raw)
    out = sanitizer.sanitize(raw)[0].decode()
    assert '<hostname>host-' in out and '<model>PA-VM</model>' in out and '<platform-model>PA-VM' in out


def test_secret_names():
    assert all(is_secret_name(n) for n in ('key', 'api-key', 'private-key', 'password', 'phash', 'community',
                                           'secret', 'auth-password', 'password-hash', 'hash', 'pre-shared-key'))
    assert not any(is_secret_name(n) for n in ('auto-renew-mkey', 'key-lifetime', 'hostname', 'on-hsm',
                                               'masterkey-properties', 'keys'))


def test_the_transform_text_says_what_was_masked():
    out, maskings = Sanitizer(key=KEY).sanitize(
        b'<response status="success"><result><system><ip-address>10.0.0.1</ip-address>'
        b'<serial>013101005411</serial></system></result></response>')
    text = summarize(maskings)
    assert 'ipv4 -> 192.0.2.0/24 at result/system/ip-address' in text
    assert 'serial' in text and 'result/system/serial' in text
    assert summarize([]).startswith('none')
