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
'''

from ansible_collections.hapair.panos.plugins.module_utils import locks
from ansible_collections.hapair.panos.plugins.module_utils.module import pair_module, run
from ansible_collections.hapair.panos.plugins.module_utils.pair import Pair
from ansible_collections.hapair.panos.plugins.module_utils.selection import select_devices, selection_argument_spec


def main():
    module = pair_module(
        dict(
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            kind=dict(type='str', choices=list(locks.KINDS), default='config'),
            **selection_argument_spec('peers'),
            comment=dict(type='str'),
        ),
        supports_check_mode=True,
    )

    def work(module):
        p = module.params
        devices = select_devices(Pair.from_module(module).discover(), p['peers'], option='peers')
        planned = {d.name: (d,) + locks.plan(d, p['kind'], p['state']) for d in devices}  # all checks first
        peers = {}
        for name, (device, needed, held) in planned.items():
            message = None
            after = locks.expected_holders(device, held, p['state'])
            if needed and not module.check_mode:
                message = locks.apply(device, p['kind'], p['state'], p['comment'])
                after = locks.holders(device, p['kind'])  # read back: reports say what the device says
            peers[name] = {'holders_before': held, 'holders_after': after, 'held_by_us': device.admin in after,
                           'changed': needed, 'message': message}
        return {'changed': any(v['changed'] for v in peers.values()), 'peers': peers}

    run(module, work)


if __name__ == '__main__':
    main()
