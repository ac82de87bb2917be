#!/usr/bin/python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: peer_settings
short_description: Configure the settings that HA does not synchronize, on one peer of a PAN-OS HA pair
version_added: 1.0.0
description:
  - Configures, on one peer, the settings that PAN-OS HA does not synchronize between the peers (management
    interface, DNS, NTP, Panorama, SNMP, service routes, telemetry, jumbo frames, packet buffer protection, log
    export, HA election settings; in active/active also interface addresses and the LACP system priority).
    Each peer gets its own values; run the module once per peer (or use the C(hapair.panos.peer_settings) role).
  - One typed option per item of the sync catalog (docs/sync-catalog.md); O(raw) covers anything else that does not
    sync, such as virtual routers without VR Sync, QoS without QoS Sync, IKE gateways, IPSec tunnels and
    GlobalProtect portals and gateways without floating IP addresses in active/active.
  - Refuses, before any change and with reason C(item_syncs), a setting that DOES sync in the pair's HA mode and
    sync conditions (for example telemetry or interface addresses in active/passive, virtual routers with VR Sync
    on), because it belongs on the active peer from where HA synchronizes it; O(allow_synced=true) overrides.
  - Compares what is asked with the running configuration field by field; the same comparison gives C(changed),
    the check-mode prediction and the diff. Idempotent. Options left out, and fields left out of an option, are
    left alone.
  - Commits only its own change (a partial commit by the admin of the provider). Before changing anything it
    refuses when a commit is queued or running on the peer, when another administrator holds a config or commit
    lock, when the candidate already differs from the running configuration where it would write (someone
    else's uncommitted change), and when the other peer has uncommitted changes (the HA config sync that follows
    the commit would overwrite them). Another administrator's uncommitted change elsewhere on the peer is
    neither committed nor lost.
  - After the commit it waits for the HA-Sync job the commit starts on the other peer, then reads the settings
    back and fails unless they show what was asked. When a write or the commit fails, it puts the candidate back
    to the running configuration where it wrote, so no half-done change of its own is left behind.
  - Secrets (the SNMP community, log export passwords, secret leaves of O(raw) elements) are never returned; the
    result and the diff show them as C(********).
author: hapair.panos developers (@hapair)
extends_documentation_fragment:
  - hapair.panos.provider
  - hapair.panos.provider.pair
  - hapair.panos.peers.peer
  - hapair.panos.attributes
  - hapair.panos.attributes.state_changing
attributes:
  check_mode:
    details: Reads the configuration and runs every refusal check; sends no state-changing request.
  diff_mode:
    support: full
notes:
  - Text values are stored literally (C(<), C(&), quotes included); an empty string V('') removes a text setting.
  - Lists (O(management.permitted_ip), O(panorama.servers), O(interface_addresses[].addresses)) are replaced as a
    whole. Entries of list options are matched by their key; fields left out of an entry are left alone.
  - Enabling or disabling jumbo frames takes effect on PAN-OS only after a reboot; they must match on both peers
    (a mismatch makes HA-Sync fail when an interface MTU is above 1500).
  - Secrets the device returns only in encrypted form cannot be compared; see O(update_secrets).
