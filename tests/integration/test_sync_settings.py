"""hapair.panos.sync_settings against the emulator, in both HA modes: check mode, apply, idempotence (check and
real), cleanup; partial commits of our own change only; refusals when another admin holds a lock or has an
uncommitted change in the same scope; a failing commit on one peer."""

import pan.xapi
import pytest
from conftest import (
    ADDRESSES,
    HA_GROUP,
    clear_requests,
    emu_names,
    module_name,
    state_changing_requests,
    task,
    xapi,
)

CONFIG_SYNC_XPATH = HA_GROUP + "/configuration-synchronization"


@pytest.fixture(params=["emulator", "emulator_aa"], ids=["active-passive", "active-active"])
def pair_emu(request):
    emu = request.getfixturevalue(request.param)
    emu.control.reset()  # the autouse reset only sees fixtures named in the test's signature
    clear_requests(emu)
    return emu


def settings(name, args, **options):
    return task(name, "sync_settings", args, **options)


def switches(emu):
    return {name: (emu.control.device(name)["ha"]["config_sync_enabled"], emu.control.device(name)["ha"]["state_sync_enabled"])
            for name in emu_names(emu)}


def commits(emu, name):
    return emu.control.requests(name)["counts"].get("commit partial", 0)


def test_disable_enable_cycle(pair_emu, play):
    emu = pair_emu
    a, b = emu_names(emu)
    first, second = module_name(emu, 0), module_name(emu, 1)
    off = {"config_sync": False, "state_sync": False}
    on = {"config_sync": True, "state_sync": True}
    assert switches(emu) == {a: (True, True), b: (True, True)}

    # 1. check mode: predicts the change on both peers, sends nothing that changes state
    check = play(emu, [settings("disable", off)], check=True, diff=True, expect_rc=0)["disable"]
    assert check["changed"] is True and "jobs" not in check
    for name in (first, second):
        assert check["peers"][name] == {"before": on, "after": off, "changes": ["config_sync", "state_sync"]}
    assert check["diff"]["before"][first] == on and check["diff"]["after"][first] == off
    assert state_changing_requests(emu) == {a: 0, b: 0}
    assert switches(emu) == {a: (True, True), b: (True, True)}

    # 2. apply, 3. idempotence in check mode, 4. idempotence for real
    result = play(emu, [
        settings("disable", off),
        settings("idempotence in check mode", off, check_mode=True),
        settings("idempotence", off),
    ], diff=True, expect_rc=0)
    result.assert_no_secrets()
    applied = result["disable"]
    assert applied["changed"] is True
    for name in (first, second):
        assert applied["jobs"][name]["type"] == "Commit" and applied["jobs"][name]["result"] == "OK"
        assert applied["verified"][name]["config_sync"] is False and applied["verified"][name]["state_sync"] is False
    for name in ("idempotence in check mode", "idempotence"):
        assert result[name]["changed"] is False and "jobs" not in result[name], result[name]
        assert all(item["changes"] == [] for item in result[name]["peers"].values())
    assert switches(emu) == {a: (False, False), b: (False, False)}
    # one partial commit (our admin's change only) per peer, none for the idempotent runs
    assert commits(emu, a) == 1 and commits(emu, b) == 1

    # 5. cleanup: back to the start, idempotent too
    clear_requests(emu)
    cleanup = play(emu, [settings("enable", on), settings("enable again", on)], expect_rc=0)
    assert cleanup["enable"]["changed"] is True and cleanup["enable again"]["changed"] is False
    assert switches(emu) == {a: (True, True), b: (True, True)}
    assert commits(emu, a) == 1 and commits(emu, b) == 1


@pytest.mark.parametrize("kind", ["config", "commit"])
def test_refused_when_another_admin_holds_a_lock(emulator, play, kind):
    a, b = emu_names(emulator)
    emulator.control.lock(b, "other", kind=kind)
    clear_requests(emulator)
    result = play(emulator, [settings("disable", {"config_sync": False})], expect_rc=2)
    result.assert_no_secrets()
    failed = result["disable"]
    assert failed["error"] == "device_busy" and failed["reason"] == "config_locked"
    assert failed["device"] == module_name(emulator, 1)
    assert "%s lock held by other" % kind in failed["msg"]
    # every check on every peer runs before the first change: the unlocked peer was not changed either
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    assert switches(emulator) == {a: (True, True), b: (True, True)}
    assert emulator.control.device(b)["locks"][kind] == ["other"]


