# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The options as data: argument spec and validation before any request (no device)."""

from __future__ import annotations

import pytest

from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput
from ansible_collections.hapair.panos.plugins.module_utils.settings.options import OPTIONS, OPTIONS_BY_NAME, argument_spec


def test_argument_spec_marks_secrets_no_log():
    args = argument_spec()
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
        OPTIONS_BY_NAME[name].validate(value)
    assert caught.value.option == where


def test_fields_of_one_mode_only():
    option = OPTIONS_BY_NAME['ha_election']
    option.validate({'device_id': 1}, 'active-active')
    with pytest.raises(InvalidInput, match='active-active'):
        option.validate({'device_id': 1}, 'active-passive')


def test_every_field_has_a_description():
    # the module's documentation of the typed options is generated from them (tools/gen_peer_settings_options.py)
    def walk(field, where):
        assert field.description, where
        for sub in field.subfields():
            walk(sub, '%s.%s' % (where, sub.name))

    for option in OPTIONS:
        walk(option.root, option.name)
