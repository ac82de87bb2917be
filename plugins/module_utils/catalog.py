# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What HA synchronizes between PAN-OS peers, and what it doesn't, per HA mode: the catalog, as data.

This file is the single source of truth for the collection (peer_settings refuses items that sync,
preflight checks the blockers, the drift report compares what must match or differ) and for the
generated page docs/sync-catalog.md (tools/gen_sync_catalog_doc.py renders it; never edit the page).

Sources, in order of authority:
  [seed]      PAN-OS admin guide "Reference: HA Synchronization" (project seed 000): the tables
              "What Doesn't Sync in Active/Passive HA?" and "... Active/Active HA?", "System Runtime
              Information Synchronized Between HA Peers", the sync-to-remote CLI help and "Reasons That
              Synchronization Doesn't Happen". Titles and blocker texts are verbatim.
  [seed 001]  PAN KB / blog (project seed 001): disk-state and runtime-state, the jumbo-frame HA-Sync failure.
  [xpaths.md] reference/panos-xml/xpaths.md (XPaths per item, with confidence), itself from client libraries
              (pan-os-python, pango) and PAN-OS 10.0 admin guide wording.
  [code]      XPaths not in xpaths.md were read from client-library definitions: pan-os-python
              panos/network.py (interfaces, virtual router, IKE gateway, IPSec tunnel), pango
              netw/profile/bfd (BFD profile), pan-os-codegen specs (aggregate-ethernet LACP
              system-priority, GlobalProtect portal); named per item in ``xpath_source``.

