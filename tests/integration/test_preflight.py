"""hapair.panos.preflight (module, role, playbook) and job_info's failure reasons against the emulator.

For every check code there is a test where it fires and one where it does not. The emulator is set up through
its control API (and plain pan.xapi for master keys), never with the collection's own modules. To keep the file
fast, codes that do not interfere share one scenario: a scenario is one ansible-playbook run (~2 s) with
preflight tasks before and after fixing what was broken (control-API calls made by ``uri`` tasks), and its
result is shared by the per-code tests that read it (SCENARIOS caches it; the emulator reset between tests does
not touch a finished run).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import (
    AE1_518,
    COLLECTIONS_PATH,
    DEV,
    add_address,
    emu_names,
    module_name,
    state_changing_requests,
    task,
    wait_jobs_done,
    xapi,
)

HA_GROUP = DEV + "/deviceconfig/high-availability/group"
SETTING = DEV + "/deviceconfig/setting"
JUMBO = "<jumbo-frame><mtu>9192</mtu></jumbo-frame>"
NEW_KEY = "Zq8vK2mN4pR7tW1x"
MASTER_KEY = ("<request><master-key><new-master-key>%s</new-master-key><lifetime>8760</lifetime></master-key>"
              "</request>" % NEW_KEY)
SYNC_RUNNING = "<request><high-availability><sync-to-remote><running-config/></sync-to-remote></high-availability></request>"
PENDING = (DEV + "/vsys/entry[@name='vsys1']/address", "<entry name='daves-object'><fqdn>x.example.com</fqdn></entry>")

# What the second peer gets in the "system" scenario, and what both get once aligned (same major.minor).
PLUGIN = {"name": "vm_series", "version": "3.1.0", "release-date": "Built-in", "pkg-file": "vm_series-3.1.0",
          "size": "15M", "platform": "any", "installed": "yes", "downloaded": "yes"}
SYSTEM_B = {"sw_version": "11.0.2", "multi_vsys": True, "gtp": True, "sctp": True, "vpn": False,
            "features": ["advanced-routing"], "url_db": "brightcloud", "licenses": ["PA-VM", "Threat Prevention"],
            "plugins": [PLUGIN], "chassis_ready": False}
SYSTEM_ALIKE = dict(SYSTEM_B, sw_version="11.0.5", chassis_ready=True)

PREFLIGHT = "hapair.panos.preflight"


def preflight(name, args=None, **task_options):
    return task(name, PREFLIGHT, args, **task_options)


def control(emu, name, path, body=None, method="POST"):
    """A uri task calling the emulator's control API (setup or repair in the middle of a play)."""
    uri = {"url": emu.endpoints["control_url"] + path, "method": method, "body_format": "json", "body": body or {}}
    return {"name": name, "ansible.builtin.uri": uri}


def config_task(emu, name, device, xpath, element):
    return control(emu, name, "/devices/%s/config" % device, {"xpath": xpath, "element": element})


def peer_names(emu):
    """Control name -> module name (address:port) of both peers."""
    return {emu_names(emu)[i]: module_name(emu, i) for i in (0, 1)}


def found(result, key="blockers"):
    return [(f["code"], f["peer"]) for f in result[key]]


# --------------------------------------------------------------------------------------------- scenarios

def scenario_healthy(emu, play):
    """A healthy pair, plus what must not count: our own config lock and another admin's finished commit."""
    a, b = emu_names(emu)
    emu.control.commit_job(a, seconds=0.05)
    wait_jobs_done(emu, a)
    emu.control.lock(b, "admin")  # the provider's admin: a lock of ours is no obstacle
    for name in (a, b):
        emu.control.clear_requests(name)
    return play(emu, [
        preflight("unknown check", {"checks": ["jumbo_frames"]}, ignore_errors=True),
        control(emu, "requests of a after the unknown check", "/devices/%s/requests" % a, method="GET"),
        control(emu, "requests of b after the unknown check", "/devices/%s/requests" % b, method="GET"),
        preflight("healthy"),
        control(emu, "requests of a", "/devices/%s/requests" % a, method="GET"),
        control(emu, "requests of b", "/devices/%s/requests" % b, method="GET"),
        preflight("in check mode", check_mode=True),
        preflight("only two checks", {"checks": ["jumbo_frame_mismatch", "master_key_mismatch"]}),
    ], with_peer=True, expect_rc=0)


