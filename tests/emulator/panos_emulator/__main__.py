"""CLI: ``python -m panos_emulator serve ...`` and ``python -m panos_emulator ctl ...``."""

import argparse
import json
import os
import re
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import control, testing, tls
from .client import Control, ControlError
from .cluster import Cluster, write_endpoints
from .schema import DEFAULT as DEFAULT_SCHEMA, SCHEMAS
from .server import ApiServer


def serve(args):
    started = time.monotonic()
    state_dir = Path(args.state_dir or tempfile.mkdtemp(prefix="panos-emulator-"))
    state_dir.mkdir(parents=True, exist_ok=True)
    stale = state_dir / "endpoints.json"
    if stale.exists():
        stale.unlink()
    cluster = Cluster(pairs=args.pairs, mode=args.mode, profile=args.profile, username=args.username,
                      password=args.password, schema=args.schema)
    certs = tls.make_ca_and_cert(state_dir, cluster.addresses)
    api = ApiServer(cluster.by_address, args.port, certs["cert"], certs["key"])
    cluster.set_port(api.bind_all(cluster.addresses))
    threading.Thread(target=api.serve_forever, name="api", daemon=True).start()
    ctl = control.start(cluster, api, args.control_port)
    write_endpoints(state_dir, cluster.endpoints(certs["ca"], ctl.url))
    print("panos-emulator: %d pair(s), %s, profile %s, schema %s, port %d, control %s, ready in %.2fs; endpoints in %s"
          % (args.pairs, args.mode, args.profile, args.schema, cluster.port, ctl.url, time.monotonic() - started,
             state_dir / "endpoints.json"), flush=True)

    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    api.shutdown()
    ctl.shutdown()
    cluster.scheduler.stop()
    return 0


def start(args):
    """Start ``serve`` in the background and return once it is ready (for molecule, demos, scripts)."""
    state_dir = Path(args.state_dir)
    emu = testing.start(pairs=args.pairs, mode=args.mode, profile=args.profile, state_dir=state_dir,
                        schema=args.schema)
    (state_dir / "emulator.pid").write_text(str(emu.process.pid))
    print(json.dumps({"pid": emu.process.pid, "endpoints": str(state_dir / "endpoints.json")}))
    return 0


def stop(args):
    pid_file = Path(args.state_dir) / "emulator.pid"
    if not pid_file.exists():
        print("no emulator.pid in %s: nothing to stop" % args.state_dir)
        return 0
    pid = int(pid_file.read_text())
    try:
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            os.kill(pid, 0)
            time.sleep(0.1)
    except ProcessLookupError:
        pass
    pid_file.unlink()
    return 0


def ctl(args):
    client = Control.from_state_dir(args.state_dir) if not args.url else Control(args.url)
    verb, rest = args.verb, args.args
    # key=value options; anything else (an xpath with [@name='x'], an element with attributes) is positional
    kv = dict(a.split("=", 1) for a in rest if _OPTION.match(a))
    pos = [a for a in rest if not _OPTION.match(a)]
    calls = {
        "pairs": lambda: client.pairs(),
        "device": lambda: client.device(pos[0]),
        "requests": lambda: client.requests(pos[0]),
        "clear-requests": lambda: client.clear_requests(pos[0]),
        "fault": lambda: client.fault(pos[0], pos[1], **kv),
        "clear-faults": lambda: client.clear_faults(pos[0]),
        "link": lambda: client.links(pos[0], **{pos[1]: pos[2]}),
        "system": lambda: client.system(pos[0], **{k: _value(v) for k, v in kv.items()}),
        "fail-next": lambda: client.fail_next(pos[0], pos[1], pos[2:]),
        "ha-fault": lambda: client.ha_fault(pos[0], **{k: _value(v) for k, v in kv.items()}),
        "clear-ha-fault": lambda: client.clear_ha_fault(pos[0]),
        "lock": lambda: client.lock(pos[0], pos[1], kv.get("kind", "config")),
        "unlock": lambda: client.unlock(pos[0], pos[1], kv.get("kind", "config")),
        "pending-change": lambda: client.pending_change(pos[0], pos[1], pos[2], pos[3]),
        "commit-job": lambda: client.commit_job(pos[0], pos[1] if len(pos) > 1 else "other-admin",
                                                float(kv.get("seconds", 5))),
        "timings": lambda: client.timings(pos[0], **{k: float(v) for k, v in kv.items()}),
        "invalidate-keys": lambda: client.invalidate_keys(pos[0]),
        "master-key-expiry": lambda: client.master_key_expiry(pos[0], float(pos[1]), *(
            int(kv[k]) if k in kv else None for k in ("lifetime_hours", "reminder_hours"))),
        "user-mapping": lambda: client.user_mapping(pos[0], pos[1], pos[2]),
        "session": lambda: client.session(pos[0], **kv),
        "disk-state": lambda: client.disk_state(pos[0], pos[1], pos[2]),
        "id-manager": lambda: client.id_manager(pos[0], pos[1], int(pos[2])),
        "config": lambda: client.config(pos[0], pos[1], pos[2]),
        "reset": lambda: client.reset(pos[0] if pos else None, kv.get("mode")),
    }
    if verb not in calls:
        print("unknown verb %r; known: %s" % (verb, ", ".join(calls)), file=sys.stderr)
        return 2
    try:
        print(json.dumps(calls[verb](), indent=2, default=str))
    except (ControlError, IndexError, ValueError) as exc:
        print("error: %s" % (exc or "missing argument"), file=sys.stderr)
        return 1
    return 0


_OPTION = re.compile(r"^[A-Za-z_][\w-]*=")


def _value(text):
    try:
        return json.loads(text)
    except ValueError:
        return text


def main(argv=None):
    parser = argparse.ArgumentParser(prog="panos_emulator", description="PAN-OS HA pair emulator")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("serve", help="start N emulated HA pairs")
    p.add_argument("--pairs", type=int, default=1)
    p.add_argument("--state-dir", help="where endpoints.json, ca.pem are written (default: a temp dir)")
    p.add_argument("--mode", choices=("active-passive", "active-active"), default="active-passive")
    p.add_argument("--profile", choices=("fast", "realistic"), default="fast")
    p.add_argument("--schema", choices=tuple(SCHEMAS), default=DEFAULT_SCHEMA,
                   help="PAN-OS release whose XML schema the devices speak (default %(default)s)")
    p.add_argument("--port", type=int, default=0, help="HTTPS port on every device address (0 = pick one)")
    p.add_argument("--control-port", type=int, default=0)
    p.add_argument("--username", default="admin")
    p.add_argument("--password", help="admin password of every device (default: random, see endpoints.json)")
    p.set_defaults(func=serve)
    b = sub.add_parser("start", help="start serve in the background; returns when ready")
    b.add_argument("--pairs", type=int, default=1)
    b.add_argument("--state-dir", required=True)
    b.add_argument("--mode", choices=("active-passive", "active-active"), default="active-passive")
    b.add_argument("--profile", choices=("fast", "realistic"), default="fast")
    b.add_argument("--schema", choices=tuple(SCHEMAS), default=DEFAULT_SCHEMA)
    b.set_defaults(func=start)
    e = sub.add_parser("stop", help="stop an emulator started with start")
    e.add_argument("--state-dir", required=True)
    e.set_defaults(func=stop)
    c = sub.add_parser("ctl", help="talk to a running emulator's control API")
    c.add_argument("--state-dir", default=".")
    c.add_argument("--url", help="control API URL (default: read from STATE_DIR/endpoints.json)")
    c.add_argument("verb")
    c.add_argument("args", nargs="*")
    c.set_defaults(func=ctl)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
