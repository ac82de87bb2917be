"""Benchmark (not a test): controller cost and wall time of the runbooks for fleets of pairs, side by side.

For each runbook present, each job profile and each fleet size, starts an emulator with that many pairs, runs
ansible-playbook once against all of them (forks >= pairs) and prints one table row: controller CPU per pair
(user+sys of ansible-playbook and every process it waited for: forks, module runs), wall time, wall time relative
to one pair, module runs, API requests and keygens per pair, the number of sequential device job durations a
pair's run waited through (its critical path in job durations), and the CPU the emulated firewalls took (the
emulator shares the controller's cores here; real firewalls do not).
docs/dev/benchmarks.md says what each column means and holds the figures.

    make venv collection
    .venv/bin/python tools/bench/bench_fleet.py [--pairs 1,10,50] [--profiles fast,realistic] [--runbooks preflight,sync]
        [--strategy linear|free] [--rotation-as-role] [--keep]
"""

import argparse
import compileall
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
# HAPAIR_BENCH_BUILD: another built tree (a directory holding ansible_collections/), to compare two builds.
BUILD = Path(os.environ.get("HAPAIR_BENCH_BUILD") or REPO / "build")
COLLECTION = BUILD / "ansible_collections" / "hapair" / "panos"
sys.path.insert(0, str(REPO / "tests" / "emulator"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_master_key_rotation as rotation_bench  # noqa: E402
from panos_emulator import testing  # noqa: E402

# The runbooks to measure: a playbook of the collection (or a role in a one-role play: "role" instead of
# "playbook"). Adding a runbook is one line; one whose playbook or role is not in the built collection is skipped.
# Every run gets hapair_panos_serial=0 (all pairs in one batch: the changing runbooks default to one pair at a time,
# docs/change-windows.md). The "before" figures of docs/dev/benchmarks.md measured the rotation as its role alone;
# the playbook adds the record, the fleet report and the final fail task (controller-side, a few hundredths).
RUNBOOKS = [
    {"name": "rotate_master_key", "playbook": "rotate_master_key",
     "vars": {"master_key_rotation_current_key": "p1a2l3o4a5l6t7o8", "master_key_rotation_new_key": rotation_bench.NEW_KEY}},
    {"name": "preflight", "playbook": "preflight"},
    # sync_force: without it the role skips the HA-Sync of a pair already synchronized (every fresh emulated pair).
    {"name": "sync", "playbook": "sync", "vars": {"sync_force": True}},
    {"name": "health", "playbook": "health"},
]

CALLBACKS = REPO / "tests" / "integration" / "callback_plugins"


class RowFailed(Exception):
    """One row's ansible-playbook run failed."""


def present(runbook):
    if "role" in runbook:
        return (COLLECTION / "roles" / runbook["role"]).is_dir()
    return (COLLECTION / "playbooks" / (runbook["playbook"] + ".yml")).is_file()


def playbook(runbook, work):
    if "playbook" in runbook:
        return "hapair.panos." + runbook["playbook"]
    play = [{"hosts": "ha_pairs", "gather_facts": False, "roles": [{"role": "hapair.panos." + runbook["role"]}]}]
    path = work / "play.yml"
    path.write_text(yaml.safe_dump(play))
    return str(path)


def module_runs(tasks):
    """Module processes started: results that carry an invocation (set_fact, include_role and other controller-side
    actions do not), a loop counting each item."""
    runs = 0
    for task in tasks:
        items = task["result"].get("results")
        for item in items if isinstance(items, list) else [task["result"]]:
            runs += isinstance(item, dict) and "invocation" in item
    return runs


def run_playbook(args, env):
    """Run ansible-playbook; return (returncode, stdout, stderr, wall seconds, CPU seconds of it and its children).
    os.wait4 gives the rusage of that one child and every descendant it waited for, so the emulator (another child
    of this process) is not counted."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=env, text=True)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            proc.wait()
            raise
        wall = time.monotonic() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return proc.returncode, out.read(), err.read(), wall, usage.ru_utime + usage.ru_stime


def process_cpu(pid):
    """User + system CPU seconds of a running process so far (Linux /proc), or None where /proc is not there."""
    try:
        fields = Path("/proc/%d/stat" % pid).read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime (fields 14, 15 of stat)


def measure(runbook, pairs, profile, work, strategy="linear"):
    work.mkdir(parents=True)
    emu = testing.start(pairs=pairs, profile=profile, state_dir=work / "emu")
    try:
        (work / "inventory.json").write_text(json.dumps(rotation_bench.inventory(emu, pairs)))
        extra = dict(runbook.get("vars", {}), hapair_panos_report_dir=str(work / "reports"), hapair_panos_serial=0,
                     hapair_panos_strategy=strategy)
        (work / "vars.json").write_text(json.dumps(extra))
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(BUILD), ANSIBLE_HOME=str(work / "home"),
                   ANSIBLE_FORKS=str(max(5, pairs)), ANSIBLE_NOCOLOR="1", ANSIBLE_STDOUT_CALLBACK="results_json",
                   ANSIBLE_CALLBACK_PLUGINS=str(CALLBACKS), ANSIBLE_RETRY_FILES_ENABLED="0")
        code, out, err, wall, cpu = run_playbook(
            [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(work / "inventory.json"),
             playbook(runbook, work), "-e", "@" + str(work / "vars.json")], env)
        line = next((ln for ln in out.splitlines() if ln.startswith('{"tasks"')), None)
        tasks = json.loads(line)["tasks"] if line else []
        failed = sorted({t["host"] for t in tasks if t["status"] in ("failed", "unreachable")})
        if code != 0 or failed or not tasks:
            # Task names and messages only (results may hold provider fields), the first three of them.
            bad = [t for t in tasks if t["status"] in ("failed", "unreachable")]
            for task in bad[:3]:
                print("  %s: %s: %s" % (task["host"], task["task"], str(task["result"].get("msg"))[:300]))
            print("  (%d failed task results in all)\n%s" % (len(bad), err[-2000:]))
            raise RowFailed("%s on %d pair(s), profile %s: ansible-playbook exited %d (--keep keeps the reports and "
                            "the emulator log, %s)" % (runbook["name"], pairs, profile, code, work))
        devices = [peer["name"] for i in range(pairs) for peer in emu.pair(i)["peers"]]
        logs = [emu.control.requests(name) for name in devices]
        # Jobs the run started (the boot-time and foreign jobs of the emulator's job list have no start time).
        jobs = [[j for d in emu.pair(i)["peers"] for j in emu.control.device(d["name"])["jobs"]
                 if j.get("started") and j.get("finished")] for i in range(pairs)]
        return {"cpu": cpu, "wall": wall, "jobs": jobs, "emulator_cpu": process_cpu(emu.process.pid),
                "modules": module_runs(tasks), "requests": sum(log["total"] for log in logs),
                "keygens": sum(log["counts"].get("keygen ", 0) for log in logs)}
    finally:
        emu.stop()


def startup(work):
    """CPU and wall time of ansible-playbook with a play that has no task: the fixed cost in every row."""
    work.mkdir(parents=True)
    (work / "empty.yml").write_text(yaml.safe_dump([{"hosts": "localhost", "gather_facts": False, "tasks": []}]))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(BUILD), ANSIBLE_HOME=str(work / "home"), ANSIBLE_NOCOLOR="1")
    code, _, err, wall, cpu = run_playbook([str(Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,",
                                            "-c", "local", str(work / "empty.yml")], env)
    if code != 0:
        raise SystemExit("ansible-playbook with an empty play exited %d: %s" % (code, err[-2000:]))
    return cpu, wall


def critical_path(jobs):
    """The longest sequence of one pair's device jobs (both peers) each of which started once the one before had
    finished: the job durations the run waited through one after another (jobs that ran at the same time, such as
    the two peers' commits, are one duration). Returns its jobs' labels. Counted here rather than with
    bench_master_key_rotation.py's groups, which select key changes by job type "MasterKey": the emulator runs a key
    change as a Commit job tagged MasterKey since c13dce7, so that script finds no key-change job."""
    jobs = sorted(jobs, key=lambda j: j["started"])
    chain = []  # chain[i]: the longest sequence ending with jobs[i]
    for job in jobs:
        # 0.05 s: a queued job starts the moment the one before it finishes.
        before = [c for c, j in zip(chain, jobs, strict=False) if j["finished"] <= job["started"] + 0.05]
        chain.append(max(before, key=len, default=[]) + [job])
    longest = max(chain, key=len, default=[])
    return [j["type"] + ("[%s]" % j["tag"] if j.get("tag") else "") for j in longest]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", default="1,10,50", help="fleet sizes, comma-separated (default 1,10,50)")
    parser.add_argument("--profiles", default="fast,realistic", help="emulator job profiles (default fast,realistic)")
    parser.add_argument("--runbooks", default=",".join(r["name"] for r in RUNBOOKS), help="runbooks (default: all present)")
    parser.add_argument("--strategy", default="linear", choices=["linear", "free"],
                        help="the runbooks' hapair_panos_strategy (default linear; docs/change-windows.md)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (reports, emulator logs)")
    parser.add_argument("--rotation-as-role", action="store_true",
                        help="measure the rotation as its role in a one-role play (builds before b03ffed, whose playbook "
                             "hard-codes serial: 1, as the first figures of docs/dev/benchmarks.md were measured)")
    args = parser.parse_args()
    if args.rotation_as_role:
        rotation = next(r for r in RUNBOOKS if r["name"] == "rotate_master_key")
        rotation["role"] = "master_key_rotation"
        del rotation["playbook"]
    sizes = sorted({int(n) for n in args.pairs.split(",")})
    profiles = [p for p in args.profiles.split(",") if p]
    unknown = set(profiles) - {"fast", "realistic"} | set(args.runbooks.split(",")) - {r["name"] for r in RUNBOOKS}
    if unknown or min(sizes) < 1:
        parser.error("unknown profile or runbook, or a fleet size below 1: %s" % ", ".join(sorted(unknown)))
    if not (BUILD / "ansible_collections").is_dir():
        raise SystemExit("no built collection in %s: run make venv collection" % BUILD)
    if not (Path(sys.executable).parent / "ansible-playbook").exists():
        raise SystemExit("no ansible-playbook next to %s: run it with .venv/bin/python" % sys.executable)
    # An installed collection whose directory is writable holds the .pyc of its modules after their first run
    # (plugin_utils/bytecode_cache.py); compile them up front, so that the figures are those of the runs after.
    compileall.compile_dir(str(COLLECTION / "plugins"), quiet=1)
    runbooks = []
    for runbook in RUNBOOKS:
        if runbook["name"] not in args.runbooks.split(","):
            continue
        if present(runbook):
            runbooks.append(runbook)
        else:
            print("skipped %s: not in the built collection (%s)" % (runbook["name"], COLLECTION))

    work = Path(tempfile.mkdtemp(prefix="bench-fleet-"))
    header = "%-18s %-9s %5s %9s %9s %8s %6s %8s %9s %8s %4s %8s" % (
        "runbook", "profile", "pairs", "cpu/pair", "cpu/+pair", "wall", "x1", "modules", "requests", "keygens", "seq",
        "emu cpu")
    rows, notes = [], []
    print(header, flush=True)
    try:
        cpu, wall = startup(work / "startup")
        rows.append("%-18s %-9s %5s %8.2fs %9s %7.1fs" % ("(empty play)", "-", "-", cpu, "-", wall))
        print(rows[-1], flush=True)
        for profile in profiles:
            for runbook in runbooks:
                one = None
                for pairs in sizes:
                    try:
                        m = measure(runbook, pairs, profile, work / ("%s-%s-%d" % (runbook["name"], profile, pairs)),
                                    args.strategy)
                    except RowFailed as exc:  # the row says so, and the other rows are still measured
                        rows.append("%-18s %-9s %5d  failed: %s" % (runbook["name"], profile, pairs, exc))
                        print(rows[-1], flush=True)
                        continue
                    one = m if pairs == 1 else one
                    paths = [critical_path(jobs) for jobs in m["jobs"]]
                    seq = max(len(path) for path in paths)
                    if pairs == 1 and seq:
                        notes.append("%s, %s: pair1's sequential device jobs: %s" % (
                            runbook["name"], profile, " > ".join(paths[0])))
                    # What each pair beyond the first adds, the fixed start-up cost taken out.
                    marginal = "%.2fs" % ((m["cpu"] - one["cpu"]) / (pairs - 1)) if one and pairs > 1 else "-"
                    rows.append("%-18s %-9s %5d %8.2fs %9s %7.1fs %6s %8.1f %9.1f %8.1f %4d %8s" % (
                        runbook["name"], profile, pairs, m["cpu"] / pairs, marginal, m["wall"],
                        "%.2f" % (m["wall"] / one["wall"]) if one else "-", m["modules"] / pairs,
                        m["requests"] / pairs, m["keygens"] / pairs, seq,
                        "-" if m["emulator_cpu"] is None else "%.1fs" % m["emulator_cpu"]))
                    print(rows[-1], flush=True)
    finally:
        print("\n%s (%s, %d cores, forks = max(5, pairs), strategy %s)" % (
            time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), sys.platform, os.cpu_count(), args.strategy))
        print(header)
        print("\n".join(rows))
        print("\n".join(notes))
        if args.keep:
            print("kept %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
