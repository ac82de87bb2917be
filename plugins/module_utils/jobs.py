# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""PAN-OS jobs: parse ``<job>`` elements, poll a job to completion, find recent jobs.

The job schema grew over the releases (PAN-OS 5 had no tdeq/queued/description/
positionInQ; FIN jobs may carry a timestamp in <progress>; tfin may be a time of
day, a full date or 'Still Active'), so every field is read defensively.
"""

from __future__ import annotations

import time

from ansible_collections.hapair.panos.plugins.module_utils import failure_reasons
from ansible_collections.hapair.panos.plugins.module_utils.errors import ApiError, JobFailed, JobNotFound, JobTimeout
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import find_lines, find_text, op_element, to_int, yes_no

DEFAULT_TYPES = ('HA-Sync', 'Commit')
# A job id the device keeps answering "not found" for (this many polls in a row, never seen) is not coming.
NOT_FOUND_POLLS = 3
DEFAULT_TIMEOUT = 600


class PollSchedule:
    """Bounded, backing-off poll intervals: initial, initial*factor, ... capped at maximum."""

    def __init__(self, initial=0.2, factor=1.5, maximum=2.0):
        if initial <= 0 or factor < 1 or maximum < initial:
            raise ValueError('PollSchedule needs initial > 0, factor >= 1, maximum >= initial')
        self.initial = initial
        self.factor = factor
        self.maximum = maximum

    def intervals(self):
        interval = self.initial
        while True:
            yield interval
            interval = min(interval * self.factor, self.maximum)


def parse_job(elem):
    """A ``<job>`` Element as a dict (see module docstring for the quirks handled)."""
    tfin = find_text(elem, 'tfin')
    if tfin == 'Still Active':
        tfin = None
    job = {
        'id': to_int(find_text(elem, 'id')),
        'type': find_text(elem, 'type'),
        'status': find_text(elem, 'status'),
        'result': find_text(elem, 'result'),
        # A FIN job may hold a timestamp here instead of 100: that is not a percentage.
        'progress': to_int(find_text(elem, 'progress')),
        'user': find_text(elem, 'user'),
        'tenq': find_text(elem, 'tenq'),
        'tdeq': find_text(elem, 'tdeq'),
        'tfin': tfin,
        'description': find_text(elem, 'description'),
        'details': find_lines(elem, 'details'),
        'warnings': find_lines(elem, 'warnings'),
        'stoppable': yes_no(find_text(elem, 'stoppable')),
        'queued': yes_no(find_text(elem, 'queued')),
        'position_in_queue': to_int(find_text(elem, 'positionInQ')),
    }
    job['finished'] = job['status'] == 'FIN'
    return job


def parse_jobs(response):
    """Every ``result/job`` of a response (``show jobs all`` or ``show jobs id N``)."""
    if response is None:
        return []
    return [parse_job(elem) for elem in response.findall('./result/job')]


def classify_job_failure(job):
    """``{reason, remedy, evidence}`` for a job's detail lines (reason 'unknown' if nothing matches)."""
    classified = failure_reasons.classify_lines(list(job.get('details') or []) + list(job.get('warnings') or []))
    return {'reason': classified['reason'], 'remedy': classified['remedy'], 'evidence': classified['evidence']}


def job_failed(job, device=None, reason=None, remedy=None):
    """The JobFailed of a FAIL job: reason and remedy classified from its detail lines unless given (the remedy of a
    given reason from the failure_reasons table), and in its message the detail line that names the cause."""
    lines = list(job.get('details') or [])
    if reason is None:
        classified = failure_reasons.classify_lines(lines)
        reason = classified['reason']
        if remedy is None:
            remedy = classified['remedy']
    elif remedy is None:
        remedy = failure_reasons.remedy_for(reason)
    return JobFailed(job, device=device, reason=reason, remedy=remedy, headline=failure_reasons.headline(lines))


