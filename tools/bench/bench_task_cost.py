"""Benchmark (not a test): what one task costs the controller, by kind of task, so the cost of a runbook can be
explained task by task (issue 13: "measure where it goes").

Starts an emulator with N pairs, then for each kind of task runs a play of R copies of that task against the N
pairs and prints the controller CPU (user + sys of ansible-playbook and every process it waited for) per task and
pair, the empty play's CPU taken out. Kinds: controller-side actions (debug, set_fact), a builtin module process
(ping: the fixed cost of any module process: a new Python compiling ansible.module_utils from the AnsiballZ zip),
and read-only modules of the collection run in a fork of the worker (the default with connection local) and as
module processes (hapair_panos_in_process: false).

    make venv collection
    .venv/bin/python tools/bench/bench_task_cost.py [--pairs 5] [--repeat 10]
"""

import argparse
import compileall
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "emulator"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_master_key_rotation as rotation_bench  # noqa: E402
from panos_emulator import testing  # noqa: E402

PROVIDER = {"provider": "{{ provider }}"}
KINDS = [
    ("debug (controller side)", {"ansible.builtin.debug": {"msg": "hello"}}, {}),
    ("set_fact (controller side)", {"ansible.builtin.set_fact": {"x": 1}}, {}),
    ("ping (a module process)", {"ansible.builtin.ping": {}}, {}),
    ("ha_info, fork of the worker", {"hapair.panos.ha_info": PROVIDER}, {}),
    ("ha_info, module process", {"hapair.panos.ha_info": PROVIDER}, {"hapair_panos_in_process": False}),
    ("preflight, fork of the worker", {"hapair.panos.preflight": dict(PROVIDER, fail_on_blockers=False)}, {}),
    ("preflight, module process", {"hapair.panos.preflight": dict(PROVIDER, fail_on_blockers=False)},
     {"hapair_panos_in_process": False}),
    ("master_key_info, fork of the worker", {"hapair.panos.master_key_info": PROVIDER}, {}),
    ("master_key_info, module process", {"hapair.panos.master_key_info": PROVIDER}, {"hapair_panos_in_process": False}),
    ("peer_settings_info, fork of the worker", {"hapair.panos.peer_settings_info": PROVIDER}, {}),
    ("report (controller side)", {"hapair.panos.report": {"path": "{{ report_dir }}/{{ inventory_hostname }}.json",
                                                          "content": {"a": 1}}}, {}),
]


def run(play, work, env):
    path = work / "play.yml"
    path.write_text(yaml.safe_dump(play, sort_keys=False))
    proc = subprocess.Popen([str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(work / "inventory.json"),
                             str(path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("ansible-playbook failed:\n" + out[-3000:])
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=10, help="copies of the task in the play (default 10)")
    args = parser.parse_args()
    build = os.environ.get("HAPAIR_BENCH_BUILD", str(REPO / "build"))
    # the .pyc an installed collection holds after its first run, as bench_fleet.py
    compileall.compile_dir(os.path.join(build, "ansible_collections", "hapair", "panos", "plugins"), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="bench-task-cost-"))
    emu = testing.start(pairs=args.pairs, profile="fast", state_dir=work / "emu")
    try:
        (work / "inventory.json").write_text(json.dumps(rotation_bench.inventory(emu, args.pairs)))
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=build,
                   ANSIBLE_HOME=str(work / "home"),
                   ANSIBLE_FORKS=str(max(5, args.pairs)), ANSIBLE_NOCOLOR="1")
        env.pop("HAPAIR_PANOS_IN_PROCESS", None)
        empty = run([{"hosts": "ha_pairs", "gather_facts": False, "tasks": []}], work, env)
        print("%-40s %8s" % ("task", "cpu/task/pair"))
        print("%-40s %7.3fs  (whole play, once)" % ("(empty play)", empty))
        for name, task, play_vars in KINDS:
            play_vars = dict(play_vars, report_dir=str(work / "reports"))
            play = [{"hosts": "ha_pairs", "gather_facts": False, "vars": play_vars,
                     "tasks": [dict(task, name="%s %d" % (name, i)) for i in range(args.repeat)]}]
            cpu = run(play, work, env)
            print("%-40s %7.3fs" % (name, (cpu - empty) / (args.repeat * args.pairs)), flush=True)
    finally:
        emu.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
