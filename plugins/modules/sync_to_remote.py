#!/usr/bin/python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sync_to_remote
short_description: Force and verify HA synchronization of a PAN-OS HA pair
version_added: 1.0.0
description:
  - Runs C(request high-availability sync-to-remote <target>) on the source peer (the active peer, or the
    active-primary in active/active) and proves the result.
  - For C(running-config) and C(candidate-config) the receiving peer runs an HA-Sync job; the module finds that
    job on the receiving peer, polls it with a backing-off interval and fails with its detail lines and a
    classified reason (for example C(jumbo_frame_mismatch)) when it fails.
  - After the sync the module re-reads the HA state and fails unless it shows the sync took effect
    (C(running-sync) C(synchronized) on both peers for C(running-config); clocks within 2 seconds for C(clock)).
  - Idempotent where the device shows state. C(running-config) is skipped when both peers already report
    C(running-sync) C(synchronized), C(clock) when the clocks already agree. The other targets have no
    readable state and always run (C(changed) is true).
  - Waits first for an HA-Sync job already running on either peer (a commit made with config sync enabled starts
    one on the peer, and PAN-OS answers C(Another sync is in progress) meanwhile), then re-reads the HA state. If a
    sync starts between that check and the request, the module waits for it too and sends the request again. Both
    waits count against O(timeout); the jobs waited for are returned in RV(waited_for).
  - Refuses while a commit is queued or running on the source, because only committed configuration synchronizes.
  - Refuses to push from the passive peer over the active peer unless O(allow_from_passive=true).
author: hapair.panos developers (@hapair)
extends_documentation_fragment:
  - hapair.panos.provider
  - hapair.panos.provider.pair
  - hapair.panos.attributes
  - hapair.panos.attributes.state_changing
attributes:
  check_mode:
    details: Reads the HA state and job queue, predicts whether a sync would run, and sends no state-changing request.
options:
  target:
    description:
      - What to synchronize to the peer.
      - V(running-config) overwrites the peer's configuration (minus the settings that do not sync) and commits it.
      - V(candidate-config) copies the candidate configuration to the peer's candidate, without a commit.
      - V(clock) sets the peer's clock from the source; V(ssh-key) syncs the HA SSH key; V(id-manager) syncs
        object IDs; V(disk-state) syncs objects not saved in the configuration (for example custom response pages);
        V(runtime-state) syncs runtime state (user-ID mappings over HA1, sessions over HA2).
      - Each target sends C(request high-availability sync-to-remote <target>), except V(runtime-state), which
        sends the separate command C(request high-availability runtime-state) that the vendor documents for it.
        The commands come from the sync catalog (docs/sync-catalog.md).
    type: str
    choices: [running-config, candidate-config, clock, ssh-key, id-manager, disk-state, runtime-state]
    default: running-config
  source:
    description:
      - Which peer sends its state. The default, V(active), is where changes belong.
      - V(passive) requires O(allow_from_passive=true).
    type: str
    choices: [active, passive]
    default: active
  allow_from_passive:
    description:
      - Allow O(source=passive), which overwrites the active peer with the passive peer's configuration.
    type: bool
    default: false
  force:
    description:
      - Synchronize even when the target is already synchronized.
    type: bool
    default: false
  overwrite_peer_changes:
    description:
      - A V(running-config) or V(candidate-config) sync replaces the receiving peer's candidate configuration, so
        uncommitted changes there (of any administrator) are lost, and it ignores config or commit locks other
        administrators hold there. By default the module reads the receiver first (C(check pending-changes),
        C(show config-locks), C(show commit-locks)) and refuses, naming what it found, before anything is sent;
        it also refuses when the receiver cannot be read.
      - V(true) overwrites them anyway (each is named in a warning).
    type: bool
    default: false
  timeout:
    description:
      - Seconds to wait, in all, for HA-Sync jobs already running (see RV(waited_for)) and for the HA-Sync job on the
        receiving peer.
    type: int
    default: 600
'''

EXAMPLES = r'''
- name: Make sure the passive peer runs the active peer's configuration
  hapair.panos.sync_to_remote:
    provider: "{{ provider }}"
    target: running-config
  register: sync

