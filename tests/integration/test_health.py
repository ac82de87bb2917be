"""The health runbook (`ansible-playbook hapair.panos.health`, role hapair.panos.health) against the emulator.

Each case is one playbook run against an inventory of one pair (group ha_pairs), its state set up through the
emulator's control API (locks, pending changes, config, links, master-key expiry): a healthy pair in both HA modes
(one of them in check mode), a blocker in both modes with and without health_fail_on_blockers, the warnings (drift,
another admin's lock and pending change, a key that expires within the warn days) and the variables that make them
blockers, and the master-key expiry thresholds. Every run is read-only: 0 state-changing requests.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import COLLECTIONS_PATH, DEV, HA_GROUP, emu_names, module_name, state_changing_requests

CALLBACKS = Path(__file__).parent / "callback_plugins"
PENDING = (DEV + "/vsys/entry[@name='vsys1']/address", "<entry name='daves-object'><fqdn>x.example.com</fqdn></entry>")
# What each peer must answer in the health check's one module run (the preflight with peer_settings: the drift
# report from the same readings): one login, and no command twice.
READS_PER_PEER = {
    "keygen ": 1,
    "op show high-availability all": 1,
    "op show system masterkey-properties": 1,
    "op show system info": 1,
    "op show config-locks": 1,
    "op show commit-locks": 1,
    "op check pending-changes": 1,
    "op show jobs all": 1,
}
AA_OWN_ADDRESSES = [  # the A/A seed gives both peers the same interface addresses (must differ): b gets its own
    (DEV + "/network/interface/ethernet/entry[@name='ethernet1/1']/layer3", "<ip><entry name='203.0.113.11/24'/></ip>"),
    (DEV + "/network/interface/ethernet/entry[@name='ethernet1/2']/layer3", "<ip><entry name='10.1.0.2/24'/></ip>"),
    (DEV + "/network/interface/aggregate-ethernet/entry[@name='ae1']/layer3/units/entry[@name='ae1.518']",
     "<ip><entry name='10.5.18.2/24'/></ip>"),
]


class Run:
    def __init__(self, proc, reports):
        self.rc = proc.returncode
        self.stdout, self.stderr = proc.stdout, proc.stderr
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith('{"tasks"')), None)
        assert line, (proc.stdout[-3000:], proc.stderr[-3000:])
        self.tasks = {}
        for entry in json.loads(line)["tasks"]:
            self.tasks.setdefault(entry["task"], dict(entry["result"], _status=entry["status"]))
        path = reports / "health-fw-pair-1.json"
        self.report = json.loads(path.read_text()) if path.is_file() else None
        self.report_file = path

    @property
    def record(self):
        return self.tasks["hapair.panos.health : The pair's record for the fleet report"]["ansible_facts"]["hapair_panos_record"]

    @property
    def stats(self):
        task = self.tasks["hapair.panos.health : Job statistics for AWX (one key for the run, one entry per pair)"]
        assert task["ansible_stats"]["per_host"] is False and task["ansible_stats"]["aggregate"] is True
        return task["ansible_stats"]["data"]["hapair_panos_health"]["fw-pair-1"]

    def codes(self, key):
        return [(f["code"], f["peer"]) for f in self.report[key]]


def run_health(emu, tmp_path, *args, check=False, with_peer=False):
    """ansible-playbook hapair.panos.health on one pair (fw-pair-1); the requests of the setup are not counted."""
    for name in emu_names(emu):
        emu.control.clear_requests(name)
    work = tmp_path / ("run-%d" % len(list(tmp_path.glob("run-*"))))
    work.mkdir()
    pair = {"provider": emu.provider(0, 0), "ansible_python_interpreter": sys.executable}
    if with_peer:
        pair["peer_provider"] = emu.provider(0, 1)
    inventory = work / "inventory.yml"
    inventory.write_text(json.dumps({"ha_pairs": {"hosts": {"fw-pair-1": pair}}}))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_STDOUT_CALLBACK="results_json",
               ANSIBLE_CALLBACK_PLUGINS=str(CALLBACKS), ANSIBLE_NOCOLOR="1", ANSIBLE_DEPRECATION_WARNINGS="0",
               ANSIBLE_HOME=str(work / "ansible-home"))
    cmd = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(inventory), "hapair.panos.health"]
    cmd += (["--check"] if check else []) + list(args)
    # reports/ in the directory the run starts in (the default report directory)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=work, timeout=200, check=False)
    run = Run(proc, work / "reports")
    assert emu.peer(0, 0)["password"] not in proc.stdout + proc.stderr
    assert state_changing_requests(emu) == {name: 0 for name in emu_names(emu)}
    return run


def labels(emu):
    """The report's readable peer names: host name (address:port)."""
    return [emu.peer(0, i)["hostname"] + " (" + module_name(emu, i) + ")" for i in (0, 1)]


