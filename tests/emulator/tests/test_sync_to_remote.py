"""Every ``request high-availability sync-to-remote`` target, and ``request high-availability runtime-state``:
each has an observable effect on the peer (read through the control API's introspection)."""

import datetime

import pan.xapi
import pytest
from panos.errors import PanHAConfigSyncFailed, PanHASyncInProgress

from emu_helpers import DEV, firewall, ha, ha_pair, jobs, wait_job, xapi

ADDR = DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='%s']"


def sync_to_remote(emu, target, peer=0):
    x = xapi(emu, peer)
    x.op("request high-availability sync-to-remote %s" % target, cmd_xml=True)
    return x


def lines(x):
    return [line.text for line in x.element_root.findall("msg/line")]


def device(emu, name):
    return emu.control.device(name)


def drift_running_config(emu):
    """A commit on A while both HA1 links are down: A's synced config differs from B's afterwards."""
    emu.control.links("pair1", ha1="down", ha1_backup="down")
    x = xapi(emu, 0)
    x.set(xpath=ADDR % "drift", element="<ip-netmask>10.9.9.9</ip-netmask>")
    x.commit(cmd="<commit/>", sync=True, interval=0.1, timeout=20)
    assert x.element_result.findtext("job/result") == "OK"
    emu.control.links("pair1", ha1="up", ha1_backup="up")
    assert ha(emu, "pair1-a")["running_sync"] == "not synchronized"


# ---------------------------------------------------------------------- running-config
def test_running_config_overwrites_the_peer_and_runs_an_ha_sync_job_there(emu):
    drift_running_config(emu)
    # B has an uncommitted change of its own: a running-config sync overwrites B's candidate too.
    xb = xapi(emu, 1)
    xb.set(xpath=ADDR % "b-pending", element="<fqdn>b.example</fqdn>")
    assert device(emu, "pair1-b")["pending_changes"]
    before_b = device(emu, "pair1-b")
    x = sync_to_remote(emu, "running-config")
    assert lines(x) == ["HA synchronization job has been queued on peer. Please check job status on peer."]
    assert x.status == "success"
    job = wait_job(emu, "pair1-b", "HA-Sync")
    assert job["result"] == "OK"
    a, b = device(emu, "pair1-a"), device(emu, "pair1-b")
    assert b["synced_config_digest"] == a["synced_config_digest"] != before_b["synced_config_digest"]
    assert b["pending_changes"] == {}  # the peer's candidate was overwritten
    assert b["candidate_digest"] == b["running_digest"]
    assert a["ha"]["running_sync"] == "synchronized"
    assert a["ha"]["last_sync"]["to"] == "pair1-b"
    xb.show(ADDR % "drift")
    assert xb.element_result.findtext("entry/ip-netmask") == "10.9.9.9"


def test_running_config_keeps_the_peers_own_non_synced_settings(emu):
    drift_running_config(emu)
    sync_to_remote(emu, "running-config")
    wait_job(emu, "pair1-b", "HA-Sync")
    xb = xapi(emu, 1)
    xb.show(DEV + "/deviceconfig/system/hostname")
    assert xb.element_result.findtext("hostname") == "pair1-fw-b"
    xb.show(DEV + "/deviceconfig/high-availability/group/election-option/device-priority")
    assert xb.element_result.findtext("device-priority") == "100"


def test_running_config_while_a_sync_runs_is_another_sync_in_progress(emu):
    drift_running_config(emu)
    fa, _ = ha_pair(emu)
    sync_to_remote(emu, "running-config")
    with pytest.raises(PanHASyncInProgress):
        fa.op("request high-availability sync-to-remote running-config", "shared")
    assert ha(emu, "pair1-a")["running_sync"] == "synchronization in progress"
    wait_job(emu, "pair1-b", "HA-Sync")


