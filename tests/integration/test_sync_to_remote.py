"""hapair.panos.sync_to_remote against the emulator: every target's effect on the peer, skip/force, check mode,
the refusals (passive source, queued commit, split brain) and HA-Sync jobs that fail on the receiving peer."""

from datetime import datetime

import pytest
from conftest import (
    ADDRESSES,
    AE1_518,
    DEV,
    add_address,
    clear_requests,
    emu_names,
    module_name,
    state_changing_requests,
    synced_digests,
    task,
    wait_jobs_done,
    xapi,
)

JUMBO_LINE = "device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500"


def sync(name, args=None, **options):
    return task(name, "sync_to_remote", args, **options)


def assert_refused(result, reason):
    assert result["_status"] == "failed", result
    assert result["reason"] == reason, result
    assert result["remedy"], result
    assert result["msg"], result


# ---------------------------------------------------------------- running-config


def test_running_config_check_apply_idempotence_force(emulator, play):
    a, b = emu_names(emulator)
    add_address(emulator, a, "only-on-active")
    before = synced_digests(emulator)
    assert before[a] != before[b]
    clear_requests(emulator)

    check = play(emulator, [sync("sync")], check=True, expect_rc=0)["sync"]
    assert check["_status"] == "ok" and check["changed"] is True and check["job"] is None
    assert check["before"]["running_sync"] == {module_name(emulator, 0): "not synchronized",
                                               module_name(emulator, 1): "not synchronized"}
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    assert synced_digests(emulator) == before, "check mode changed a peer"

    result = play(emulator, [
        sync("sync", register="first"),
        sync("idempotence in check mode", check_mode=True, register="idem_check"),
        sync("idempotence", register="idem"),
        sync("force", {"force": True}),
        sync("force with changed_when", {"force": True}, changed_when=False),
        {"name": "registered results", "ansible.builtin.assert": {"that": [
            "first is changed", "first is not skipped", "first.job.result == 'OK'",
            "idem_check is skipped", "idem_check.skipped", "idem_check is not changed",
            "idem is skipped", "idem.skipped", "idem is not changed", "idem.job is none"]}},
    ], expect_rc=0)
    result.assert_no_secrets()
    first = result["sync"]
    assert first["_status"] == "ok" and first["changed"] is True
    assert first["source"] == module_name(emulator, 0) and first["receiver"] == module_name(emulator, 1)
    assert first["source_state"] == "active" and first["receiver_state"] == "passive"
    assert first["job"]["type"] == "HA-Sync" and first["job"]["result"] == "OK"
    assert set(first["after"]["running_sync"].values()) == {"synchronized"}
    for name in ("idempotence in check mode", "idempotence"):
        assert result[name]["_status"] == "skipped" and result[name]["changed"] is False, result[name]
        assert result[name]["job"] is None and "already synchronized" in result[name]["message"]
    forced = result["force"]
    assert forced["_status"] == "ok" and forced["changed"] is True
    assert forced["job"]["type"] == "HA-Sync" and forced["job"]["id"] > first["job"]["id"]
    # changed_when works on this module (a 'skipped' key in every result used to disable it)
    assert result["force with changed_when"]["changed"] is False
    assert result["force with changed_when"]["job"]["result"] == "OK"
    assert result["registered results"]["_status"] == "ok"

    # The passive peer now runs the active peer's synced configuration; it ran the three HA-Sync jobs (sync, the forced ones).
    after = synced_digests(emulator)
    assert after[a] == after[b] == before[a]
    sync_jobs = [job for job in emulator.control.device(b)["jobs"] if job["type"] == "HA-Sync"]
    assert [job["result"] for job in sync_jobs] == ["OK", "OK", "OK"]
    assert [job["id"] for job in sync_jobs[:2]] == [first["job"]["id"], forced["job"]["id"]]
    assert not [job for job in emulator.control.device(a)["jobs"] if job["type"] == "HA-Sync"]