# ------------------------------------------------------------------------------------------------ healthy


@pytest.mark.parametrize("fixture, check", [("emulator", False), ("emulator_aa", True)],
                         ids=["active-passive", "active-active-check-mode"])
def test_healthy_pair(fixture, check, request, tmp_path):
    emu = request.getfixturevalue(fixture)
    a, b = emu_names(emu)
    aa = fixture == "emulator_aa"
    if aa:
        for xpath, element in AA_OWN_ADDRESSES:
            emu.control.config(b, xpath, element)
    run = run_health(emu, tmp_path, check=check)
    assert run.rc == 0, run.stdout[-4000:]
    report, record = run.report, run.record
    first, second = labels(emu)
    names = [module_name(emu, 0), module_name(emu, 1)]
    assert report["result"] == "ok" and report["healthy"] is True and report["error"] is None
    assert report["blockers"] == [] and report["check_mode"] is check
    # the only finding of a fresh pair: both keys were never changed (the factory default key)
    assert run.codes("warnings") == [("master_key_default", n) for n in names]
    assert all(f["remedy"] and f["message"] and f["evidence"]["field"] for f in report["warnings"])
    results = {name: entry["result"] for name, entry in report["checks"].items()}
    assert results == {"ha_state": "ok", "sync_state": "ok", "compatibility": "ok", "drift": "ok",
                       "master_key_expiry": "warning", "locks": "ok", "pending_changes": "ok"}
    # what was read back
    states = ["active-primary", "active-secondary"] if aa else ["active", "passive"]
    ha = report["checks"]["ha_state"]["read"]
    assert ha["mode"] == ("Active-Active" if aa else "Active-Passive") and ha["problems"] == []
    assert ha["states"] == dict(zip([first, second], states, strict=True)) and ha["active"] == first
    assert ha["preflight"]["ha1_down"]["passed"] is True and ha["preflight"]["ha1_down"]["evaluated_on"] == names
    assert report["checks"]["sync_state"]["read"]["sync_state"] == "synchronized"
    drift = report["checks"]["drift"]["read"]
    assert drift["ok"] is True and drift["must_match"] == drift["must_differ"] == [] and drift["differs"]
    keys = report["checks"]["master_key_expiry"]["read"]
    assert (keys["warn_days"], keys["block_days"]) == (60, 14)
    assert all(p["default_key"] is True and p["expire_at"] is None for p in keys["peers"].values())
    assert report["checks"]["locks"]["read"]["preflight"]["config_locked"]["passed"] is True
    assert set(report["preflight_checks"]) >= {"config_sync_disabled", "jumbo_frame_mismatch", "uncommitted_changes"}
    assert report["peers"][names[1]]["label"] == second and report["peers"][names[1]]["state"] == states[1]
    # the record of the fleet report contract and the job statistics
    assert record == {"runbook": "health", "pair": "fw-pair-1", "result": "ok", "changed": [], "blockers": [],
                      "error": None, "check_mode": check, "report": str(run.report_file), "active_peer": first,
                      "sync_state": "synchronized", "drift": [],
                      "key_expiry": {first: "never changed", second: "never changed"},
                      "summary": "HEALTHY; warnings: master_key_default"}
    assert run.stats["result"] == "ok" and run.stats["report"] == str(run.report_file) and run.stats["blockers"] == []
    assert run.stats["warnings"] == ["master_key_default", "master_key_default"]
    # read-only and lean: nothing changed, each peer read by one module run, no command twice
    assert all(t["changed"] is False for t in run.tasks.values())
    summary = run.tasks["hapair.panos.health : Summary"]["msg"]
    assert summary[0] == "health of fw-pair-1: HEALTHY" and summary[-1] == "report: %s" % run.report_file
    for name in (a, b):
        counts = emu.control.requests(name)["counts"]
        assert {k: counts.get(k) for k in READS_PER_PEER} == READS_PER_PEER, counts
        assert max(counts.values()) == 1, sorted(k for k, v in counts.items() if v > 1)


# ------------------------------------------------------------------------------------------------ blockers


def _config_sync_off(emu):
    emu.control.config(emu_names(emu)[0], HA_GROUP + "/configuration-synchronization", "<enabled>no</enabled>")
    return [("config_sync_disabled", module_name(emu, 0))]


def _ha1_down(emu):
    emu.control.links("pair1", ha1="down", ha1_backup="down")  # split brain: both peers active-primary
    return [("ha1_down", module_name(emu, 0)), ("ha1_down", module_name(emu, 1)), ("ha_state_degraded", "pair"),
            ("config_not_synchronized", module_name(emu, 0)), ("config_not_synchronized", module_name(emu, 1))]


