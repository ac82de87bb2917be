# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where entries live: new entries in containers, existing interfaces, aggregate groups (any mode) and zones only."""

from __future__ import annotations

import pytest

from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.settings.running_config import ops, plan


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