def test_already_synchronized_is_skipped_without_a_request(emulator, play):
    a, b = emu_names(emulator)
    result = play(emulator, [sync("sync")], expect_rc=0)["sync"]
    assert result["_status"] == "skipped" and result["changed"] is False and result["job"] is None
    assert "already synchronized" in result["message"]
    assert state_changing_requests(emulator) == {a: 0, b: 0}


# ---------------------------------------------------------------- the other targets


def test_every_other_target_check_mode_then_effect_on_peer(emulator, play):
    a, b = emu_names(emulator)
    control = emulator.control
    # Runtime state created while HA1 and HA2 are down stays on the active peer.
    control.links("pair1", ha1="down", ha1_backup="down", ha2="down")
    control.user_mapping(a, "10.1.1.1", "corp\\alice")
    control.session(a, src="10.1.1.1", dst="10.2.2.2", dport="443", app="ssl")
    control.links("pair1", ha1="up", ha1_backup="up", ha2="up")
    control.id_manager(a, "tag-blue", 4242)
    control.disk_state(a, "response-pages/url-block-page.html", "<html>custom block page</html>")
    # The passive peer's clock is years off; the active peer has an uncommitted (candidate) change.
    xapi(emulator, 1).op(cmd="<set><clock><date>2020/01/02</date><time>03:04:05</time></clock></set>")
    xapi(emulator, 0).set(xpath=DEV + "/vsys/entry[@name='vsys1']/address",
                          element="<entry name='candidate-only'><ip-netmask>10.9.9.9/32</ip-netmask></entry>")
    start = {name: control.device(name) for name in (a, b)}
    runtime = {name: start[name]["runtime"] for name in (a, b)}
    assert runtime[b]["user_ip_mappings"] == 0 and runtime[b]["sessions"] == 0 and runtime[a]["sessions"] == 1
    for key in ("disk_state_digest", "id_manager_digest", "ha_ssh_key_fingerprint"):
        assert runtime[a][key] != runtime[b][key], key
    assert start[b]["clock"].startswith("2020-01-02")
    assert start[a]["candidate_digest"] != start[a]["running_digest"]
    clear_requests(emulator)

    targets = ("clock", "ssh-key", "id-manager", "disk-state", "runtime-state", "candidate-config")
    check = play(emulator, [sync(t, {"target": t}) for t in targets], check=True, expect_rc=0)
    for target in targets:
        assert check[target]["_status"] == "ok" and check[target]["changed"] is True, check[target]
        assert check[target]["message"].startswith("check mode: would run"), check[target]
    assert check["clock"]["before"]["skew_seconds"] > 10 ** 7
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    now = {name: control.device(name) for name in (a, b)}
    assert now[b]["runtime"] == runtime[b] and now[b]["candidate_digest"] == start[b]["candidate_digest"]
    assert now[b]["clock"].startswith("2020-01-02")

    result = play(emulator, [sync(t, {"target": t}) for t in targets] + [sync("clock again", {"target": "clock"})],
                  expect_rc=0)
    result.assert_no_secrets()
    for target in targets:
        assert result[target]["changed"] is True and result[target]["receiver"] == module_name(emulator, 1)
    end = {name: control.device(name) for name in (a, b)}
    # clock: the receiver's clock was set from the source, verified by the module and seen on the device
    assert result["clock"]["after"]["skew_seconds"] <= 2
    skew = abs((datetime.fromisoformat(end[a]["clock"]) - datetime.fromisoformat(end[b]["clock"])).total_seconds())
    assert skew <= 2, (end[a]["clock"], end[b]["clock"])
    clock_again = result["clock again"]
    assert clock_again["_status"] == "skipped" and clock_again["changed"] is False
    # ssh-key, id-manager, disk-state: the receiver now holds the source's copy
    assert end[b]["runtime"]["ha_ssh_key_fingerprint"] == runtime[a]["ha_ssh_key_fingerprint"]
    assert end[b]["runtime"]["id_manager_digest"] == runtime[a]["id_manager_digest"]
    assert end[b]["runtime"]["disk_state_digest"] == runtime[a]["disk_state_digest"]
    # runtime-state: user-ID mappings (HA1) and sessions (HA2), sent as the command seed 001 documents
    assert end[b]["runtime"]["user_ip_mappings"] == 1 and end[b]["runtime"]["sessions"] == 1
    sent = [e["command"] for e in control.requests(a)["entries"] if e["command"].startswith("request high-avail")]
    assert "request high-availability runtime-state" in sent
    assert "request high-availability sync-to-remote runtime-state" not in sent
    assert check["runtime-state"]["message"].startswith("check mode: would run request high-availability runtime-state")
    # candidate-config: an HA-Sync job copied the candidate, nothing was committed on the receiver
    job = result["candidate-config"]["job"]
    assert job["type"] == "HA-Sync" and job["result"] == "OK"
    assert end[b]["running_digest"] == start[b]["running_digest"]
    assert end[b]["candidate_digest"] != start[b]["candidate_digest"]
    receiver = xapi(emulator, 1)
    receiver.get(xpath=DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='candidate-only']")
    assert "10.9.9.9/32" in receiver.xml_result()
    # The source kept its own state.
    assert end[a]["runtime"] == runtime[a] and end[a]["candidate_digest"] == start[a]["candidate_digest"]


