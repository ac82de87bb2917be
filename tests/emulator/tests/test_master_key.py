"""Master key: properties, the change job, its validation, and what a change does to API keys and config."""

import pan.xapi
import pytest

from emu_helpers import api_key, jobs, wait_job, xapi

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


def test_change_runs_a_job_and_sets_lifetime_and_reminder(emu):
    x = xapi(emu)
    x.op(request(NEW, lifetime=100, reminder=10))
    jobid = int(x.element_result.findtext("job"))
    assert x.status_code == "19"
    assert "jobid %d" % jobid in x.element_result.findtext("msg/line")
    job = wait_job(emu, "pair1-a", "MasterKey")
    assert (job["id"], job["result"]) == (jobid, "OK")
    props = properties(emu)
    assert props["expire-at"] != "0"
    assert int(props["hours-to-expiry"]) in (99, 100)
    assert int(props["hours-to-reminder"]) in (89, 90)
    dev = emu.control.device("pair1-a")
    assert (dev["master_key_lifetime_hours"], dev["master_key_reminder_hours"]) == (100, 10)


def test_second_change_needs_the_current_key(emu):
    xapi(emu).op(request(NEW))
    wait_job(emu, "pair1-a", "MasterKey")
    x = xapi(emu)
    with pytest.raises(pan.xapi.PanXapiError, match="Current master key is incorrect"):
        x.op(request("fedcba9876543210"))
    with pytest.raises(pan.xapi.PanXapiError, match="Current master key is incorrect"):
        x.op(request("fedcba9876543210", current="wrongwrongwrong!"))
    x.op(request("fedcba9876543210", current=NEW))
    assert wait_job(emu, "pair1-a", "MasterKey", count=2)["result"] == "OK"


@pytest.mark.parametrize("kw, text", [
    ({"new": "short"}, "16 characters"),
    ({"new": NEW, "lifetime": 0}, "lifetime"),
    ({"new": NEW, "lifetime": 17521}, "lifetime"),
    ({"new": NEW, "lifetime": "abc"}, "lifetime"),
    ({"new": NEW, "lifetime": 10, "reminder": 10}, "reminder"),
])
def test_invalid_requests_are_refused_before_any_job(emu, kw, text):
    x = xapi(emu)
    with pytest.raises(pan.xapi.PanXapiError, match=text):
        x.op(request(**kw))
    assert x.status_code == "17"
    assert jobs(emu, "pair1-a") == []


def test_missing_new_key_is_incomplete(emu):
    x = xapi(emu)
    with pytest.raises(pan.xapi.PanXapiError, match="incomplete"):
        x.op("<request><master-key><lifetime>10</lifetime></master-key></request>")


def test_failed_master_key_job_keeps_the_old_key(emu):
    before = emu.control.device("pair1-a")["master_key_fingerprint"]
    emu.control.fail_next("pair1-a", "MasterKey", ["Failed to re-encrypt"])
    xapi(emu).op(request(NEW))
    job = wait_job(emu, "pair1-a", "MasterKey")
    assert (job["result"], job["details"]) == ("FAIL", ["Failed to re-encrypt"])
    assert emu.control.device("pair1-a")["master_key_fingerprint"] == before
    xapi(emu, api_key=api_key(emu), api_username=None, api_password=None).op("show clock", cmd_xml=True)


def test_change_reencrypts_config_secrets(emu):
    secret = "/config/shared/server-profile/ldap/entry[@name='corp-ldap']/bind-password"
    x = xapi(emu)
    x.show(secret)
    before = x.element_result.findtext("bind-password")
    assert before.startswith("-AQ==")
    x.op(request(NEW))
    wait_job(emu, "pair1-a", "MasterKey")
    x2 = xapi(emu)
    x2.show(secret)
    after = x2.element_result.findtext("bind-password")
    assert after.startswith("-AQ==") and after != before


def test_the_master_key_is_not_synced_to_the_peer(emu):
    xapi(emu).op(request(NEW))
    wait_job(emu, "pair1-a", "MasterKey")
    a, b = emu.control.device("pair1-a"), emu.control.device("pair1-b")
    assert a["master_key_fingerprint"] != b["master_key_fingerprint"]
    assert properties(emu, 1)["expire-at"] == "0"
