"""The failover test runbook (playbooks/failover_test.yml, role hapair.panos.failover_test) against the emulator,
run as `ansible-playbook hapair.panos.failover_test` on an inventory of the runbooks' shape.

Success paths, A/P and A/A, with and without preemption (the hand-back differs), and a re-run in the end state;
check mode; an unhealthy pair refused with no state-changing request; the failure paths after the suspend: a peer
that does not take over, a peer that does not come back, sessions that did not survive. After every failure no peer
may be left suspended by the runbook (only by a device that refuses to come back), and the report says what was
read back. The change-window knobs (serial, max_fail_percentage, order) as extra vars, on a two-pair emulator.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import COLLECTIONS_PATH, HA_GROUP, emu_names, module_name, state_changing_requests
from panos_emulator import testing

ACTIVE = {"active-passive": ("active", "passive"), "active-active": ("active-primary", "active-secondary")}
FAST = ["-e", "failover_test_poll_interval=1"]


def fresh(request, fixture):
    """The module's A/P (emulator) or A/A (emulator_aa) emulator, reset: conftest's autouse reset sees only the
    fixtures a test names, not the ones it gets from request."""
    emu = request.getfixturevalue(fixture)
    emu.control.reset()
    clear_requests(emu)
    return emu


@pytest.fixture(params=["emulator", "emulator_aa"], ids=["ap", "aa"])
def emu(request):
    return fresh(request, request.param)


def mode_of(emu):
    return emu.control.pairs()["pair1"]["mode"]


def states(emu):
    return tuple(emu.control.device(name)["ha"]["state"] for name in emu_names(emu))


def label(emu, index):
    """How the runbook names a peer: '<hostname> (<address:port>)'."""
    return "%s (%s)" % (emu.peer(0, index)["hostname"], module_name(emu, index))


def set_preemptive(emu):
    for name in emu_names(emu):
        emu.control.config(name, HA_GROUP + "/election-option", "<preemptive>yes</preemptive>")
    assert all(emu.control.device(name)["ha"]["preemptive"] for name in emu_names(emu))


def add_sessions(emu, count=3, device=0):
    for port in range(count):
        emu.control.session(emu_names(emu)[device], src="10.0.0.%d" % (port + 1), dst="192.0.2.80", dport=8000 + port, app="web-browsing")


def clear_requests(emu):
    for name in emu_names(emu):
        emu.control.clear_requests(name)


class Run:
    def __init__(self, proc, workdir, hosts):
        self.rc, self.stdout, self.stderr = proc.returncode, proc.stdout, proc.stderr
        self.workdir = workdir
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith('{"tasks"')), None)
        assert line, (proc.stdout[-4000:], proc.stderr[-3000:])
        self.tasks = json.loads(line)["tasks"]
        self.hosts = hosts

    def report(self, host="pair1"):
        return json.loads((self.workdir / "reports" / ("failover-test-%s.json" % host)).read_text())

    def result(self, suffix, host="pair1"):
        found = [t for t in self.tasks if t["task"].endswith(suffix) and t["host"] == host]
        assert found, "no task %r for %s: %s" % (suffix, host, [t["task"] for t in self.tasks])
        return found[-1]["result"]

    def record(self, host="pair1"):
        return self.result("The pair's record (hapair_panos_record, for the fleet report)", host)["ansible_facts"]["hapair_panos_record"]

    def stats(self, host="pair1"):
        data = self.result("Job statistics for AWX (one key for the run, one entry per pair)", host)["ansible_stats"]
        assert data["per_host"] is False and data["aggregate"] is True
        return data["data"]["hapair_panos_failover_test"][host]


def inventory(pairs):
    """One host per pair in ha_pairs, {host: vars}, the runbooks' inventory shape (docs/connection.md)."""
    common = {"ansible_connection": "local", "ansible_python_interpreter": "{{ ansible_playbook_python }}"}
    return {"all": {"children": {"ha_pairs": {"hosts": {host: dict(common, **v) for host, v in pairs.items()}}}}}


