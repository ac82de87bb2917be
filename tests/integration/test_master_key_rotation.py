"""The master_key_rotation role against the emulator, at -vvv with the default callback: a run stopped by a
wrong current key (nothing changed, config sync restored), then a re-run that completes. Neither the output
nor the JSON report may hold a master key, the password or an API key (the issue's "a test greps for them").
The scenarios with injected faults are the molecule scenarios extensions/molecule/mkr_*."""

import json

from conftest import ADDRESSES, emu_names, xapi
from panos_emulator.masterkey import DEFAULT_KEY, fingerprint
from test_master_key import NEW_KEY, WRONG_KEY, api_key, fingerprints


def rotate(play, emulator, tmp_path, current_key, expect_rc, new_key=NEW_KEY):
    return play(emulator, [{"name": "rotate", "ansible.builtin.include_role": {"name": "hapair.panos.master_key_rotation"}}],
                with_peer=True, verbosity=3, stdout_callback="default", expect_rc=expect_rc,
                extra_vars={"master_key_rotation_current_key": current_key,
                            "master_key_rotation_new_key": new_key,
                            "master_key_rotation_report_dir": str(tmp_path / "reports")})


OTHER_NEW_KEY = "An0therMasterK3y"


def test_rotation_wrong_key_then_rerun_leaks_no_secret(emulator, play, tmp_path):
    names = emu_names(emulator)
    api_keys_before = [api_key(emulator, 0), api_key(emulator, 1)]
    report_path = tmp_path / "reports" / "master-key-rotation-localhost.json"

    # Issue 10 finding 18: both peers still hold the factory default key (never changed: no expiry set), so a
    # different current key is refused at the gate, before config sync is disabled anywhere.
    refused = rotate(play, emulator, tmp_path, WRONG_KEY, expect_rc=2)
    report = json.loads(report_path.read_text())
    assert report["result"] == "failed" and report["failed_step"] == "gate", report
    assert "cannot be the master key of" in report["error"] and "factory default" in report["error"], report
    assert not any(emulator.control.requests(name)["state_changing"] for name in names)
    assert set(fingerprints(emulator).values()) == {fingerprint(DEFAULT_KEY)}
    refused_report_text = report_path.read_text()

    done = rotate(play, emulator, tmp_path, DEFAULT_KEY, expect_rc=0)
    report = json.loads(report_path.read_text())
    assert report["result"] == "rotated", report
    assert [step["step"] for step in report["steps"]] == [
        "gate", "disable_config_sync", "change_master_key", "enable_config_sync", "sync_and_verify"]
    assert set(fingerprints(emulator).values()) == {fingerprint(NEW_KEY)}
    devices = [emulator.control.device(name) for name in names]
    assert all(d["ha"]["config_sync_enabled"] and d["ha"]["running_sync"] == "synchronized" for d in devices)
    assert all(not d["locks"]["config"] for d in devices)

    # A wrong current key on peers whose key was changed is found by PAN-OS at step 3: config sync is restored.
    failed = rotate(play, emulator, tmp_path, WRONG_KEY, expect_rc=2, new_key=OTHER_NEW_KEY)
    report = json.loads(report_path.read_text())
    assert report["result"] == "failed" and report["failed_step"] == "change_master_key", report
    assert "current_key" in report["next_step"], report
    assert [state["key"] for state in report["peers"].values()] == ["old key (not changed)"] * 2, report
    assert set(fingerprints(emulator).values()) == {fingerprint(NEW_KEY)}
    assert all(emulator.control.device(name)["ha"]["config_sync_enabled"] for name in names)
    failed_report_text = report_path.read_text()

    secrets = [NEW_KEY, OTHER_NEW_KEY, WRONG_KEY, DEFAULT_KEY, emulator.peer(0, 0)["password"]] + api_keys_before
    secrets += [api_key(emulator, 0), api_key(emulator, 1)]  # the keys issued after the change
    for result in (refused, failed, done):
        result.secrets = secrets
        result.assert_no_secrets()
    for text in (refused_report_text, failed_report_text, report_path.read_text()):
        for secret in secrets:
            assert secret not in text, "a secret appeared in the rotation report"
    # The output really is -vvv output of the role (so the grep above had something to search).
    assert "master_key_rotation : Step 3, change the master key on both peers" in done.stdout
    # (-vvv lines: the connection's, or the in-process actions' "runs in a fork of the Ansible worker"; the reports are
    # written by hapair.panos.report, which opens no connection)
    assert "<127.0.0.1>" in done.stdout or "ESTABLISH LOCAL CONNECTION" in done.stdout or "runs in a fork of the Ansible worker" in done.stdout


