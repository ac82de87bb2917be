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

    def set(self, kind, after_job=None, **kw):
        """Start a fault now, or (after_job="Commit"|"HA-Sync"|"MasterKey"|...) when the device's next job of that
        type finishes: a management plane that goes away half-way through a change window. "MasterKey" names the
        Commit job a master-key change starts (its internal tag; the device has no job of type MasterKey)."""
        if after_job:
            if kind not in self.KINDS:
                raise ValueError("unknown fault %r (known: %s)" % (kind, ", ".join(self.KINDS)))
            self.armed[after_job] = (kind, kw)
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

    def clear(self):
        self.armed = {}
        self.refuse = False
        self.hang_seconds = 0.0
        self.slow_seconds = 0.0
        self.http_error_status = 0
        self.http_error_count = 0
        self.released.set()

    def take_http_error(self):
        """Consume one injected HTTP error, if any."""
        if self.http_error_count > 0:
            self.http_error_count -= 1
            return self.http_error_status
        return 0

    def describe(self):
        return {"armed": {k: v[0] for k, v in self.armed.items()}, "refuse": self.refuse, "hang_seconds": self.hang_seconds, "slow_seconds": self.slow_seconds,
                "http_error_status": self.http_error_status, "http_error_count": self.http_error_count}
