"""A device's job table: asynchronous jobs (Commit, HA-Sync, ...) with a commit queue.

Jobs of the queued kinds (Commit, HA-Sync) run one at a time per device, as the commit queue of a real
firewall does; others start at once. A job's work happens in ``on_finish`` when its duration has elapsed;
``on_finish`` returns (result, details, warnings).

A real job list is never empty and never only ours (pan-os-upgrade-assurance and demisto/content recordings):
the boot-time auto-commit ``AutoCom`` is job 1, auto-update and refresh jobs of the device itself follow, and a
job lost to a configd restart stays in ``show jobs all`` as an id-less ``Failed-Job`` entry. ``boot_history``
recreates that, so the first job of a client is not job 1.
"""

import time
from datetime import timedelta

from . import messages as M
from .exceptions import JobNotFound

QUEUED_TYPES = ("Commit", "HA-Sync")
FAILED_JOB = object()  # in listing(): where the id-less Failed-Job entry of boot_history stands


class Job:
    def __init__(self, jobid, jtype, user, duration, on_finish, description="", enqueued_at=None, tag=None):
        self.id = jobid
        self.type = jtype
        self.tag = tag  # internal only, never in the XML: e.g. "MasterKey" on the commit a master-key change starts
        self.user = user
        self.duration = duration
        self.on_finish = on_finish
        self.description = description
        self.tenq = enqueued_at
        self.tdeq = None
        self.tfin = None
        self.started = None  # monotonic
        self.wall_started = None  # time.time(), for benchmarks reading the control API
        self.wall_finished = None
        self.status = "PEND"  # PEND (queued) -> ACT -> FIN
        self.result = "PEND"
        self.details = []
        self.warnings = []
        self.position = 0

    def progress(self):
        if self.status == "FIN":
            return 100
        if self.started is None or not self.duration:
            return 0
        return min(99, int(100 * (time.monotonic() - self.started) / self.duration))

    def describe(self):
        """The control API's view (introspection)."""
        return {"id": self.id, "type": self.type, "tag": self.tag, "status": self.status, "result": self.result,
                "user": self.user, "details": self.details, "started": self.wall_started,
                "finished": self.wall_finished}


class JobTable:
    def __init__(self, scheduler, clock, lock):
        self._scheduler = scheduler
        self._clock = clock  # callable -> datetime (the device's own clock)
        self._lock = lock  # the pair lock: finishing a job changes pair state
        self.jobs = {}
        self.boot_ids = set()  # the device's own jobs from before the emulation started (boot_history)
        self.failed_entries = 0  # id-less Failed-Job entries, listed after the job with this id
        self.failed_after = 0
        self._next_id = 1
        self._queue = []  # jobs of QUEUED_TYPES waiting or running, in order
        self.on_any_finish = None  # callable(job), e.g. faults armed to start after a job

    def boot_history(self, uptime):
        """Jobs the device ran itself since boot, ``uptime`` ago: the boot-time AutoCom (job 1, no user), a
        FqdnRefresh, and one Failed-Job entry. The types and details are REAL (see the module docstring); which
        jobs and when is ASSUMED."""
        boot = self._clock() - uptime
        autocom = self._finished("AutoCom", boot + timedelta(seconds=57), 31, M.AUTOCOM_DETAILS)
        self.failed_entries, self.failed_after = 1, autocom.id
        self._finished("FqdnRefresh", boot + timedelta(minutes=30), 1, ())

    def _finished(self, jtype, tenq, seconds, details):
        job = Job(self._next_id, jtype, "", 0, None, enqueued_at=tenq)
        self._next_id += 1
        job.tdeq, job.tfin = tenq, tenq + timedelta(seconds=seconds)
        job.status, job.result, job.details = "FIN", "OK", list(details)
        self.jobs[job.id] = job
        self.boot_ids.add(job.id)
        return job

    def get(self, jobid):
        """The job with id ``jobid`` (text, as the command carries it)."""
        job = self.jobs.get(int(jobid)) if jobid.isdigit() else None
        if job is None:
            raise JobNotFound(jobid)
        return job

    def listing(self, which):
        """show jobs all|pending|processed: the jobs newest first (as the samples); "all" has FAILED_JOB markers
        where the id-less Failed-Job entries stand."""
        out = []
        for job in sorted(self.jobs.values(), key=lambda j: -j.id):
            if which == "pending" and job.status == "FIN" or which == "processed" and job.status != "FIN":
                continue
            if which == "all" and job.id == self.failed_after:
                out.extend(FAILED_JOB for _ in range(self.failed_entries))
            out.append(job)
        return out

    def boot_jobs(self):
        """The device's own jobs from before the emulation started, by id."""
        return [j for _, j in sorted(self.jobs.items()) if j.id in self.boot_ids]

    def since_start(self):
        """Jobs started during the emulation (what the control API lists), by id."""
        return [j for _, j in sorted(self.jobs.items()) if j.id not in self.boot_ids]

    def submit(self, jtype, user, duration, on_finish, description="", tag=None):
        job = Job(self._next_id, jtype, user, duration, on_finish, description, self._clock(), tag)
        self._next_id += 1
        self.jobs[job.id] = job
        if jtype in QUEUED_TYPES:
            self._queue.append(job)
            if len(self._queue) == 1:
                self._start(job)
            else:
                job.position = len(self._queue) - 1
        else:
            self._start(job)
        return job

    def _start(self, job):
        job.status = "ACT"
        job.position = 0
        job.started = time.monotonic()
        job.wall_started = time.time()
        job.tdeq = self._clock()
        self._scheduler.call_later(job.duration, self._finish, job)

    def _finish(self, job):
        with self._lock:
            try:
                result, details, warnings = job.on_finish(job)
            except Exception as exc:  # a model bug shows as a failed job, not a hung one
                result, details, warnings = "FAIL", [M.JOB_INTERNAL_ERROR.format(error=exc)], []
            job.result, job.details, job.warnings = result, list(details), list(warnings)
            job.status = "FIN"
            job.tfin = self._clock()
            job.wall_finished = time.time()
            if self.on_any_finish is not None:
                self.on_any_finish(job)
            if job in self._queue:
                self._queue.remove(job)
                for pos, waiting in enumerate(self._queue):
                    waiting.position = pos
                if self._queue and self._queue[0].status == "PEND":
                    self._start(self._queue[0])

    def last_id(self):
        return self._next_id - 1
