"""Fidelity of jobs, commits and the master key: show jobs (the device's own jobs, tfin per schema), commit
replies, failed-commit detail lines, show system masterkey-properties and request master-key."""

import re

from emu_helpers import DEV, api_key, assert_shape, jobs, one_line, op, raw, sample, wait_job, xapi
from shapes import parse

ADDR = DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='%s']"


# ---------------------------------------------------------------------- jobs and commit
def commit_something(emu, peer=0, name="fid"):
    x = xapi(emu, peer)
    x.set(xpath=ADDR % name, element="<ip-netmask>10.0.0.1</ip-netmask>")
    x.commit(cmd="<commit/>")
    return x.element_root, int(x.element_result.findtext("job"))


def show_job(emu, jobid, peer=0):
    return op(emu, "<show><jobs><id>%d</id></jobs></show>" % jobid, peer=peer).body


def test_commit_enqueued(emu):
    x = xapi(emu)
    x.set(xpath=ADDR % "fid", element="<ip-netmask>10.0.0.1</ip-netmask>")
    r = raw(emu, {"type": "commit", "cmd": "<commit></commit>", "key": api_key(emu)})
    jobid = parse(r.body).findtext("result/job")
    expected = sample("commit.enqueued.code19.xml").strip().replace(b"jobid 2", b"jobid " + jobid.encode()).replace(
        b"<job>2</job>", b"<job>" + jobid.encode() + b"</job>")
    assert r.body == expected


def test_commit_no_changes_is_byte_identical(emu):
    r = raw(emu, {"type": "commit", "cmd": "<commit></commit>", "key": api_key(emu)})
    assert r.body == sample("commit.no-changes.code19.xml").strip()


def test_commit_refused_by_another_admins_commit_lock_is_byte_identical(emu):
    emu.control.lock("pair1-a", "other-admin", kind="commit")
    xapi(emu).set(xpath=ADDR % "fid", element="<ip-netmask>10.0.0.1</ip-netmask>")
    r = raw(emu, {"type": "commit", "cmd": "<commit></commit>", "key": api_key(emu)})
    assert r.body == sample("commit.commit-locked.code14.panorama-11.1.6.xml")


