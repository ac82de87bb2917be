"""The rotate_master_key runbook as an AWX job (ansible_runner.run): the keys come as extra variables (an AWX survey's
password answers, or a vault), the password from the credential. set_stats per pair, the report, rc, no secret."""

from conftest import FIXED_SECRETS, NEW_KEY, WRONG_KEY, api_keys, credential, inventory, names
from panos_emulator.masterkey import DEFAULT_KEY, fingerprint


def keys_vars(current=DEFAULT_KEY, new=NEW_KEY):
    return {"master_key_rotation_current_key": current, "master_key_rotation_new_key": new}


def label(emu, pair, peer):
    return "%s:%s" % (emu.peer(pair, peer)["host"], emu.peer(pair, peer)["port"])


def test_rotated(emulator, awx_job):
    before = api_keys(emulator)
    job = awx_job("rotate_master_key.yml", inventory(emulator), credential=credential(emulator), extravars=keys_vars(),
                  expect_rc=0)
    assert job.status == "successful"
    assert {emulator.control.device(n)["master_key_fingerprint"] for n in names(emulator)} == {fingerprint(NEW_KEY)}
    entry = job.stats["hapair_panos_rotate_master_key"]["pair1"]
    report_file = job.project_dir / "reports" / "master-key-rotation-pair1.json"
    assert entry == {"result": "ok", "changed": ["master key of " + label(emulator, 0, 0), "master key of " + label(emulator, 0, 1)],
                     "blockers": [], "error": None, "failed_step": None, "next_step": None, "check_mode": False,
                     "report": str(report_file)}, entry
    assert job.report(report_file)["result"] == "rotated"
    job.assert_no_secrets(FIXED_SECRETS + before + api_keys(emulator), also=[report_file])


def test_wrong_current_key_is_blocked_at_the_gate(emulator, awx_job):
    keys = api_keys(emulator)
    job = awx_job("rotate_master_key.yml", inventory(emulator), credential=credential(emulator),
                  extravars=keys_vars(current=WRONG_KEY), expect_rc=2)
    assert job.status == "failed" and (job.artifact_dir / "rc").read_text().strip() == "2"
    entry = job.stats["hapair_panos_rotate_master_key"]["pair1"]
    assert entry["result"] == "blocked" and entry["changed"] == [] and entry["failed_step"] == "gate", entry
    assert len(entry["blockers"]) == 1 and "cannot be the master key" in entry["blockers"][0]["message"], entry
    assert "Nothing was changed" in entry["next_step"]
    assert job.report(entry["report"])["failed_step"] == "gate"
    assert {emulator.control.device(n)["master_key_fingerprint"] for n in names(emulator)} == {fingerprint(DEFAULT_KEY)}
    job.assert_no_secrets(FIXED_SECRETS + keys, also=[entry["report"]])


def test_peer_lost_after_its_key_change_is_failed_and_recorded(emulator, awx_job):
    """The second peer stops answering once its key-change commit finished: the recovery runs, the pair is failed
    with the step it stopped at, and the peer whose key changed (and is still reachable) is named in changed."""
    keys = api_keys(emulator)
    a, b = names(emulator)
    emulator.control.fault(b, "refuse", after_job="MasterKey")
    try:
        job = awx_job("rotate_master_key.yml", inventory(emulator), credential=credential(emulator),
                      extravars=dict(keys_vars(), master_key_rotation_timeout=20), expect_rc=2)
    finally:
        emulator.control.clear_faults(b)
    entry = job.stats["hapair_panos_rotate_master_key"]["pair1"]
    assert entry["result"] == "failed" and entry["failed_step"] not in (None, "gate"), entry
    assert entry["blockers"] == [] and entry["error"] and entry["next_step"], entry
    assert "master key of " + label(emulator, 0, 0) in entry["changed"], entry
    assert job.report(entry["report"])["result"] == "failed"
    job.assert_no_secrets(FIXED_SECRETS + keys + api_keys(emulator), also=[entry["report"]])