def run_playbook(tmp_path, pairs, *args, expect_rc=None):
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "inventory.yml").write_text(yaml.safe_dump(inventory(pairs)))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_STDOUT_CALLBACK="results_json",
               ANSIBLE_CALLBACK_PLUGINS=str(Path(__file__).parent / "callback_plugins"), ANSIBLE_NOCOLOR="1",
               ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_DEPRECATION_WARNINGS="0", ANSIBLE_HOME=str(tmp_path / "ansible-home"))
    for var in ("PANOS_PASSWORD", "PANOS_API_KEY", "PANOS_USERNAME", "HAPAIR_PANOS_REPORT_DIR"):
        env.pop(var, None)
    cmd = [str(Path(sys.executable).parent / "ansible-playbook"), "hapair.panos.failover_test", "-i", "inventory.yml"] + list(args)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=200, check=False)
    (tmp_path / "ansible-playbook.out").write_text(proc.stdout + "\n---- stderr\n" + proc.stderr)
    run = Run(proc, tmp_path, list(pairs))
    if expect_rc is not None:
        assert run.rc == expect_rc, (proc.stdout[-6000:], proc.stderr[-3000:])
    for emu_password in {p["provider"]["password"] for p in pairs.values()}:
        assert emu_password not in proc.stdout + proc.stderr, "the password appeared in the output"
    return run


def failover(emu, tmp_path, *args, with_peer=None, expect_rc=None):
    """The runbook on the emulator's pair (host pair1). A/A pairs get peer_provider, A/P pairs discover the peer,
    unless with_peer says otherwise."""
    host_vars = {"provider": emu.provider(0, 0)}
    if with_peer if with_peer is not None else mode_of(emu) == "active-active":
        host_vars["peer_provider"] = emu.provider(0, 1)
    return run_playbook(tmp_path, {"pair1": host_vars}, *(FAST + list(args)), expect_rc=expect_rc)


def assert_no_peer_suspended_by_the_runbook(emu, stuck=None):
    for name, state in zip(emu_names(emu), states(emu), strict=True):
        if name != stuck:
            assert state in ACTIVE[mode_of(emu)], (name, states(emu))


# ---------------------------------------------------------------- success


@pytest.mark.parametrize("preempt", [True, False], ids=["preempt", "no-preempt"])
def test_failover_and_back(emu, tmp_path, preempt):
    top, second = ACTIVE[mode_of(emu)]
    a, b = emu_names(emu)
    if preempt:
        set_preemptive(emu)
    add_sessions(emu)
    clear_requests(emu)

    run = failover(emu, tmp_path / "first", expect_rc=0)
    report = run.report()
    assert report["result"] == "ok" and report["failed_step"] is None and report["error"] is None, report
    assert report["mode"] == ("Active-Active" if top == "active-primary" else "Active-Passive")
    assert report["preemption"] is preempt
    assert report["before"]["active"] == label(emu, 0)
    assert report["before"]["peers"][module_name(emu, 0)]["state"] == top
    assert report["before"]["peers"][module_name(emu, 1)]["sessions"] == 3
    takeover = report["takeover"]
    assert takeover["new_active"] == label(emu, 1) and takeover["took_over"] is True
    assert takeover["sessions"]["before"] == 3 and takeover["sessions"]["after"] == 3 and takeover["sessions"]["passed"] is True
    assert takeover["sessions"]["minimum"] == 3  # 90 % of 3, rounded up
    assert report["handback"]["as_expected"] is True
    assert [s["step"] for s in report["steps"]] == ["gate", "suspend", "takeover", "functional", "handback"]
    # What was read back, and what the emulator says: with preemption the suspended peer is active again
    expected = (top, second) if preempt else (second, top)
    assert states(emu) == expected
    assert report["after"]["active"] == label(emu, 0 if preempt else 1)
    assert [report["after"]["peers"][module_name(emu, i)]["state"] for i in (0, 1)] == list(expected)
    assert report["changed"] == ["suspended " + label(emu, 0), "made %s functional again" % label(emu, 0)]
    # Exactly two state-changing requests, both on the peer that was active: suspend and functional
    log = emu.control.requests(a)
    assert log["state_changing"] == 2 and state_changing_requests(emu)[b] == 0
    assert log["counts"]["op request high-availability state suspend"] == 1
    assert log["counts"]["op request high-availability state functional"] == 1
    record = run.record()
    assert record == {"runbook": "failover_test", "pair": "pair1", "result": "ok", "changed": report["changed"], "blockers": [],
                      "error": None, "check_mode": False, "report": str(tmp_path / "first" / "reports" / "failover-test-pair1.json"),
                      "active_peer": report["after"]["active"], "sync_state": "synchronized", "drift": None, "key_expiry": None,
                      "summary": record["summary"]}
    assert record["summary"].startswith("failover of %s to %s in " % (label(emu, 0), label(emu, 1))), record["summary"]
    stats = run.stats()
    assert (stats["result"], stats["changed"], stats["blockers"], stats["check_mode"]) == ("ok", report["changed"], [], False)
    assert stats["active_before"] == label(emu, 0) and stats["active_after"] == report["after"]["active"]

    if preempt:
        return
    # (d) A re-run in the end state (roles swapped) is a test like any other: the other peer is failed over and back.
    clear_requests(emu)
    again = failover(emu, tmp_path / "again", expect_rc=0).report()
    assert again["result"] == "ok" and again["before"]["active"] == label(emu, 1), again
    assert again["takeover"]["new_active"] == label(emu, 0)
    assert states(emu) == (top, second)
    assert state_changing_requests(emu) == {a: 0, b: 2}


