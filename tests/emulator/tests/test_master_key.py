"""Master key: properties, the synchronous change and the commit it starts, its validation, and what a change does
to API keys and config (REAL behaviour: demisto/content test_data/get_master_key.xml and create_master_key.xml)."""

import re

import pan.xapi
import pytest

from emu_helpers import DEV, api_key, jobs, raw, wait_for, wait_job, xapi
from panos_emulator.client import ControlError

SECRET = "/config/shared/server-profile/ldap/entry[@name='corp-ldap']/bind-password"
ADDR = DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='%s']"

NEW = "0123456789abcdef"


def properties(emu, peer=0):
    x = xapi(emu, peer)
    x.op("show system masterkey-properties", cmd_xml=True)
    return {c.tag: c.text for c in x.element_result}


def request(new, current=None, lifetime=8760, reminder=None, on_hsm=None):
    parts = ["<new-master-key>%s</new-master-key>" % new]
    if current is not None:
        parts.append("<current-master-key>%s</current-master-key>" % current)
    if lifetime is not None:
        parts.append("<lifetime>%s</lifetime>" % lifetime)
    if reminder is not None:
        parts.append("<reminder>%s</reminder>" % reminder)
    if on_hsm is not None:
        parts.append("<on-hsm>%s</on-hsm>" % on_hsm)
    return "<request><master-key>%s</master-key></request>" % "".join(parts)


def test_default_key_properties(emu):
    props = properties(emu)
    assert list(props)[:5] == ["expire-at", "remind-at", "hours-to-expiry", "minutes-to-expiry", "seconds-to-expiry"]
    assert props["expire-at"] == "0" and props["remind-at"] == "0"  # never changed: "unspecified"
    assert (props["hours-to-expiry"], props["minutes-to-expiry"], props["seconds-to-expiry"]) == ("0", "0", "0")
    assert props["on-hsm"] == "no" and "auto-renew-mkey" in props


def change(emu, peer=0, **kw):
    """request master-key through pan.xapi; returns the id of the commit job the reply names."""
    x = xapi(emu, peer)
    x.op(request(**kw))
    text = x.element_result.text
    assert (x.status, x.status_code, len(x.element_result)) == ("success", None, 0), x.xml_document
    m = re.fullmatch(r"Master key changed successfully\. All key material has been re-encrypted with new master key "
                     r"and committed via jobid (\d+)", text)
    assert m, text
    return int(m.group(1))


def commit_job(emu, jobid, device="pair1-a"):
    return wait_for(lambda: next((j for j in jobs(emu, device) if j["id"] == jobid and j["status"] == "FIN"), None),
                    what="commit job %d" % jobid)


def test_change_is_synchronous_and_commits_as_a_job(emu):
    emu.control.timings("pair1-a", master_key=2)
    before = emu.control.device("pair1-a")["master_key_fingerprint"]
    jobid = change(emu, new=NEW, lifetime=100, reminder=10)
    dev = emu.control.device("pair1-a")
    assert dev["master_key_fingerprint"] != before  # changed before the job finishes
    assert (dev["master_key_lifetime_hours"], dev["master_key_reminder_hours"]) == (100, 10)
    job = [j for j in dev["jobs"] if j["id"] == jobid][0]
    assert (job["type"], job["tag"], job["status"]) == ("Commit", "MasterKey", "ACT")
    assert jobid > 2  # AutoCom and FqdnRefresh came first
    x = xapi(emu)
    x.op('show jobs id "%d"' % jobid, cmd_xml=True)
    assert x.element_result.findtext("job/type") == "Commit"
    emu.control.timings("pair1-a", master_key=0.1)
    assert commit_job(emu, jobid)["result"] == "OK"