# ---------------------------------------------------------------- refusals


def test_push_from_passive_refused_then_allowed(emulator, play):
    a, b = emu_names(emulator)
    add_address(emulator, b, "only-on-passive")
    before = synced_digests(emulator)
    clear_requests(emulator)

    refused = play(emulator, [sync("from passive", {"source": "passive"})], expect_rc=2)
    refused.assert_no_secrets()
    assert_refused(refused["from passive"], "push_from_passive")
    assert "allow_from_passive" in refused["from passive"]["remedy"]
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    assert synced_digests(emulator) == before

    allowed = play(emulator, [sync("from passive", {"source": "passive", "allow_from_passive": True})], expect_rc=0)
    result = allowed["from passive"]
    assert result["changed"] is True
    assert result["source"] == module_name(emulator, 1) and result["source_state"] == "passive"
    assert result["receiver"] == module_name(emulator, 0) and result["receiver_state"] == "active"
    assert result["job"]["type"] == "HA-Sync" and result["job"]["result"] == "OK"
    # The active peer received the passive peer's configuration; the HA-Sync job ran on the active peer.
    assert synced_digests(emulator) == {a: before[b], b: before[b]}
    assert [job["type"] for job in emulator.control.device(a)["jobs"]] == ["HA-Sync"]


def test_refused_while_a_commit_is_queued(emulator, play):
    a, b = emu_names(emulator)
    add_address(emulator, a, "only-on-active")
    before = synced_digests(emulator)
    busy = emulator.control.commit_job(a, seconds=60)["job"]
    clear_requests(emulator)

    result = play(emulator, [sync("running", ignore_errors=True),
                             sync("candidate", {"target": "candidate-config"}, ignore_errors=True)])
    for name in ("running", "candidate"):
        assert_refused(result[name], "commit_queued")
        assert result[name]["device"] == module_name(emulator, 0)
        assert "Commit %d" % busy in result[name]["msg"], result[name]["msg"]
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    assert synced_digests(emulator) == before
    assert emulator.control.device(b)["jobs"] == []


