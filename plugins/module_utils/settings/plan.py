# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What comparing the wanted settings with a device yields: requests, both views, and the run's context."""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils.configview import label


class Op:
    """One configuration request: action 'set' (merge element under steps), 'edit' (replace the node at
    steps with element) or 'delete' (the node at steps)."""

    __slots__ = ('action', 'steps', 'element', 'secrets')

    def __init__(self, action, steps, element=None, secrets=()):
        self.action = action
        self.steps = tuple(steps)
        self.element = element
        self.secrets = tuple(secrets)

    def __repr__(self):
        return 'Op(%s %s)' % (self.action, label(self.steps))


class Planned:
    """The result of comparing wanted with the device: both views, the requests and what changes."""

    def __init__(self, before=None, after=None, ops=None, changes=None):
        self.before = before
        self.after = after
        self.ops = list(ops or [])
        self.changes = list(changes or [])


class Context:
    """Per-run settings of the comparison and what it noticed (secrets it could not compare)."""

    def __init__(self, update_secrets='changed', mode='active-passive'):
        self.update_secrets = update_secrets
        self.mode = mode
        self.uncompared_secrets = []
