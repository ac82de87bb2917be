"""Nothing lost on the receiving peer (issue 10, findings 1 and 2): before any config sync (sync_to_remote
running-config / candidate-config, a commit of sync_settings or peer_settings that starts PAN-OS's automatic sync,
the sync role) the receiver is read, and another administrator's uncommitted change or lock there, or a receiver
that cannot be read, refuses the task before anything changes, unless overwrite_peer_changes=true."""

import json

import pytest
from conftest import ADDRESSES, add_address, emu_names, module_name, task

BOBS_ENTRY = "<entry name='bobs-object'><fqdn>bob.example.com</fqdn></entry>"


def bob_pending(emu, name):
    emu.control.pending_change(name, "bob", ADDRESSES, BOBS_ENTRY)


def sync_requests(emu, name):
    return [e["command"] for e in emu.control.requests(name)["entries"] if "sync-to-remote" in e["command"]]


def assert_refused_naming(result, device, *words):
    assert result["_status"] == "failed", result
    assert result["reason"] == "peer_pending_change" and result["device"] == device, result
    for word in words:
        assert word in result["msg"], result["msg"]
    assert "overwrite_peer_changes=true" in result["remedy"] and "Nothing was changed" in result["remedy"]


@pytest.mark.parametrize("target", ["running-config", "candidate-config"])
def test_sync_refuses_while_the_receiver_holds_another_admins_change(emulator, play, target):
    a, b = emu_names(emulator)
    bob_pending(emulator, b)
    result = play(emulator, [
        task("check", "sync_to_remote", {"target": target, "force": True}, check_mode=True, ignore_errors=True),
        task("sync", "sync_to_remote", {"target": target, "force": True}, ignore_errors=True),
    ], expect_rc=0)
    for name in ("check", "sync"):
        assert_refused_naming(result[name], module_name(emulator, 1), "uncommitted changes")
    assert sync_requests(emulator, a) == []
    assert emulator.control.device(b)["pending_changes"] == {"bob": [ADDRESSES]}


def test_sync_refuses_while_another_admin_holds_a_lock_on_the_receiver(emulator, play):
    a, b = emu_names(emulator)
    emulator.control.lock(b, "bob", kind="commit")
    result = play(emulator, [task("sync", "sync_to_remote", {"force": True}, ignore_errors=True)], expect_rc=0)
    assert_refused_naming(result["sync"], module_name(emulator, 1), "commit lock held by bob")
    assert sync_requests(emulator, a) == []


def test_overwrite_peer_changes_goes_on_and_says_what_it_overwrote(emulator, play):
    a, b = emu_names(emulator)
    bob_pending(emulator, b)
    result = play(emulator, [task("sync", "sync_to_remote", {"force": True, "overwrite_peer_changes": True})],
                  expect_rc=0)
    sync = result["sync"]
    assert sync["changed"] is True and sync["job"]["result"] == "OK"
    assert sync["receiver_checked"] == ["uncommitted changes (check pending-changes: yes)"]
    assert any("overwrite_peer_changes=true" in w and "uncommitted changes" in w for w in sync["warnings"])
    assert emulator.control.device(b)["pending_changes"] == {}


def test_the_sync_role_refuses_and_keeps_the_change(emulator, play):
    a, b = emu_names(emulator)
    bob_pending(emulator, b)
    result = play(emulator, [{"name": "sync role", "ansible.builtin.include_role": {"name": "hapair.panos.sync"},
                              "vars": {"sync_force": True}}], expect_rc=2, stdout_callback="default")
    assert "peer_pending_change" in result.stdout or "uncommitted changes" in result.stdout, result.stdout[-3000:]
    assert sync_requests(emulator, a) == []
    assert emulator.control.device(b)["pending_changes"] == {"bob": [ADDRESSES]}


def test_turning_config_sync_back_on_checks_both_peers_first(emulator, play):
    """The commit that re-enables config sync starts PAN-OS's automatic sync; either peer may receive it."""
    a, b = emu_names(emulator)
    off = play(emulator, [task("off", "sync_settings", {"config_sync": False})], expect_rc=0)["off"]
    assert off["changed"] is True and off["receivers_checked"] == {}
    bob_pending(emulator, a)
    result = play(emulator, [
        task("on (check)", "sync_settings", {"config_sync": True}, check_mode=True, ignore_errors=True),
        task("on", "sync_settings", {"config_sync": True}, ignore_errors=True),
    ], expect_rc=0)
    for name in ("on (check)", "on"):
        assert_refused_naming(result[name], module_name(emulator, 0), "uncommitted changes")
    assert all(emulator.control.device(n)["ha"]["config_sync_enabled"] is False for n in (a, b))
    assert emulator.control.device(a)["pending_changes"] == {"bob": [ADDRESSES]}


