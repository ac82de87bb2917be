"""Integration tests: real ansible-playbook runs of hapair.panos modules against the emulator over HTTPS.

Fixtures:
  emulator / emulator_aa   one emulator process per test module (A/P or A/A), reset before each test
  play                     run tasks as a playbook on localhost; returns a PlayResult with per-task results

Helpers (plain functions): task() builds a module task, emu_names()/module_name() name the peers for the control
API and as the modules do, xapi() is a pan.xapi client for test setup, state_changing_requests()/request_totals()/
clear_requests() read the emulator's request log, add_address()/synced_digests() make and observe config drift.
Plays use a private copy of build/ansible_collections taken at session start (see _snapshot_collection).
"""

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "emulator"))

from panos_emulator import testing  # noqa: E402


def _snapshot_collection(build, attempts=5):
    """A private copy of the built collection (build/ansible_collections) for this test session.

    `make collection` deletes and re-creates build/ansible_collections; run by someone else during the tests it
    made plays fail with "couldn't resolve module". The copy is checked against the collection's FILES.json, so a
    copy taken in the middle of a rebuild is retried. Without a built collection, build/ is used as it is.
    """
    source = Path(build) / "ansible_collections"
    if not (source / "hapair" / "panos" / "FILES.json").is_file():
        return str(build)
    target = Path(tempfile.mkdtemp(prefix="hapair-collections-"))
    atexit.register(shutil.rmtree, target, True)
    copy = target / "ansible_collections"
    for _attempt in range(attempts):
        shutil.rmtree(copy, ignore_errors=True)
        try:
            shutil.copytree(source, copy, ignore=shutil.ignore_patterns(".git"))
            root = copy / "hapair" / "panos"
            files = json.loads((root / "FILES.json").read_text())["files"]
            if all((root / entry["name"]).exists() for entry in files):
                return str(target)
        except (OSError, ValueError, KeyError, shutil.Error):
            pass
        time.sleep(1)
    return str(build)


COLLECTIONS_PATH = os.environ.get("HAPAIR_COLLECTIONS_PATH") or _snapshot_collection(REPO / "build")


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    emu = testing.start(pairs=1, mode="active-passive", state_dir=tmp_path_factory.mktemp("emu-ap"))
    yield emu
    emu.stop()


@pytest.fixture(scope="module")
def emulator_aa(tmp_path_factory):
    emu = testing.start(pairs=1, mode="active-active", state_dir=tmp_path_factory.mktemp("emu-aa"))
    yield emu
    emu.stop()


@pytest.fixture(autouse=True)
def _reset(request):
    for name in ("emulator", "emulator_aa"):
        if name in request.fixturenames:
            emu = request.getfixturevalue(name)
            emu.control.reset()
            for peer in emu.pair(0)["peers"]:
                emu.control.clear_requests(peer["name"])


class PlayResult:
    def __init__(self, proc, secrets, parse=True):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.secrets = secrets
        self.tasks = {}
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith('{"tasks"')), None)
        if line is not None:
            for task in json.loads(line)["tasks"]:
                self.tasks[task["task"]] = dict(task["result"], _status=task["status"])
        elif parse:
            raise AssertionError("no results from ansible-playbook:\n%s\n%s" % (proc.stdout[-3000:], proc.stderr[-3000:]))

    def __getitem__(self, name):
        return self.tasks[name]

    def assert_no_secrets(self):
        text = self.stdout + self.stderr
        for secret in self.secrets:
            assert secret not in text, "a secret appeared in ansible-playbook output"


def _provider_vars(emu, peer_index=0, **extra):
    return emu.provider(0, peer_index, **extra)


@pytest.fixture
def play(tmp_path):
    def run(emu, tasks, check=False, diff=False, verbosity=0, extra_vars=None, provider_extra=None,
            with_peer=False, env=None, expect_rc=None, stdout_callback="results_json", secrets=()):
        provider = _provider_vars(emu, 0, **(provider_extra or {}))
        play_vars = {"provider": provider}
        if with_peer:
            play_vars["peer_provider"] = _provider_vars(emu, 1, **(provider_extra or {}))
        play_vars.update(extra_vars or {})
        playbook = [{"name": "test", "hosts": "localhost", "gather_facts": False, "vars": play_vars,
                     "tasks": tasks}]
        path = tmp_path / "play.yml"
        path.write_text(yaml.safe_dump(playbook, sort_keys=False))
        inventory = tmp_path / "inventory.ini"
        inventory.write_text(textwrap.dedent("""\
            localhost ansible_connection=local ansible_python_interpreter="{{ ansible_playbook_python }}"
            """))
        cmd = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(inventory), str(path)]
        if check:
            cmd.append("--check")
        if diff:
            cmd.append("--diff")
        if verbosity:
            cmd.append("-" + "v" * verbosity)
        run_env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_STDOUT_CALLBACK=stdout_callback,
                       ANSIBLE_CALLBACK_PLUGINS=str(Path(__file__).parent / "callback_plugins"), ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="0",
                       ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
                       ANSIBLE_DEPRECATION_WARNINGS="0", ANSIBLE_HOME=str(tmp_path / "ansible-home"))
        run_env.update(env or {})
        # In tmp_path: a report the play writes by default goes to reports/ in the working directory.
        proc = subprocess.run(cmd, capture_output=True, text=True, env=run_env, cwd=tmp_path, timeout=300, check=False)
        result = PlayResult(proc, [emu.peer(0, 0)["password"]] + [s for s in secrets if s], parse=stdout_callback == "results_json")
        if expect_rc is not None:
            assert result.rc == expect_rc, (result.stdout[-4000:], result.stderr[-2000:])
        return result
    return run


