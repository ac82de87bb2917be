# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``request high-availability state suspend|functional`` with proof: after a suspend the other peer must
have taken over; after functional the peer must be back in the election (passive, or active again)."""

from __future__ import annotations

import time

from ansible_collections.hapair.panos.plugins.module_utils.errors import Refused, VerificationFailed
from ansible_collections.hapair.panos.plugins.module_utils.ha_status import SHOW_HA_ALL, parse_ha_state, role_of
from ansible_collections.hapair.panos.plugins.module_utils.jobs import PollSchedule
from ansible_collections.hapair.panos.plugins.module_utils.selection import select_devices
from ansible_collections.hapair.panos.plugins.module_utils.task import Plan, Task
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import find_text, op_element, response_message

COMMANDS = {'suspended': ['request', 'high-availability', 'state', 'suspend'],
            'functional': ['request', 'high-availability', 'state', 'functional']}


def target_device(pair, state, peer):
    """The peer to change. "Suspend the active peer" (the default) on a pair where one peer is already suspended and
    the other active is already done: that suspended peer is the target, so a re-run is ok, not a failure."""
    if peer is None:
        peer = 'active' if state == 'suspended' else 'suspended'
    if state == 'suspended' and peer == 'active':
        pair.require_enabled()
        suspended = [d for d in pair.devices if pair.local_state(d) == 'suspended']
        if suspended and any(role_of(pair.local_state(d)) == 'active' for d in pair.devices if d not in suspended):
            return suspended[0]
    if peer == 'suspended':
        pair.require_enabled()
        found = [d for d in pair.devices if pair.local_state(d) == 'suspended']
        return found[0] if found else None
    return select_devices(pair, peer, single=True)[0]


def states(devices):
    return {d.name: parse_ha_state(d.op(SHOW_HA_ALL))['local']['state'] for d in devices}


class HaState(Task):
    """The ha_state module: suspend a peer or make it functional, then wait until the pair has settled."""

    # The HA state settles within seconds: poll quickly at first.
    poll_schedule = PollSchedule(initial=0.2, factor=1.5, maximum=2.0)

    def plan(self, pair):
        p = self.params
        target = target_device(pair, p['state'], p['peer'])
        before = dict(pair.summary['states'])
        if target is None or (p['state'] == 'suspended') == (pair.local_state(target) == 'suspended'):
            message = 'no peer to change' if target is None else '%s is already %s' % (target.name, p['state'])
            return Plan(before=before, after=before, facts={'target': target, 'message': message})
        other = pair.other(target)
        if p['state'] == 'suspended':
            other_state = pair.local_state(other) if other is not None else None
            if role_of(other_state) is None:
                other_name = other.name if other is not None else 'the peer'
                raise Refused('Suspending %s would leave no functional peer (%s is %s)'
                              % (target.name, other_name, other_state or 'unknown'),
                              device=target.name, reason='no_takeover_peer',
                              remedy='Make the other peer functional first; nothing was changed.')
        after = dict(before, **{target.name: p['state']})
        return Plan(before=before, after=after, changes=['%s: %s' % (target.name, p['state'])], operations=[target],
                    facts={'target': target, 'devices': [d for d in (target, other) if d is not None]})

    def apply(self, plan):
        reply = plan.facts['target'].op(op_element(COMMANDS[self.params['state']]))
        return response_message(reply) or find_text(reply, 'result') or ''

    def verify(self, plan, applied):
        devices, name, state = plan.facts['devices'], plan.facts['target'].name, self.params['state']
        if not self.params['wait']:
            return states(devices)
        return wait_until(devices, lambda seen: settled(seen, name, state), self.params['timeout'],
                          self.poll_schedule)

    def result(self, plan, applied, verified, check_mode):
        target, state = plan.facts['target'], self.params['state']
        message = plan.facts.get('message')
        if plan.changed:
            message = applied if not check_mode else 'check mode: would request high-availability state %s on %s' % (
                state.replace('suspended', 'suspend'), target.name)
        return {'state': state, 'peer': target.name if target else None, 'before': plan.before,
                'after': verified if verified is not None else plan.before, 'message': message}


def settled(seen, target_name, state):
    mine = seen[target_name]
    others = [s for name, s in seen.items() if name != target_name]
    if state == 'suspended':
        return mine == 'suspended' and any(role_of(s) == 'active' for s in others)
    return role_of(mine) is not None and sum(1 for s in seen.values() if role_of(s) == 'active') == 1


def wait_until(devices, condition, timeout, schedule):
    deadline = time.monotonic() + timeout
    intervals = schedule.intervals()
    while True:
        seen = states(devices)
        if condition(seen):
            return seen
        if time.monotonic() >= deadline:
            raise VerificationFailed('HA states did not settle within %s seconds: %s' % (timeout, seen),
                                     device=devices[0].name, reason='not_settled',
                                     remedy='Check HA links and the peer with hapair.panos.ha_info; the request was '
                                            'sent.')
        time.sleep(min(next(intervals), max(0.0, deadline - time.monotonic())))
