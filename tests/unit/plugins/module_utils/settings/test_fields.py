# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The field engine against a running configuration (conftest.py): want/have compared field by field, the
requests, both views, secrets."""

from __future__ import annotations

from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.settings.running_config import ops, plan


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


def test_presence_and_its_dependants(view):
    planned = plan(view, 'jumbo_frames', {'enabled': True, 'mtu': 9000})
    assert planned.ops == []
    planned = plan(view, 'jumbo_frames', {'mtu': 9192})
    assert ops(planned) == [('edit', 'deviceconfig/setting/jumbo-frame/mtu', '<mtu>9192</mtu>')]
    planned = plan(view, 'jumbo_frames', {'enabled': False})
    assert ops(planned) == [('delete', 'deviceconfig/setting/jumbo-frame', None)]
