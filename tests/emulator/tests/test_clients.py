"""The real clients against the emulator: pan-os-python and pan.xapi, unmodified."""

import pan.xapi
import pytest
from panos.device import SystemSettings
from panos.errors import PanDeviceXapiError
from panos.objects import AddressObject

from emu_helpers import DEV, api_key, firewall, ha, ha_pair, jobs, raw, wait_for, wait_job, xapi


# ---------------------------------------------------------------------- keygen
def test_keygen_pan_xapi_verifies_tls_and_returns_a_real_looking_key(emu):
    x = xapi(emu)
    x.keygen()
    assert x.api_key.startswith("LUFRPT"), x.api_key  # base64 of "-AQ==", as real keys
    assert "&" not in x.api_key and "%" not in x.api_key
    x2 = xapi(emu, api_key=x.api_key, api_username=None, api_password=None)
    x2.op("show system info", cmd_xml=True)
    assert x2.status == "success"


def test_a_plus_in_the_key_survives_pan_xapis_unencoded_body():
    from panos_emulator.xmlapi import parse_params

    # pan.xapi appends "&key=<key>" to the form body without url-encoding it
    params = parse_params("", "type=op&cmd=%3Cshow%2F%3E&key=LUFRPT1+ab/c=", "application/x-www-form-urlencoded")
    assert params == {"type": "op", "cmd": "<show/>", "key": "LUFRPT1+ab/c="}


def test_keygen_is_deterministic_per_credentials(emu):
    assert api_key(emu) == api_key(emu)
    assert api_key(emu, peer=0) != api_key(emu, peer=1)  # each device has its own keys


def test_keygen_wrong_password_is_http_403_invalid_credential(emu):
    x = xapi(emu, api_password="wrong")
    with pytest.raises(pan.xapi.PanXapiError, match=r"URLError: code: 403 reason: Invalid Credential"):
        x.keygen()


def test_pan_os_python_keygen_and_api_key_header(emu):
    fw = firewall(emu)
    key = fw.api_key
    assert key == api_key(emu)
    r = raw(emu, {"type": "op", "cmd": "<show><clock/></show>"}, headers={"X-PAN-KEY": key})
    assert r.status == 200 and r.xml().get("status") == "success", r.text
    r = raw(emu, {"type": "op", "cmd": "<show><clock/></show>"}, method="GET", headers={"X-PAN-KEY": key})
    assert r.status == 200 and r.xml().get("status") == "success", r.text


def test_user_and_password_instead_of_key(emu):
    p = emu.peer()
    r = raw(emu, {"type": "op", "cmd": "<show><clock/></show>", "user": p["username"], "password": p["password"]})
    assert r.xml().get("status") == "success"
    r = raw(emu, {"type": "op", "cmd": "<show><clock/></show>", "user": p["username"], "password": "nope"})
    assert r.status == 403


# ---------------------------------------------------------------------- system info, version
def test_refresh_system_info(emu):
    fw = firewall(emu)
    info = fw.refresh_system_info()
    assert info.version == "10.2.9"
    assert info.platform == "PA-VM"
    assert info.serial == emu.peer()["serial"]
    assert fw.multi_vsys is False
    emu.control.system("pair1-a", sw_version="11.1.2-h3", multi_vsys=True)
    info = fw.refresh_system_info()
    assert info.version == "11.1.2-h3"
    assert fw.multi_vsys is True
    assert fw.retrieve_panos_version() == (11, 1, 2)


def test_create_from_device_makes_a_firewall(emu):
    from panos.base import PanDevice
    from panos.firewall import Firewall

    p = emu.peer()
    dev = PanDevice.create_from_device(p["host"], p["username"], p["password"], port=p["port"])
    assert isinstance(dev, Firewall)
    assert dev.serial == p["serial"]


def test_type_version(emu):
    x = xapi(emu)
    x.ad_hoc("type=version", modify_qs=True)
    assert x.element_result.findtext("sw-version") == "10.2.9"
    assert x.element_result.findtext("serial") == emu.peer()["serial"]
    assert x.element_result.findtext("multi-vsys") == "off"