def test_check_mode_changes_nothing(emulator, tmp_path):
    add_sessions(emulator, 2)
    clear_requests(emulator)
    run = failover(emulator, tmp_path, "--check", expect_rc=0)
    assert state_changing_requests(emulator) == {name: 0 for name in emu_names(emulator)}
    assert states(emulator) == ("active", "passive")
    report = run.report()
    assert report["result"] == "ok" and report["check_mode"] is True and report["changed"] == [], report
    assert report["takeover"] is None and report["handback"] is None
    planned = report["planned"]
    assert planned[0] == "check mode: would request high-availability state suspend on %s" % module_name(emulator, 0), planned
    assert label(emulator, 1) + " to take over" in planned[1] and "with 2 " in planned[1], planned
    assert "to come back as the passive peer" in planned[3], planned
    assert run.record()["check_mode"] is True and run.record()["result"] == "ok"
    assert run.record()["summary"].startswith("check mode: would fail %s over and back" % label(emulator, 0))


# ---------------------------------------------------------------- refused


def suspend_passive(emu):
    import ssl

    import pan.xapi

    peer = emu.peer(0, 1)
    client = pan.xapi.PanXapi(hostname=peer["host"], port=peer["port"], api_username=peer["username"],
                              api_password=peer["password"], ssl_context=ssl.create_default_context(cafile=emu.ca_file))
    client.op("<request><high-availability><state><suspend/></state></high-availability></request>")


REFUSALS = {
    "passive-suspended": (suspend_passive, "peer_not_functional", "is suspended"),
    "ha2-down": (lambda emu: emu.control.links("pair1", ha2="down"), "ha2_down", "HA2"),
}


@pytest.mark.parametrize("setup, code, text", REFUSALS.values(), ids=REFUSALS.keys())
def test_an_unhealthy_pair_is_refused_with_nothing_changed(emulator, tmp_path, setup, code, text):
    setup(emulator)
    before = states(emulator)
    clear_requests(emulator)
    run = failover(emulator, tmp_path, expect_rc=2)
    assert state_changing_requests(emulator) == {name: 0 for name in emu_names(emulator)}
    assert states(emulator) == before
    report = run.report()
    assert report["result"] == "blocked" and report["failed_step"] == "gate" and report["changed"] == [], report
    assert code in [b["code"] for b in report["blockers"]], report["blockers"]
    assert any(text in b["message"] for b in report["blockers"]), report["blockers"]
    assert report["next_step"].startswith("Nothing was changed."), report["next_step"]
    record = run.record()
    assert record["result"] == "blocked" and code in [b["code"] for b in record["blockers"]]
    assert set(record["blockers"][0]) == {"code", "peer", "message"}
    assert run.stats()["result"] == "blocked"


