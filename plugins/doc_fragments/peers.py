# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The peer-selection option (which peer or peers a task acts on), documented once.

Seven modules take it, under two names and with three defaults, and a user's playbook names it the way the module
always has, so the names and defaults stay as they are. A fragment's option cannot be partly overridden (a module's
option of the same name replaces it whole), hence one variant per (name, default), each with the one description
of the roles (the same lines in every variant; each is a string literal, as ansible-test's yamllint reads fragments
with ast, and a unit test keeps the shared lines equal):

  ``hapair.panos.peers``                O(peers), default V(both)        config_lock, job_info, master_key_info, sync_settings
  ``hapair.panos.peers.peer``           O(peer), default V(provider)     master_key, peer_settings
  ``hapair.panos.peers.peer_by_state``  O(peer), default by O(state)     ha_state

The argument specs come from plugins/module_utils/selection.py (selection_argument_spec, whose VARIANTS table has
the same names and defaults; a unit test keeps the two in agreement), and selection.select_devices resolves the
value.
"""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r'''
options:
  peers:
    description:
      - Which peer(s) the task acts on. V(both) (the default) is both peers.
      - V(provider) and V(peer_provider) name the peer of that option; V(active) and V(passive) (active-primary and
        active-secondary in active/active) are resolved when the task runs. A peer's management address is also accepted.
    type: str
    default: both
'''

    PEER = r'''
options:
  peer:
    description:
      - The peer the task acts on, by default the peer of O(provider).
      - V(provider) and V(peer_provider) name the peer of that option; V(active) and V(passive) (active-primary and
        active-secondary in active/active) are resolved when the task runs. A peer's management address is also accepted.
      - The task acts on one peer; V(both) is refused, except where the module's description says what it does.
    type: str
    default: provider
'''

    # ha_state: the default depends on the state asked for, and the suspended peer is a role of its own.
    PEER_BY_STATE = r'''
options:
  peer:
    description:
      - The peer the task acts on. By default V(active) for O(state=suspended), and V(suspended) (whichever peer is
        suspended) for O(state=functional); V(suspended) names that peer.
      - V(provider) and V(peer_provider) name the peer of that option; V(active) and V(passive) (active-primary and
        active-secondary in active/active) are resolved when the task runs. A peer's management address is also accepted.
      - The task acts on one peer; V(both) is refused, except where the module's description says what it does.
    type: str
'''