def scenario_system(emu, play):
    a, b = emu_names(emu)
    emu.control.system(b, **SYSTEM_B)
    return play(emu, [
        preflight("fires"),
        preflight("gate", {"fail_on_blockers": True}, ignore_errors=True),
        preflight("skipped", {"skip": ["version_incompatible", "multi_vsys_mismatch", "gtp_mismatch", "sctp_mismatch",
                                       "vpn_mismatch", "features_mismatch", "dataplane_not_ready", "url_db_incompatible",
                                       "license_mismatch"], "fail_on_blockers": True}),
        control(emu, "align a", "/devices/%s/system" % a, SYSTEM_ALIKE),
        control(emu, "align b", "/devices/%s/system" % b, SYSTEM_ALIKE),
        preflight("alike", {"fail_on_blockers": True}),
    ], expect_rc=0)


def scenario_links(emu, play):
    """HA2 down, config sync off on a, state sync off on b; repaired; then HA off on b (with peer_provider: a peer
    without HA does not report its peer)."""
    a, b = emu_names(emu)
    emu.control.links("pair1", ha2="down")
    emu.control.config(a, HA_GROUP + "/configuration-synchronization", "<enabled>no</enabled>")
    emu.control.config(b, HA_GROUP + "/state-synchronization", "<enabled>no</enabled>")
    return play(emu, [
        preflight("fires"),
        control(emu, "HA2 up", "/pairs/pair1/links", {"ha2": "up"}),
        config_task(emu, "config sync on", a, HA_GROUP + "/configuration-synchronization", "<enabled>yes</enabled>"),
        config_task(emu, "state sync on", b, HA_GROUP + "/state-synchronization", "<enabled>yes</enabled>"),
        preflight("fixed"),
        config_task(emu, "HA off on b", b, DEV + "/deviceconfig/high-availability", "<enabled>no</enabled>"),
        preflight("ha disabled"),
    ], with_peer=True, expect_rc=0)


def scenario_ha1(emu, play):
    emu.control.links("pair1", ha1="down", ha1_backup="down")
    return play(emu, [
        preflight("reachable by API"),
        preflight("peer not discoverable", {"peer_provider": "{{ omit }}"}),
        control(emu, "HA1 up", "/pairs/pair1/links", {"ha1": "up", "ha1-backup": "up"}),
        preflight("fixed"),
    ], with_peer=True, expect_rc=0)


def scenario_window(emu, play):
    """Another admin's running commit, locks and uncommitted change, and a pair that drifted apart."""
    a, b = emu_names(emu)
    add_address(emu, a, "drift")
    emu.control.pending_change(b, "dave", *PENDING)
    emu.control.lock(a, "bob")  # (a config lock cannot be taken while dave has uncommitted changes on b)
    emu.control.lock(b, "carol", kind="commit")
    emu.control.commit_job(a, seconds=120)
    return play(emu, [
        preflight("fires"),
        preflight("gate on what is left", {"skip": ["config_locked", "config_not_synchronized"],
                                           "fail_on_blockers": True}),
    ], expect_rc=0)


def scenario_jumbo_master_key(emu, play):
    """Two plays: a difference on one peer, then the same setting on both."""
    a, b = emu_names(emu)
    emu.control.config(a, SETTING, JUMBO)
    xapi(emu, 1).op(cmd=MASTER_KEY)
    wait_jobs_done(emu, b)
    fires = play(emu, [preflight("fires")], expect_rc=0)
    emu.control.config(b, SETTING, JUMBO)
    xapi(emu, 0).op(cmd=MASTER_KEY)
    wait_jobs_done(emu, a)
    alike = play(emu, [preflight("alike", {"fail_on_blockers": True})], expect_rc=0)
    return {"fires": fires["fires"], "alike": alike["alike"]}


def scenario_syncing(emu, play):
    """A commit made on the active with config sync on: PAN-OS syncs to the passive, and the preflight runs while
    that HA-Sync job is still running (it takes 30 s here)."""
    a, b = emu_names(emu)
    emu.control.timings(b, ha_sync=30)
    active = xapi(emu, 0)
    active.set(xpath=PENDING[0], element="<entry name='synced-now'><fqdn>s.example.com</fqdn></entry>")
    active.commit(cmd="<commit></commit>", sync=True, interval=0.1)
    return play(emu, [preflight("fires")], expect_rc=0)