options:
  allow_synced:
    description:
      - Configure a setting on this peer even though it syncs in the pair's mode. The commit's HA config sync may
        copy it to the other peer.
    type: bool
    default: false
  update_secrets:
    description:
      - V(changed) writes a secret when the device's value differs or is absent; a value the device shows only
        encrypted cannot be compared and is left alone (with a warning).
      - V(always) writes every given secret; the task then always reports a change.
    type: str
    choices: [changed, always]
    default: changed
  overwrite_peer_changes:
    description:
      - With config sync enabled, the commit starts PAN-OS's automatic config sync, which replaces the other peer's
        candidate configuration. By default the module first reads the other peer (C(check pending-changes),
        C(show config-locks), C(show commit-locks)) and refuses, before changing anything, when it holds
        uncommitted changes or another administrator's lock, or when it cannot be read.
      - V(true) goes on anyway; what is overwritten (or that the peer could not be checked) is named in a warning.
    type: bool
    default: false
  timeout:
    description:
      - Seconds to wait for the commit job, and for the HA-Sync job the commit starts on the other peer.
    type: int
    default: 600
  # BEGIN typed options: generated from module_utils/settings/options.py (make docs); edit them there
  management:
    description:
      - Management interface settings (Device > Setup > Management).
    type: dict
    suboptions:
      hostname:
        description: Host name of this peer. Must differ between the peers.
        type: str
      domain:
        description: DNS domain.
        type: str
      login_banner:
        description: Login banner text, stored literally.
        type: str
      timezone:
        description: Time zone, for example V(Europe/Berlin) or V(UTC).
        type: str
      locale:
        description: Locale, for example V(en).
        type: str
      ssl_tls_service_profile:
        description: Name of the SSL/TLS service profile of the management interface.
        type: str
      ip_type:
        description: Static address or DHCP client.
        type: str
        choices: [static, dhcp-client]
      ip_address:
        description: Management IPv4 address. Must differ between the peers.
        type: str
      netmask:
        description: Management netmask.
        type: str
      default_gateway:
        description: Management default gateway.
        type: str
      ipv6_address:
        description: Management IPv6 address with prefix length.
        type: str
      ipv6_default_gateway:
        description: Management IPv6 default gateway.
        type: str
      speed_duplex:
        description: Speed and duplex of the management port, for example V(auto-negotiate).
        type: str
      mtu:
        description: MTU of the management port (576 to 1500).
        type: int
      permitted_ip:
        description: Addresses allowed to reach the management interface (replaces the list; V([]) removes it).
        type: list
        elements: str
      services:
        description:
          - Management services; V(true) enables the service (PAN-OS stores C(disable-<service>) = no).
        type: dict
        suboptions:
          http:
            description: HTTP.
            type: bool
          https:
            description: HTTPS.
            type: bool
          telnet:
            description: Telnet.
            type: bool
          ssh:
            description: SSH.
            type: bool
          icmp:
            description: Ping.
            type: bool
          snmp:
            description: SNMP.
            type: bool
          userid_service:
            description: User-ID service.
            type: bool
      authentication_profile:
        description: Authentication profile for administrators.
        type: str
      certificate_profile:
        description: Certificate profile for administrators.
        type: str
  dns:
    description:
      - DNS servers (Device > Setup > Services).
    type: dict
    suboptions:
      primary:
        description: Primary DNS server.
        type: str
      secondary:
        description: Secondary DNS server; V('') removes it.
        type: str
  ntp:
    description:
      - NTP servers (Device > Setup > Services > NTP).
    type: dict
    suboptions:
      primary:
        description: Address of the primary NTP server.
        type: str
      secondary:
        description: Address of the secondary NTP server; V('') removes the secondary server.
        type: str
  panorama:
    description:
      - Panorama servers (Device > Setup > Management > Panorama Settings, PAN-OS 9.1 and later layout).
    type: dict
    suboptions:
      servers:
        description: Up to two Panorama addresses, primary first (replaces both; V([]) removes them).
        type: list
        elements: str
  snmp:
    description:
      - SNMP setup (Device > Setup > Operations > SNMP Setup).
    type: dict
    suboptions:
      location:
        description: System location.
        type: str
      contact:
        description: System contact.
        type: str
      send_event_specific_traps:
        description: Use event-specific trap definitions.
        type: bool
      version:
        description: SNMP version. Changing it replaces the version settings (the v2c community or the v3 views and
          users).
        type: str
        choices: [v2c, v3]
      community:
        description:
          - SNMP v2c community string. Needs O(snmp.version=v2c), given here or already on the device. Never returned.
        type: str
  service_routes:
    description:
      - Global service routes (Device > Setup > Services > Service Route Configuration), matched by service.
    type: list
    elements: dict
    suboptions:
      service:
        description: Service name, for example V(dns), V(ntp), V(panorama), V(syslog).
        type: str
        required: true
      source_interface:
        description: Source interface.
        type: str
      source_address:
        description: Source address on that interface (with prefix length, as the interface has it).
        type: str
      state:
        description: V(absent) removes the service route.
        type: str
        choices: [present, absent]
        default: present
  telemetry:
    description:
      - Telemetry and threat intelligence sharing (Device > Setup > Telemetry). Syncs in active/passive per the
        catalog, so it is refused there unless O(allow_synced=true).
    type: dict
    suboptions:
      application_reports:
        description: Share application reports.
        type: bool
      threat_prevention_reports:
        description: Share threat prevention reports.
        type: bool
      url_reports:
        description: Share URL reports.
        type: bool
      file_identification_reports:
        description: Share file identification reports.
        type: bool
      threat_prevention_information:
        description: Share threat prevention information.
        type: bool
      threat_prevention_pcap:
        description: Share threat prevention packet captures.
        type: bool
      health_performance_reports:
        description: Share health and performance reports.
        type: bool
      passive_dns_monitoring:
        description: Passive DNS monitoring.
        type: bool
      device_health_performance:
        description: Device telemetry, health and performance.
        type: bool
      product_usage:
        description: Device telemetry, product usage.
        type: bool
      threat_prevention:
        description: Device telemetry, threat prevention.
        type: bool
      region:
        description: Device telemetry region.
        type: str
  jumbo_frames:
    description:
      - Jumbo frames (Device > Setup > Session). Must match on both peers.
    type: dict
    suboptions:
      enabled:
        description: Enable jumbo frames.
        type: bool
      mtu:
        description: Global MTU with jumbo frames (512 to 9216). Needs jumbo frames enabled.
        type: int
  packet_buffer_protection:
    description:
      - Packet buffer protection (Device > Setup > Session, and the per-zone flag of existing zones).
    type: dict
    suboptions:
      enabled:
        description: Enable packet buffer protection.
        type: bool
      alert:
        description: Alert threshold, percent of buffer use (0 to 99).
        type: int
      activate:
        description: Activate threshold, percent (0 to 99).
        type: int
      latency_alert:
        description: Latency alert threshold in milliseconds.
        type: int
      latency_activate:
        description: Latency activate threshold in milliseconds.
        type: int
      zones:
        description: The per-zone flag of existing zones (a missing zone is an error; zones themselves sync).
        type: list
        elements: dict
        suboptions:
          name:
            description: Zone name.
            type: str
            required: true
          vsys:
            description: Virtual system of the zone.
            type: str
            default: vsys1
          enabled:
            description: Enable packet buffer protection in the zone.
            type: bool
  log_export:
    description:
      - Scheduled log export (Device > Scheduled Log Export).
    type: dict
    suboptions:
      schedules:
        description: Schedules, matched by name.
        type: list
        elements: dict
        suboptions:
          name:
            description: Schedule name.
            type: str
            required: true
          description:
            description: Description.
            type: str
          enabled:
            description: Enable the schedule.
            type: bool
          log_type:
            description: Log type, for example V(traffic) or V(threat).
            type: str
          start_time:
            description: Daily start time, HH:MM.
            type: str
          protocol:
            description: Transfer protocol. Changing it replaces the transfer settings.
            type: str
            choices: [ftp, scp]
          hostname:
            description: Server to export to.
            type: str
          port:
            description: Server port.
            type: int
          path:
            description: Path on the server.
            type: str
          username:
            description: Login name on the server.
            type: str
          password:
            description: Password on the server. Never returned.
            type: str
          passive_mode:
            description: FTP passive mode (FTP only).
            type: bool
          state:
            description: V(absent) removes the schedule.
            type: str
            choices: [present, absent]
            default: present
  ha_election:
    description:
      - HA settings of this peer (Device > High Availability) - election, peer addresses and HA interfaces.
    type: dict
    suboptions:
      device_priority:
        description: Device priority (0 to 255, lower wins the election). Must differ between the peers.
        type: int
      preemptive:
        description: Preemption. Must match on both peers.
        type: bool
      heartbeat_backup:
        description: Heartbeat backup over the management port. Must match on both peers.
        type: bool
      timers:
        description: HA timer profile. Must match on both peers.
        type: str
        choices: [recommended, aggressive]
      peer_ip:
        description: HA1 address of the other peer.
        type: str
      peer_ip_backup:
        description: HA1 backup address of the other peer.
        type: str
      ha1:
        description: HA1 interface of this peer.
        type: dict
        suboptions:
          port:
            description: Port, for example V(management) or V(ethernet1/5).
            type: str
          ip_address:
            description: IPv4 address.
            type: str
          netmask:
            description: Netmask.
            type: str
          gateway:
            description: Gateway.
            type: str
      ha1_backup:
        description: HA1 backup interface of this peer.
        type: dict
        suboptions:
          port:
            description: Port, for example V(management) or V(ethernet1/5).
            type: str
          ip_address:
            description: IPv4 address.
            type: str
          netmask:
            description: Netmask.
            type: str
          gateway:
            description: Gateway.
            type: str
      ha2:
        description: HA2 interface of this peer.
        type: dict
        suboptions:
          port:
            description: Port, for example V(management) or V(ethernet1/5).
            type: str
          ip_address:
            description: IPv4 address.
            type: str
          netmask:
            description: Netmask.
            type: str
          gateway:
            description: Gateway.
            type: str
      ha2_backup:
        description: HA2 backup interface of this peer.
        type: dict
        suboptions:
          port:
            description: Port, for example V(management) or V(ethernet1/5).
            type: str
          ip_address:
            description: IPv4 address.
            type: str
          netmask:
            description: Netmask.
            type: str
          gateway:
            description: Gateway.
            type: str
      device_id:
        description: Active/active device ID (0 or 1; active/active only). Must differ between the peers.
        type: int
  interface_addresses:
    description:
      - IPv4 addresses of existing layer 3 interfaces (active/active only; in active/passive they sync).
    type: list
    elements: dict
    suboptions:
      interface:
        description: Interface name (V(ethernet1/1), V(ethernet1/1.5), V(ae1), V(ae1.518), V(loopback.1), V(tunnel.1),
          V(vlan.1)).
        type: str
        required: true
      addresses:
        description: Addresses with prefix length; replaces the interface's list.
        type: list
        elements: str
  lacp:
    description:
      - LACP system priority of existing aggregate groups (active/active only). Must differ between the peers.
    type: list
    elements: dict
    suboptions:
      aggregate:
        description: Aggregate interface, for example V(ae1).
        type: str
        required: true
      system_priority:
        description: LACP system priority (1 to 65535).
        type: int
  # END typed options
  raw:
    description:
      - Any other per-peer configuration node, for example a virtual router in active/active without VR Sync.
      - The XPath must lie at or below the XPath of a catalog item that does not sync in the pair's mode and
        conditions (else the task is refused, reason C(item_syncs), unless O(allow_synced=true)).
    type: list
    elements: dict
    suboptions:
      xpath:
        description:
          - Absolute XPath of the node, below C(/config/devices/entry[@name='localhost.localdomain']), made of
            plain steps (C(tag) or C(tag[@name='x'])).
        type: str
        required: true
      element:
        description:
          - The node as XML; its root element is the node the XPath addresses and replaces it as a whole.
            Required unless O(raw[].state=absent).
          - Not logged (it may hold secrets); results show it with secret leaves masked.
        type: str
      state:
        description: V(absent) deletes the node.
        type: str
        choices: [present, absent]
        default: present