# ---------------------------------------------------------------- failures after the suspend


def test_a_peer_that_does_not_take_over(emu, tmp_path):
    """(a) The passive peer stays passive (active-secondary) when the active one is suspended: the pair has no active
    peer. The runbook fails the pair, makes the suspended peer functional again through its own connection (it takes
    the active role back: the other one never took it) and reports what it read back."""
    top, second = ACTIVE[mode_of(emu)]
    a, b = emu_names(emu)
    emu.control.ha_fault(b, no_takeover=True)
    clear_requests(emu)
    run = failover(emu, tmp_path, "-e", "failover_test_timeout=3", expect_rc=2)
    report = run.report()
    assert report["result"] == "failed" and report["failed_step"] == "takeover", report
    assert report["error"].startswith("%s did not take over within 3 s" % label(emu, 1)), report["error"]
    assert "%s is %s" % (module_name(emu, 1), second) in report["error"], report["error"]
    assert report["takeover"]["took_over"] is False
    assert "did not take over" in report["next_step"] and "made functional" in report["next_step"], report["next_step"]
    assert states(emu) == (top, second)
    assert report["after"]["active"] == label(emu, 0)
    assert report["after"]["peers"][module_name(emu, 0)]["state"] == top
    assert report["changed"] == ["suspended " + label(emu, 0), "made %s functional again (recovery)" % label(emu, 0)]
    assert report["expected_handback"].startswith("the peer that was %s stays %s" % (top, second)), report["expected_handback"]
    assert emu.control.requests(a)["counts"]["op request high-availability state functional"] == 1
    assert state_changing_requests(emu) == {a: 2, b: 0}
    record = run.record()
    assert record["result"] == "failed" and record["active_peer"] == label(emu, 0) and record["error"] == report["error"]
    assert "failover test failed at takeover" in record["summary"]


STUCK = {"ap-suspended": ("emulator", "suspended"), "aa-non-functional": ("emulator_aa", "non-functional")}


@pytest.mark.parametrize("fixture, stay_down", STUCK.values(), ids=STUCK.keys())
def test_a_peer_that_does_not_come_back(request, tmp_path, fixture, stay_down):
    """(b) After `state functional` the suspended peer stays suspended (or goes non-functional). The runbook asks
    again in its recovery, fails the pair with a report of what it read back: that peer down, the other active."""
    emu = fresh(request, fixture)
    top, _second = ACTIVE[mode_of(emu)]
    a, b = emu_names(emu)
    emu.control.ha_fault(a, stay_down=stay_down)
    run = failover(emu, tmp_path, "-e", "failover_test_handback_timeout=3", expect_rc=2)
    report = run.report()
    assert report["result"] == "failed" and report["failed_step"] == "handback", report
    assert report["error"].startswith("%s did not come back within 3 s" % label(emu, 0)), report["error"]
    assert "%s is %s" % (module_name(emu, 0), stay_down) in report["error"], report["error"]
    assert states(emu) == (stay_down, top)
    peers = report["after"]["peers"]
    assert peers[module_name(emu, 0)]["state"] == stay_down and peers[module_name(emu, 1)]["state"] == top
    assert report["after"]["active"] == label(emu, 1)
    assert report["next_step"].startswith("%s is %s: it did not return to the election" % (label(emu, 0), stay_down)), report["next_step"]
    assert "%s is %s and carries the traffic" % (label(emu, 1), top) in report["next_step"], report["next_step"]
    # Step 5 sent functional and the device answered success. The recovery sends it again to a peer still suspended;
    # one that is non-functional is not suspended, and ha_state leaves it alone (nothing to make functional).
    sent = emu.control.requests(a)["counts"]["op request high-availability state functional"]
    assert sent == (2 if stay_down == "suspended" else 1), sent
    assert run.record()["result"] == "failed" and run.record()["active_peer"] == label(emu, 1)
    assert report["changed"] == ["suspended " + label(emu, 0), "sent state functional to %s%s: it did not come back" % (
        label(emu, 0), " (asked twice: step 5 and the recovery)" if stay_down == "suspended" else "")], report["changed"]
    emu.control.clear_ha_fault(a)


