#!/usr/bin/python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: master_key_info
short_description: Read the master-key properties of the peers of a PAN-OS HA pair and check their expiry
version_added: 1.0.0
description:
  - Reads C(show system masterkey-properties) on each selected peer and returns it parsed per peer (expiry and
    reminder times, seconds left, HSM, auto-renew).
  - The master key itself cannot be read over the API. With both peers, RV(pair.agree) tells whether their
    master-key B(properties) agree (expiry and reminder times within O(tolerance_hours), the same HSM and
    auto-renew settings). Agreeing properties are a strong hint, not a proof, that the peers hold the same key;
    the proof is a successful HA sync (hapair.panos.sync_to_remote).
  - A peer whose key was never changed reports no expiry (C(expire-at) V(0), "unspecified" on the CLI); the
    module returns C(expire_at) null and guesses C(default_key) true in RV(peers).
  - For scheduled jobs, O(warn_days) and O(fail_days) turn a key that expires soon into a warning or a task
    failure, and O(fail_on_disagreement) fails when the peers disagree (otherwise disagreement is a warning).
    Each warning is issued as an Ansible warning, so it is also in the standard C(warnings) list of the registered
    result (present only when there is one); RV(findings) lists the threshold and disagreement findings always.
  - A warning is also issued when a peer's own reminder time has passed.
  - Read-only.
author: hapair.panos developers (@hapair)
extends_documentation_fragment:
  - hapair.panos.provider
  - hapair.panos.provider.pair
  - hapair.panos.peers
  - hapair.panos.attributes
  - hapair.panos.attributes.info_module
options:
  warn_days:
    description:
      - Warn when a peer's master key expires within this many days.
    type: int
  fail_days:
    description:
      - Fail when a peer's master key expires within this many days (V(0) fails only once it has expired).
      - The failure still returns RV(peers), RV(pair) and RV(findings), with C(reason) V(master_key_expiring).
    type: int
  fail_on_disagreement:
    description:
      - Fail (instead of warn) when both peers were read and their master-key properties disagree (C(reason)
        V(master_key_disagreement)).
    type: bool
    default: false
  tolerance_hours:
    description:
      - How far apart (in hours) the peers' expiry and reminder times may be and still agree. The two peers are
        changed one after the other, so their times are never exactly equal.
    type: int
    default: 24
  current_master_key:
    description:
      - The key the peers are believed to hold, to check before a change (never returned or logged).
      - PAN-OS has no command that tests a master key without changing it; what can be checked is that a peer whose
        key was never changed (no expiry set, RV(peers.default_key)) holds the factory default key. Each peer's
        RV(peers.current_key_possible) says whether the given key can be its key.
    type: str
  fail_on_impossible_key:
    description:
      - Fail when O(current_master_key) cannot be the key of a peer (C(reason) V(wrong_current_key)), naming the
        peers; the failure still returns RV(peers), RV(pair) and RV(findings). The master-key rotation's gate sets it.
    type: bool
    default: false
'''

EXAMPLES = r'''
- name: Weekly AWX check - warn 60 days before expiry, fail 14 days before, fail when the peers disagree
  hapair.panos.master_key_info:
    provider: "{{ provider }}"
    warn_days: 60
    fail_days: 14
    fail_on_disagreement: true
  register: mk

- name: Show when each peer's key expires
  ansible.builtin.debug:
    msg: "{{ item.key }}: {{ item.value.expire_at | default('never changed', true) }}"
  loop: "{{ mk.peers | dict2items }}"
'''

RETURN = r'''
peers:
  description: Master-key properties per peer (by name, C(address:port)).
  returned: always
  type: dict
  contains:
    expire_at:
      description: When the key expires, as the device writes it; null when unspecified (key never changed).
      type: str
    remind_at:
      description: When the device starts reminding; null when unspecified.
      type: str
    seconds_to_expiry:
      description: Seconds until the key expires, the device's C(seconds-to-expiry) counter (PAN-OS reports the
        whole remaining time in each unit, C(hours-to-expiry) and C(minutes-to-expiry) being the same duration in
        hours and minutes); null when there is no expiry. V(0) once expired.
      type: int
    reminder_lead_seconds:
      description: How long before the expiry the device reminds, the device's C(seconds-to-reminder) counter
        (C(expire-at) minus C(remind-at)); null when there is no reminder.
      type: int
    seconds_to_reminder:
      description: Seconds until the reminder time (C(seconds_to_expiry) minus C(reminder_lead_seconds)), V(0)
        once the reminder time has passed; null when there is no reminder.
      type: int
    reminder_passed:
      description: Whether the reminder time has passed and the key has not expired yet.
      type: bool
    days_to_expiry:
      description: C(seconds_to_expiry) in days (two decimals).
      type: float
    expired:
      description: Whether the key has expired.
      type: bool
    on_hsm:
      description: Whether the master key is secured by a hardware security module.
      type: bool
    auto_renew:
      description: Auto-renew period of the key in hours (V(0) when off).
      type: int
    default_key:
      description: A guess that the key is still the factory default (no expiry set).
      type: bool
    current_key_possible:
      description:
        - With O(current_master_key), V(false) when this peer reports a never-changed key (RV(peers.default_key))
          and the given key is not the factory default; V(true) otherwise (the given key may be right). Null without
          O(current_master_key).
      type: bool
    raw:
      description: Every field of the answer as text, by tag name.
      type: dict
  sample:
    "192.0.2.11:443":
      expire_at: "2027/03/01 10:00:00"
      remind_at: "2027/02/01 10:00:00"
      seconds_to_expiry: 31536000
      reminder_lead_seconds: 2678400
      seconds_to_reminder: 28857600
      days_to_expiry: 365.0
      expired: false
      on_hsm: false
      auto_renew: 0
      default_key: false
pair:
  description: Whether the peers' master-key properties agree.
  returned: always
  type: dict
  contains:
    agree:
      description: True when both peers were read and their properties agree; null when only one peer was read.
      type: bool
    differences:
      description: Each property that differs, with C(field), C(values) per peer and a C(message).
      type: list
      elements: dict
    tolerance_hours:
      description: The O(tolerance_hours) used.
      type: int
  sample:
    agree: false
    differences:
      - field: expire_at
        values: {"192.0.2.11:443": "2027/03/01 10:00:00", "192.0.2.12:443": null}
        message: "192.0.2.11:443 has a master-key expiry time, 192.0.2.12:443 has none (its key was never changed: factory default?)"
    tolerance_hours: 24
findings:
  description: The threshold and disagreement findings, as sentences (each also issued as a warning unless it failed
    the task).
  returned: always
  type: list
  elements: str
'''

from ansible_collections.hapair.panos.plugins.module_utils.master_key_info import DEFAULT_TOLERANCE_HOURS, MasterKeyInfo
from ansible_collections.hapair.panos.plugins.module_utils.module import pair_module
from ansible_collections.hapair.panos.plugins.module_utils.selection import selection_argument_spec
from ansible_collections.hapair.panos.plugins.module_utils.task import run_task


def main():
    module = pair_module(
        dict(
            **selection_argument_spec('peers'),
            warn_days=dict(type='int'),
            fail_days=dict(type='int'),
            fail_on_disagreement=dict(type='bool', default=False),
            tolerance_hours=dict(type='int', default=DEFAULT_TOLERANCE_HOURS),
            current_master_key=dict(type='str', no_log=True),
            fail_on_impossible_key=dict(type='bool', default=False),
        ),
        supports_check_mode=True,
    )
    run_task(module, MasterKeyInfo)


if __name__ == '__main__':
    main()
