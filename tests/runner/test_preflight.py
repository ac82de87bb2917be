"""The preflight runbook as an AWX job (ansible_runner.run): set_stats per pair, the report, exit status, no secret."""

from conftest import FIXED_SECRETS, PASSWORD, api_keys, credential, inventory, names

JUMBO = ("/config/devices/entry[@name='localhost.localdomain']/deviceconfig/setting",
         "<jumbo-frame><mtu>9192</mtu></jumbo-frame>")


def test_ready_pair_with_awx_network_credential(emulator, awx_job):
    """Username and password from AWX's built-in Network credential (ANSIBLE_NET_USERNAME / _PASSWORD), the CA from
    the collection's credential type (its file injector) with no username or password: the pair is ready, rc 0,
    the report where the stats say."""
    keys = api_keys(emulator)
    job = awx_job("preflight.yml", inventory(emulator), credential=credential(emulator, username=None, password=None),
                  network_credential={"username": "admin", "password": PASSWORD}, expect_rc=0)
    assert job.status == "successful" and (job.artifact_dir / "rc").read_text().strip() == "0"
    entry = job.stats["hapair_panos_preflight"]["pair1"]
    report_file = job.project_dir / "reports" / "preflight-pair1.json"
    assert entry == {"result": "ok", "changed": [], "blockers": [], "warnings": entry["warnings"], "error": None,
                     "check_mode": False, "report": str(report_file)}, entry
    report = job.report(report_file)
    assert report["ready"] is True and report["pair"] == "pair1" and entry["warnings"] == [f["code"] for f in report["warnings"]]
    job.assert_no_secrets(FIXED_SECRETS + keys, also=[report_file])


def test_blocker_and_unreachable_pair(emulator, awx_job):
    """Pair 1 has a blocker (jumbo frames on one peer only): blocked, with the blocker; pair 2's provider peer refuses
    connections: blocked too, by peer_unreachable (the preflight's finding for a peer it cannot read).
    rc 2, both reports written, both pairs in the stats."""
    keys = api_keys(emulator, 0) + api_keys(emulator, 1)
    emulator.control.config(names(emulator, 0)[1], *JUMBO)
    emulator.control.fault(names(emulator, 1)[0], "refuse")
    try:
        job = awx_job("preflight.yml", inventory(emulator, pairs=(0, 1)), credential=credential(emulator), expect_rc=2)
    finally:
        emulator.control.clear_faults(names(emulator, 1)[0])
    assert job.status == "failed"
    stats = job.stats["hapair_panos_preflight"]
    blocked, unreachable = stats["pair1"], stats["pair2"]
    assert blocked["result"] == "blocked" and blocked["error"] is None, blocked
    assert [b["code"] for b in blocked["blockers"]] == ["jumbo_frame_mismatch"]
    assert set(blocked["blockers"][0]) == {"code", "peer", "message"}
    assert unreachable["result"] == "blocked" and unreachable["error"] is None, unreachable
    assert [b["code"] for b in unreachable["blockers"]] == ["peer_unreachable"]
    assert unreachable["blockers"][0]["peer"] == "%s:%s" % (emulator.peer(1, 0)["host"], emulator.peer(1, 0)["port"])
    for pair, entry in stats.items():
        assert entry["report"] == str(job.project_dir / "reports" / ("preflight-%s.json" % pair))
        assert job.report(entry["report"])["pair"] == pair
    job.assert_no_secrets(FIXED_SECRETS + keys, also=sorted((job.project_dir / "reports").iterdir()))


def test_refused_input_is_still_recorded(emulator, awx_job):
    """An unknown check code from a survey is refused by the module before anything is sent; the pair is recorded
    as failed with the module's message."""
    job = awx_job("preflight.yml", inventory(emulator), credential=credential(emulator),
                  extravars={"preflight_checks": ["no_such_check"]}, expect_rc=2)
    entry = job.stats["hapair_panos_preflight"]["pair1"]
    assert entry["result"] == "failed" and "no_such_check" in entry["error"], entry
    assert not any(emulator.control.requests(n)["state_changing"] for n in names(emulator))
