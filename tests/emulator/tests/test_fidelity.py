"""Fidelity: the emulator's responses have the element structure and attribute shape of recorded real ones.

Samples live in tests/fixtures/ (copied from the project's PAN-OS XML reference; provenance in fixtures/README.md).
``shapes.differences`` reports what a sample has that the emulator's answer lacks; known differences are passed as
``ignore`` and each is written down with its reason in tests/emulator/ASSUMPTIONS.md ("Known differences").
"""

import re

import pytest

from emu_helpers import DEV, FIXTURES, HA, api_key, jobs, op, raw, wait_job, xapi
from shapes import attribute_names, differences, parse, quote_style

ADDR = DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='%s']"


def sample(name):
    return (FIXTURES / name).read_bytes()


def assert_shape(name, actual, **kw):
    diffs = differences(sample(name), actual, **kw)
    assert diffs == [], "%s vs emulator:\n  %s\n%s" % (name, "\n  ".join(diffs), actual)


def config(emu, action, xpath, peer=0, **params):
    params.update(type="config", action=action, xpath=xpath, key=api_key(emu, peer))
    return raw(emu, params, peer=peer)


def one_line(data):
    """A sample without the indentation a test author added (for byte comparisons)."""
    return re.sub(rb">\s+<", b"><", data.strip())


# ---------------------------------------------------------------------- keygen, auth, version
def test_keygen_success_is_single_quoted_with_spaces(emu):
    p = emu.peer()
    r = raw(emu, {"type": "keygen", "user": p["username"], "password": p["password"]})
    assert r.status == 200
    assert quote_style(r.body) == quote_style(sample("keygen.success.xml")) == "single-spaced"
    # regex clients strip exactly this prefix
    assert r.body.startswith(b"<response status = 'success'><result><key>LUFRPT")
    assert_shape("keygen.success.xml", r.body)
    assert r.headers["Content-Type"] == "application/xml; charset=UTF-8"


@pytest.mark.parametrize("how", ["keygen", "stale-key"])
def test_invalid_credential_is_http_403_with_the_real_97_bytes(emu, how):
    if how == "keygen":
        r = raw(emu, {"type": "keygen", "user": "admin", "password": "wrong"})
    else:
        r = raw(emu, {"type": "op", "cmd": "<show><chassis-ready></chassis-ready></show>", "key": "LUFRPT10VGJK"},
                method="GET")
    assert (r.status, r.reason) == (403, "Invalid Credential")  # keygen.invalid-credential.http.txt
    assert r.body == sample("keygen.invalid-credential.xml").strip()
    assert r.headers["Content-Type"] == "application/xml; charset=UTF-8"
    assert r.headers["Content-Length"] == "97"


def test_version(emu):
    r = raw(emu, {"type": "version", "key": api_key(emu)})
    assert_shape("version.type-version.xml", r.body)


# ---------------------------------------------------------------------- show system info
SYSTEM_INFO = [
    ("op_show_system_info.pa-vm-8.1.3.kvm.xml", ()),
    ("op_show_system_info.pa-400-series-10.2.11-h12.xml", ("result/system/ZTP",)),
    ("op_show_system_info.pa-5250-9.1.11.multi-vsys.xml", ("result/system/high-speed-log-forwarding-mode",)),
    ("op_show_system_info.pa-3050-9.0.0-official-doc.xml", ()),
    ("op_show_system_info.upgrade-assurance-fixture.xml", ("result/system/high-speed-log-forwarding-mode",)),
]


@pytest.mark.parametrize("name, ignore", SYSTEM_INFO, ids=[s[0].split(".", 1)[1] for s in SYSTEM_INFO])
def test_show_system_info(emu, name, ignore):
    r = op(emu, "<show><system><info/></system></show>")
    assert_shape(name, r.body, ignore=ignore)
    system = parse(r.body).find("result/system")
    assert re.fullmatch(r"\d+\.\d+\.\d+(-h\d+)?", system.findtext("sw-version"))
    assert system.findtext("multi-vsys") in ("on", "off")


# ---------------------------------------------------------------------- show high-availability state
def show_ha(emu, peer=0):
    return op(emu, "<show><high-availability><state/></high-availability></show>", peer=peer).body


