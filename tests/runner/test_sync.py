"""The sync runbook as an AWX job (ansible_runner.run): set_stats per pair, the report, exit status, no secret."""

import json

from conftest import DEV, FIXED_SECRETS, api_keys, credential, inventory, names


def test_two_pairs_one_synchronized_one_refused(emulator, awx_job):
    """Pair 1 is synchronized; pair 2's receiving peer holds another administrator's change, so nothing is sent
    there: the job fails (rc 2), and both pairs are in the aggregated stats, the failed one as blocked."""
    keys = api_keys(emulator, 0) + api_keys(emulator, 1)
    a2, b2 = names(emulator, 1)
    emulator.control.pending_change(b2, "other-admin", DEV + "/deviceconfig/system", "<domain>other.example.com</domain>")
    job = awx_job("sync.yml", inventory(emulator, pairs=(0, 1)), credential=credential(emulator),
                  extravars={"sync_force": True}, expect_rc=2)
    assert job.status == "failed"
    assert (job.artifact_dir / "rc").read_text().strip() == "2" and (job.artifact_dir / "status").read_text() == "failed"
    stats = job.stats["hapair_panos_sync"]
    assert sorted(stats) == ["pair1", "pair2"]
    ok, refused = stats["pair1"], stats["pair2"]
    reports = job.project_dir / "reports"
    source, receiver = ("%s:%s" % (emulator.peer(0, i)["host"], emulator.peer(0, i)["port"]) for i in (0, 1))
    assert ok == {"result": "ok", "changed": ["running-config from %s to %s" % (source, receiver)],
                  "blockers": [], "error": None, "synchronized": True, "check_mode": False,
                  "report": str(reports / "sync-pair1.json")}, ok
    assert refused["result"] == "blocked" and refused["changed"] == [] and refused["synchronized"] is None, refused
    assert [b["code"] for b in refused["blockers"]] == ["peer_pending_change"], refused
    receiver = "%s:%s" % (emulator.peer(1, 1)["host"], emulator.peer(1, 1)["port"])
    assert refused["blockers"][0]["peer"] == receiver and "Nothing was changed" in refused["error"], refused
    assert refused["report"] == str(reports / "sync-pair2.json")
    assert not emulator.control.requests(a2)["state_changing"]
    for pair, entry in stats.items():
        report = job.report(entry["report"])
        assert report["pair"] == pair and report["result"] == entry["result"]
    # pair 2 failed twice: at the refused sync (rescued, to record it), then the runbook failed it again
    assert job.failed_tasks() == ["Synchronize the target from the active peer", "Fail the pair that failed above"]
    job.assert_no_secrets(FIXED_SECRETS + keys, also=sorted(reports.iterdir()))


def test_check_mode_predicts_and_bad_input_is_recorded(emulator, awx_job):
    """--check (an AWX job template's job type "Check"): ok, check_mode, what would be sent, nothing sent. Then a
    survey answer the role's argument spec refuses: the pair is still recorded, as failed, and nothing is sent."""
    check = awx_job("sync.yml", inventory(emulator), credential=credential(emulator), extravars={"sync_force": True},
                    check=True, expect_rc=0)
    entry = check.stats["hapair_panos_sync"]["pair1"]
    assert entry["result"] == "ok" and entry["check_mode"] is True and len(entry["changed"]) == 1, entry
    # the reports are the run's artefact: written in check mode too (hapair.panos.report, hapair.panos.fleet_report)
    assert check.report(entry["report"])["check_mode"] is True
    fleet = json.loads((check.project_dir / "reports" / "fleet-sync.json").read_text())
    assert fleet["check_mode"] is True and fleet["counts"]["ok"] == 1 and fleet["pairs"][0]["changed"] == entry["changed"]
    bad = awx_job("sync.yml", inventory(emulator), credential=credential(emulator), extravars={"sync_target": "everything"},
                  expect_rc=2)
    entry = bad.stats["hapair_panos_sync"]["pair1"]
    assert entry["result"] == "failed" and "sync_target" in entry["error"] and entry["changed"] == [], entry
    assert bad.report(entry["report"])["result"] == "failed"
    assert not any(emulator.control.requests(n)["state_changing"] for n in names(emulator))
