"""HA election as a real pair does it: priority, preemption, suspend/functional, link failures, split brain,
and the active/active states."""

import pan.xapi
import pytest
from panos.objects import AddressObject

from emu_helpers import DEV, HA, firewall, ha, ha_pair, jobs, set_and_commit, wait_job, xapi

SUSPEND = "<request><high-availability><state><suspend/></state></high-availability></request>"
FUNCTIONAL = "<request><high-availability><state><functional/></state></high-availability></request>"


def states(emu):
    return ha(emu, "pair1-a")["state"], ha(emu, "pair1-b")["state"]


def ha_state_xml(emu, peer):
    x = xapi(emu, peer)
    x.op("show high-availability state", cmd_xml=True)
    return x.element_result


def test_each_peer_has_its_own_ha1_backup_and_ha2_addresses(emu):
    a, b = (ha_state_xml(emu, peer).find("group") for peer in (0, 1))
    for link in ("ha1-backup-ipaddr", "ha2-ipaddr"):
        own_a, own_b = a.findtext("local-info/" + link), b.findtext("local-info/" + link)
        assert own_a != own_b, link
        # what each peer reports about the other is the other's own address (peer-info has no mask)
        assert a.findtext("peer-info/" + link) == own_b.split("/")[0]
        assert b.findtext("peer-info/" + link) == own_a.split("/")[0]


def test_lower_priority_value_wins_the_election(emu):
    assert states(emu) == ("active", "passive")
    a = ha_state_xml(emu, 0).find("group")
    assert a.findtext("local-info/priority") == "90"
    assert a.findtext("peer-info/priority") == "100"


# ---------------------------------------------------------------------- links
def test_both_ha1_links_down_is_split_brain(emu):
    emu.control.links("pair1", ha1="down", ha1_backup="down")
    assert states(emu) == ("active", "active")
    fa, fb = firewall(emu, 0), firewall(emu, 1)
    assert fa.show_highavailability_state()[0] == "active"
    assert fb.show_highavailability_state()[0] == "active"
    for peer in (0, 1):
        group = ha_state_xml(emu, peer).find("group")
        assert group.findtext("running-sync") == "unknown"
        assert group.findtext("peer-info/state") == "unknown"
        assert group.findtext("peer-info/conn-status") == "down"
        assert group.findtext("peer-info/conn-ha1/conn-status") == "down"
        assert group.findtext("local-info/state-sync") == "HA1-peer-disconnected"
        assert group.findtext("local-info/build-compat") == "Unknown"
    fa.set_ha_peers(fb)
    fa.refresh_ha_active()
    assert fa.is_active() and fb.is_active()  # what a client sees in a split brain


def test_split_brain_heals_to_the_priority_winner(emu):
    emu.control.links("pair1", ha1="down", ha1_backup="down")
    emu.control.links("pair1", ha1="up", ha1_backup="up")
    assert states(emu) == ("active", "passive")
    assert ha(emu, "pair1-a")["running_sync"] == "synchronized"


def test_commit_during_split_brain_does_not_sync(emu):
    emu.control.links("pair1", ha1="down", ha1_backup="down")
    fa = firewall(emu, 0)
    fa.add(AddressObject("sb", "10.0.0.5")).create()
    assert fa.commit(sync=True)["success"]
    assert jobs(emu, "pair1-b", "HA-Sync") == []
    emu.control.links("pair1", ha1="up", ha1_backup="up")
    assert ha(emu, "pair1-a")["running_sync"] == "not synchronized"


@pytest.mark.parametrize("link", ["ha1", "ha1_backup"])
def test_one_ha1_link_down_is_not_split_brain(emu, link):
    emu.control.links("pair1", **{link: "down"})
    assert states(emu) == ("active", "passive")
    group = ha_state_xml(emu, 0).find("group")
    tag = "conn-ha1" if link == "ha1" else "conn-ha1-backup"
    assert group.findtext("peer-info/%s/conn-status" % tag) == "down"
    assert group.findtext("peer-info/conn-status") == "up"
    assert group.findtext("running-sync") == "synchronized"