@pytest.mark.parametrize("fixture, fault", [("emulator", _config_sync_off), ("emulator_aa", _ha1_down)],
                         ids=["active-passive-config-sync-off", "active-active-ha1-down"])
def test_a_blocker_fails_the_pair_unless_told_not_to(fixture, fault, request, tmp_path):
    emu = request.getfixturevalue(fixture)
    expected = fault(emu)
    gate = run_health(emu, tmp_path, with_peer=True)
    assert gate.rc == 2, gate.stdout[-4000:]
    assert gate.codes("blockers") == expected, gate.report["blockers"]
    assert gate.report["result"] == "blocked" and gate.report["healthy"] is False and gate.report["error"] is None
    failed = gate.tasks["hapair.panos.health : Fail on blockers"]
    assert failed["_status"] == "failed" and "%s (%s)" % expected[0] in failed["msg"]
    assert gate.tasks["Fail the pair that failed above"]["_status"] == "failed"
    # the record is left for a failed pair too: blocked, not failed (the pair was checked)
    assert gate.record["result"] == "blocked" and gate.record["error"] is None
    assert [(b["code"], b["peer"]) for b in gate.record["blockers"]] == expected
    assert gate.record["summary"].startswith("UNHEALTHY, %d blocker(s): %s" % (len(expected), expected[0][0]))
    assert gate.stats["result"] == "blocked"

    report_only = run_health(emu, tmp_path, "-e", "health_fail_on_blockers=false", with_peer=True)
    assert report_only.rc == 0, report_only.stdout[-4000:]
    assert report_only.record["result"] == "blocked" and report_only.codes("blockers") == expected
    assert report_only.tasks["hapair.panos.health : Fail on blockers"]["_status"] == "skipped"
    if fault is _ha1_down:
        ha = report_only.report["checks"]["ha_state"]
        assert ha["result"] == "blocker" and ha["findings"] == ["ha1_down", "ha_state_degraded"]
        assert set(ha["read"]["states"].values()) == {"active-primary"}
        assert ha["read"]["preflight"]["ha1_down"]["values"][module_name(emu, 0)] == {"ha1": "down", "ha1_backup": "down"}
        assert report_only.record["sync_state"] == "not synchronized"
    else:
        sync = report_only.report["checks"]["sync_state"]
        assert sync["result"] == "blocker" and sync["read"]["preflight"]["config_sync_disabled"]["failed_on"] == [
            module_name(emu, 0)]
        assert all(f["remedy"].startswith("Enable configuration synchronization") for f in report_only.report["blockers"])


def test_the_first_peer_unreachable_fails_the_run(emulator, tmp_path):
    a, b = emu_names(emulator)
    emulator.control.fault(a, "refuse")
    run = run_health(emulator, tmp_path, "-e", "health_fail_on_blockers=false")
    assert run.rc == 2 and run.report["result"] == "failed" and "Cannot connect" in run.report["error"]
    assert run.record["result"] == "failed" and run.record["error"] == run.report["error"]
    assert run.record["summary"].startswith("could not check the pair: ")
    # the one module run could not discover the pair: nothing was read from the other peer, no drift report
    read = run.tasks["hapair.panos.health : Read both peers (HA state, sync state, what must match, per-peer settings, "
                     "master keys, locks, pending changes)"]
    assert "Cannot connect" in read["msg"] and "peer_settings" not in read
    assert emulator.control.requests(b)["total"] == 0


# ------------------------------------------------------------------------------------------------ warnings