'''

EXAMPLES = r'''
- name: Management, DNS and NTP of the passive peer
  hapair.panos.peer_settings:
    provider: "{{ provider }}"
    peer: passive
    management:
      hostname: fw-b
      login_banner: "Authorized access only & monitored"
      permitted_ip: [192.0.2.0/24]
    dns:
      primary: 198.51.100.53
      secondary: 198.51.100.54
    ntp:
      primary: 0.pool.ntp.org

- name: SNMP community of the peer given as peer_provider (never shown in output)
  hapair.panos.peer_settings:
    provider: "{{ provider }}"
    peer_provider: "{{ peer_provider }}"
    peer: peer_provider
    snmp:
      location: DC1 rack 4
      version: v2c
      community: "{{ vault_snmp_community }}"

- name: HA election settings of one peer (check mode shows what would change)
  hapair.panos.peer_settings:
    provider: "{{ provider }}"
    ha_election:
      device_priority: 90
      preemptive: true
  check_mode: true
  diff: true

- name: Per-peer addresses in active/active
  hapair.panos.peer_settings:
    provider: "{{ provider }}"
    peer: active
    interface_addresses:
      - interface: ethernet1/1
        addresses: [203.0.113.11/24]
    lacp:
      - aggregate: ae1
        system_priority: 100