def test_waits_for_the_automatic_sync_of_a_commit_then_syncs(emulator, play):
    """A commit on the active with config sync enabled starts an HA-Sync job on the passive; while it runs PAN-OS
    answers "Another sync is in progress". The module waits for it (reported in waited_for), then sends its own."""
    a, b = emu_names(emulator)
    emulator.control.timings(b, ha_sync=6)
    active = xapi(emulator, 0)
    active.set(xpath=ADDRESSES + "/entry[@name='auto-synced']", element="<ip-netmask>192.0.2.7/32</ip-netmask>")
    active.commit(cmd="<commit></commit>", sync=True, interval=0.1)
    automatic = [job for job in emulator.control.device(b)["jobs"] if job["type"] == "HA-Sync"]
    assert len(automatic) == 1 and automatic[0]["status"] != "FIN", automatic
    clear_requests(emulator)

    result = play(emulator, [sync("sync", {"force": True})], expect_rc=0)["sync"]
    assert result["changed"] is True and result["job"]["result"] == "OK"
    assert [(job["device"], job["id"], job["result"]) for job in result["waited_for"]] == [
        (module_name(emulator, 1), automatic[0]["id"], "OK")]
    assert result["job"]["id"] > automatic[0]["id"]
    # one request, sent after the automatic sync ended: never refused
    log = emulator.control.requests(a)["entries"]
    sent = [entry for entry in log if "sync-to-remote" in entry["command"]]
    assert len(sent) == 1 and sent[0]["status"] == "success", sent
    ended = next(job for job in emulator.control.device(b)["jobs"] if job["id"] == automatic[0]["id"])
    assert sent[0]["t"] >= ended["finished"]
    assert set(result["after"]["running_sync"].values()) == {"synchronized"}


def test_ha1_down_refused(emulator, play):
    """Both HA1 links down: each peer goes active. With both peers given the module sees the split brain and
    refuses; with discovery it cannot find the peer (no mgmt-ip while HA1 is down) and refuses, saying how."""
    a, b = emu_names(emulator)
    add_address(emulator, a, "only-on-active")
    emulator.control.links("pair1", ha1="down", ha1_backup="down")
    assert {emulator.control.device(n)["ha"]["state"] for n in (a, b)} == {"active"}
    before = synced_digests(emulator)
    clear_requests(emulator)

    result = play(emulator, [
        sync("both peers given", {"force": True, "peer_provider": {"ip_address": emulator.peer(0, 1)["host"]}},
             ignore_errors=True),
        sync("discovery", {"force": True}, ignore_errors=True),
    ], expect_rc=0)
    assert_refused(result["both peers given"], "split_brain")
    assert "HA1" in result["both peers given"]["remedy"]
    assert_refused(result["discovery"], "peer_unknown")
    assert "peer_provider" in result["discovery"]["remedy"]
    # from the one peer it can read, it says what that peer reports: split brain or a peer down (issue 10, 16)
    assert "every HA1 link down and itself active" in result["discovery"]["msg"], result["discovery"]["msg"]
    assert "split brain" in result["discovery"]["msg"]
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    assert synced_digests(emulator) == before


# ---------------------------------------------------------------- HA-Sync jobs failing on the receiver


def test_jumbo_frame_mismatch_fails_the_ha_sync_job(emulator, play):
    a, b = emu_names(emulator)
    # Jumbo frames are a per-peer setting (not synced): enabled on the active peer only, with an MTU that needs them.
    emulator.control.config(a, DEV + "/deviceconfig/setting", "<jumbo-frame><mtu>9192</mtu></jumbo-frame>")
    emulator.control.config(a, AE1_518, "<mtu>9000</mtu>")
    assert emulator.control.device(a)["jumbo_frames"] and not emulator.control.device(b)["jumbo_frames"]
    before = synced_digests(emulator)

    result = play(emulator, [
        sync("sync", ignore_errors=True),
        task("receiver jobs", "job_info", {"peers": "passive", "types": ["HA-Sync"], "limit": 1}),
    ], expect_rc=0)
    result.assert_no_secrets()
    failed = result["sync"]
    assert failed["_status"] == "failed" and failed["error"] == "job_failed"
    assert failed["reason"] == "jumbo_frame_mismatch"
    assert failed["device"] == module_name(emulator, 1)
    assert JUMBO_LINE in failed["details"]
    assert JUMBO_LINE in failed["msg"]
    assert "jumbo frames" in failed["remedy"].lower()
    assert failed["job"]["type"] == "HA-Sync" and failed["job"]["result"] == "FAIL"
    jobs = result["receiver jobs"]["jobs"]
    assert len(jobs) == 1
    assert jobs[0]["id"] == failed["job"]["id"] and jobs[0]["device"] == module_name(emulator, 1)
    assert jobs[0]["reason"] == "jumbo_frame_mismatch" and JUMBO_LINE in jobs[0]["details"]
    assert result["receiver jobs"]["failed_count"] == 1
    # The receiver kept its configuration.
    assert synced_digests(emulator) == before

    # The remedy works: jumbo frames on the receiver too, then the sync succeeds.
    emulator.control.config(b, DEV + "/deviceconfig/setting", "<jumbo-frame><mtu>9192</mtu></jumbo-frame>")
    fixed = play(emulator, [sync("sync")], expect_rc=0)["sync"]
    assert fixed["changed"] is True and fixed["job"]["result"] == "OK"
    assert len(set(synced_digests(emulator).values())) == 1