SCENARIOS = {
    "healthy": scenario_healthy,
    "system": scenario_system,
    "links": scenario_links,
    "ha1": scenario_ha1,
    "window": scenario_window,
    "jumbo_master_key": scenario_jumbo_master_key,
    "syncing": scenario_syncing,
}
_RESULTS = {}


@pytest.fixture
def scenario(emulator, play):
    def get(name):
        if name not in _RESULTS:
            _RESULTS[name] = (SCENARIOS[name](emulator, play), peer_names(emulator))
        return _RESULTS[name]
    return get


# code -> (scenario, task, peers it fires on: emulator names of peers, or 'pair'). Warnings say so.
FIRES = {
    "ha_disabled": ("links", "ha disabled", ["pair1-b"]),
    "ha1_down": ("ha1", "reachable by API", ["pair1-a", "pair1-b"]),
    "config_sync_disabled": ("links", "fires", ["pair1-a"]),
    "config_not_synchronized": ("window", "fires", ["pair1-a", "pair1-b"]),
    "ha2_down": ("links", "fires", ["pair1-a", "pair1-b"]),
    "state_sync_disabled": ("links", "fires", ["pair1-b"]),
    "version_incompatible": ("system", "fires", ["pair"]),
    "multi_vsys_mismatch": ("system", "fires", ["pair"]),
    "gtp_mismatch": ("system", "fires", ["pair"]),
    "sctp_mismatch": ("system", "fires", ["pair"]),
    "vpn_mismatch": ("system", "fires", ["pair"]),
    "features_mismatch": ("system", "fires", ["pair"]),
    "dataplane_not_ready": ("system", "fires", ["pair1-b"]),
    "url_db_incompatible": ("system", "fires", ["pair"]),
    "license_mismatch": ("system", "fires", ["pair"]),
    "plugin_mismatch": ("system", "fires", ["pair"]),
    "jumbo_frame_mismatch": ("jumbo_master_key", "fires", ["pair"]),
    "master_key_mismatch": ("jumbo_master_key", "fires", ["pair"]),
    "sync_in_progress": ("syncing", "fires", ["pair1-a", "pair1-b"]),
    "commit_pending": ("window", "fires", ["pair1-a"]),
    "config_locked": ("window", "fires", ["pair1-a", "pair1-b"]),
    "uncommitted_changes": ("window", "fires", ["pair1-b"]),
}
WARNINGS = {"plugin_mismatch", "commit_pending", "uncommitted_changes"}
# code -> (scenario, task) where it must pass: the same setting on both peers, the problem repaired, or (for the
# per-peer state) a healthy pair with our own lock and another admin's finished commit.
PASSES = {
    "ha_disabled": ("healthy", "healthy"),
    "ha1_down": ("ha1", "fixed"),
    "config_sync_disabled": ("links", "fixed"),
    "config_not_synchronized": ("healthy", "healthy"),
    "ha2_down": ("links", "fixed"),
    "state_sync_disabled": ("links", "fixed"),
    "version_incompatible": ("system", "alike"),
    "multi_vsys_mismatch": ("system", "alike"),
    "gtp_mismatch": ("system", "alike"),
    "sctp_mismatch": ("system", "alike"),
    "vpn_mismatch": ("system", "alike"),
    "features_mismatch": ("system", "alike"),
    "dataplane_not_ready": ("system", "alike"),
    "url_db_incompatible": ("system", "alike"),
    "license_mismatch": ("system", "alike"),
    "plugin_mismatch": ("system", "alike"),
    "jumbo_frame_mismatch": ("jumbo_master_key", "alike"),
    "master_key_mismatch": ("jumbo_master_key", "alike"),
    "sync_in_progress": ("healthy", "healthy"),
    "commit_pending": ("healthy", "healthy"),
    "config_locked": ("healthy", "healthy"),
    "uncommitted_changes": ("healthy", "healthy"),
}


def test_every_code_is_covered():
    sys.path.insert(0, str(Path(COLLECTIONS_PATH)))
    from ansible_collections.hapair.panos.plugins.module_utils import preflight as module_utils

    assert set(FIRES) == set(PASSES) == set(module_utils.CODES)


