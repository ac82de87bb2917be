"""Every runbook (playbooks/*.yml, run as `ansible-playbook hapair.panos.<name>`) at -vvv with the default stdout
callback, on a success path and on failure paths, with distinctive secrets in play: the device password (the
emulator is started with one chosen here, full of characters that URL-encoding changes), the API keys the devices
issue for it (before and after a rotation), the current, new and a wrong master key, a typo'd password, the SNMP
v2c community and the log-export password (the two secret fields of plugins/module_utils/settings/options.py).

Every secret, and its URL-encoded and XML-escaped forms, is grepped in stdout + stderr, in every report file the
run wrote, in the async result files (ANSIBLE_ASYNC_DIR, when a task ran async) and in Ansible's temp and home
directories: 0 hits.
The inventory is the runbooks' own shape (docs/connection.md): one host per pair in group ha_pairs, with
provider / peer_provider host variables.
"""

import html
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
import yaml
from conftest import COLLECTIONS_PATH, DEV, emu_names, xapi
from test_secrets import api_keys as issued_api_keys
from panos_emulator import testing
from panos_emulator.masterkey import DEFAULT_KEY, fingerprint

# Distinctive values: each appears nowhere but where this test puts it.
PASSWORD = "Rb-Pw+S3&cr/t=9%Q"
TYPO_PASSWORD = "Rb-Pw+S3&cr/t=9%q"  # a typo'd credential (last letter)
NEW_KEY = "Rb-NewMK+7/x=Q%Z"
WRONG_KEY = "Rb-WrongMK-0+/%9"
COMMUNITY = "Rb-snmp-C0mm+/=%"
LOG_PASSWORD = "Rb-logX-pw+/&=%7"
for _key in (NEW_KEY, WRONG_KEY, DEFAULT_KEY):
    assert len(_key) == 16
FIXED_SECRETS = [PASSWORD, TYPO_PASSWORD, NEW_KEY, WRONG_KEY, DEFAULT_KEY, COMMUNITY, LOG_PASSWORD]

SNMP_XPATH = DEV + "/deviceconfig/system/snmp-setting"
PEER_SETTINGS_COMMON = {
    "snmp": {"location": "rack 7", "contact": "noc@example.com", "version": "v2c", "community": COMMUNITY},
    "log_export": {"schedules": [{"name": "nightly", "enabled": True, "log_type": "traffic", "start_time": "01:30",
                                  "protocol": "ftp", "hostname": "logs.example.com", "port": 21, "path": "/export",
                                  "username": "fw", "password": LOG_PASSWORD}]},
}
PEER_SETTINGS_PEERS = {"provider": {"management": {"hostname": "fw-rb-a"}},
                       "peer_provider": {"management": {"hostname": "fw-rb-b"}}}


def start_emulator(state_dir, mode="active-passive"):
    """An emulated pair whose every admin has PASSWORD (so that the tests know the secret to look for)."""
    emu = testing.start(pairs=1, mode=mode, profile="fast", state_dir=state_dir, password=PASSWORD)
    assert emu.peer(0, 0)["password"] == PASSWORD == emu.peer(0, 1)["password"]
    return emu


@pytest.fixture(scope="module")
def rb_emulator_module(tmp_path_factory):
    emu = start_emulator(tmp_path_factory.mktemp("emu-rb"))
    yield emu
    emu.stop()


@pytest.fixture
def emu(rb_emulator_module):
    rb_emulator_module.control.reset()
    return rb_emulator_module


def api_keys(emu):
    """The keys each device issues for admin/PASSWORD (what the modules' own keygen gets too)."""
    keys = issued_api_keys(emu)
    assert len(set(keys)) == 2 and PASSWORD not in keys
    return keys


def variants(secret):
    return {secret, quote_plus(secret), quote(secret, safe=""), quote(secret), html.escape(secret),
            json.dumps(secret)[1:-1]}


class Run:
    def __init__(self, proc, tmp_path, inventory_dir):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.tmp_path = tmp_path
        self.inventory_dir = inventory_dir

    @property
    def reports(self):
        return sorted(p for p in (self.tmp_path / "reports").glob("*") if p.is_file())

    def files(self):
        """Every file the run wrote: reports, async results, Ansible's temp and home directories."""
        dirs = ("async", "ansible-home", "local-tmp", "remote-tmp")
        roots = [self.tmp_path / "reports"] + [self.tmp_path / d for d in dirs]
        return sorted(p for root in roots if root.exists() for p in root.rglob("*") if p.is_file())

    def assert_no_secrets(self, secrets):
        texts = {"stdout": self.stdout, "stderr": self.stderr}
        for path in self.files():
            texts[str(path)] = path.read_text(errors="replace")
        hits = [(where, secret_index) for where, text in texts.items()
                for secret_index, secret in enumerate(secrets) for v in variants(secret) if v in text]
        # the index names which secret leaked (FIXED_SECRETS order, then the API keys) without printing it
        assert not hits, "secrets found (where, secret index): %s" % sorted(set(hits))


