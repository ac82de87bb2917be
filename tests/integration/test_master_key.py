"""hapair.panos.master_key against the emulator: the config-sync refusal, input validation before any request,
check mode, a real change on one peer (new key there only, new API session), a full rotation proven by an HA sync,
a wrong current key, re-run recognition (already_rotated_ok), a failing MasterKey job, and no secret in any output."""

import pytest
from conftest import (
    HA_GROUP,
    clear_requests,
    emu_names,
    module_name,
    request_totals,
    state_changing_requests,
    task,
    wait_jobs_done,
    xapi,
)
from panos_emulator.masterkey import DEFAULT_KEY, fingerprint

OLD_KEY = "Old-Key-0123456!"
NEW_KEY = "New-Key-abcdefg#"
OTHER_KEY = "Other-Key-98765$"
WRONG_KEY = "Wrong-Key-00000%"
for _key in (OLD_KEY, NEW_KEY, OTHER_KEY, WRONG_KEY):
    assert len(_key) == 16


def master_key(name, args=None, **options):
    args = dict(args or {})
    args.setdefault("lifetime", 8760)
    return task(name, "master_key", args, **options)


def fingerprints(emu):
    return {name: emu.control.device(name)["master_key_fingerprint"] for name in emu_names(emu)}


def disable_config_sync(emu):
    """Test setup through the control API (commit as admin 'emulator' on each peer)."""
    for name in emu_names(emu):
        emu.control.config(name, HA_GROUP + "/configuration-synchronization", "<enabled>no</enabled>")


def set_key(emu, index, new_key, current=None, lifetime=100):
    """Test setup: change a peer's key with a raw XML API request (not with the module under test)."""
    spec = "<new-master-key>%s</new-master-key>" % new_key
    if current:
        spec += "<current-master-key>%s</current-master-key>" % current
    xapi(emu, index).op(cmd="<request><master-key>%s<lifetime>%d</lifetime></master-key></request>" % (spec, lifetime))
    wait_jobs_done(emu, emu_names(emu)[index])
    assert emu.control.device(emu_names(emu)[index])["master_key_fingerprint"] == fingerprint(new_key)


def api_key(emu, index):
    return xapi(emu, index).keygen()


def assert_failed(result, error, reason=None):
    assert result["_status"] == "failed", result
    assert result["error"] == error, result
    if reason is not None:
        assert result["reason"] == reason, result
    assert result["msg"] and result["remedy"], result


# ---------------------------------------------------------------- refusals and validation: nothing is sent


def test_refused_while_config_sync_enabled(emulator, play):
    a, b = emu_names(emulator)
    before = fingerprints(emulator)
    result = play(emulator, [
        master_key("change", {"new_master_key": NEW_KEY}, ignore_errors=True),
        master_key("check mode", {"new_master_key": NEW_KEY}, ignore_errors=True, check_mode=True),
    ], expect_rc=0, secrets=[NEW_KEY])
    result.assert_no_secrets()
    for name in ("change", "check mode"):
        assert_failed(result[name], "refused", "config_sync_enabled")
        assert "hapair.panos.sync_settings" in result[name]["remedy"] and "config_sync=false" in result[name]["remedy"]
        assert module_name(emulator, 0) in result[name]["msg"] and module_name(emulator, 1) in result[name]["msg"]
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    assert fingerprints(emulator) == before


INVALID = [
    ("new key of 15 characters", {"new_master_key": NEW_KEY[:15]}, "new_master_key", "exactly 16 characters, got 15"),
    ("new key of 17 characters", {"new_master_key": NEW_KEY + "x"}, "new_master_key", "exactly 16 characters, got 17"),
    ("new key with a space", {"new_master_key": "New Key abcdefg#"}, "new_master_key", "not allowed at position 4"),
    ("new key is the factory default", {"new_master_key": DEFAULT_KEY}, "new_master_key", "factory default"),
    ("current key of 15 characters", {"new_master_key": NEW_KEY, "current_master_key": OLD_KEY[:15]},
     "current_master_key", "exactly 16 characters, got 15"),
    ("new key same as current", {"new_master_key": NEW_KEY, "current_master_key": NEW_KEY}, "new_master_key",
     "same as current_master_key"),
    ("lifetime 0", {"new_master_key": NEW_KEY, "lifetime": 0}, "lifetime", "1..17520 hours"),
    ("lifetime 17521", {"new_master_key": NEW_KEY, "lifetime": 17521}, "lifetime", "got 17521"),
    ("reminder equal to lifetime", {"new_master_key": NEW_KEY, "lifetime": 100, "reminder": 100}, "reminder",
     "shorter than lifetime=100"),
    ("reminder longer than lifetime", {"new_master_key": NEW_KEY, "lifetime": 100, "reminder": 101}, "reminder",
     "1..99 hours"),
    ("reminder 0", {"new_master_key": NEW_KEY, "lifetime": 100, "reminder": 0}, "reminder", "got 0"),
    ("both peers, one bad option", {"new_master_key": NEW_KEY, "peer": "both", "lifetime": 0}, "lifetime",
     "1..17520 hours"),
]