@pytest.mark.parametrize("code", sorted(FIRES))
def test_fires(scenario, code):
    name, task_name, where = FIRES[code]
    results, names = scenario(name)
    result = results[task_name]
    key = "warning_findings" if code in WARNINGS else "blockers"
    peers = [names.get(peer, peer) for peer in where]
    assert [peer for c, peer in found(result, key) if c == code] == peers, result[key]
    check = result["checks"][code]
    assert check["passed"] is False and check["failed_on"] == peers
    finding = next(f for f in result[key] if f["code"] == code)
    assert finding["severity"] == ("warning" if code in WARNINGS else "blocker")
    assert finding["remedy"].endswith(".") and finding["message"]
    assert finding["evidence"]["field"] == check["field"] and finding["evidence"]["values"]
    assert result["ready"] is (not result["blockers"])


@pytest.mark.parametrize("code", sorted(PASSES))
def test_does_not_fire(scenario, code):
    name, task_name = PASSES[code]
    results, names = scenario(name)
    result = results[task_name]
    assert result["checks"][code]["passed"] is True, result["checks"][code]
    assert result["checks"][code]["evaluated_on"] == list(names.values())
    assert code not in [c for c, peer in found(result) + found(result, "warning_findings")]


# ------------------------------------------------------------------------------------- scenario details

def test_healthy_pair_is_ready_read_only_and_lean(scenario):
    results, names = scenario("healthy")
    healthy = results["healthy"]
    assert healthy["ready"] is True and healthy["blockers"] == [] and healthy["warning_findings"] == []
    assert healthy["changed"] is False and healthy["_status"] == "ok"
    assert set(healthy["checks"]) == set(FIRES) and all(c["passed"] for c in healthy["checks"].values())
    assert healthy["pair"]["peers"] == list(names.values()) and healthy["pair"]["synchronized"] is True
    assert healthy["pair"]["active"] == names["pair1-a"] and healthy["pair"]["unreachable"] == []
    # an unknown check name fails before any request
    unknown = results["unknown check"]
    assert unknown["_status"] == "failed" and unknown["error"] == "invalid_input" and unknown["option"] == "checks"
    assert "jumbo_frame_mismatch" in unknown["msg"] + unknown["remedy"]
    for peer in ("a", "b"):
        assert results["requests of %s after the unknown check" % peer]["json"]["total"] == 0
        requests = results["requests of %s" % peer]["json"]
        # every command once, nothing that changes state: keygen, HA state, state-sync config, system info,
        # chassis, licenses, jumbo frames, master key, jobs, two lock lists, pending changes
        assert requests["state_changing"] == 0
        assert set(requests["counts"].values()) == {1} and requests["total"] == 12, requests["counts"]
    assert results["in check mode"]["ready"] is True and results["in check mode"]["changed"] is False
    assert set(results["only two checks"]["checks"]) == {"jumbo_frame_mismatch", "master_key_mismatch"}


def test_system_differences_evidence_gate_and_skip(scenario):
    results, names = scenario("system")
    a, b = names["pair1-a"], names["pair1-b"]
    fires = {f["code"]: f for f in results["fires"]["blockers"] + results["fires"]["warning_findings"]}
    assert fires["version_incompatible"]["evidence"]["values"] == {a: "10.2.9", b: "11.0.2"}
    assert fires["multi_vsys_mismatch"]["evidence"]["values"] == {a: "off", b: "on"}
    assert fires["gtp_mismatch"]["evidence"]["values"] == {a: "off", b: "on"}
    assert fires["vpn_mismatch"]["evidence"]["values"] == {a: "off", b: "on"}  # vpn-disable-mode
    assert fires["features_mismatch"]["evidence"]["values"] == {a: {"advanced-routing": "off"},
                                                                b: {"advanced-routing": "on"}}
    assert fires["url_db_incompatible"]["evidence"]["values"] == {a: "paloaltonetworks", b: "brightcloud"}
    assert fires["license_mismatch"]["evidence"]["values"][b]["only_here"] == []
    assert "WildFire License" in fires["license_mismatch"]["evidence"]["values"][a]["only_here"]
    # plugins: what each peer has installed, and the HA verdict PAN-OS 10 reports per plugin (<VMS>Mismatch</VMS>
    # in local-info) with the other peer's version (peer-info/<VMS>)
    plugins = fires["plugin_mismatch"]["evidence"]["values"]
    assert plugins[a]["installed"] == {"vm_series": "3.0.6", "dlp": "3.0.9"}
    assert plugins[b]["installed"] == {"vm_series": "3.1.0"}
    assert plugins[a]["compat"]["VMS"] == plugins[b]["compat"]["VMS"] == "Mismatch"
    assert plugins[a]["peer_versions"]["VMS"] == "3.1.0" and plugins[b]["peer_versions"]["VMS"] == "3.0.6"
    assert "reports VMS Mismatch (peer runs 3.1.0)" in fires["plugin_mismatch"]["message"]
    assert fires["dataplane_not_ready"]["evidence"]["values"] == {a: True, b: False}
    # the gate fails, names every blocker with its remedy, and still returns the report
    gate = results["gate"]
    assert gate["_status"] == "failed" and gate["error"] == "preflight_failed" and gate["reason"] == "sync_blockers"
    assert gate["msg"].startswith("Preflight found 9 blocker(s): version_incompatible (pair): Install the same PAN-OS")
    assert "license_mismatch (pair): Install the same licenses" in gate["msg"]
    assert found(gate) == found(results["fires"]) and gate["checks"] == results["fires"]["checks"]
    # skipping the blockers leaves the plugin warning, which does not fail the gate
    skipped = results["skipped"]
    assert skipped["_status"] == "ok" and skipped["ready"] is True
    assert found(skipped, "warning_findings") == [("plugin_mismatch", "pair")]
    assert "version_incompatible" not in skipped["checks"] and len(skipped["checks"]) == len(FIRES) - 9
    # aligned (11.0.2 and 11.0.5: same major.minor), the gate passes
    assert results["alike"]["_status"] == "ok" and results["alike"]["ready"] is True