def test_master_key_mismatch_fails_the_ha_sync_job(emulator, play):
    a, b = emu_names(emulator)
    active = xapi(emulator, 0)
    active.op(cmd="<request><master-key><new-master-key>Zq8vK2mN4pR7tW1x</new-master-key>"
                  "<lifetime>8760</lifetime></master-key></request>")
    assert [job["result"] for job in wait_jobs_done(emulator, a)] == ["OK"]
    assert emulator.control.device(a)["master_key_fingerprint"] != emulator.control.device(b)["master_key_fingerprint"]

    result = play(emulator, [sync("sync")], expect_rc=2)["sync"]
    assert result["error"] == "job_failed" and result["reason"] == "master_key_mismatch"
    assert result["device"] == module_name(emulator, 1)
    assert any("master key" in line for line in result["details"]), result["details"]
    assert "master key" in result["remedy"]


# ---------------------------------------------------------------- active/active


def test_active_active_syncs_from_active_primary(emulator_aa, play):
    emu = emulator_aa
    a, b = emu_names(emu)
    states = {name: emu.control.device(name)["ha"]["state"] for name in (a, b)}
    assert states == {a: "active-primary", b: "active-secondary"}
    add_address(emu, a, "only-on-primary")
    before = synced_digests(emu)
    assert before[a] != before[b]

    result = play(emu, [sync("sync"), sync("again")], expect_rc=0)
    first = result["sync"]
    assert first["changed"] is True
    assert first["source_state"] == "active-primary" and first["receiver_state"] == "active-secondary"
    assert first["job"]["result"] == "OK"
    assert result["again"]["_status"] == "skipped" and result["again"]["changed"] is False
    assert synced_digests(emu) == {a: before[a], b: before[a]}


def _config_sync_disabled(emu, name):
    emu.control.config(name, DEV + "/deviceconfig/high-availability/group/configuration-synchronization",
                       "<enabled>no</enabled>")


def _licenses_differ(emu, name):
    emu.control.system(name, licenses=[["PA-VM", "Standard VM-300", "Never"]])


@pytest.mark.parametrize("blocker, text, reason", [
    (_config_sync_disabled, "Configuration synchronization is disabled", "config_sync_disabled"),
    (_licenses_differ, "Licenses differ", "license_mismatch"),
], ids=["config-sync-disabled", "licenses-differ"])
def test_device_refusal_is_reported(emulator, play, blocker, text, reason):
    """A documented blocker on the receiver: the device refuses the request. The module fails with the device's
    text, the blocker's code (the one preflight uses) and a remedy that does not send the user to the active peer
    it already used."""
    a, b = emu_names(emulator)
    add_address(emulator, a, "only-on-active")
    blocker(emulator, b)
    result = play(emulator, [sync("sync")], expect_rc=2)["sync"]
    assert result["_status"] == "failed" and result["device"] == module_name(emulator, 0)
    assert text in result["msg"], result
    assert result["reason"] == reason
    assert result["remedy"] and "active peer" not in result["remedy"]
    assert not emulator.control.device(b)["jobs"]