def test_refused_when_another_admin_has_a_pending_change_in_scope(emulator, play):
    a, b = emu_names(emulator)
    emulator.control.pending_change(a, "other", CONFIG_SYNC_XPATH, "<enabled>no</enabled>")
    clear_requests(emulator)
    result = play(emulator, [settings("disable", {"config_sync": False})], expect_rc=2)
    failed = result["disable"]
    assert failed["error"] == "refused" and failed["reason"] == "foreign_pending_change"
    assert failed["device"] == module_name(emulator, 0)
    assert CONFIG_SYNC_XPATH in failed["msg"]
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    # the other admin's change is still pending, and was not committed
    device = emulator.control.device(a)
    assert device["pending_changes"] == {"other": [CONFIG_SYNC_XPATH]}
    assert device["ha"]["config_sync_enabled"] is True
    assert switches(emulator)[b] == (True, True)


def test_commits_only_its_own_change(emulator, play):
    """Another admin's uncommitted change elsewhere is left pending: the commit is a partial commit by our admin."""
    a, b = emu_names(emulator)
    other_xpath = ADDRESSES
    emulator.control.pending_change(a, "other", other_xpath,
                                    "<entry name='half-done'><ip-netmask>198.51.100.7/32</ip-netmask></entry>")
    result = play(emulator, [settings("disable", {"config_sync": False})], expect_rc=0)
    assert result["disable"]["changed"] is True
    device = emulator.control.device(a)
    assert device["ha"]["config_sync_enabled"] is False
    assert device["pending_changes"] == {"other": [other_xpath]}
    x = xapi(emulator, 0)
    x.get(xpath=other_xpath + "/entry[@name='half-done']")  # candidate: still there
    assert "198.51.100.7/32" in x.xml_result()
    with pytest.raises(pan.xapi.PanXapiError, match="No such node"):  # running: not committed
        x.show(xpath=other_xpath + "/entry[@name='half-done']")
    # (the emulator reset before the next test restores config sync)


def test_failed_commit_on_one_peer_is_reported(emulator, play):
    a, b = emu_names(emulator)
    emulator.control.fail_next(b, "Commit", ["Validation Error:", " deviceconfig -> high-availability is invalid"])
    result = play(emulator, [
        settings("disable", {"config_sync": False}, ignore_errors=True),
        task("jobs", "job_info", {"peers": module_name(emulator, 1).rsplit(":", 1)[0], "types": ["Commit"]}),
    ], expect_rc=0)
    failed = result["disable"]
    assert failed["_status"] == "failed" and failed["error"] == "job_failed"
    assert failed["reason"] == "invalid_config" and failed["device"] == module_name(emulator, 1)
    assert "committed on: %s; failed on: %s" % (module_name(emulator, 0), module_name(emulator, 1)) in failed["msg"]
    assert failed["details"][0] == "Validation Error:"
    assert switches(emulator) == {a: (False, True), b: (True, True)}
    jobs = result["jobs"]["jobs"]
    assert [(j["type"], j["result"], j["reason"]) for j in jobs] == [("Commit", "FAIL", "invalid_config")]


def test_one_peer_only(emulator, play):
    a, b = emu_names(emulator)
    result = play(emulator, [
        settings("passive only", {"state_sync": False, "peers": "passive"}),
        settings("passive only again", {"state_sync": False, "peers": "passive"}),
    ], expect_rc=0)
    changed = result["passive only"]
    assert list(changed["peers"]) == [module_name(emulator, 1)] and list(changed["jobs"]) == [module_name(emulator, 1)]
    assert result["passive only again"]["changed"] is False
    assert switches(emulator) == {a: (True, True), b: (True, False)}
    assert commits(emulator, a) == 0 and commits(emulator, b) == 1
