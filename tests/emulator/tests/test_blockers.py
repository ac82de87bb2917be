"""The documented reasons config sync does not happen, and the HA-Sync failures of seed 001 (jumbo frames,
master key). Each blocker is checked the way a real pair shows it: the commit on the active succeeds, no
HA-Sync job runs on the peer, running-sync goes 'not synchronized', and a forced sync-to-remote is refused."""

import pan.xapi
import pytest
from panos.errors import PanHAConfigSyncFailed

from emu_helpers import DEV, HA, commit, firewall, ha, jobs, set_and_commit, settle, wait_for, wait_job, xapi

ADDR = DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='%s']"
AE1_518 = DEV + "/network/interface/aggregate-ethernet/entry[@name='ae1']/layer3/units/entry[@name='ae1.518']"
JUMBO_LINE = "device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500"


def commit_object_on_a(emu, name="after-blocker"):
    job = set_and_commit(emu, ADDR % name, "<ip-netmask>10.4.4.4</ip-netmask>", peer=0)
    assert job.findtext("result") == "OK"  # the commit itself succeeds on the active
    # An auto-sync's HA-Sync job is created on the peer before the commit job reports FIN, so checking the peer's
    # jobs right after the commit needs no sleep.
    return job


def assert_not_synced(emu, code=None):
    assert jobs(emu, "pair1-b", "HA-Sync") == [], "an HA-Sync job ran on the peer"
    state = ha(emu, "pair1-a")
    assert state["running_sync"] == "not synchronized"
    if code:
        assert code in state["blockers"], state["blockers"]


def forced_sync_refused(emu, text):
    with pytest.raises(PanHAConfigSyncFailed) as info:
        firewall(emu, 0).op("request high-availability sync-to-remote running-config", "shared")
    assert text in str(info.value)
    assert jobs(emu, "pair1-b", "HA-Sync") == []


# ---------------------------------------------------------------------- per-peer capability differences
BLOCKERS = [
    # (code, system fields set on pair1-b, text in the refused sync-to-remote)
    ("version_incompatible", {"sw_version": "10.1.11"}, "PAN-OS versions are incompatible"),
    ("multi_vsys_mismatch", {"multi_vsys": True}, "Multi-vsys capability differs"),
    ("gtp_mismatch", {"gtp": True}, "GTP is enabled on one peer only"),
    ("sctp_mismatch", {"sctp": True}, "SCTP is enabled on one peer only"),
    ("vpn_mismatch", {"vpn": False}, "VPN is enabled on one peer only"),
    ("features_mismatch", {"features": ["advanced-routing"]}, "Enabled features differ"),
    ("url_db_incompatible", {"url_db": "brightcloud"}, "URL databases are incompatible"),
    ("license_mismatch", {"licenses": [["PA-VM", "Standard VM-300", "Never"]]}, "Licenses differ"),
    ("plugin_mismatch", {"plugins": []}, "Plugins differ"),
    ("dataplane_not_ready", {"chassis_ready": False}, "Dataplane or slots not ready"),
]


@pytest.mark.parametrize("code, fields, text", BLOCKERS, ids=[b[0] for b in BLOCKERS])
def test_blocker_stops_config_sync(emu, code, fields, text):
    emu.control.system("pair1-b", **fields)
    assert code in ha(emu, "pair1-a")["blockers"]
    commit_object_on_a(emu)
    assert_not_synced(emu, code)
    forced_sync_refused(emu, text)


def test_blockers_are_reported_from_both_sides(emu):
    emu.control.system("pair1-b", multi_vsys=True)
    assert "multi_vsys_mismatch" in ha(emu, "pair1-a")["blockers"]
    assert "multi_vsys_mismatch" in ha(emu, "pair1-b")["blockers"]


def test_hotfix_difference_is_not_a_version_blocker(emu):
    emu.control.system("pair1-b", sw_version="10.2.9-h1")
    commit_object_on_a(emu)
    assert wait_job(emu, "pair1-b", "HA-Sync")["result"] == "OK"
    assert ha(emu, "pair1-a")["running_sync"] == "synchronized"


