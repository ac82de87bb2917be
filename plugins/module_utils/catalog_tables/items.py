# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The configuration items that do not sync between HA peers, per mode (data table).

Sources, in order of authority (see the package docstring): the seed tables "What Doesn't Sync in Active/Passive
HA?" and "... Active/Active HA?" (titles verbatim), xpaths.md for the XPaths, client-library code where xpaths.md
has none (named per item in ``xpath_source``).
"""

from __future__ import annotations

from .records import AA, HA, NOT_SYNCED, SYNCS, item, modes, part, union

# Sub-items of "Management Interface Settings". The seed's cell ends in "including:" and its bullet
# list was lost when the page was extracted, so this list does NOT come from the seed: it comes from
# xpaths.md section 2 (rows "Management Interface Settings - General", "... - IP Type, IP, ...", and
# "Administrator Authentication Settings"), which follows the PAN-OS 10.0 admin guide. DNS, NTP and
# the update server belong to the "Services" row (Device > Setup > Services), see _SERVICES_PARTS.
_MANAGEMENT_PARTS = (
    part(
        name='hostname',
        title='Hostname',
        xpaths=('deviceconfig/system/hostname',),
        relationship='must_differ',
        peer_settings_option='management',
    ),
    part(
        name='general',
        title=(
            'General settings: domain, login banner, SSL/TLS service profile selection, time zone, locale, '
            'latitude/longitude'
        ),
        xpaths=(
            'deviceconfig/system/domain',
            'deviceconfig/system/login-banner',
            'deviceconfig/system/ssl-tls-service-profile',
            'deviceconfig/system/timezone',
            'deviceconfig/system/locale',
            'deviceconfig/system/geo-location',
        ),
        relationship='may_differ',
        peer_settings_option='management',
    ),
    part(
        name='address',
        title='Management interface IPv4 and IPv6 address',
        xpaths=('deviceconfig/system/ip-address', 'deviceconfig/system/ipv6-address'),
        relationship='must_differ',
        peer_settings_option='management',
    ),
    part(
        name='interface',
        title=(
            'Management interface: IP type (static/DHCP client), netmask, default gateways, speed, MTU, '
            'services, permitted IP addresses'
        ),
        xpaths=(
            'deviceconfig/system/type',
            'deviceconfig/system/netmask',
            'deviceconfig/system/default-gateway',
            'deviceconfig/system/ipv6-default-gateway',
            'deviceconfig/system/speed-duplex',
            'deviceconfig/system/mtu',
            'deviceconfig/system/service',
            'deviceconfig/system/permitted-ip',
        ),
        relationship='may_differ',
        peer_settings_option='management',
    ),
    part(
        name='admin_auth',
        title='Administrator authentication settings (authentication profile, certificate profile, lockout)',
        xpaths=(
            'deviceconfig/system/authentication-profile',
            'deviceconfig/system/certificate-profile',
            'deviceconfig/setting/management/admin-lockout',
        ),
        relationship='may_differ',
        peer_settings_option='management',
    ),
)

_SERVICES_PARTS = (
    part(
        name='dns',
        title='DNS servers',
        xpaths=('deviceconfig/system/dns-setting',),
        relationship='may_differ',
        peer_settings_option='dns',
    ),
    part(
        name='ntp',
        title='NTP servers',
        xpaths=('deviceconfig/system/ntp-servers',),
        relationship='may_differ',
        peer_settings_option='ntp',
    ),
    part(
        name='update_server',
        title='Update server and proxy server',
        xpaths=(
            'deviceconfig/system/update-server',
            'deviceconfig/system/server-verification',
            'deviceconfig/system/secure-proxy-server',
            'deviceconfig/system/secure-proxy-port',
            'deviceconfig/system/secure-proxy-user',
            'deviceconfig/system/secure-proxy-password',
        ),
        relationship='may_differ',
    ),
)

# HA settings (xpaths.md section 1, PAN-OS >= 8.1 single-group layout). The relationships are the
# drift policy: what HA needs to agree on vs. what identifies each peer.
_HA_PARTS = (
    part(
        name='group',
        title='HA enabled, group ID, config sync and state sync settings',
        xpaths=(
            HA + '/enabled',
            HA + '/group/group-id',
            HA + '/group/configuration-synchronization',
            HA + '/group/state-synchronization',
        ),
        relationship='must_match',
    ),
    part(
        name='mode',
        title='HA mode and its pair-wide settings (A/A: packet forwarding sync, session owner, tentative hold)',
        xpaths=(
            HA + '/group/mode/active-passive',
            AA + '/network-configuration',
            AA + '/session-owner-selection',
            AA + '/tentative-hold-time',
        ),
        relationship='must_match',
    ),
    part(
        name='device_priority',
        title='Election device priority',
        xpaths=(HA + '/group/election-option/device-priority',),
        relationship='must_differ',
        peer_settings_option='ha_election',
    ),
    part(
        name='election',
        title='Preemption, heartbeat backup and HA timers',
        xpaths=(
            HA + '/group/election-option/preemptive',
            HA + '/group/election-option/heartbeat-backup',
            HA + '/group/election-option/timers',
        ),
        relationship='must_match',
        peer_settings_option='ha_election',
    ),
    part(
        name='device_id',
        title='Active/active device ID (0 or 1)',
        xpaths=(AA + '/device-id',),
        relationship='must_differ',
        peer_settings_option='ha_election',
    ),
    part(
        name='links',
        title='HA1/HA1-backup/HA2/HA2-backup/HA3 interfaces and peer addresses',
        xpaths=(HA + '/interface', HA + '/group/peer-ip', HA + '/group/peer-ip-backup'),
        relationship='may_differ',
        peer_settings_option='ha_election',
    ),
    part(
        name='virtual_address',
        title='Active/active virtual addresses',
        xpaths=(AA + '/virtual-address',),
        relationship='may_differ',
    ),
    part(
        name='monitoring',
        title='Link and path monitoring',
        xpaths=(HA + '/group/monitoring',),
        relationship='may_differ',
    ),
)

_BOTH_NO = modes(active_passive=NOT_SYNCED, active_active=NOT_SYNCED)
_AA_ONLY = modes(active_passive=SYNCS, active_active=NOT_SYNCED)
_PATH_ONLY = 'The seed row gives only the GUI path: configure it on each firewall.'
_SYSTEM_INFO = 'show system info'

# One record per "Configuration Item" of the two seed tables, merged across modes, in the seed's order
# (A/P table order, with the A/A-only rows where the A/A table has them). A row present in only one
# table syncs in the other mode unless the seed says otherwise; every such case is commented.
NON_SYNCED_ITEMS = (
    item(
        key='management',
        title='Management Interface Settings',
        modes=_BOTH_NO,
        where='Device > Setup > Management',
        note=(
            'All management configuration settings must be configured individually on each firewall. The seed\'s list '
            'of sub-items was lost in extraction; the parts listed here come from xpaths.md (PAN-OS 10.0 admin guide).'
        ),
        kind='config',
        xpaths=union(_MANAGEMENT_PARTS),
        confidence='code',
        xpath_source='xpaths.md section 2 (pan-os-python SystemSettings, pango)',
        peer_settings_option='management',
        relationship='mixed',
        parts=_MANAGEMENT_PARTS,
    ),
    item(
        key='multi_vsys',
        title='Multi-vsys Capability',
        modes=_BOTH_NO,
        where='Device > Setup > Management > General Settings',
        note=(
            'Activate the Virtual Systems license on each firewall to go beyond the base number of virtual systems '
            '(PA-400, PA-3200, PA-3400, PA-5200, PA-5400 and PA-7000 Series), and enable Multi Virtual System '
            'Capability on each firewall.'
        ),
        kind='op_state',
        xpath_source=(
            'op <set><system><setting><multi-vsys>on|off</multi-vsys></setting></system></set> '
            '(PAN 9.1 API guide, xpaths.md)'
        ),
        relationship='must_match',
        op_read={'cli': _SYSTEM_INFO, 'field': 'system/multi-vsys'},
    ),
    item(
        key='panorama',
        title='Panorama Settings',
        modes=_BOTH_NO,
        where='Device > Setup > Management > Panorama Settings',
        note='Set the Panorama settings on each firewall. (The seed\'s list of which settings was lost in extraction.)',
        kind='config',
        xpaths=('deviceconfig/system/panorama', 'deviceconfig/system/panorama-server', 'deviceconfig/system/panorama-server-2'),
        confidence='code',
        xpath_source='xpaths.md section 2: panorama/local-panorama (PAN-OS >= 9.1), panorama-server[-2] (< 9.1)',
        peer_settings_option='panorama',
        relationship='may_differ',
    ),
    item(
        key='snmp',
        title='SNMP',
        modes=_BOTH_NO,
        where='Device > Setup > Operations > SNMP Setup',
        note=_PATH_ONLY,
        kind='config',
        xpaths=('deviceconfig/system/snmp-setting',),
        confidence='weak',
        xpath_source='xpaths.md section 2 (several third-party parsers; pango keeps snmp-setting raw)',
        peer_settings_option='snmp',
        relationship='may_differ',
    ),
    item(
        key='services',
        title='Services',
        modes=_BOTH_NO,
        where='Device > Setup > Services',
        note=_PATH_ONLY + ' The Services tab holds DNS, NTP, the update server and the proxy server.',
        kind='config',
        xpaths=union(_SERVICES_PARTS),
        confidence='code',
        xpath_source='xpaths.md section 2 (pan-os-python SystemSettings, NTPServer)',
        relationship='mixed',
        parts=_SERVICES_PARTS,
    ),
    item(
        key='service_routes',
        title='Global Service Routes',
        modes=_BOTH_NO,
        where='Device > Setup > Services > Service Route Configuration',
        note=_PATH_ONLY,
        kind='config',
        xpaths=('deviceconfig/system/route',),
        confidence='weak',
        xpath_source='xpaths.md section 2 (third-party code reads route/service; pango keeps route raw)',
        peer_settings_option='service_routes',
        relationship='may_differ',
    ),
    # Telemetry is only in the A/A table. Read literally, the seed says it syncs in A/P: the A/P table is
    # the list of what does not sync, and it does not list telemetry. Two things argue the other way and
    # are recorded in the caveat: seed 001 says "any config that is specific to a device such as
    # management config in Setup" does not sync, and older admin guides listed telemetry in the A/P table.
    # Supporting the literal reading, pan-os-python leaves device.Telemetry at HA_SYNC = True (it writes it
    # to the active peer). We follow the seed: A/P 'yes'.
    item(
        key='telemetry',
        title='Telemetry and Threat Intelligence Settings',
        modes=_AA_ONLY,
        where='Device > Setup > Telemetry and Threat Intelligence',
        note=_PATH_ONLY,
        kind='config',
        xpaths=('deviceconfig/system/update-schedule/statistics-service', 'deviceconfig/system/device-telemetry'),
        confidence='code',
        xpath_source='xpaths.md section 2 (pan-os-python device.Telemetry; pango config_v3 device-telemetry)',
        peer_settings_option='telemetry',
        relationship='may_differ',
        caveat=(
            'Listed only in the A/A table, so recorded as syncing in A/P. Seed 001 ("management config in Setup '
            'is not synchronized") and older admin guides suggest it may not sync in A/P either; '
            'peer_settings allows it in A/P only with the explicit override.'
        ),
    ),
    item(
        key='data_protection',
        title='Data Protection',
        modes=_BOTH_NO,
        where='Device > Setup > Content-ID > Manage Data Protection',
        note=_PATH_ONLY,
        kind='config',
        confidence='missing',
        xpath_source='not found (xpaths.md)',
        relationship='may_differ',
    ),
    item(
        key='jumbo_frames',
        title='Jumbo Frames',
        modes=_BOTH_NO,
        where='Device > Setup > Session > Session Settings > Enable Jumbo Frame',
        note=(
            _PATH_ONLY + ' A mismatch makes the receiving peer\'s HA-Sync job fail when an interface MTU is above 1500 '
            '(seed 001).'
        ),
        kind='config',
        xpaths=('deviceconfig/setting/jumbo-frame',),
        confidence='weak',
        xpath_source='xpaths.md section 2 (config path: two third-party hits; op read-back: sample)',
        peer_settings_option='jumbo_frames',
        relationship='must_match',
        op_read={'cli': 'show system setting jumbo-frame', 'field': 'result (on|off)'},
    ),
    item(
        key='packet_buffer_protection',
        title='Packet Buffer Protection',
        modes=_BOTH_NO,
        where=(
            'Device > Setup > Session > Session Settings > Packet Buffer Protection; '
            'Network > Zones > Enable Packet Buffer Protection'
        ),
        note=_PATH_ONLY + ' Both the global session settings and the per-zone flag are listed.',
        kind='config',
        xpaths=(
            'deviceconfig/setting/session/packet-buffer-protection-enable',
            'deviceconfig/setting/session/packet-buffer-protection-alert',
            'deviceconfig/setting/session/packet-buffer-protection-activate',
            'deviceconfig/setting/session/packet-buffer-protection-latency-alert',
            'deviceconfig/setting/session/packet-buffer-protection-latency-activate',
            'vsys/entry/zone/entry/network/enable-packet-buffer-protection',
        ),
        confidence='weak',
        xpath_source='xpaths.md section 2 (session leaves: two third-party parsers; zone flag: pango)',
        peer_settings_option='packet_buffer_protection',
        relationship='may_differ',
    ),
    item(
        key='forward_proxy_cert',
        title='Forward Proxy Server Certificate Settings',
        modes=_BOTH_NO,
        where='Device > Setup > Session > Decryption Settings > SSL Forward Proxy Settings',
        note=_PATH_ONLY,
        kind='config',
        confidence='missing',
        xpath_source='not found: somewhere under deviceconfig/setting/ssl-decrypt (xpaths.md)',
        relationship='may_differ',
    ),
    # "Master Key Secured by HSM" is only in the A/P table, "HSM Configuration" only in the A/A table.
    # A/A: the master-key-on-HSM flag is part of Device > Setup > HSM, which does not sync in A/A as a
    # whole, so master_key_hsm is 'no' in A/A too (the seed says so through the HSM Configuration row).
    # A/P: only the master-key flag is listed, so the rest of the HSM configuration syncs (hsm: A/P 'yes').
    # The flag's own leaf inside hsm-settings is unknown (pango keeps hsm-settings raw), so its XPath is
    # the whole container: in A/P the non-synced XPath list therefore covers hsm-settings although the
    # rest of the HSM configuration syncs (see the caveats).
    item(
        key='master_key_hsm',
        title='Master Key Secured by HSM',
        modes=modes(active_passive=NOT_SYNCED, active_active=NOT_SYNCED),
        where='Device > Setup > HSM > Hardware Security Module Provider > Master Key Secured by HSM',
        note=_PATH_ONLY,
        kind='config',
        xpaths=('deviceconfig/system/hsm-settings',),
        confidence='weak',
        xpath_source='xpaths.md section 2 gives the container only (pango config_v3, raw); the flag\'s leaf is unknown',
        relationship='must_match',
        op_read={'cli': 'show system masterkey-properties', 'field': 'on-hsm'},
        caveat=(
            'Only in the A/P table; in A/A it is covered by "HSM Configuration". Its XPath is the whole '
            'hsm-settings container, which over-approximates in A/P.'
        ),
    ),
    item(
        key='hsm',
        title='HSM Configuration',
        modes=_AA_ONLY,
        where='Device > Setup > HSM',
        note=_PATH_ONLY,
        kind='config',
        xpaths=('deviceconfig/system/hsm-settings',),
        confidence='code',
        xpath_source='xpaths.md section 2 (pango config_v3, raw)',
        relationship='may_differ',
        caveat=(
            'Only in the A/A table, so recorded as syncing in A/P, except the "Master Key Secured by HSM" '
            'setting (see master_key_hsm), whose XPath is the same container.'
        ),
    ),
    item(
        key='log_export',
        title='Log Export Settings',
        modes=_BOTH_NO,
        where='Device > Scheduled Log Export',
        note=_PATH_ONLY,
        kind='config',
        xpaths=('deviceconfig/system/log-export-schedule',),
        confidence='code',
        xpath_source='xpaths.md section 2 (pango)',
        peer_settings_option='log_export',
        relationship='may_differ',
    ),
    item(
        key='software_updates',
        title='Software Updates',
        modes=_BOTH_NO,
        where='Device > Software',
        note=(
            'Download and install on each firewall, or download on one peer and sync the update to the other; '
            'install it on each peer.'
        ),
        kind='op_state',
        relationship='must_match',
        op_read={'cli': _SYSTEM_INFO, 'field': 'system/sw-version'},
    ),
    item(
        key='globalprotect_agent',
        title='GlobalProtect Agent Package',
        modes=_BOTH_NO,
        where='Device > GlobalProtect Client',
        note=(
            'Download and install on each firewall, or download to one peer and sync the update to the other; '
            'activate it separately on each peer.'
        ),
        kind='op_state',
        relationship='must_match',
        op_read={'cli': _SYSTEM_INFO, 'field': 'system/global-protect-client-package-version'},
    ),
    item(
        key='content_updates',
        title='Content Updates',
        modes=_BOTH_NO,
        where='Device > Dynamic Updates',
        note=(
            'Download and install on each firewall, or download on one peer and sync the update to the other; '
            'install it on each peer.'
        ),
        kind='op_state',
        relationship='must_match',
        op_read={'cli': _SYSTEM_INFO,
                 'field': 'system/{app-version, threat-version, av-version, wildfire-version, url-filtering-version}'},
    ),
    item(
        key='licenses',
        title='Licenses/Subscriptions',
        modes=_BOTH_NO,
        where='Device > Licenses',
        note='The seed row gives only the GUI path: licenses and subscriptions are installed on each firewall.',
        kind='op_state',
        relationship='must_match',
        op_read={'cli': 'request license info', 'field': 'licenses/entry/feature'},
    ),
    item(
        key='support',
        title='Support Subscription',
        modes=_BOTH_NO,
        where='Device > Support',
        note='The seed row gives only the GUI path: the support subscription is activated on each firewall.',
        kind='op_state',
        relationship='may_differ',
    ),
    item(
        key='master_key',
        title='Master Key',
        modes=_BOTH_NO,
        where='Device > Master Key and Diagnostics',
        note=(
            'The master key must be identical on both peers but is entered manually on each. Before changing it, '
            'disable config sync on both peers (Device > High Availability > General > Setup, clear Enable Config '
            'Sync) and re-enable it after changing the keys.'
        ),
        kind='op_state',
        xpaths=('deviceconfig/system/auto-renew-mkey-lifetime',),
        confidence='code',
        xpath_source='the key itself is op state (request master-key); the auto-renew lifetime is config (xpaths.md, pango)',
        relationship='must_match',
        op_read={'cli': 'show system masterkey-properties', 'field': 'expire-at, remind-at, on-hsm, auto-renew-mkey'},
    ),
    item(
        key='reports_logs_dashboard',
        title='Reports, logs, and Dashboard Settings',
        modes=_BOTH_NO,
        where=None,
        note=(
            'Log data, reports, and Dashboard data and settings (column display, widgets) are not synced. Report '
            'configuration settings are synced.'
        ),
        kind='not_config',
    ),
    item(
        key='ha_settings',
        title='HA settings',
        modes=_BOTH_NO,
        where='Device > High Availability',
        note=(
            'HA configuration is kept per firewall (A/P row: GUI path only; the A/A row\'s cell is empty in the seed). '
            'The parts say which settings must match and which must differ.'
        ),
        kind='config',
        xpaths=(HA,),
        confidence='code',
        xpath_source='xpaths.md section 1 (pan-os-python ha.py, HA_SYNC = False; pango dev/ha)',
        peer_settings_option='ha_election',
        relationship='mixed',
        parts=_HA_PARTS,
    ),
    item(
        key='decryption_sessions',
        title='Decryption',
        modes=_BOTH_NO,
        where=None,
        note='After a failover, firewalls do not support HA sync for decrypted SSL sessions.',
        kind='not_config',
    ),
    item(
        key='rule_usage',
        title='Rule Usage Data',
        modes=_BOTH_NO,
        where=None,
        note=(
            'Rule usage data (hit count, Created and Modified dates) is not synced; view it on each firewall or '
            'through Panorama.'
        ),
        kind='not_config',
    ),
    item(
        key='mgmt_certificates',
        title='Certificates for Device Management and Syslog Communication over SSL only',
        modes=_BOTH_NO,
        where='Device > Certificate Management > Certificates',
        note=(
            'Certificates used for device management or for syslog over SSL don\'t sync. The A/P table adds: the '
            'management-interface certificates may differ, but the certificate entry name should be the same on both '
            'peers.'
        ),
        kind='config',
        confidence='missing',
        xpath_source=(
            'no static XPath: which certificate entries are meant depends on what the management SSL/TLS service '
            'profile and the syslog profiles reference'
        ),
        relationship='may_differ',
    ),
    item(
        key='certificate_profiles',
        title='Certificates in a Certificate Profile',
        modes=_BOTH_NO,
        where='Device > Certificate Management > Certificate Profile',
        note=_PATH_ONLY,
        kind='config',
        confidence='missing',
        xpath_source='no static XPath: the certificates meant are those referenced by certificate profiles',
        relationship='may_differ',
    ),
    item(
        key='mgmt_ssl_tls_profile',
        title='SSL/TLS Service Profile for Device Management only',
        modes=_BOTH_NO,
        where='Device > Certificate Management > SSL/TLS Service Profile',
        note='The SSL/TLS Service Profile for device management doesn\'t sync.',
        kind='config',
        xpaths=('deviceconfig/system/ssl-tls-service-profile',),
        confidence='code',
        xpath_source=(
            'the selection of the management profile (xpaths.md section 2, pango config_v3); the profile object it '
            'names is not listed'
        ),
        peer_settings_option='management',
        relationship='may_differ',
    ),
    item(
        key='device_id_iot',
        title='Device-ID and IoT Security',
        modes=_BOTH_NO,
        where=None,
        note='IP address-to-device mappings and policy rule recommendations don\'t sync.',
        kind='not_config',
    ),
    # --- rows of the A/A table only: in A/P these sync (the pair shares one set of addresses and routes).
    item(
        key='ethernet_ip',
        title='Ethernet Interface IP Addresses',
        modes=_AA_ONLY,
        where='Network > Interface > Ethernet',
        note=(
            'All Ethernet interface settings sync except the IP address. Aggregate (ae) interfaces, added on the '
            'Ethernet tab, are included.'
        ),
        kind='config',
        xpaths=(
            'network/interface/ethernet/entry/layer3/ip',
            'network/interface/ethernet/entry/layer3/ipv6/address',
            'network/interface/ethernet/entry/layer3/units/entry/ip',
            'network/interface/ethernet/entry/layer3/units/entry/ipv6/address',
            'network/interface/aggregate-ethernet/entry/layer3/ip',
            'network/interface/aggregate-ethernet/entry/layer3/ipv6/address',
            'network/interface/aggregate-ethernet/entry/layer3/units/entry/ip',
            'network/interface/aggregate-ethernet/entry/layer3/units/entry/ipv6/address',
        ),
        confidence='code',
        xpath_source='pan-os-python network.EthernetInterface / AggregateInterface / Layer3Subinterface / IPv6Address',
        peer_settings_option='interface_addresses',
        relationship='must_differ',
    ),
    item(
        key='loopback_ip',
        title='Loopback Interface IP Addresses',
        modes=_AA_ONLY,
        where='Network > Interface > Loopback',
        note='All Loopback interface settings sync except the IP address.',
        kind='config',
        xpaths=('network/interface/loopback/units/entry/ip', 'network/interface/loopback/units/entry/ipv6/address'),
        confidence='code',
        xpath_source='pan-os-python network.LoopbackInterface / IPv6Address',
        peer_settings_option='interface_addresses',
        relationship='must_differ',
    ),
    item(
        key='tunnel_ip',
        title='Tunnel Interface IP Addresses',
        modes=_AA_ONLY,
        where='Network > Interface > Tunnel',
        note='All Tunnel interface settings sync except the IP address.',
        kind='config',
        xpaths=('network/interface/tunnel/units/entry/ip', 'network/interface/tunnel/units/entry/ipv6/address'),
        confidence='code',
        xpath_source='pan-os-python network.TunnelInterface / IPv6Address',
        peer_settings_option='interface_addresses',
        relationship='must_differ',
    ),
    item(
        key='lacp_system_priority',
        title='LACP System Priority',
        modes=_AA_ONLY,
        where='Network > Interface > Ethernet > Add Aggregate Group > System Priority',
        note='Each peer must have a unique LACP System ID in an active/active deployment.',
        kind='config',
        xpaths=(
            'network/interface/aggregate-ethernet/entry/layer3/lacp/system-priority',
            'network/interface/aggregate-ethernet/entry/layer2/lacp/system-priority',
            'network/interface/aggregate-ethernet/entry/ha/lacp/system-priority',
        ),
        confidence='code',
        xpath_source='pan-os-codegen specs/network/interface/aggregate.yaml (lacp/system-priority, 1-65535)',
        peer_settings_option='lacp',
        relationship='must_differ',
    ),
    item(
        key='vlan_ip',
        title='VLAN Interface IP Address',
        modes=_AA_ONLY,
        where='Network > Interface > VLAN',
        note='All VLAN interface settings sync except the IP address.',
        kind='config',
        xpaths=('network/interface/vlan/units/entry/ip', 'network/interface/vlan/units/entry/ipv6/address'),
        confidence='code',
        xpath_source='pan-os-python network.VlanInterface / IPv6Address',
        peer_settings_option='interface_addresses',
        relationship='must_differ',
    ),
    item(
        key='virtual_routers',
        title='Virtual Routers',
        modes=modes(active_passive=SYNCS, active_active='vr_sync'),
        where='Device > High Availability > Active/Active Config > Packet Forwarding',
        note=(
            'Virtual router configuration syncs only if VR Sync is enabled; whether to enable it depends on the '
            'network design, including asymmetric routing.'
        ),
        kind='config',
        xpaths=('network/virtual-router',),
        confidence='code',
        xpath_source='pan-os-python network.VirtualRouter',
        relationship='may_differ',
    ),
    item(
        key='ipsec_tunnels',
        title='IPSec Tunnels',
        modes=modes(active_passive=SYNCS, active_active='floating_ip'),
        where='Device > High Availability > Active/Active Config > Virtual Address',
        note=(
            'Syncs automatically when the Virtual Addresses use floating IP addresses; otherwise configure it on each '
            'peer.'
        ),
        kind='config',
        xpaths=('network/tunnel/ipsec',),
        confidence='code',
        xpath_source='pan-os-python network.IpsecTunnel',
        relationship='may_differ',
    ),
    item(
        key='globalprotect_portal',
        title='GlobalProtect Portal Configuration',
        modes=modes(active_passive=SYNCS, active_active='floating_ip'),
        where='Network > GlobalProtect > Portals',
        note=(
            'Syncs automatically when the Virtual Addresses use floating IP addresses; otherwise configure the portal '
            'on each peer.'
        ),
        kind='config',
        xpaths=('vsys/entry/global-protect/global-protect-portal',),
        confidence='code',
        xpath_source='pan-os-codegen specs/network/globalprotect-portal.yaml (under vsys)',
        relationship='may_differ',
    ),
    item(
        key='globalprotect_gateway',
        title='GlobalProtect Gateway Configuration',
        modes=modes(active_passive=SYNCS, active_active='floating_ip'),
        where='Network > GlobalProtect > Gateways',
        note=(
            'Syncs automatically when the Virtual Addresses use floating IP addresses; otherwise configure the gateway '
            'on each peer.'
        ),
        kind='config',
        xpaths=('vsys/entry/global-protect/global-protect-gateway',),
        confidence='sample',
        xpath_source='a real vsys config and a GlobalProtect client class (code index); not in xpaths.md',
        relationship='may_differ',
    ),
    item(
        key='qos',
        title='QoS',
        modes=modes(active_passive=SYNCS, active_active='qos_sync'),
        where='Device > High Availability > Active/Active Config > Packet Forwarding',
        note=(
            'QoS configuration syncs only if QoS Sync is enabled; you might not sync it when links have different '
            'bandwidth or service providers different latency.'
        ),
        kind='config',
        xpaths=('network/qos',),
        confidence='weak',
        xpath_source='PAN-OS schema container network/qos (not found in a client library)',
        relationship='may_differ',
    ),
    # The LLDP row speaks of state and per-firewall data ("No LLDP state or individual firewall data is
    # synchronized"), not of LLDP profile configuration, so it is recorded as not configuration and the
    # LLDP profiles (network/profiles/lldp-profile) are left to sync.
    item(
        key='lldp',
        title='LLDP',
        modes=_AA_ONLY,
        where='Network > Network Profiles > LLDP',
        note='No LLDP state or individual firewall data is synchronized in active/active.',
        kind='not_config',
        caveat='Read as runtime data; LLDP profile configuration is not claimed by the seed and is treated as synced.',
    ),
    item(
        key='bfd',
        title='BFD',
        modes=_AA_ONLY,
        where='Network > Network Profiles > BFD Profile',
        note='No BFD configuration or BFD session data is synchronized in active/active.',
        kind='config',
        xpaths=('network/profiles/bfd-profile',),
        confidence='code',
        xpath_source='pango netw/profile/bfd',
        relationship='may_differ',
    ),
    item(
        key='ike_gateways',
        title='IKE Gateways',
        modes=modes(active_passive=SYNCS, active_active='floating_ip'),
        where='Network > IKE Gateways',
        note=(
            'Syncs automatically when the Virtual Addresses use floating IP addresses; otherwise configure the IKE '
            'gateways on each peer.'
        ),
        kind='config',
        xpaths=('network/ike/gateway',),
        confidence='code',
        xpath_source='pan-os-python network.IkeGateway',
        relationship='may_differ',
    ),
)

ITEMS_BY_KEY = {i['key']: i for i in NON_SYNCED_ITEMS}
