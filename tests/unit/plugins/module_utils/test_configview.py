# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""XPath addressing (to_xpath, parse_xpath, pattern), and PredictedView: a device's configuration as it will be
once planned ops are committed (set merges, edit replaces, delete removes), without touching the device."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ansible_collections.hapair.panos.plugins.module_utils.catalog import DEVICE_ROOT as DEV
from ansible_collections.hapair.panos.plugins.module_utils.configview import ConfigView, PredictedView, parse_xpath, pattern, to_xpath
from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput
from ansible_collections.hapair.panos.plugins.module_utils.settings.plan import Op

SYSTEM = ('deviceconfig', 'system')


class ShowOnly:
    """A device answering config_show for deviceconfig/system from a fixed running config."""

    name = 'fw:443'

    def __init__(self, system_xml):
        self.system_xml = system_xml
        self.shows = []

    def config_show(self, xpath):
        self.shows.append(xpath)
        return ET.fromstring('<result>%s</result>' % self.system_xml)


def text(view, *steps):
    node = view.find(SYSTEM + steps)
    return None if node is None else node.text


def test_edit_set_and_delete_are_applied_to_a_copy():
    device = ShowOnly('<system><hostname>fw-a</hostname><domain>example.com</domain>'
                      '<dns-setting><servers><primary>192.0.2.53</primary></servers></dns-setting></system>')
    base = ConfigView(device)
    ops = [
        Op('edit', SYSTEM + ('hostname',), ET.fromstring('<hostname>fw-b</hostname>')),
        Op('set', SYSTEM + ('dns-setting', 'servers'), ET.fromstring('<secondary>192.0.2.54</secondary>')),
        Op('delete', SYSTEM + ('domain',)),
        Op('set', SYSTEM, ET.fromstring('<login-banner>hello</login-banner>')),
    ]
    predicted = PredictedView(base, ops)
    assert text(predicted, 'hostname') == 'fw-b'
    assert text(predicted, 'dns-setting', 'servers', 'primary') == '192.0.2.53'
    assert text(predicted, 'dns-setting', 'servers', 'secondary') == '192.0.2.54'
    assert predicted.find(SYSTEM + ('domain',)) is None
    assert text(predicted, 'login-banner') == 'hello'
    # the real view is untouched, and the device was read once for both
    assert text(base, 'hostname') == 'fw-a' and text(base, 'domain') == 'example.com'
    assert len(device.shows) == 1


def test_set_merges_members_and_edit_of_an_entry_keeps_its_name():
    device = ShowOnly('<system><permitted-ip><entry name="10.0.0.0/8"/></permitted-ip>'
                      '<ntp-servers><member>a</member></ntp-servers></system>')
    predicted = PredictedView(ConfigView(device), [
        Op('set', SYSTEM, ET.fromstring('<ntp-servers><member>a</member><member>b</member></ntp-servers>')),
        Op('edit', SYSTEM + ('permitted-ip', ('entry', '192.0.2.0/24')), ET.fromstring('<entry/>')),
    ])
    members = [m.text for m in predicted.find(SYSTEM + ('ntp-servers',))]
    assert members == ['a', 'b']
    names = [e.get('name') for e in predicted.find(SYSTEM + ('permitted-ip',))]
    assert names == ['10.0.0.0/8', '192.0.2.0/24']


def test_a_container_missing_on_the_device_is_created_by_the_ops():
    class Empty(ShowOnly):
        def config_show(self, xpath):
            return None
    predicted = PredictedView(ConfigView(Empty('')), [Op('edit', SYSTEM + ('hostname',), ET.fromstring('<hostname>x</hostname>'))])
    assert text(predicted, 'hostname') == 'x'


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
