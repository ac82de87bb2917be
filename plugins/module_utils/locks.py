# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Config and commit locks: take ours for a change window, release ours, never touch anyone else's."""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils.device_facts import lock_holders, read_locks
from ansible_collections.hapair.panos.plugins.module_utils.errors import DeviceBusy
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
