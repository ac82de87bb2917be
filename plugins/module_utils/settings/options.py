# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The typed options of hapair.panos.peer_settings: one per catalog item that does not sync, as data.

Each option is a tree of fields (fields.py, groups.py) at a base path below the device root, with the
description of every field: the ``options:`` of the module's DOCUMENTATION are generated from this table
(tools/gen_peer_settings_options.py, ``make docs``), so edit descriptions here. A description is a text, or a
tuple of paragraphs (written as a list in the documentation).

Which catalog item a field belongs to is not written here: it follows from the field's path (catalog_bridge.py).

Assumptions (xpaths.md confidence): ``jumbo-frame`` present = enabled, its ``mtu`` child optional [weak];
SNMP ``snmp-setting/snmp-system`` and ``access-setting/version/v2c/snmp-community-string`` [weak→medium];
``route/service/entry/source/{interface,address}`` [medium]; telemetry ``device-telemetry/{device-health-
performance, product-usage, threat-prevention, region}`` (pango config_v3, leaf names not verified); Panorama
servers in the PAN-OS >= 9.1 layout ``panorama/local-panorama``.
"""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput
from ansible_collections.hapair.panos.plugins.module_utils.settings.fields import Choice, Leaf, LeafList, Names, Presence, YesNo
from ansible_collections.hapair.panos.plugins.module_utils.settings.groups import Entries, Group, Key
from ansible_collections.hapair.panos.plugins.module_utils.settings.locators import AggregateGroups, Container, Layer3Interfaces, Zones
from ansible_collections.hapair.panos.plugins.module_utils.settings.paths import steps_of


class Option:
    """A top-level option of peer_settings: the root field (named like the option) at a base path below the
    device root."""

    def __init__(self, name, base, root):
        self.name = name
        self.base = steps_of(base)
        self.root = root

    def argspec(self):
        return self.root.argspec()

    def validate(self, value, mode=None):
        self.root.validate(value, self.name, mode)

    def patterns(self, value):
        """[(where, catalog pattern)] of what a given value writes."""
        return self.root.patterns(self.base, value, self.name)

    def all_patterns(self):
        """Every field path of the option as (where, pattern), each entry key filled with its locator's example."""
        return self.root.all_patterns(self.base, self.name)

    def plan(self, view, value, ctx, env=None):
        return self.root.plan(view, self.base, value, ctx, dict(env or {}), self.name)

    def read(self, view, env=None):
        return self.root.read(view, self.base, dict(env or {}), self.name)

    def units(self, view, env=None, mode=None):
        """Everything the option reads from one device, split into comparable units (the drift report's).

        A unit is one field (``management.hostname``) or one entry of a list (``lacp[ae1]``), with the catalog
        pattern that places it, its raw value (compare these) and its shown value (secrets masked).
        Fields that do not exist in ``mode`` (the A/A device ID in A/P) are left out.
        """
        return self.root.units(self.base, self.read(view, env), self.name, mode)


# ---------------------------------------------------------------------------------- cross-field checks

def _mtu_needs_jumbo(value, where):
    if value.get('mtu') is not None and value.get('enabled') is False:
        raise InvalidInput('%s.mtu cannot be set while %s.enabled is false' % (where, where), option=where + '.mtu')


def _community_needs_v2c(value, where):
    if value.get('community') not in (None, '') and value.get('version') == 'v3':
        raise InvalidInput('%s.community applies to SNMP v2c, not v3' % where, option=where + '.community')


# --------------------------------------------------------------------------------------- the options

def _ha_link(name, path, description):
    return Group(name, path, description, [
        Leaf('port', 'port', 'Port, for example V(management) or V(ethernet1/5).'),
        Leaf('ip_address', 'ip-address', 'IPv4 address.'),
        Leaf('netmask', 'netmask', 'Netmask.'),
        Leaf('gateway', 'gateway', 'Gateway.'),
    ])


