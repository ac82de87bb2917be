"""The drift_report runbook as an AWX job (ansible_runner.run), and the report directory rule: set_stats per pair,
the report where hapair_panos_report_dir / HAPAIR_PANOS_REPORT_DIR / the working directory say, never where $PWD or
the inventory are."""

import json
import os

from conftest import FIXED_SECRETS, api_keys, credential, inventory, names


def test_no_drift_report_in_the_project_directory_without_pwd(emulator, awx_job, monkeypatch):
    """$PWD unset in ansible-runner's environment (it wrote /drift-reports that way): the report goes to reports/ in
    ansible-runner's working directory (the project directory), found by os.getcwd()."""
    keys = api_keys(emulator)
    monkeypatch.delenv("PWD", raising=False)
    job = awx_job("drift_report.yml", inventory(emulator), credential=credential(emulator),
                  extravars={"drift_report_fail": True}, expect_rc=0)
    entry = job.stats["hapair_panos_drift_report"]["pair1"]
    report_file = job.project_dir / "reports" / "drift-pair1-active-passive.json"
    assert entry == {"result": "ok", "changed": [], "blockers": [], "error": None, "check_mode": False,
                     "report": str(report_file)}, entry
    assert job.report(report_file)["drift"]["ok"] is True
    assert not (job.private_data_dir / "inventory" / "reports").exists()
    job.assert_no_secrets(FIXED_SECRETS + keys, also=[report_file])


def test_report_dir_from_the_environment_and_a_misleading_pwd(emulator, awx_job, tmp_path):
    """HAPAIR_PANOS_REPORT_DIR (what an AWX job template or execution environment sets) wins over the working
    directory; a $PWD that names another directory is not used."""
    target = tmp_path / "kept-reports"
    job = awx_job("drift_report.yml", inventory(emulator), credential=credential(emulator),
                  envvars={"HAPAIR_PANOS_REPORT_DIR": str(target), "PWD": str(tmp_path / "elsewhere")}, expect_rc=0)
    entry = job.stats["hapair_panos_drift_report"]["pair1"]
    assert entry["report"] == str(target / "drift-pair1-active-passive.json") and os.path.isfile(entry["report"])
    assert oct(target.stat().st_mode & 0o777) == "0o700"
    assert not (job.project_dir / "reports").exists() and not (tmp_path / "elsewhere").exists()


def test_relative_report_dir_variable_and_an_unreadable_pair(emulator, awx_job):
    """hapair_panos_report_dir=out (an extra variable, relative: to the working directory) wins over the
    environment; pair 2's peer refuses connections: failed, recorded with the error and no report, rc 2."""
    keys = api_keys(emulator, 0) + api_keys(emulator, 1)
    refused = names(emulator, 1)[1]
    emulator.control.fault(refused, "refuse")
    try:
        job = awx_job("drift_report.yml", inventory(emulator, pairs=(0, 1)), credential=credential(emulator),
                      extravars={"hapair_panos_report_dir": "out"}, envvars={"HAPAIR_PANOS_REPORT_DIR": "/nonexistent"},
                      expect_rc=2)
    finally:
        emulator.control.clear_faults(refused)
    stats = job.stats["hapair_panos_drift_report"]
    assert stats["pair1"]["result"] == "ok" and stats["pair1"]["report"] == str(job.project_dir / "out" / "drift-pair1-active-passive.json")
    assert stats["pair2"]["result"] == "failed" and stats["pair2"]["report"] is None and stats["pair2"]["error"], stats["pair2"]
    assert sorted(p.name for p in (job.project_dir / "out").iterdir()) == [
        "drift-pair1-active-passive.json", "fleet-drift_report.html", "fleet-drift_report.json", "fleet-drift_report.junit.xml"]
    fleet = json.loads((job.project_dir / "out" / "fleet-drift_report.json").read_text())
    assert {p["pair"]: p["result"] for p in fleet["pairs"]} == {"pair1": "ok", "pair2": "failed"}
    job.assert_no_secrets(FIXED_SECRETS + keys, also=[stats["pair1"]["report"]])
