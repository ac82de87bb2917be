"""The peer_settings runbook as an AWX job (ansible_runner.run): set_stats per pair, the report, rc, no secret (the
SNMP community it writes included)."""

from conftest import COMMUNITY, DEV, FIXED_SECRETS, api_keys, credential, inventory, names

SNMP = DEV + "/deviceconfig/system/snmp-setting"
SNMP_SETTINGS = {"location": "rack 7", "contact": "noc@example.com", "version": "v2c", "community": COMMUNITY}
SETTINGS = {"peer_settings_common": {"snmp": SNMP_SETTINGS},
            "peer_settings_peers": {"provider": {"management": {"hostname": "fw-awx-a"}},
                                    "peer_provider": {"management": {"hostname": "fw-awx-b"}}}}


def test_applied(emulator, awx_job):
    keys = api_keys(emulator)
    job = awx_job("peer_settings.yml", inventory(emulator, **SETTINGS), credential=credential(emulator), expect_rc=0)
    entry = job.stats["hapair_panos_peer_settings"]["pair1"]
    report_file = job.project_dir / "reports" / "peer-settings-pair1.json"
    assert entry["result"] == "ok" and entry["blockers"] == [] and entry["drift"] == [] and entry["error"] is None, entry
    assert entry["report"] == str(report_file) and entry["check_mode"] is False
    # each peer's changed settings by name (the community's name, never its value)
    for index in (0, 1):
        peer = "%s:%s" % (emulator.peer(0, index)["host"], emulator.peer(0, index)["port"])
        changed = [c.split(": ", 1)[1] for c in entry["changed"] if c.startswith(peer + ": ")]
        assert "management.hostname" in changed and any(c.startswith("snmp.") for c in changed), entry["changed"]
    report = job.report(report_file)
    assert report["result"] == "ok" and report["summary"]["pair"] == "pair1"
    job.assert_no_secrets(FIXED_SECRETS + keys, also=[report_file])


def test_another_admins_change_blocks_before_any_change(emulator, awx_job):
    keys = api_keys(emulator)
    a, b = names(emulator)
    emulator.control.pending_change(a, "other-admin", SNMP + "/snmp-system", "<location>other</location>")
    job = awx_job("peer_settings.yml", inventory(emulator, **SETTINGS), credential=credential(emulator), expect_rc=2)
    entry = job.stats["hapair_panos_peer_settings"]["pair1"]
    assert entry["result"] == "blocked" and entry["changed"] == [], entry
    assert "foreign_pending_change" in [b["code"] for b in entry["blockers"]], entry
    assert "refused before any change" in entry["error"]
    assert not emulator.control.requests(b)["state_changing"]
    assert job.report(entry["report"])["result"] == "blocked"
    job.assert_no_secrets(FIXED_SECRETS + keys, also=[entry["report"]])
