# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The config-sync and state-sync switches of each peer (they do not sync: each peer has its own).

Two views of one setting (F5 style): what the user asked for and what the device has, compared in one
place (``plan``); the same comparison gives ``changed``, the check-mode prediction and the diff.
"""

from __future__ import annotations

import threading

from ansible_collections.hapair.panos.plugins.module_utils.change_guard import (
    UndoPlan,
    assert_sync_receivers_safe,
    commit_own_changes,
    guard_change,
)
from ansible_collections.hapair.panos.plugins.module_utils.errors import HapairError, JobTimeout, VerificationFailed
from ansible_collections.hapair.panos.plugins.module_utils.ha_status import SHOW_HA_ALL, parse_ha_state
from ansible_collections.hapair.panos.plugins.module_utils.selection import select_devices
from ansible_collections.hapair.panos.plugins.module_utils.task import Plan, Task
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import build_element, find_text, yes_no

GROUP = "/config/devices/entry[@name='localhost.localdomain']/deviceconfig/high-availability/group"

# option name -> XPath under the HA group
SWITCHES = {
    'config_sync': 'configuration-synchronization',
    'state_sync': 'state-synchronization',
}


def xpath(option):
    return '%s/%s' % (GROUP, SWITCHES[option])


def read_switch(device, option):
    """One HA switch (config_sync or state_sync) from the running config: the one reader of it (preflight's
    state_sync_disabled check uses it too). Absent = the PAN-OS default, enabled."""
    result = device.config_show(xpath(option) + '/enabled')
    value = yes_no(find_text(result, 'enabled')) if result is not None else None
    return True if value is None else value


def read(device):
    """{'config_sync': bool, 'state_sync': bool} from the running config."""
    return {option: read_switch(device, option) for option in SWITCHES}


def plan(devices, wanted):
    """Per device: before, after and the options that change. ``wanted`` values of None are left alone."""
    out = {}
    for device in devices:
        before = read(device)
        after = dict(before)
        after.update({k: v for k, v in wanted.items() if v is not None})
        out[device.name] = {'device': device, 'before': before, 'after': after,
                            'changes': sorted(k for k in after if after[k] != before[k])}
    return out


def sync_receivers(planned, pair):
    """The peers our commits would overwrite through PAN-OS's automatic config sync: when config sync is enabled on
    both peers after the change, a commit on a peer pushes its configuration to the other (both commit at once
    when both change, so either can receive). Returns (devices, {name: error} of those that did not answer)."""
    committing = [item['device'] for item in planned.values() if item['changes']]
    if not committing:
        return [], {}
    others = [d for d in (pair.first, pair.second) if d is not None]
    after = {}
    for device in others:
        if device.name in planned:
            after[device.name] = planned[device.name]['after']['config_sync']
        elif device.name in pair.ha:
            after[device.name] = pair.ha[device.name]['local']['config_sync_enabled'] is not False
        else:
            after[device.name] = None  # not read: assume it may sync
    if any(value is False for value in after.values()):
        return [], {}
    receivers = []
    for device in committing:
        other = pair.other(device)
        if other is not None and other not in receivers:
            receivers.append(other)
    unreachable = {d.name: pair.error_of(d) for d in receivers if pair.error_of(d) is not None}
    return receivers, unreachable


def guard_receivers(planned, pair, overwrite=False, warn=None):
    """Refuse before any change when a commit of ours would overwrite another peer's uncommitted work (see
    change_guard.assert_sync_receivers_safe). Returns what was found per receiver."""
    receivers, unreachable = sync_receivers(planned, pair)
    if not receivers:
        return {}
    return assert_sync_receivers_safe(receivers, 'the commit with config sync enabled', overwrite=overwrite,
                                      warn=warn, unreachable=unreachable)


def apply(planned, timeout, poll_schedule=None):
    """Set and commit the changes, one thread per peer (their commits are independent). Returns per-peer jobs."""
    todo = [p for p in planned.values() if p['changes']]
    for item in todo:  # every check on every peer before the first change
        guard_change(item['device'], [xpath(option) for option in item['changes']])
    results, errors = {}, {}

    def work(item):
        device = item['device']
        undo = None
        try:
            undo = UndoPlan(device)
            for option in item['changes']:
                device.config_set(xpath(option), build_element('enabled', item['after'][option]))
            results[device.name] = commit_own_changes(
                device, 'hapair.panos: %s' % ', '.join('%s=%s' % (o, item['after'][o]) for o in item['changes']),
                timeout, poll_schedule, xpaths=[xpath(option) for option in item['changes']])
        except JobTimeout as exc:
            errors[device.name] = exc  # the commit may still finish with our change: leave the candidate alone
        except HapairError as exc:
            errors[device.name] = exc if undo is None else undo.undone(lambda: _put_back(device, item), exc)

    threads = [threading.Thread(target=work, args=(item,)) for item in todo]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        name, first = sorted(errors.items())[0]
        done = sorted(results)
        raise first.replace(message='%s (committed on: %s; failed on: %s)' % (first.message, ', '.join(done) or 'none',
                                                                              ', '.join(sorted(errors))))
    return results


def _put_back(device, item):
    """After a failed set or commit, make the candidate equal running again at our settings, so our own
    uncommitted change is not left behind (a re-run would take it for someone else's). Used when UndoPlan cannot
    revert (someone else had uncommitted changes too)."""
    for option in item['changes']:
        device.config_set(xpath(option), build_element('enabled', item['before'][option]))


def verify(planned):
    """Re-read running config and HA state; fail when a peer does not show what was asked."""
    seen = {}
    for name, item in planned.items():
        device = item['device']
        have = read(device)
        ha = parse_ha_state(device.op(SHOW_HA_ALL))
        seen[name] = dict(have, running_sync=ha['local']['running_sync'])
        if have != item['after'] or ha['local']['config_sync_enabled'] != have['config_sync']:
            raise VerificationFailed('After the commit %s shows %s, expected %s' % (name, have, item['after']),
                                     device=name, reason='not_applied',
                                     remedy='Check the commit job with hapair.panos.job_info and retry.')
    return seen


class SyncSettings(Task):
    """The sync_settings module: set the config-sync and state-sync switches of the selected peers, commit only
    that change (one thread per peer), and read both switches and the HA state back."""

    def plan(self, pair):
        p = self.params
        devices = select_devices(pair, p['peers'], option='peers')
        planned = plan(devices, {'config_sync': p['config_sync'], 'state_sync': p['state_sync']})
        changing = {name: item for name, item in planned.items() if item['changes']}
        receivers = guard_receivers(planned, pair, p['overwrite_peer_changes'], self.warn) if changing else {}
        return Plan(before={n: i['before'] for n, i in planned.items()},
                    after={n: i['after'] for n, i in planned.items()},
                    changes=['%s: %s' % (n, ', '.join(i['changes'])) for n, i in changing.items()],
                    operations=[planned[n] for n in changing],
                    facts={'planned': planned, 'receivers_checked': receivers})

    def apply(self, plan):
        return apply({item['device'].name: item for item in plan.operations}, self.params['timeout'])

    def verify(self, plan, applied):
        return verify({item['device'].name: item for item in plan.operations})

    def result(self, plan, applied, verified, check_mode):
        planned = plan.facts['planned']
        result = {'receivers_checked': plan.facts['receivers_checked'],
                  'peers': {name: {k: item[k] for k in ('before', 'after', 'changes')} for name, item in planned.items()}}
        if applied is not None:
            result.update(jobs=applied, verified=verified)
        result['elapsed_seconds'] = self.elapsed_seconds()
        return result