def describe_job(job):
    """The job dict as returned to users: a FAIL job gets reason/remedy/evidence, others reason None."""
    described = dict(job)
    if job.get('result') == 'FAIL' or job.get('type') == 'Failed-Job':
        described.update(classify_job_failure(job))
    else:
        described.update({'reason': None, 'remedy': None, 'evidence': None})
    return described


def get_job(device, job_id):
    """One job by id (``show jobs id N``); None when the device does not know it.

    An unknown id is ``status="error" code="7"`` "job N not found" (REAL, Panorama 11.1 capture in
    netbox-panorama-configpump-plugin's tests): ApiError.not_found.
    """
    try:
        response = device.op(op_element(['show', 'jobs', 'id'], text=int(job_id)))
    except ApiError as exc:
        if exc.not_found:
            return None
        raise
    jobs = parse_jobs(response)
    return jobs[0] if jobs else None


def find_jobs(device, types=DEFAULT_TYPES, newer_than_id=None):
    """Jobs from ``show jobs all``, newest first, optionally filtered.

    types: job types to keep (None keeps every type). newer_than_id: keep only
    jobs with a larger id (id-less entries such as 'Failed-Job' are then dropped).
    """
    jobs = parse_jobs(device.op(op_element(['show', 'jobs', 'all'])))
    if types is not None:
        wanted = set(types)
        jobs = [job for job in jobs if job['type'] in wanted]
    if newer_than_id is not None:
        jobs = [job for job in jobs if job['id'] is not None and job['id'] > int(newer_than_id)]
    return sorted(jobs, key=lambda job: -1 if job['id'] is None else job['id'], reverse=True)


# Job types real devices list (recorded samples: Commit, HA-Sync, AutoCom, Downld, WildFire, RefreshLic, FqdnRefresh,
# Validate, CommitAll, Failed-Job), plus install and content jobs; job_info warns about any other requested type.
KNOWN_JOB_TYPES = ('Commit', 'HA-Sync', 'AutoCom', 'Downld', 'WildFire', 'RefreshLic', 'FqdnRefresh', 'Validate',
                   'CommitAll', 'Failed-Job', 'Install', 'Content', 'Download', 'Upgrade', 'EDLRefresh')


def unknown_types(types, seen=()):
    """The requested job types that are neither known nor seen on the device (a typo, most likely)."""
    known = set(KNOWN_JOB_TYPES) | set(seen)
    return [t for t in (types or ()) if t not in known]


def newest_job_id(device):
    """The largest job id on device (0 when it has none): a job queued later has a larger id."""
    ids = [job['id'] for job in find_jobs(device, types=None) if job['id'] is not None]
    return max(ids) if ids else 0


def wait_for_job(device, job_id, timeout=DEFAULT_TIMEOUT, poll_schedule=None, clock=None, sleep=None):
    """Poll a job until it is FIN; return the parsed job.

    Raises JobFailed (result FAIL, with the classified reason) or JobTimeout.
    The first poll is immediate; then the schedule's intervals, never sleeping past the deadline.
    """
    schedule = (poll_schedule or PollSchedule()).intervals()
    clock = clock or time.monotonic
    sleep = sleep or time.sleep
    deadline = clock() + timeout
    job = None
    misses = 0
    while True:
        found = get_job(device, job_id)
        if found is None:
            misses += 1
            if misses >= NOT_FOUND_POLLS and job is None:
                raise JobNotFound(job_id, device=device.name)
        job = found or job
        if job is not None and job['finished']:
            if job['result'] == 'FAIL':
                classified = classify_job_failure(job)
                raise job_failed(describe_job(job), device=device.name, reason=classified['reason'],
                                 remedy=classified['remedy'])
            return job
        remaining = deadline - clock()
        if remaining <= 0:
            raise JobTimeout(job_id, timeout, device=device.name, job=job)
        sleep(min(next(schedule), remaining))