def provider(emu, index, api_key=None, password=PASSWORD):
    out = emu.provider(0, index)
    if api_key:
        out.pop("password")
        out["api_key"] = api_key
    else:
        out["password"] = password
    return out


def runbook(emu, tmp_path, name, *args, host_vars=None, expect_rc=None):
    """ansible-playbook hapair.panos.NAME -i <inventory> -vvv ARGS, default callback; returns a Run."""
    inventory_dir = tmp_path / "inventory"
    inventory_dir.mkdir(parents=True, exist_ok=True)
    pair = {"provider": provider(emu, 0), "peer_provider": provider(emu, 1),
            "ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}",
            # every secret is in the inventory of every run, used or not
            "peer_settings_common": PEER_SETTINGS_COMMON, "peer_settings_peers": PEER_SETTINGS_PEERS,
            "master_key_rotation_current_key": DEFAULT_KEY, "master_key_rotation_new_key": NEW_KEY}
    pair.update(host_vars or {})
    inventory = inventory_dir / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"all": {"children": {"ha_pairs": {"hosts": {"pair1": pair}}}}}))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_STDOUT_CALLBACK="default",
               ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", ANSIBLE_RETRY_FILES_ENABLED="0",
               ANSIBLE_DEPRECATION_WARNINGS="0", ANSIBLE_HOME=str(tmp_path / "ansible-home"),
               ANSIBLE_ASYNC_DIR=str(tmp_path / "async"), ANSIBLE_LOCAL_TEMP=str(tmp_path / "local-tmp"),
               ANSIBLE_REMOTE_TEMP=str(tmp_path / "remote-tmp"))
    for var in ("PANOS_PASSWORD", "PANOS_API_KEY", "PANOS_USERNAME", "ANSIBLE_CALLBACKS_ENABLED"):
        env.pop(var, None)
    cmd = [str(Path(sys.executable).parent / "ansible-playbook"), "hapair.panos." + name, "-i", str(inventory),
           "-vvv"] + list(args)
    # reports go to reports/ in the working directory
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=200, check=False)
    run = Run(proc, tmp_path, inventory_dir)
    (tmp_path / "ansible-playbook.out").write_text(run.stdout + "\n---- stderr\n" + run.stderr)
    # the run really was -vvv output of the default callback (otherwise the grep proves nothing)
    # (a module runs either as a process, "ESTABLISH LOCAL CONNECTION", or in a fork of the worker: plugin_utils/in_process.py)
    verbose = "ESTABLISH LOCAL CONNECTION" in run.stdout or "runs in a fork of the Ansible worker" in run.stdout
    assert verbose and "PLAY RECAP" in run.stdout, (run.stdout[-3000:], run.stderr[-2000:])
    if expect_rc is not None:
        assert run.rc == expect_rc, (run.stdout[-5000:], run.stderr[-2000:])
    return run


def json_report(run, prefix):
    paths = [p for p in run.reports if p.name.startswith(prefix)]
    assert len(paths) == 1, run.reports
    return json.loads(paths[0].read_text())


# ---------------------------------------------------------------- sync


def test_sync_success(emu, tmp_path):
    keys = api_keys(emu)
    run = runbook(emu, tmp_path, "sync", "-e", "sync_force=true", expect_rc=0)
    assert '"type": "HA-Sync"' in run.stdout and "is synchronized" in run.stdout
    run.assert_no_secrets(FIXED_SECRETS + keys)


def test_sync_refuses_another_admins_pending_change(emu, tmp_path):
    keys = api_keys(emu)
    a, b = emu_names(emu)
    emu.control.pending_change(b, "other-admin", DEV + "/deviceconfig/system", "<domain>other.example.com</domain>")
    run = runbook(emu, tmp_path, "sync", "-e", "sync_force=true", expect_rc=2)
    assert '"reason": "peer_pending_change"' in run.stdout and "failed=1" in run.stdout
    assert not emu.control.requests(a)["state_changing"]
    run.assert_no_secrets(FIXED_SECRETS + keys)


def test_sync_typod_password(emu, tmp_path):
    keys = api_keys(emu)
    run = runbook(emu, tmp_path, "sync", host_vars={"provider": provider(emu, 0, password=TYPO_PASSWORD)},
                  expect_rc=2)
    assert "authentication_failed" in run.stdout
    run.assert_no_secrets(FIXED_SECRETS + keys)