def test_show_jobs_id_commit_fin_ok_10x(emu):
    _, jobid = commit_something(emu)
    wait_job(emu, "pair1-a", "Commit")
    body = show_job(emu, jobid)
    # the sample's commit had a warning line; ours have none (the element is there, empty)
    assert_shape("op_show_jobs_id.commit.fin-ok.panorama-11.1.6.xml", body, ignore=["result/job/warnings/line"])
    job = parse(body).find("result/job")
    assert (job.findtext("status"), job.findtext("result"), job.findtext("progress")) == ("FIN", "OK", "100")
    assert re.fullmatch(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d", job.findtext("tenq"))
    assert re.fullmatch(r"\d\d:\d\d:\d\d", job.findtext("tdeq"))
    assert re.fullmatch(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d", job.findtext("tfin"))  # 10.x: date and time


def test_show_jobs_id_commit_fin_ok_9_1(emu91):
    _, jobid = commit_something(emu91)
    wait_job(emu91, "pair1-a", "Commit")
    body = show_job(emu91, jobid)
    assert_shape("op_show_jobs_id.commit.fin-ok.pan-os-8.1.xml", body)
    job = parse(body).find("result/job")
    assert re.fullmatch(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d", job.findtext("tenq"))
    assert re.fullmatch(r"\d\d:\d\d:\d\d", job.findtext("tfin"))  # time only, as in the 8.1 sample


def test_show_jobs_id_of_an_unknown_job_is_byte_identical(emu):
    assert show_job(emu, 19) == sample("op_show_jobs_id.not-found.code7.panorama-11.1.6.xml")


def test_show_jobs_id_commit_act_pend(emu):
    emu.control.commit_job("pair1-a", "admin", seconds=5)
    body = show_job(emu, jobs(emu, "pair1-a")[0]["id"])
    assert_shape("op_show_jobs_id.commit.act-pend.progress0.xml", body)
    job = parse(body).find("result/job")
    assert (job.findtext("status"), job.findtext("result"), job.findtext("tfin")) == ("ACT", "PEND", "Still Active")
    assert job.findtext("stoppable") == "yes" and int(job.findtext("progress")) < 99


def test_show_jobs_id_commit_fin_fail(emu):
    emu.control.fail_next("pair1-a", "Commit", ["Bad config", "Commit failed"])
    _, jobid = commit_something(emu)
    wait_job(emu, "pair1-a", "Commit")
    body = show_job(emu, jobid)
    assert_shape("op_show_jobs_id.commit.fin-fail.pan-os-5-era.xml", body)
    real, ours = parse(sample("op_show_jobs_id.commit.fin-fail.pan-os-5-era.xml")), parse(body)
    assert [e.text for e in ours.findall("result/job/details/line")] == [
        e.text for e in real.findall("result/job/details/line")]


def test_failed_commit_details_follow_the_real_line_style(emu):
    """pan-python issue 25: "Error: ..." lines, then "(Module: device)", then "Commit failed". The master-key
    mismatch of an HA-Sync follows it; the jumbo-frame failure keeps the seed's own REAL lines (test_blockers)."""
    text = sample("commit.job-details.pan-python-issue-25.txt").decode()
    real = [line.strip().strip('"') for line in text.split('commit: success: "', 1)[1].splitlines()]
    assert real[-2:] == ["(Module: device)", "Commit failed"] and real[1].startswith("Error: ")
    # a key change on b commits and auto-syncs to a, which cannot decrypt b's values
    op(emu, "<request><master-key><new-master-key>0123456789abcdef</new-master-key><lifetime>100</lifetime>"
            "</master-key></request>", peer=1)
    details = wait_job(emu, "pair1-a", "HA-Sync")["details"]
    assert details[-2:] == real[-2:] and details[0].startswith("Error: ")


def test_ha_sync_job_has_the_generic_job_schema(emu):
    commit_something(emu)
    sync = wait_job(emu, "pair1-b", "HA-Sync")
    assert_shape("op_show_jobs_id.commit.fin-ok.pan-os-8.1.xml", show_job(emu, sync["id"], peer=1))


def test_show_jobs_all_holds_the_devices_own_jobs(emu):
    """pan-os-upgrade-assurance recordings: AutoCom is job 1 (no user, two detail lines), other jobs of the device
    itself, and an id-less Failed-Job entry; newest first."""
    commit_something(emu, name="one")
    wait_job(emu, "pair1-a", "Commit")
    body = op(emu, "<show><jobs><all/></jobs></show>").body
    assert_shape("op_show_jobs_all.fin-ok.xml", body)
    assert_shape("op_show_jobs_all.with-failed-job-entry-no-id.xml", body)
    real = parse(sample("op_show_jobs_all.with-failed-job-entry-no-id.xml"))
    listed = parse(body).findall("result/job")
    ids = [j.findtext("id") for j in listed]
    assert ids[-1] == "1" and None in ids  # AutoCom last (oldest), one entry without an id
    numbered = [int(i) for i in ids if i]
    assert numbered == sorted(numbered, reverse=True) and numbered[0] >= 3  # ours came after the device's
    autocom, failed = listed[-1], listed[ids.index(None)]
    real_autocom, real_failed = real.findall("result/job")[-1], real.findall("result/job")[1]
    for tag in ("type", "user", "status", "result"):
        assert autocom.findtext(tag) == (real_autocom.findtext(tag) or ""), tag
    assert [e.text for e in autocom.findall("details/line")] == [e.text for e in real_autocom.findall("details/line")]
    assert [c.tag for c in failed] == [c.tag for c in real_failed]
    assert failed.findtext("details/line") == real_failed.findtext("details/line")
    assert re.fullmatch(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d", autocom.findtext("tfin"))  # 10.x, as the sample


# ---------------------------------------------------------------------- master key
def test_masterkey_properties_have_the_real_fields_order_and_format(emu):
    name = "op_show_system_masterkey-properties.demisto.xml"
    op(emu, "<request><master-key><new-master-key>0123456789abcdef</new-master-key><lifetime>288</lifetime>"
            "<reminder>24</reminder></master-key></request>")
    body = op(emu, "<show><system><masterkey-properties/></system></show>").body
    assert_shape(name, body)
    real, ours = parse(sample(name)), parse(body)
    assert [c.tag for c in ours.find("result")] == [c.tag for c in real.find("result")]
    for tag in ("expire-at", "remind-at"):
        assert re.fullmatch(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d", ours.findtext("result/" + tag))
    for tag in ("hours-to-reminder", "minutes-to-reminder", "seconds-to-reminder"):  # a 24-hour reminder: as real
        assert ours.findtext("result/" + tag) == real.findtext("result/" + tag), tag
    seconds = int(ours.findtext("result/seconds-to-expiry"))
    assert int(ours.findtext("result/minutes-to-expiry")) == seconds // 60
    assert int(ours.findtext("result/hours-to-expiry")) == seconds // 3600 == 287  # 288 h lifetime, just changed


def test_request_master_key_reply_is_byte_identical_but_for_the_job_id(emu):
    r = op(emu, "<request><master-key><new-master-key>0123456789abcdef</new-master-key><lifetime>100</lifetime>"
                "</master-key></request>")
    jobid = r.text.rsplit("jobid ", 1)[1].split("<", 1)[0]
    assert r.body == one_line(sample("op_request_master-key.success.demisto.xml")).replace(b"1234", jobid.encode())
    assert jobs(emu, "pair1-a")[0]["id"] == int(jobid)