def runbook_env(work, forks):
    """The environment of an ansible-playbook run of a runbook: the built collection only, no colour, no retry files,
    an ANSIBLE_HOME of its own, and none of the caller's credentials, callback or report directory."""
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="0",
               ANSIBLE_HOME=str(Path(work) / "ansible-home"), ANSIBLE_FORKS=str(forks))
    for var in ("PANOS_PASSWORD", "PANOS_API_KEY", "PANOS_USERNAME", "ANSIBLE_STDOUT_CALLBACK", "HAPAIR_PANOS_REPORT_DIR"):
        env.pop(var, None)
    return env


def run_fleet(work, emu, pairs, playbook, extra_vars, forks=4):
    """Run a runbook on a fleet: pairs is [(inventory name, emulated pair index)] in inventory order (group
    ha_pairs, each host's provider the pair's first peer); extra_vars a dict of -e variables. The output is kept in
    work/ansible-playbook.out. Returns the CompletedProcess."""
    hosts = {name: {"provider": emu.provider(index, 0), "ansible_connection": "local",
                    "ansible_python_interpreter": sys.executable} for name, index in pairs}
    inventory = Path(work) / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"all": {"children": {"ha_pairs": {"hosts": hosts}}}}, sort_keys=False))
    command = [str(Path(sys.executable).parent / "ansible-playbook"), playbook, "-i", str(inventory)]
    for name, value in extra_vars.items():
        command += ["-e", "%s=%s" % (name, value)]
    proc = subprocess.run(command, capture_output=True, text=True, env=runbook_env(work, forks=forks), cwd=work,
                          timeout=600, check=False)
    (Path(work) / "ansible-playbook.out").write_text(proc.stdout + "\n---- stderr\n" + proc.stderr)
    return proc


def state_changing_requests(emu):
    """Requests that changed device state, per peer (check mode must send none)."""
    return {peer["name"]: emu.control.requests(peer["name"])["state_changing"] for peer in emu.pair(0)["peers"]}


# ---------------------------------------------------------------- helpers shared by the test modules

DEV = "/config/devices/entry[@name='localhost.localdomain']"
HA_GROUP = DEV + "/deviceconfig/high-availability/group"
AE1_518 = DEV + "/network/interface/aggregate-ethernet/entry[@name='ae1']/layer3/units/entry[@name='ae1.518']"


def task(name, module, args=None, **task_options):
    """One task of a hapair.panos module; provider (and peer_provider, when the play defines it) default to
    the play's vars. task_options are task keywords (ignore_errors, check_mode, register...).
    """
    args = dict(args or {})
    args.setdefault("provider", "{{ provider }}")
    args.setdefault("peer_provider", "{{ peer_provider | default(omit) }}")
    fqcn = module if "." in module else "hapair.panos." + module
    return dict({"name": name, fqcn: args}, **task_options)


def emu_names(emu):
    """Emulator device names of the pair's peers (first = the provider's peer), for the control API."""
    return tuple(peer["name"] for peer in emu.pair(0)["peers"])


def module_name(emu, index):
    """The name hapair.panos modules give a peer: address:port."""
    peer = emu.peer(0, index)
    return "%s:%s" % (peer["host"], peer["port"])


def xapi(emu, index=0, **kwargs):
    """A pan.xapi client for one emulated peer, TLS verified with the emulator's CA (test setup and keygen)."""
    import ssl

    import pan.xapi

    peer = emu.peer(0, index)
    if "api_key" not in kwargs:
        kwargs.setdefault("api_username", peer["username"])
        kwargs.setdefault("api_password", peer["password"])
    return pan.xapi.PanXapi(hostname=peer["host"], port=peer["port"], timeout=30,
                            ssl_context=ssl.create_default_context(cafile=emu.ca_file), **kwargs)


def wait_jobs_done(emu, name, timeout=10.0):
    """Wait until no job of an emulated device is queued or running; returns its jobs."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        jobs = emu.control.device(name)["jobs"]
        if all(job["status"] == "FIN" for job in jobs):
            return jobs
        if time.monotonic() > deadline:
            raise AssertionError("jobs still running on %s: %s" % (name, jobs))
        time.sleep(0.05)


def request_totals(emu):
    """All requests each peer received (checks that invalid input was rejected before any request)."""
    return {peer["name"]: emu.control.requests(peer["name"])["total"] for peer in emu.pair(0)["peers"]}


def clear_requests(emu):
    """Forget the requests of test setup, so a play's own requests can be counted."""
    for peer in emu.pair(0)["peers"]:
        emu.control.clear_requests(peer["name"])


ADDRESSES = DEV + "/vsys/entry[@name='vsys1']/address"


def add_address(emu, device, name, ip="192.0.2.99/32"):
    """Commit (as admin 'emulator', no HA-Sync) an address object on one peer only: the peers' synced configs differ."""
    return emu.control.config(device, ADDRESSES, "<entry name='%s'><ip-netmask>%s</ip-netmask></entry>" % (name, ip))


def synced_digests(emu):
    """The emulator's digest of the synchronized part of each peer's running config."""
    return {name: emu.control.device(name)["synced_config_digest"] for name in emu_names(emu)}


def pytest_collection_modifyitems(items):
    """A hung emulator or play fails its test instead of the whole run (pytest-timeout, in requirements-dev.txt)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(240))
