"""The control API: JSON over HTTP on loopback. Inspect devices, inject faults, read request logs, reset.

Routes (all JSON; see tests/emulator/README.md):
  GET  /pairs                              pairs, modes, devices
  GET  /devices/NAME                       introspection (HA state, digests, clock, master key, jobs, locks...)
  GET  /devices/NAME/requests              request log;   DELETE clears it
  POST /devices/NAME/faults                {"kind": refuse|hang|slow|http_error, "seconds", "status", "count",
                                            "after_job": optional job type: start when its next job finishes,
                                            "after_requests": optional N: start after N more XML API requests}
  DELETE /devices/NAME/faults              clear management-plane faults
  POST /pairs/NAME/links                   {"ha1": "down", "ha2": "up", ...}
  POST /devices/NAME/system                {"sw_version": .., "licenses": [...], "plugins": [...], "features": [...],
                                            "url_db": .., "chassis_ready": false, "multi_vsys": true, "gtp", "sctp", "vpn"}
  POST /devices/NAME/ha-fault              {"no_takeover": true|false, "stay_down": "suspended"|"non-functional"|null}
                                            (HA-level faults: the device does not take over / does not come back
                                            after `state functional`); DELETE clears both
  POST /devices/NAME/fail-next             {"type": "Commit"|"HA-Sync"|"MasterKey", "details": [...]}
                                            ("MasterKey": the Commit job a master-key change starts)
  POST /devices/NAME/locks                 {"admin": "other", "kind": "config"|"commit"}   DELETE the same body releases
  POST /devices/NAME/pending-change        {"admin": "other", "xpath": .., "element": ..}  (another admin's uncommitted change)
  POST /devices/NAME/commit-job            {"admin": "other", "seconds": 5}   (a commit by someone else, running/queued)
  POST /devices/NAME/timings               {"commit": s, "ha_sync": s, "master_key": s}   job durations of this device
                                            (its own commits, the commit of a key change, the HA-Sync jobs it receives)
  POST /devices/NAME/invalidate-keys       every API key of the device stops working
  POST /devices/NAME/master-key-expiry     {"expires_in_hours": h, "lifetime_hours": .., "reminder_hours": ..}
                                            the key (unchanged) expires in h hours (negative: expired)
  POST /devices/NAME/user-mapping          {"ip": .., "user": ..}
  POST /devices/NAME/session               {"src": .., "dst": .., "dport": .., "app": ..}
  POST /devices/NAME/disk-state            {"name": .., "content": ..}   (an object sync-to-remote disk-state copies)
  POST /devices/NAME/id-manager            {"name": .., "id": N}         (an id sync-to-remote id-manager copies)
  POST /devices/NAME/config                {"xpath": .., "element": ..} set + commit as admin "emulator" (test setup)
  POST /reset                              {"pair": optional, "mode": optional}
"""

import json
import secrets
import threading
from dataclasses import asdict, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .errors import ApiError


class ControlServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, cluster, api, port=0):
        self.cluster = cluster
        self.api = api
        super().__init__(("127.0.0.1", port), _ControlHandler)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.server_address[1]


class _ControlHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._route("GET")

    def do_POST(self):
        self._route("POST")

    def do_DELETE(self):
        self._route("DELETE")

    def _route(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"{}") if length else {}
            parts = [p for p in urlsplit(self.path).path.split("/") if p]
            status, data = 200, route(self.server, method, parts, body)
        except KeyError as exc:
            status, data = 404, {"error": str(exc.args[0]) if exc.args else "not found"}
        except (ValueError, TypeError, ApiError) as exc:
            status, data = 400, {"error": str(exc)}
        out = json.dumps(data, default=str).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)


def route(server, method, parts, body):
    cluster, api = server.cluster, server.api
    if parts == ["pairs"] and method == "GET":
        return {name: {"mode": p.mode(p.devices[0]), "devices": [d.name for d in p.devices]}
                for name, p in cluster.pairs.items()}
    if parts == ["reset"] and method == "POST":
        names = [body["pair"]] if body.get("pair") else list(cluster.pairs)
        cluster.reset(body.get("pair"), body.get("mode"))
        for name in names:
            for dev in cluster.pair(name).devices:
                api.set_refusing(dev.address, False)
        return {"reset": names}
    if len(parts) == 3 and parts[0] == "pairs" and parts[2] == "links" and method == "POST":
        pair = cluster.pair(parts[1])
        with pair.devices[0].lock:
            for link, value in body.items():
                pair.set_link(link, value in (True, "up", "yes"))
            return dict(pair.links)
    if len(parts) >= 2 and parts[0] == "devices":
        return _device_route(cluster, api, cluster.device(parts[1]), method, parts[2:], body)
    raise KeyError("no route %s /%s" % (method, "/".join(parts)))