def test_invalid_input_rejected_before_any_request(emulator, play):
    disable_config_sync(emulator)
    clear_requests(emulator)
    before = fingerprints(emulator)
    tasks = [master_key(case[0], case[1], ignore_errors=True) for case in INVALID]
    result = play(emulator, tasks, expect_rc=0, secrets=[NEW_KEY, OLD_KEY])
    result.assert_no_secrets()
    for name, _args, option, text in INVALID:
        got = result[name]
        assert_failed(got, "invalid_input")
        assert got["option"] == option, (name, got)
        assert text in got["msg"], (name, got["msg"])
    assert request_totals(emulator) == {name: 0 for name in emu_names(emulator)}
    assert fingerprints(emulator) == before


def test_api_key_only_is_rejected_before_any_request(emulator, play):
    disable_config_sync(emulator)
    key = api_key(emulator, 0)
    clear_requests(emulator)
    result = play(emulator, [master_key("change", {"new_master_key": NEW_KEY}, ignore_errors=True)],
                  provider_extra={"password": None, "api_key": key}, expect_rc=0, secrets=[key])
    result.assert_no_secrets()
    assert_failed(result["change"], "invalid_input")
    assert result["change"]["option"] == "provider.password"
    assert request_totals(emulator) == {name: 0 for name in emu_names(emulator)}


def test_current_key_required_once_the_key_was_changed(emulator, play):
    disable_config_sync(emulator)
    set_key(emulator, 0, OLD_KEY)
    clear_requests(emulator)
    a, b = emu_names(emulator)
    result = play(emulator, [master_key("change", {"new_master_key": NEW_KEY}, ignore_errors=True)],
                  expect_rc=0)["change"]
    assert_failed(result, "invalid_input")
    assert result["option"] == "current_master_key"
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    assert emulator.control.device(a)["master_key_fingerprint"] == fingerprint(OLD_KEY)


def test_check_mode_sends_nothing(emulator, play):
    disable_config_sync(emulator)
    a, b = emu_names(emulator)
    clear_requests(emulator)
    before = fingerprints(emulator)
    result = play(emulator, [master_key("change", {"new_master_key": NEW_KEY, "reminder": 720})],
                  check=True, expect_rc=0)["change"]
    assert result["changed"] is True and result["job"] is None and result["rekeyed"] is False
    assert result["already_had_new_key"] is False
    assert result["peer"] == module_name(emulator, 0)
    assert result["properties"]["default_key"] is True and result["properties"] == result["before"]
    assert result["config_sync"] == {module_name(emulator, 0): False, module_name(emulator, 1): False}
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    assert fingerprints(emulator) == before


# ---------------------------------------------------------------- real changes


def test_change_on_one_peer_then_session_and_pair_state(emulator, play):
    a, b = emu_names(emulator)
    before = fingerprints(emulator)
    assert before[a] == before[b] == fingerprint(DEFAULT_KEY)
    old_api_key = api_key(emulator, 0)
    result = play(emulator, [
        task("disable config sync", "sync_settings", {"config_sync": False}),
        master_key("change", {"new_master_key": NEW_KEY, "lifetime": 4380, "reminder": 240}),
        task("info", "master_key_info"),
    ], expect_rc=0, secrets=[NEW_KEY, old_api_key])
    result.assert_no_secrets()

    changed = result["change"]
    assert changed["changed"] is True and changed["peer"] == module_name(emulator, 0)
    assert changed["rekeyed"] is True and changed["already_had_new_key"] is False
    # PAN-OS changes the key at once and commits it as a job named in its reply (REAL): that Commit is the job
    assert changed["job"]["type"] == "Commit" and changed["job"]["result"] == "OK"
    assert changed["job"]["reason"] is None
    assert "committed via jobid %s" % changed["job"]["id"] in changed["message"]
    props = changed["properties"]
    assert props["expire_at"] and props["remind_at"] and props["default_key"] is False
    assert 4380 * 3600 - 300 <= props["seconds_to_expiry"] <= 4380 * 3600
    assert 4140 * 3600 - 300 <= props["seconds_to_reminder"] <= 4140 * 3600
    assert changed["before"]["default_key"] is True
    assert not changed.get("warnings"), changed.get("warnings")

    # The emulator: a new key on that peer only, with the requested lifetime; the old API key is dead.
    after = fingerprints(emulator)
    assert after[a] == fingerprint(NEW_KEY) and after[b] == before[b]
    assert emulator.control.device(a)["master_key_lifetime_hours"] == 4380
    assert emulator.control.device(a)["master_key_reminder_hours"] == 240
    assert api_key(emulator, 0) != old_api_key
    # The change invalidates API keys at once: the module's next request after the change is a keygen, so the old
    # key is never refused.
    log = emulator.control.requests(a)["entries"]
    change_at = [i for i, entry in enumerate(log) if entry["command"].startswith("request master-key")]
    assert change_at and log[change_at[0] + 1]["type"] == "keygen", log[change_at[0]:change_at[0] + 3]
    assert not [entry for entry in log if entry["http_status"] == 403]

    info = result["info"]
    assert info["_status"] == "ok" and info["pair"]["agree"] is False


