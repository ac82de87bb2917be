# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""peer_settings_info: op reads from recorded responses, the drift rules, masking."""

from __future__ import annotations

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import catalog
from ansible_collections.hapair.panos.plugins.module_utils import peer_settings_info as info
from ansible_collections.hapair.panos.plugins.module_utils.connection import Device
from ansible_collections.hapair.panos.plugins.module_utils.readings import PeerReadings
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import parse

A, B = 'fw-a:443', 'fw-b:443'
MASTERKEY = (b'<response status="success"><result><expire-at>2027/01/10 10:00:00</expire-at><remind-at>0</remind-at>'
             b'<hours-to-expiry>100</hours-to-expiry><on-hsm>no</on-hsm><auto-renew-mkey>0</auto-renew-mkey>'
             b'</result></response>')


def answer_op_reads(fake_http, system='op_show_system_info.pa-5250-9.1.11.multi-vsys.xml', masterkey=MASTERKEY,
                    jumbo='op_show_system_setting_jumbo-frame.on.xml'):
    """Route every op command read_ops sends (recorded responses unless given)."""
    fake_http.add('keygen', '', 'keygen.success.xml')
    fake_http.add('op', 'system><info', system)
    fake_http.add('op', 'license', 'op_request_license_info.pa-vm.xml')
    fake_http.add('op', 'plugins', 'op_show_plugins_packages.vm_series.xml')
    fake_http.add('op', 'masterkey-properties', masterkey)
    fake_http.add('op', 'jumbo-frame', jumbo)


def test_read_ops_from_recorded_responses(fake_http, provider, sleeps):
    answer_op_reads(fake_http)
    ops = info.read_ops(Device(provider, sleep=sleeps))
    assert ops['model'] == 'PA-5250' and ops['sw_version'] == '9.1.11' and ops['multi_vsys'] == 'on'
    assert ops['app_version'] == '8515-7181'
    assert ops['features'] == ['Logging Service', 'PAN-DB URL Filtering', 'Premium']
    assert ops['plugins'] == ['vm_series 1.0.11']
    mk = ops['master_key']  # parsed by master_key_info.parse_properties, the reader master_key_info and preflight use
    assert (mk['expire_at'], mk['remind_at'], mk['on_hsm'], mk['auto_renew']) == ('2027/01/10 10:00:00', None, False, 0)
    assert ops['jumbo_frame_mode'] == 'on'


def test_read_ops_takes_what_a_preflight_read_already(fake_http, provider, sleeps):
    """preflight peer_settings=true: the drift report's op reads come from the preflight's readings of the same
    run, so a command the checks sent is not sent again, and the facts are those of a read of its own."""
    answer_op_reads(fake_http)
    alone = info.read_ops(Device(provider, sleep=sleeps))
    sent_alone = fake_http.count('op')
    assert sent_alone == 5  # system info, licences, plugins (9.1: no plugin_versions), master key, jumbo frames
    checked = PeerReadings(Device(provider, sleep=sleeps))
    for reading in ('system', 'licenses', 'plugins', 'master_key', 'jumbo'):  # what the preflight's checks read
        checked.get(reading)
    assert fake_http.count('op') == 2 * sent_alone
    assert info.read_ops(checked.device, checked) == alone
    assert fake_http.count('op') == 2 * sent_alone  # nothing sent again


def test_peer_entry_carries_the_master_key_counters_of_a_real_answer(fake_http, provider, sleeps):
    """The report's peers entry holds the parsed master-key properties (what a health check judges the expiry by),
    here of the REAL answer demisto/content recorded (get_master_key.xml: 11.99 days left, a 24-hour reminder)."""
    answer_op_reads(fake_http, system='op_show_system_info.pa-400-series-10.2.11-h12.xml',
                    masterkey='op_show_system_masterkey-properties.demisto.expire-2024-11-17.xml',
                    jumbo='op_show_system_setting_jumbo-frame.off.xml')
    ops = info.read_ops(Device(provider, sleep=sleeps))
    entry = info.peer_entry(ops, role='passive', state='passive')
    assert (entry['role'], entry['state'], entry['sw_version']) == ('passive', 'passive', ops['sw_version'])
    assert entry['hostname'] == ops['hostname'] and entry['serial'] == ops['serial']
    mk = entry['master_key']
    assert mk['expire_at'] == '2024/11/17 07:19:06' and mk['remind_at'] == '2024/11/16 07:19:06'
    assert mk['seconds_to_expiry'] == 1035946 and mk['days_to_expiry'] == 11.99
    assert mk['reminder_lead_seconds'] == 86400 and mk['seconds_to_reminder'] == 1035946 - 86400
    assert (mk['expired'], mk['reminder_passed'], mk['default_key'], mk['on_hsm'], mk['auto_renew']) == (
        False, False, False, False, 0)
    assert 'raw' not in mk and 'raw' in ops['master_key']  # the report leaves out the raw texts only


def unit(where, value, shown=None):
    return {'where': where, 'value': value, 'shown': value if shown is None else shown}


def items(*keys):
    return [catalog.get_item(key) for key in keys]


def grouped(**groups):
    return {tuple(k.split('__')) if '__' in k else (k, None): v for k, v in groups.items()}


