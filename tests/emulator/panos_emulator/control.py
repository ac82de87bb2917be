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
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from . import error_envelopes, messages as M
from .exceptions import EmulatorError


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
        except EmulatorError as exc:  # a model refused, as it would over the XML API: the same text
            status, data = 400, {"error": error_envelopes.text(exc)}
        except (ValueError, TypeError) as exc:
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
            return dev.update_system(**body)
        if verb == "ha-fault":
            if method == "DELETE":
                return dev.pair.set_ha_fault(dev, no_takeover=False, stay_down=None)
            unknown = set(body) - {"no_takeover", "stay_down"}
            if unknown:
                raise ValueError("unknown HA fault %s (known: no_takeover, stay_down)" % ", ".join(sorted(unknown)))
            return dev.pair.set_ha_fault(dev, no_takeover=body.get("no_takeover"), stay_down=body.get("stay_down", False))
        if verb == "fail-next":
            return {"fail_next": dev.fail_next_job(body.get("type", "Commit"), body.get("details") or [M.COMMIT_FAILED])}
        if verb == "locks":
            kind = body.get("kind", "config")
            if method == "DELETE":
                dev.remove_lock(kind, body["admin"])
            else:
                dev.add_lock(kind, body["admin"], body.get("comment", ""))
            return dev.lock_holders()
        if verb == "pending-change":
            return {"pending": dev.add_foreign_change(body["admin"], body["xpath"], body["element"])}
        if verb == "commit-job":
            return {"job": dev.start_foreign_commit(body.get("admin", "other-admin"), body.get("seconds", 5)).id}
        if verb == "timings":
            return dev.set_timings(**body)
        if verb == "master-key-expiry" and method == "POST":
            return dev.set_master_key_expiry(body["expires_in_hours"], body.get("lifetime_hours"),
                                             body.get("reminder_hours"))
        if verb == "invalidate-keys":
            return {"key_epoch": dev.invalidate_keys()}
        if verb == "user-mapping":
            return {"user_ip": dev.pair.add_user_mapping(dev, body["ip"], body["user"])}
        if verb == "session":
            return {"id": dev.pair.add_session(dev, dict(body))}
        if verb == "disk-state":
            return {"disk_state": dev.runtime.put_disk_state(body["name"], body["content"])}
        if verb == "id-manager":
            return {"id_manager": dev.runtime.put_id(body["name"], body["id"])}
        if verb == "config":
            return {"synced_config_digest": dev.setup_config(body["xpath"], body["element"])}
    raise KeyError("no route %s devices/%s/%s" % (method, dev.name, "/".join(rest)))


def start(cluster, api, port=0):
    server = ControlServer(cluster, api, port)
    threading.Thread(target=server.serve_forever, name="control", daemon=True).start()
    return server
