# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Commit only our own change, and never someone else's.

A change window must not push another administrator's half-done work nor discard it. Before changing a
setting we check, on that device: no commit is queued or running, no other admin holds a config or commit
lock, and the candidate equals the running config at the XPaths we are about to touch (otherwise someone
has uncommitted changes there). Our commit is then a partial commit limited to our own admin.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ansible_collections.hapair.panos.plugins.module_utils import config_lock
from ansible_collections.hapair.panos.plugins.module_utils.device_facts import (
    describe_foreign_locks,
    read_locks,
    read_pending_changes,
)
from ansible_collections.hapair.panos.plugins.module_utils.errors import (
    AuthenticationFailed,
    ConnectionFailed,
    DeviceBusy,
    HapairError,
    Refused,
)
from ansible_collections.hapair.panos.plugins.module_utils.jobs import PollSchedule, find_jobs, wait_for_job
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import build_element, to_string

# Attributes PAN-OS adds to changed nodes in a candidate 'get' (config_get_address.candidate-with-admin-...xml).
_VOLATILE_ATTRS = ('admin', 'dirtyId', 'time')


def running_commits(device):
    """Commit and HA-Sync jobs queued or running on device."""
    return [job for job in find_jobs(device, types=('Commit', 'HA-Sync')) if job['status'] != 'FIN']


def assert_commit_queue_empty(device):
    busy = running_commits(device)
    if busy:
        listing = ', '.join('%s %s (%s)' % (job['type'], job['id'], job['status']) for job in busy)
        raise DeviceBusy('Jobs are queued or running: %s' % listing, device=device.name, reason='commit_queued',
                         remedy='Only committed configuration synchronizes. Wait for these jobs to finish, then re-run.')


def assert_no_foreign_locks(device):
    locks = describe_foreign_locks(device)
    if locks:
        listing = ', '.join(locks)
        raise DeviceBusy(listing, device=device.name, reason='config_locked',
                         remedy='Ask that administrator to finish and release the lock; nothing was changed.')


def _canonical(result):
    if result is None:
        return None
    parts = []
    for child in result:
        clone = ET.fromstring(ET.tostring(child))
        for node in clone.iter():
            for attr in _VOLATILE_ATTRS:
                node.attrib.pop(attr, None)
        parts.append(ET.tostring(clone, encoding='unicode'))
    return ''.join(parts)


def uncommitted_xpaths(device, xpaths):
    """XPaths where the candidate differs from running: someone has uncommitted changes there."""
    return [xpath for xpath in xpaths
            if _canonical(device.config_get(xpath)) != _canonical(device.config_show(xpath))]


def assert_scope_clean(device, xpaths):
    """Refuse when the candidate differs from running at any of xpaths (before we change anything)."""
    dirty = uncommitted_xpaths(device, xpaths)
    if dirty:
        raise Refused('Uncommitted changes exist where this task would change the configuration: %s' % ', '.join(dirty),
                      device=device.name, reason='foreign_pending_change',
                      remedy='Another administrator (or an interrupted earlier run) has uncommitted changes there. '
                             'Have them committed or reverted first; this task did not change or commit anything.')


def guard_change(device, xpaths):
    """All the checks above, in the order that changes nothing."""
    assert_commit_queue_empty(device)
    assert_no_foreign_locks(device)
    assert_scope_clean(device, xpaths)


# Partial-commit scopes (PAN-OS XML API guide, Commit: ``<commit><partial>`` may exclude device-and-network,
# shared-object and policy-and-objects; excluded changes stay uncommitted). Which XPaths fall in which scope:
# ASSUMED from the web interface's partial-commit dialog (Device and Network / Shared Objects / Policy and Objects).
PARTIAL_SCOPES = (
    ('shared-object', re.compile(r'^/config/shared(/|$)')),
    ('policy-and-objects', re.compile(r"^/config/devices/entry(\[[^]]*\])?/vsys/entry(\[[^]]*\])?/"
                                      r'(rulebase|address|address-group|service|service-group|application|'
                                      r'application-group|application-filter|profiles|profile-group|tag|'
                                      r'external-list|schedule|region|dynamic-user-group)(/|\[|$)')),
    ('device-and-network', re.compile(r'^/config/(devices|mgt-config)(/|\[|$)')),
)


