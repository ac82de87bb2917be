# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The running configuration the settings tests plan against (served through FakeHttp under a real Device, see
conftest.py), and helpers that plan one option and list its requests."""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils.configview import label
from ansible_collections.hapair.panos.plugins.module_utils.settings.options import OPTIONS_BY_NAME
from ansible_collections.hapair.panos.plugins.module_utils.settings.plan import Context
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import to_string

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


def plan(view, name, value, update_secrets='changed', mode='active-active'):
    option = OPTIONS_BY_NAME[name]
    option.validate(value, mode)
    ctx = Context(update_secrets, mode)
    planned = option.plan(view, value, ctx)
    planned.ctx = ctx
    return planned


def ops(planned):
    return [(op.action, label(op.steps), to_string(op.element) if op.element is not None else None)
            for op in planned.ops]
