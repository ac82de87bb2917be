"""Issue 10 finding 6: API keys invalidated in the middle of a run. With a password the module generates a new key
once and carries on; when something was sent before a failure, the failed result says what (changed, sent, job)."""

import threading
import time

from conftest import add_address, emu_names, module_name, task


def _when_ha_sync_runs(emulator, receiver, action, timeout=30):
    """Run action() as soon as the receiver's HA-Sync job is running (from a thread, while the play runs)."""
    def watch():
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            jobs = emulator.control.device(receiver)["jobs"]
            if any(job["type"] == "HA-Sync" and job["status"] != "FIN" for job in jobs):
                action()
                return
            time.sleep(0.05)
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def test_keys_invalidated_while_the_sync_runs_are_regenerated(emulator, play):
    a, b = emu_names(emulator)
    add_address(emulator, a, "only-on-active")
    emulator.control.timings(b, ha_sync=2)
    watcher = _when_ha_sync_runs(emulator, b, lambda: [emulator.control.invalidate_keys(n) for n in (a, b)])
    result = play(emulator, [task("sync", "sync_to_remote", {"target": "running-config"})], with_peer=True, expect_rc=0)
    watcher.join(5)
    sync = result["sync"]
    assert sync["_status"] == "ok" and sync["changed"] is True, sync
    assert sync["job"]["result"] == "OK", sync
    assert any("refused the API key" in w for w in sync.get("warnings", [])), sync.get("warnings")
    result.assert_no_secrets()


def test_a_stale_api_key_with_the_right_password_works(emulator, play):
    result = play(emulator, [task("info", "ha_info")], provider_extra={"api_key": "LUFRPT1-a-stale-key-0000="},
                  with_peer=True, expect_rc=0)
    info = result["info"]
    assert info["_status"] == "ok" and all(p["reachable"] for p in info["peers"].values()), info


def test_a_failure_after_the_sync_was_sent_reports_what_was_sent(emulator, play):
    """The receiver stops answering while its HA-Sync job runs: the module fails, but says the sync was sent and
    reports changed (it was), naming the request and the device it went to."""
    a, b = emu_names(emulator)
    add_address(emulator, a, "only-on-active")
    emulator.control.timings(b, ha_sync=3)
    watcher = _when_ha_sync_runs(emulator, b, lambda: emulator.control.fault(b, "refuse"))
    try:
        result = play(emulator, [task("sync", "sync_to_remote", {"target": "running-config", "timeout": 20},
                                      ignore_errors=True)],
                      with_peer=True, provider_extra={"timeout": 5}, expect_rc=0)
    finally:
        watcher.join(5)
        emulator.control.clear_faults(b)
    sync = result["sync"]
    assert sync["_status"] == "failed", sync
    assert sync["changed"] is True, sync
    assert any(entry["device"] == module_name(emulator, 0) and "sync-to-remote" in entry["request"]
               for entry in sync["sent"]), sync["sent"]
    assert "Traceback" not in sync["msg"]