# ---------------------------------------------------------------------- HA state
def test_show_highavailability_state(emu):
    fa, fb = firewall(emu, 0), firewall(emu, 1)
    state_a, xml_a = fa.show_highavailability_state()
    state_b, _ = fb.show_highavailability_state()
    assert (state_a, state_b) == ("active", "passive")  # pair1-a has priority 90 (lower wins)
    group = xml_a.find("result/group")
    assert group.findtext("mode") == "Active-Passive"
    assert group.findtext("local-info/mode") == "Active-Passive"
    assert group.findtext("peer-info/state") == "passive"
    assert group.findtext("peer-info/mgmt-ip").split("/")[0] == emu.peer(0, 1)["host"]
    assert group.findtext("running-sync") == "synchronized"
    assert group.findtext("running-sync-enabled") == "yes"


def test_ha_disabled_is_reported_as_disabled(emu):
    emu.control.config("pair1-a", DEV + "/deviceconfig/high-availability", "<enabled>no</enabled>")
    assert firewall(emu, 0).show_highavailability_state()[0] == "disabled"
    x = xapi(emu)
    x.op("show high-availability state", cmd_xml=True)
    assert x.element_result.findtext("enabled") == "no"


def test_set_ha_peers_and_refresh_ha_active(emu):
    fa, fb = firewall(emu, 0), firewall(emu, 1)
    fb.set_ha_peers(fa)  # pan-os-python assumes the first one is active until refreshed
    assert fb.is_active()
    assert fb.refresh_ha_active() == "passive"
    assert fa.is_active() and not fb.is_active()
    assert fb.active() is fa and fb.passive() is fb


def test_refresh_ha_active_follows_a_failover(emu):
    fa, fb = ha_pair(emu)
    assert fa.is_active()
    fa.op("<request><high-availability><state><suspend/></state></high-availability></request>", cmd_xml=False)
    fa.refresh_ha_active()
    assert fb.is_active() and not fa.is_active()
    assert fa.show_highavailability_state()[0] == "suspended"


# ---------------------------------------------------------------------- config sync through commit
def test_objects_committed_on_active_appear_on_passive(emu):
    fa, fb = ha_pair(emu)
    for name, value in (("web1", "10.0.0.1"), ("web2", "10.0.0.2/32")):
        fa.add(AddressObject(name, value, description="made on the active"))
    fa.find("web1").create_similar()
    result = fa.commit(sync=True)
    assert result["success"] is True and result["result"] == "OK", result
    assert result["messages"] == ["Configuration committed successfully"]
    sync = wait_job(emu, "pair1-b", "HA-Sync")
    assert sync["result"] == "OK", sync
    assert jobs(emu, "pair1-a", "HA-Sync") == []  # the HA-Sync job runs on the receiving peer

    fw_b = firewall(emu, 1)
    for name, value in (("web1", "10.0.0.1"), ("web2", "10.0.0.2/32")):
        obj = AddressObject(name)
        fw_b.add(obj)
        obj.refresh(running_config=True)
        assert obj.value == value and obj.description == "made on the active"
    assert fa.config_synced() is True
    a, b = emu.control.device("pair1-a"), emu.control.device("pair1-b")
    assert a["synced_config_digest"] == b["synced_config_digest"]
    assert a["running_digest"] != b["running_digest"]  # non-synced settings (hostname, mgmt ip) still differ


def test_commit_with_nothing_to_commit_returns_none(emu):
    fa, _ = ha_pair(emu)
    assert fa.commit(sync=True) is None
    assert jobs(emu, "pair1-a") == []


def test_pan_xapi_commit_sync_polls_the_job(emu):
    x = xapi(emu)
    x.set(xpath=DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='h1']", element="<ip-netmask>10.1.1.1</ip-netmask>")
    assert x.status_code == "20"
    x.commit(cmd="<commit></commit>", sync=True, interval=0.1, timeout=20)
    assert x.element_result.findtext("job/status") == "FIN"
    assert x.element_result.findtext("job/result") == "OK"


def test_config_synced_false_then_synchronize_config(emu):
    fa, fb = ha_pair(emu)
    # HA1 down (both links) while committing: no auto sync, and the pair drifts apart.
    emu.control.links("pair1", ha1="down", ha1_backup="down")
    fa.add(AddressObject("drift", "10.9.9.9")).create()
    assert fa.commit(sync=True)["success"]
    emu.control.links("pair1", ha1="up", ha1_backup="up")
    fa.refresh_ha_active()
    assert fa.is_active()
    assert fa.config_sync_state() == "not synchronized"
    assert fa.config_synced() is False
    assert fa.synchronize_config() is True  # sync-to-remote running-config, then watch running-sync
    assert fa.config_synced() is True
    assert wait_job(emu, "pair1-b", "HA-Sync")["result"] == "OK"
    obj = AddressObject("drift")
    firewall(emu, 1).add(obj)
    obj.refresh(running_config=True)
    assert obj.value == "10.9.9.9"