def test_drift_locks_pending_changes_and_an_expiring_key_are_warnings(emulator, tmp_path):
    a, b = emu_names(emulator)
    name_a, name_b = module_name(emulator, 0), module_name(emulator, 1)
    first, second = labels(emulator)
    emulator.control.config(b, HA_GROUP + "/election-option", "<heartbeat-backup>yes</heartbeat-backup>")
    emulator.control.config(b, DEV + "/deviceconfig/system/ntp-servers",
                            "<primary-ntp-server><ntp-server-address>0.pool.ntp.org</ntp-server-address></primary-ntp-server>")
    emulator.control.pending_change(b, "dave", *PENDING)
    emulator.control.lock(a, "bob")
    emulator.control.lock(b, "carol", kind="commit")
    for name in (a, b):
        emulator.control.master_key_expiry(name, 30 * 24)
    run = run_health(emulator, tmp_path)
    assert run.rc == 0, run.stdout[-4000:]
    report = run.report
    assert report["result"] == "ok" and report["blockers"] == []
    assert run.codes("warnings") == [("per_peer_drift", "pair"), ("master_key_expiring", name_a),
                                     ("master_key_expiring", name_b), ("config_locked", name_a), ("config_locked", name_b),
                                     ("uncommitted_changes", name_b)]
    drift = report["warnings"][0]
    assert drift["evidence"]["field"] == "ha_settings/election" and "heartbeat_backup" in drift["message"]
    assert drift["evidence"]["values"][name_b]["ha_election.heartbeat_backup"] is True
    assert "hapair.panos.peer_settings" in drift["remedy"]
    # the drift check reads the must-match drift and what merely differs (allowed: no finding)
    read = report["checks"]["drift"]["read"]
    assert read["must_match"] == ["ha_settings/election"] and "services/ntp" in read["differs"]
    assert report["drift"] == [e for e in report["drift"] if e.startswith("ha_settings/election: must match")] != []
    expiring = report["warnings"][1]
    assert "expires in 30.0 days" in expiring["message"] and "health_key_expiry_warn_days=60" in expiring["message"]
    assert "rotate_master_key" in expiring["remedy"]
    locks = report["checks"]["locks"]["read"]["preflight"]["config_locked"]["values"]
    assert locks == {name_a: ["config lock held by bob"], name_b: ["commit lock held by carol"]}
    pending = report["checks"]["pending_changes"]
    assert pending["result"] == "warning" and pending["read"]["preflight"]["uncommitted_changes"]["values"][name_b] is True
    assert set(run.record["key_expiry"]) == {first, second} and all(run.record["key_expiry"].values())
    assert run.record["summary"] == ("HEALTHY; warnings: per_peer_drift, master_key_expiring, config_locked, "
                                     "uncommitted_changes")

    strict = run_health(emulator, tmp_path, "-e", "health_locks_block=true", "-e", "health_pending_changes_block=true",
                        "-e", "health_drift_blocks=true", "-e", "health_fail_on_blockers=false")
    assert strict.rc == 0 and strict.record["result"] == "blocked"
    assert strict.codes("blockers") == [("per_peer_drift", "pair"), ("config_locked", name_a), ("config_locked", name_b),
                                        ("uncommitted_changes", name_b)]
    assert strict.codes("warnings") == [("master_key_expiring", name_a), ("master_key_expiring", name_b)]
    assert strict.report["settings"]["locks_block"] is True


# ------------------------------------------------------------------------------------------------ master key


def test_master_key_expiry_thresholds(emulator, tmp_path):
    a, b = emu_names(emulator)
    name_a, name_b = module_name(emulator, 0), module_name(emulator, 1)
    for name in (a, b):
        emulator.control.master_key_expiry(name, 10 * 24)
    soon = run_health(emulator, tmp_path)
    assert soon.rc == 2 and soon.codes("blockers") == [("master_key_expiring", name_a), ("master_key_expiring", name_b)]
    assert "within health_key_expiry_block_days=14" in soon.report["blockers"][0]["message"]
    assert soon.report["checks"]["master_key_expiry"]["result"] == "blocker"
    assert soon.report["checks"]["compatibility"]["result"] == "ok"  # the same expiry on both: the keys agree
    days = soon.report["checks"]["master_key_expiry"]["read"]["peers"]
    assert all(9.9 <= p["days_to_expiry"] <= 10 and p["expired"] is False for p in days.values())

    # the same keys against thresholds of the caller's
    later = run_health(emulator, tmp_path, "-e", "health_key_expiry_block_days=5", "-e", "health_key_expiry_warn_days=30")
    assert later.rc == 0 and later.report["blockers"] == []
    assert later.codes("warnings") == [("master_key_expiring", name_a), ("master_key_expiring", name_b)]
    assert "within health_key_expiry_warn_days=30" in later.report["warnings"][0]["message"]
    assert later.report["checks"]["master_key_expiry"]["read"]["block_days"] == 5

    # expired on one peer; the other's never changed, which health_default_key_warning=false accepts
    emulator.control.reset()
    emulator.control.master_key_expiry(a, -2)
    expired = run_health(emulator, tmp_path, "-e", "health_default_key_warning=false", "-e",
                         "health_fail_on_blockers=false")
    assert expired.rc == 0 and expired.record["result"] == "blocked"
    assert expired.codes("blockers") == [("master_key_mismatch", "pair"), ("master_key_expired", name_a)]
    assert expired.report["warnings"] == []
    assert "has expired" in expired.report["blockers"][1]["message"]
    first, second = labels(emulator)
    assert expired.record["key_expiry"][second] == "never changed" and expired.record["key_expiry"][first] != "never changed"