- name: Show the HA-Sync job of the receiving peer
  ansible.builtin.debug:
    msg: "job {{ sync.job.id }} on {{ sync.receiver }}: {{ sync.job.result }}"
  when: sync.job is not none

- name: Sync the clock to the peer
  hapair.panos.sync_to_remote:
    provider: "{{ provider }}"
    target: clock

- name: Push runtime state (sessions, user-ID mappings) again
  hapair.panos.sync_to_remote:
    provider: "{{ provider }}"
    target: runtime-state
'''

RETURN = r'''
target:
  description: The synchronized target.
  returned: always
  type: str
  sample: running-config
source:
  description: Name (C(address:port)) of the peer the command was issued on.
  returned: always
  type: str
receiver_checked:
  description: What the receiving peer held before a V(running-config) or V(candidate-config) sync (uncommitted
    changes, locks of other administrators); empty when nothing. Only with O(overwrite_peer_changes=true) can it
    be non-empty on success.
  returned: when the target is running-config or candidate-config and it was not skipped
  type: list
  elements: str
receiver:
  description: Name of the peer that received the state.
  returned: always
  type: str
source_state:
  description: HA state of the source before the sync.
  returned: always
  type: str
  sample: active
receiver_state:
  description: HA state of the receiver before the sync.
  returned: always
  type: str
  sample: passive
skipped:
  description:
    - True when nothing was sent because the target was already synchronized; Ansible then reports the task as
      skipped. Absent when a sync was sent (an Ansible status key, so C(changed_when) and C(failed_when) keep working).
  returned: when the target was already synchronized
  type: bool
  sample: true
message:
  description: The device's reply (or why nothing was sent).
  returned: always
  type: str
  sample: HA synchronization job has been queued on peer. Please check job status on peer.
before:
  description: The state that decided whether to sync (C(running_sync) per peer, or C(clock) and C(skew_seconds)).
  returned: always
  type: dict
after:
  description: The same state read again after the sync; null in check mode or when skipped.
  returned: always
  type: dict
job:
  description: The HA-Sync job of the receiving peer (id, type, status, result, progress, details, warnings, times).
  returned: when the target ran an HA-Sync job
  type: dict
  sample: {"id": 12, "type": "HA-Sync", "status": "FIN", "result": "OK", "details": ["Configuration committed successfully"]}
waited_for:
  description:
    - HA-Sync jobs that were already running on either peer (not started by this task) and that the module waited for
      before sending its request, each with the C(device) it ran on. Their failure does not fail the task (this
      task's own sync follows); their C(reason) and C(remedy) say why they failed.
  returned: always
  type: list
  elements: dict
  sample: [{"device": "192.0.2.11:443", "id": 41, "type": "HA-Sync", "status": "FIN", "result": "OK", "reason": null}]
elapsed_seconds:
  description: Wall time of the module's run after reading the pair, the HA-Sync jobs waited for and the sync with its
    verification included (when nothing was sent, or in check mode, how long the checks took).
  returned: always
  type: float
reason:
  description:
    - On failure, a stable classification (for example C(jumbo_frame_mismatch), C(master_key_mismatch), C(push_from_passive),
      C(commit_queued)).
    - When the device refuses the sync request, the code of the documented blocker its message names (the codes of
      hapair.panos.preflight, for example C(config_sync_disabled), C(license_mismatch)), or C(sync_refused).
  returned: failure
  type: str
remedy:
  description: On failure, what to do.
  returned: failure
  type: str
'''

from ansible_collections.hapair.panos.plugins.module_utils.catalog import TARGET_NAMES
from ansible_collections.hapair.panos.plugins.module_utils.module import pair_module
from ansible_collections.hapair.panos.plugins.module_utils.sync_to_remote import SyncToRemote
from ansible_collections.hapair.panos.plugins.module_utils.task import run_task


def main():
    module = pair_module(
        dict(
            target=dict(type='str', choices=list(TARGET_NAMES), default='running-config'),
            source=dict(type='str', choices=['active', 'passive'], default='active'),
            allow_from_passive=dict(type='bool', default=False),
            force=dict(type='bool', default=False),
            overwrite_peer_changes=dict(type='bool', default=False),
            timeout=dict(type='int', default=600),
        ),
        supports_check_mode=True,
    )
    run_task(module, SyncToRemote)


if __name__ == '__main__':
    main()
