"""The failover_test runbook as an AWX job (ansible_runner.run): set_stats per pair, the reports, exit status, no
secret, and the change-window knobs given as AWX extra variables."""

from conftest import FIXED_SECRETS, api_keys, credential, inventory, names


def test_one_pair_failed_over_one_refused(emulator, awx_job):
    """Pair 1 is failed over and back; pair 2's HA2 link is down, so it is refused before anything is sent. With
    hapair_panos_serial 2 and hapair_panos_max_fail_percentage 100 (extra variables: the play keywords are templated
    from them) both pairs are one batch and the refused pair does not stop pair 1; both are in the aggregated stats
    and the job fails (rc 2)."""
    keys = api_keys(emulator, 0) + api_keys(emulator, 1)
    a1, b1 = names(emulator, 0)
    emulator.control.session(a1, src="10.0.0.1", dst="192.0.2.80", dport=443, app="ssl")
    emulator.control.links("pair2", ha2="down")
    job = awx_job("failover_test.yml", inventory(emulator, pairs=(0, 1)), credential=credential(emulator),
                  extravars={"hapair_panos_serial": 2, "hapair_panos_max_fail_percentage": 100,
                             "failover_test_poll_interval": 1}, expect_rc=2)
    assert job.status == "failed"
    stats = job.stats["hapair_panos_failover_test"]
    assert sorted(stats) == ["pair1", "pair2"]
    ok, refused = stats["pair1"], stats["pair2"]
    reports = job.project_dir / "reports"
    label_a = "%s (%s:%s)" % (emulator.peer(0, 0)["hostname"], emulator.peer(0, 0)["host"], emulator.peer(0, 0)["port"])
    assert ok["result"] == "ok" and ok["error"] is None and ok["check_mode"] is False, ok
    assert ok["changed"] == ["suspended " + label_a, "made %s functional again" % label_a], ok
    assert ok["active_before"] == label_a and ok["active_after"] != label_a and ok["preemption"] is False, ok
    assert ok["report"] == str(reports / "failover-test-pair1.json")
    assert [emulator.control.device(n)["ha"]["state"] for n in (a1, b1)] == ["passive", "active"]
    assert refused["result"] == "blocked" and refused["changed"] == [], refused
    assert "ha2_down" in [b["code"] for b in refused["blockers"]], refused
    assert not any(emulator.control.requests(n)["state_changing"] for n in names(emulator, 1))
    for pair, entry in stats.items():
        assert job.report(entry["report"])["result"] == entry["result"], pair
    job.assert_no_secrets(FIXED_SECRETS + keys, also=sorted(reports.iterdir()))
