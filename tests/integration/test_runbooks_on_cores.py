"""The sync, preflight, health, rotate_master_key and failover_test runbooks (`ansible-playbook hapair.panos.<name>`) on a success and a
failure path each, with the results read back from the emulator: the tier `runbooks-cores` (mk/cores.mk) runs
this module with the ansible-playbook of each supported core's venv (HAPAIR_ANSIBLE_BIN, HAPAIR_EXPECT_CORE);
`make integration` runs it on the pinned core of .venv.

The inventory is the runbooks' shape (docs/connection.md) with `provider` only: the roles then leave
`*_peer_provider` unset and the modules discover the other peer. That is the path that broke on ansible-core
2.16-2.18, where a role default `{{ peer_provider | default(none) }}` rendered as the string "None".
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import COLLECTIONS_PATH, DEV, add_address, emu_names, synced_digests
from panos_emulator.masterkey import DEFAULT_KEY, fingerprint

ANSIBLE_BIN = Path(os.environ.get("HAPAIR_ANSIBLE_BIN") or Path(sys.executable).parent)
EXPECT_CORE = os.environ.get("HAPAIR_EXPECT_CORE")  # e.g. "2.16": the runs must really be on that core
NEW_KEY = "C0res-NewMK+7/xQ"
WRONG_KEY = "C0res-WrongMK-09"
JUMBO = "<jumbo-frame><mtu>9192</mtu></jumbo-frame>"


@pytest.fixture(scope="module")
def core_version():
    out = subprocess.run([str(ANSIBLE_BIN / "ansible-playbook"), "--version"], capture_output=True, text=True,
                         check=True).stdout
    version = re.search(r"\[core ([0-9][^\]]*)\]", out).group(1)
    if EXPECT_CORE:
        assert version.startswith(EXPECT_CORE + "."), (EXPECT_CORE, out)
    return version


def runbook(emu, tmp_path, name, *args, host_vars=None):
    """ansible-playbook hapair.panos.NAME on one pair whose inventory holds `provider` only; returns the process."""
    pair = {"provider": emu.provider(0, 0), "ansible_connection": "local",
            "ansible_python_interpreter": "{{ ansible_playbook_python }}"}
    pair.update(host_vars or {})
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"all": {"children": {"ha_pairs": {"hosts": {"pair1": pair}}}}}))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_NOCOLOR="1",
               ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_HOME=str(tmp_path / "ansible-home"))
    for var in ("PANOS_PASSWORD", "PANOS_API_KEY", "PANOS_USERNAME", "ANSIBLE_STDOUT_CALLBACK"):
        env.pop(var, None)
    proc = subprocess.run([str(ANSIBLE_BIN / "ansible-playbook"), "hapair.panos." + name, "-i", str(inventory)]
                          + list(args), capture_output=True, text=True, env=env, timeout=240, check=False)
    (tmp_path / "ansible-playbook.out").write_text(proc.stdout + "\n---- stderr\n" + proc.stderr)
    assert "does not support Ansible version" not in proc.stderr, "meta/runtime.yml requires_ansible excludes this core"
    for secret in (emu.peer(0, 0)["password"], NEW_KEY, WRONG_KEY, DEFAULT_KEY):
        assert secret not in proc.stdout + proc.stderr, "a secret appeared in the output"
    return proc


def expect(proc, rc):
    assert proc.returncode == rc, (proc.stdout[-5000:], proc.stderr[-3000:])


def state_changes(emu):
    return {name: emu.control.requests(name)["state_changing"] for name in emu_names(emu)}


def clear_requests(emu):
    for name in emu_names(emu):
        emu.control.clear_requests(name)


# ---------------------------------------------------------------- sync


def test_sync_drifted_pair(emulator, tmp_path, core_version):
    a, b = emu_names(emulator)
    add_address(emulator, b, "cores-drift")
    assert len(set(synced_digests(emulator).values())) == 2
    proc = runbook(emulator, tmp_path, "sync")
    expect(proc, 0)
    assert "pair1 is synchronized" in proc.stdout
    assert len(set(synced_digests(emulator).values())) == 1, "the runbook passed but the peers still differ"
    assert all(emulator.control.device(n)["ha"]["running_sync"] == "synchronized" for n in (a, b))


def test_sync_refuses_another_admins_change_on_the_receiver(emulator, tmp_path, core_version):
    a, b = emu_names(emulator)
    add_address(emulator, b, "cores-drift")
    emulator.control.pending_change(b, "other-admin", DEV + "/deviceconfig/system", "<domain>other.example.com</domain>")
    digests = synced_digests(emulator)
    clear_requests(emulator)
    proc = runbook(emulator, tmp_path, "sync")
    expect(proc, 2)
    assert "peer_pending_change" in proc.stdout
    assert synced_digests(emulator) == digests
    assert state_changes(emulator) == {a: 0, b: 0}
    assert "other-admin" in emulator.control.device(b)["pending_changes"], "the other admin's change was touched"


# ---------------------------------------------------------------- preflight


def test_preflight_ready_pair(emulator, tmp_path, core_version):
    clear_requests(emulator)
    proc = runbook(emulator, tmp_path, "preflight")
    expect(proc, 0)
    assert "preflight of pair1: READY" in proc.stdout and "BLOCKER" not in proc.stdout
    a, b = emu_names(emulator)
    assert state_changes(emulator) == {a: 0, b: 0}, "a preflight changed a device"
    assert all(emulator.control.requests(n)["total"] for n in (a, b)), "a peer was not read (discovery failed)"


def test_preflight_blocker(emulator, tmp_path, core_version):
    a, b = emu_names(emulator)
    emulator.control.config(a, DEV + "/deviceconfig/setting", JUMBO)
    clear_requests(emulator)
    proc = runbook(emulator, tmp_path, "preflight")
    expect(proc, 2)
    assert "preflight of pair1: NOT READY" in proc.stdout and "BLOCKER jumbo_frame_mismatch" in proc.stdout
    assert "found 1 blocker(s): jumbo_frame_mismatch" in proc.stdout
    assert state_changes(emulator) == {a: 0, b: 0}


# ---------------------------------------------------------------- health


def health_report(tmp_path):
    return json.loads((tmp_path / "reports" / "health-pair1.json").read_text())


def test_health_healthy_pair(emulator, tmp_path, core_version):
    """The report and its nulls, lists and dicts as JSON types (2.16-2.18 turn a null templated alone into "None")."""
    a, b = emu_names(emulator)
    clear_requests(emulator)
    proc = runbook(emulator, tmp_path, "health", "-e", "hapair_panos_report_dir=%s" % (tmp_path / "reports"))
    expect(proc, 0)
    assert "health of pair1: HEALTHY" in proc.stdout and "BLOCKER" not in proc.stdout
    report = health_report(tmp_path)
    assert report["result"] == "ok" and report["healthy"] is True and report["error"] is None
    assert report["blockers"] == [] and [f["code"] for f in report["warnings"]] == ["master_key_default"] * 2
    assert report["sync_state"] == "synchronized" and report["drift"] == [] and report["check_mode"] is False
    assert set(report["key_expiry"].values()) == {"never changed"} and report["active_peer"].startswith("pair1-fw-a (")
    assert {name: check["result"] for name, check in report["checks"].items()} == {
        "ha_state": "ok", "sync_state": "ok", "compatibility": "ok", "drift": "ok", "master_key_expiry": "warning",
        "locks": "ok", "pending_changes": "ok"}
    assert report["checks"]["ha_state"]["error"] is None and report["checks"]["drift"]["read"]["must_match"] == []
    assert state_changes(emulator) == {a: 0, b: 0}


def test_health_blocker(emulator, tmp_path, core_version):
    a, b = emu_names(emulator)
    emulator.control.config(a, DEV + "/deviceconfig/setting", JUMBO)
    for name in (a, b):
        emulator.control.master_key_expiry(name, 20 * 24)
    clear_requests(emulator)
    reports = "hapair_panos_report_dir=%s" % (tmp_path / "reports")
    proc = runbook(emulator, tmp_path, "health", "-e", reports)
    expect(proc, 2)
    assert "health of pair1: UNHEALTHY" in proc.stdout and "BLOCKER jumbo_frame_mismatch" in proc.stdout
    assert "found 1 blocker(s): jumbo_frame_mismatch" in proc.stdout
    proc = runbook(emulator, tmp_path, "health", "-e", reports, "-e", "health_fail_on_blockers=false")
    expect(proc, 0)
    report = health_report(tmp_path)
    assert report["result"] == "blocked" and report["error"] is None
    assert [f["code"] for f in report["blockers"]] == ["jumbo_frame_mismatch"]
    assert [f["code"] for f in report["warnings"]] == ["master_key_expiring"] * 2
    assert state_changes(emulator) == {a: 0, b: 0}


# ---------------------------------------------------------------- rotate_master_key


def rotation_vars(current_key):
    return {"master_key_rotation_current_key": current_key, "master_key_rotation_new_key": NEW_KEY}


def test_rotate_master_key(emulator, tmp_path, core_version):
    proc = runbook(emulator, tmp_path, "rotate_master_key", host_vars=rotation_vars(DEFAULT_KEY))
    expect(proc, 0)
    names = emu_names(emulator)
    assert {emulator.control.device(n)["master_key_fingerprint"] for n in names} == {fingerprint(NEW_KEY)}
    devices = [emulator.control.device(n) for n in names]
    assert all(d["ha"]["config_sync_enabled"] and d["ha"]["running_sync"] == "synchronized" for d in devices)


def test_rotate_master_key_refuses_a_wrong_current_key(emulator, tmp_path, core_version):
    clear_requests(emulator)
    proc = runbook(emulator, tmp_path, "rotate_master_key", host_vars=rotation_vars(WRONG_KEY))
    expect(proc, 2)
    assert "cannot be the master key" in proc.stdout
    names = emu_names(emulator)
    assert {emulator.control.device(n)["master_key_fingerprint"] for n in names} == {fingerprint(DEFAULT_KEY)}
    assert state_changes(emulator) == {n: 0 for n in names}, "the gate let a change through"


# ---------------------------------------------------------------- where the modules run (plugin_utils/in_process.py)


def test_a_module_runs_in_a_fork_of_the_worker_or_as_a_process_with_the_same_result(emulator, tmp_path, core_version):
    """On each core: with connection local and the controller's Python the module runs in a fork of the worker;
    with hapair_panos_in_process false as a module process; both give the same result, warnings included (on 2.19+
    a module's warning in the controller process would go to the display, not into the result)."""
    provider = dict(emulator.provider(0, 0), validate_certs=False)
    provider.pop("ca_path", None)
    play = [{"hosts": "pair1", "gather_facts": False, "tasks": [
        {"name": "forked", "hapair.panos.ha_info": {"provider": "{{ provider }}"}, "register": "forked"},
        {"name": "process", "hapair.panos.ha_info": {"provider": "{{ provider }}"}, "register": "process",
         "vars": {"hapair_panos_in_process": False}},
        {"name": "keep", "ansible.builtin.copy": {"content": "{{ {'forked': forked, 'process': process} | to_json }}",
                                                  "dest": str(tmp_path / "results.json"), "mode": "0600"}},
    ]}]
    (tmp_path / "play.yml").write_text(yaml.safe_dump(play))
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"all": {"hosts": {"pair1": {
        "provider": provider, "ansible_connection": "local",
        "ansible_python_interpreter": "{{ ansible_playbook_python }}"}}}}))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_NOCOLOR="1",
               ANSIBLE_HOME=str(tmp_path / "ansible-home"))
    env.pop("HAPAIR_PANOS_IN_PROCESS", None)
    proc = subprocess.run([str(ANSIBLE_BIN / "ansible-playbook"), str(tmp_path / "play.yml"), "-i", str(inventory),
                           "-vvv"], capture_output=True, text=True, env=env, timeout=120, check=False)
    expect(proc, 0)
    assert "hapair.panos.ha_info runs in a fork of the Ansible worker" in proc.stdout
    assert "runs as a module process: the variable hapair_panos_in_process is false" in proc.stdout
    results = yaml.safe_load((tmp_path / "results.json").read_text())
    forked, process = results["forked"], results["process"]
    for result in (forked, process):
        assert result["pair"]["healthy"] is True and result["changed"] is False
        assert any("validate_certs" in warning for warning in result["warnings"]), result.get("warnings")
    assert forked["pair"] == process["pair"] and forked["warnings"] == process["warnings"]
    assert sorted(forked) == sorted(process)


