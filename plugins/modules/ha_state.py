#!/usr/bin/python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: ha_state
short_description: Suspend a peer of a PAN-OS HA pair or make it functional again, and verify the takeover
version_added: 1.0.0
description:
  - Runs C(request high-availability state suspend) or C(request high-availability state functional) on one
    peer and waits until the pair has settled.
  - After a suspend the other peer must be active (or active-primary); after functional the peer must be back
    in the election with exactly one active peer.
  - Refuses to suspend a peer when the other peer is not functional (there would be no active peer).
  - Idempotent. A peer that is already suspended (or already functional) is left alone.
author: hapair.panos developers (@hapair)
extends_documentation_fragment:
  - hapair.panos.provider
  - hapair.panos.provider.pair
  - hapair.panos.peers.peer_by_state
  - hapair.panos.attributes
  - hapair.panos.attributes.state_changing
attributes:
  diff_mode:
    support: full
options:
  state:
    description:
      - V(suspended) takes the peer out of the election (a failover when it was active).
      - V(functional) returns it to the election.
    type: str
    choices: [suspended, functional]
    required: true
  wait:
    description:
      - Wait until the pair has settled and verify it.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for the pair to settle.
    type: int
    default: 300
'''

EXAMPLES = r'''
- name: Fail over (suspend the active peer)
  hapair.panos.ha_state:
    provider: "{{ provider }}"
    state: suspended

- name: Bring the suspended peer back
  hapair.panos.ha_state:
    provider: "{{ provider }}"
    state: functional
'''

RETURN = r'''
peer:
  description: Name of the peer acted on; null when no peer needed a change.
  returned: always
  type: str
state:
  description: The requested state.
  returned: always
  type: str
before:
  description: HA state of each peer before.
  returned: always
  type: dict
  sample: {"192.0.2.11:443": active, "192.0.2.12:443": passive}
after:
  description: HA state of each peer after the pair settled.
  returned: always
  type: dict
  sample: {"192.0.2.11:443": suspended, "192.0.2.12:443": active}
message:
  description: The device's reply, or why nothing was done.
  returned: always
  type: str
diff:
  description: Before and after of the HA state of each peer (after names the requested state of the peer acted on).
  returned: when diff mode is on
  type: dict
'''

from ansible_collections.hapair.panos.plugins.module_utils.ha_state import HaState
from ansible_collections.hapair.panos.plugins.module_utils.module import pair_module
from ansible_collections.hapair.panos.plugins.module_utils.selection import selection_argument_spec
from ansible_collections.hapair.panos.plugins.module_utils.task import run_task


def main():
    module = pair_module(
        dict(
            state=dict(type='str', choices=['suspended', 'functional'], required=True),
            **selection_argument_spec('peer_by_state'),
            wait=dict(type='bool', default=True),
            timeout=dict(type='int', default=300),
        ),
        supports_check_mode=True,
    )
    run_task(module, HaState)


if __name__ == '__main__':
    main()
