"""ansible-runner tests: every runbook run the way AWX runs it on an execution node.

Each test builds an AWX-shaped private data directory (awx.py: inventory/hosts, env/extravars, env/envvars with what
the collection's credential type injects, env/settings, project/ with wrapper playbooks importing the collection's
runbooks) and runs it with ansible_runner.run(), the engine of AWX's execution nodes, against the PAN-OS emulator
(two HA pairs, every device's admin password chosen here).

Fixtures:
  emulator   one emulator per pytest worker (two active/passive pairs), reset before each test
  awx_job    build a private data directory and run a wrapper playbook through ansible_runner.run(); returns a Job
"""

import html
import importlib.util
import json
import os
import ssl
import sys
from pathlib import Path
from urllib.parse import quote, quote_plus

import ansible_runner
import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "tests" / "emulator"))
sys.path.insert(0, str(HERE))

import awx  # noqa: E402
from panos_emulator import testing  # noqa: E402
from panos_emulator.masterkey import DEFAULT_KEY  # noqa: E402


def _integration_collections_path():
    """The private copy of the built collection the integration tests take (tests/integration/conftest.py)."""
    spec = importlib.util.spec_from_file_location("hapair_integration_conftest", REPO / "tests" / "integration" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.COLLECTIONS_PATH


COLLECTIONS_PATH = _integration_collections_path()
# ansible-runner starts the ansible-playbook it finds on PATH: this virtual environment's, or the one of
# HAPAIR_ANSIBLE_BIN (another ansible-core's venv, as mk/cores.mk sets it).
ANSIBLE_BIN = os.environ.get("HAPAIR_ANSIBLE_BIN") or str(Path(sys.executable).parent)
if os.environ.get("PATH", "").split(os.pathsep)[0] != ANSIBLE_BIN:
    os.environ["PATH"] = ANSIBLE_BIN + os.pathsep + os.environ.get("PATH", "")
PROJECT = HERE / "project"
DEV = "/config/devices/entry[@name='localhost.localdomain']"

# Distinctive secrets: each appears nowhere but where a test puts it (and characters that URL-encoding changes).
PASSWORD = "Awx-Pw+S3&cr/t=9%Q"
NEW_KEY = "Awx-NewMK+7/x=Q%"
WRONG_KEY = "Awx-WrongMK+/%9Z"
COMMUNITY = "Awx-snmp-C0mm+/=%"
for _key in (NEW_KEY, WRONG_KEY, DEFAULT_KEY):
    assert len(_key) == 16
FIXED_SECRETS = [PASSWORD, NEW_KEY, WRONG_KEY, DEFAULT_KEY, COMMUNITY]


@pytest.fixture(scope="session")
def emulator_session(tmp_path_factory):
    emu = testing.start(pairs=2, mode="active-passive", profile="fast", state_dir=tmp_path_factory.mktemp("emu-runner"),
                        password=PASSWORD)
    assert {peer["password"] for pair in emu.endpoints["pairs"] for peer in pair["peers"]} == {PASSWORD}
    yield emu
    emu.stop()


@pytest.fixture
def emulator(emulator_session):
    emulator_session.control.reset()
    return emulator_session


def names(emu, pair=0):
    """Emulator device names of a pair's peers (first = the provider's peer), for the control API."""
    return tuple(peer["name"] for peer in emu.pair(pair)["peers"])


def api_keys(emu, pair=0):
    """The API keys the devices of a pair issue for admin/PASSWORD (what the modules' keygen gets too)."""
    import pan.xapi

    keys = []
    for peer in emu.pair(pair)["peers"]:
        client = pan.xapi.PanXapi(hostname=peer["host"], port=peer["port"], api_username=peer["username"],
                                  api_password=PASSWORD, timeout=30,
                                  ssl_context=ssl.create_default_context(cafile=emu.ca_file))
        client.keygen()
        keys.append(client.api_key)
    assert len(set(keys)) == 2 and PASSWORD not in keys
    return keys


def inventory(emu, pairs=(0,), **host_vars):
    """An AWX inventory of HA pairs (group ha_pairs, hosts pair1, pair2...): only the peers' addresses; credentials
    and the CA come from the job's credential, as docs/connection.md recommends for AWX."""
    hosts = {}
    for index in pairs:
        peers = emu.pair(index)["peers"]
        hosts["pair%d" % (index + 1)] = dict({
            "provider": {"ip_address": peers[0]["host"], "port": peers[0]["port"]},
            "peer_provider": {"ip_address": peers[1]["host"], "port": peers[1]["port"]},
            "ansible_connection": "local", "ansible_python_interpreter": sys.executable}, **host_vars)
    return {"ha_pairs": {"hosts": sorted(hosts)}, "_meta": {"hostvars": hosts}}


def credential(emu, **inputs):
    """Inputs of a credential of the collection's type: the emulator's admin and its CA (skip_tls_verify unset: verified)."""
    values = {"username": "admin", "password": PASSWORD, "ca_cert": Path(emu.ca_file).read_text()}
    values.update(inputs)
    return {name: value for name, value in values.items() if value is not None}


def variants(secret):
    """A secret and the encodings it could leak in (URL, XML, JSON)."""
    return {secret, quote_plus(secret), quote(secret, safe=""), quote(secret), html.escape(secret), json.dumps(secret)[1:-1]}


class Job:
    """One ansible_runner.run() of an AWX-shaped private data directory, and what it left behind."""

    def __init__(self, runner, private_data_dir, ident):
        self.runner = runner
        self.rc = runner.rc
        self.status = runner.status
        self.private_data_dir = Path(private_data_dir)
        self.artifact_dir = self.private_data_dir / "artifacts" / ident
        self.project_dir = self.private_data_dir / "project"
        self.events = list(runner.events)
        self.stdout = (self.artifact_dir / "stdout").read_text()

    @property
    def stats(self):
        """The set_stats data of the run (AWX reads it from the playbook_on_stats event's artifact_data)."""
        stats = [e for e in self.events if e["event"] == "playbook_on_stats"]
        assert len(stats) == 1, self.stdout[-3000:]
        return stats[0]["event_data"].get("artifact_data", {})

    def failed_tasks(self):
        return [e["event_data"]["task"] for e in self.events if e["event"] == "runner_on_failed"
                and not e["event_data"].get("ignore_errors")]

    def report(self, path):
        return json.loads(Path(path).read_text())

    def assert_no_secrets(self, secrets, also=()):
        """No secret (nor an encoding of it) in any job event, in stdout, in anything under artifacts/ nor in the
        given files: the places AWX shows and keeps. env/ is AWX's own input (envvars holds the credential)."""
        texts = {"stdout": self.stdout}
        # artifacts/<ident>/command is ansible-runner's record of its input (command, cwd, the whole environment, the
        # credential's variables included), written 0600 like env/envvars; AWX never shows it (its job record keeps
        # the environment with secrets replaced). Everything else under artifacts/ is output.
        command = self.artifact_dir / "command"
        assert command.stat().st_mode & 0o077 == 0
        for path in sorted(self.artifact_dir.rglob("*")):
            if path.is_file() and path != command:
                texts[str(path.relative_to(self.private_data_dir))] = path.read_text(errors="replace")
        for index, event in enumerate(self.events):
            texts["event %d (%s)" % (index, event["event"])] = json.dumps(event)
        for path in also:
            texts[str(path)] = Path(path).read_text(errors="replace")
        assert any(name.startswith("artifacts/") and "/job_events/" in name for name in texts), "no job event files"
        hits = sorted({(where, index) for where, text in texts.items() for index, secret in enumerate(secrets)
                       for v in variants(secret) if v in text})
        # (where, index of the secret in the list given): which secret leaked, without printing it
        assert not hits, "secrets found: %s" % hits


@pytest.fixture
def awx_job(tmp_path):
    """Run project/<playbook> as an AWX job: awx_job(playbook, inventory, credential=..., extravars=...)."""
    counter = []

    def run(playbook, inventory, credential=None, network_credential=None, extravars=None, envvars=None,
            check=False, expect_rc=None):
        counter.append(1)
        private_data_dir = tmp_path / ("job%d" % len(counter))
        private_data_dir.mkdir()
        env = {}
        if credential is not None:
            env.update(awx.inject(awx.collection_credential_type(), credential, private_data_dir))
        if network_credential is not None:
            env.update(awx.inject(awx.NETWORK_CREDENTIAL_TYPE, network_credential, private_data_dir))
        # AWX also sets Ansible's own configuration in envvars; here: where the collection is installed (AWX: the
        # project's collections/requirements.yml or the execution environment), and a private ANSIBLE_HOME.
        env.update({"ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH, "ANSIBLE_HOME": str(private_data_dir / "ansible-home"),
                    "ANSIBLE_NOCOLOR": "1", "ANSIBLE_DEPRECATION_WARNINGS": "0", "ANSIBLE_RETRY_FILES_ENABLED": "0"})
        env.update(envvars or {})
        awx.write_private_data_dir(private_data_dir, PROJECT, inventory, extravars or {}, env,
                                   {"job_timeout": 240, "pexpect_timeout": 5, "suppress_ansible_output": True})
        cmdline = "--check" if check else None
        runner = ansible_runner.run(private_data_dir=str(private_data_dir), playbook=playbook, ident="1",
                                    cmdline=cmdline, quiet=True)
        job = Job(runner, private_data_dir, "1")
        if expect_rc is not None:
            assert job.rc == expect_rc, job.stdout[-6000:]
        return job

    return run
