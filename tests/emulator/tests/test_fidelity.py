"""Fidelity: the emulator's responses have the element structure and attribute shape of recorded real ones.
(test_fidelity_ha.py: show high-availability; test_fidelity_jobs.py: jobs, commits, master key.)

Samples live in tests/fixtures/ (copied from the project's PAN-OS XML reference; provenance in fixtures/README.md).
``shapes.differences`` reports what a sample has that the emulator's answer lacks; known differences are passed as
``ignore`` and each is written down with its reason in tests/emulator/ASSUMPTIONS.md ("Known differences").
"""

import re

import pytest

from emu_helpers import DEV, api_key, assert_shape, one_line, op, raw, sample, xapi
from shapes import attribute_names, parse, quote_style

ADDR = DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='%s']"


def config(emu, action, xpath, peer=0, **params):
    params.update(type="config", action=action, xpath=xpath, key=api_key(emu, peer))
    return raw(emu, params, peer=peer)


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
SYSTEM_INFO = [  # (sample, schema the sample's release speaks, known differences)
    ("op_show_system_info.pa-vm-8.1.3.kvm.xml", "9.1", ()),
    ("op_show_system_info.pa-400-series-10.2.11-h12.xml", "10.2", ("result/system/ZTP",)),
    ("op_show_system_info.pa-5250-9.1.11.multi-vsys.xml", "9.1", ("result/system/high-speed-log-forwarding-mode",)),
    ("op_show_system_info.pa-3050-9.0.0-official-doc.xml", "9.1", ()),
    ("op_show_system_info.upgrade-assurance-fixture.xml", "9.1", ("result/system/high-speed-log-forwarding-mode",)),
]


@pytest.mark.parametrize("name, schema, ignore", SYSTEM_INFO, ids=[s[0].split(".", 1)[1] for s in SYSTEM_INFO])
def test_show_system_info(request, name, schema, ignore):
    emu = request.getfixturevalue("emu" if schema == "10.2" else "emu91")
    r = op(emu, "<show><system><info/></system></show>")
    assert_shape(name, r.body, ignore=ignore)
    system = parse(r.body).find("result/system")
    assert re.fullmatch(r"\d+\.\d+\.\d+(-h\d+)?", system.findtext("sw-version"))
    assert system.findtext("sw-version").startswith(schema + ".")
    assert system.findtext("multi-vsys") in ("on", "off")
    real = parse(sample(name)).find("result/system")
    # fields the sample's release does not have are absent (9.1: no plugin_versions, device-dictionary, ...)
    assert (system.find("plugin_versions") is None) == (real.find("plugin_versions") is None)


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


@pytest.mark.parametrize("how", ["config show", "show config running"])
def test_whole_running_config_in_a_result(emu, how):
    name = "op_show_config_running.TRIMMED.panorama-11.1.6.xml"
    if how == "config show":
        body = raw(emu, {"type": "config", "action": "show", "key": api_key(emu)}).body
    else:
        body = op(emu, "<show><config><running/></config></show>").body
    assert_shape(name, body, max_depth=3)
    config = parse(body).find("result/config")
    assert set(config.attrib) == set(parse(sample(name)).find("result/config").attrib)  # version urldb detail-version
    assert (config.get("version"), config.get("detail-version")) == ("10.2.0", "10.2.9")


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_export_configuration_is_the_bare_document(emu, method):
    r = raw(emu, {"type": "export", "category": "configuration", "key": api_key(emu)}, method=method)
    real, ours = parse(sample("export_configuration.panorama-11.1.6.xml")), parse(r.body)
    assert r.status == 200 and ours.tag == real.tag == "config"  # no <response> envelope
    assert set(ours.attrib) == set(real.attrib)
    assert ours.find("devices/entry/deviceconfig/system/hostname").text == "pair1-fw-a"


def test_9_1_config_has_no_detail_version(emu91):
    r = raw(emu91, {"type": "export", "category": "configuration", "key": api_key(emu91)})
    assert parse(r.body).attrib == {"version": "9.1.0", "urldb": "paloaltonetworks"}


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


LOCK_SAMPLES = [  # (op command, setup, fixture): Panorama 11.1.6 recordings, "xxx" being the admin
    ("<request><config-lock><add></add></config-lock></request>", None, "op_request_config-lock_add.panorama-11.1.6.xml"),
    ("<request><config-lock><add></add></config-lock></request>", ("xxx", "config"),
     "op_request_config-lock_add.held.panorama-11.1.6.xml"),
    ("<request><config-lock><remove></remove></config-lock></request>", ("admin", "config"),
     "op_request_config-lock_remove.panorama-11.1.6.xml"),
    ("<request><config-lock><remove></remove></config-lock></request>", None,
     "op_request_config-lock_remove.not-locked.panorama-11.1.6.xml"),
    ("<request><commit-lock><add></add></commit-lock></request>", None, "op_request_commit-lock_add.panorama-11.1.6.xml"),
    ("<request><commit-lock><add></add></commit-lock></request>", ("xxx", "commit"),
     "op_request_commit-lock_add.held.panorama-11.1.6.xml"),
    ("<request><commit-lock><remove></remove></commit-lock></request>", ("admin", "commit"),
     "op_request_commit-lock_remove.panorama-11.1.6.xml"),
    ("<request><commit-lock><remove></remove></commit-lock></request>", None,
     "op_request_commit-lock_remove.not-locked.panorama-11.1.6.xml"),
]


@pytest.mark.parametrize("cmd, setup, name", LOCK_SAMPLES, ids=[s[2].split(".panorama")[0] for s in LOCK_SAMPLES])
def test_lock_replies_are_byte_identical(emu, cmd, setup, name):
    if setup:
        emu.control.lock("pair1-a", setup[0], kind=setup[1])
    body = op(emu, cmd).body
    expected = sample(name)
    if b"held by" not in expected:  # the sample's admin is "xxx"; ours is "admin"
        expected = expected.replace(b"xxx", b"admin")
    assert body == expected


@pytest.mark.parametrize("kind", ["config", "commit"])
def test_show_locks_entries_are_the_real_ones(emu, kind):
    name = "op_show_%s-locks.panorama-11.1.6.xml" % kind
    assert op(emu, "<show><%s-locks/></show>" % kind).body.replace(b"<%s-locks/>" % kind.encode(),
                                                                   b"<%s-locks></%s-locks>" % (kind.encode(),
                                                                                               kind.encode())) == \
        sample("op_show_%s-locks.none.panorama-11.1.6.xml" % kind)
    emu.control.lock("pair1-a", "xxx", kind=kind)
    body = op(emu, "<show><%s-locks/></show>" % kind).body
    assert_shape(name, body)
    stamp = rb"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d"
    assert re.sub(stamp, b"T", body) == re.sub(stamp, b"T", sample(name))


def test_older_lock_texts_differ(emu):
    """The PAN-OS 5.x texts (cloudstack fixture) named the scope, not the admin; the emulator speaks the 11.1 ones."""
    assert b"for scope shared until lock is released" in sample("op_request_config-lock_add.xml")
    assert b"for scope shared" not in op(emu, "<request><config-lock><add></add></config-lock></request>").body
    assert b"Config lock released for scope shared" in sample("op_request_config-lock_remove.xml")
    assert op(emu, "<request><config-lock><remove></remove></config-lock></request>").body.endswith(
        b"<result>Config lock released for admin</result></response>")


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