def test_the_sync_role_says_split_brain_or_cannot_tell_with_only_provider(emulator, play):
    """Issue 10 finding 16: the role's gate passed with one readable peer, then sync_to_remote failed "peer
    management address is unknown"."""
    a, b = emu_names(emulator)
    emulator.control.links("pair1", ha1="down", ha1_backup="down")
    clear_requests(emulator)
    result = play(emulator, [{"name": "sync role", "ansible.builtin.include_role": {"name": "hapair.panos.sync"},
                              "vars": {"sync_force": True}}], expect_rc=2, stdout_callback="default")
    assert "Both peers must be readable and one active, nothing sent" in result.stdout, result.stdout[-3000:]
    assert "split brain" in result.stdout and "every HA1 link down" in result.stdout
    assert state_changing_requests(emulator) == {a: 0, b: 0}


def test_the_sync_role_in_check_mode_on_a_drifted_pair_predicts_and_does_not_fail(emulator, play):
    """Issue 10 finding 5: --check printed "sent from ..." and then failed "is not synchronized"."""
    a, b = emu_names(emulator)
    add_address(emulator, a, "only-on-active")
    clear_requests(emulator)
    result = play(emulator, [{"name": "sync role", "ansible.builtin.include_role": {"name": "hapair.panos.sync"}}],
                  check=True, expect_rc=0, stdout_callback="default")
    assert "running-config: check mode, would send from" in result.stdout, result.stdout[-3000:]
    assert "sent from" not in result.stdout.replace("would send from", "")
    assert "failed=0" in result.stdout
    assert state_changing_requests(emulator) == {a: 0, b: 0}


def test_ha1_down_as_the_job_ends_is_named_not_unknown_unknown(emulator, play):
    """Issue 10 finding 7: both HA1 links go down while the HA-Sync job runs. The result names the cause from the
    HA state read after the job (HA1 down), not "not synchronized: {unknown, unknown}"."""
    import threading
    import time as _time
    a, b = emu_names(emulator)
    add_address(emulator, a, "only-on-active")
    emulator.control.timings(b, ha_sync=2)
    pair_name = emulator.pair(0)["name"]

    def cut_ha1():
        deadline = _time.monotonic() + 30
        while _time.monotonic() < deadline:
            if any(j["type"] == "HA-Sync" and j["status"] != "FIN" for j in emulator.control.device(b)["jobs"]):
                emulator.control.links(pair_name, ha1="down", ha1_backup="down")
                return
            _time.sleep(0.05)
    watcher = threading.Thread(target=cut_ha1, daemon=True)
    watcher.start()
    result = play(emulator, [sync("sync", ignore_errors=True)], with_peer=True, expect_rc=0)
    watcher.join(5)
    failed = result["sync"]
    assert failed["_status"] == "failed", failed
    assert failed["reason"] in ("ha1_down", "split_brain"), failed
    assert "unknown, unknown" not in failed["msg"], failed
    # Either the job itself failed for the peer (the HA1 down reason classified) or it finished and the state read
    # afterwards shows the links down; both name HA1.
    assert any(text in failed["msg"] for text in ("HA1 link is down", "HA peer is not reachable", "split brain")), failed
    assert failed["changed"] is True and failed["sent"], failed


def test_the_sync_role_summary_names_peers_by_hostname_and_active_active_roles(emulator_aa, play):
    """Issue 10 finding 18: the summary of an active/active pair says active-primary / active-secondary, names each
    peer by host name and address, and says which peer each running-sync state belongs to."""
    a, b = emu_names(emulator_aa)
    add_address(emulator_aa, a, "only-on-primary")
    result = play(emulator_aa, [{"name": "sync role", "ansible.builtin.include_role": {"name": "hapair.panos.sync"}}],
                  with_peer=True, expect_rc=0, stdout_callback="default")
    labels = ["%s (%s)" % (emulator_aa.peer(0, i)["hostname"], module_name(emulator_aa, i)) for i in (0, 1)]
    assert "active-primary: %s" % labels[0] in result.stdout, result.stdout[-3000:]
    assert "active-secondary: %s" % labels[1] in result.stdout
    assert "passive:" not in result.stdout
    assert "running-sync now: %s: synchronized, %s: synchronized" % tuple(labels) in result.stdout