# ---------------------------------------------------------------- change-window knobs and the fleet report


def test_change_window_knobs_from_extra_vars_and_the_fleet_report(emulator, tmp_path, core_version):
    """serial, max_fail_percentage and order are templated from extra variables on every core: the inventory lists
    pair-c, pair-b, pair-a (a and c reach the emulated pair, b a closed port); -e hapair_panos_order=sorted runs a,
    then b, which fails and stops the run (the default budget 0): pair-c is not reached, and the fleet report says so."""
    good = {"provider": emulator.provider(0, 0), "ansible_connection": "local",
            "ansible_python_interpreter": "{{ ansible_playbook_python }}"}
    bad = dict(good, provider=dict(emulator.provider(0, 0), port=1, timeout=5))
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(yaml.safe_dump({"all": {"children": {"ha_pairs": {"hosts": {"pair-c": good, "pair-b": bad, "pair-a": good}}}}},
                                        sort_keys=False))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_NOCOLOR="1",
               ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_HOME=str(tmp_path / "ansible-home"))
    for var in ("PANOS_PASSWORD", "PANOS_API_KEY", "PANOS_USERNAME", "ANSIBLE_STDOUT_CALLBACK", "HAPAIR_PANOS_REPORT_DIR"):
        env.pop(var, None)
    proc = subprocess.run([str(ANSIBLE_BIN / "ansible-playbook"), "hapair.panos.sync", "-i", str(inventory),
                           "-e", "hapair_panos_order=sorted", "-e", "hapair_panos_report_dir=%s" % (tmp_path / "reports")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=240, check=False)
    (tmp_path / "ansible-playbook.out").write_text(proc.stdout + "\n---- stderr\n" + proc.stderr)
    expect(proc, 2)
    assert "[pair-c]" not in proc.stdout, "pair-c ran: the run went on after pair-b failed (or the order was not applied)"
    assert len([line for line in proc.stdout.splitlines() if line.startswith("PLAY [")]) == 2
    fleet = json.loads((tmp_path / "reports" / "fleet-sync.json").read_text())
    assert {p["pair"]: p["status"] for p in fleet["pairs"]} == {"pair-a": "ok", "pair-b": "failed", "pair-c": "skipped (not reached)"}
    assert fleet["stopped"]["rule"] == "budget" and fleet["max_fail_percentage"] == 0 and fleet["last_batch"] == ["pair-b"]
    assert "max_fail_percentage 0%" in fleet["not_reached_reason"]
    junit = (tmp_path / "reports" / "fleet-sync.junit.xml").read_text()
    assert 'tests="3" failures="1" errors="0" skipped="1"' in junit


# ---------------------------------------------------------------- failover_test


REPORTS = "hapair_panos_report_dir=%s/reports"  # runbook() runs in the test's working directory


def failover_report(tmp_path):
    import json

    return json.loads((tmp_path / "reports" / "failover-test-pair1.json").read_text())


def test_failover_test(emulator, tmp_path, core_version):
    """Fail over and back on a pair without preemption: the report's numbers stay numbers and its nulls nulls (the
    report is built as one expression), and the roles end swapped."""
    a, b = emu_names(emulator)
    emulator.control.session(a, src="10.0.0.1", dst="192.0.2.80", dport=443, app="ssl")
    clear_requests(emulator)
    proc = runbook(emulator, tmp_path, "failover_test", "-e", "failover_test_poll_interval=1", "-e", REPORTS % tmp_path)
    expect(proc, 0)
    report = failover_report(tmp_path)
    assert report["result"] == "ok" and report["error"] is None and report["failed_step"] is None, report
    assert report["takeover"]["sessions"] == {"before": 1, "after": 1, "minimum": 1, "tolerance_percent": 10, "passed": True,
                                              "state_sync": report["takeover"]["sessions"]["state_sync"]}
    assert report["preemption"] is False and report["handback"]["as_expected"] is True
    assert isinstance(report["total_seconds"], float) and report["next_step"] is None
    assert sorted(peer["priority"] for peer in report["before"]["peers"].values()) == [90, 100]
    assert [emulator.control.device(n)["ha"]["state"] for n in (a, b)] == ["passive", "active"]
    assert state_changes(emulator) == {a: 2, b: 0}


def test_failover_test_restores_the_suspended_peer(emulator, tmp_path, core_version):
    """The other peer does not take over: the runbook fails the pair and makes the suspended peer functional again."""
    a, b = emu_names(emulator)
    emulator.control.ha_fault(b, no_takeover=True)
    proc = runbook(emulator, tmp_path, "failover_test", "-e", "failover_test_poll_interval=1", "-e", "failover_test_timeout=2",
                   "-e", REPORTS % tmp_path)
    expect(proc, 2)
    report = failover_report(tmp_path)
    assert report["result"] == "failed" and report["failed_step"] == "takeover", report
    assert report["after"]["active"] and report["next_step"], report
    assert [emulator.control.device(n)["ha"]["state"] for n in (a, b)] == ["active", "passive"]
