"""Benchmark (not a test): one sync_to_remote running-config on the emulator, and what it cost.

Prints, from the emulator's request log, the requests sent to each peer by type and command, the keygens
per device, the task's wall time against the HA-Sync job's own duration, and how long after the job
finished the module noticed (its last poll).

    .venv/bin/python tools/bench/bench_sync_to_remote.py [--profile fast|realistic]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "emulator"))

from panos_emulator import testing  # noqa: E402

XPATH = "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']/address"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", choices=("fast", "realistic"), default="fast")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    emu = testing.start(pairs=1, profile=args.profile, state_dir=work / "emu")
    try:
        peers = [p["name"] for p in emu.pair(0)["peers"]]
        emu.control.config(peers[0], XPATH, "<entry name='bench'><ip-netmask>192.0.2.1</ip-netmask></entry>")
        for name in peers:
            emu.control.clear_requests(name)
        play = [{"name": "bench", "hosts": "localhost", "gather_facts": False,
                 "vars": {"provider": emu.provider()},
                 "tasks": [{"name": "sync", "hapair.panos.sync_to_remote": {"provider": "{{ provider }}"},
                            "register": "r"}]}]
        (work / "play.yml").write_text(yaml.safe_dump(play))
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(REPO / "build"), ANSIBLE_HOME=str(work / "home"),
                   ANSIBLE_STDOUT_CALLBACK="results_json",
                   ANSIBLE_CALLBACK_PLUGINS=str(REPO / "tests" / "integration" / "callback_plugins"))
        t0 = time.time()
        proc = subprocess.run([str(Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,", "-c",
                               "local", "-e", "ansible_python_interpreter=" + sys.executable,
                               str(work / "play.yml")], capture_output=True, text=True, env=env)
        playbook_wall = time.time() - t0
        line = next(ln for ln in proc.stdout.splitlines() if ln.startswith('{"tasks"'))
        result = json.loads(line)["tasks"][0]["result"]
        if result.get("failed"):
            print("sync failed: %s" % result.get("msg"))
            return 1

        print("sync_to_remote running-config, profile %s" % args.profile)
        logs = {name: emu.control.requests(name) for name in peers}
        for name in peers:
            print("\n  requests to %s (%d):" % (name, logs[name]["total"]))
            for command, count in sorted(logs[name]["counts"].items()):
                print("    %3d  %s" % (count, command))
        keygens = {name: logs[name]["counts"].get("keygen ", 0) for name in peers}
        print("\n  keygens per device: %s" % keygens)

        receiver = emu.control.device(peers[1])
        job = [j for j in receiver["jobs"] if j["type"] == "HA-Sync"][-1]
        job_duration = job["finished"] - job["started"]
        polls = [e for e in logs[peers[1]]["entries"] if e["command"] == "show jobs id %d" % job["id"]]
        last_poll = polls[-1]["t"] if polls else None
        first = min(e["t"] for name in peers for e in logs[name]["entries"])
        last = max(e["t"] for name in peers for e in logs[name]["entries"])
        print("  HA-Sync job %d on %s: %.3f s (its own duration)" % (job["id"], peers[1], job_duration))
        print("  module elapsed (first request to verification): %.3f s" % result["elapsed_seconds"])
        print("  requests span (first to last request of the task): %.3f s" % (last - first))
        print("  job polls: %d; the poll that saw FIN came %.3f s after the job finished"
              % (len(polls), (last_poll - job["finished"]) if last_poll else float("nan")))
        print("  ansible-playbook wall time (incl. Ansible start-up): %.3f s" % playbook_wall)
        return 0
    finally:
        emu.stop()


if __name__ == "__main__":
    sys.exit(main())
