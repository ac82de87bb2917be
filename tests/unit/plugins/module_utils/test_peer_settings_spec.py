# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The typed options of peer_settings: catalog coverage, argument spec, validation, and the two views
(plan) against running configurations served through the transport seam (FakeHttp under a real Device)."""

from __future__ import annotations

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import catalog
from ansible_collections.hapair.panos.plugins.module_utils import peer_settings_spec as spec
from ansible_collections.hapair.panos.plugins.module_utils.configview import ConfigView, label, parse_xpath, pattern, to_xpath
from ansible_collections.hapair.panos.plugins.module_utils.connection import Device
from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import build_element, to_string

DEV = catalog.DEVICE_ROOT
NO_NODE = 'config_show.missing-xpath.no-such-node.xml'

SYSTEM = (
    '<system><hostname>fw-a</hostname><login-banner>old</login-banner><type><static/></type>'
    '<permitted-ip><entry name="10.0.0.1"/><entry name="10.0.0.2"/></permitted-ip>'
    '<service><disable-telnet>yes</disable-telnet></service>'
    '<dns-setting><servers><primary>1.1.1.1</primary><secondary>8.8.8.8</secondary></servers></dns-setting>'
    '<ntp-servers><primary-ntp-server><ntp-server-address>pool.ntp.org</ntp-server-address>'
    '<authentication-type><none/></authentication-type></primary-ntp-server></ntp-servers>'
    '<panorama><local-panorama><panorama-server>10.0.0.5</panorama-server><panorama-server-2>10.0.0.6'
    '</panorama-server-2></local-panorama></panorama>'
    '<snmp-setting><access-setting><version><v2c><snmp-community-string>-AQ==c2VjcmV0</snmp-community-string>'
    '</v2c></version></access-setting></snmp-setting>'
    '<route><service><entry name="dns"><source><interface>ethernet1/2</interface></source></entry></service></route>'
    '<log-export-schedule><entry name="nightly"><enable>yes</enable><protocol><ftp><hostname>old.example</hostname>'
    '<password>plain-pw</password></ftp></protocol></entry></log-export-schedule>'
    '</system>'
)
SETTING = '<setting><jumbo-frame><mtu>9000</mtu></jumbo-frame><session><packet-buffer-protection-enable>yes' \
          '</packet-buffer-protection-enable></session></setting>'
INTERFACE = (
    '<interface><ethernet><entry name="ethernet1/1"><layer3><ip><entry name="203.0.113.10/24"/></ip></layer3></entry>'
    '</ethernet><aggregate-ethernet><entry name="ae1"><layer3><units><entry name="ae1.518"><ip>'
    '<entry name="10.5.18.1/24"/></ip></entry></units></layer3></entry><entry name="ae2"><layer2/></entry>'
    '</aggregate-ethernet><loopback><units><entry name="loopback.1"/></units></loopback></interface>'
)
ZONES = '<zone><entry name="trust"><network><layer3><member>ethernet1/2</member></layer3></network></entry></zone>'


def show(body):
    return ('<response status="success"><result>%s</result></response>' % body).encode()


@pytest.fixture
def view(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml')
    fake_http.add('config', 'deviceconfig/system show', show(SYSTEM))
    fake_http.add('config', 'deviceconfig/setting show', show(SETTING))
    fake_http.add('config', 'network/interface show', show(INTERFACE))
    fake_http.add('config', "vsys/entry[@name='vsys1']/zone show", show(ZONES))
    fake_http.add('config', ' show', NO_NODE)
    return ConfigView(Device(provider, sleep=sleeps))


def plan(view, name, value, update_secrets='changed', mode='active-active'):
    option = spec.OPTIONS_BY_NAME[name]
    option.validate(value, mode)
    ctx = spec.Context(update_secrets, mode)
    planned = option.plan(view, value, ctx)
    planned.ctx = ctx
    return planned


def ops(planned):
    return [(op.action, label(op.steps), to_string(op.element) if op.element is not None else None)
            for op in planned.ops]


# ---------------------------------------------------------------- data: catalog and argument spec

@pytest.mark.parametrize('option', spec.OPTIONS, ids=lambda o: o.name)
def test_every_field_belongs_to_a_catalog_item_of_its_option(option):
    for where, path_pattern in spec.leaf_patterns(option):
        entries = spec.catalog_entries(path_pattern)
        assert entries, '%s (%s) is not covered by the catalog' % (where, path_pattern)
        for item, part in entries:
            assert item['kind'] == 'config'
            assert (part or item)['peer_settings_option'] == option.name, (where, item['key'])


def test_every_catalog_option_has_a_typed_option():
    assert set(catalog.peer_settings_options()) == set(spec.OPTIONS_BY_NAME)


def test_argument_spec_marks_secrets_no_log():
    args = spec.argument_spec()
    assert args['snmp']['options']['community']['no_log'] is True
    schedule = args['log_export']['options']['schedules']
    assert schedule['type'] == 'list' and schedule['elements'] == 'dict'
    assert schedule['options']['password']['no_log'] is True
    assert schedule['options']['passive_mode']['no_log'] is False  # 'pass' in the name, not a secret
    assert args['telemetry']['options']['passive_dns_monitoring']['no_log'] is False
    assert schedule['options']['state'] == {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'}
    assert args['packet_buffer_protection']['options']['zones']['options']['vsys'] == {'type': 'str', 'default': 'vsys1'}
    assert args['management']['options']['permitted_ip'] == {'type': 'list', 'elements': 'str'}


@pytest.mark.parametrize('name, value, where', [
    ('ha_election', {'device_priority': 256}, 'ha_election.device_priority'),
    ('management', {'mtu': 9000}, 'management.mtu'),
    ('jumbo_frames', {'enabled': False, 'mtu': 9000}, 'jumbo_frames.mtu'),
    ('snmp', {'version': 'v3', 'community': 'x'}, 'snmp.community'),
    ('panorama', {'servers': ['a', 'b', 'c']}, 'panorama.servers'),
    ('panorama', {'servers': ['a', '']}, 'panorama.servers'),
    ('service_routes', [{'service': 'dns'}, {'service': 'dns'}], 'service_routes'),
    ('interface_addresses', [{'interface': 'mgmt', 'addresses': []}], 'interface_addresses'),
    ('lacp', [{'aggregate': 'ethernet1/1', 'system_priority': 5}], 'lacp'),
    ('lacp', [{'aggregate': 'ae1', 'system_priority': 0}], 'lacp[ae1].system_priority'),
])
def test_validation_before_any_request(name, value, where):
    with pytest.raises(InvalidInput) as caught:
        spec.OPTIONS_BY_NAME[name].validate(value)
    assert caught.value.option == where


def test_fields_of_one_mode_only():
    option = spec.OPTIONS_BY_NAME['ha_election']
    option.validate({'device_id': 1}, 'active-active')
    with pytest.raises(InvalidInput, match='active-active'):
        option.validate({'device_id': 1}, 'active-passive')


# ---------------------------------------------------------------- addressing

def test_xpaths_quote_names_and_parse_back():
    steps = ('deviceconfig', 'system', 'route', 'service', ('entry', "it's \"odd\""))
    xpath = to_xpath(steps)
    assert xpath.endswith("""entry[@name=concat('it', "'", 's "odd"')]""")
    assert pattern(steps) == 'deviceconfig/system/route/service/entry'
    assert parse_xpath(to_xpath(steps[:-1])) == steps[:-1]
    assert parse_xpath("/config/devices/entry/network/qos/profile/entry[@name=\"b\"]") == (
        'network', 'qos', 'profile', ('entry', 'b'))
    for bad in ('//hostname', DEV + '/deviceconfig/system/*', DEV + "/a[@name='x' or 1=1]", '/config/shared/x', ''):
        with pytest.raises(InvalidInput):
            parse_xpath(bad)


def test_build_element_attributes_are_escaped():
    elem = build_element('ip', {'entry': [{'@name': 'a&b"<'}, {'@name': 'c'}]})
    assert to_string(elem) == '<ip><entry name="a&amp;b&quot;&lt;" /><entry name="c" /></ip>'.replace(' />', '/>')


# ---------------------------------------------------------------- the two views

def test_management_compares_field_by_field(view):
    banner = 'Authorized <staff> & "others"'
    planned = plan(view, 'management', {
        'hostname': 'fw-a', 'login_banner': banner, 'domain': '', 'ip_type': 'static',
        'permitted_ip': ['10.0.0.2', '10.0.0.1'], 'services': {'telnet': False, 'http': False, 'ssh': True}})
    assert planned.changes == ['management.login_banner', 'management.services.http']
    assert ops(planned) == [
        ('edit', 'deviceconfig/system/login-banner',
         '<login-banner>Authorized &lt;staff&gt; &amp; "others"</login-banner>'),
        ('edit', 'deviceconfig/system/service/disable-http', '<disable-http>yes</disable-http>'),
    ]
    assert planned.before['login_banner'] == 'old' and planned.after['login_banner'] == banner
    assert planned.before['services'] == {'telnet': False, 'http': True, 'ssh': True}
    assert planned.before['permitted_ip'] == ['10.0.0.1', '10.0.0.2']


def test_lists_are_replaced_and_empty_values_remove(view):
    planned = plan(view, 'management', {'permitted_ip': ['192.0.2.0/24']})
    assert ops(planned) == [('edit', 'deviceconfig/system/permitted-ip',
                             '<permitted-ip><entry name="192.0.2.0/24"/></permitted-ip>')]
    planned = plan(view, 'management', {'permitted_ip': []})
    assert ops(planned) == [('delete', 'deviceconfig/system/permitted-ip', None)]
    planned = plan(view, 'dns', {'secondary': ''})
    assert ops(planned) == [('delete', 'deviceconfig/system/dns-setting/servers/secondary', None)]
    assert planned.after == {'secondary': None}
    planned = plan(view, 'ntp', {'primary': '', 'secondary': ''})
    assert ops(planned) == [('delete', 'deviceconfig/system/ntp-servers/primary-ntp-server', None)]
    planned = plan(view, 'panorama', {'servers': ['10.0.0.5']})
    assert ops(planned) == [('delete', 'deviceconfig/system/panorama/local-panorama/panorama-server-2', None)]
    planned = plan(view, 'panorama', {'servers': ['10.0.0.5', '10.0.0.6']})
    assert planned.ops == [] and planned.before == {'servers': ['10.0.0.5', '10.0.0.6']}


def test_secrets_encrypted_on_the_device_are_not_compared(view):
    planned = plan(view, 'snmp', {'community': 'new-secret'})
    assert planned.ops == [] and planned.ctx.uncompared_secrets == ['snmp.community']
    assert planned.before == {'community': '********'}
    planned = plan(view, 'snmp', {'community': 'new-secret'}, update_secrets='always')
    assert [op.secrets for op in planned.ops] == [('new-secret',)]
    assert planned.after == {'community': '********'} and planned.changes == ['snmp.community']
    assert 'new-secret' not in repr(planned.before) + repr(planned.after)


def test_plain_secrets_are_compared(view):
    schedule = {'name': 'nightly', 'password': 'plain-pw'}
    planned = plan(view, 'log_export', {'schedules': [schedule]})
    assert planned.ops == []
    planned = plan(view, 'log_export', {'schedules': [dict(schedule, password='other')]})
    assert ops(planned)[0][:2] == ('edit', "deviceconfig/system/log-export-schedule/entry[@name='nightly']/protocol/"
                                           "ftp/password")
    assert planned.after == {'schedules': [{'name': 'nightly', 'password': '********'}]}


def test_choices_placeholders_and_requirements(view):
    # fields below protocol/{protocol} follow the protocol on the device, or the one given
    planned = plan(view, 'log_export', {'schedules': [{'name': 'nightly', 'hostname': 'new.example'}]})
    assert ops(planned) == [('edit', "deviceconfig/system/log-export-schedule/entry[@name='nightly']/protocol/ftp/"
                                     "hostname", '<hostname>new.example</hostname>')]
    planned = plan(view, 'log_export', {'schedules': [{'name': 'nightly', 'protocol': 'scp', 'hostname': 'h'}]})
    assert ops(planned) == [
        ('edit', "deviceconfig/system/log-export-schedule/entry[@name='nightly']/protocol",
         '<protocol><scp/></protocol>'),
        ('edit', "deviceconfig/system/log-export-schedule/entry[@name='nightly']/protocol/scp/hostname",
         '<hostname>h</hostname>'),
    ]
    with pytest.raises(InvalidInput, match='protocol'):
        plan(view, 'log_export', {'schedules': [{'name': 'new', 'hostname': 'h'}]})
    with pytest.raises(InvalidInput, match='protocol=ftp'):
        plan(view, 'log_export', {'schedules': [{'name': 'nightly', 'protocol': 'scp', 'passive_mode': True}]})
    planned = plan(view, 'log_export', {'schedules': [{'name': 'nightly', 'state': 'absent'},
                                                      {'name': 'gone', 'state': 'absent'}]})
    assert ops(planned) == [('delete', "deviceconfig/system/log-export-schedule/entry[@name='nightly']", None)]
    # the community needs v2c, given or on the device (it is v2c here)
    planned = plan(view, 'snmp', {'version': 'v2c', 'location': 'x'})
    assert ops(planned) == [('edit', 'deviceconfig/system/snmp-setting/snmp-system/location', '<location>x</location>')]


def test_presence_and_its_dependants(view):
    planned = plan(view, 'jumbo_frames', {'enabled': True, 'mtu': 9000})
    assert planned.ops == []
    planned = plan(view, 'jumbo_frames', {'mtu': 9192})
    assert ops(planned) == [('edit', 'deviceconfig/setting/jumbo-frame/mtu', '<mtu>9192</mtu>')]
    planned = plan(view, 'jumbo_frames', {'enabled': False})
    assert ops(planned) == [('delete', 'deviceconfig/setting/jumbo-frame', None)]


def test_new_entries_and_existing_objects_only(view):
    planned = plan(view, 'service_routes', [{'service': 'ntp', 'source_interface': 'ethernet1/2'},
                                            {'service': 'dns', 'source_interface': 'ethernet1/2'}])
    assert ops(planned) == [('edit', "deviceconfig/system/route/service/entry[@name='ntp']/source/interface",
                             '<interface>ethernet1/2</interface>')]
    assert planned.before == [{'service': 'dns', 'source_interface': 'ethernet1/2'}]
    planned = plan(view, 'interface_addresses', [{'interface': 'ae1.518', 'addresses': ['10.5.18.2/24']},
                                                 {'interface': 'ethernet1/1', 'addresses': ['203.0.113.10/24']}])
    assert ops(planned) == [('edit', "network/interface/aggregate-ethernet/entry[@name='ae1']/layer3/units/"
                                     "entry[@name='ae1.518']/ip", '<ip><entry name="10.5.18.2/24"/></ip>')]
    with pytest.raises(InvalidInput, match='does not exist'):
        plan(view, 'interface_addresses', [{'interface': 'ethernet1/7', 'addresses': ['192.0.2.1/24']}])
    planned = plan(view, 'lacp', [{'aggregate': 'ae2', 'system_priority': 10}])
    assert ops(planned) == [('edit', "network/interface/aggregate-ethernet/entry[@name='ae2']/layer2/lacp/"
                                     "system-priority", '<system-priority>10</system-priority>')]
    planned = plan(view, 'packet_buffer_protection', {'zones': [{'name': 'trust', 'enabled': True}]})
    flag = "vsys/entry[@name='vsys1']/zone/entry[@name='trust']/network/enable-packet-buffer-protection"
    assert ops(planned) == [('edit', flag, '<enable-packet-buffer-protection>yes</enable-packet-buffer-protection>')]
    with pytest.raises(InvalidInput, match='zone dmz'):
        plan(view, 'packet_buffer_protection', {'zones': [{'name': 'dmz', 'enabled': True}]})


def test_reading_everything_into_units(view):
    units = {u['where']: u for u in spec.units(spec.OPTIONS_BY_NAME['interface_addresses'], view)}
    assert set(units) == {'interface_addresses[ethernet1/1]', 'interface_addresses[ae1]',
                          'interface_addresses[ae1.518]', 'interface_addresses[loopback.1]'}
    assert units['interface_addresses[ae1]']['value'] == {'addresses': []}
    assert units['interface_addresses[ae1.518]']['value'] == {'addresses': ['10.5.18.1/24']}
    assert units['interface_addresses[loopback.1]']['pattern'] == 'network/interface/loopback/units/entry/ip'
    snmp = {u['where']: u for u in spec.units(spec.OPTIONS_BY_NAME['snmp'], view)}
    assert snmp['snmp.community']['shown'] == '********' and snmp['snmp.version']['value'] == 'v2c'
    election = [u['where'] for u in spec.units(spec.OPTIONS_BY_NAME['ha_election'], view, mode='active-passive')]
    assert 'ha_election.device_id' not in election and 'ha_election.ha1.port' in election
    schedules = spec.units(spec.OPTIONS_BY_NAME['log_export'], view)
    assert schedules[0]['shown']['password'] == '********' and schedules[0]['value']['password'] == 'plain-pw'