def test_ha1_down_with_and_without_peer_provider(scenario):
    results, names = scenario("ha1")
    a, b = names["pair1-a"], names["pair1-b"]
    reachable = results["reachable by API"]
    assert found(reachable) == [("ha1_down", a), ("ha1_down", b), ("config_not_synchronized", a),
                                ("config_not_synchronized", b)]
    assert reachable["blockers"][0]["evidence"]["values"] == {a: {"ha1": "down", "ha1_backup": "down"},
                                                              b: {"ha1": "down", "ha1_backup": "down"}}
    # both peers were read: every other check was evaluated on both
    assert all(c["passed"] is not None for c in reachable["checks"].values())
    assert reachable["pair"]["unreachable"] == []
    # without peer_provider the peer cannot be discovered (its address comes over HA1): said so, as a blocker
    alone = results["peer not discoverable"]
    assert found(alone)[:2] == [("peer_unreachable", "peer"), ("ha1_down", a)]
    assert "peer_provider.ip_address" in alone["blockers"][0]["remedy"] + alone["blockers"][0]["message"]
    assert alone["checks"]["jumbo_frame_mismatch"]["passed"] is None
    assert alone["checks"]["jumbo_frame_mismatch"]["error"] == "peer: not reachable"
    assert results["fixed"]["ready"] is True


def test_a_running_sync_is_not_reported_as_drift(scenario):
    results, names = scenario("syncing")
    result = results["fires"]
    assert result["checks"]["config_not_synchronized"]["passed"] is True
    assert [code for code, peer in found(result)] == ["sync_in_progress", "sync_in_progress"], result["blockers"]
    assert result["ready"] is False


def test_window_state_of_each_peer(scenario):
    results, names = scenario("window")
    a, b = names["pair1-a"], names["pair1-b"]
    fires = results["fires"]
    assert found(fires) == [("config_not_synchronized", a), ("config_not_synchronized", b), ("config_locked", a),
                            ("config_locked", b)]
    assert found(fires, "warning_findings") == [("commit_pending", a), ("uncommitted_changes", b)]
    locked = next(f for f in fires["blockers"] if f["code"] == "config_locked")
    assert locked["evidence"]["values"] == {a: ["config lock held by bob"], b: ["commit lock held by carol"]}
    pending = next(f for f in fires["warning_findings"] if f["code"] == "commit_pending")
    assert pending["evidence"]["values"][a][0].startswith("Commit ") and pending["evidence"]["values"][b] == []
    # warnings alone never fail the gate
    assert results["gate on what is left"]["_status"] == "ok" and results["gate on what is left"]["ready"] is True