# (leaf, description): PAN-OS stores disable-<leaf>; the option says whether the service is enabled.
_SERVICES = (
    ('http', 'HTTP.'),
    ('https', 'HTTPS.'),
    ('telnet', 'Telnet.'),
    ('ssh', 'SSH.'),
    ('icmp', 'Ping.'),
    ('snmp', 'SNMP.'),
    ('userid-service', 'User-ID service.'),
)
# (leaf below update-schedule/statistics-service, description)
_STATS = (
    ('application-reports', 'Share application reports.'),
    ('threat-prevention-reports', 'Share threat prevention reports.'),
    ('url-reports', 'Share URL reports.'),
    ('file-identification-reports', 'Share file identification reports.'),
    ('threat-prevention-information', 'Share threat prevention information.'),
    ('threat-prevention-pcap', 'Share threat prevention packet captures.'),
    ('health-performance-reports', 'Share health and performance reports.'),
    ('passive-dns-monitoring', 'Passive DNS monitoring.'),
)
# (leaf below device-telemetry, description)
_DEVICE_TELEMETRY = (
    ('device-health-performance', 'Device telemetry, health and performance.'),
    ('product-usage', 'Device telemetry, product usage.'),
    ('threat-prevention', 'Device telemetry, threat prevention.'),
)