def test_plugin_version_difference_alone_does_not_block(emu):
    plugins = emu.control.device("pair1-b")["system"]["plugins"]
    plugins[0]["version"] = "3.0.7"  # vm_series
    emu.control.system("pair1-b", plugins=plugins)
    assert ha(emu, "pair1-a")["blockers"] == []
    local = xapi(emu, 0)
    local.op("show high-availability all", cmd_xml=True)
    # ... but show high-availability reports it (10.x plugin leaves: local compat, the peer's version)
    assert local.element_result.findtext("group/local-info/VMS") == "Mismatch"
    assert local.element_result.findtext("group/peer-info/VMS") == "3.0.7"
    assert local.element_result.findtext("group/local-info/DLP") == "Match"


def test_plugin_on_one_peer_only_is_a_mismatch_leaf_and_blocks(emu):
    plugins = emu.control.device("pair1-b")["system"]["plugins"]
    emu.control.system("pair1-b", plugins=[p for p in plugins if p["name"] != "dlp"])
    assert "plugin_mismatch" in ha(emu, "pair1-a")["blockers"]
    x = xapi(emu, 0)
    x.op("show high-availability all", cmd_xml=True)
    assert x.element_result.findtext("group/local-info/DLP") == "Mismatch"
    assert x.element_result.find("group/peer-info/DLP") is None  # the peer has no version to report
    xb = xapi(emu, 1)
    xb.op("show high-availability all", cmd_xml=True)
    assert xb.element_result.findtext("group/local-info/DLP") == "Mismatch"
    assert xb.element_result.findtext("group/peer-info/DLP") == "3.0.9"


def test_plugin_compat_value_can_be_compat_match(emu):
    """'Compat Match' is a REAL compat value (Panorama 10.1.5 sample, Cloud-Services plugin); the control API sets it."""
    plugins = emu.control.device("pair1-a")["system"]["plugins"]
    plugins[0]["ha_compat"] = "Compat Match"
    emu.control.system("pair1-a", plugins=plugins)
    x = xapi(emu, 0)
    x.op("show high-availability all", cmd_xml=True)
    assert x.element_result.findtext("group/local-info/VMS") == "Compat Match"


def test_version_mismatch_shows_in_build_compat(emu):
    emu.control.system("pair1-b", sw_version="11.0.0")
    x = xapi(emu, 0)
    x.op("show high-availability state", cmd_xml=True)
    local = x.element_result.find("group/local-info")
    assert local.findtext("build-compat") == "Mismatch"
    assert local.findtext("app-compat") == "Match"
    assert x.element_result.findtext("group/peer-info/build-rel") == "11.0.0"


def test_dataplane_not_ready_makes_the_peer_non_functional(emu):
    emu.control.system("pair1-a", chassis_ready=False)
    assert ha(emu, "pair1-a")["state"] == "non-functional"
    assert ha(emu, "pair1-b")["state"] == "active"
    r = xapi(emu, 0)
    r.op("show chassis-ready", cmd_xml=True)
    assert "[CDATA[no" in r.xml_document  # scripts grep the raw reply for "[CDATA[yes"


# ---------------------------------------------------------------------- config sync switched off, drift
def test_config_sync_disabled_on_one_peer(emu):
    job = set_and_commit(emu, HA + "/group/configuration-synchronization", "<enabled>no</enabled>", peer=1)
    assert job.findtext("result") == "OK"
    xb = xapi(emu, 1)
    xb.op("show high-availability state", cmd_xml=True)
    assert xb.element_result.findtext("group/running-sync-enabled") == "no"
    assert firewall(emu, 1).config_sync_state() is None  # pan-os-python: "HA config sync is not enabled"
    commit_object_on_a(emu)
    assert_not_synced(emu, "config_sync_disabled")
    forced_sync_refused(emu, "Configuration synchronization is disabled")


