"""Nothing lost on the receiving peer (issue 10, findings 1 and 2): before any config sync (sync_to_remote
running-config / candidate-config, a commit of sync_settings or peer_settings that starts PAN-OS's automatic sync,
the sync role) the receiver is read, and another administrator's uncommitted change or lock there, or a receiver
that cannot be read, refuses the task before anything changes, unless overwrite_peer_changes=true."""

import json

import pytest
from conftest import ADDRESSES, emu_names, module_name, task

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