def test_synchronize_config_when_already_synchronized_sends_nothing(emu):
    fa, _ = ha_pair(emu)
    emu.control.clear_requests("pair1-a")
    assert fa.synchronize_config() is True
    counts = emu.control.requests("pair1-a")["counts"]
    assert not any("sync-to-remote" in c for c in counts), counts


# ---------------------------------------------------------------------- settings that stay per peer
def test_system_settings_hostname_stays_per_peer(emu):
    # One peer at a time: an HA-Sync overwrites the receiver's candidate, so a per-peer change is committed on its
    # own device before the other peer is touched (pan-os-python commits on the *active* peer of an HA pair, so
    # each device gets its own, unpaired Firewall object here).
    for peer, name in ((0, "fw-east"), (1, "fw-west")):
        fw = firewall(emu, peer)
        ss = SystemSettings(hostname=name)
        fw.add(ss)
        ss.update("hostname")
        assert fw.commit(sync=True)["success"]
        wait_job(emu, "pair1-%s" % "ba"[peer], "HA-Sync")  # the commit auto-syncs to the other peer
    for peer, name in ((0, "fw-east"), (1, "fw-west")):
        x = xapi(emu, peer)
        x.op("show system info", cmd_xml=True)
        assert x.element_result.findtext("system/hostname") == name
        x.show(DEV + "/deviceconfig/system/hostname")
        assert x.element_result.findtext("hostname") == name
    assert ha(emu, "pair1-a")["running_sync"] == "synchronized"


def test_hostname_alone_does_not_make_the_pair_unsynchronized(emu):
    x = xapi(emu, 1)
    x.set(xpath=DEV + "/deviceconfig/system", element="<hostname>only-b</hostname>")
    x.commit(cmd="<commit/>", sync=True, interval=0.1, timeout=20)
    assert x.element_result.findtext("job/result") == "OK"
    assert wait_job(emu, "pair1-a", "HA-Sync")["result"] == "OK"
    assert ha(emu, "pair1-b")["running_sync"] == "synchronized"
    x0 = xapi(emu, 0)
    x0.show(DEV + "/deviceconfig/system/hostname")
    assert x0.element_result.findtext("hostname") == "pair1-fw-a"


def test_synced_setting_on_passive_makes_the_pair_unsynchronized(emu):
    x = xapi(emu, 1)
    x.set(xpath=DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='only-b']", element="<fqdn>b.example</fqdn>")
    x.commit(cmd="<commit/>", sync=True, interval=0.1, timeout=20)
    wait_for(lambda: jobs(emu, "pair1-a", "HA-Sync"), what="HA-Sync on A")  # B pushes too (config sync is symmetric)
    assert wait_job(emu, "pair1-a", "HA-Sync")["result"] == "OK"
    fa, _ = ha_pair(emu)
    assert fa.config_synced() is True


def test_config_get_of_missing_object_is_success_code_7_for_pan_os_python(emu):
    fw = firewall(emu)
    obj = AddressObject("missing")
    fw.add(obj)
    with pytest.raises(PanDeviceXapiError):  # PanObjectMissing is a PanDeviceXapiError
        obj.refresh()
    x = xapi(emu)
    x.get(DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='missing']")
    assert (x.status, x.status_code) == ("success", "7")


def test_optimized_refresh_uses_xpath_unions(emu):
    fa = firewall(emu)
    fa.add(AddressObject("u1", "10.0.0.1"))
    fa.add(AddressObject("u2", "10.0.0.2"))
    fa.find("u1").create_similar()
    x = xapi(emu)
    base = DEV + "/vsys/entry[@name='vsys1']/address/entry"
    x.get("%s[@name='u1']|%s[@name='u2']" % (base, base))
    names = [e.get("name") for e in x.element_result]
    assert names == ["u1", "u2"]
    assert x.element_result.get("count") == "2"
    found = AddressObject.refreshall(firewall(emu), add=False)
    assert {"u1", "u2"} <= {o.name for o in found}