Vocabulary
  mode        'active-passive' | 'active-active'  (normalize_mode() maps the op output "Active-Passive").
  modes[m]    'no'  = does NOT sync in mode m (configure it on each peer);
              'yes' = syncs in mode m (configure it on the active / active-primary peer only);
              a CONDITIONS key ('vr_sync', 'qos_sync', 'floating_ip') = syncs in mode m only when that
              condition holds on the pair.
  xpaths      relative to the device root DEVICE_ROOT unless they start with '/config'; ``entry``
              steps carry no name predicate, so they address every entry (valid for the PAN-OS API's
              action=get/show and for lxml alike).
  kind        'config'     settings in the configuration tree (xpaths given when known);
              'op_state'   device state set and read with op commands, not config (multi-vsys, master
                           key, installed software/content, licenses); ``op_read`` says how to read it;
              'not_config' data, not settings (logs, sessions, hit counts, mappings): nothing to configure.
  confidence  of the XPaths, as xpaths.md rates them: 'code' (a client library's definition), 'sample'
              (seen in a real request/response), 'weak' (one third-party hit, or an inferred container),
              'missing' (config item whose XPath was not found); None when the item has no XPaths
              because it is not configuration.
  relationship  the drift report's rule when both peers are compared: 'must_match', 'must_differ',
              'may_differ', or 'mixed' (the item has ``parts`` and each part carries its own rule).
              Relationships are this collection's policy, derived from the seed where it says so
              (master key identical, unique LACP system ID in A/A, blockers such as multi-vsys and
              licenses) and from what HA needs (distinct management addresses and priorities).
  peer_settings_option  the typed option of hapair.panos.peer_settings that manages the item (or part).

Keep this module pure data plus tiny functions: no Ansible imports, importable anywhere (the emulator
and the doc generator load it by file path).
"""

from __future__ import annotations

DEVICE_ROOT = "/config/devices/entry[@name='localhost.localdomain']"

MODES = ('active-passive', 'active-active')
SYNCS = 'yes'
NOT_SYNCED = 'no'
KINDS = ('config', 'op_state', 'not_config')
CONFIDENCES = ('code', 'sample', 'weak', 'missing')
RELATIONSHIPS = ('must_match', 'must_differ', 'may_differ', 'mixed')

_HA = 'deviceconfig/high-availability'
_AA = _HA + '/group/mode/active-active'

# Conditional rows of the A/A table: the item syncs only when the condition holds.
CONDITIONS = {
    'vr_sync': {
        'title': 'VR Sync enabled',
        'where': 'Device > High Availability > Active/Active Config > Packet Forwarding',
        'xpath': _AA + '/network-configuration/sync/virtual-router',
        'test': "text is 'yes'",
        'confidence': 'code',
    },
    'qos_sync': {
        'title': 'QoS Sync enabled',
        'where': 'Device > High Availability > Active/Active Config > Packet Forwarding',
        'xpath': _AA + '/network-configuration/sync/qos',
        'test': "text is 'yes'",
        'confidence': 'code',
    },
    'floating_ip': {
        'title': 'Virtual Addresses use floating IP addresses',
        'where': 'Device > High Availability > Active/Active Config > Virtual Address',
        'xpath': _AA + '/virtual-address',
        # pan-os-python and pango keep virtual-address raw; the 'floating' element name (as opposed
        # to 'arp-load-sharing') is the GUI's wording, not read from a schema: weak.
        'test': "has a descendant 'floating' element",
        'confidence': 'weak',
    },
}

# Sub-items of "Management Interface Settings". The seed's cell ends in "including:" and its bullet
# list was lost when the page was extracted, so this list does NOT come from the seed: it comes from
# xpaths.md section 2 (rows "Management Interface Settings - General", "... - IP Type, IP, ...", and
# "Administrator Authentication Settings"), which follows the PAN-OS 10.0 admin guide. DNS, NTP and
# the update server belong to the "Services" row (Device > Setup > Services), see _SERVICES_PARTS.
_MANAGEMENT_PARTS = (
    {
        'name': 'hostname',
        'title': 'Hostname',
        'xpaths': ('deviceconfig/system/hostname',),
        'relationship': 'must_differ',
        'peer_settings_option': 'management',
    },
    {
        'name': 'general',
        'title': 'General settings: domain, login banner, SSL/TLS service profile selection, time zone, locale, '
                 'latitude/longitude',
        'xpaths': (
            'deviceconfig/system/domain',
            'deviceconfig/system/login-banner',
            'deviceconfig/system/ssl-tls-service-profile',
            'deviceconfig/system/timezone',
            'deviceconfig/system/locale',
            'deviceconfig/system/geo-location',
        ),
        'relationship': 'may_differ',
        'peer_settings_option': 'management',
    },
    {
        'name': 'address',
        'title': 'Management interface IPv4 and IPv6 address',
        'xpaths': ('deviceconfig/system/ip-address', 'deviceconfig/system/ipv6-address'),
        'relationship': 'must_differ',
        'peer_settings_option': 'management',
    },
    {
        'name': 'interface',
        'title': 'Management interface: IP type (static/DHCP client), netmask, default gateways, speed, MTU, '
                 'services, permitted IP addresses',
        'xpaths': (
            'deviceconfig/system/type',
            'deviceconfig/system/netmask',
            'deviceconfig/system/default-gateway',
            'deviceconfig/system/ipv6-default-gateway',
            'deviceconfig/system/speed-duplex',
            'deviceconfig/system/mtu',
            'deviceconfig/system/service',
            'deviceconfig/system/permitted-ip',
        ),
        'relationship': 'may_differ',
        'peer_settings_option': 'management',
    },
    {
        'name': 'admin_auth',
        'title': 'Administrator authentication settings (authentication profile, certificate profile, lockout)',
        # admin-lockout is [weak] in xpaths.md; the two system leaves are [code] (pango config_v3).
        'xpaths': (
            'deviceconfig/system/authentication-profile',
            'deviceconfig/system/certificate-profile',
            'deviceconfig/setting/management/admin-lockout',
        ),
        'relationship': 'may_differ',
        'peer_settings_option': 'management',
    },
)

_SERVICES_PARTS = (
    {
        'name': 'dns',
        'title': 'DNS servers',
        'xpaths': ('deviceconfig/system/dns-setting',),
        'relationship': 'may_differ',
        'peer_settings_option': 'dns',
    },
    {
        'name': 'ntp',
        'title': 'NTP servers',
        'xpaths': ('deviceconfig/system/ntp-servers',),
        'relationship': 'may_differ',
        'peer_settings_option': 'ntp',
    },
    {
        'name': 'update_server',
        'title': 'Update server and proxy server',
        'xpaths': (
            'deviceconfig/system/update-server',
            'deviceconfig/system/server-verification',
            'deviceconfig/system/secure-proxy-server',
            'deviceconfig/system/secure-proxy-port',
            'deviceconfig/system/secure-proxy-user',
            'deviceconfig/system/secure-proxy-password',
        ),
        'relationship': 'may_differ',
        'peer_settings_option': None,
    },
)

# HA settings (xpaths.md section 1, PAN-OS >= 8.1 single-group layout). The relationships are the
# drift policy: what HA needs to agree on vs. what identifies each peer.
_HA_PARTS = (
    {
        'name': 'group',
        'title': 'HA enabled, group ID, config sync and state sync settings',
        'xpaths': (
            _HA + '/enabled',
            _HA + '/group/group-id',
            _HA + '/group/configuration-synchronization',
            _HA + '/group/state-synchronization',
        ),
        'relationship': 'must_match',
        'peer_settings_option': None,
    },
    {
        'name': 'mode',
        'title': 'HA mode and its pair-wide settings (A/A: packet forwarding sync, session owner, tentative hold)',
        'xpaths': (
            _HA + '/group/mode/active-passive',
            _AA + '/network-configuration',
            _AA + '/session-owner-selection',
            _AA + '/tentative-hold-time',
        ),
        'relationship': 'must_match',
        'peer_settings_option': None,
    },
    {
        'name': 'device_priority',
        'title': 'Election device priority',
        'xpaths': (_HA + '/group/election-option/device-priority',),
        'relationship': 'must_differ',
        'peer_settings_option': 'ha_election',
    },
    {
        'name': 'election',
        'title': 'Preemption, heartbeat backup and HA timers',
        'xpaths': (
            _HA + '/group/election-option/preemptive',
            _HA + '/group/election-option/heartbeat-backup',
            _HA + '/group/election-option/timers',
        ),
        'relationship': 'must_match',
        'peer_settings_option': 'ha_election',
    },
    {
        'name': 'device_id',
        'title': 'Active/active device ID (0 or 1)',
        'xpaths': (_AA + '/device-id',),
        'relationship': 'must_differ',
        'peer_settings_option': 'ha_election',
    },
    {
        'name': 'links',
        'title': 'HA1/HA1-backup/HA2/HA2-backup/HA3 interfaces and peer addresses',
        'xpaths': (_HA + '/interface', _HA + '/group/peer-ip', _HA + '/group/peer-ip-backup'),
        'relationship': 'may_differ',
        'peer_settings_option': 'ha_election',
    },
    {
        'name': 'virtual_address',
        'title': 'Active/active virtual addresses',
        'xpaths': (_AA + '/virtual-address',),
        'relationship': 'may_differ',
        'peer_settings_option': None,
    },
    {
        'name': 'monitoring',
        'title': 'Link and path monitoring',
        'xpaths': (_HA + '/group/monitoring',),
        'relationship': 'may_differ',
        'peer_settings_option': None,
    },
)


def _union(parts):
    return tuple(x for part in parts for x in part['xpaths'])


def _item(key, title, modes, where, note, kind, xpaths=(), confidence=None, xpath_source=None,
          peer_settings_option=None, relationship='may_differ', op_read=None, parts=(), caveat=None):
    return {
        'key': key,
        'title': title,
        'modes': modes,
        'where': where,
        'note': note,
        'kind': kind,
        'xpaths': tuple(xpaths),
        'confidence': confidence,
        'xpath_source': xpath_source,
        'peer_settings_option': peer_settings_option,
        'relationship': relationship,
        'op_read': op_read,
        'parts': tuple(parts),
        'caveat': caveat,
    }


_BOTH_NO = {'active-passive': NOT_SYNCED, 'active-active': NOT_SYNCED}
_AA_ONLY = {'active-passive': SYNCS, 'active-active': NOT_SYNCED}
_PATH_ONLY = 'The seed row gives only the GUI path: configure it on each firewall.'
_SYSTEM_INFO = 'show system info'

# One record per "Configuration Item" of the two seed tables, merged across modes, in the seed's order
# (A/P table order, with the A/A-only rows where the A/A table has them). A row present in only one
# table syncs in the other mode unless the seed says otherwise; every such case is commented.
NON_SYNCED_ITEMS = (
    _item(
        'management', 'Management Interface Settings', _BOTH_NO, 'Device > Setup > Management',
        'All management configuration settings must be configured individually on each firewall. The seed\'s list '
        'of sub-items was lost in extraction; the parts listed here come from xpaths.md (PAN-OS 10.0 admin guide).',
        'config', _union(_MANAGEMENT_PARTS), 'code', 'xpaths.md section 2 (pan-os-python SystemSettings, pango)',
        'management', 'mixed', parts=_MANAGEMENT_PARTS,
    ),
    _item(
        'multi_vsys', 'Multi-vsys Capability', _BOTH_NO, 'Device > Setup > Management > General Settings',
        'Activate the Virtual Systems license on each firewall to go beyond the base number of virtual systems '
        '(PA-400, PA-3200, PA-3400, PA-5200, PA-5400 and PA-7000 Series), and enable Multi Virtual System '
        'Capability on each firewall.',
        'op_state', (), None, 'op <set><system><setting><multi-vsys>on|off</multi-vsys></setting></system></set> '
        '(PAN 9.1 API guide, xpaths.md)', None, 'must_match',
        op_read={'cli': _SYSTEM_INFO, 'field': 'system/multi-vsys'},
    ),
    _item(
        'panorama', 'Panorama Settings', _BOTH_NO, 'Device > Setup > Management > Panorama Settings',
        'Set the Panorama settings on each firewall. (The seed\'s list of which settings was lost in extraction.)',
        'config',
        ('deviceconfig/system/panorama', 'deviceconfig/system/panorama-server', 'deviceconfig/system/panorama-server-2'),
        'code', 'xpaths.md section 2: panorama/local-panorama (PAN-OS >= 9.1), panorama-server[-2] (< 9.1)',
        'panorama', 'may_differ',
    ),
    _item(
        'snmp', 'SNMP', _BOTH_NO, 'Device > Setup > Operations > SNMP Setup', _PATH_ONLY,
        'config', ('deviceconfig/system/snmp-setting',), 'weak',
        'xpaths.md section 2 (several third-party parsers; pango keeps snmp-setting raw)', 'snmp', 'may_differ',
    ),
    _item(
        'services', 'Services', _BOTH_NO, 'Device > Setup > Services',
        _PATH_ONLY + ' The Services tab holds DNS, NTP, the update server and the proxy server.',
        'config', _union(_SERVICES_PARTS), 'code', 'xpaths.md section 2 (pan-os-python SystemSettings, NTPServer)',
        None, 'mixed', parts=_SERVICES_PARTS,
    ),
    _item(
        'service_routes', 'Global Service Routes', _BOTH_NO, 'Device > Setup > Services > Service Route Configuration',
        _PATH_ONLY, 'config', ('deviceconfig/system/route',), 'weak',
        'xpaths.md section 2 (third-party code reads route/service; pango keeps route raw)', 'service_routes', 'may_differ',
    ),
    # Telemetry is only in the A/A table. Read literally, the seed says it syncs in A/P: the A/P table is
    # the list of what does not sync, and it does not list telemetry. Two things argue the other way and
    # are recorded in the caveat: seed 001 says "any config that is specific to a device such as
    # management config in Setup" does not sync, and older admin guides listed telemetry in the A/P table.
    # Supporting the literal reading, pan-os-python leaves device.Telemetry at HA_SYNC = True (it writes it
    # to the active peer). We follow the seed: A/P 'yes'.
    _item(
        'telemetry', 'Telemetry and Threat Intelligence Settings', _AA_ONLY,
        'Device > Setup > Telemetry and Threat Intelligence', _PATH_ONLY,
        'config', ('deviceconfig/system/update-schedule/statistics-service', 'deviceconfig/system/device-telemetry'),
        'code', 'xpaths.md section 2 (pan-os-python device.Telemetry; pango config_v3 device-telemetry)',
        'telemetry', 'may_differ',
        caveat='Listed only in the A/A table, so recorded as syncing in A/P. Seed 001 ("management config in Setup '
               'is not synchronized") and older admin guides suggest it may not sync in A/P either; '
               'peer_settings allows it in A/P only with the explicit override.',
    ),
    _item(
        'data_protection', 'Data Protection', _BOTH_NO, 'Device > Setup > Content-ID > Manage Data Protection',
        _PATH_ONLY, 'config', (), 'missing', 'not found (xpaths.md)', None, 'may_differ',
    ),
    _item(
        'jumbo_frames', 'Jumbo Frames', _BOTH_NO, 'Device > Setup > Session > Session Settings > Enable Jumbo Frame',
        _PATH_ONLY + ' A mismatch makes the receiving peer\'s HA-Sync job fail when an interface MTU is above 1500 '
        '(seed 001).',
        'config', ('deviceconfig/setting/jumbo-frame',), 'weak',
        'xpaths.md section 2 (config path: two third-party hits; op read-back: sample)', 'jumbo_frames', 'must_match',
        op_read={'cli': 'show system setting jumbo-frame', 'field': 'result (on|off)'},
    ),
    _item(
        'packet_buffer_protection', 'Packet Buffer Protection', _BOTH_NO,
        'Device > Setup > Session > Session Settings > Packet Buffer Protection; '
        'Network > Zones > Enable Packet Buffer Protection',
        _PATH_ONLY + ' Both the global session settings and the per-zone flag are listed.',
        'config',
        (
            'deviceconfig/setting/session/packet-buffer-protection-enable',
            'deviceconfig/setting/session/packet-buffer-protection-alert',
            'deviceconfig/setting/session/packet-buffer-protection-activate',
            'deviceconfig/setting/session/packet-buffer-protection-latency-alert',
            'deviceconfig/setting/session/packet-buffer-protection-latency-activate',
            'vsys/entry/zone/entry/network/enable-packet-buffer-protection',
        ),
        'weak', 'xpaths.md section 2 (session leaves: two third-party parsers; zone flag: pango)',
        'packet_buffer_protection', 'may_differ',
    ),
    _item(
        'forward_proxy_cert', 'Forward Proxy Server Certificate Settings', _BOTH_NO,
        'Device > Setup > Session > Decryption Settings > SSL Forward Proxy Settings', _PATH_ONLY,
        'config', (), 'missing', 'not found: somewhere under deviceconfig/setting/ssl-decrypt (xpaths.md)', None, 'may_differ',
    ),
    # "Master Key Secured by HSM" is only in the A/P table, "HSM Configuration" only in the A/A table.
    # A/A: the master-key-on-HSM flag is part of Device > Setup > HSM, which does not sync in A/A as a
    # whole, so master_key_hsm is 'no' in A/A too (the seed says so through the HSM Configuration row).
    # A/P: only the master-key flag is listed, so the rest of the HSM configuration syncs (hsm: A/P 'yes').
    # The flag's own leaf inside hsm-settings is unknown (pango keeps hsm-settings raw), so its XPath is
    # the whole container: in A/P the non-synced XPath list therefore covers hsm-settings although the
    # rest of the HSM configuration syncs (see the caveats).
    _item(
        'master_key_hsm', 'Master Key Secured by HSM',
        {'active-passive': NOT_SYNCED, 'active-active': NOT_SYNCED},
        'Device > Setup > HSM > Hardware Security Module Provider > Master Key Secured by HSM', _PATH_ONLY,
        'config', ('deviceconfig/system/hsm-settings',), 'weak',
        'xpaths.md section 2 gives the container only (pango config_v3, raw); the flag\'s leaf is unknown',
        None, 'must_match',
        op_read={'cli': 'show system masterkey-properties', 'field': 'on-hsm'},
        caveat='Only in the A/P table; in A/A it is covered by "HSM Configuration". Its XPath is the whole '
               'hsm-settings container, which over-approximates in A/P.',
    ),
    _item(
        'hsm', 'HSM Configuration', _AA_ONLY, 'Device > Setup > HSM', _PATH_ONLY,
        'config', ('deviceconfig/system/hsm-settings',), 'code', 'xpaths.md section 2 (pango config_v3, raw)',
        None, 'may_differ',
        caveat='Only in the A/A table, so recorded as syncing in A/P, except the "Master Key Secured by HSM" '
               'setting (see master_key_hsm), whose XPath is the same container.',
    ),
    _item(
        'log_export', 'Log Export Settings', _BOTH_NO, 'Device > Scheduled Log Export', _PATH_ONLY,
        'config', ('deviceconfig/system/log-export-schedule',), 'code', 'xpaths.md section 2 (pango)',
        'log_export', 'may_differ',
    ),
    _item(
        'software_updates', 'Software Updates', _BOTH_NO, 'Device > Software',
        'Download and install on each firewall, or download on one peer and sync the update to the other; '
        'install it on each peer.',
        'op_state', (), None, None, None, 'must_match',
        op_read={'cli': _SYSTEM_INFO, 'field': 'system/sw-version'},
    ),
    _item(
        'globalprotect_agent', 'GlobalProtect Agent Package', _BOTH_NO, 'Device > GlobalProtect Client',
        'Download and install on each firewall, or download to one peer and sync the update to the other; '
        'activate it separately on each peer.',
        'op_state', (), None, None, None, 'must_match',
        op_read={'cli': _SYSTEM_INFO, 'field': 'system/global-protect-client-package-version'},
    ),
    _item(
        'content_updates', 'Content Updates', _BOTH_NO, 'Device > Dynamic Updates',
        'Download and install on each firewall, or download on one peer and sync the update to the other; '
        'install it on each peer.',
        'op_state', (), None, None, None, 'must_match',
        op_read={'cli': _SYSTEM_INFO,
                 'field': 'system/{app-version, threat-version, av-version, wildfire-version, url-filtering-version}'},
    ),
    _item(
        'licenses', 'Licenses/Subscriptions', _BOTH_NO, 'Device > Licenses',
        'The seed row gives only the GUI path: licenses and subscriptions are installed on each firewall.',
        'op_state', (), None, None, None, 'must_match',
        op_read={'cli': 'request license info', 'field': 'licenses/entry/feature'},
    ),
    _item(
        'support', 'Support Subscription', _BOTH_NO, 'Device > Support',
        'The seed row gives only the GUI path: the support subscription is activated on each firewall.',
        'op_state', (), None, None, None, 'may_differ',
    ),
    _item(
        'master_key', 'Master Key', _BOTH_NO, 'Device > Master Key and Diagnostics',
        'The master key must be identical on both peers but is entered manually on each. Before changing it, '
        'disable config sync on both peers (Device > High Availability > General > Setup, clear Enable Config '
        'Sync) and re-enable it after changing the keys.',
        'op_state', ('deviceconfig/system/auto-renew-mkey-lifetime',), 'code',
        'the key itself is op state (request master-key); the auto-renew lifetime is config (xpaths.md, pango)',
        None, 'must_match',
        op_read={'cli': 'show system masterkey-properties', 'field': 'expire-at, remind-at, on-hsm, auto-renew-mkey'},
    ),
    _item(
        'reports_logs_dashboard', 'Reports, logs, and Dashboard Settings', _BOTH_NO, None,
        'Log data, reports, and Dashboard data and settings (column display, widgets) are not synced. Report '
        'configuration settings are synced.',
        'not_config',
    ),
    _item(
        'ha_settings', 'HA settings', _BOTH_NO, 'Device > High Availability',
        'HA configuration is kept per firewall (A/P row: GUI path only; the A/A row\'s cell is empty in the seed). '
        'The parts say which settings must match and which must differ.',
        'config', (_HA,), 'code', 'xpaths.md section 1 (pan-os-python ha.py, HA_SYNC = False; pango dev/ha)',
        'ha_election', 'mixed', parts=_HA_PARTS,
    ),
    _item(
        'decryption_sessions', 'Decryption', _BOTH_NO, None,
        'After a failover, firewalls do not support HA sync for decrypted SSL sessions.',
        'not_config',
    ),
    _item(
        'rule_usage', 'Rule Usage Data', _BOTH_NO, None,
        'Rule usage data (hit count, Created and Modified dates) is not synced; view it on each firewall or '
        'through Panorama.',
        'not_config',
    ),
    _item(
        'mgmt_certificates', 'Certificates for Device Management and Syslog Communication over SSL only', _BOTH_NO,
        'Device > Certificate Management > Certificates',
        'Certificates used for device management or for syslog over SSL don\'t sync. The A/P table adds: the '
        'management-interface certificates may differ, but the certificate entry name should be the same on both '
        'peers.',
        'config', (), 'missing',
        'no static XPath: which certificate entries are meant depends on what the management SSL/TLS service '
        'profile and the syslog profiles reference', None, 'may_differ',
    ),
    _item(
        'certificate_profiles', 'Certificates in a Certificate Profile', _BOTH_NO,
        'Device > Certificate Management > Certificate Profile', _PATH_ONLY,
        'config', (), 'missing',
        'no static XPath: the certificates meant are those referenced by certificate profiles', None, 'may_differ',
    ),
    _item(
        'mgmt_ssl_tls_profile', 'SSL/TLS Service Profile for Device Management only', _BOTH_NO,
        'Device > Certificate Management > SSL/TLS Service Profile',
        'The SSL/TLS Service Profile for device management doesn\'t sync.',
        'config', ('deviceconfig/system/ssl-tls-service-profile',), 'code',
        'the selection of the management profile (xpaths.md section 2, pango config_v3); the profile object it '
        'names is not listed', 'management', 'may_differ',
    ),
    _item(
        'device_id_iot', 'Device-ID and IoT Security', _BOTH_NO, None,
        'IP address-to-device mappings and policy rule recommendations don\'t sync.',
        'not_config',
    ),
    # --- rows of the A/A table only: in A/P these sync (the pair shares one set of addresses and routes).
    _item(
        'ethernet_ip', 'Ethernet Interface IP Addresses', _AA_ONLY, 'Network > Interface > Ethernet',
        'All Ethernet interface settings sync except the IP address. Aggregate (ae) interfaces, added on the '
        'Ethernet tab, are included.',
        'config',
        (
            'network/interface/ethernet/entry/layer3/ip',
            'network/interface/ethernet/entry/layer3/ipv6/address',
            'network/interface/ethernet/entry/layer3/units/entry/ip',
            'network/interface/ethernet/entry/layer3/units/entry/ipv6/address',
            'network/interface/aggregate-ethernet/entry/layer3/ip',
            'network/interface/aggregate-ethernet/entry/layer3/ipv6/address',
            'network/interface/aggregate-ethernet/entry/layer3/units/entry/ip',
            'network/interface/aggregate-ethernet/entry/layer3/units/entry/ipv6/address',
        ),
        'code', 'pan-os-python network.EthernetInterface / AggregateInterface / Layer3Subinterface / IPv6Address',
        'interface_addresses', 'must_differ',
    ),
    _item(
        'loopback_ip', 'Loopback Interface IP Addresses', _AA_ONLY, 'Network > Interface > Loopback',
        'All Loopback interface settings sync except the IP address.',
        'config',
        ('network/interface/loopback/units/entry/ip', 'network/interface/loopback/units/entry/ipv6/address'),
        'code', 'pan-os-python network.LoopbackInterface / IPv6Address', 'interface_addresses', 'must_differ',
    ),
    _item(
        'tunnel_ip', 'Tunnel Interface IP Addresses', _AA_ONLY, 'Network > Interface > Tunnel',
        'All Tunnel interface settings sync except the IP address.',
        'config',
        ('network/interface/tunnel/units/entry/ip', 'network/interface/tunnel/units/entry/ipv6/address'),
        'code', 'pan-os-python network.TunnelInterface / IPv6Address', 'interface_addresses', 'must_differ',
    ),
    _item(
        'lacp_system_priority', 'LACP System Priority', _AA_ONLY,
        'Network > Interface > Ethernet > Add Aggregate Group > System Priority',
        'Each peer must have a unique LACP System ID in an active/active deployment.',
        'config',
        (
            'network/interface/aggregate-ethernet/entry/layer3/lacp/system-priority',
            'network/interface/aggregate-ethernet/entry/layer2/lacp/system-priority',
            'network/interface/aggregate-ethernet/entry/ha/lacp/system-priority',
        ),
        'code', 'pan-os-codegen specs/network/interface/aggregate.yaml (lacp/system-priority, 1-65535)',
        'lacp', 'must_differ',
    ),
    _item(
        'vlan_ip', 'VLAN Interface IP Address', _AA_ONLY, 'Network > Interface > VLAN',
        'All VLAN interface settings sync except the IP address.',
        'config',
        ('network/interface/vlan/units/entry/ip', 'network/interface/vlan/units/entry/ipv6/address'),
        'code', 'pan-os-python network.VlanInterface / IPv6Address', 'interface_addresses', 'must_differ',
    ),
    _item(
        'virtual_routers', 'Virtual Routers', {'active-passive': SYNCS, 'active-active': 'vr_sync'},
        'Device > High Availability > Active/Active Config > Packet Forwarding',
        'Virtual router configuration syncs only if VR Sync is enabled; whether to enable it depends on the '
        'network design, including asymmetric routing.',
        'config', ('network/virtual-router',), 'code', 'pan-os-python network.VirtualRouter', None, 'may_differ',
    ),
    _item(
        'ipsec_tunnels', 'IPSec Tunnels', {'active-passive': SYNCS, 'active-active': 'floating_ip'},
        'Device > High Availability > Active/Active Config > Virtual Address',
        'Syncs automatically when the Virtual Addresses use floating IP addresses; otherwise configure it on each '
        'peer.',
        'config', ('network/tunnel/ipsec',), 'code', 'pan-os-python network.IpsecTunnel', None, 'may_differ',
    ),
    _item(
        'globalprotect_portal', 'GlobalProtect Portal Configuration',
        {'active-passive': SYNCS, 'active-active': 'floating_ip'}, 'Network > GlobalProtect > Portals',
        'Syncs automatically when the Virtual Addresses use floating IP addresses; otherwise configure the portal '
        'on each peer.',
        'config', ('vsys/entry/global-protect/global-protect-portal',), 'code',
        'pan-os-codegen specs/network/globalprotect-portal.yaml (under vsys)', None, 'may_differ',
    ),
    _item(
        'globalprotect_gateway', 'GlobalProtect Gateway Configuration',
        {'active-passive': SYNCS, 'active-active': 'floating_ip'}, 'Network > GlobalProtect > Gateways',
        'Syncs automatically when the Virtual Addresses use floating IP addresses; otherwise configure the gateway '
        'on each peer.',
        'config', ('vsys/entry/global-protect/global-protect-gateway',), 'sample',
        'a real vsys config and a GlobalProtect client class (code index); not in xpaths.md', None, 'may_differ',
    ),
    _item(
        'qos', 'QoS', {'active-passive': SYNCS, 'active-active': 'qos_sync'},
        'Device > High Availability > Active/Active Config > Packet Forwarding',
        'QoS configuration syncs only if QoS Sync is enabled; you might not sync it when links have different '
        'bandwidth or service providers different latency.',
        'config', ('network/qos',), 'weak', 'PAN-OS schema container network/qos (not found in a client library)',
        None, 'may_differ',
    ),
    # The LLDP row speaks of state and per-firewall data ("No LLDP state or individual firewall data is
    # synchronized"), not of LLDP profile configuration, so it is recorded as not configuration and the
    # LLDP profiles (network/profiles/lldp-profile) are left to sync.
    _item(
        'lldp', 'LLDP', _AA_ONLY, 'Network > Network Profiles > LLDP',
        'No LLDP state or individual firewall data is synchronized in active/active.',
        'not_config',
        caveat='Read as runtime data; LLDP profile configuration is not claimed by the seed and is treated as synced.',
    ),
    _item(
        'bfd', 'BFD', _AA_ONLY, 'Network > Network Profiles > BFD Profile',
        'No BFD configuration or BFD session data is synchronized in active/active.',
        'config', ('network/profiles/bfd-profile',), 'code', 'pango netw/profile/bfd', None, 'may_differ',
    ),
    _item(
        'ike_gateways', 'IKE Gateways', {'active-passive': SYNCS, 'active-active': 'floating_ip'},
        'Network > IKE Gateways',
        'Syncs automatically when the Virtual Addresses use floating IP addresses; otherwise configure the IKE '
        'gateways on each peer.',
        'config', ('network/ike/gateway',), 'code', 'pan-os-python network.IkeGateway', None, 'may_differ',
    ),
)

ITEMS_BY_KEY = {item['key']: item for item in NON_SYNCED_ITEMS}


def _runtime(key, title, plane, ap, aa, link, note=''):
    return {'key': key, 'title': title, 'plane': plane, 'synced': {'active-passive': ap, 'active-active': aa},
            'link': link, 'note': note}


_PAN_OS_MISMATCH = "If the PAN-OS versions on the HA peers don't match, the %s config information won't sync."

# "System Runtime Information Synchronized Between HA Peers", every row, in the seed's order.
RUNTIME_ITEMS = (
    _runtime('user_group_mappings', 'User to Group Mappings', 'management', True, True, 'HA1'),
    _runtime('user_mappings_across_vsys', 'User Mappings across Virtual Systems', 'management', True, True, 'HA1'),
    _runtime('user_ip_mappings', 'User to IP Address Mappings', 'management', True, True, 'HA1',
             'In A/A only the active-primary peer connects to User-ID servers or agents; if it is suspended or '
             'offline, the active-secondary peer connects.'),
    _runtime('dhcp_server_leases', 'DHCP Lease (as server)', 'management', True, True, 'HA1',
             _PAN_OS_MISMATCH % 'DHCP Lease (as server)'),
    _runtime('dns_cache', 'DNS Cache', 'management', False, False, None),
    _runtime('fqdn_refresh', 'FQDN Refresh', 'management', False, False, None),
    _runtime('ike_sa_phase1', 'IKE SAs [Security Associations] (phase 1)', 'management', False, False, None),
    _runtime('fib', 'Forward Information Base (FIB)', 'management', True, False, 'HA1'),
    _runtime('mfib', 'Multicast FIB (MFIB)', 'management', True, False, 'HA1'),
    _runtime('pandb_url_cache', 'PAN-DB URL Cache', 'management', True, False, 'HA1',
             'Synchronized upon database backup to disk (every eight hours, when the URL database version updates) '
             'or when the firewall reboots.'),
    _runtime('content_manual_sync', 'Content (manual sync)', 'management', True, True, 'HA1'),
    _runtime('pppoe', 'PPPoE, PPPoE Lease', 'management', True, True, 'HA1'),
    _runtime('dhcp_client', 'DHCP Client Settings and Lease', 'management', True, True, 'HA1',
             _PAN_OS_MISMATCH % 'DHCP Client Settings and Lease'),
    _runtime('ssl_vpn_users', 'SSL VPN Logged in User List', 'management', True, True, 'HA1'),
    _runtime('session_table', 'Session Table', 'dataplane', True, True, 'HA2',
             'The seed\'s Details cell for this row is empty. `request high-availability runtime-state` forces '
             'its synchronization (seed 001).'),
    _runtime('arp_table', 'ARP Table', 'dataplane', True, False, 'HA2'),
    _runtime('multicast_session_table', 'Multicast Session Table', 'dataplane', True, False, 'HA2'),
    _runtime('nd_table', 'Neighbor Discovery (ND) Table', 'dataplane', True, False, 'HA2'),
    _runtime('mac_table', 'MAC Table', 'dataplane', True, False, 'HA2'),
    _runtime('ipsec_sa_phase2', 'IPSec SAs [Security Associations] (phase 2)', 'dataplane', True, True, 'HA2'),
    _runtime('ipsec_sequence_number', 'IPSec Sequence Number (anti-replay)', 'dataplane', True, True, 'HA2'),
    _runtime('dos_block_list', 'DoS Block List Entries', 'dataplane', False, False, None),
    _runtime('virtual_mac', 'Virtual MAC', 'dataplane', True, True, 'HA2'),
    _runtime('sctp_associations', 'SCTP Associations', 'dataplane', True, False, 'HA2'),
)


def _target(name, description, source, op_path, link=None):
    return {'name': name, 'description': description, 'source': source, 'op_path': op_path,
            'cli': ' '.join(op_path), 'link': link}


_S2R = ('request', 'high-availability', 'sync-to-remote')

# `request high-availability sync-to-remote <target>` (descriptions: the CLI help in seed 000, or seed 001)
# plus the separate `request high-availability runtime-state` (seed 001). op_path: the op command's XML
# element names, outermost first (<request><high-availability><sync-to-remote><running-config/>...).
SYNC_TARGETS = (
    _target('running-config', 'Sync running configuration to peer', 'seed 000 (CLI help)', _S2R + ('running-config',),
            'HA1'),
    _target('candidate-config', 'Sync candidate configuration to peer', 'seed 000 (CLI help)',
            _S2R + ('candidate-config',), 'HA1'),
    _target('clock', 'Sync the local time and date to the peer', 'seed 000 (CLI help)', _S2R + ('clock',)),
    _target('ssh-key', 'Sync ha ssh key to peer', 'seed 000 (CLI help)', _S2R + ('ssh-key',)),
    # The CLI help text of id-manager is just "id-manager" (the User-ID manager); the seed says no more.
    _target('id-manager', 'id-manager', 'seed 000 (CLI help)', _S2R + ('id-manager',)),
    _target('disk-state', 'Force the system to synchronize objects that are not saved as part of the system '
            'configuration, for example custom block and logon pages. This process operates over the HA control '
            'link.', 'seed 001', _S2R + ('disk-state',), 'HA1'),
    _target('runtime-state', 'Manually sync the runtime session state. This is normally automatically done, but if '
            'needed this command can be executed to force the synchronization of the session table',
            'seed 001 (separate command, not a sync-to-remote target)', ('request', 'high-availability', 'runtime-state')),
)

TARGETS_BY_NAME = {target['name']: target for target in SYNC_TARGETS}


def _blocker(code, applies_to, text, remediation, severity='blocker', source='seed 000', evidence=None):
    return {'code': code, 'applies_to': applies_to, 'text': text, 'severity': severity, 'remediation': remediation,
            'source': source, 'evidence': evidence}


_HA_STATE = 'show high-availability state: '

# "Reasons That Synchronization Doesn't Happen" (seed 000): every bullet, text verbatim, then the extra
# documented causes the collection also checks (source says where each is documented). Codes are a
# public, stable interface (preflight returns them; job_info's failure_reasons use the same codes).
SYNC_BLOCKERS = (
    _blocker('state_sync_disabled', 'sessions', 'If you disable session (state) synchronization.',
             'Enable state synchronization on both peers (hapair.panos.sync_settings state_sync=true).',
             evidence='config ' + _HA + '/group/state-synchronization/enabled'),
    _blocker('ha2_down', 'sessions', 'If the HA2 link or connection is down.',
             'Restore the HA2 link (or HA2 backup) between the peers: check cabling, ports and HA2 addresses.',
             evidence=_HA_STATE + 'peer-info/conn-ha2/conn-status'),
    _blocker('config_sync_disabled', 'config', 'If you disabled configuration synchronization on either HA peer.',
             'Enable configuration synchronization on both peers (hapair.panos.sync_settings config_sync=true).',
             evidence=_HA_STATE + 'group/running-sync-enabled'),
    _blocker('version_incompatible', 'config', 'If the PAN-OS versions are incompatible on HA peers.',
             'Install the same PAN-OS version on both peers, then sync.',
             evidence='show system info: sw-version of both peers (major.minor must match); '
                      + _HA_STATE + 'local-info/build-compat'),
    _blocker('config_not_synchronized', 'config', 'If configurations on HA peers are not already synchronized.',
             'Push the configuration from the active peer (hapair.panos.sync_to_remote target=running-config), '
             'then verify running-sync is synchronized.',
             evidence=_HA_STATE + 'group/running-sync'),
    _blocker('multi_vsys_mismatch', 'config',
             'If Multi Virtual System Capability is enabled on one HA peer and not the other.',
             'Enable (or disable) Multi Virtual System Capability on both peers alike.',
             evidence='show system info: system/multi-vsys of both peers'),
    # show system info fields gtp / sctp: ASSUMED names (no real sample shows them; tests/emulator/ASSUMPTIONS.md).
    _blocker('gtp_mismatch', 'config', 'If GTP is enabled on one HA peer and not the other.',
             'Enable (or disable) GTP on both peers alike.',
             evidence='show system info: system/gtp of both peers (field name assumed)'),
    _blocker('sctp_mismatch', 'config', 'If SCTP is enabled on one HA peer and not the other.',
             'Enable (or disable) SCTP on both peers alike.',
             evidence='show system info: system/sctp of both peers (field name assumed)'),
    _blocker('vpn_mismatch', 'config', 'If VPN is enabled on one HA peer and not the other.',
             'Enable (or disable) VPN on both peers alike.',
             evidence='show system info: system/vpn-disable-mode of both peers'),
    _blocker('features_mismatch', 'config', "If the same features aren't enabled on both HA peers.",
             'Enable the same features on both peers.',
             evidence='show system info: every other on/off flag of system/ (e.g. advanced-routing) of both peers'),
    _blocker('dataplane_not_ready', 'config', "If the dataplane and slots aren't ready on an HA peer.",
             'Wait until the dataplane and all slots are up on both peers (show chassis-ready), then sync.',
             evidence='show chassis-ready on each peer (yes when ready)'),
    _blocker('url_db_incompatible', 'config', 'If the URL databases are incompatible on the HA peers.',
             'Use the same URL filtering database vendor and a compatible version on both peers.',
             evidence=_HA_STATE + 'local-info/url-compat; show system info: url-db'),
    _blocker('license_mismatch', 'config', "If the licenses aren't the same on the HA peers.",
             'Install the same licenses and subscriptions on both peers.',
             evidence='request license info of both peers; ' + _HA_STATE + 'local-info/vm-license-compat'),
    _blocker('plugin_mismatch', 'config',
             'Additionally, a plugin mismatch might (not always) prevent configurations from synchronizing.',
             'Install the same plugin versions on both peers.', severity='warning',
             evidence='show system info: system/plugin_versions (or show plugins packages) of both peers'),
    # --- extra documented causes
    _blocker('jumbo_frame_mismatch', 'config', 'The issue may be caused by an Jumbo Frame settings mismatch.',
             'Set Enable Jumbo Frame (Device > Setup > Session) the same on both peers '
             '(hapair.panos.peer_settings jumbo_frames), then sync.',
             source='seed 001 (PAN KB "Active to Passive Configuration Sync Failing for High Availability")',
             evidence='show system setting jumbo-frame of both peers; HA-Sync job detail '
                      '"device is not in jumbo-frame mode but interface ... mtu is greater than 1500"'),
    # Text: the seed 000 Master Key row, with the GUI path separators the extraction dropped restored.
    _blocker('master_key_mismatch', 'config',
             'The master key must be identical on each firewall in the HA pair, but you must manually enter it on '
             'each firewall (Device > Master Key and Diagnostics).',
             'Set the same master key on both peers with config sync disabled on both, then re-enable config sync '
             '(hapair.panos.master_key).',
             source='seed 000 (Master Key row of both tables)',
             evidence='show system masterkey-properties of both peers (the key itself cannot be read)'),
    _blocker('ha1_down', 'config', 'Configuration: Configuration changes to either active or passive unit are '
             'synchronized to peer device.',
             'Restore the HA1 link (or HA1 backup) between the peers: check cabling, ports and HA1 addresses.',
             source='seed 001 ("Control Plane Synchronization Over HA1 link"): configuration syncs over HA1',
             evidence=_HA_STATE + 'peer-info/conn-ha1/conn-status'),
    _blocker('commit_pending', 'config', 'Any configuration in the commit queue at the time of an HA sync will '
             'not be synchronized.',
             'Wait for queued and running commits to finish (hapair.panos.job_info), then sync.', severity='warning',
             source='seed 000 (introduction: only committed configurations synchronize)',
             evidence='show jobs all: Commit jobs not FIN'),
    _blocker('sync_in_progress', 'config', 'An HA-Sync job is running: the peers are being synchronized.',
             'Wait for the HA-Sync job on the receiving peer to finish (hapair.panos.job_info types=[HA-Sync]), '
             'then run the preflight again.',
             source='hapair.panos policy: while one sync runs PAN-OS refuses another ("Another sync is in progress", '
                    'pan-os-python PanHASyncInProgress), and the outcome of the running one is not known yet',
             evidence=_HA_STATE + 'group/running-sync ("synchronization in progress")'),
    _blocker('config_locked', 'config', 'Another administrator holds a config or commit lock on a peer.',
             'Ask the administrator named in the evidence to finish and release the lock (or remove it with '
             'request config-lock remove / request commit-lock remove), then re-run.',
             source='hapair.panos policy: never commit while another administrator holds a config or commit lock '
                    '(PAN-OS refuses other administrators\' changes and commits while it is held)',
             evidence='show config-locks and show commit-locks of each peer (locks of other admins)'),
    _blocker('uncommitted_changes', 'config', 'The candidate configuration of a peer has uncommitted changes.',
             'Commit or revert the pending changes on that peer before the change window; only committed '
             'configuration synchronizes, and a full commit would push them.', severity='warning',
             source='seed 000 (introduction: only committed configurations synchronize)',
             evidence='check pending-changes on each peer'),
    _blocker('ha_disabled', 'config', 'High availability is not enabled on a peer.',
             'Enable HA on both peers (Device > High Availability > General > Setup), then re-run.',
             source='no HA, no synchronization (show high-availability all: enabled)',
             evidence='show high-availability all: enabled of each peer'),
)

BLOCKERS_BY_CODE = {blocker['code']: blocker for blocker in SYNC_BLOCKERS}


# ----------------------------------------------------------------------------------------- accessors

def normalize_mode(mode):
    """'Active-Passive' / 'active_passive' / 'active-passive' -> 'active-passive'; ValueError otherwise."""
    text = str(mode or '').strip().lower().replace('_', '-').replace('/', '-')
    if text in ('ap', 'a-p'):
        text = 'active-passive'
    elif text in ('aa', 'a-a'):
        text = 'active-active'
    if text not in MODES:
        raise ValueError(f"unknown HA mode {mode!r}: expected one of {', '.join(MODES)}")
    return text


def _conditions(conditions):
    conditions = dict(conditions or {})
    unknown = sorted(set(conditions) - set(CONDITIONS))
    if unknown:
        raise ValueError(f"unknown sync condition(s) {', '.join(unknown)}: expected {', '.join(CONDITIONS)}")
    return {name: bool(conditions.get(name, False)) for name in CONDITIONS}


def get_item(key):
    """The catalog record of a non-synced item; KeyError naming the known keys otherwise."""
    try:
        return ITEMS_BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown catalog item {key!r}: expected one of {', '.join(ITEMS_BY_KEY)}") from None


def syncs(key, mode, conditions=None):
    """Whether item `key` syncs between peers in `mode`.

    `conditions` ({'vr_sync': bool, 'qos_sync': bool, 'floating_ip': bool}) decides the conditional A/A
    rows; a condition not given counts as False (the item is then treated as per-peer).
    """
    value = get_item(key)['modes'][normalize_mode(mode)]
    if value in (SYNCS, NOT_SYNCED):
        return value == SYNCS
    return _conditions(conditions)[value]


def items_for_mode(mode, conditions=None):
    """The items that do NOT sync in `mode` under `conditions`, in catalog order."""
    mode = normalize_mode(mode)
    conditions = _conditions(conditions)
    return [item for item in NON_SYNCED_ITEMS if not syncs(item['key'], mode, conditions)]


def absolute_xpath(xpath):
    """A catalog XPath made absolute (relative ones hang off DEVICE_ROOT)."""
    return xpath if xpath.startswith('/config') else DEVICE_ROOT + '/' + xpath


def non_synced_xpaths(mode, conditions=None, absolute=False):
    """The XPaths of every item that does not sync in `mode` (deduplicated, catalog order)."""
    seen = []
    for item in items_for_mode(mode, conditions):
        for xpath in item['xpaths']:
            xpath = absolute_xpath(xpath) if absolute else xpath
            if xpath not in seen:
                seen.append(xpath)
    return seen


def peer_settings_options():
    """peer_settings option name -> [{'item', 'part', 'xpaths', 'relationship'}] it manages."""
    options = {}
    for item in NON_SYNCED_ITEMS:
        if item['parts']:
            for part in item['parts']:
                if part['peer_settings_option']:
                    options.setdefault(part['peer_settings_option'], []).append(
                        {'item': item['key'], 'part': part['name'], 'xpaths': part['xpaths'],
                         'relationship': part['relationship']})
        elif item['peer_settings_option']:
            options.setdefault(item['peer_settings_option'], []).append(
                {'item': item['key'], 'part': None, 'xpaths': item['xpaths'], 'relationship': item['relationship']})
    return options


def blockers(applies_to=None):
    """SYNC_BLOCKERS, optionally only those that apply to 'config' or 'sessions'."""
    if applies_to not in (None, 'config', 'sessions'):
        raise ValueError(f"applies_to must be 'config', 'sessions' or None, not {applies_to!r}")
    return [b for b in SYNC_BLOCKERS if applies_to is None or b['applies_to'] == applies_to]


def get_blocker(code):
    """The SYNC_BLOCKERS record of `code`; KeyError naming the known codes otherwise."""
    try:
        return BLOCKERS_BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown blocker code {code!r}: expected one of {', '.join(BLOCKERS_BY_CODE)}") from None