def test_properties_count_whole_units_and_the_reminder_lead(emu):
    change(emu, new=NEW, lifetime=100, reminder=10)
    props = properties(emu)
    hours, minutes, seconds = (int(props[k]) for k in ("hours-to-expiry", "minutes-to-expiry", "seconds-to-expiry"))
    assert 99 * 3600 < seconds <= 100 * 3600
    assert (minutes, hours) == (seconds // 60, seconds // 3600)  # each the whole time left in its unit (REAL)
    # the reminder's lead time before expiry, not a countdown (REAL: 24 / 1440 / 86400 for a 24-hour reminder)
    assert (props["hours-to-reminder"], props["minutes-to-reminder"], props["seconds-to-reminder"]) == (
        "10", "600", "36000")
    assert re.fullmatch(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d", props["expire-at"])
    assert re.fullmatch(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d", props["remind-at"])


def test_second_change_needs_the_current_key(emu):
    commit_job(emu, change(emu, new=NEW))
    x = xapi(emu)
    with pytest.raises(pan.xapi.PanXapiError, match="Current master key is incorrect"):
        x.op(request("fedcba9876543210"))
    with pytest.raises(pan.xapi.PanXapiError, match="Current master key is incorrect"):
        x.op(request("fedcba9876543210", current="wrongwrongwrong!"))
    assert commit_job(emu, change(emu, new="fedcba9876543210", current=NEW))["result"] == "OK"


@pytest.mark.parametrize("kw, text", [
    ({"new": "short"}, "16 characters"),
    ({"new": NEW, "lifetime": 0}, "lifetime"),
    ({"new": NEW, "lifetime": 17521}, "lifetime"),
    ({"new": NEW, "lifetime": "abc"}, "lifetime"),
    ({"new": NEW, "lifetime": 10, "reminder": 10}, "reminder"),
])
def test_invalid_requests_are_refused_before_any_change(emu, kw, text):
    before = emu.control.device("pair1-a")["master_key_fingerprint"]
    x = xapi(emu)
    with pytest.raises(pan.xapi.PanXapiError, match=text):
        x.op(request(**kw))
    assert x.status_code == "17"
    assert jobs(emu, "pair1-a") == []
    assert emu.control.device("pair1-a")["master_key_fingerprint"] == before


def test_missing_new_key_is_incomplete(emu):
    x = xapi(emu)
    with pytest.raises(pan.xapi.PanXapiError, match="incomplete"):
        x.op("<request><master-key><lifetime>10</lifetime></master-key></request>")


def test_failed_master_key_commit_keeps_the_new_key(emu):
    """fail-next MasterKey names the commit a key change starts; the change itself was synchronous (ASSUMED)."""
    before = emu.control.device("pair1-a")["master_key_fingerprint"]
    emu.control.fail_next("pair1-a", "MasterKey", ["Error: injected", "(Module: device)", "Commit failed"])
    job = commit_job(emu, change(emu, new=NEW))
    assert (job["result"], job["details"]) == ("FAIL", ["Error: injected", "(Module: device)", "Commit failed"])
    assert emu.control.device("pair1-a")["master_key_fingerprint"] != before


def test_change_reencrypts_config_secrets_at_once(emu):
    x = xapi(emu)
    x.show(SECRET)
    before = x.element_result.findtext("bind-password")
    assert before.startswith("-AQ==")
    emu.control.timings("pair1-a", master_key=2)
    change(emu, new=NEW)
    x2 = xapi(emu)
    x2.show(SECRET)  # before the commit job finishes
    after = x2.element_result.findtext("bind-password")
    assert after.startswith("-AQ==") and after != before


def test_the_commit_of_a_key_change_leaves_other_admins_changes_pending(emu):
    emu.control.pending_change("pair1-a", "other-admin", ADDR % "theirs", "<ip-netmask>10.8.8.8</ip-netmask>")
    assert commit_job(emu, change(emu, new=NEW))["result"] == "OK"
    assert list(emu.control.device("pair1-a")["pending_changes"]) == ["other-admin"]
    x = xapi(emu)
    with pytest.raises(pan.xapi.PanXapiError, match="No such node"):
        x.show(ADDR % "theirs")


def test_with_config_sync_on_the_key_commit_auto_syncs_and_the_peer_cannot_decrypt(emu):
    """Why the vendor says to switch config sync off first (ASSUMED consequence, see ASSUMPTIONS.md)."""
    assert commit_job(emu, change(emu, new=NEW))["result"] == "OK"
    sync = wait_job(emu, "pair1-b", "HA-Sync")
    assert sync["result"] == "FAIL" and sync["details"][-2:] == ["(Module: device)", "Commit failed"]


def test_after_job_master_key_fault_fires_when_the_key_commit_finishes(emu):
    emu.control.fault("pair1-a", "http_error", status=503, count=1, after_job="MasterKey")
    jobid = change(emu, new=NEW)
    commit_job(emu, jobid)
    wait_for(lambda: emu.control.device("pair1-a")["faults"]["http_error_count"] == 1, what="armed fault")
    assert raw(emu, {"type": "version"}).status == 503


def test_old_api_keys_stop_working_at_once(emu):
    key = api_key(emu)
    emu.control.timings("pair1-a", master_key=2)
    change(emu, new=NEW)
    r = raw(emu, {"type": "op", "cmd": "<show><clock/></show>", "key": key})
    assert r.status == 403
    xapi(emu, api_key=api_key(emu), api_username=None, api_password=None).op("show clock", cmd_xml=True)


def test_the_master_key_is_not_synced_to_the_peer(emu):
    commit_job(emu, change(emu, new=NEW))
    a, b = emu.control.device("pair1-a"), emu.control.device("pair1-b")
    assert a["master_key_fingerprint"] != b["master_key_fingerprint"]
    assert properties(emu, 1)["expire-at"] == "0"


def test_control_sets_the_expiry_without_changing_the_key(emu):
    """POST /devices/NAME/master-key-expiry (test state for expiry thresholds): the properties count down to the new
    expiry, the key and its API keys stay; negative hours give an expired key (0 everywhere but the dates)."""
    before = emu.control.device("pair1-a")["master_key_fingerprint"]
    key = api_key(emu)
    answer = emu.control.master_key_expiry("pair1-a", 240, reminder_hours=48)
    assert answer["expire-at"] == properties(emu)["expire-at"] != "0"
    props = properties(emu)
    assert 240 * 3600 - 60 <= int(props["seconds-to-expiry"]) <= 240 * 3600
    assert props["hours-to-reminder"] == "48" and props["remind-at"] != "0"
    dev = emu.control.device("pair1-a")
    assert dev["master_key_fingerprint"] == before and dev["master_key_lifetime_hours"] == 8760
    assert raw(emu, {"type": "op", "cmd": "<show><clock/></show>", "key": key}).status == 200  # keys still valid
    emu.control.master_key_expiry("pair1-a", -2)
    expired = properties(emu)
    assert (expired["hours-to-expiry"], expired["seconds-to-expiry"]) == ("0", "0")
    assert expired["expire-at"] < answer["expire-at"] and expired["expire-at"] != "0"
    assert properties(emu, 1)["expire-at"] == "0"  # the peer's key is its own
    with pytest.raises(ControlError, match="longer than the lifetime"):
        emu.control.master_key_expiry("pair1-a", 9000)
    with pytest.raises(ControlError, match="lifetime_hours"):
        emu.control.master_key_expiry("pair1-a", 10, lifetime_hours=0)
    emu.control.master_key_expiry("pair1-b", 9000, lifetime_hours=17520)
    assert 8999 * 3600 < int(properties(emu, 1)["seconds-to-expiry"]) <= 9000 * 3600
