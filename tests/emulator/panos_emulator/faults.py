"""Management-plane faults injected through the control API (HA-link faults live on the Pair)."""

import threading


class Faults:
    KINDS = ("refuse", "hang", "slow", "http_error")

    def __init__(self):
        self.refuse = False  # listener closed: connections refused
        self.hang_seconds = 0.0  # accept, then answer nothing for this long (0 = off)
        self.slow_seconds = 0.0  # delay every answer
        self.http_error_status = 0
        self.http_error_count = 0  # answer the next N requests with http_error_status
        self.released = threading.Event()  # set when a hang is cleared
        self.armed = {}  # job type -> (kind, kw): the fault starts when the next job of that type finishes
        self.armed_requests = []  # [remaining, kind, kw]: the fault starts once `remaining` more requests were answered

    def set(self, kind, after_job=None, after_requests=None, **kw):
        """Start a fault now, or (after_job="Commit"|"HA-Sync"|"MasterKey"|...) when the device's next job of that
        type finishes: a management plane that goes away half-way through a change window. "MasterKey" names the
        Commit job a master-key change starts (its internal tag; the device has no job of type MasterKey).
        after_requests=N: the fault starts once the device has answered N more XML API requests (request N+1 is
        the first one it affects); 0 is the same as now."""
        if after_job and after_requests is not None:
            raise ValueError("after_job and after_requests exclude each other")
        if (after_job or after_requests is not None) and kind not in self.KINDS:
            raise ValueError("unknown fault %r (known: %s)" % (kind, ", ".join(self.KINDS)))
        if after_job:
            self.armed[after_job] = (kind, kw)
            return
        if after_requests is not None:
            try:
                remaining = int(after_requests)
            except (TypeError, ValueError):
                raise ValueError("after_requests must be an integer, not %r" % (after_requests,)) from None
            if remaining < 0:
                raise ValueError("after_requests must be >= 0, not %d" % remaining)
            if remaining:
                self.armed_requests.append([remaining, kind, kw])
                return
        if kind == "refuse":
            self.refuse = True
        elif kind == "hang":
            self.hang_seconds = float(kw.get("seconds", 3600))
            self.released.clear()
        elif kind == "slow":
            self.slow_seconds = float(kw.get("seconds", 1.0))
        elif kind == "http_error":
            self.http_error_status = int(kw.get("status", 503))
            self.http_error_count = int(kw.get("count", 1))
        else:
            raise ValueError("unknown fault %r (known: %s)" % (kind, ", ".join(self.KINDS)))

    def job_finished(self, job):
        for name in (job.type, job.tag):
            armed = self.armed.pop(name, None) if name else None
            if armed is not None:
                self.set(armed[0], **armed[1])

    def request_started(self):
        """Count one XML API request the device is about to answer (called once per request, under the device
        lock, after the hang/slow checks): armed after_requests faults whose count runs out start now, so they
        affect the next request, not this one."""
        for armed in list(self.armed_requests):
            armed[0] -= 1
            if armed[0] <= 0:
                self.armed_requests.remove(armed)
                self.set(armed[1], **armed[2])

    def clear(self):
        self.armed = {}
        self.armed_requests = []
        self.refuse = False
        self.hang_seconds = 0.0
        self.slow_seconds = 0.0
        self.http_error_status = 0
        self.http_error_count = 0
        self.released.set()

    def take_http_error(self):
        """Consume one injected HTTP error, if any. The server calls this once per request it reads, so it also
        counts the request for after_requests faults (an injected error counts as an answered request)."""
        if self.http_error_count > 0:
            self.http_error_count -= 1
            status = self.http_error_status
            self.request_started()
            return status
        self.request_started()
        return 0

    def describe(self):
        return {"armed": {k: v[0] for k, v in self.armed.items()},
                "armed_after_requests": [{"remaining": a[0], "kind": a[1]} for a in self.armed_requests],
                "refuse": self.refuse, "hang_seconds": self.hang_seconds, "slow_seconds": self.slow_seconds,
                "http_error_status": self.http_error_status, "http_error_count": self.http_error_count}