def test_master_key_and_jumbo_evidence(scenario):
    results, names = scenario("jumbo_master_key")
    a, b = names["pair1-a"], names["pair1-b"]
    fires = {f["code"]: f for f in results["fires"]["blockers"]}
    assert fires["jumbo_frame_mismatch"]["evidence"]["values"] == {a: "on", b: "off"}
    assert "mtu is greater than 1500" in fires["jumbo_frame_mismatch"]["message"]
    key = fires["master_key_mismatch"]["evidence"]["values"]
    assert key[a] == {"expire_at": None, "on_hsm": False} and key[b]["expire_at"] and key[b]["on_hsm"] is False
    assert results["alike"]["ready"] is True


def test_unreachable_peer(emulator, play):
    a, b = emu_names(emulator)
    emulator.control.fault(b, "refuse")
    result = play(emulator, [
        preflight("peer refused"),
        preflight("gate", {"fail_on_blockers": True}, ignore_errors=True),
        preflight("first peer refused", {"provider": "{{ peer_provider }}", "peer_provider": "{{ provider }}"},
                  ignore_errors=True),
    ], with_peer=True, expect_rc=0)
    name_b = module_name(emulator, 1)
    refused = result["peer refused"]
    assert found(refused) == [("peer_unreachable", name_b)]
    assert "Cannot connect" in refused["blockers"][0]["evidence"]["values"][name_b]
    assert refused["pair"]["unreachable"] == [name_b] and refused["ready"] is False
    assert refused["checks"]["ha_disabled"]["passed"] is None
    assert refused["checks"]["ha_disabled"]["evaluated_on"] == [module_name(emulator, 0)]
    assert result["gate"]["_status"] == "failed" and "peer_unreachable (%s)" % name_b in result["gate"]["msg"]
    # The provider peer refused: with peer_provider.ip_address the pair is read from the other peer, which
    # reports the provider peer unreachable (issue 10 finding 4: each peer through its own connection).
    first = result["first peer refused"]
    assert first["_status"] == "ok" and first["ready"] is False, first
    assert found(first) == [("peer_unreachable", name_b)]
    assert "Cannot connect" in first["blockers"][0]["evidence"]["values"][name_b]


def test_active_active(emulator_aa, play):
    a, b = emu_names(emulator_aa)
    result = play(emulator_aa, [
        preflight("healthy"),
        config_task(emulator_aa, "jumbo frames on b", b, SETTING, JUMBO),
        preflight("jumbo on one peer"),
    ], expect_rc=0)
    assert result["healthy"]["ready"] is True and result["healthy"]["pair"]["mode"] == "Active-Active"
    assert all(c["passed"] for c in result["healthy"]["checks"].values())
    assert found(result["jumbo on one peer"]) == [("jumbo_frame_mismatch", "pair")]


# ------------------------------------------------------------------------------------------- role, playbook

def test_role_writes_the_report_and_gates(emulator, play, tmp_path):
    a, b = emu_names(emulator)
    reports = tmp_path / "reports"
    role = {"ansible.builtin.include_role": {"name": "hapair.panos.preflight"}}
    result = play(emulator, [
        dict(role, name="report only", vars={"preflight_fail_on_blockers": False, "preflight_report_dir": str(reports)}),
        {"name": "copy the first report", "ansible.builtin.set_fact": {"first_report": "{{ preflight_report }}"}},
        config_task(emulator, "jumbo frames on a", a, SETTING, JUMBO),
        {"name": "gate", "block": [dict(role, name="run the gate", vars={"preflight_report_dir": str(reports)}),
                                   {"name": "gate passed", "ansible.builtin.set_fact": {"gate": "passed"}}],
         "rescue": [{"name": "gate stopped the play", "ansible.builtin.set_fact": {"gate": "failed"}}]},
        {"name": "cannot check", "block": [dict(role, name="run with a bad check name", vars={
            "preflight_report_dir": str(tmp_path / "error"), "preflight_fail_on_blockers": False,
            "preflight_checks": ["no_such_check"]})],
         "rescue": [{"name": "the role failed", "ansible.builtin.set_fact": {"cannot_check": "failed"}}]},
    ], expect_rc=0)
    assert result["copy the first report"]["ansible_facts"]["first_report"]["ready"] is True
    assert result["gate stopped the play"]["ansible_facts"]["gate"] == "failed"
    assert "gate passed" not in result.tasks
    # the file holds the last run: the jumbo-frame blocker, with the evidence and the remedy
    files = sorted(p.name for p in reports.iterdir())
    assert files == ["preflight-localhost.json"]
    report = json.loads((reports / "preflight-localhost.json").read_text())
    assert report["pair"] == "localhost" and report["ready"] is False and report["error"] is None
    assert [(f["code"], f["peer"]) for f in report["blockers"]] == [("jumbo_frame_mismatch", "pair")]
    assert report["checks"]["jumbo_frame_mismatch"]["passed"] is False and report["summary"]["peers"]
    assert oct(reports.stat().st_mode & 0o777) == "0o700"
    # the gate's message names the blocker and what to do
    gate = result["hapair.panos.preflight : Gate on blockers"]
    assert gate["_status"] == "failed" and "jumbo_frame_mismatch (pair): Set Enable Jumbo Frame" in gate["msg"]
    # a pair that cannot be checked at all fails the role even without the gate, and the report says why
    assert result["the role failed"]["ansible_facts"]["cannot_check"] == "failed"
    error = json.loads((tmp_path / "error" / "preflight-localhost.json").read_text())
    assert error["ready"] is False and "unknown check(s) no_such_check" in error["error"]
    assert result["hapair.panos.preflight : Fail when the pair could not be checked"]["_status"] == "failed"
    # the summary of the last run (the error) and of the gate run (the blocker) were printed
    summary = result["hapair.panos.preflight : Summary"]["msg"]
    assert summary[:2] == ["preflight of localhost: NOT READY", "could not check the pair: " + error["error"]]


