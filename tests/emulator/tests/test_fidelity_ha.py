"""Fidelity of show high-availability state|all: each schema against the samples of its releases (10.x: PA-VM
10.0.9 and 10.2.3; 9.1: PA-5250 9.1.11, PA-5060 7.1.9, PA-VM 8.1.3), elements, nesting, order and vocabulary.
Known differences are passed as ``ignore`` and listed in ASSUMPTIONS.md §7."""

import json

import pytest
from lxml import etree

from emu_helpers import HA, assert_shape, op, sample
from shapes import differences, parse


# ---------------------------------------------------------------------- show high-availability state
def show_ha(emu, peer=0):
    return op(emu, "<show><high-availability><state/></high-availability></show>", peer=peer).body


def order_differences(sample_el, our_el):
    """The child order of ``sample_el`` that ``our_el`` does not keep (compared over the tags both have)."""
    ours = [c.tag for c in our_el if isinstance(c.tag, str)]
    theirs = [c.tag for c in sample_el if isinstance(c.tag, str)]
    common = [t for t in theirs if t in ours]
    kept = [t for t in ours if t in common]
    return [] if kept == common else ["order: sample %s, emulator %s" % (common, kept)]


def suspend_and_return(emu, peer):
    """Leaves a last error on the peer (last-error-state suspended / User requested), as in the samples."""
    op(emu, "<request><high-availability><state><suspend/></state></high-availability></request>", peer=peer)
    op(emu, "<request><high-availability><state><functional/></state></high-availability></request>", peer=peer)


def from_dict(tag, value):
    """An element tree from an xmltodict-style dict (the PA-VM 10.2.3 sample is published as one; order is lost)."""
    el = etree.Element(tag)
    if isinstance(value, dict):
        for k, v in value.items():
            el.append(from_dict(k, v))
    elif value is not None:
        el.text = value
    return el


LINK_GROUP = HA + "/group/monitoring/link-monitoring/link-group"


def test_ha_state_10x_passive_pa_vm_10_0_9(emu):
    """The 10.x layout (demisto/content show_ha_state_enabled.xml): elements, nesting, order and vocabulary."""
    name = "op_show_high-availability_state.active-passive.passive.pa-vm-10.0.9.xml"
    emu.control.config("pair1-a", HA + "/group/state-synchronization", "<enabled>no</enabled>")
    suspend_and_return(emu, 1)  # b (passive) keeps a last error
    suspend_and_return(emu, 0)  # a (active) hands over to b and comes back passive, with a last error
    body = show_ha(emu)
    assert_shape(name, body)
    real, ours = parse(sample(name)), parse(body)
    for path in ("local-info", "peer-info", "link-monitoring", "path-monitoring"):
        diffs = order_differences(real.find("result/group/" + path), ours.find("result/group/" + path))
        assert diffs == [], (path, diffs)
    for path in ("group/local-info/state", "group/peer-info/state", "group/local-info/state-sync",
                 "group/local-info/last-error-state", "group/local-info/last-error-reason",
                 "group/peer-info/last-error-state", "group/peer-info/last-error-reason",
                 "group/local-info/DLP", "group/local-info/VMS", "group/local-info/iot-compat",
                 "group/local-info/ha1-port", "group/link-monitoring/failure-condition",
                 "group/link-monitoring/enabled", "group/path-monitoring/failure-condition",
                 "group/path-monitoring/enabled"):
        assert ours.findtext("result/" + path) == real.findtext("result/" + path), path
    assert ours.findtext("result/group/peer-info/VMS") == "3.0.6"  # the peer's plugin version, as the sample


def test_ha_state_10x_passive_pa_vm_10_2_3(emu):
    """pan-os-upgrade-assurance docs (dict form, order lost): element names and nesting, and the values the brief
    names: passive-link-state shutdown, state-sync-type ip, ha1-gateway / ha2-gateway."""
    data = json.loads(sample("op_show_high-availability_state.passive.pa-vm-10.2.3.upgrade-assurance-docs.json"))
    real = from_dict("response", {"result": data})
    real.set("status", "success")
    body = show_ha(emu, peer=1)
    assert_shape_of(real, body)
    ours = parse(body)
    for path in ("enabled", "group/local-info/state", "group/local-info/active-passive/passive-link-state",
                 "group/local-info/state-sync", "group/local-info/state-sync-type", "group/peer-info/state",
                 "group/running-sync"):
        assert ours.findtext("result/" + path) == real.findtext("result/" + path), path


def assert_shape_of(real, actual, **kw):
    diffs = differences(real, actual, **kw)
    assert diffs == [], "%s" % "\n  ".join(diffs)


def test_ha_state_9_1_synced_pa_5250(emu91):
    name = "op_show_high-availability_state.active-passive.synced.pa-5250-9.1.11.xml"
    emu91.control.config("pair1-a", LINK_GROUP, "<entry name='Monitor'><enabled>no</enabled></entry>")
    emu91.control.config("pair1-a", HA + "/group/monitoring/link-monitoring", "<enabled>no</enabled>")
    emu91.control.config("pair1-a", HA + "/group/monitoring/path-monitoring", "<enabled>no</enabled>")
    suspend_and_return(emu91, 1)  # the sample's peer has a last error
    body = show_ha(emu91)
    assert_shape(name, body)
    real, ours = parse(sample(name)), parse(body)
    for path in ("local-info", "peer-info", "link-monitoring", "path-monitoring"):
        assert order_differences(real.find("result/group/" + path), ours.find("result/group/" + path)) == [], path
    group = ours.find("result/group")
    assert (group.findtext("local-info/state"), group.findtext("peer-info/state")) == ("active", "passive")
    assert group.findtext("running-sync") == "synchronized"
    for compat in ("build", "url", "app", "av", "threat", "vpnclient", "gpclient"):
        assert group.findtext("local-info/%s-compat" % compat) == "Match"
    for path in ("link-monitoring/fail-cond", "link-monitoring/enabled", "link-monitoring/groups/entry/name",
                 "link-monitoring/groups/entry/fail-cond", "path-monitoring/fail-cond", "path-monitoring/enabled"):
        assert group.findtext(path) == real.findtext("result/group/" + path), path
    # 9.1: no plugin leaves, no IoT content version
    assert [c.tag for c in group.find("local-info") if c.tag in ("DLP", "VMS", "iot-version", "iot-compat")] == []


