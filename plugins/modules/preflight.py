#!/usr/bin/python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: preflight
short_description: Check why HA synchronization would not happen on a PAN-OS HA pair, before a change window
version_added: 1.0.0
description:
  - Reads both peers of the pair and checks every documented reason synchronization does not happen
    (PAN-OS admin guide, "Reasons That Synchronization Doesn't Happen") plus the causes this collection
    also knows, and reports each problem found as a blocker or a warning with a stable code, the peer,
    the evidence and a remediation sentence.
  - "Checks and their codes: C(ha_disabled), C(ha1_down), C(config_sync_disabled), C(config_not_synchronized),
    C(sync_in_progress), C(ha2_down), C(state_sync_disabled), C(version_incompatible), C(multi_vsys_mismatch), C(gtp_mismatch),
    C(sctp_mismatch), C(vpn_mismatch), C(features_mismatch), C(dataplane_not_ready), C(url_db_incompatible),
    C(license_mismatch), C(plugin_mismatch), C(jumbo_frame_mismatch), C(master_key_mismatch), C(commit_pending),
    C(config_locked), C(uncommitted_changes). What each one reads and what to do about it is in
    docs/runbook-preflight.md; severities and remedies come from the collection's sync catalog
    (docs/sync-catalog.md)."
  - Two more codes are about the preflight itself. C(peer_unreachable) (blocker) when a peer cannot be read
    over the XML API (the checks that need its data then report RV(checks) C(passed=null)), and
    C(not_evaluated) (warning) when a peer did not answer one command.
  - The job failure reasons of M(hapair.panos.job_info) use the same codes, so a failed HA-Sync job and this
    report name a cause the same way.
  - Each peer's data is read at most once and both peers are read at the same time. Works when the peers
    cannot see each other over HA1; give O(peer_provider) then, because the other peer's address cannot be
    discovered without HA1.
  - Read-only; it never changes the devices. With O(fail_on_blockers) it is a change-window gate.
author: hapair.panos developers (@hapair)
extends_documentation_fragment:
  - hapair.panos.provider
  - hapair.panos.provider.pair
  - hapair.panos.attributes
  - hapair.panos.attributes.info_module