- name: A virtual router route of one A/A peer (VR Sync off), through raw
  hapair.panos.peer_settings:
    provider: "{{ provider }}"
    raw:
      # Not folded with >- (that puts a space between the steps): a double-quoted string, the line break escaped.
      - xpath: "/config/devices/entry[@name='localhost.localdomain']/network/virtual-router/entry[@name='default']\
          /routing-table/ip/static-route/entry[@name='peer-a-only']"
        element: >-
          <entry name="peer-a-only"><nexthop><ip-address>10.1.0.254</ip-address></nexthop>
          <destination>10.99.0.0/16</destination></entry>
'''

RETURN = r'''
peer:
  description: The configured peer (C(address:port)).
  returned: always
  type: str
  sample: 192.0.2.11:443
peer_role:
  description: V(active) or V(passive) (active-primary / active-secondary in active/active); null when undetermined.
  returned: always
  type: str
mode:
  description: HA mode of the pair, V(active-passive) or V(active-active).
  returned: always
  type: str
conditions:
  description: The active/active sync conditions read from the peer (C(vr_sync), C(qos_sync), C(floating_ip)); all false in active/passive.
  returned: always
  type: dict
changes:
  description: The fields that differ from what was asked (and were changed, unless in check mode).
  returned: always
  type: list
  elements: str
  sample: [management.hostname, dns.secondary]