def test_configs_not_already_synchronized_stop_auto_sync(emu):
    emu.control.links("pair1", ha1="down", ha1_backup="down")
    commit_object_on_a(emu, "while-ha1-down")
    emu.control.links("pair1", ha1="up", ha1_backup="up")
    assert ha(emu, "pair1-a")["running_sync"] == "not synchronized"
    assert ha(emu, "pair1-a")["blockers"] == []  # nothing else is wrong
    commit_object_on_a(emu, "second")
    assert_not_synced(emu)
    # a manual sync-to-remote is the fix
    xapi(emu, 0).op("request high-availability sync-to-remote running-config", cmd_xml=True)
    assert wait_job(emu, "pair1-b", "HA-Sync")["result"] == "OK"
    assert ha(emu, "pair1-a")["running_sync"] == "synchronized"


# ---------------------------------------------------------------------- state sync (sessions over HA2)
def test_ha2_down_sessions_do_not_sync_but_config_does(emu):
    emu.control.links("pair1", ha2="down")
    emu.control.session("pair1-a", src="10.0.0.1", dst="10.0.0.2", dport=80, app="web-browsing")
    assert emu.control.device("pair1-b")["runtime"]["sessions"] == 0
    x = xapi(emu, 0)
    x.op("show high-availability state", cmd_xml=True)
    group = x.element_result.find("group")
    assert group.findtext("local-info/state-sync") == "Incomplete"
    assert group.findtext("peer-info/conn-ha2/conn-status") == "down"
    assert (group.findtext("local-info/state"), group.findtext("peer-info/state")) == ("active", "passive")
    x.op("show high-availability state-synchronization", cmd_xml=True)
    assert x.element_result.findtext("state-synchronization/status") == "not-synchronizing"
    commit_object_on_a(emu)  # config sync runs over HA1: unaffected
    assert wait_job(emu, "pair1-b", "HA-Sync")["result"] == "OK"


def test_state_sync_disabled_on_one_peer_sessions_do_not_sync(emu):
    emu.control.config("pair1-b", HA + "/group/state-synchronization", "<enabled>no</enabled>")
    emu.control.session("pair1-a", src="10.0.0.1", dst="10.0.0.2", dport=80, app="web-browsing")
    assert emu.control.device("pair1-b")["runtime"]["sessions"] == 0
    xb = xapi(emu, 1)
    xb.op("show high-availability state", cmd_xml=True)
    assert xb.element_result.findtext("group/local-info/state-sync") == "User-disabled"  # REAL (PA-VM 10.0.9)
    emu.control.user_mapping("pair1-a", "10.0.0.9", "carol")  # User-ID goes over HA1: still synced
    assert emu.control.device("pair1-b")["runtime"]["user_ip_mappings"] == 1


# ---------------------------------------------------------------------- HA-Sync failures on the peer (seed 001)
def test_jumbo_frame_mismatch_fails_the_peers_ha_sync_job(emu):
    xa = xapi(emu, 0)
    xa.set(xpath=DEV + "/deviceconfig/setting", element="<jumbo-frame><mtu>9192</mtu></jumbo-frame>")
    xa.set(xpath=AE1_518, element="<mtu>9000</mtu><tag>518</tag>")
    job = commit(emu, 0)
    assert job.findtext("result") == "OK"  # the source is in jumbo-frame mode: valid there
    sync = wait_job(emu, "pair1-b", "HA-Sync")
    assert sync["result"] == "FAIL"
    assert sync["details"] == [JUMBO_LINE, "interface configuration error", "Commit failed"]

    # as the client reads it: show jobs id N on the receiving peer
    xb = xapi(emu, 1)
    xb.op('show jobs id "%d"' % sync["id"], cmd_xml=True)
    jx = xb.element_result.find("job")
    assert (jx.findtext("type"), jx.findtext("status"), jx.findtext("result")) == ("HA-Sync", "FIN", "FAIL")
    assert [line.text for line in jx.findall("details/line")][0] == JUMBO_LINE

    xa.op("show system setting jumbo-frame", cmd_xml=True)
    assert xa.element_result.text == "on"
    xb.op("show system setting jumbo-frame", cmd_xml=True)
    assert xb.element_result.text == "off"  # jumbo-frame is a per-peer setting: the sync did not carry it
    xb.show(AE1_518 + "/mtu")
    assert xb.element_result.findtext("mtu") == "1500"  # the failed sync changed nothing on B (default config)
    assert ha(emu, "pair1-a")["running_sync"] == "not synchronized"

    # the fix: jumbo frames on the peer too, then sync again
    set_and_commit(emu, DEV + "/deviceconfig/setting", "<jumbo-frame><mtu>9192</mtu></jumbo-frame>", peer=1)
    xa.op("request high-availability sync-to-remote running-config", cmd_xml=True)
    assert wait_job(emu, "pair1-b", "HA-Sync", count=2)["result"] == "OK"
    assert ha(emu, "pair1-a")["running_sync"] == "synchronized"