def test_ha2_down_keeps_the_election(emu):
    emu.control.links("pair1", ha2="down")
    assert states(emu) == ("active", "passive")


def test_unknown_link_name_is_a_control_error(emu):
    from panos_emulator.client import ControlError

    with pytest.raises(ControlError):
        emu.control.links("pair1", ha9="down")


# ---------------------------------------------------------------------- suspend / functional, preemption
def test_suspend_active_peer_takes_over_and_functional_returns_as_passive(emu):
    fa, fb = ha_pair(emu)
    x = xapi(emu, 0)
    x.op(SUSPEND)
    assert x.element_result.text == "Successfully changed HA state to suspended"
    assert states(emu) == ("suspended", "active")
    fa.refresh_ha_active()
    assert fb.is_active()
    group = ha_state_xml(emu, 1).find("group")
    assert group.findtext("peer-info/state") == "suspended"
    x.op(FUNCTIONAL)
    assert x.element_result.text == "Successfully changed HA state to functional"
    assert states(emu) == ("passive", "active")  # no preemption configured: B stays active


def set_preemptive(emu, peer):
    job = set_and_commit(emu, HA + "/group/election-option", "<preemptive>yes</preemptive>", peer=peer)
    assert job.findtext("result") == "OK"
    # The commit auto-syncs to the other peer; that HA-Sync overwrites the other peer's candidate, so wait for it
    # before touching the other peer.
    other = "pair1-%s" % "ba"[peer]
    wait_job(emu, other, "HA-Sync", count=len(jobs(emu, other, "HA-Sync")))


def set_preemptive_on_both(emu):
    set_preemptive(emu, 0)
    set_preemptive(emu, 1)
    assert ha(emu, "pair1-a")["preemptive"] and ha(emu, "pair1-b")["preemptive"]


def test_preemption_returns_the_priority_winner_to_active(emu):
    set_preemptive_on_both(emu)
    xapi(emu, 0).op(SUSPEND)
    assert states(emu) == ("suspended", "active")
    xapi(emu, 0).op(FUNCTIONAL)
    assert states(emu) == ("active", "passive")


def test_preemption_needs_both_peers(emu):
    set_preemptive(emu, 0)
    xapi(emu, 0).op(SUSPEND)
    xapi(emu, 0).op(FUNCTIONAL)
    assert states(emu) == ("passive", "active")


def test_suspending_the_passive_leaves_the_active_alone(emu):
    xapi(emu, 1).op(SUSPEND)
    assert states(emu) == ("active", "suspended")
    assert ha_state_xml(emu, 1).findtext("group/local-info/state") == "suspended"


def test_both_suspended(emu):
    xapi(emu, 0).op(SUSPEND)
    xapi(emu, 1).op(SUSPEND)
    assert states(emu) == ("suspended", "suspended")


def test_suspend_with_ha_disabled_is_refused(emu):
    emu.control.config("pair1-a", HA, "<enabled>no</enabled>")
    x = xapi(emu, 0)
    with pytest.raises(pan.xapi.PanXapiError):
        x.op(SUSPEND)
    assert x.status_code == "15"
    assert ha(emu, "pair1-a")["state"] == "initial"
    assert ha(emu, "pair1-b")["state"] == "active"  # the peer alone is active


def test_initial_state_makes_pan_os_python_wait(emu):
    emu.control.config("pair1-b", HA, "<enabled>no</enabled>")
    fa, fb = firewall(emu, 0), firewall(emu, 1)
    fa.set_ha_peers(fb)
    assert fb.show_highavailability_state()[0] == "disabled"
    assert fa.refresh_ha_active() is None  # pan-os-python gives up on a pair where one peer is disabled


def test_priority_change_with_preemption_moves_the_active_role(emu):
    set_preemptive_on_both(emu)
    job = set_and_commit(emu, HA + "/group/election-option", "<device-priority>10</device-priority>", peer=1)
    assert job.findtext("result") == "OK"
    assert states(emu) == ("passive", "active")


