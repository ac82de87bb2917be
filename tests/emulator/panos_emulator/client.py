"""A small client for the control API (used by the ctl CLI, tests and benchmarks)."""

import json
import urllib.request
from pathlib import Path


class ControlError(Exception):
    pass


class Control:
    def __init__(self, url):
        self.url = url.rstrip("/")

    @classmethod
    def from_state_dir(cls, state_dir):
        return cls(json.loads((Path(state_dir) / "endpoints.json").read_text())["control_url"])

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                return json.loads(resp.read() or b"null")
        except urllib.error.HTTPError as exc:
            raise ControlError("%s %s: %s" % (method, path, exc.read().decode(errors="replace"))) from None

    # convenience wrappers, one per control route
    def pairs(self):
        return self.call("GET", "/pairs")

    def device(self, name):
        return self.call("GET", "/devices/%s" % name)

    def requests(self, name):
        return self.call("GET", "/devices/%s/requests" % name)

    def clear_requests(self, name):
        return self.call("DELETE", "/devices/%s/requests" % name)

    def fault(self, name, kind, **kw):
        return self.call("POST", "/devices/%s/faults" % name, dict(kind=kind, **kw))

    def clear_faults(self, name):
        return self.call("DELETE", "/devices/%s/faults" % name)

    def links(self, pair, **links):
        return self.call("POST", "/pairs/%s/links" % pair, {k.replace("_", "-"): v for k, v in links.items()})

    def system(self, name, **fields):
        return self.call("POST", "/devices/%s/system" % name, fields)

    def ha_fault(self, name, **faults):
        """HA-level faults of one device: no_takeover (bool), stay_down ("suspended" | "non-functional" | None)."""
        return self.call("POST", "/devices/%s/ha-fault" % name, faults)

    def clear_ha_fault(self, name):
        return self.call("DELETE", "/devices/%s/ha-fault" % name)

    def fail_next(self, name, job_type, details):
        return self.call("POST", "/devices/%s/fail-next" % name, {"type": job_type, "details": details})

    def lock(self, name, admin, kind="config"):
        return self.call("POST", "/devices/%s/locks" % name, {"admin": admin, "kind": kind})

    def unlock(self, name, admin, kind="config"):
        return self.call("DELETE", "/devices/%s/locks" % name, {"admin": admin, "kind": kind})

    def pending_change(self, name, admin, xpath, element):
        return self.call("POST", "/devices/%s/pending-change" % name,
                         {"admin": admin, "xpath": xpath, "element": element})

    def commit_job(self, name, admin="other-admin", seconds=5):
        return self.call("POST", "/devices/%s/commit-job" % name, {"admin": admin, "seconds": seconds})

    def timings(self, name, **durations):
        """Job durations of one device in seconds: commit, ha_sync (jobs it receives), master_key."""
        return self.call("POST", "/devices/%s/timings" % name, durations)

    def master_key_expiry(self, name, expires_in_hours, lifetime_hours=None, reminder_hours=None):
        """The device's master key (unchanged) expires in that many hours (negative: it has expired)."""
        body = {"expires_in_hours": expires_in_hours}
        if lifetime_hours is not None:
            body["lifetime_hours"] = lifetime_hours
        if reminder_hours is not None:
            body["reminder_hours"] = reminder_hours
        return self.call("POST", "/devices/%s/master-key-expiry" % name, body)

    def invalidate_keys(self, name):
        return self.call("POST", "/devices/%s/invalidate-keys" % name, {})

    def user_mapping(self, name, ip, user):
        return self.call("POST", "/devices/%s/user-mapping" % name, {"ip": ip, "user": user})

    def session(self, name, **session):
        return self.call("POST", "/devices/%s/session" % name, session)

    def disk_state(self, name, obj_name, content):
        return self.call("POST", "/devices/%s/disk-state" % name, {"name": obj_name, "content": content})

    def id_manager(self, name, obj_name, obj_id):
        return self.call("POST", "/devices/%s/id-manager" % name, {"name": obj_name, "id": obj_id})

    def config(self, name, xpath, element):
        return self.call("POST", "/devices/%s/config" % name, {"xpath": xpath, "element": element})

    def reset(self, pair=None, mode=None):
        body = {}
        if pair:
            body["pair"] = pair
        if mode:
            body["mode"] = mode
        return self.call("POST", "/reset", body)