def test_peer_settings_refuses_when_the_other_peer_cannot_be_read(emulator, play):
    a, b = emu_names(emulator)
    emulator.control.fault(b, "refuse")
    try:
        result = play(emulator, [
            task("dns", "peer_settings", {"peer": "provider", "dns": {"primary": "192.0.2.53"}}, ignore_errors=True),
        ], expect_rc=0)
    finally:
        emulator.control.clear_faults(b)
    refused = result["dns"]
    assert refused["_status"] == "failed" and refused["reason"] == "peer_unreadable", refused
    assert "overwrite_peer_changes=true" in refused["remedy"]
    assert emulator.control.requests(a)["counts"].get("commit partial", 0) == 0
    assert json.dumps(emulator.control.device(a)["pending_changes"]) == "{}"


def test_the_receiver_is_locked_while_the_sync_runs_so_no_new_work_there_is_lost(emulator, play):
    """Fault matrix seed 115 trial 1: another administrator starts a change on the receiver after the check. Our
    config lock on the receiver, held until the HA-Sync job is over, refuses that change instead of letting the sync
    replace it; the lock is released afterwards."""
    import threading
    import time as _time
    a, b = emu_names(emulator)
    add_address(emulator, a, "only-on-active")
    emulator.control.timings(b, ha_sync=2)
    attempt = {}

    def late_change():
        deadline = _time.monotonic() + 30
        while _time.monotonic() < deadline:
            if any(j["type"] == "HA-Sync" and j["status"] != "FIN" for j in emulator.control.device(b)["jobs"]):
                try:
                    emulator.control.pending_change(b, "late-admin", "/config/shared/address",
                                                    "<entry name='late'><fqdn>late.example.com</fqdn></entry>")
                    attempt["result"] = "accepted"
                except Exception as exc:  # the control API answers 400 with the device's refusal
                    attempt["result"] = "refused: %s" % exc
                return
            _time.sleep(0.05)
    watcher = threading.Thread(target=late_change, daemon=True)
    watcher.start()
    result = play(emulator, [task("sync", "sync_to_remote", {"target": "running-config"})], with_peer=True,
                  expect_rc=0)
    watcher.join(5)
    assert result["sync"]["changed"] is True and result["sync"]["job"]["result"] == "OK"
    assert attempt.get("result", "").startswith("refused"), attempt
    device = emulator.control.device(b)
    assert device["pending_changes"] == {} and device["locks"]["config"] == [], device["locks"]


def test_a_receiver_lock_left_by_an_earlier_interrupted_sync_is_released_by_the_next(emulator, play):
    """Fault matrix seed 200 trial 3: the receiver hung during the sync, so our hold could not release its lock; the
    re-run recognised the lock (ours, with the hold's comment), kept it for its own sync and released it. A lock of
    ours with another comment (a change window's) is left alone."""
    from conftest import xapi
    a, b = emu_names(emulator)
    add_address(emulator, a, "only-on-active")
    xapi(emulator, 1).op(cmd="<request><config-lock><add><comment>hapair.panos: config sync to this peer in progress"
                             "</comment></add></config-lock></request>")
    assert emulator.control.device(b)["locks"]["config"] == [emulator.peer(0, 1)["username"]]
    result = play(emulator, [task("sync", "sync_to_remote", {"target": "running-config"})], with_peer=True,
                  expect_rc=0)
    assert result["sync"]["changed"] is True
    assert emulator.control.device(b)["locks"]["config"] == []

    add_address(emulator, a, "second-change")
    xapi(emulator, 1).op(cmd="<request><config-lock><add><comment>CHG0042 change window</comment></add></config-lock>"
                             "</request>")
    play(emulator, [task("sync", "sync_to_remote", {"target": "running-config"})], with_peer=True, expect_rc=0)
    assert emulator.control.device(b)["locks"]["config"] == [emulator.peer(0, 1)["username"]]