options:
  checks:
    description:
      - Run only these checks (codes as listed above). All checks when omitted or empty.
      - Names are validated before anything is sent to the devices.
    type: list
    elements: str
  skip:
    description:
      - Do not run these checks (codes as listed above), for example C(uncommitted_changes) during a window
        in which your own changes are pending.
    type: list
    elements: str
  treat_as_blockers:
    description:
      - Checks (codes as listed above) whose warnings are blockers for this run, for a change the caller knows they
        would spoil; for example C(commit_pending) and C(uncommitted_changes) before a change window that commits
        and syncs (the master-key rotation's gate). Their findings then count in RV(blockers) and, with
        O(fail_on_blockers), fail the task. Names are validated before anything is sent to the devices.
    type: list
    elements: str
  fail_on_blockers:
    description:
      - Fail the task when a blocker is found, with a message listing each blocker's code, peer and remedy.
        The failed task still returns RV(blockers), RV(warning_findings), RV(checks) and RV(pair).
      - Warnings never fail the task.
    type: bool
    default: false
  sync_follows:
    description:
      - Set when a config sync follows this check (a sync runbook, a master-key rotation). A sync replaces the
        receiving peer's candidate configuration, discarding every uncommitted change there, and ignores locks, so
        C(uncommitted_changes) and C(config_locked) become blockers instead of warnings.
    type: bool
    default: false
  peer_settings:
    description:
      - Also read the settings that do not sync and report their drift, as M(hapair.panos.peer_settings_info) does,
        in the same module run (RV(peer_settings)). What both need (C(show system info), licences, plugins,
        master-key properties, jumbo frames) is read once per peer, and each device is logged in to once. The
        health check (role C(hapair.panos.health)) reads a pair with this one module run.
      - Not read when a peer could not be reached (RV(peer_settings) then says so); a failure to read them does
        not fail the task and does not change the preflight's own result.
    type: bool
    default: false
  vsys:
    description:
      - With O(peer_settings=true), the virtual systems whose per-peer zone and GlobalProtect settings are read
        (O(hapair.panos.peer_settings_info#module:vsys)).
    type: list
    elements: str
    default: [vsys1]
notes:
  - The GTP and SCTP checks read the C(gtp) and C(sctp) fields of C(show system info). Those field names are
    an assumption (no PAN-OS sample shows them); a peer that does not report them gives C(passed=null) for
    those checks rather than a false result.
'''

EXAMPLES = r'''
- name: Gate a change window on the pair being able to synchronize
  hapair.panos.preflight:
    provider: "{{ provider }}"
    fail_on_blockers: true

- name: Check only what must match between the peers, with an explicit second peer
  hapair.panos.preflight:
    provider: "{{ provider }}"
    peer_provider: {ip_address: 192.0.2.12}
    checks: [version_incompatible, jumbo_frame_mismatch, master_key_mismatch, license_mismatch]
  register: preflight

- name: Check the pair and report the drift of its per-peer settings, in one module run
  hapair.panos.preflight:
    provider: "{{ provider }}"
    peer_settings: true
  register: health

- name: Show the settings that must match but differ
  ansible.builtin.debug:
    msg: "{{ health.peer_settings.drift.must_match | map(attribute='evidence') | list }}"
  when: health.peer_settings.drift is defined

- name: Show what blocks synchronization and what to do
  ansible.builtin.debug:
    msg: "{{ item.code }} ({{ item.peer }}): {{ item.message }}. {{ item.remedy }}"
  loop: "{{ preflight.blockers + preflight.warning_findings }}"
'''

RETURN = r'''
ready:
  description: True when no blocker was found (warnings allowed).
  returned: always
  type: bool
blockers:
  description: Problems that stop synchronization, in check order.
  returned: always
  type: list
  elements: dict
  contains:
    code:
      description: Stable snake_case code (see the module description).
      type: str
    severity:
      description: C(blocker).
      type: str
    peer:
      description: The peer the problem is on (its name, C(address:port)), or C(pair) for a difference between
        the peers.
      type: str
    message:
      description: What is wrong, in one sentence with the values seen.
      type: str
    evidence:
      description: C(field) (what was read) and C(values) (the value on each peer).
      type: dict
    remedy:
      description: What to do about it.
      type: str
    check:
      description: For C(not_evaluated), the check that could not be evaluated.
      type: str
  sample:
    - code: jumbo_frame_mismatch
      severity: blocker
      peer: pair
      message: "jumbo frames are enabled on one peer only: ...: differs: 192.0.2.11:443 on, 192.0.2.12:443 off"
      evidence:
        field: show system setting jumbo-frame
        values: {"192.0.2.11:443": "on", "192.0.2.12:443": "off"}
      remedy: "Set Enable Jumbo Frame (Device > Setup > Session) the same on both peers
        (hapair.panos.peer_settings jumbo_frames), then sync."
warning_findings:
  description:
    - Problems that might stop synchronization or need attention (C(plugin_mismatch), C(commit_pending),
      C(uncommitted_changes), C(not_evaluated)); same keys as RV(blockers).
    - Not called C(warnings), which Ansible reserves for its own warning texts.
  returned: always
  type: list
  elements: dict
checks:
  description:
    - Every check that ran, by code, so the coverage is visible.
    - C(passed) is true, false, or null when the check could not be evaluated on every peer (see C(error)).
    - C(evaluated_on) lists the peers whose data was judged, C(failed_on) the peers (or C(pair)) it failed on,
      C(severity) and C(field) say what a failure means and what was read.
  returned: always
  type: dict
  sample:
    jumbo_frame_mismatch: {passed: true, severity: blocker, field: show system setting jumbo-frame,
                           evaluated_on: ["192.0.2.11:443", "192.0.2.12:443"], failed_on: [], error: null}
pair:
  description:
    - The pair summary of M(hapair.panos.ha_info) (C(active), C(passive), C(states), C(mode), C(synchronized),
      C(healthy), C(problems)) plus C(peers) (names), C(unreachable) (peers that could not be read),
      C(ready), C(blocker_codes) and C(warning_codes).
  returned: always
  type: dict
peer_settings:
  description:
    - With O(peer_settings=true), the result of M(hapair.panos.peer_settings_info) for the pair (C(mode),
      C(conditions), C(peers), C(items), C(drift); see that module's return values), read in this module run.
    - Or why it is missing, with the preflight's own result unchanged. C(skipped=true) and C(msg) when a peer could
      not be read (C(unreachable) of RV(pair)). C(failed=true) with C(msg), C(error), C(reason) and C(remedy) when the
      settings could not be read, for example C(reason=ha_disabled).
  returned: O(peer_settings=true) and the pair was discovered
  type: dict
  sample:
    mode: active-passive
    drift: {ok: false, summary: "1 must-match setting(s) differ, 0 must-differ setting(s) are equal",
            must_match: [{key: jumbo_frames, evidence: "must match but differ: jumbo_frame_mode: 'on' on
                          192.0.2.11:443, 'off' on 192.0.2.12:443"}], must_differ: [], differs: []}
'''

from ansible_collections.hapair.panos.plugins.module_utils.module import pair_module
from ansible_collections.hapair.panos.plugins.module_utils.preflight import Preflight
from ansible_collections.hapair.panos.plugins.module_utils.task import run_task


def main():
    module = pair_module(
        dict(
            checks=dict(type='list', elements='str'),
            skip=dict(type='list', elements='str'),
            treat_as_blockers=dict(type='list', elements='str'),
            fail_on_blockers=dict(type='bool', default=False),
            sync_follows=dict(type='bool', default=False),
            peer_settings=dict(type='bool', default=False),
            vsys=dict(type='list', elements='str', default=['vsys1']),
        ),
        supports_check_mode=True,
    )
    run_task(module, Preflight)


if __name__ == '__main__':
    main()