LINK_MONITORING_GROUPS = "result/group/link-monitoring/groups/entry"


def test_ha_state_active_passive_synced_pa_5250(emu):
    body = show_ha(emu)
    assert_shape("op_show_high-availability_state.active-passive.synced.pa-5250-9.1.11.xml", body,
                 ignore=[LINK_MONITORING_GROUPS])
    group = parse(body).find("result/group")
    assert (group.findtext("local-info/state"), group.findtext("peer-info/state")) == ("active", "passive")
    assert group.findtext("running-sync") == "synchronized"
    for compat in ("build", "url", "app", "av", "threat", "vpnclient", "gpclient"):
        assert group.findtext("local-info/%s-compat" % compat) == "Match"


def test_ha_state_active_passive_synced_pa_5060_older_layout(emu):
    assert_shape("op_show_high-availability_state.active-passive.synced.pa-5060-7.1.9.link-monitoring.xml",
                 show_ha(emu), ignore=[
                     LINK_MONITORING_GROUPS,
                     "result/group/local-info/last-error-reason", "result/group/local-info/last-error-state",
                     "result/group/local-info/mgmt-hb", "result/group/peer-info/conn-mgmt"])


def test_ha_state_with_ha1_down_matches_the_peer_down_sample(emu):
    emu.control.links("pair1", ha1="down", ha1_backup="down")
    body = show_ha(emu)
    assert_shape("op_show_high-availability_state.active-passive.peer-down.pa-vm-8.1.3.xml", body, ignore=[
        "result/group/local-info/ha1-gateway",
        "result/group/peer-info/conn-ha2/conn-type", "result/group/peer-info/conn-ha2/conn-hold"])
    real, ours = parse(sample("op_show_high-availability_state.active-passive.peer-down.pa-vm-8.1.3.xml")), parse(body)
    for path in ("result/group/running-sync", "result/group/peer-info/state", "result/group/peer-info/conn-status",
                 "result/group/peer-info/conn-ha1/conn-status", "result/group/local-info/state-sync",
                 "result/group/local-info/build-compat", "result/group/local-info/app-compat",
                 "result/group/peer-info/build-rel", "result/group/peer-info/mode", "result/group/local-info/state"):
        assert ours.findtext(path) == real.findtext(path), path


def test_ha_disabled_is_byte_identical(emu):
    emu.control.config("pair1-a", HA, "<enabled>no</enabled>")
    assert show_ha(emu) == sample("op_show_high-availability_state.ha-disabled.xml").strip()


@pytest.mark.mode("active-active")
def test_ha_state_active_active_strings(emu):
    body = show_ha(emu)
    assert_shape("op_show_high-availability_state.active-active.TRIMMED-test-fixture.xml", body)
    real, ours = parse(sample("op_show_high-availability_state.active-active.TRIMMED-test-fixture.xml")), parse(body)
    for path in ("result/group/mode", "result/group/local-info/state"):
        assert ours.findtext(path) == real.findtext(path)


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


