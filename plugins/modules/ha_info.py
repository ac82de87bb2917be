#!/usr/bin/python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: ha_info
short_description: Read the HA state of both peers of a PAN-OS HA pair
version_added: 1.0.0
description:
  - Reads C(show high-availability all) on both peers and returns each peer's HA state (mode, local and peer
    state, priority and preemption, HA1/HA1-backup/HA2 link status, config sync enabled, C(running-sync),
    state-sync status, every C(*-compat) field, versions) and a pair summary saying which peer is active,
    whether the pair is synchronized and healthy, and what is wrong.
  - Never fails because of the pair's state (HA disabled, split brain, peer unreachable); those are reported
    in RV(pair.problems). It fails only when the peer of O(provider) cannot be reached or logged in to.
  - With O(sessions), also reads each reachable peer's session counters (C(show session info)), which a failover
    test compares before and after the takeover.
  - Read-only.
author: hapair.panos developers (@hapair)
extends_documentation_fragment:
  - hapair.panos.provider
  - hapair.panos.provider.pair
  - hapair.panos.attributes
  - hapair.panos.attributes.info_module
options:
  sessions:
    description:
      - Also read C(show session info) on each reachable peer and return its counters as RV(peers.sessions).
      - One more request per peer. A peer whose counters cannot be read gets null there and a warning; the module
        does not fail for it.
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: Read the HA state of the pair
  hapair.panos.ha_info:
    provider: "{{ provider }}"
  register: ha

- name: Stop the change window when the pair is not healthy
  ansible.builtin.assert:
    that: ha.pair.healthy
    fail_msg: "{{ ha.pair.problems | join('; ') }}"

- name: With the second peer given explicitly (no discovery)
  hapair.panos.ha_info:
    provider: "{{ provider }}"
    peer_provider:
      ip_address: 192.0.2.12

- name: Session counters of both peers too
  hapair.panos.ha_info:
    provider: "{{ provider }}"
    sessions: true
  register: ha

- name: Sessions in the active peer's table
  ansible.builtin.debug:
    msg: "{{ ha.peers[ha.pair.active].sessions.active }}"
'''

RETURN = r'''
pair:
  description: Summary of the pair.
  returned: always
  type: dict
  contains:
    active:
      description: Name (C(address:port)) of the active (active/passive) or active-primary (active/active) peer; null when undetermined or split brain.
      type: str
    passive:
      description: Name of the passive or active-secondary peer; null when undetermined.
      type: str
    states:
      description: HA state of each peer by name.
      type: dict
    mode:
      description: HA mode, C(Active-Passive) or C(Active-Active).
      type: str
    synchronized:
      description: True when both peers report C(running-sync) C(synchronized).
      type: bool
    healthy:
      description: True when no problem was found.
      type: bool
    problems:
      description: Human-readable problems (links down, split brain, not synchronized, compat mismatches).
      type: list
      elements: str
  sample:
    active: "192.0.2.11:443"
    passive: "192.0.2.12:443"
    states: {"192.0.2.11:443": active, "192.0.2.12:443": passive}
    mode: Active-Passive
    synchronized: true
    healthy: true
    problems: []
peers:
  description: Per peer (by name) whether it was reachable, its role and its parsed HA state.
  returned: always
  type: dict
  contains:
    reachable:
      description: Whether the peer answered.
      type: bool
    role:
      description: C(active), C(passive) or null.
      type: str
    error:
      description: Why the peer could not be read (same keys as a module failure), or null.
      type: dict
    ha:
      description:
        - Parsed C(show high-availability all) of this peer; keys C(enabled), C(mode), C(local) (its own state,
          priority, links, versions, C(compat), C(plugin_compat), C(state_sync), C(last_error_state),
          C(last_error_reason), C(config_sync_enabled), C(running_sync)), C(peer) (what it sees of the other peer,
          with C(connections) and C(plugin_versions)), C(link_monitoring), C(path_monitoring) (C(enabled) as
          configured, C(fail_cond), C(groups); path monitoring also per kind, C(virtual_wire), C(vlan),
          C(virtual_router)).
        - C(local.compat) holds every C(<x>-compat) verdict (C(Match), C(Mismatch), C(Compat Match)...);
          C(local.plugin_compat) the per-plugin verdicts PAN-OS 10 reports as leaves named after the plugin
          (C(<VMS>Match</VMS>)), and C(peer.plugin_versions) the peer's version of each of those plugins.
      type: dict
    system:
      description:
        - What C(show system info) reports of this peer (C(hostname), C(serial), C(model), C(sw_version)), so
          summaries can name peers by host name; null when the peer could not be read.
      type: dict
    sessions:
      description:
        - With O(sessions), the session counters of C(show session info) on this peer, as numbers (null for a
          counter the release does not report, or for the whole entry when the peer could not be read).
        - C(active) (C(num-active), the sessions in the table), C(installed), C(max), C(tcp), C(udp), C(icmp),
          C(cps) (connections per second), C(pps), C(kbps).
        - Returned only with O(sessions).
      type: dict
      sample: {"active": 1520, "installed": 1520, "max": 1800000, "tcp": 1200, "udp": 300, "icmp": 20,
               "cps": 45, "pps": 8000, "kbps": 52000}
labels:
  description: Per peer (by name) a readable label, C(<hostname> (<address:port>)), or the name when no host name was read.
  returned: always
  type: dict
  sample: {"192.0.2.11:443": "fw-a (192.0.2.11:443)"}
'''

from ansible_collections.hapair.panos.plugins.module_utils.ha_info import HaInfo
from ansible_collections.hapair.panos.plugins.module_utils.module import pair_module
from ansible_collections.hapair.panos.plugins.module_utils.task import run_task


def main():
    module = pair_module(dict(sessions=dict(type='bool', default=False)), supports_check_mode=True)
    run_task(module, HaInfo)


if __name__ == '__main__':
    main()