def test_full_rotation_on_both_peers_is_proven_by_ha_sync(emulator, play):
    a, b = emu_names(emulator)
    result = play(emulator, [
        task("disable config sync", "sync_settings", {"config_sync": False}),
        master_key("first peer", {"new_master_key": NEW_KEY, "peer": "active", "reminder": 100}),
        master_key("second peer", {"new_master_key": NEW_KEY, "peer": "passive", "reminder": 100}),
        task("info", "master_key_info"),
        task("enable config sync", "sync_settings", {"config_sync": True}),
        task("sync", "sync_to_remote", {"force": True}),
    ], expect_rc=0, secrets=[NEW_KEY])
    result.assert_no_secrets()
    assert result["first peer"]["peer"] == module_name(emulator, 0)
    assert result["second peer"]["peer"] == module_name(emulator, 1)
    assert fingerprints(emulator) == {a: fingerprint(NEW_KEY), b: fingerprint(NEW_KEY)}
    assert result["info"]["pair"]["agree"] is True, result["info"]["pair"]
    assert result["sync"]["job"]["result"] == "OK"


def key_jobs(emu, name):
    return [job for job in emu.control.device(name)["jobs"] if job.get("tag") == "MasterKey"]


def test_peer_both_changes_both_keys_at_once(emulator, play):
    """peer=both: one task, both keys changed, the two key-change jobs ran at the same time (the rotation's critical
    path holds one key-change duration, not two)."""
    disable_config_sync(emulator)
    a, b = emu_names(emulator)
    for name in (a, b):  # long enough that two changes one after the other could not overlap
        emulator.control.timings(name, master_key=2.0)
    result = play(emulator, [master_key("both", {"new_master_key": NEW_KEY, "peer": "both"})],
                  expect_rc=0, secrets=[NEW_KEY])
    result.assert_no_secrets()
    got = result["both"]
    assert got["_status"] == "ok" and got["changed"] is True and set(got["peers"]) == {"provider", "peer_provider"}
    assert got["peers"]["provider"]["peer"] == module_name(emulator, 0)
    assert got["peers"]["peer_provider"]["peer"] == module_name(emulator, 1)
    assert all(peer["job"]["result"] == "OK" and peer["rekeyed"] for peer in got["peers"].values())
    assert fingerprints(emulator) == {a: fingerprint(NEW_KEY), b: fingerprint(NEW_KEY)}
    (job_a,), (job_b,) = key_jobs(emulator, a), key_jobs(emulator, b)
    assert max(job_a["started"], job_b["started"]) < min(job_a["finished"], job_b["finished"]), (job_a, job_b)


def test_peer_both_changes_neither_key_when_one_peer_refuses(emulator, play):
    """Every precondition on both peers first: a wrong current key is found on the second peer by its properties
    (factory key, never changed) before the first peer's key is touched."""
    disable_config_sync(emulator)
    a, b = emu_names(emulator)
    set_key(emulator, 0, OLD_KEY)  # the first peer holds OLD_KEY (changed: an expiry is set); the second the default
    before = fingerprints(emulator)
    result = play(emulator, [master_key("both", {"new_master_key": NEW_KEY, "current_master_key": OLD_KEY,
                                                 "peer": "both"}, ignore_errors=True)],
                  expect_rc=0, secrets=[NEW_KEY, OLD_KEY])
    result.assert_no_secrets()
    got = result["both"]
    assert_failed(got, "invalid_input", "wrong_current_key")
    assert got["device"] == module_name(emulator, 1) and "No change was made" in got["msg"]
    assert fingerprints(emulator) == before
    assert len(key_jobs(emulator, a)) == 1  # the setup's change only