def test_running_config_with_ha1_down_fails_with_the_text_pan_os_python_classifies(emu):
    emu.control.links("pair1", ha1="down", ha1_backup="down")
    with pytest.raises(PanHAConfigSyncFailed, match="Failed to synchronize running configuration with HA peer"):
        firewall(emu, 0).op("request high-availability sync-to-remote running-config", "shared")
    assert jobs(emu, "pair1-b") == []


# ---------------------------------------------------------------------- candidate-config
def test_candidate_config_lands_as_an_uncommitted_change_on_the_peer(emu):
    xa = xapi(emu, 0)
    xa.set(xpath=ADDR % "cand", element="<ip-netmask>10.7.7.7</ip-netmask>")  # uncommitted on A
    before = device(emu, "pair1-b")
    x = sync_to_remote(emu, "candidate-config")
    assert lines(x) == ["HA synchronization job has been queued on peer. Please check job status on peer."]
    job = wait_job(emu, "pair1-b", "HA-Sync")
    assert job["result"] == "OK"
    b = device(emu, "pair1-b")
    assert b["running_digest"] == before["running_digest"]  # running untouched
    assert b["candidate_digest"] != before["candidate_digest"]
    assert b["pending_changes"], b["pending_changes"]
    xb = xapi(emu, 1)
    xb.op("check pending-changes", cmd_xml=True)
    assert xb.element_result.text == "yes"
    xb.get(ADDR % "cand")  # candidate
    assert xb.element_result.findtext("entry/ip-netmask") == "10.7.7.7"
    with pytest.raises(pan.xapi.PanXapiError, match="No such node"):
        xb.show(ADDR % "cand")  # not in running
    xb.get(DEV + "/deviceconfig/system/hostname")
    assert xb.element_result.findtext("hostname") == "pair1-fw-b"  # B keeps its own hostname


# ---------------------------------------------------------------------- clock
def test_clock_sets_the_peer_clock_to_ours(emu):
    xa = xapi(emu, 0)
    xa.op("<set><clock><date>2031/03/04</date><time>05:06:07</time></clock></set>")
    assert device(emu, "pair1-a")["clock"].startswith("2031-03-04 05:0")
    assert device(emu, "pair1-b")["clock"][:4] != "2031"
    x = sync_to_remote(emu, "clock")
    assert x.status == "success" and lines(x)
    clock_b = datetime.datetime.strptime(device(emu, "pair1-b")["clock"], "%Y-%m-%d %H:%M:%S")
    assert abs(clock_b - datetime.datetime(2031, 3, 4, 5, 6, 7)) < datetime.timedelta(minutes=1)
    xb = xapi(emu, 1)
    xb.op("show clock", cmd_xml=True)
    assert "2031" in xb.element_result.text


# ---------------------------------------------------------------------- ssh-key, id-manager, disk-state
@pytest.mark.parametrize("target, field, setup", [
    ("ssh-key", "ha_ssh_key_fingerprint", None),  # each device starts with its own HA SSH key
    ("id-manager", "id_manager_digest", lambda c: c.id_manager("pair1-a", "addr-obj-web", 4711)),
    ("disk-state", "disk_state_digest", lambda c: c.disk_state("pair1-a", "response-pages/custom.html", "<p>x</p>")),
])
def test_runtime_targets_copy_our_table_to_the_peer(emu, target, field, setup):
    if setup:
        setup(emu.control)
    a, b = device(emu, "pair1-a")["runtime"], device(emu, "pair1-b")["runtime"]
    assert a[field] != b[field]
    x = sync_to_remote(emu, target)
    assert x.status == "success" and lines(x)
    a, b = device(emu, "pair1-a")["runtime"], device(emu, "pair1-b")["runtime"]
    assert a[field] == b[field]


def test_config_sync_does_not_carry_disk_state_or_ids(emu):
    emu.control.disk_state("pair1-a", "response-pages/custom.html", "<p>x</p>")
    emu.control.id_manager("pair1-a", "addr-obj-web", 4711)
    xa = xapi(emu, 0)
    xa.set(xpath=ADDR % "web", element="<ip-netmask>10.0.0.80</ip-netmask>")
    xa.commit(cmd="<commit/>", sync=True, interval=0.1, timeout=20)
    assert wait_job(emu, "pair1-b", "HA-Sync")["result"] == "OK"
    a, b = device(emu, "pair1-a")["runtime"], device(emu, "pair1-b")["runtime"]
    assert a["disk_state_digest"] != b["disk_state_digest"]
    assert a["id_manager_digest"] != b["id_manager_digest"]


