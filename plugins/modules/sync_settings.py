#!/usr/bin/python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: sync_settings
short_description: Enable or disable config sync and state sync on the peers of a PAN-OS HA pair
version_added: 1.0.0
description:
  - Sets C(deviceconfig/high-availability/group/configuration-synchronization/enabled) and
    C(state-synchronization/enabled) on one or both peers, commits, and verifies from the running config and
    C(show high-availability all).
  - These HA settings do not sync between peers, so each peer is configured and committed on its own; with
    O(peers=both) both commits run at the same time. V(both) is what HA needs; the other values of O(peers)
    exist for recovery runbooks.
  - Commits only this module's change (a partial commit by the admin of O(provider)). Before changing anything
    it refuses when a commit is queued or running, when another administrator holds a config or commit lock,
    or when the candidate already differs from the running config at these settings (someone else's
    uncommitted change).
  - Idempotent; check mode and diff report what would change on each peer.
author: hapair.panos developers (@hapair)
extends_documentation_fragment:
  - hapair.panos.provider
  - hapair.panos.provider.pair
  - hapair.panos.peers
  - hapair.panos.attributes
  - hapair.panos.attributes.state_changing
attributes:
  diff_mode:
    support: full
options:
  config_sync:
    description:
      - Enable (V(true)) or disable (V(false)) configuration synchronization. Left unchanged when omitted.
      - Disable it on both peers before changing the master key, and enable it again afterwards.
    type: bool
  state_sync:
    description:
      - Enable or disable state (session) synchronization over HA2. Left unchanged when omitted.
    type: bool
  overwrite_peer_changes:
    description:
      - When config sync is enabled on both peers after the change (turning it back on, or any change while it is
        on), each commit starts PAN-OS's automatic config sync, which replaces the other peer's candidate
        configuration. By default the module first reads every peer that could receive such a sync (C(check
        pending-changes), C(show config-locks), C(show commit-locks)) and refuses, before changing anything, when
        one holds uncommitted changes or another administrator's lock, or cannot be read.
      - V(true) goes on anyway; what is overwritten is named in a warning.
    type: bool
    default: false
  timeout:
    description:
      - Seconds to wait for each commit job.
    type: int
    default: 600
'''

EXAMPLES = r'''
- name: Disable config sync on both peers (first step of a master-key change)
  hapair.panos.sync_settings:
    provider: "{{ provider }}"
    config_sync: false

- name: Enable config sync and state sync on both peers
  hapair.panos.sync_settings:
    provider: "{{ provider }}"
    config_sync: true
    state_sync: true
'''

RETURN = r'''
receivers_checked:
  description: Per peer that could receive PAN-OS's automatic config sync from this task's commits, what it held
    before the change (uncommitted changes, other administrators' locks); empty lists when nothing, an empty dict
    when no commit of this task starts a config sync.
  returned: always
  type: dict
  sample: {"192.0.2.12:443": []}
peers:
  description: Per peer (by name) the settings before and after, and the options that changed.
  returned: always
  type: dict
  sample:
    "192.0.2.11:443":
      before: {config_sync: true, state_sync: true}
      after: {config_sync: false, state_sync: true}
      changes: [config_sync]
jobs:
  description: The commit job of each changed peer (by name); null where there was nothing to commit.
  returned: when changed and not in check mode
  type: dict
verified:
  description: The settings and C(running_sync) read back from each changed peer after the commit.
  returned: when changed and not in check mode
  type: dict
elapsed_seconds:
  description: Wall time of the module's run, from reading the pair to the settings read back after the commits.
  returned: always
  type: float
  sample: 31.2
diff:
  description: Before/after of the settings per peer.
  returned: when diff mode is on
  type: dict
'''

from ansible_collections.hapair.panos.plugins.module_utils.module import pair_module
from ansible_collections.hapair.panos.plugins.module_utils.selection import selection_argument_spec
from ansible_collections.hapair.panos.plugins.module_utils.sync_settings import SyncSettings
from ansible_collections.hapair.panos.plugins.module_utils.task import run_task


def main():
    module = pair_module(
        dict(
            config_sync=dict(type='bool'),
            state_sync=dict(type='bool'),
            **selection_argument_spec('peers'),
            overwrite_peer_changes=dict(type='bool', default=False),
            timeout=dict(type='int', default=600),
        ),
        required_one_of=[['config_sync', 'state_sync']],
        supports_check_mode=True,
    )
    run_task(module, SyncSettings)


if __name__ == '__main__':
    main()