def test_gate_refuses_another_admins_uncommitted_changes(emulator, play, tmp_path):
    """The final sync would overwrite the receiving peer's candidate: the gate stops before any change, and
    the other administrator's change is still pending afterwards (neither committed nor discarded)."""
    names = emu_names(emulator)
    xpath = "/config/shared/address"
    emulator.control.pending_change(names[1], "other-admin", xpath,
                                    "<entry name='kept-by-other-admin'><fqdn>a.example.com</fqdn></entry>")
    rotate(play, emulator, tmp_path, DEFAULT_KEY, expect_rc=2)
    report = json.loads((tmp_path / "reports" / "master-key-rotation-localhost.json").read_text())
    assert report["failed_step"] == "gate" and "uncommitted_changes" in report["error"], report
    assert set(fingerprints(emulator).values()) == {fingerprint(DEFAULT_KEY)}
    device = emulator.control.device(names[1])
    assert "other-admin" in json.dumps(device["pending_changes"]), device["pending_changes"]
    assert all(emulator.control.device(name)["ha"]["config_sync_enabled"] for name in names)
    assert not any(emulator.control.requests(name)["state_changing"] for name in names)


def test_recovery_waits_for_the_sync_it_started_then_rerun_completes(emulator, play, tmp_path):
    """With HA-Sync jobs that take a while, the recovery's re-enable commit starts PAN-OS's own sync to the failed
    peer, which also overwrites the put-back of our setting there. The role waits for it before reporting, so
    the failure leaves no pending change and the pair synchronized, and a re-run completes."""
    names = emu_names(emulator)
    report_path = tmp_path / "reports" / "master-key-rotation-localhost.json"
    emulator.control.timings(names[1], ha_sync=4)  # the HA-Sync jobs the second peer receives
    emulator.control.fail_next(names[1], "Commit", ["Commit failed: injected by the test"])

    rotate(play, emulator, tmp_path, DEFAULT_KEY, expect_rc=2)
    report = json.loads(report_path.read_text())
    assert report["failed_step"] == "disable_config_sync", report
    syncs = [job for job in emulator.control.device(names[1])["jobs"] if job["type"] == "HA-Sync"]
    assert syncs and all(job["status"] == "FIN" and job["result"] == "OK" for job in syncs), syncs
    assert syncs[-1]["finished"] - syncs[-1]["started"] >= 3.5
    devices = [emulator.control.device(name) for name in names]
    assert all(d["ha"]["config_sync_enabled"] and d["ha"]["running_sync"] == "synchronized" for d in devices)
    assert all(not d["pending_changes"] for d in devices), [d["pending_changes"] for d in devices]

    rotate(play, emulator, tmp_path, DEFAULT_KEY, expect_rc=0)
    assert json.loads(report_path.read_text())["result"] == "rotated"
    assert set(fingerprints(emulator).values()) == {fingerprint(NEW_KEY)}


def test_gate_waits_for_an_ha_sync_still_running(emulator, play, tmp_path):
    """A commit made with config sync on starts PAN-OS's sync to the peer; while it runs the pair shows
    "synchronization in progress". The gate waits for it instead of refusing, and the rotation completes."""
    names = emu_names(emulator)
    emulator.control.timings(names[1], ha_sync=6)
    active = xapi(emulator, 0)
    active.set(xpath=ADDRESSES + "/entry[@name='committed-before-the-window']", element="<fqdn>w.example.com</fqdn>")
    active.commit(cmd="<commit></commit>", sync=True, interval=0.1)
    running = [job for job in emulator.control.device(names[1])["jobs"] if job["type"] == "HA-Sync"]
    assert len(running) == 1 and running[0]["status"] != "FIN", running

    rotate(play, emulator, tmp_path, DEFAULT_KEY, expect_rc=0)
    report = json.loads((tmp_path / "reports" / "master-key-rotation-localhost.json").read_text())
    assert report["result"] == "rotated", report
    ended = next(job for job in emulator.control.device(names[1])["jobs"] if job["id"] == running[0]["id"])
    assert ended["status"] == "FIN" and ended["result"] == "OK"
    assert set(fingerprints(emulator).values()) == {fingerprint(NEW_KEY)}
    devices = [emulator.control.device(name) for name in names]
    assert all(d["ha"]["config_sync_enabled"] and d["ha"]["running_sync"] == "synchronized" for d in devices)


def test_credentials_from_the_environment_and_a_gate_message_naming_the_rule(emulator, play, tmp_path):
    """Issue 10 finding 9: PANOS_USERNAME / PANOS_PASSWORD (what docs/connection.md recommends) pass the gate; a bad
    master_key_rotation_current_key is named, not five conditions at once."""
    peer = emulator.peer(0, 0)
    env = {"PANOS_USERNAME": peer["username"], "PANOS_PASSWORD": peer["password"]}
    # provider and peer_provider without username and password, as an AWX credential's environment leaves them
    providers = {name: {k: v for k, v in emulator.provider(0, index).items() if k not in ("username", "password")}
                 for index, name in enumerate(("provider", "peer_provider"))}
    role = [{"name": "rotate", "ansible.builtin.include_role": {"name": "hapair.panos.master_key_rotation"}}]
    report_dir = tmp_path / "reports"
    short = play(emulator, role, stdout_callback="default", env=env,
                 extra_vars=dict(providers, master_key_rotation_current_key="too-short",
                                 master_key_rotation_new_key=NEW_KEY, master_key_rotation_report_dir=str(report_dir)),
                 expect_rc=2)
    report = json.loads((report_dir / "master-key-rotation-localhost.json").read_text())
    assert report["failed_step"] == "gate", report
    assert report["error"].startswith("master_key_rotation_current_key must be exactly 16 characters"), report
    assert "too-short" not in short.stdout and NEW_KEY not in short.stdout
    assert set(fingerprints(emulator).values()) == {fingerprint(DEFAULT_KEY)}

    play(emulator, role, stdout_callback="default", env=env,
         extra_vars=dict(providers, master_key_rotation_current_key=DEFAULT_KEY, master_key_rotation_new_key=NEW_KEY,
                         master_key_rotation_report_dir=str(report_dir)), expect_rc=0)
    assert json.loads((report_dir / "master-key-rotation-localhost.json").read_text())["result"] == "rotated"
    assert set(fingerprints(emulator).values()) == {fingerprint(NEW_KEY)}


