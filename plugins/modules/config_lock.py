#!/usr/bin/python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: config_lock
short_description: Take or release this admin's config or commit lock on the peers of a PAN-OS HA pair
version_added: 1.0.0
description:
  - Takes (O(state=present)) or releases (O(state=absent)) a config lock or commit lock held by the admin of
    O(provider) on one or both peers, for the length of a change window.
  - Other administrators' locks are never taken over or removed. When another admin holds the lock, the module
    fails before changing anything (reason C(config_locked)).
  - A config lock keeps other administrators from changing the candidate configuration; this collection's own
    modules keep working under it.
  - Idempotent. A lock already held by this admin is left alone, and releasing a lock not held changes nothing.
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
  state:
    description:
      - V(present) takes the lock, V(absent) releases it.
    type: str
    choices: [present, absent]
    default: present
  kind:
    description:
      - Which lock.
    type: str
    choices: [config, commit]
    default: config
  comment:
    description:
      - Comment stored with the lock (shown to other administrators).
    type: str
'''

EXAMPLES = r'''
- name: Lock the configuration of both peers for the change window
  hapair.panos.config_lock:
    provider: "{{ provider }}"
    comment: "CHG0042 master key rotation"

- name: Release the locks
  hapair.panos.config_lock:
    provider: "{{ provider }}"
    state: absent
'''

RETURN = r'''
peers:
  description:
    - Per peer (by name) the lock holders before the task, the holders read back after it (in check mode, the holders
      it would leave), whether this admin holds the lock afterwards, and whether this task changed the lock.
  returned: always
  type: dict
  sample: {"192.0.2.11:443": {"holders_before": [], "holders_after": ["admin"], "held_by_us": true, "changed": true,
                              "message": "Successfully acquired lock ..."}}
diff:
  description: Before and after of the lock holders per peer (after is what the lock holders are expected to be once the lock is taken or released).
  returned: when diff mode is on
  type: dict
'''

from ansible_collections.hapair.panos.plugins.module_utils.config_lock import KINDS, ConfigLock
from ansible_collections.hapair.panos.plugins.module_utils.module import pair_module
from ansible_collections.hapair.panos.plugins.module_utils.selection import selection_argument_spec
from ansible_collections.hapair.panos.plugins.module_utils.task import run_task


def main():
    module = pair_module(
        dict(
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            kind=dict(type='str', choices=list(KINDS), default='config'),
            **selection_argument_spec('peers'),
            comment=dict(type='str'),
        ),
        supports_check_mode=True,
    )
    run_task(module, ConfigLock)


if __name__ == '__main__':
    main()