def test_peer_both_reports_each_peers_outcome_when_one_change_fails(emulator, play):
    disable_config_sync(emulator)
    a, b = emu_names(emulator)
    before = fingerprints(emulator)
    emulator.control.fail_next(b, "MasterKey", ["Error: Failed to re-encrypt the configuration", "Commit failed"])
    result = play(emulator, [master_key("both", {"new_master_key": NEW_KEY, "peer": "both"}, ignore_errors=True)],
                  expect_rc=0, secrets=[NEW_KEY])
    result.assert_no_secrets()
    got = result["both"]
    assert_failed(got, "job_failed", "master_key_commit_failed")
    assert got["changed"] is True and got["device"] == module_name(emulator, 1)
    ok, failed = got["peers"]["provider"], got["peers"]["peer_provider"]
    assert ok["job"]["result"] == "OK" and "failed" not in ok
    assert failed["failed"] is True and failed["reason"] == "master_key_commit_failed" and failed["changed"] is True
    assert failed["job"]["result"] == "FAIL"
    assert fingerprints(emulator) == {a: fingerprint(NEW_KEY), b: fingerprint(NEW_KEY)} != before


def test_ha_sync_fails_while_the_keys_differ(emulator, play):
    """Why the rotation must finish on both peers: the emulator's HA-Sync fails on a master-key mismatch."""
    set_key(emulator, 0, NEW_KEY)
    result = play(emulator, [task("sync", "sync_to_remote", {"force": True}, ignore_errors=True)], expect_rc=0)
    assert result["sync"]["_status"] == "failed" and result["sync"]["reason"] == "master_key_mismatch", result["sync"]


def test_wrong_current_key_changes_nothing(emulator, play):
    disable_config_sync(emulator)
    set_key(emulator, 0, OLD_KEY, lifetime=100)
    a = emu_names(emulator)[0]
    result = play(emulator, [
        master_key("wrong", {"new_master_key": NEW_KEY, "current_master_key": WRONG_KEY}, ignore_errors=True),
        master_key("wrong, rotated ok", {"new_master_key": NEW_KEY, "current_master_key": WRONG_KEY,
                                         "already_rotated_ok": True}, ignore_errors=True),
    ], expect_rc=0, secrets=[NEW_KEY, WRONG_KEY, OLD_KEY])
    result.assert_no_secrets()
    wrong = result["wrong"]
    assert_failed(wrong, "api_error", "wrong_current_key")
    assert "already_rotated_ok" in wrong["remedy"] and "nothing was changed" in wrong["remedy"]
    both = result["wrong, rotated ok"]
    assert_failed(both, "api_error", "wrong_current_key")
    assert "neither" in both["remedy"] and "nothing was changed" in both["remedy"]
    device = emulator.control.device(a)
    assert device["master_key_fingerprint"] == fingerprint(OLD_KEY) and device["master_key_lifetime_hours"] == 100
    assert [job.get("tag") for job in device["jobs"]].count("MasterKey") == 1  # the setup's change only


def test_rerun_recognises_a_peer_that_already_has_the_new_key(emulator, play):
    """A rotation OLD -> NEW stopped after changing the first peer: the re-run must not lock anyone out."""
    disable_config_sync(emulator)
    set_key(emulator, 0, OLD_KEY)
    set_key(emulator, 1, OLD_KEY)
    set_key(emulator, 0, NEW_KEY, current=OLD_KEY, lifetime=100)  # the half-way state
    a, b = emu_names(emulator)
    args = {"new_master_key": NEW_KEY, "current_master_key": OLD_KEY, "lifetime": 2000}
    result = play(emulator, [
        master_key("without already_rotated_ok", args, ignore_errors=True),
        master_key("first peer again", dict(args, already_rotated_ok=True)),
        master_key("second peer", dict(args, already_rotated_ok=True, peer="peer_provider")),
    ], expect_rc=0, secrets=[NEW_KEY, OLD_KEY])
    result.assert_no_secrets()
    assert_failed(result["without already_rotated_ok"], "api_error", "wrong_current_key")
    again = result["first peer again"]
    assert again["changed"] is True and again["already_had_new_key"] is True and again["rekeyed"] is True
    assert again["job"]["result"] == "OK"
    assert 2000 * 3600 - 300 <= again["properties"]["seconds_to_expiry"] <= 2000 * 3600
    second = result["second peer"]
    assert second["already_had_new_key"] is False and second["peer"] == module_name(emulator, 1)
    assert fingerprints(emulator) == {a: fingerprint(NEW_KEY), b: fingerprint(NEW_KEY)}
    assert emulator.control.device(a)["master_key_lifetime_hours"] == 2000