OPTIONS = (
    Option('management', 'deviceconfig/system', Group(
        'management', '', ('Management interface settings (Device > Setup > Management).',), [
            Leaf('hostname', 'hostname', 'Host name of this peer. Must differ between the peers.'),
            Leaf('domain', 'domain', 'DNS domain.'),
            Leaf('login_banner', 'login-banner', 'Login banner text, stored literally.'),
            Leaf('timezone', 'timezone', 'Time zone, for example V(Europe/Berlin) or V(UTC).'),
            Leaf('locale', 'locale', 'Locale, for example V(en).'),
            Leaf('ssl_tls_service_profile', 'ssl-tls-service-profile',
                 'Name of the SSL/TLS service profile of the management interface.'),
            Choice('ip_type', 'type', 'Static address or DHCP client.', choices=('static', 'dhcp-client')),
            Leaf('ip_address', 'ip-address', 'Management IPv4 address. Must differ between the peers.'),
            Leaf('netmask', 'netmask', 'Management netmask.'),
            Leaf('default_gateway', 'default-gateway', 'Management default gateway.'),
            Leaf('ipv6_address', 'ipv6-address', 'Management IPv6 address with prefix length.'),
            Leaf('ipv6_default_gateway', 'ipv6-default-gateway', 'Management IPv6 default gateway.'),
            Leaf('speed_duplex', 'speed-duplex',
                 'Speed and duplex of the management port, for example V(auto-negotiate).'),
            Leaf('mtu', 'mtu', 'MTU of the management port (576 to 1500).', kind='int', minimum=576, maximum=1500),
            Names('permitted_ip', 'permitted-ip',
                  'Addresses allowed to reach the management interface (replaces the list; V([]) removes it).'),
            Group('services', 'service', (
                'Management services; V(true) enables the service (PAN-OS stores C(disable-<service>) = no).',), [
                YesNo(leaf.replace('-', '_'), 'disable-' + leaf, description, invert=True, default=True)
                for leaf, description in _SERVICES]),
            Leaf('authentication_profile', 'authentication-profile', 'Authentication profile for administrators.'),
            Leaf('certificate_profile', 'certificate-profile', 'Certificate profile for administrators.'),
        ])),
    Option('dns', 'deviceconfig/system/dns-setting/servers', Group(
        'dns', '', ('DNS servers (Device > Setup > Services).',), [
            Leaf('primary', 'primary', 'Primary DNS server.'),
            Leaf('secondary', 'secondary', "Secondary DNS server; V('') removes it."),
        ])),
    Option('ntp', 'deviceconfig/system/ntp-servers', Group(
        'ntp', '', ('NTP servers (Device > Setup > Services > NTP).',), [
            Leaf('primary', 'primary-ntp-server/ntp-server-address', 'Address of the primary NTP server.',
                 delete_path='primary-ntp-server'),
            Leaf('secondary', 'secondary-ntp-server/ntp-server-address',
                 "Address of the secondary NTP server; V('') removes the secondary server.",
                 delete_path='secondary-ntp-server'),
        ])),
    Option('panorama', 'deviceconfig/system/panorama/local-panorama', Group(
        'panorama', '', ('Panorama servers (Device > Setup > Management > Panorama Settings, PAN-OS 9.1 and later '
                         'layout).',), [
            LeafList('servers', ('panorama-server', 'panorama-server-2'),
                     'Up to two Panorama addresses, primary first (replaces both; V([]) removes them).'),
        ])),
    Option('snmp', 'deviceconfig/system/snmp-setting', Group(
        'snmp', '', ('SNMP setup (Device > Setup > Operations > SNMP Setup).',), [
            Leaf('location', 'snmp-system/location', 'System location.'),
            Leaf('contact', 'snmp-system/contact', 'System contact.'),
            YesNo('send_event_specific_traps', 'snmp-system/send-event-specific-traps',
                  'Use event-specific trap definitions.'),
            Choice('version', 'access-setting/version',
                   'SNMP version. Changing it replaces the version settings (the v2c community or the v3 views and '
                   'users).', choices=('v2c', 'v3')),
            Leaf('community', 'access-setting/version/v2c/snmp-community-string', (
                'SNMP v2c community string. Needs O(snmp.version=v2c), given here or already on the device. Never '
                'returned.',), secret=True, requires=('version', 'v2c')),
        ], checks=(_community_needs_v2c,))),
    Option('service_routes', 'deviceconfig/system', Entries(
        'service_routes', ('Global service routes (Device > Setup > Services > Service Route Configuration), matched '
                           'by service.',),
        [Key('service', 'Service name, for example V(dns), V(ntp), V(panorama), V(syslog).')], [
            Leaf('source_interface', 'source/interface', 'Source interface.'),
            Leaf('source_address', 'source/address',
                 'Source address on that interface (with prefix length, as the interface has it).'),
        ], Container('route/service'), absent='V(absent) removes the service route.')),
    Option('telemetry', 'deviceconfig/system', Group(
        'telemetry', '', ('Telemetry and threat intelligence sharing (Device > Setup > Telemetry). Syncs in '
                          'active/passive per the catalog, so it is refused there unless O(allow_synced=true).',),
        [YesNo(leaf.replace('-', '_'), 'update-schedule/statistics-service/' + leaf, description)
         for leaf, description in _STATS]
        + [YesNo(leaf.replace('-', '_'), 'device-telemetry/' + leaf, description)
           for leaf, description in _DEVICE_TELEMETRY]
        + [Leaf('region', 'device-telemetry/region', 'Device telemetry region.')])),
    Option('jumbo_frames', 'deviceconfig/setting', Group(
        'jumbo_frames', '', ('Jumbo frames (Device > Setup > Session). Must match on both peers.',), [
            Presence('enabled', 'jumbo-frame', 'Enable jumbo frames.'),
            Leaf('mtu', 'jumbo-frame/mtu', 'Global MTU with jumbo frames (512 to 9216). Needs jumbo frames enabled.',
                 kind='int', minimum=512, maximum=9216, requires=('enabled', True)),
        ], checks=(_mtu_needs_jumbo,))),
    Option('packet_buffer_protection', 'deviceconfig/setting/session', Group(
        'packet_buffer_protection', '', (
            'Packet buffer protection (Device > Setup > Session, and the per-zone flag of existing zones).',), [
            YesNo('enabled', 'packet-buffer-protection-enable', 'Enable packet buffer protection.'),
            Leaf('alert', 'packet-buffer-protection-alert', 'Alert threshold, percent of buffer use (0 to 99).',
                 kind='int', minimum=0, maximum=99),
            Leaf('activate', 'packet-buffer-protection-activate', 'Activate threshold, percent (0 to 99).',
                 kind='int', minimum=0, maximum=99),
            Leaf('latency_alert', 'packet-buffer-protection-latency-alert', 'Latency alert threshold in milliseconds.',
                 kind='int', minimum=1, maximum=20000),
            Leaf('latency_activate', 'packet-buffer-protection-latency-activate',
                 'Latency activate threshold in milliseconds.', kind='int', minimum=1, maximum=20000),
            Entries('zones', 'The per-zone flag of existing zones (a missing zone is an error; zones themselves sync).',
                    [Key('name', 'Zone name.'), Key('vsys', 'Virtual system of the zone.', default='vsys1')],
                    [YesNo('enabled', 'network/enable-packet-buffer-protection',
                           'Enable packet buffer protection in the zone.')],
                    Zones(), identity=('vsys', 'name')),
        ])),
    Option('log_export', 'deviceconfig/system', Group(
        'log_export', '', ('Scheduled log export (Device > Scheduled Log Export).',), [
            Entries('schedules', 'Schedules, matched by name.', [Key('name', 'Schedule name.')], [
                Leaf('description', 'description', 'Description.'),
                YesNo('enabled', 'enable', 'Enable the schedule.'),
                Leaf('log_type', 'log-type', 'Log type, for example V(traffic) or V(threat).'),
                Leaf('start_time', 'start-time', 'Daily start time, HH:MM.'),
                Choice('protocol', 'protocol', 'Transfer protocol. Changing it replaces the transfer settings.',
                       choices=('ftp', 'scp')),
                Leaf('hostname', 'protocol/{protocol}/hostname', 'Server to export to.'),
                Leaf('port', 'protocol/{protocol}/port', 'Server port.', kind='int', minimum=1, maximum=65535),
                Leaf('path', 'protocol/{protocol}/path', 'Path on the server.'),
                Leaf('username', 'protocol/{protocol}/username', 'Login name on the server.'),
                Leaf('password', 'protocol/{protocol}/password', 'Password on the server. Never returned.',
                     secret=True),
                YesNo('passive_mode', 'protocol/ftp/passive-mode', 'FTP passive mode (FTP only).',
                      requires=('protocol', 'ftp')),
            ], Container('log-export-schedule'), absent='V(absent) removes the schedule.'),
        ])),
    Option('ha_election', 'deviceconfig/high-availability', Group(
        'ha_election', '', ('HA settings of this peer (Device > High Availability) - election, peer addresses and HA '
                            'interfaces.',), [
            Leaf('device_priority', 'group/election-option/device-priority',
                 'Device priority (0 to 255, lower wins the election). Must differ between the peers.',
                 kind='int', minimum=0, maximum=255),
            YesNo('preemptive', 'group/election-option/preemptive', 'Preemption. Must match on both peers.'),
            YesNo('heartbeat_backup', 'group/election-option/heartbeat-backup',
                  'Heartbeat backup over the management port. Must match on both peers.'),
            Choice('timers', 'group/election-option/timers', 'HA timer profile. Must match on both peers.',
                   choices=('recommended', 'aggressive')),
            Leaf('peer_ip', 'group/peer-ip', 'HA1 address of the other peer.'),
            Leaf('peer_ip_backup', 'group/peer-ip-backup', 'HA1 backup address of the other peer.'),
            _ha_link('ha1', 'interface/ha1', 'HA1 interface of this peer.'),
            _ha_link('ha1_backup', 'interface/ha1-backup', 'HA1 backup interface of this peer.'),
            _ha_link('ha2', 'interface/ha2', 'HA2 interface of this peer.'),
            _ha_link('ha2_backup', 'interface/ha2-backup', 'HA2 backup interface of this peer.'),
            Leaf('device_id', 'group/mode/active-active/device-id',
                 'Active/active device ID (0 or 1; active/active only). Must differ between the peers.',
                 kind='int', minimum=0, maximum=1, modes=('active-active',)),
        ])),
    Option('interface_addresses', 'network/interface', Entries(
        'interface_addresses', ('IPv4 addresses of existing layer 3 interfaces (active/active only; in active/passive '
                                'they sync).',),
        [Key('interface', 'Interface name (V(ethernet1/1), V(ethernet1/1.5), V(ae1), V(ae1.518), V(loopback.1), '
                          'V(tunnel.1), V(vlan.1)).')],
        [Names('addresses', 'ip', "Addresses with prefix length; replaces the interface's list.")],
        Layer3Interfaces())),
    Option('lacp', 'network/interface', Entries(
        'lacp', ('LACP system priority of existing aggregate groups (active/active only). Must differ between the '
                 'peers.',),
        [Key('aggregate', 'Aggregate interface, for example V(ae1).')],
        [Leaf('system_priority', 'lacp/system-priority', 'LACP system priority (1 to 65535).',
              kind='int', minimum=1, maximum=65535)],
        AggregateGroups())),
)

OPTIONS_BY_NAME = {option.name: option for option in OPTIONS}


def argument_spec():
    """The typed options' argument spec (merged into the module's)."""
    return {option.name: option.argspec() for option in OPTIONS}


def raw_argument_spec():
    """The spec of the ``raw`` option: any other per-peer node, by XPath (the module and the role specs use it)."""
    return dict(type='list', elements='dict', options=dict(
        xpath=dict(type='str', required=True),
        element=dict(type='str', no_log=True),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    ))
