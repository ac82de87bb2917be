# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``request high-availability sync-to-remote <target>``: issue it on the right peer, wait for the HA-Sync job
on the receiving peer, and prove the result from state.

Flow (each step reads or changes as little as possible; see docs/modules/sync_to_remote.md):
  1. read HA state on both peers (Pair.discover); refuse on split brain, HA disabled, unreachable peer;
  2. pick the source (the active peer unless told otherwise) and the receiver;
  3. wait for an HA-Sync job already running on either peer (a commit made with config sync enabled starts
     one; the device answers "Another sync is in progress" meanwhile), then re-read HA state;
  4. skip when already synchronized (running-config: running-sync; clock: clocks agree) unless forced;
  5. refuse while a commit is queued or running on the source (only committed config syncs);
  6. note the receiver's newest job id, send the command (again, after waiting, if a sync started in
     between), find the new HA-Sync job on the receiver and poll it with backoff; a FAIL becomes JobFailed
     with a classified reason;
  7. read HA state again and verify.
"""

from __future__ import annotations

import time
from datetime import datetime

from ansible_collections.hapair.panos.plugins.module_utils import catalog
from ansible_collections.hapair.panos.plugins.module_utils import failure_reasons
from ansible_collections.hapair.panos.plugins.module_utils.change_guard import (
    ReceiverHold,
    assert_commit_queue_empty,
)
from ansible_collections.hapair.panos.plugins.module_utils.errors import (
    ApiError, DeviceBusy, InvalidInput, JobFailed, JobTimeout, Refused, VerificationFailed)
from ansible_collections.hapair.panos.plugins.module_utils.ha_status import SHOW_HA_ALL, parse_ha_state, role_of, summarize_pair
from ansible_collections.hapair.panos.plugins.module_utils.jobs import (
    PollSchedule, describe_job, find_jobs, job_failed, newest_job_id, wait_for_job)
from ansible_collections.hapair.panos.plugins.module_utils.task import Plan, Task
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import find_text, op_element, response_message

# The targets (catalog.TARGET_NAMES) and the op command each one sends come from the sync catalog: runtime-state
# is its own command, ``request high-availability runtime-state`` (seed 001), not a sync-to-remote target.
# The targets that replace the receiver's configuration.
CONFIG_TARGETS = ('running-config', 'candidate-config')


def target_command(target):
    """The op command of a target, as the catalog records it (XML)."""
    return op_element(list(catalog.TARGETS_BY_NAME[target]['op_path']))


# Text of the reply when the peer runs an HA-Sync job (op_request_high-availability_sync-to-remote_...messages.md).
QUEUED_ON_PEER = 'queued on peer'
# Clocks closer than this are "already synchronized" (the request itself takes about a second).
CLOCK_TOLERANCE_SECONDS = 2
# When the device refuses the sync with a text failure_reasons does not know (the documented blockers: config sync
# disabled, licenses or features differ, dataplane not ready...).
SYNC_REFUSED_REMEDY = ('The pair refused to synchronize for the reason in the message; run hapair.panos.preflight '
                       'to check every documented blocker, fix it, then re-run. Nothing was sent to the peer.')


class SyncRequest:
    def __init__(self, target, source='active', allow_from_passive=False, force=False, timeout=600,
                 poll_schedule=None, overwrite_peer_changes=False, warn=None):
        if target not in catalog.TARGET_NAMES:
            raise ValueError(target)
        self.target = target
        self.source = source
        self.allow_from_passive = allow_from_passive
        self.force = force
        self.timeout = timeout
        self.poll_schedule = poll_schedule or PollSchedule()
        self.overwrite_peer_changes = overwrite_peer_changes
        self.warn = warn


def choose_source(pair, request):
    """(source, receiver) Devices. The active peer pushes unless allow_from_passive and source=passive."""
    active = pair.require_active()
    passive = pair.require_peer() if active is pair.first else pair.require_first()
    if request.source == 'passive':
        if not request.allow_from_passive:
            raise Refused('Refusing to push from the passive peer over the active peer', device=passive.name,
                          reason='push_from_passive',
                          remedy='Changes belong on the active peer. Set allow_from_passive: true only when the '
                                 'passive peer holds the configuration you want on both peers.')
        return passive, active
    return active, passive


def already_synchronized(pair, source, receiver, target):
    """(True, evidence) when the target needs no sync; targets without a readable state always run."""
    if target == 'running-config':
        states = {d.name: pair.ha[d.name]['local']['running_sync'] for d in (source, receiver)}
        return all(s == 'synchronized' for s in states.values()), {'running_sync': states}
    if target == 'clock':
        clocks = {d.name: read_clock(d) for d in (source, receiver)}
        values = [c for c in clocks.values() if c is not None]
        skew = abs((values[0] - values[1]).total_seconds()) if len(values) == 2 else None
        evidence = {'clock': {k: v.isoformat() if v else None for k, v in clocks.items()}, 'skew_seconds': skew}
        return skew is not None and skew <= CLOCK_TOLERANCE_SECONDS, evidence
    return False, {}


def read_clock(device):
    """``show clock`` as a naive datetime (the time zone label is dropped), None if unparsable."""
    text = find_text(device.op(op_element(['show', 'clock'])), 'result') or ''
    words = text.split()
    if len(words) < 6:
        return None
    try:
        return datetime.strptime(' '.join(words[1:4] + words[5:6]), '%b %d %H:%M:%S %Y')
    except ValueError:
        return None


def find_new_sync_job(receiver, after_id, deadline, schedule):
    """The HA-Sync job the receiver queued after after_id (it may take a moment to appear)."""
    intervals = schedule.intervals()
    while True:
        jobs = find_jobs(receiver, types=('HA-Sync',), newer_than_id=after_id)
        if jobs:
            return jobs[-1]  # the oldest new one: ours
        if time.monotonic() >= deadline:
            raise JobTimeout('HA-Sync', 0, device=receiver.name)
        time.sleep(min(next(intervals), max(0.0, deadline - time.monotonic())))


def wait_for_syncs_in_progress(devices, deadline, schedule):
    """Wait until no HA-Sync job is running on devices; returns the jobs waited for (as job_info describes them).

    Such a job is not ours: usually the automatic sync that a commit made with config sync enabled starts on the
    peer. It may fail (the pair then needs our sync all the more), so its result is reported, not raised.
    """
    waited = []
    for device in devices:
        for job in find_jobs(device, types=('HA-Sync',)):
            if job['finished'] or job['id'] is None:
                continue
            try:
                done = wait_for_job(device, job['id'], timeout=max(1, deadline - time.monotonic()),
                                    poll_schedule=schedule)
            except JobFailed as exc:
                done = exc.job
            waited.append(dict(describe_job(done), device=device.name))
    return waited


def send_sync(source, receiver, request, deadline, waited, still_needed=None):
    """Send the sync-to-remote command; returns (response, the receiver's newest job id before it was sent).

    While another sync runs, PAN-OS refuses ("Another sync is in progress", an error) or declines ("HA
    synchronization is already in progress ... will not be synchronized", a success reply): either way we wait
    for that sync (appended to waited) and send again, until the deadline. still_needed (unless forced): asked after
    such a wait; when the sync we waited for synchronized the pair, nothing is sent and (None, None) is returned.
    """
    command = target_command(request.target)
    while True:
        after_id = newest_job_id(receiver)  # our HA-Sync job will be the first one after it
        try:
            response = source.op(command)
            declined = sync_in_progress(response_message(response))
        except DeviceBusy as exc:
            if exc.reason != 'sync_in_progress':
                raise
            declined = exc
        except ApiError as exc:
            # The generic remedy of an API error code ("run it on the active peer...") does not fit a refused sync.
            classified = failure_reasons.classify_lines([exc.text or ''])
            known = classified['reason'] != failure_reasons.UNKNOWN_REASON['code']
            raise ApiError(exc.code, exc.text, device=exc.device, details=exc.details,
                           reason=classified['reason'] if known else 'sync_refused',
                           remedy=classified['remedy'] if known else SYNC_REFUSED_REMEDY) from None
        if not declined:
            return response, after_id
        if time.monotonic() >= deadline:
            if isinstance(declined, DeviceBusy):
                raise declined
            raise DeviceBusy(response_message(response), device=source.name, reason='sync_in_progress',
                             remedy=failure_reasons.remedy_for('sync_in_progress'))
        running = wait_for_syncs_in_progress((receiver, source), deadline, request.poll_schedule)
        waited.extend(running)
        if running and still_needed is not None and not still_needed():
            return None, None
        if not running:
            # The job that declined us is not listed (yet, or any more): give it a poll interval.
            time.sleep(min(request.poll_schedule.initial, max(0.0, deadline - time.monotonic())))


def sync_in_progress(message):
    """True when a sync-to-remote reply says another sync is running (so ours was not queued)."""
    return bool(message) and failure_reasons.classify_lines([message])['reason'] == 'sync_in_progress'


class SyncToRemote(Task):
    """The sync_to_remote module: one forced or needed sync, waited for on the receiver and proven from state."""

    def __init__(self, params, warn=None, poll_schedule=None):
        super().__init__(params, warn)
        if params['timeout'] < 1:
            raise InvalidInput('timeout must be at least 1 second; got %d' % params['timeout'], option='timeout')
        self.request = SyncRequest(params['target'], params['source'], params['allow_from_passive'], params['force'],
                                   params['timeout'], poll_schedule=poll_schedule,
                                   overwrite_peer_changes=params['overwrite_peer_changes'], warn=self.warn)

    def plan(self, pair):
        request = self.request
        started = time.monotonic()
        deadline = started + request.timeout
        source, receiver = choose_source(pair, request)
        waited = []
        if not self.check_mode:
            waited = wait_for_syncs_in_progress((receiver, source), deadline, request.poll_schedule)
        if waited:
            # The sync we waited for may have changed running-sync (or, if it failed, the peers' states).
            pair.refresh()
            source, receiver = choose_source(pair, request)
        skip, evidence = already_synchronized(pair, source, receiver, request.target)
        facts = {'pair': pair, 'source': source, 'receiver': receiver, 'started': started, 'deadline': deadline,
                 'waited_for': waited, 'evidence': evidence}
        if skip and not request.force:
            return Plan(facts=facts)
        return Plan(changes=['%s from %s to %s' % (request.target, source.name, receiver.name)],
                    operations=[target_command(request.target)], facts=facts)

    def guard(self, plan, check_mode):
        request, source, receiver = self.request, plan.facts['source'], plan.facts['receiver']
        hold = ReceiverHold([], request.target)
        if request.target in CONFIG_TARGETS:
            assert_commit_queue_empty(source)
            # The sync replaces the receiver's candidate: never lose someone's uncommitted work or ignore their lock;
            # our config lock on the receiver keeps anyone from starting new work there until the HA-Sync job is over.
            hold = ReceiverHold([receiver], 'request high-availability sync-to-remote %s' % request.target,
                                overwrite=request.overwrite_peer_changes, warn=request.warn, check_mode=check_mode)
        plan.facts['hold'] = hold
        return hold

    def apply(self, plan):
        request, pair = self.request, plan.facts['pair']
        source, receiver, deadline = plan.facts['source'], plan.facts['receiver'], plan.facts['deadline']

        def still_needed():
            # A sync started while we looked (the automatic HA-Sync of a commit made with config sync on, listed only
            # after our first read) and we waited for it: send ours only if the pair is still not synchronized.
            pair.refresh()
            return not already_synchronized(pair, source, receiver, request.target)[0]

        response, after_id = send_sync(source, receiver, request, deadline, plan.facts['waited_for'],
                                       None if request.force else still_needed)
        if response is None:
            return {'sent': False}
        message = response_message(response)
        job = None
        if QUEUED_ON_PEER in (message or ''):
            job = find_new_sync_job(receiver, after_id, deadline, request.poll_schedule)
            if not job['finished']:
                job = wait_for_job(receiver, job['id'], timeout=max(1, deadline - time.monotonic()),
                                   poll_schedule=request.poll_schedule)
            elif job['result'] == 'FAIL':
                raise job_failed(describe_job(job), device=receiver.name)
        return {'sent': True, 'message': message, 'job': job}

    def verify(self, plan, applied):
        facts, target = plan.facts, self.request.target
        if not applied['sent']:
            return already_synchronized(facts['pair'], facts['source'], facts['receiver'], target)[1]
        return verify(facts['pair'], facts['source'], facts['receiver'], target)

    def result(self, plan, applied, verified, check_mode):
        request, facts, pair = self.request, plan.facts, plan.facts['pair']
        source, receiver = facts['source'], facts['receiver']
        result = {
            'target': request.target, 'source': source.name, 'receiver': receiver.name,
            'source_state': pair.local_state(source), 'receiver_state': pair.local_state(receiver),
            'before': facts['evidence'], 'after': None, 'job': None, 'message': None, 'waited_for': facts['waited_for'],
            'elapsed_seconds': round(time.monotonic() - facts['started'], 3),
        }
        if not plan.changed:
            # 'skipped' is one of Ansible's status keys: present at all, it turns off changed_when/failed_when
            # (TaskExecutor), so it is returned only when nothing was sent (the task then shows as skipped).
            result.update(skipped=True, message='%s is already synchronized; nothing sent (use force to sync anyway)'
                          % request.target)
            return result
        if request.target in CONFIG_TARGETS:
            result['receiver_checked'] = facts['hold'].found[receiver.name]
        if check_mode:
            command = catalog.TARGETS_BY_NAME[request.target]['cli']
            result['message'] = 'check mode: would run %s on %s' % (command, source.name)
            return result
        if not applied['sent']:
            result.update(changed=False, skipped=True, after=verified,
                          message='%s was synchronized by the HA-Sync job we waited for; nothing sent (use force to '
                                  'sync anyway)' % request.target)
            return result
        result.update(message=applied['message'], job=applied['job'], after=verified)
        return result


def not_synchronized_error(seen, source, receiver):
    """Why running-sync is not synchronized after the job, from the HA state just read: HA1 down, split brain."""
    states = describe_running_sync(seen)
    source_ha, receiver_ha = seen[source.name], seen[receiver.name]
    ha1 = {name: [c['status'] for key, c in (ha['peer'].get('connections') or {}).items()
                  if key in ('ha1', 'ha1_backup') and c['status']] for name, ha in seen.items()}
    roles = [role_of(ha['local']['state']) for ha in seen.values()]
    if roles.count('active') > 1:
        return VerificationFailed(
            'The HA-Sync job finished, but both peers are now active (split brain), so the peers cannot report '
            'running-sync (%s)' % states, device=receiver.name, reason='split_brain',
            remedy='Restore the HA1 links (and HA1 backup) so the peers elect one active peer, then check '
                   'running-sync with hapair.panos.ha_info and re-run the sync if needed.')
    if any(links and 'up' not in links for links in ha1.values()):
        down = ', '.join(sorted(name for name, links in ha1.items() if links and 'up' not in links))
        return VerificationFailed(
            'The HA-Sync job finished, but every HA1 link is down (seen by %s), so running-sync cannot be '
            'synchronized (%s)' % (down, states), device=receiver.name, reason='ha1_down',
            remedy=failure_reasons.remedy_for('ha1_down'))
    problems = summarize_pair(source_ha, receiver_ha, local_name=source.name, peer_name=receiver.name)['problems']
    because = ': %s' % '; '.join(problems) if problems else ''
    return VerificationFailed(
        'The HA-Sync job finished but running-sync is not synchronized (%s)%s' % (states, because),
        device=receiver.name, reason='not_synchronized',
        remedy='Check the HA-Sync job with hapair.panos.job_info on the receiving peer and run hapair.panos.preflight '
               'for the reason.')


def describe_running_sync(seen):
    return ', '.join('%s: %s' % (name, ha['local']['running_sync'] or 'unknown') for name, ha in seen.items())


def verify(pair, source, receiver, target):
    """Re-read state after the sync and fail if it does not show the sync took effect."""
    if target == 'running-config':
        seen = {device.name: parse_ha_state(device.op(SHOW_HA_ALL)) for device in (source, receiver)}
        states = {name: ha['local']['running_sync'] for name, ha in seen.items()}
        if not all(state == 'synchronized' for state in states.values()):
            raise not_synchronized_error(seen, source, receiver)
        return {'running_sync': states}
    if target == 'clock':
        synced, evidence = already_synchronized(pair, source, receiver, 'clock')
        if not synced:
            raise VerificationFailed('Clocks still differ by %s seconds after the sync' % evidence['skew_seconds'],
                                     device=receiver.name, reason='clock_not_synchronized',
                                     remedy='Check NTP settings of both peers (they do not sync) and retry.')
        return evidence
    return {}
