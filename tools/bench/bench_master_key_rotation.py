"""Benchmark (not a test): master-key rotation of 1 pair, then of N pairs at once in one emulator process.

Prints, per pair, the device jobs on the critical path (the role runs the disable-sync commits concurrently,
the key changes concurrently, the re-enable commits concurrently, then one HA-Sync: four sequential job
durations, plus PAN-OS's own sync after the re-enable commit when the role's sync has to wait for it), whether
each step's jobs really overlapped, and the wall time per step from the role's report.

    .venv/bin/python tools/bench/bench_master_key_rotation.py [--pairs 20] [--profile fast|realistic]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "emulator"))

from panos_emulator import testing  # noqa: E402

NEW_KEY = "BenchNewKey-0001"


def inventory(emu, pairs):
    hosts = {}
    for index in range(pairs):
        pair = emu.pair(index)
        first = pair["peers"][0]
        hosts[pair["name"]] = {"provider": {"ip_address": first["host"], "port": first["port"],
                                            "username": first["username"], "password": first["password"],
                                            "ca_path": emu.ca_file}}
    return {"all": {"vars": {"ansible_connection": "local", "ansible_python_interpreter": sys.executable},
                    "children": {"ha_pairs": {"hosts": hosts}}}}


def overlapped(jobs):
    """True when every job of the list was running at one moment (they ran concurrently)."""
    return len(jobs) < 2 or max(j["started"] for j in jobs) < min(j["finished"] for j in jobs)


def run(pairs, profile, work):
    emu = testing.start(pairs=pairs, profile=profile, state_dir=work / ("emu-%d" % pairs))
    try:
        (work / "inventory.json").write_text(json.dumps(inventory(emu, pairs)))
        play = work / "rotate.yml"
        play.write_text("- hosts: ha_pairs\n  gather_facts: false\n  roles:\n    - role: hapair.panos.master_key_rotation\n")
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(REPO / "build"), ANSIBLE_HOME=str(work / "home"),
                   ANSIBLE_FORKS=str(max(5, pairs)), ANSIBLE_NOCOLOR="1")
        t0 = time.time()
        proc = subprocess.run([str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(work / "inventory.json"),
                               str(play), "-e", "master_key_rotation_current_key=p1a2l3o4a5l6t7o8",
                               "-e", "master_key_rotation_new_key=" + NEW_KEY,
                               "-e", "master_key_rotation_report_dir=" + str(work / "reports")],
                              capture_output=True, text=True, env=env, check=False)
        wall = time.time() - t0
        if proc.returncode != 0:
            print(proc.stdout[-3000:], proc.stderr[-2000:])
            raise SystemExit("rotation failed")
        print("\n== %d pair(s), profile %s: ansible-playbook wall time %.1f s" % (pairs, profile, wall))
        for index in range(min(pairs, 3)):
            name = emu.pair(index)["name"]
            report = json.loads((work / "reports" / ("master-key-rotation-%s.json" % name)).read_text())
            devices = [emu.control.device(p["name"]) for p in emu.pair(index)["peers"]]
            jobs = sorted((j for d in devices for j in d["jobs"]), key=lambda j: j["started"])
            # The emulator runs a key change as a Commit job tagged MasterKey (as PAN-OS does): not a config commit.
            keys = [j for j in jobs if j["type"] == "MasterKey" or j.get("tag") == "MasterKey"]
            commits = [j for j in jobs if j["type"] == "Commit" and j not in keys]
            syncs = [j for j in jobs if j["type"] == "HA-Sync"]
            groups = [("disable-sync commits", commits[:2]), ("key changes", keys), ("re-enable commits", commits[2:4])]
            if len(syncs) > 1:
                # The re-enable commit starts PAN-OS's own sync to the peer; the role's sync waits for it when it
                # is still running (with long jobs), so it is on the critical path then.
                automatic = syncs[:-1]
                waited = any(j["finished"] > commits[3]["finished"] + 0.5 for j in automatic)
                groups.append(("automatic HA-Sync", automatic if waited else []))
            groups.append(("HA-Sync", syncs[-1:]))
            print("  %s: %s in %.1f s (role total)" % (name, report["result"], float(report["total_seconds"])))
            critical = 0.0
            for label, group in groups:
                span = (max(j["finished"] for j in group) - min(j["started"] for j in group)) if group else 0.0
                critical += span
                print("    %-22s %d job(s), concurrent: %-5s span %.2f s" % (label, len(group), overlapped(group), span))
            counts = ", ".join("%s %d" % (t, sum(1 for j in jobs if j["type"] == t)) for t in ("Commit", "MasterKey", "HA-Sync"))
            print("    device jobs: %d (%s); critical path: %d sequential job groups, %.2f s of job time"
                  % (len(jobs), counts, sum(1 for _, group in groups if group), critical))
            for step in report["steps"]:
                print("    step %-20s %.2f s" % (step["step"], float(step["seconds"])))
        fingerprints = {emu.control.device(p["name"])["master_key_fingerprint"] for i in range(pairs) for p in emu.pair(i)["peers"]}
        print("  distinct master-key fingerprints over all %d devices: %d" % (2 * pairs, len(fingerprints)))
    finally:
        emu.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--profile", choices=("fast", "realistic"), default="fast")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-mkr-"))
    run(1, args.profile, work / "one")
    if args.pairs > 1:
        run(args.pairs, args.profile, work / "many")
    return 0


if __name__ == "__main__":
    sys.exit(main())
