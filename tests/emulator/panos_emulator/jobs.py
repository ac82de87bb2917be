"""A device's job table: asynchronous jobs (Commit, HA-Sync, ...) with a commit queue.

Jobs of the queued kinds (Commit, HA-Sync) run one at a time per device, as the commit queue of a real
firewall does; others start at once. A job's work happens in ``on_finish`` when its duration has elapsed;
``on_finish`` returns (result, details, warnings).
"""

import time


from lxml import etree

QUEUED_TYPES = ("Commit", "HA-Sync")


class Job:
    def __init__(self, jobid, jtype, user, duration, on_finish, description="", enqueued_at=None):
        self.id = jobid
        self.type = jtype
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

    def to_xml(self, fmt_time):
        job = etree.Element("job")
        fin = self.status == "FIN"

        def add(tag, text):
            etree.SubElement(job, tag).text = text

        # Field order and presence follow op_show_jobs_id.commit.fin-ok.pan-os-8.1.xml; pan-os-python reads
        # id/user/tenq/tfin with [] so they must always be present.
        add("tenq", fmt_time(self.tenq, "%Y/%m/%d %H:%M:%S"))
        add("tdeq", fmt_time(self.tdeq, "%H:%M:%S") if self.tdeq else "")
        add("id", str(self.id))
        add("user", self.user or "")
        add("type", self.type)
        add("status", self.status)
        add("queued", "YES" if self.status == "PEND" else "NO")
        add("stoppable", "no" if fin or self.progress() >= 99 else "yes")
        add("result", self.result)
        add("tfin", fmt_time(self.tfin, "%H:%M:%S") if fin else "Still Active")
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


class JobTable:
    def __init__(self, scheduler, clock, lock):
        self._scheduler = scheduler
        self._clock = clock  # callable -> datetime (the device's own clock)
        self._lock = lock  # the pair lock: finishing a job changes pair state
        self.jobs = {}
        self._next_id = 1
        self._queue = []  # jobs of QUEUED_TYPES waiting or running, in order
        self.on_any_finish = None  # callable(job), e.g. faults armed to start after a job

    def reset_ids(self):
        self._next_id = 1

    def submit(self, jtype, user, duration, on_finish, description=""):
        job = Job(self._next_id, jtype, user, duration, on_finish, description, self._clock())
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