def test_ha_state_9_1_older_layout_pa_5060(emu91):
    emu91.control.config("pair1-a", LINK_GROUP, "<entry name='LinkGroup'><interface><member>ethernet1/21</member>"
                         "</interface></entry>")
    suspend_and_return(emu91, 1)
    suspend_and_return(emu91, 0)  # the sample's local device has a last error too
    assert_shape("op_show_high-availability_state.active-passive.synced.pa-5060-7.1.9.link-monitoring.xml",
                 show_ha(emu91), ignore=["result/group/local-info/mgmt-hb", "result/group/peer-info/conn-mgmt"])


@pytest.mark.parametrize("schema", ["10.2", "9.1"])
def test_ha_state_with_ha1_down_matches_the_peer_down_sample(request, schema):
    emu = request.getfixturevalue("emu" if schema == "10.2" else "emu91")
    name = "op_show_high-availability_state.active-passive.peer-down.pa-vm-8.1.3.xml"
    emu.control.links("pair1", ha1="down", ha1_backup="down")
    body = show_ha(emu)
    ignore = ["result/group/peer-info/conn-ha2/conn-type", "result/group/peer-info/conn-ha2/conn-hold"]
    if schema == "10.2":  # the sample is 8.1: its spellings are the 9.1 schema's
        ignore += ["result/group/link-monitoring/fail-cond", "result/group/path-monitoring/fail-cond",
                   "result/group/path-monitoring/vwire", "result/group/path-monitoring/vrouter"]
    assert_shape(name, body, ignore=ignore)
    real, ours = parse(sample(name)), parse(body)
    assert order_differences(real.find("result/group/peer-info"), ours.find("result/group/peer-info")) == []
    for path in ("result/group/running-sync", "result/group/peer-info/state", "result/group/peer-info/conn-status",
                 "result/group/peer-info/conn-ha1/conn-status", "result/group/local-info/state-sync",
                 "result/group/local-info/build-compat", "result/group/local-info/app-compat",
                 "result/group/peer-info/build-rel", "result/group/peer-info/mode", "result/group/local-info/state",
                 "result/group/local-info/active-passive/passive-link-state"):
        assert ours.findtext(path) == real.findtext(path), path


def test_plugin_compat_vocabulary_includes_compat_match(emu):
    """'Compat Match' is a value real devices show for a plugin leaf (Panorama 10.1.5, Cloud-Services)."""
    real = parse(sample("op_show_high-availability_state.panorama-10.1.5.compat-match.xml"))
    assert real.findtext("result/local-info/Cloud-Services") == "Compat Match"
    plugins = emu.control.device("pair1-a")["system"]["plugins"]
    plugins.append({"name": "cloud_services", "version": "2.1.1", "ha_compat": "Compat Match"})
    emu.control.system("pair1-a", plugins=plugins)
    ours = parse(show_ha(emu))
    assert ours.findtext("result/group/local-info/Cloud-Services") == "Compat Match"


@pytest.mark.parametrize("schema", ["10.2", "9.1"])
def test_ha_disabled_is_byte_identical(request, schema):
    emu = request.getfixturevalue("emu" if schema == "10.2" else "emu91")
    emu.control.config("pair1-a", HA, "<enabled>no</enabled>")
    assert show_ha(emu) == sample("op_show_high-availability_state.ha-disabled.xml").strip()


@pytest.mark.mode("active-active")
def test_ha_state_active_active_strings(emu):
    body = show_ha(emu)
    assert_shape("op_show_high-availability_state.active-active.TRIMMED-test-fixture.xml", body)
    real, ours = parse(sample("op_show_high-availability_state.active-active.TRIMMED-test-fixture.xml")), parse(body)
    for path in ("result/group/mode", "result/group/local-info/state"):
        assert ours.findtext(path) == real.findtext(path)


def test_monitoring_blocks_match_the_cli_transcript(emu):
    """ntc-templates' CLI transcript of show high-availability all: link and path monitoring "Enabled: yes",
    "Failure condition: any", and the three path-group kinds in the order Virtual-Wire, VLAN, Virtual-Router."""
    cli = sample("show_high-availability_all.cli.pa-5020-6.1.10.ntc-templates.txt").decode()
    path_cli = cli.split("Path Monitoring Information:", 1)[1]
    assert "Enabled: yes" in path_cli and "Failure condition: any" in path_cli
    kinds = [k for k in ("Virtual-Wire Groups", "VLAN Groups", "Virtual-Router Groups") if k in path_cli]
    assert kinds == sorted(kinds, key=path_cli.index)
    group = parse(show_ha(emu)).find("result/group")
    assert [c.tag for c in group.find("path-monitoring") if c.tag in ("virtual-wire", "vlan", "virtual-router")] == [
        "virtual-wire", "vlan", "virtual-router"]
    for block in ("link-monitoring", "path-monitoring"):
        assert (group.findtext(block + "/enabled"), group.findtext(block + "/failure-condition")) == ("yes", "any")