def test_drift_rules():
    peers = {
        A: grouped(jumbo_frames=[unit('jumbo_frames.enabled', False)],
                   management__hostname=[unit('management.hostname', 'fw')],
                   management__address=[unit('management.ip_address', '192.0.2.10'),
                                        unit('management.ipv6_address', None)],
                   snmp=[unit('snmp.community', 'S3cret-one', '********'), unit('snmp.location', None)],
                   licenses=[unit('features', ['A', 'B'])],
                   plugins=[unit('plugins', ['vm_series 3.0.6'])]),
        B: grouped(jumbo_frames=[unit('jumbo_frames.enabled', True)],
                   management__hostname=[unit('management.hostname', 'fw')],
                   management__address=[unit('management.ip_address', '192.0.2.11'),
                                        unit('management.ipv6_address', None)],
                   snmp=[unit('snmp.community', 'S3cret-two', '********'), unit('snmp.location', None)],
                   licenses=[unit('features', ['B', 'A'])],
                   plugins=[unit('plugins', ['vm_series 3.0.6'])]),
    }
    report_items, drift = info.compare([A, B], peers, items('management', 'snmp', 'jumbo_frames', 'licenses'))
    assert [(d['item'], d['fields']) for d in drift['must_match']] == [('jumbo_frames', ['jumbo_frames.enabled'])]
    assert drift['must_match'][0]['values'] == {A: {'jumbo_frames.enabled': False}, B: {'jumbo_frames.enabled': True}}
    assert 'False on fw-a:443, True on fw-b:443' in drift['must_match'][0]['evidence']
    assert [(d['item'], d['part'], d['fields']) for d in drift['must_differ']] == [
        ('management', 'hostname', ['management.hostname'])]
    assert [(d['item'], d['fields']) for d in drift['differs']] == [('snmp', ['snmp.community'])]
    assert 'S3cret' not in repr(drift) + repr(report_items)
    assert drift['ok'] is False and drift['summary'].startswith('1 must-match')
    hostname = report_items['management']['parts']['hostname']
    assert hostname['values'] == {A: {'management.hostname': 'fw'}, B: {'management.hostname': 'fw'}}
    assert report_items['licenses']['values'][A] == {'features': ['A', 'B']}
    assert report_items['plugins']['relationship'] == 'must_match'
    assert report_items['management']['parts']['admin_auth']['readable'] is False


def test_no_drift_when_unset_on_both_or_within_tolerance():
    peers = {
        A: grouped(master_key=[unit('master_key.expire_at', '2027/01/10 10:00:00'), unit('master_key.remind_at', '0')],
                   lacp_system_priority=[unit('lacp[ae1]', {'system_priority': None})],
                   ethernet_ip=[unit('interface_addresses[ethernet1/1]', {'addresses': ['10.0.0.1/24']})]),
        B: grouped(master_key=[unit('master_key.expire_at', '2027/01/10 10:40:00'), unit('master_key.remind_at', '0')],
                   lacp_system_priority=[unit('lacp[ae1]', {'system_priority': None})],
                   ethernet_ip=[unit('interface_addresses[ethernet1/1]', {'addresses': ['10.0.0.2/24']})]),
    }
    _items, drift = info.compare([A, B], peers, items('master_key', 'lacp_system_priority', 'ethernet_ip'))
    assert drift['ok'] is True and drift['must_match'] == [] and drift['must_differ'] == []
    peers[B][('master_key', None)][0] = unit('master_key.expire_at', '2027/03/01 10:00:00')
    peers[B][('ethernet_ip', None)][0] = unit('interface_addresses[ethernet1/1]', {'addresses': ['10.0.0.1/24']})
    _items, drift = info.compare([A, B], peers, items('master_key', 'lacp_system_priority', 'ethernet_ip'))
    assert [d['item'] for d in drift['must_match']] == ['master_key']
    assert [d['fields'] for d in drift['must_differ']] == [['interface_addresses[ethernet1/1]']]


@pytest.mark.parametrize('a, b, equal', [
    (None, None, True), (None, '2027/01/10 10:00:00', False), ('2027/01/10 10:00:00', '2027/01/11 09:59:59', True),
    ('2027/01/10 10:00:00', '2027/01/11 10:00:01', False),
])
def test_master_key_time_tolerance(a, b, equal):
    assert info.same('master_key.expire_at', a, b) is equal


def test_xml_value_masks_secrets_and_keeps_structure():
    elem = parse('<snmp-setting><access-setting><version><v2c><snmp-community-string>public-x</snmp-community-string>'
                 '</v2c></version></access-setting><x><member>a</member><member>b</member></x>'
                 '<entry name="e"><v>-AQ==zz</v></entry></snmp-setting>')
    value = info.xml_value(elem)
    assert value == {'access-setting': {'version': {'v2c': {'snmp-community-string': '********'}}},
                     'x': {'member': ['a', 'b']}, 'entry': {'e': {'v': '********'}}}
    assert info.xml_value(elem, masked=False)['access-setting']['version']['v2c']['snmp-community-string'] == 'public-x'


def test_evidence_is_short():
    long_value = {'entry': {'default': 'x' * 500}}
    peers = {A: grouped(virtual_routers=[unit('network/virtual-router', long_value)]),
             B: grouped(virtual_routers=[unit('network/virtual-router', {'entry': {}})])}
    _items, drift = info.compare([A, B], peers, items('virtual_routers'))
    assert len(drift['differs'][0]['evidence']) < 300