# ---------------------------------------------------------------------- active/active
@pytest.mark.mode("active-active")
def test_active_active_states_and_mode(emu):
    assert states(emu) == ("active-primary", "active-secondary")
    group = ha_state_xml(emu, 0).find("group")
    assert group.findtext("mode") == "Active-Active"
    assert group.findtext("local-info/mode") == "Active-Active"
    assert group.findtext("local-info/active-active/device-id") == "0"
    assert group.findtext("peer-info/state") == "active-secondary"
    assert ha_state_xml(emu, 1).findtext("group/local-info/active-active/device-id") == "1"
    assert emu.control.pairs()["pair1"]["mode"] == "active-active"


@pytest.mark.mode("active-active")
def test_active_active_interface_ips_stay_per_peer(emu):
    ip = DEV + "/network/interface/ethernet/entry[@name='ethernet1/2']/layer3/ip"
    set_and_commit(emu, ip, "<entry name='10.1.0.2/24'/>", peer=1)
    wait_job(emu, "pair1-a", "HA-Sync")
    set_and_commit(emu, DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='aa']", "<fqdn>aa.example</fqdn>",
                   peer=0)
    assert wait_job(emu, "pair1-b", "HA-Sync")["result"] == "OK"
    xb = xapi(emu, 1)
    xb.show(ip)
    names = {e.get("name") for e in xb.element_result.iter("entry")}
    assert "10.1.0.2/24" in names  # B kept its own interface address
    xb.show(DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='aa']")  # and got A's object


def test_active_passive_interface_ips_sync(emu):
    ip = DEV + "/network/interface/ethernet/entry[@name='ethernet1/2']/layer3/ip"
    set_and_commit(emu, ip, "<entry name='10.1.0.99/24'/>", peer=0)
    assert wait_job(emu, "pair1-b", "HA-Sync")["result"] == "OK"
    xb = xapi(emu, 1)
    xb.show(ip)
    assert "10.1.0.99/24" in {e.get("name") for e in xb.element_result.iter("entry")}


# ---------------------------------------------------------------------- link and path monitoring (as configured)
def test_link_and_path_monitoring_report_the_configured_switches(emu):
    group = ha_state_xml(emu, 0).find("group")
    assert (group.findtext("link-monitoring/enabled"), group.findtext("path-monitoring/enabled")) == ("yes", "yes")
    emu.control.config("pair1-a", HA + "/group/monitoring/link-monitoring", "<enabled>no</enabled>")
    emu.control.config("pair1-a", HA + "/group/monitoring/path-monitoring",
                       "<enabled>no</enabled><failure-condition>all</failure-condition>")
    emu.control.config("pair1-a", HA + "/group/monitoring/link-monitoring/link-group",
                       "<entry name='uplinks'><interface><member>ethernet1/1</member><member>ethernet1/2</member>"
                       "</interface><failure-condition>all</failure-condition></entry>")
    group = ha_state_xml(emu, 0).find("group")
    assert group.findtext("link-monitoring/enabled") == "no"
    assert (group.findtext("path-monitoring/enabled"), group.findtext("path-monitoring/failure-condition")) == (
        "no", "all")
    entry = group.find("link-monitoring/groups/entry")
    assert (entry.findtext("name"), entry.findtext("failure-condition"), entry.findtext("enabled")) == (
        "uplinks", "all", "yes")
    assert [e.findtext("name") for e in entry.findall("interface/entry")] == ["ethernet1/1", "ethernet1/2"]
    assert ha_state_xml(emu, 1).find("group").findtext("link-monitoring/enabled") == "yes"  # per peer


def test_monitoring_block_with_no_configuration_uses_the_pan_os_defaults(emu):
    x = xapi(emu, 0)
    x.edit(xpath=HA + "/group/monitoring", element="<monitoring/>")
    x.commit(cmd="<commit/>", sync=True, interval=0.1, timeout=30)
    group = ha_state_xml(emu, 0).find("group")
    assert (group.findtext("link-monitoring/enabled"), group.findtext("link-monitoring/failure-condition")) == (
        "yes", "any")