settings:
  description: Per given option, C(before) (the device) and C(after) (what was asked) for the given fields. Secrets show as C(********).
  returned: always
  type: dict
raw:
  description: Per O(raw) entry, its XPath and the node before and after as XML (secret leaves masked).
  returned: always
  type: list
  elements: dict
synced_allowed:
  description: Given settings that sync in this mode but were configured because of O(allow_synced).
  returned: always
  type: list
  elements: str
commit_job:
  description: The partial commit job (null when nothing was committed).
  returned: always
  type: dict
peer_sync_job:
  description: The HA-Sync job the commit started on the other peer, waited for (null when there was none).
  returned: always
  type: dict
diff:
  description: Before/after of the given options (and raw nodes) on the peer, secrets masked.
  returned: when diff mode is on
  type: dict
'''

from ansible_collections.hapair.panos.plugins.module_utils.module import pair_module
from ansible_collections.hapair.panos.plugins.module_utils.peer_settings import PeerSettingsTask
from ansible_collections.hapair.panos.plugins.module_utils.selection import selection_argument_spec
from ansible_collections.hapair.panos.plugins.module_utils.settings.options import argument_spec, raw_argument_spec
from ansible_collections.hapair.panos.plugins.module_utils.task import run_task


def main():
    spec = argument_spec()
    spec.update(
        **selection_argument_spec('peer'),
        allow_synced=dict(type='bool', default=False),
        update_secrets=dict(type='str', choices=['changed', 'always'], default='changed'),
        overwrite_peer_changes=dict(type='bool', default=False),
        timeout=dict(type='int', default=600),
        raw=raw_argument_spec(),
    )
    module = pair_module(spec, supports_check_mode=True)
    run_task(module, PeerSettingsTask)


if __name__ == '__main__':
    main()
