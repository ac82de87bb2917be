"""The key reads under both version profiles (``--schema 10.2``, the default, and ``--schema 9.1``), through the
real clients. What differs between them is one table (panos_emulator/schema.py); the fidelity tests compare each
schema with the samples of its releases."""

import re

import pytest

from emu_helpers import DEV, api_key, firewall, op, raw, wait_job, xapi
from shapes import parse

SCHEMAS = ["10.2", "9.1"]
ADDR = DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='%s']"


@pytest.fixture(params=SCHEMAS)
def anyemu(request):
    return request.getfixturevalue("emu" if request.param == "10.2" else "emu91"), request.param


def test_endpoints_name_the_schema(anyemu):
    emu, schema = anyemu
    assert emu.schema == schema
    assert emu.control.device("pair1-a")["schema"] == schema


def test_system_info_through_pan_os_python(anyemu):
    emu, schema = anyemu
    info = firewall(emu).refresh_system_info()
    assert info.version.startswith(schema + ".")
    x = xapi(emu)
    x.op("show system info", cmd_xml=True)
    system = x.element_result.find("system")
    assert (system.find("plugin_versions") is not None) is (schema == "10.2")
    if schema == "10.2":
        assert [e.get("name") for e in system.findall("plugin_versions/entry")] == ["vm_series", "dlp"]


def test_ha_state_through_pan_os_python(anyemu):
    emu, schema = anyemu
    fw = firewall(emu)
    state = fw.show_highavailability_state()
    assert state[0] == "active"
    x = xapi(emu)
    x.op("show high-availability all", cmd_xml=True)
    group = x.element_result.find("group")
    spelled = {"10.2": ("failure-condition", "virtual-wire", "virtual-router"), "9.1": ("fail-cond", "vwire", "vrouter")}
    cond, vwire, vrouter = spelled[schema]
    assert group.findtext("link-monitoring/" + cond) == "any"
    assert [c.tag for c in group.find("path-monitoring")][0] == vwire
    assert group.find("path-monitoring/" + vrouter) is not None
    local = group.find("local-info")
    assert (local.find("VMS") is not None, local.find("iot-compat") is not None) == ((schema == "10.2",) * 2)
    assert local.findtext("state-sync-type") == "ip"
    assert local.findtext("active-passive/passive-link-state") == "shutdown"


def test_jobs_and_their_times(anyemu):
    emu, schema = anyemu
    x = xapi(emu)
    x.set(xpath=ADDR % "s", element="<ip-netmask>10.0.0.1</ip-netmask>")
    x.commit(cmd="<commit/>", sync=True, interval=0.1, timeout=30)
    job = x.element_result.find("job")
    assert int(job.findtext("id")) >= 3  # AutoCom 1 and FqdnRefresh 2 are the device's own
    tfin = {"10.2": r"\d{4}/\d\d/\d\d \d\d:\d\d:\d\d", "9.1": r"\d\d:\d\d:\d\d"}[schema]
    assert re.fullmatch(tfin, job.findtext("tfin"))
    x.op("show jobs all", cmd_xml=True)
    types = [j.findtext("type") for j in x.element_result.findall("job")]
    assert types[-3:] == ["FqdnRefresh", "Failed-Job", "AutoCom"]
    x.op('show jobs id "1"', cmd_xml=True)
    assert re.fullmatch(tfin, x.element_result.findtext("job/tfin"))


def test_master_key_change_and_properties(anyemu):
    emu, _ = anyemu
    r = op(emu, "<request><master-key><new-master-key>0123456789abcdef</new-master-key><lifetime>48</lifetime>"
                "<reminder>12</reminder></master-key></request>")
    assert parse(r.body).findtext("result").startswith("Master key changed successfully.")
    assert wait_job(emu, "pair1-a", "Commit")["tag"] == "MasterKey"
    props = parse(op(emu, "<show><system><masterkey-properties/></system></show>").body).find("result")
    assert (props.findtext("hours-to-reminder"), props.findtext("seconds-to-reminder")) == ("12", "43200")


def test_whole_config_reads(anyemu):
    emu, schema = anyemu
    exported = parse(raw(emu, {"type": "export", "category": "configuration", "key": api_key(emu)}).body)
    shown = parse(op(emu, "<show><config><running/></config></show>").body).find("result/config")
    assert exported.tag == shown.tag == "config"
    assert exported.get("version") == schema + ".0"
    assert ("detail-version" in exported.attrib) is (schema == "10.2")
    assert exported.attrib == shown.attrib


def test_locks_and_partial_commit(anyemu):
    emu, _ = anyemu
    fw = firewall(emu)
    assert fw.add_config_lock() is True
    x = xapi(emu)
    x.op("show config-locks", cmd_xml=True)
    assert x.element_result.findtext("config-locks/entry/type") == "shared"
    assert fw.remove_config_lock() is True
    x.set(xpath=ADDR % "p", element="<ip-netmask>10.0.0.2</ip-netmask>")
    x.commit(cmd="<commit><partial><policy-and-objects>excluded</policy-and-objects><admin><member>admin</member>"
                 "</admin></partial></commit>")
    # the only change is a vsys object and policy-and-objects is excluded: nothing to commit, the change stays
    assert (x.status_code, x.element_root.findtext("msg")) == ("19", "There are no changes to commit.")
    assert emu.control.device("pair1-a")["pending_changes"] == {"admin": [ADDR % "p"]}
