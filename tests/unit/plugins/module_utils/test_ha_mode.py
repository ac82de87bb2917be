# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The A/A sync conditions are evaluated from the catalog (each condition's XPath and predicate), with the results
the hand-written reader gave before (kept below as the reference) on active/passive and active/active configs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import catalog
from ansible_collections.hapair.panos.plugins.module_utils.ha_mode import read_conditions


class View:
    """The part of configview.ConfigView read_conditions uses: find(steps) below the device root."""

    def __init__(self, device_xml):
        self.root = ET.fromstring(device_xml)

    def find(self, steps):
        node = self.root
        for step in steps:
            node = node.find(step) if node is not None else None
        return node


def reference_conditions(view, mode):
    """The reader as it was written before the conditions became executable (prose in the catalog)."""
    conditions = {name: False for name in catalog.CONDITIONS}
    if mode != 'active-active':
        return conditions
    for name, condition in catalog.CONDITIONS.items():
        elem = view.find(tuple(condition['xpath'].split('/')))
        if name == 'floating_ip':
            conditions[name] = elem is not None and elem.find('.//floating') is not None
        else:
            conditions[name] = elem is not None and (elem.text or '').strip() == 'yes'
    return conditions


def _device(mode_xml):
    return ('<entry name="localhost.localdomain"><deviceconfig><system><hostname>fw1</hostname></system>'
            '<high-availability><enabled>yes</enabled><group><group-id>1</group-id><mode>%s</mode></group>'
            '</high-availability></deviceconfig></entry>' % mode_xml)


def _aa(vr=None, qos=None, virtual_address=''):
    sync = ''.join('<%s>%s</%s>' % (tag, value, tag) for tag, value in (('virtual-router', vr), ('qos', qos))
                   if value is not None)
    active_active = ('<active-active><device-id>0</device-id><network-configuration><sync>%s</sync>'
                     '</network-configuration>%s</active-active>')
    return _device(active_active % (sync, virtual_address))


FLOATING = ('<virtual-address><entry name="ethernet1/1"><ip><entry name="192.0.2.1"><floating><device-priority>'
            '<active-primary>100</active-primary></device-priority></floating></entry></ip></entry></virtual-address>')
ARP_LOAD_SHARING = ('<virtual-address><entry name="ethernet1/1"><ip><entry name="192.0.2.1"><arp-load-sharing>'
                    '<type>ip-modulo</type></arp-load-sharing></entry></ip></entry></virtual-address>')

ACTIVE_PASSIVE = '<active-passive><passive-link-state>auto</passive-link-state></active-passive>'

CONFIGS = {
    'active-passive': ('active-passive', _device(ACTIVE_PASSIVE)),
    'active-passive, A/A leftovers ignored': ('active-passive', _aa('yes', 'yes', FLOATING)),
    'active-active, nothing set': ('active-active', _device('<active-active><device-id>1</device-id></active-active>')),
    'active-active, VR sync': ('active-active', _aa(vr='yes', qos='no')),
    'active-active, QoS sync padded': ('active-active', _aa(vr='no', qos=' yes\n')),
    'active-active, floating IP': ('active-active', _aa(virtual_address=FLOATING)),
    'active-active, ARP load sharing': ('active-active', _aa(vr='yes', qos='yes', virtual_address=ARP_LOAD_SHARING)),
    'active-active, empty sync leaves': ('active-active', _aa(vr='', qos='')),
}


@pytest.mark.parametrize('name', CONFIGS)
def test_conditions_match_the_reference_reader(name):
    mode, xml = CONFIGS[name]
    view = View(xml)
    assert read_conditions(view, mode) == reference_conditions(view, mode)


def test_conditions_read_from_the_configs():
    def read(name):
        mode, xml = CONFIGS[name]
        return read_conditions(View(xml), mode)
    assert read('active-passive') == {'vr_sync': False, 'qos_sync': False, 'floating_ip': False}
    assert read('active-passive, A/A leftovers ignored') == {'vr_sync': False, 'qos_sync': False, 'floating_ip': False}
    assert read('active-active, VR sync') == {'vr_sync': True, 'qos_sync': False, 'floating_ip': False}
    assert read('active-active, QoS sync padded') == {'vr_sync': False, 'qos_sync': True, 'floating_ip': False}
    assert read('active-active, floating IP') == {'vr_sync': False, 'qos_sync': False, 'floating_ip': True}
    assert read('active-active, ARP load sharing') == {'vr_sync': True, 'qos_sync': True, 'floating_ip': False}


def test_each_condition_is_an_xpath_and_a_predicate_the_page_describes():
    for name, condition in catalog.CONDITIONS.items():
        assert callable(condition['predicate']), name
        assert condition['test'] == condition['predicate'].description, name
        assert condition['predicate'](None) is False, name  # an absent element never holds
    assert catalog.CONDITIONS['vr_sync']['test'] == "text is 'yes'"
    assert catalog.CONDITIONS['floating_ip']['test'] == "has a descendant 'floating' element"
