"""The health runbook as a scheduled AWX job (ansible_runner.run): the job fails exactly when a pair has a blocker,
set_stats records every pair, the reports are where the stats say, no secret in the output."""

from conftest import FIXED_SECRETS, api_keys, credential, inventory, names

HA_GROUP = "/config/devices/entry[@name='localhost.localdomain']/deviceconfig/high-availability/group"


def test_scheduled_job_fails_on_the_pair_with_a_blocker(emulator, awx_job):
    """Pair 1 is healthy but for its factory default master keys (warnings); pair 2 has config sync disabled on one
    peer (a blocker): the job fails (rc 2), both pairs are recorded and reported."""
    keys = api_keys(emulator, 0) + api_keys(emulator, 1)
    emulator.control.config(names(emulator, 1)[0], HA_GROUP + "/configuration-synchronization", "<enabled>no</enabled>")
    job = awx_job("health.yml", inventory(emulator, pairs=(0, 1)), credential=credential(emulator), expect_rc=2)
    assert job.status == "failed"
    stats = job.stats["hapair_panos_health"]
    healthy, blocked = stats["pair1"], stats["pair2"]
    assert healthy["result"] == "ok" and healthy["blockers"] == [] and healthy["error"] is None, healthy
    assert healthy["warnings"] == ["master_key_default", "master_key_default"] and healthy["changed"] == []
    assert healthy["sync_state"] == "synchronized" and set(healthy["key_expiry"].values()) == {"never changed"}
    assert blocked["result"] == "blocked" and blocked["error"] is None, blocked
    assert [(b["code"], b["peer"]) for b in blocked["blockers"]] == [
        ("config_sync_disabled", "%s:%s" % (emulator.peer(1, 0)["host"], emulator.peer(1, 0)["port"]))]
    for pair, entry in stats.items():
        assert entry["report"] == str(job.project_dir / "reports" / ("health-%s.json" % pair))
        assert job.report(entry["report"])["result"] == entry["result"]
    assert not any(emulator.control.requests(n)["state_changing"] for pair in (0, 1) for n in names(emulator, pair))
    job.assert_no_secrets(FIXED_SECRETS + keys, also=sorted((job.project_dir / "reports").iterdir()))