def partial_scope(xpath):
    """The partial-commit scope an XPath belongs to (the first PARTIAL_SCOPES pattern that matches), or None."""
    return next((scope for scope, pattern in PARTIAL_SCOPES if pattern.match(xpath)), None)


def partial_exclusions(xpaths):
    """The scopes none of xpaths touches, to exclude from our partial commit (None: a scope is unknown, exclude
    nothing rather than leave our own change behind)."""
    touched = {partial_scope(xpath) for xpath in xpaths}
    if None in touched:
        return ()
    return tuple(scope for scope, _pattern in PARTIAL_SCOPES if scope not in touched)


def commit_own_changes(device, description, timeout, poll_schedule=None, xpaths=None):
    """Partial commit of our admin's changes, excluding the scopes our xpaths do not touch; waits for the job.

    Returns the job, or None (nothing to commit).
    """
    exclude = partial_exclusions(xpaths) if xpaths else ()
    job_id = device.commit(partial_admins=[device.admin], description=description, exclude=exclude)
    if job_id is None:
        return None
    return wait_for_job(device, job_id, timeout=timeout, poll_schedule=poll_schedule or PollSchedule())


class UndoPlan:
    """How to take our uncommitted change back if a write or our commit fails, decided before the first write.

    When the device had no uncommitted change at all before we wrote (``check pending-changes: no``), everything
    our admin has pending afterwards is ours: ``revert config partial admin`` discards exactly that, and the device
    no longer reports a pending change of ours. Otherwise the candidate is put back where we wrote (the caller's
    put_back: candidate made equal to running there), which leaves the other changes alone."""

    def __init__(self, device):
        self.device = device
        self.may_revert = not read_pending_changes(device)

    def undone(self, put_back, failure):
        """Take our change back after failure (best effort: the device may be why we failed); returns the error to
        raise: failure with how at the end of its message ('reverted', 'put back' or 'not undone')."""
        how = self._undo(put_back)
        return failure.replace(message='%s (our change on %s: %s)' % (failure.message, self.device.name, how))

    def _undo(self, put_back):
        if self.may_revert:
            try:
                revert_own_changes(self.device)
                return 'reverted'
            except HapairError:
                pass
        try:
            put_back()
            return 'put back'
        except HapairError:
            return 'not undone'


def revert_own_changes(device):
    """``revert config partial admin <us>``: discard our admin's uncommitted changes (REAL command)."""
    admin = build_element('admin', {'member': [device.admin]})
    device.op(to_string(build_element('revert', build_element('config', build_element('partial', admin)))))


# ------------------------------------------------------------------------- the receiving peer of a config sync

# The option every module whose work ends in a config sync offers to overwrite what the receiver holds.
OVERWRITE_OPTION = 'overwrite_peer_changes'


def sync_receiver_risks(device):
    """What a config sync to device would destroy or ignore: its uncommitted changes (any administrator's: the
    sync replaces the candidate) and config/commit locks held by other administrators."""
    risks = []
    if read_pending_changes(device):
        risks.append('uncommitted changes (check pending-changes: yes)')
    risks.extend(describe_foreign_locks(device))
    return risks


