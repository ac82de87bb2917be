# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Groups and keyed entries against a running configuration (conftest.py): secrets in entries, placeholders
and requirements between sibling fields, and reading everything into drift-report units."""

from __future__ import annotations

import pytest

from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput
from ansible_collections.hapair.panos.plugins.module_utils.settings.options import OPTIONS_BY_NAME
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.settings.running_config import ops, plan


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


def test_reading_everything_into_units(view):
    units = {u['where']: u for u in OPTIONS_BY_NAME['interface_addresses'].units(view)}
    assert set(units) == {'interface_addresses[ethernet1/1]', 'interface_addresses[ae1]',
                          'interface_addresses[ae1.518]', 'interface_addresses[loopback.1]'}
    assert units['interface_addresses[ae1]']['value'] == {'addresses': []}
    assert units['interface_addresses[ae1.518]']['value'] == {'addresses': ['10.5.18.1/24']}
    assert units['interface_addresses[loopback.1]']['pattern'] == 'network/interface/loopback/units/entry/ip'
    snmp = {u['where']: u for u in OPTIONS_BY_NAME['snmp'].units(view)}
    assert snmp['snmp.community']['shown'] == '********' and snmp['snmp.version']['value'] == 'v2c'
    election = [u['where'] for u in OPTIONS_BY_NAME['ha_election'].units(view, mode='active-passive')]
    assert 'ha_election.device_id' not in election and 'ha_election.ha1.port' in election
    schedules = OPTIONS_BY_NAME['log_export'].units(view)
    assert schedules[0]['shown']['password'] == '********' and schedules[0]['value']['password'] == 'plain-pw'