def test_show_jobs_id_commit_fin_ok(emu):
    _, jobid = commit_something(emu)
    wait_job(emu, "pair1-a", "Commit")
    body = show_job(emu, jobid)
    assert_shape("op_show_jobs_id.commit.fin-ok.pan-os-8.1.xml", body)
    job = parse(body).find("result/job")
    assert (job.findtext("status"), job.findtext("result"), job.findtext("progress")) == ("FIN", "OK", "100")
    assert re.fullmatch(r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d", job.findtext("tenq"))
    assert re.fullmatch(r"\d\d:\d\d:\d\d", job.findtext("tfin"))  # time only, as in the 8.1 sample


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


def test_ha_sync_job_has_the_generic_job_schema(emu):
    commit_something(emu)
    sync = wait_job(emu, "pair1-b", "HA-Sync")
    assert_shape("op_show_jobs_id.commit.fin-ok.pan-os-8.1.xml", show_job(emu, sync["id"], peer=1))


def test_show_jobs_all(emu):
    assert_shape("op_show_jobs_all.empty.xml", op(emu, "<show><jobs><all/></jobs></show>").body)
    commit_something(emu, name="one")
    wait_job(emu, "pair1-a", "Commit")
    commit_something(emu, name="two")
    wait_job(emu, "pair1-a", "Commit", count=2)
    body = op(emu, "<show><jobs><all/></jobs></show>").body
    assert_shape("op_show_jobs_all.fin-ok.xml", body)
    ids = [int(j.findtext("id")) for j in parse(body).findall("result/job")]
    assert ids == sorted(ids, reverse=True) and len(ids) == 2  # newest first, as in the sample


# ---------------------------------------------------------------------- config API
def test_config_get_envelope_has_code_19_and_counts(emu):
    r = config(emu, "get", DEV + "/deviceconfig/system/update-schedule")
    assert_shape("config_get_update-schedule.code19.xml", r.body, max_depth=1)
    assert attribute_names(parse(r.body), "result") == {"total-count", "count"}
    assert parse(r.body).find("result/update-schedule") is not None


def test_config_get_entry(emu):
    xapi(emu).set(xpath=DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='192.168.80.102/32']",
                  element="<ip-netmask>192.168.80.102/32</ip-netmask>")
    r = config(emu, "get", DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='192.168.80.102/32']")
    assert_shape("config_get_entry.with-admin-time-attrs.pan-os-5-era.xml", r.body, max_depth=1)
    assert parse(r.body).find("result/entry").get("name") == "192.168.80.102/32"


def test_config_get_missing_is_byte_identical(emu):
    r = config(emu, "get", ADDR % "nope")
    assert r.body == sample("config_get.missing-xpath.code7.xml").strip()


def test_config_show_envelope_has_no_code_and_no_counts(emu):
    r = config(emu, "show", DEV + "/vsys/entry[@name='vsys1']/rulebase/security")
    assert_shape("config_show_rulebase-security.active.xml", r.body, max_depth=2)
    assert attribute_names(parse(r.body), "result") == set()


def test_config_show_missing_is_byte_identical(emu):
    r = config(emu, "show", ADDR % "nope")
    assert r.body == sample("config_show.missing-xpath.no-such-node.xml").strip()


def test_config_writes_succeed_with_code_20(emu):
    expected = sample("config_set-edit-delete.success.code20.xml").strip()
    assert one_line(sample("config_rename.success.code20.xml")) == expected
    steps = [
        ("set", ADDR % "w1", {"element": "<ip-netmask>10.0.0.1</ip-netmask>"}),
        ("set", ADDR % "w2", {"element": "<ip-netmask>10.0.0.2</ip-netmask>"}),
        ("edit", ADDR % "w1", {"element": "<entry name='w1'><fqdn>w1.example</fqdn></entry>"}),
        ("rename", ADDR % "w1", {"newname": "w1-renamed"}),
        ("move", ADDR % "w2", {"where": "top"}),
        ("move", ADDR % "w2", {"where": "after", "dst": "w1-renamed"}),
        ("delete", ADDR % "w1-renamed", {}),
    ]
    for action, xpath, params in steps:
        assert config(emu, action, xpath, **params).body == expected, action


def test_delete_of_a_missing_node_is_success_code_7(emu):
    r = config(emu, "delete", ADDR % "nope")
    root = parse(r.body)
    assert (root.get("status"), root.get("code")) == ("success", "7")


# ---------------------------------------------------------------------- errors
def test_error_17_unexpected_command(emu):
    r = op(emu, "<show><redistribution/></show>")
    assert_shape("error_code17.unexpected-command.xml", r.body)
    real, ours = parse(sample("error_code17.unexpected-command.xml")), parse(r.body)
    assert ours.findtext("msg/line") == " show -> redistribution  is unexpected"  # leading space, two before 'is'
    assert real.findtext("msg/line").strip() == ours.findtext("msg/line").strip()
    assert b"<![CDATA[ show -> redistribution  is unexpected]]>" in r.body
    assert (ours.get("status"), ours.get("code")) == ("error", "17")


def test_error_18_malformed(emu):
    r = op(emu, "<show><system>")
    assert_shape("error_code18.malformed-request.xml", r.body)
    assert parse(r.body).findtext("msg/line") == "Malformed Request"
    assert (parse(r.body).get("status"), parse(r.body).get("code")) == ("error", "18")