def test_mtu_over_1500_without_jumbo_frames_fails_the_commit_itself(emu):
    xa = xapi(emu, 0)
    xa.set(xpath=AE1_518, element="<mtu>9000</mtu>")
    job = commit(emu, 0)
    assert job.findtext("result") == "FAIL"
    assert [line.text for line in job.findall("details/line")] == [
        JUMBO_LINE, "interface configuration error", "Commit failed"]
    assert jobs(emu, "pair1-b") == []


def change_master_key(emu, peer, new, current=None):
    cmd = "<request><master-key><new-master-key>%s</new-master-key>%s<lifetime>8760</lifetime>" \
          "<reminder>24</reminder></master-key></request>" % (
              new, "<current-master-key>%s</current-master-key>" % current if current else "")
    x = xapi(emu, peer)
    x.op(cmd)
    assert x.status_code is None and x.element_result.text.startswith("Master key changed successfully")
    jobid = int(x.element_result.text.rsplit(" ", 1)[1])  # the commit's id is only in the text (REAL)
    name = "pair1-%s" % "ab"[peer]
    job = wait_for(lambda: next((j for j in jobs(emu, name) if j["id"] == jobid and j["status"] == "FIN"), None),
                   what="the master-key commit")
    assert (job["type"], job["tag"], job["result"]) == ("Commit", "MasterKey", "OK"), job


def test_differing_master_keys_fail_the_ha_sync(emu):
    change_master_key(emu, 1, "B-key-0123456789"[:16])
    a, b = emu.control.device("pair1-a"), emu.control.device("pair1-b")
    assert a["master_key_fingerprint"] != b["master_key_fingerprint"]
    # the commit of b's key change auto-synced to a (config sync is on), which cannot decrypt b's values
    assert wait_job(emu, "pair1-a", "HA-Sync")["result"] == "FAIL"
    xapi(emu, 0).op("request high-availability sync-to-remote running-config", cmd_xml=True)
    sync = wait_job(emu, "pair1-b", "HA-Sync")
    assert sync["result"] == "FAIL"
    # the REAL layout of a device-module failure (pan-python issue 25): Error: ... / (Module: device) / Commit failed
    assert sync["details"] == ["Error: shared -> server-profile -> ldap -> corp-ldap -> bind-password: "
                               "Failed to decrypt the value with the master key of this device",
                               "(Module: device)", "Commit failed"]

    # same key on both peers: sync works again
    change_master_key(emu, 0, "B-key-0123456789"[:16])
    xapi(emu, 0).op("request high-availability sync-to-remote running-config", cmd_xml=True)
    assert wait_job(emu, "pair1-b", "HA-Sync", count=2)["result"] == "OK"
    assert ha(emu, "pair1-a")["running_sync"] == "synchronized"


def test_master_key_change_invalidates_old_api_keys(emu):
    old = xapi(emu, 1)
    old.keygen()
    change_master_key(emu, 1, "abcdefghijklmnop")
    stale = xapi(emu, 1, api_key=old.api_key, api_username=None, api_password=None)
    with pytest.raises(pan.xapi.PanXapiError, match="403"):
        stale.op("show clock", cmd_xml=True)
    fresh = xapi(emu, 1)
    fresh.keygen()
    assert fresh.api_key != old.api_key
    fresh.op("show clock", cmd_xml=True)
    settle(emu)