def _rotate_with(play, emulator, tmp_path, provider, peer_provider, expect_rc):
    return play(emulator, [{"name": "rotate", "ansible.builtin.include_role": {"name": "hapair.panos.master_key_rotation"}}],
                stdout_callback="default", expect_rc=expect_rc,
                extra_vars={"provider": provider, "peer_provider": peer_provider,
                            "master_key_rotation_current_key": DEFAULT_KEY, "master_key_rotation_new_key": NEW_KEY,
                            "master_key_rotation_timeout": 30,
                            "master_key_rotation_report_dir": str(tmp_path / "reports")})


def test_provider_stops_answering_after_its_key_change_the_other_peer_is_restored(emulator, play, tmp_path):
    """Issue 10 finding 4: the peer given as provider refuses connections right after its MasterKey job. The other
    peer is reached through its own connection: config sync re-enabled and our lock released there, and the report
    says what was read back (the provider peer unknown, locks_released false). After the fault, a re-run completes."""
    names = emu_names(emulator)
    provider, peer_provider = emulator.provider(0, 1), emulator.provider(0, 0)  # pair1-b as provider
    emulator.control.fault(names[1], "refuse", after_job="MasterKey")
    _rotate_with(play, emulator, tmp_path, provider, peer_provider, expect_rc=2)
    report = json.loads((tmp_path / "reports" / "master-key-rotation-localhost.json").read_text())
    assert report["failed_step"] == "change_master_key", report
    peers = report["peers"]
    assert peers["peer_provider"]["config_sync"] == "enabled", report
    assert peers["peer_provider"]["lock"] == "not held by us" and peers["peer_provider"]["reachable"] is True, report
    assert peers["provider"]["config_sync"].startswith("unknown (not reachable"), report
    assert peers["provider"]["lock"].startswith("unknown") and peers["provider"]["reachable"] is False, report
    assert report["locks_released"] is False, report
    assert "unknown" in report["next_step"], report
    other = emulator.control.device(names[0])
    assert other["ha"]["config_sync_enabled"] is True and not other["locks"]["config"], other["locks"]

    emulator.control.clear_faults(names[1])
    _rotate_with(play, emulator, tmp_path, provider, peer_provider, expect_rc=0)
    report = json.loads((tmp_path / "reports" / "master-key-rotation-localhost.json").read_text())
    assert report["result"] == "rotated" and report["locks_released"] is True, report
    assert {state["config_sync"] for state in report["peers"].values()} == {"enabled"}, report
    assert set(fingerprints(emulator).values()) == {fingerprint(NEW_KEY)}
    devices = [emulator.control.device(name) for name in names]
    assert all(d["ha"]["config_sync_enabled"] and not d["locks"]["config"] for d in devices)


def test_provider_hangs_after_its_commit_the_reachable_peer_is_restored_and_reported(emulator, play, tmp_path):
    """Issue 10 finding 4: the provider peer hangs after its first commit (short provider.timeout). The reachable peer
    is not left with config sync off or our lock held, and the report does not claim the locks were released."""
    names = emu_names(emulator)
    provider, peer_provider = emulator.provider(0, 0, timeout=4), emulator.provider(0, 1, timeout=4)
    emulator.control.fault(names[0], "hang", seconds=120, after_job="Commit")
    try:
        _rotate_with(play, emulator, tmp_path, provider, peer_provider, expect_rc=2)
    finally:
        emulator.control.clear_faults(names[0])
    report = json.loads((tmp_path / "reports" / "master-key-rotation-localhost.json").read_text())
    assert report["failed_step"] == "disable_config_sync", report
    assert report["peers"]["peer_provider"]["config_sync"] == "enabled", report
    assert report["peers"]["peer_provider"]["lock"] == "not held by us", report
    assert report["peers"]["provider"]["config_sync"].startswith("unknown"), report
    assert report["locks_released"] is False, report
    reachable = emulator.control.device(names[1])
    assert reachable["ha"]["config_sync_enabled"] is True and not reachable["locks"]["config"], reachable["locks"]