def test_failed_master_key_commit(emulator, play):
    """The change is synchronous; the commit PAN-OS starts for it can still fail: the key is new, the report says so."""
    disable_config_sync(emulator)
    a, b = emu_names(emulator)
    before = fingerprints(emulator)
    emulator.control.fail_next(a, "MasterKey", ["Error: Failed to re-encrypt the configuration", "(Module: device)",
                                                "Commit failed"])
    result = play(emulator, [master_key("change", {"new_master_key": NEW_KEY}, ignore_errors=True)],
                  expect_rc=0, secrets=[NEW_KEY])
    result.assert_no_secrets()
    got = result["change"]
    assert_failed(got, "job_failed", "master_key_commit_failed")
    assert got["job"]["type"] == "Commit" and got["job"]["result"] == "FAIL"
    assert got["details"] == ["Error: Failed to re-encrypt the configuration", "(Module: device)", "Commit failed"]
    assert "Commit job %s failed: Error: Failed to re-encrypt the configuration" % got["job"]["id"] in got["msg"]
    assert "changed the master key" in got["remedy"] and "already_rotated_ok" in got["remedy"]
    assert fingerprints(emulator) == {a: fingerprint(NEW_KEY), b: before[b]}


@pytest.mark.parametrize("verbosity", [3])
def test_no_secret_in_verbose_output(emulator, play, verbosity):
    disable_config_sync(emulator)
    set_key(emulator, 0, OLD_KEY)
    old_api_key = api_key(emulator, 0)
    result = play(emulator, [
        master_key("change", {"new_master_key": NEW_KEY, "current_master_key": OLD_KEY, "reminder": 10}),
        master_key("wrong", {"new_master_key": OTHER_KEY, "current_master_key": WRONG_KEY,
                             "already_rotated_ok": True}, ignore_errors=True),
    ], verbosity=verbosity, stdout_callback="default", expect_rc=0)
    new_api_key = api_key(emulator, 0)
    assert new_api_key != old_api_key
    assert "wrong_current_key" in result.stdout and "changed: [localhost]" in result.stdout
    result.secrets += [NEW_KEY, OLD_KEY, OTHER_KEY, WRONG_KEY, old_api_key, new_api_key]
    result.assert_no_secrets()


def test_management_plane_lost_after_the_job_then_rerun_completes(emulator, play):
    """The half-way failure the rotation role recovers from: the peer changed its key, the module lost it."""
    disable_config_sync(emulator)
    a = emu_names(emulator)[0]
    emulator.control.fault(a, "refuse", after_job="MasterKey")
    args = {"new_master_key": NEW_KEY, "lifetime": 3000}
    lost = play(emulator, [master_key("change", args, ignore_errors=True)], expect_rc=0, secrets=[NEW_KEY])["change"]
    assert_failed(lost, "connection_failed")
    assert lost["msg"].startswith("The master key was changed (commit job "), lost["msg"]
    assert emulator.control.device(a)["master_key_fingerprint"] == fingerprint(NEW_KEY)
    emulator.control.clear_faults(a)

    rerun = play(emulator, [master_key("again", dict(args, already_rotated_ok=True))], expect_rc=0)["again"]
    assert rerun["already_had_new_key"] is True and rerun["job"]["result"] == "OK"
    assert emulator.control.device(a)["master_key_fingerprint"] == fingerprint(NEW_KEY)


def test_refused_when_the_other_peer_cannot_be_read(emulator, play):
    disable_config_sync(emulator)
    a, b = emu_names(emulator)
    emulator.control.fault(b, "refuse")
    try:
        result = play(emulator, [
            master_key("change", {"new_master_key": NEW_KEY}, ignore_errors=True),
            master_key("allowed", {"new_master_key": NEW_KEY, "allow_config_sync": True}),
        ], expect_rc=0, secrets=[NEW_KEY])
    finally:
        emulator.control.clear_faults(b)
    assert_failed(result["change"], "refused", "config_sync_unknown")
    allowed = result["allowed"]
    assert allowed["changed"] is True and allowed["config_sync"] == {module_name(emulator, 0): False}
    assert any("allow_config_sync=true" in w for w in allowed["warnings"]), allowed.get("warnings")
    assert fingerprints(emulator) == {a: fingerprint(NEW_KEY), b: fingerprint(DEFAULT_KEY)}
