#!/usr/bin/python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: peer_settings_info
short_description: Read the per-peer settings of both peers of a PAN-OS HA pair and report drift
version_added: 1.0.0
description:
  - Reads, from both peers, every item of the sync catalog that does not sync in the pair's HA mode and sync
    conditions - the running configuration (as the typed options of C(hapair.panos.peer_settings) where there
    is one, else the catalog's XPaths), C(show system info), C(request license info), C(show plugins packages),
    C(show system masterkey-properties) and C(show system setting jumbo-frame) - and returns each peer's values
    per item.
  - Builds a drift report from the catalog's rules. Settings that must match (jumbo frames, multi-vsys
    capability, master-key expiry, PAN-OS and content versions, licenses, plugins, HA election timers and
    preemption, HA mode and sync settings) but differ are listed in RV(drift.must_match); settings that must differ
    (management address, host name, HA device priority, active/active device ID, interface addresses and LACP
    system priority in active/active) but are equal are listed in RV(drift.must_differ); settings that merely
    differ are listed in RV(drift.differs). RV(drift.ok) is true when the first two are empty.
  - Read-only. Secrets (SNMP community, passwords, encrypted values) are returned as C(********).
author: hapair.panos developers (@hapair)
extends_documentation_fragment:
  - hapair.panos.provider
  - hapair.panos.provider.pair
  - hapair.panos.attributes
  - hapair.panos.attributes.info_module
notes:
  - Master-key expiry and reminder times count as equal when they are within an hour of each other (the keys are
    entered on one peer after the other).
  - Values empty on both peers are never drift.
options:
  vsys:
    description:
      - Virtual systems whose per-peer zone and GlobalProtect settings are read.
    type: list
    elements: str
    default: [vsys1]
'''

EXAMPLES = r'''
- name: Report per-peer settings and drift
  hapair.panos.peer_settings_info:
    provider: "{{ provider }}"
  register: peers

- name: Fail on drift that breaks HA
  ansible.builtin.assert:
    that: peers.drift.ok
    fail_msg: "{{ (peers.drift.must_match + peers.drift.must_differ) | map(attribute='evidence') | join('; ') }}"
'''

RETURN = r'''
mode:
  description: HA mode of the pair.
  returned: always
  type: str
  sample: active-passive
conditions:
  description: The active/active sync conditions (C(vr_sync), C(qos_sync), C(floating_ip)) read from the first peer.
  returned: always
  type: dict
peers:
  description:
    - Per peer (C(address:port)) its role, HA state, host name, management address, serial, model and PAN-OS version.
    - C(master_key) holds the peer's master-key properties as M(hapair.panos.master_key_info) returns them in its
      C(peers) (C(expire_at), C(remind_at), C(seconds_to_expiry), C(days_to_expiry), C(expired), C(reminder_passed),
      C(on_hsm), C(auto_renew), C(default_key), ...) without C(raw) and C(current_key_possible), from the same
      C(show system masterkey-properties) read the drift report compares.
  returned: always
  type: dict
  sample:
    "192.0.2.11:443":
      role: active
      state: active
      hostname: fw-a
      ip_address: 192.0.2.11
      serial: "007900000001"
      model: PA-VM
      sw_version: 10.2.9
      master_key: {expire_at: "2027/03/01 10:00:00", remind_at: null, seconds_to_expiry: 31536000,
                   days_to_expiry: 365.0, expired: false, default_key: false, on_hsm: false, auto_renew: 0}
items:
  description:
    - Per catalog item key the title, kind and relationship, and either C(values) (per peer, per setting) or, for
      items with parts, C(parts) (each with its own relationship and C(values)). C(readable) is false for items
      the collection cannot read.
  returned: always
  type: dict
drift:
  description: The drift report.
  returned: always
  type: dict
  contains:
    ok:
      description: True when no must-match setting differs and no must-differ setting is equal.
      type: bool
    summary:
      description: One sentence.
      type: str
    must_match:
      description:
        - Per item (or part) whose must-match settings differ - C(key) (C(item) or C(item/part)), C(item), C(part),
          C(title), C(relationship), C(fields), per-peer C(values) and C(evidence).
      type: list
      elements: dict
    must_differ:
      description: Per must-differ setting that is equal on both peers, the same keys.
      type: list
      elements: dict
    differs:
      description: Per item (or part) whose may-differ settings differ, the same keys (information only).
      type: list
      elements: dict
'''

from ansible_collections.hapair.panos.plugins.module_utils.module import pair_module
from ansible_collections.hapair.panos.plugins.module_utils.peer_settings_info import PeerSettingsInfo
from ansible_collections.hapair.panos.plugins.module_utils.task import run_task


def main():
    module = pair_module(dict(vsys=dict(type='list', elements='str', default=['vsys1'])), supports_check_mode=True)
    run_task(module, PeerSettingsInfo)


if __name__ == '__main__':
    main()