def assert_sync_receivers_safe(receivers, why, overwrite=False, warn=None, unreachable=None):
    """Before any config sync (sync-to-remote running-config / candidate-config, and every commit of ours that
    starts PAN-OS's automatic sync): refuse while a receiving peer holds uncommitted changes or another
    administrator's lock, or cannot be read, unless the operator accepts overwriting them (overwrite_peer_changes).

    unreachable: {name: HapairError} of receivers already known not to answer, not contacted again; a name may
    stand for a peer that has no Device at all (its address is unknown).
    Returns {receiver name: [risks]} (what was found; empty lists when nothing).
    """
    unreachable = dict(unreachable or {})
    found = {}
    for name in [d.name for d in receivers] + [n for n in unreachable if n not in {d.name for d in receivers}]:
        device = next((d for d in receivers if d.name == name), None)
        try:
            if name in unreachable:
                raise unreachable[name]
            found[name] = sync_receiver_risks(device)
        except (ConnectionFailed, AuthenticationFailed, Refused) as exc:
            if not overwrite:
                raise Refused('Cannot check %s for uncommitted changes and locks before %s (%s)'
                              % (name, why, exc.message.rstrip('.')), device=exc.device or name,
                              reason='peer_unreadable',
                              remedy='Make its management interface reachable (or set peer_provider to reach it) '
                                     'and re-run, or set %s=true to go on without the check (its uncommitted '
                                     'changes would be lost). Nothing was changed.' % OVERWRITE_OPTION) from None
            found[name] = ['not checked: %s' % exc.message]
    risky = {name: risks for name, risks in found.items() if risks}
    if risky and not overwrite:
        listing = '; '.join('%s: %s' % (name, ', '.join(risks)) for name, risks in sorted(risky.items()))
        name = sorted(risky)[0]
        raise Refused('%s would overwrite the configuration of a peer that holds work of others: %s'
                      % (why[0].upper() + why[1:], listing), device=name, reason='peer_pending_change',
                      remedy='Have those changes committed or reverted and the locks released on that peer, then '
                             're-run; or set %s=true to overwrite them. Nothing was changed.' % OVERWRITE_OPTION)
    if risky and warn:
        for name, risks in sorted(risky.items()):
            warn('%s=true: %s will overwrite %s on %s' % (OVERWRITE_OPTION, why, ', '.join(risks), name))
    return found


class ReceiverHold:
    """Our config lock on each receiver of a config sync, from the last check until the sync is over.

    The check (assert_sync_receivers_safe) reads the receiver at one moment; another administrator could make a
    change there between that read and the HA-Sync that replaces the receiver's candidate. So: check (a clear
    refusal naming what is there), take our config lock where we do not hold one (other administrators can no
    longer change the candidate), check again (closes the gap between the two), do the work, release the locks
    we took. Nothing is locked when the operator accepted overwriting (overwrite) or in check mode.
    """

    COMMENT = 'hapair.panos: config sync to this peer in progress'

    def __init__(self, receivers, why, overwrite=False, warn=None, unreachable=None, check_mode=False):
        self.receivers = list(receivers)
        self.why, self.overwrite, self.warn, self.unreachable = why, overwrite, warn, unreachable
        self.check_mode = check_mode
        self.taken = []
        self.found = {}

    def __enter__(self):
        self.found = assert_sync_receivers_safe(self.receivers, self.why, overwrite=self.overwrite, warn=self.warn,
                                                unreachable=self.unreachable)
        if self.overwrite or self.check_mode:
            return self
        try:
            for device in self.receivers:
                ours = [lock for lock in read_locks(device, 'config') if lock.get('admin') == device.admin]
                if not ours:
                    config_lock.apply(device, 'config', 'present', self.COMMENT)
                    self.taken.append(device)
                elif all(lock.get('comment') == self.COMMENT for lock in ours):
                    # Left by an earlier hold that could not release it (the peer stopped answering): ours to release.
                    self.taken.append(device)
            self.found = assert_sync_receivers_safe(self.receivers, self.why, unreachable=self.unreachable)
        except HapairError:
            self.release()
            raise
        return self

    def __exit__(self, exc_type, exc, tb):
        kept = self.release()
        if kept and isinstance(exc, HapairError):
            raise exc.replace(message='%s (our config lock on %s is still held: the next run of this task releases '
                                      'it, or use hapair.panos.config_lock with state=absent)'
                                      % (exc.message, ', '.join(kept))) from None
        return False

    def release(self):
        """Release the locks this hold took; returns the names of the peers where that failed (the next hold of this
        kind adopts and releases such a lock: it carries COMMENT)."""
        kept = []
        while self.taken:
            device = self.taken.pop()
            try:
                config_lock.apply(device, 'config', 'absent')
            except HapairError as exc:
                kept.append(device.name)
                if self.warn:
                    self.warn('Could not release our config lock on %s: %s' % (device.name, exc.message))
        return kept