# ---------------------------------------------------------------- preflight


def test_preflight_success_with_api_keys(emu, tmp_path):
    keys = api_keys(emu)
    run = runbook(emu, tmp_path, "preflight", host_vars={"provider": provider(emu, 0, api_key=keys[0]),
                                                         "peer_provider": provider(emu, 1, api_key=keys[1])},
                  expect_rc=0)
    report = json_report(run, "preflight-pair1")
    assert report["ready"] is True and report["error"] is None, report
    run.assert_no_secrets(FIXED_SECRETS + keys)


def test_preflight_peer_refused(emu, tmp_path):
    keys = api_keys(emu)
    a, b = emu_names(emu)
    emu.control.fault(b, "refuse")
    run = runbook(emu, tmp_path, "preflight", expect_rc=2)
    report = json_report(run, "preflight-pair1")
    assert "peer_unreachable" in [f["code"] for f in report["blockers"]], report
    run.assert_no_secrets(FIXED_SECRETS + keys)


# ---------------------------------------------------------------- peer_settings


def test_peer_settings_success_writes_the_secrets(emu, tmp_path):
    keys = api_keys(emu)
    run = runbook(emu, tmp_path, "peer_settings", "--diff", expect_rc=0)
    assert "no unexpected drift" in run.stdout
    for index in (0, 1):
        client = xapi(emu, index)
        client.show(xpath=SNMP_XPATH)
        assert COMMUNITY in client.xml_result(), "the community was not applied, the grep proves nothing"
    run.assert_no_secrets(FIXED_SECRETS + keys)


def test_peer_settings_check_mode_and_another_admins_change(emu, tmp_path):
    keys = api_keys(emu)
    a, b = emu_names(emu)
    check = runbook(emu, tmp_path / "check", "peer_settings", "--check", "--diff", expect_rc=0)
    check.assert_no_secrets(FIXED_SECRETS + keys)
    emu.control.pending_change(a, "other-admin", SNMP_XPATH + "/snmp-system", "<location>other</location>")
    run = runbook(emu, tmp_path / "refused", "peer_settings", expect_rc=2)
    assert '"reason": "foreign_pending_change"' in run.stdout
    run.assert_no_secrets(FIXED_SECRETS + keys)


# ---------------------------------------------------------------- drift_report


def test_drift_report_success_with_api_keys(emu, tmp_path):
    keys = api_keys(emu)
    run = runbook(emu, tmp_path, "drift_report", "-e", "drift_report_fail=true",
                  host_vars={"provider": provider(emu, 0, api_key=keys[0]),
                             "peer_provider": provider(emu, 1, api_key=keys[1])}, expect_rc=0)
    report = json_report(run, "drift-pair1-")
    assert report["drift"]["ok"] is True, report["drift"]
    run.assert_no_secrets(FIXED_SECRETS + keys)


def test_drift_report_after_peer_settings_and_a_typod_password(emu, tmp_path):
    """The report after the secrets were written (peer_settings_info reads the config that holds them), then a
    run with a typo'd password."""
    keys = api_keys(emu)
    runbook(emu, tmp_path / "apply", "peer_settings", expect_rc=0)
    run = runbook(emu, tmp_path / "report", "drift_report", expect_rc=0)
    json_report(run, "drift-pair1-")
    run.assert_no_secrets(FIXED_SECRETS + keys)
    typo = runbook(emu, tmp_path / "typo", "drift_report",
                   host_vars={"peer_provider": provider(emu, 1, password=TYPO_PASSWORD)}, expect_rc=2)
    assert "authentication_failed" in typo.stdout
    typo.assert_no_secrets(FIXED_SECRETS + keys)


# ---------------------------------------------------------------- health


def test_health_success_with_api_keys(emu, tmp_path):
    """After peer_settings wrote the secrets (peer_settings_info reads the config that holds them), with API keys."""
    keys = api_keys(emu)
    runbook(emu, tmp_path / "apply", "peer_settings", expect_rc=0)
    run = runbook(emu, tmp_path / "health", "health", host_vars={"provider": provider(emu, 0, api_key=keys[0]),
                                                                 "peer_provider": provider(emu, 1, api_key=keys[1])},
                  expect_rc=0)
    report = json_report(run, "health-pair1")
    assert report["result"] == "ok" and report["error"] is None and report["drift_report"]["ok"] is True, report
    run.assert_no_secrets(FIXED_SECRETS + keys)


