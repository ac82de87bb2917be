# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Config and commit locks: take ours for a change window, release ours, never touch anyone else's."""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils.device_facts import lock_holders, read_locks
from ansible_collections.hapair.panos.plugins.module_utils.errors import DeviceBusy
from ansible_collections.hapair.panos.plugins.module_utils.selection import select_devices
from ansible_collections.hapair.panos.plugins.module_utils.task import Plan, Task
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import build_element, op_element, to_string

KINDS = {'config': ('config-lock', 'config-locks'), 'commit': ('commit-lock', 'commit-locks')}


def holders(device, kind):
    """Admins holding a lock of this kind on device (``show config-locks`` / ``show commit-locks``)."""
    return lock_holders(read_locks(device, kind))


def plan(device, kind, state):
    """(change_needed, holders) for one device; refuses when another admin holds the lock we want."""
    held = holders(device, kind)
    mine = device.admin in held
    others = [name for name in held if name != device.admin]
    if state == 'present' and others:
        raise DeviceBusy('%s lock held by %s' % (kind.capitalize(), ', '.join(others)), device=device.name,
                         reason='config_locked',
                         remedy='Ask that administrator to finish and release the lock; nothing was changed.')
    return (state == 'present') != mine, held


def expected_holders(device, held, state):
    """The holders once our lock is taken (present) or released (absent); other admins' locks stay."""
    others = [name for name in held if name != device.admin]
    return others + [device.admin] if state == 'present' else others


def apply(device, kind, state, comment=None):
    """Take (present) or release (absent) our lock; returns the device's message."""
    if state == 'present':
        add = build_element('add', {'comment': comment} if comment else None)
        cmd = to_string(build_element('request', build_element(KINDS[kind][0], add)))
    else:
        cmd = op_element(['request', KINDS[kind][0], 'remove'])
    root = device.op(cmd)
    return ''.join(root.find('result').itertext()).strip() if root.find('result') is not None else None


class ConfigLock(Task):
    """The config_lock module: take or release our lock on the selected peers; other admins' locks stay."""

    def plan(self, pair):
        p = self.params
        devices = select_devices(pair, p['peers'], option='peers')
        held = {}
        needed = []
        for device in devices:  # every peer checked (and a foreign lock refused) before the first change
            change_needed, held[device.name] = plan(device, p['kind'], p['state'])
            if change_needed:
                needed.append(device)
        after = {d.name: expected_holders(d, held[d.name], p['state']) for d in devices}
        return Plan(before=held, after=after, changes=[d.name for d in needed], operations=needed,
                    facts={'devices': devices})

    def apply(self, plan):
        p = self.params
        return {d.name: apply(d, p['kind'], p['state'], p['comment']) for d in plan.operations}

    def verify(self, plan, applied):
        # read back: reports say what the device says
        return {d.name: holders(d, self.params['kind']) for d in plan.operations}

    def result(self, plan, applied, verified, check_mode):
        peers = {}
        for device in plan.facts['devices']:
            after = (verified or {}).get(device.name, plan.after[device.name])
            peers[device.name] = {'holders_before': plan.before[device.name], 'holders_after': after,
                                  'held_by_us': device.admin in after, 'changed': device.name in plan.changes,
                                  'message': (applied or {}).get(device.name)}
        return {'peers': peers}
