# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The session counters reader (show session info) on the recorded real sample, and ha_info's view of it
(describe_peers with sessions): a peer whose counters cannot be read gets None and a warning, never a failure."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.error import URLError

from ansible_collections.hapair.panos.plugins.module_utils import device_facts
from ansible_collections.hapair.panos.plugins.module_utils.connection import Device
from ansible_collections.hapair.panos.plugins.module_utils.pair import Pair, describe_peers
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.fakes import Sleeps, fixture_root

# REAL: PaloAltoNetworks/pan-os-upgrade-assurance tests/test_firewall_proxy.py (test_get_session_stats), a PA-VM
# (the same bytes as tests/real_samples/corpus/op_show_session_info.pa-vm.upgrade-assurance.xml).
SESSION_INFO = 'op_show_session_info.pa-vm.xml'
SYNCED_91 = 'op_show_high-availability_state.active-passive.synced.pa-5250-9.1.11.xml'
SECOND = '10.12.152.26'  # peer-info/mgmt-ip of SYNCED_91


def with_counters(**values):
    """The real sample with some counters changed (derived data: a busy peer)."""
    root = fixture_root(SESSION_INFO)
    for tag, value in values.items():
        root.find('result/' + tag.replace('_', '-')).text = str(value)
    return ET.tostring(root)


def test_command():
    assert device_facts.SHOW_SESSION_INFO == '<show><session><info/></session></show>'


def test_parse_the_real_sample():
    counters = device_facts.parse_session_info(fixture_root(SESSION_INFO))
    assert counters == {'active': 0, 'installed': 0, 'max': 1800000, 'tcp': 0, 'udp': 0, 'icmp': 0, 'cps': 0,
                        'pps': 0, 'kbps': 0}


def test_parse_counters_and_missing_fields():
    root = ET.fromstring(with_counters(num_active=1520, num_tcp=1200, num_udp=300))
    root.find('result').remove(root.find('result/kbps'))
    counters = device_facts.parse_session_info(root)
    assert (counters['active'], counters['tcp'], counters['udp'], counters['kbps']) == (1520, 1200, 300, None)
    assert device_facts.parse_session_info(ET.fromstring('<response status="success"><result/></response>')) == {
        key: None for key in device_facts.SESSION_COUNTERS}


def test_read_session_info_sends_the_op_command(fake_http, provider):
    fake_http.add('keygen', '', 'keygen.success.xml')
    fake_http.add('op', 'session', with_counters(num_active=7))
    assert device_facts.read_session_info(Device(provider, sleep=Sleeps()))['active'] == 7
    (request,) = [r for r in fake_http.requests if r['params']['type'] == 'op']
    assert request['params']['cmd'] == '<show><session><info/></session></show>'


def test_describe_peers_with_sessions(fake_http, provider):
    warnings = []
    fake_http.add('keygen', '', 'keygen.success.xml')
    fake_http.add('op', 'high-availability', SYNCED_91, host=provider['ip_address'])
    root = fixture_root(SYNCED_91)
    root.find('result/group/local-info/state').text = 'passive'
    root.find('result/group/peer-info/state').text = 'active'
    fake_http.add('op', 'high-availability', ET.tostring(root), host=SECOND)
    fake_http.add('op', 'system', 'op_show_system_info.pa-5250-9.1.11.multi-vsys.xml')
    fake_http.add('op', 'session', with_counters(num_active=42), host=provider['ip_address'])
    fake_http.add('op', 'session', URLError('connection refused'), host=SECOND)
    pair = Pair(provider, warn=warnings.append, sleep=Sleeps(), retries=0).discover()
    report = describe_peers(pair, sessions=True)
    first, second = (report['peers'][d.name] for d in pair.devices)
    assert first['sessions']['active'] == 42 and first['sessions']['max'] == 1800000
    assert second['sessions'] is None and second['reachable'] is True
    assert len(warnings) == 1 and 'session counters of %s:443' % SECOND in warnings[0]


def test_describe_peers_without_sessions_sends_no_session_request(fake_http, provider):
    fake_http.add('keygen', '', 'keygen.success.xml')
    fake_http.add('op', 'high-availability', SYNCED_91)
    fake_http.add('op', 'system', 'op_show_system_info.pa-5250-9.1.11.multi-vsys.xml')
    pair = Pair(provider, peer_provider={'ip_address': SECOND}, sleep=Sleeps()).discover()
    report = describe_peers(pair)
    assert all('sessions' not in peer for peer in report['peers'].values())
    assert not [r for r in fake_http.requests if 'session' in r['params'].get('cmd', '')]