# ---------------------------------------------------------------------- runtime-state (HA1: user-id, HA2: sessions)
def make_runtime_difference(emu):
    """A User-ID mapping learned with HA1 down and a session opened with HA2 down: neither reached B."""
    emu.control.links("pair1", ha1="down", ha1_backup="down")
    emu.control.user_mapping("pair1-a", "10.1.1.10", "corp\\alice")
    emu.control.links("pair1", ha1="up", ha1_backup="up", ha2="down")
    emu.control.session("pair1-a", src="10.1.1.10", dst="192.0.2.80", dport=443, app="ssl")
    emu.control.links("pair1", ha2="up")
    b = device(emu, "pair1-b")["runtime"]
    assert (b["user_ip_mappings"], b["sessions"]) == (0, 0)


@pytest.mark.parametrize("cmd", ["request high-availability runtime-state",
                                 "request high-availability sync-to-remote runtime-state"])
def test_runtime_state_copies_user_mappings_and_sessions(emu, cmd):
    make_runtime_difference(emu)
    x = xapi(emu, 0)
    x.op(cmd, cmd_xml=True)
    assert x.status == "success" and lines(x)
    b = device(emu, "pair1-b")["runtime"]
    assert (b["user_ip_mappings"], b["sessions"]) == (1, 1)
    xb = xapi(emu, 1)
    xb.op("show user ip-user-mapping all", cmd_xml=True)
    assert xb.element_result.findtext("entry/user") == "corp\\alice"
    xb.op("show session info", cmd_xml=True)
    assert xb.element_result.findtext("num-active") == "1"
    xb.op("show session all", cmd_xml=True)
    assert xb.element_result.findtext("entry/dst") == "192.0.2.80"


def test_runtime_state_with_ha2_down_syncs_user_mappings_but_not_sessions(emu):
    make_runtime_difference(emu)
    emu.control.links("pair1", ha2="down")
    x = xapi(emu, 0)
    with pytest.raises(pan.xapi.PanXapiError):
        x.op("request high-availability runtime-state", cmd_xml=True)
    assert x.status_code == "15"
    b = device(emu, "pair1-b")["runtime"]
    assert (b["user_ip_mappings"], b["sessions"]) == (1, 0)


def test_runtime_state_with_ha1_down_is_refused(emu):
    make_runtime_difference(emu)
    emu.control.links("pair1", ha1="down", ha1_backup="down")
    x = xapi(emu, 0)
    with pytest.raises(pan.xapi.PanXapiError):
        x.op("request high-availability runtime-state", cmd_xml=True)
    b = device(emu, "pair1-b")["runtime"]
    assert (b["user_ip_mappings"], b["sessions"]) == (0, 0)


def test_automatic_runtime_sync_when_links_are_up(emu):
    emu.control.user_mapping("pair1-a", "10.1.1.11", "bob")
    emu.control.session("pair1-a", src="10.1.1.11", dst="192.0.2.1", dport=22, app="ssh")
    b = device(emu, "pair1-b")["runtime"]
    assert (b["user_ip_mappings"], b["sessions"]) == (1, 1)


def test_sync_to_remote_with_ha_disabled_on_the_peer_is_refused(emu):
    emu.control.config("pair1-b", DEV + "/deviceconfig/high-availability", "<enabled>no</enabled>")
    for target in ("running-config", "clock", "ssh-key"):
        x = xapi(emu, 0)
        with pytest.raises(pan.xapi.PanXapiError):
            x.op("request high-availability sync-to-remote %s" % target, cmd_xml=True)
        assert x.status_code == "15"