def test_error_400_is_single_quoted_with_result_msg(emu):
    r = raw(emu, {"type": "config", "action": "get", "key": api_key(emu)})  # no xpath
    assert r.status == 400
    assert_shape("error_code400.bad-request.export.xml", r.body)
    assert quote_style(r.body) == quote_style(sample("error_code400.bad-request.export.xml")) == "single-spaced"
    assert parse(r.body).findtext("result/msg") == 'Parameter "xpath" is required'
    assert b"&quot;xpath&quot;" in r.body  # escaped as in the sample


def test_error_12_lines_are_cdata(emu):
    r = config(emu, "edit", ADDR % "e12", element="<entry name='other'><fqdn>x</fqdn></entry>")
    assert_shape("error_code12.invalid-object.multiline.xml", r.body)
    assert parse(r.body).get("code") == "12"
    assert b"<line><![CDATA[" in r.body


# ---------------------------------------------------------------------- plain op reads
def test_show_clock(emu):
    r = op(emu, "<show><clock/></show>")
    assert_shape("op_show_clock.xml", r.body)
    assert re.fullmatch(r"\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d [A-Z]+ \d{4} ", parse(r.body).findtext("result"))


def test_show_clock_more(emu):
    r = op(emu, "<show><clock><more/></clock></show>")
    assert_shape("op_show_clock_more.xml", r.body)
    assert parse(r.body).findtext("result/member").startswith("dataplane time: ")


@pytest.mark.parametrize("state", ["on", "off"])
def test_jumbo_frame(emu, state):
    if state == "on":
        emu.control.config("pair1-a", DEV + "/deviceconfig/setting", "<jumbo-frame><mtu>9192</mtu></jumbo-frame>")
    r = op(emu, "<show><system><setting><jumbo-frame/></setting></system></show>")
    assert r.body == one_line(sample("op_show_system_setting_jumbo-frame.%s.xml" % state))


def test_check_pending_changes_and_full_commit_required(emu):
    xapi(emu).set(xpath=ADDR % "p", element="<ip-netmask>10.0.0.1</ip-netmask>")
    r = op(emu, "<check><pending-changes/></check>")
    assert_shape("op_check_pending-changes.yes.xml", r.body)
    assert parse(r.body).findtext("result") == "yes"
    r = op(emu, "<check><full-commit-required/></check>")
    assert_shape("op_check_full-commit-required.yes.xml", r.body)
    assert parse(r.body).findtext("result") in ("yes", "no")


def test_config_lock_add_and_remove_texts(emu):
    key = api_key(emu)
    r = op(emu, "<request><config-lock><add></add></config-lock></request>", key=key)
    assert r.body == sample("op_request_config-lock_add.xml").strip()
    r = op(emu, "<request><config-lock><remove></remove></config-lock></request>", key=key)
    assert r.body == sample("op_request_config-lock_remove.xml").strip()


def test_ha_suspend_and_functional_texts(emu):
    r = op(emu, "<request><high-availability><state><suspend></suspend></state></high-availability></request>")
    assert r.body == one_line(sample("op_request_high-availability_state_suspend.xml"))
    r = op(emu, "<request><high-availability><state><functional></functional></state></high-availability></request>")
    assert r.body == one_line(sample("op_request_high-availability_state_functional.xml"))


def test_show_plugins_packages(emu):
    r = op(emu, "<show><plugins><packages/></plugins></show>")
    assert_shape("op_show_plugins_packages.vm_series.xml", r.body)


def test_request_license_info(emu):
    r = op(emu, "<request><license><info/></license></request>")
    # <custom> appears only on licenses with extra terms (the sample's Logging Service entry)
    assert_shape("op_request_license_info.pa-vm.xml", r.body, ignore=["result/licenses/entry/custom"])


def test_show_session_info(emu):
    emu.control.session("pair1-a", src="10.0.0.1", dst="10.0.0.2", dport=443, app="ssl")
    r = op(emu, "<show><session><info/></session></show>")
    assert_shape("op_show_session_info.xml", r.body)
    real, ours = parse(sample("op_show_session_info.xml")), parse(r.body)
    assert [c.tag for c in ours.find("result")] == [c.tag for c in real.find("result")]  # same order too
    assert ours.findtext("result/num-active") == "1"