def test_health_typod_password_and_a_blocker(emu, tmp_path):
    keys = api_keys(emu)
    a, b = emu_names(emu)
    emu.control.config(b, DEV + "/deviceconfig/setting", "<jumbo-frame><mtu>9192</mtu></jumbo-frame>")
    run = runbook(emu, tmp_path / "blocker", "health", expect_rc=2)
    assert [f["code"] for f in json_report(run, "health-pair1")["blockers"]] == ["jumbo_frame_mismatch"]
    run.assert_no_secrets(FIXED_SECRETS + keys)
    typo = runbook(emu, tmp_path / "typo", "health", host_vars={"provider": provider(emu, 0, password=TYPO_PASSWORD)},
                   expect_rc=2)
    # with peer_provider the pair is read from the other peer: the provider's peer is the blocker peer_unreachable
    report = json_report(typo, "health-pair1")
    assert [f["code"] for f in report["blockers"]] == ["peer_unreachable"] and "Authentication failed" in typo.stdout
    typo.assert_no_secrets(FIXED_SECRETS + keys)


# ---------------------------------------------------------------- rotate_master_key


def test_rotate_master_key_success(emu, tmp_path):
    keys_before = api_keys(emu)
    run = runbook(emu, tmp_path, "rotate_master_key", expect_rc=0)
    assert json_report(run, "master-key-rotation-pair1")["result"] == "rotated"
    names = emu_names(emu)
    assert {emu.control.device(n)["master_key_fingerprint"] for n in names} == {fingerprint(NEW_KEY)}
    # The key changes are one master_key task with peer=both (no async since issue 13): no async result file to grep.
    assert "Step 3, change the master key on both peers" in run.stdout
    keys_after = api_keys(emu)
    assert not set(keys_after) & set(keys_before)
    run.assert_no_secrets(FIXED_SECRETS + keys_before + keys_after)


def test_rotate_master_key_wrong_current_key(emu, tmp_path):
    keys = api_keys(emu)
    run = runbook(emu, tmp_path, "rotate_master_key", host_vars={"master_key_rotation_current_key": WRONG_KEY},
                  expect_rc=2)
    report = json_report(run, "master-key-rotation-pair1")
    # Both peers hold the factory default key (never changed), so the wrong key is refused at the gate.
    assert report["failed_step"] == "gate" and "cannot be the master key" in report["error"], report
    assert {emu.control.device(n)["master_key_fingerprint"] for n in emu_names(emu)} == {fingerprint(DEFAULT_KEY)}
    run.assert_no_secrets(FIXED_SECRETS + keys)


def test_rotate_master_key_peer_refused_after_its_key_commit(emu, tmp_path):
    """The second peer's management plane goes away once its key-change commit finishes: recovery path."""
    keys = api_keys(emu)
    a, b = emu_names(emu)
    emu.control.fault(b, "refuse", after_job="MasterKey")
    run = runbook(emu, tmp_path, "rotate_master_key", "-e", "master_key_rotation_timeout=20", expect_rc=2)
    report = json_report(run, "master-key-rotation-pair1")
    assert report["result"] == "failed", report
    emu.control.clear_faults(b)
    run.assert_no_secrets(FIXED_SECRETS + keys + api_keys(emu))


# ---------------------------------------------------------------- failover_test


def test_failover_test_success(emu, tmp_path):
    keys = api_keys(emu)
    a, b = emu_names(emu)
    emu.control.session(a, src="10.0.0.1", dst="192.0.2.80", dport=443, app="ssl")
    run = runbook(emu, tmp_path, "failover_test", "-e", "failover_test_poll_interval=1", expect_rc=0)
    report = json_report(run, "failover-test-pair1")
    assert report["result"] == "ok" and report["takeover"]["sessions"]["passed"] is True, report
    assert emu.control.device(b)["ha"]["state"] == "active", "no failover happened: the grep proves little"
    run.assert_no_secrets(FIXED_SECRETS + keys)


def test_failover_test_recovery_after_no_takeover(emu, tmp_path):
    """The other peer does not take over: the recovery's ha_state and ha_info run through each peer's own connection
    (the connections fact carries the password) and print nothing of it."""
    keys = api_keys(emu)
    a, b = emu_names(emu)
    emu.control.ha_fault(b, no_takeover=True)
    run = runbook(emu, tmp_path, "failover_test", "-e", "failover_test_poll_interval=1", "-e", "failover_test_timeout=2",
                  expect_rc=2)
    report = json_report(run, "failover-test-pair1")
    assert report["failed_step"] == "takeover" and report["changed"][-1].endswith("(recovery)"), report
    assert emu.control.device(a)["ha"]["state"] == "active"
    run.assert_no_secrets(FIXED_SECRETS + keys)