def _device_route(cluster, api, dev, method, rest, body):
    verb = rest[0] if rest else ""
    if verb == "" and method == "GET":
        with dev.lock:
            return dev.introspect()
    if verb == "requests":
        if method == "DELETE":
            dev.log.clear()
            return {"cleared": True}
        return dev.log.snapshot()
    if verb == "faults":
        if method == "DELETE":
            dev.faults.clear()
            api.set_refusing(dev.address, False)
            return dev.faults.describe()
        kind = body.get("kind")
        dev.faults.set(kind, **{k: v for k, v in body.items() if k != "kind"})
        if dev.faults.refuse:  # not when armed to start after a job: the server loop closes it then
            api.set_refusing(dev.address, True)
        return dev.faults.describe()
    with dev.lock:
        if verb == "system":
            dev.system.update(**body)
            dev.pair.refresh()
            return vars(dev.system)
        if verb == "ha-fault":
            if method == "DELETE":
                return dev.pair.set_ha_fault(dev, no_takeover=False, stay_down=None)
            unknown = set(body) - {"no_takeover", "stay_down"}
            if unknown:
                raise ValueError("unknown HA fault %s (known: no_takeover, stay_down)" % ", ".join(sorted(unknown)))
            return dev.pair.set_ha_fault(dev, no_takeover=body.get("no_takeover"), stay_down=body.get("stay_down", False))
        if verb == "fail-next":
            dev.fail_next[body.get("type", "Commit")] = list(body.get("details") or ["Commit failed"])
            return {"fail_next": dev.fail_next}
        if verb == "locks":
            kind = body.get("kind", "config")
            if method == "DELETE":
                dev.remove_lock(kind, body["admin"])
            else:
                dev.add_lock(kind, body["admin"], body.get("comment", ""))
            return {"config": sorted(dev.config_locks), "commit": sorted(dev.commit_locks)}
        if verb == "pending-change":
            _ensure_admin(dev, body["admin"])
            dev.config_write("set", body["admin"], body["xpath"], element=body["element"])
            return {"pending": dev.store.pending_xpaths(body["admin"])}
        if verb == "commit-job":
            _ensure_admin(dev, body.get("admin", "other-admin"))
            job = dev.jobs.submit("Commit", body.get("admin", "other-admin"), float(body.get("seconds", 5)),
                                  lambda job: ("OK", ["Configuration committed successfully"], []))
            return {"job": job.id}
        if verb == "timings":
            dev.timings = replace(dev.timings, **{k: float(v) for k, v in body.items()})
            return asdict(dev.timings)
        if verb == "master-key-expiry" and method == "POST":
            dev.mkey.set_expiry(dev.now(), float(body["expires_in_hours"]), body.get("lifetime_hours"),
                                body.get("reminder_hours"))
            return dict(dev.mkey.properties(dev.now()))
        if verb == "invalidate-keys":
            dev.key_epoch += 1
            return {"key_epoch": dev.key_epoch}
        if verb == "user-mapping":
            dev.pair.add_user_mapping(dev, body["ip"], body["user"])
            return {"user_ip": dev.runtime.user_ip}
        if verb == "session":
            return {"id": dev.pair.add_session(dev, dict(body))}
        if verb == "disk-state":
            dev.runtime.disk_state[body["name"]] = body["content"]
            return {"disk_state": sorted(dev.runtime.disk_state)}
        if verb == "id-manager":
            dev.runtime.id_manager[body["name"]] = int(body["id"])
            return {"id_manager": dev.runtime.id_manager}
        if verb == "config":
            dev.config_write("set", "emulator", body["xpath"], element=body["element"])
            dev.store.commit(["emulator"])
            dev.pair.refresh()
            return {"synced_config_digest": dev.pair.synced_digest(dev)}
    raise KeyError("no route %s devices/%s/%s" % (method, dev.name, "/".join(rest)))


def _ensure_admin(dev, admin):
    dev.admins.setdefault(admin, secrets.token_hex(8))  # exists so its changes and locks are attributable


def start(cluster, api, port=0):
    server = ControlServer(cluster, api, port)
    threading.Thread(target=server.serve_forever, name="control", daemon=True).start()
    return server
