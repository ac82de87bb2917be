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

from lxml import etree

from .messages import AUTOCOM_DETAILS, FAILED_JOB_DETAILS

QUEUED_TYPES = ("Commit", "HA-Sync")
TIME_ONLY = "%H:%M:%S"
DATE_TIME = "%Y/%m/%d %H:%M:%S"


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

    def to_xml(self, tfin_format):
        """``tfin_format``: the schema's strftime of a finished job's tfin (full date on 10.x, time only before)."""
        job = etree.Element("job")
        fin = self.status == "FIN"

        def add(tag, text):
            etree.SubElement(job, tag).text = text

        # Field order and presence follow op_show_jobs_id.commit.fin-ok.pan-os-8.1.xml; pan-os-python reads
        # id/user/tenq/tfin with [] so they must always be present. tenq is a date and time, tdeq a time, in every
        # sample of every release.
        add("tenq", _fmt(self.tenq, DATE_TIME))
        add("tdeq", _fmt(self.tdeq, TIME_ONLY))
        add("id", str(self.id))
        add("user", self.user or "")
        add("type", self.type)
        add("status", self.status)
        add("queued", "YES" if self.status == "PEND" else "NO")
        add("stoppable", "no" if fin or self.progress() >= 99 else "yes")
        add("result", self.result)
        add("tfin", _fmt(self.tfin, tfin_format) if fin else "Still Active")
        add("description", self.description or "")
        add("positionInQ", str(self.position))
        add("progress", str(self.progress()))
        details = etree.SubElement(job, "details")
        for line in self.details:
            etree.SubElement(details, "line").text = line
        warnings = etree.SubElement(job, "warnings")
        for line in self.warnings:
            etree.SubElement(warnings, "line").text = line
        return job

    def describe(self):
        """The control API's view (introspection)."""
        return {"id": self.id, "type": self.type, "tag": self.tag, "status": self.status, "result": self.result,
                "user": self.user, "details": self.details, "started": self.wall_started,
                "finished": self.wall_finished}


def failed_job_entry():
    """The id-less entry a job lost to a configd restart leaves in show jobs all (REAL shape, see above)."""
    job = etree.Element("job")
    etree.SubElement(job, "type").text = "Failed-Job"
    details = etree.SubElement(job, "details")
    for line in FAILED_JOB_DETAILS:
        etree.SubElement(details, "line").text = line
    etree.SubElement(job, "warnings")
    return job


def _fmt(dt, pattern):
    return dt.strftime(pattern) if dt else ""


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
        autocom = self._finished("AutoCom", boot + timedelta(seconds=57), 31, AUTOCOM_DETAILS)
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

    def busy(self, types=QUEUED_TYPES):
        """Jobs of the given types that are queued or running."""
        return [j for j in self.jobs.values() if j.type in types and j.status != "FIN"]

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
                result, details, warnings = "FAIL", ["internal error: %s" % exc], []
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