def test_playbook(emulator, tmp_path):
    """ansible-playbook hapair.panos.preflight against an inventory of pairs (group ha_pairs)."""
    a, b = emu_names(emulator)
    emulator.control.config(b, SETTING, JUMBO)
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(json.dumps({"ha_pairs": {"hosts": {"fw-pair-1": {
        "provider": emulator.provider(0, 0), "ansible_python_interpreter": sys.executable}}}}))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_NOCOLOR="1",
               ANSIBLE_HOME=str(tmp_path / "ansible-home"), ANSIBLE_DEPRECATION_WARNINGS="0")
    cmd = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(inventory), "hapair.panos.preflight"]
    gate_reports = tmp_path / "gate-reports"
    proc = subprocess.run(cmd + ["-e", "preflight_report_dir=%s" % gate_reports], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=120, check=False)
    assert proc.returncode == 2, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "BLOCKER jumbo_frame_mismatch (pair)" in proc.stdout, proc.stdout
    assert emulator.peer(0, 0)["password"] not in proc.stdout + proc.stderr
    report = json.loads((gate_reports / "preflight-fw-pair-1.json").read_text())
    assert [f["code"] for f in report["blockers"]] == ["jumbo_frame_mismatch"]
    # report only: exit 0, and by default the report goes to reports/ in the directory the run starts in
    proc = subprocess.run(cmd + ["-e", "preflight_fail_on_blockers=false"], capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert json.loads((tmp_path / "reports" / "preflight-fw-pair-1.json").read_text())["ready"] is False
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    # a read-only run reports no change, the second time too (issue 10 finding 8: the report's timestamp counted)
    assert "changed=0" in proc.stdout, proc.stdout[-2000:]


# ------------------------------------------------------------------------------- job_info failure reasons

# Detail lines given to failing jobs (fail-next) and the code job_info must give them: the preflight code where
# preflight sees the same cause. Lines in PAN-OS wording where one is known, else in the emulator's.
HA_SYNC_FAILURES = [
    (["HA peer is not reachable", "Commit failed"], "ha1_down"),
    (["Failed to decrypt configuration: the master key does not match", "Commit failed"], "master_key_mismatch"),
    (["Peer PAN-OS software version is incompatible", "Commit failed"], "version_incompatible"),
    (["Multi-vsys capability differs", "Commit failed"], "multi_vsys_mismatch"),
    (["Licenses differ", "Commit failed"], "license_mismatch"),
    (["URL databases are incompatible", "Commit failed"], "url_db_incompatible"),
    (["Configuration is locked by bob", "Commit failed"], "config_locked"),
]
COMMIT_FAILURES = [
    (["Commit is locked by carol"], "config_locked"),
    (["Validation Error:", " address -> web-1 is invalid"], "invalid_config"),
]


def test_job_info_reasons(emulator, play):
    a, b = emu_names(emulator)
    # a real HA-Sync failure: jumbo frames and an MTU 9000 interface on the active peer only
    emulator.control.config(a, SETTING, JUMBO)
    emulator.control.config(a, AE1_518, "<mtu>9000</mtu>")
    active = xapi(emulator, 0)
    active.op(cmd=SYNC_RUNNING)
    wait_jobs_done(emulator, b)
    emulator.control.config(b, SETTING, JUMBO)  # the remedy: the syncs below reach the HA-Sync job
    for details in (failure[0] for failure in HA_SYNC_FAILURES):
        emulator.control.fail_next(b, "HA-Sync", details)
        active.op(cmd=SYNC_RUNNING)
        wait_jobs_done(emulator, b)
    for index, details in enumerate(failure[0] for failure in COMMIT_FAILURES):
        emulator.control.fail_next(a, "Commit", details)
        active.set(xpath=PENDING[0], element="<entry name='web-%d'><fqdn>web.example.com</fqdn></entry>" % index)
        active.commit(cmd="<commit></commit>")
        wait_jobs_done(emulator, a)
    result = play(emulator, [task("jobs", "job_info", {"limit": 0})], expect_rc=0)
    jobs = result["jobs"]["jobs"]
    syncs = sorted((j for j in jobs if j["type"] == "HA-Sync"), key=lambda j: j["id"])
    commits = sorted((j for j in jobs if j["type"] == "Commit" and j["result"] == "FAIL"), key=lambda j: j["id"])
    expected_syncs = [("device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500",
                       "jumbo_frame_mismatch")] + [(d[0], r) for d, r in HA_SYNC_FAILURES]
    assert [(j["details"][0], j["reason"]) for j in syncs] == expected_syncs
    assert [j["reason"] for j in commits] == [reason for details, reason in COMMIT_FAILURES]
    assert all(j["device"] == module_name(emulator, 1) for j in syncs)
    sys.path.insert(0, str(Path(COLLECTIONS_PATH)))
    from ansible_collections.hapair.panos.plugins.module_utils import catalog

    for job in syncs:
        if job["reason"] in ("ha1_down", "multi_vsys_mismatch", "license_mismatch", "url_db_incompatible"):
            assert job["remedy"] == catalog.get_blocker(job["reason"])["remediation"]


def test_peer_settings_in_the_same_run(emulator, play):
    """peer_settings=true (the health check's one module run): the drift report of peer_settings_info, from the
    readings the checks made, each device logged in to once and no command sent twice; the preflight's own result
    is the same as without it."""
    a, b = emu_names(emulator)
    emulator.control.config(b, SETTING, JUMBO)  # jumbo frames on one peer: a must-match setting that differs
    wait_jobs_done(emulator, b)

    def run(name, module, args=None):
        for peer in (a, b):
            emulator.control.clear_requests(peer)
        result = play(emulator, [task(name, module, args)], expect_rc=0)[name]
        return result, {peer: emulator.control.requests(peer) for peer in (a, b)}

    alone, alone_requests = run("preflight", PREFLIGHT)
    info, info_requests = run("peer_settings_info", "hapair.panos.peer_settings_info")
    together, together_requests = run("both", PREFLIGHT, {"peer_settings": True})
    assert "peer_settings" not in alone
    settings = together["peer_settings"]
    assert settings["drift"] == info["drift"] and settings["drift"]["ok"] is False
    assert [d["item"] for d in settings["drift"]["must_match"]] == ["jumbo_frames"]
    assert (settings["mode"], settings["conditions"], settings["items"]) == (info["mode"], info["conditions"], info["items"])
    assert {name: peer["hostname"] for name, peer in settings["peers"].items()} == {
        name: peer["hostname"] for name, peer in info["peers"].items()}
    assert together["blockers"] == alone["blockers"] and together["checks"] == alone["checks"]
    for peer in (a, b):
        counts = together_requests[peer]["counts"]
        assert counts["keygen "] == 1 and together_requests[peer]["state_changing"] == 0, counts
        # what the two runs apart send, each once (the emulator: 16 requests instead of 12 + 10): not a second keygen,
        # HA state, system info, licences, master-key properties or jumbo-frame setting
        assert set(counts) == set(alone_requests[peer]["counts"]) | set(info_requests[peer]["counts"])
        assert set(counts.values()) == {1}, counts
        assert together_requests[peer]["total"] < alone_requests[peer]["total"] + info_requests[peer]["total"]