def test_sessions_that_did_not_survive_fail_the_pair_and_the_peer_is_restored(emulator, tmp_path):
    """Sessions added while HA2 was down exist on the active peer only; HA2 is up again, so the gate passes, but the
    new active peer has none of them: state synchronization did not hold. The suspended peer is made functional."""
    a, b = emu_names(emulator)
    emulator.control.links("pair1", ha2="down")
    add_sessions(emulator, 4)
    emulator.control.links("pair1", ha2="up")
    run = failover(emulator, tmp_path, expect_rc=2)
    report = run.report()
    assert report["failed_step"] == "state_sync", report
    sessions = report["takeover"]["sessions"]
    assert (sessions["before"], sessions["after"], sessions["minimum"], sessions["passed"]) == (4, 0, 4, False), sessions
    assert "State synchronization did not hold" in report["error"] and "at least 4 expected" in report["error"]
    assert "Sessions did not survive" in report["next_step"]
    assert_no_peer_suspended_by_the_runbook(emulator)
    assert states(emulator) == ("passive", "active")  # no preemption: the other peer keeps the active role
    assert report["changed"][-1] == "made %s functional again (recovery)" % label(emulator, 0)


# ---------------------------------------------------------------- change-window knobs


@pytest.fixture(scope="module")
def two_pairs(tmp_path_factory):
    emu = testing.start(pairs=2, mode="active-passive", state_dir=tmp_path_factory.mktemp("emu-2"))
    yield emu
    emu.stop()


def test_change_window_knobs_as_extra_vars(two_pairs, tmp_path):
    """serial, max_fail_percentage and order are play keywords templated from extra vars. By default one pair at a
    time and the run stops after the first pair that fails (pair1, refused: HA2 down), so pair2 is never touched;
    with -e hapair_panos_serial=2 -e hapair_panos_max_fail_percentage=100 -e hapair_panos_order=reverse_inventory
    both pairs run in one batch, and pair2 is tested although pair1 fails."""
    emu = two_pairs
    emu.control.reset()
    emu.control.links("pair1", ha2="down")
    pairs = {"pair%d" % (i + 1): {"provider": emu.provider(i, 0)} for i in range(2)}
    default = run_playbook(tmp_path / "default", pairs, *FAST, expect_rc=2)
    assert default.report("pair1")["result"] == "blocked"
    assert not (tmp_path / "default" / "reports" / "failover-test-pair2.json").exists()
    assert {t["host"] for t in default.tasks} == {"pair1"}

    knobs = run_playbook(tmp_path / "knobs", pairs, *FAST, "-e", "hapair_panos_serial=2", "-e", "hapair_panos_max_fail_percentage=100",
                         "-e", "hapair_panos_order=reverse_inventory", expect_rc=2)
    assert knobs.report("pair1")["result"] == "blocked" and knobs.report("pair2")["result"] == "ok"
    hosts = [t["host"] for t in knobs.tasks]
    # Not asserted here: which host's result comes first. In one batch both pairs run each task at once and results
    # arrive in completion order (this was flaky). The order keyword is proven where it decides which pair is
    # reached: test_runbooks_on_cores (sorted, serial 1) and test_fleet_report (reverse order, serial 2).
    assert hosts.index("pair1") < len(hosts) - 1 - hosts[::-1].index("pair2")  # one batch: pair1 ran between pair2's tasks
    assert emu.control.device("pair2-a")["ha"]["state"] == "passive"  # failed over (no preemption)


def test_refused_input_is_recorded_and_nothing_is_sent(emulator, tmp_path):
    """A variable the role's argument spec refuses: the pair fails before any request, and is still recorded."""
    run = failover(emulator, tmp_path, "-e", "failover_test_timeout=soon", expect_rc=2)
    assert emulator.control.requests(emu_names(emulator)[0])["total"] == 0
    record = run.record()
    assert record["result"] == "failed" and "failover_test_timeout" in record["error"] and record["report"] is None, record
    assert record["summary"].startswith("failover test not run: "), record["summary"]
    assert run.stats()["result"] == "failed"
