"""Management-plane and workflow faults injected through the control API, seen through the real clients."""

import socket
import time

import pan.xapi
import pytest
from panos.errors import PanDeviceXapiError, PanLockError, PanURLError
from panos.objects import AddressObject

from emu_helpers import (DEV, api_key, commit, firewall, ha_pair, jobs, raw, refuses_connections, settle, wait_for,
                         wait_job, wait_refused, xapi)

ADDR = DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='%s']"


# ---------------------------------------------------------------------- connection-level faults
def test_refuse_is_a_real_connection_refused_then_recovers(emu):
    emu.control.fault("pair1-a", "refuse")
    p = emu.peer()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((p["host"], p["port"]), timeout=5)
    with pytest.raises(pan.xapi.PanXapiError, match="URLError: reason: .*[Rr]efused"):
        xapi(emu).op("show clock", cmd_xml=True)
    raw(emu, {"type": "version"}, peer=1)  # the peer's listener on the same port is unaffected
    emu.control.clear_faults("pair1-a")
    xapi(emu).op("show clock", cmd_xml=True)


def test_refused_active_makes_pan_os_python_fail_over_to_the_peer(emu):
    fa, fb = ha_pair(emu)
    fa.refresh_system_info()  # keygen and version lookup before the fault (op commands are not retried)
    assert fb.api_key
    emu.control.fault("pair1-a", "refuse")
    fa.add(AddressObject("via-peer", "10.3.3.3")).create()  # config writes retry on the HA peer
    assert fa.ha_failed and fb.is_active()
    assert emu.control.device("pair1-b")["pending_changes"]["admin"]
    with pytest.raises(PanURLError):
        firewall(emu, 0).refresh_system_info()


def test_hang_makes_the_client_time_out_and_clearing_releases_it(emu):
    emu.control.fault("pair1-a", "hang", seconds=30)
    x = xapi(emu, timeout=1)
    started = time.monotonic()
    # urllib wraps connect errors in URLError but not a read timeout: pan.xapi lets TimeoutError through.
    with pytest.raises(TimeoutError, match="timed out"):
        x.keygen()
    assert 0.9 <= time.monotonic() - started < 10
    emu.control.clear_faults("pair1-a")
    xapi(emu).op("show clock", cmd_xml=True)


def test_hang_seen_through_pan_os_python(emu):
    fw = firewall(emu, timeout=1)
    assert fw.api_key  # keygen first
    emu.control.fault("pair1-a", "hang", seconds=30)
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="timed out"):  # not classified by pan-os-python either
        fw.refresh_system_info()
    assert time.monotonic() - started < 10


def test_slow_delays_every_answer(emu):
    x = xapi(emu)
    x.keygen()
    emu.control.fault("pair1-a", "slow", seconds=0.6)
    started = time.monotonic()
    x.op("show clock", cmd_xml=True)
    assert time.monotonic() - started >= 0.6
    assert x.status == "success"
    emu.control.clear_faults("pair1-a")
    started = time.monotonic()
    x.op("show clock", cmd_xml=True)
    assert time.monotonic() - started < 0.5


def test_http_5xx_for_n_requests_then_recovery(emu):
    x = xapi(emu)
    x.keygen()
    emu.control.fault("pair1-a", "http_error", status=503, count=2)
    for _ in range(2):
        with pytest.raises(pan.xapi.PanXapiError, match="URLError: code: 503"):
            x.op("show clock", cmd_xml=True)
    x.op("show clock", cmd_xml=True)
    assert x.status == "success"
    log = emu.control.requests("pair1-a")
    assert [e["http_status"] for e in log["entries"] if e["type"] == "http"] == [503, 503]


def test_http_500_body_is_not_xml(emu):
    emu.control.fault("pair1-a", "http_error", status=500, count=1)
    r = raw(emu, {"type": "version"})
    assert r.status == 500 and r.headers["Content-Type"].startswith("text/html")


def test_fault_armed_to_start_after_a_job(emu):
    emu.control.fault("pair1-a", "refuse", after_job="Commit")
    assert emu.control.device("pair1-a")["faults"]["armed"] == {"Commit": "refuse"}
    x = xapi(emu)
    x.op("show clock", cmd_xml=True)  # not yet
    x.set(xpath=ADDR % "armed", element="<ip-netmask>10.0.0.7</ip-netmask>")
    x.commit(cmd="<commit/>")
    wait_for(lambda: emu.control.device("pair1-a")["faults"]["refuse"], what="armed fault to start")
    wait_refused(emu, what="listener to close")
    assert wait_job(emu, "pair1-a", "Commit")["result"] == "OK"  # the change itself went through
    emu.control.clear_faults("pair1-a")
    wait_for(lambda: not refuses_connections(emu), timeout=5, what="listener to reopen")


def test_unknown_fault_kind_is_a_control_error(emu):
    from panos_emulator.client import ControlError

    with pytest.raises(ControlError, match="unknown fault"):
        emu.control.fault("pair1-a", "explode")


# ---------------------------------------------------------------------- jobs
def test_next_commit_fails_with_the_given_details(emu):
    emu.control.fail_next("pair1-a", "Commit", ["Validation Error:", " address -> bad  is invalid"])
    fw = firewall(emu)
    fw.add(AddressObject("x1", "10.0.0.1")).create()
    result = fw.commit(sync=True)
    assert result["success"] is False and result["result"] == "FAIL"
    assert result["messages"] == ["Validation Error:", " address -> bad  is invalid"]
    assert jobs(emu, "pair1-b", "HA-Sync") == []  # a failed commit syncs nothing
    fw.add(AddressObject("x2", "10.0.0.2")).create()
    assert fw.commit(sync=True)["success"] is True  # only the next one failed


def test_next_ha_sync_fails_with_the_given_details(emu):
    emu.control.fail_next("pair1-b", "HA-Sync", ["injected failure", "Commit failed"])
    fw = firewall(emu)
    fw.add(AddressObject("x1", "10.0.0.1")).create()
    assert fw.commit(sync=True)["success"] is True
    sync = wait_job(emu, "pair1-b", "HA-Sync")
    assert (sync["result"], sync["details"]) == ("FAIL", ["injected failure", "Commit failed"])


def test_queued_commit_behind_another_admins_commit(emu):
    emu.control.commit_job("pair1-a", "other-admin", seconds=2.5)
    x = xapi(emu)
    x.set(xpath=ADDR % "q", element="<ip-netmask>10.0.0.9</ip-netmask>")
    x.commit(cmd="<commit/>")
    ours = int(x.element_result.findtext("job"))
    x.op('show jobs id "%d"' % ours, cmd_xml=True)
    job = x.element_result.find("job")
    assert (job.findtext("status"), job.findtext("queued"), job.findtext("positionInQ")) == ("PEND", "YES", "1")
    x.op("show jobs pending", cmd_xml=True)
    assert len(x.element_result.findall("job")) == 2
    done = wait_job(emu, "pair1-a", "Commit", count=2, timeout=10)
    assert done["id"] == ours and done["result"] == "OK"
    first = jobs(emu, "pair1-a", "Commit")[0]
    assert first["user"] == "other-admin" and first["status"] == "FIN"
    x.op("show jobs processed", cmd_xml=True)
    # the device's own boot-time jobs (AutoCom 1, FqdnRefresh 2) are processed jobs too
    assert sorted(int(j.findtext("id")) for j in x.element_result.findall("job")) == [1, 2, first["id"], ours]
    x.op("show jobs pending", cmd_xml=True)
    assert x.element_result.findall("job") == []


# ---------------------------------------------------------------------- other administrators
def test_another_admins_config_lock_refuses_our_changes(emu):
    emu.control.lock("pair1-a", "other-admin", kind="config")
    fw = firewall(emu)
    with pytest.raises(PanLockError, match="Configuration is locked by other-admin"):
        fw.add(AddressObject("x", "10.0.0.1")).create()
    x = xapi(emu)
    x.op("show config-locks", cmd_xml=True)
    assert [e.get("name") for e in x.element_result.iter("entry")] == ["other-admin"]
    assert fw.check_config_locks() is True
    # REAL text "Config lock is already held by X" (Panorama 11.1.6): pan-os-python only turns its older
    # "Config for scope shared is currently locked" into PanLockError, so this one surfaces as the raw API error
    with pytest.raises(PanDeviceXapiError, match="Config lock is already held by other-admin"):
        fw.add_config_lock()
    emu.control.unlock("pair1-a", "other-admin", kind="config")
    fw.add(AddressObject("x", "10.0.0.1")).create()


def test_our_own_config_lock(emu):
    fw = firewall(emu)
    assert fw.add_config_lock(comment="change window") is True
    fw.add(AddressObject("mine", "10.0.0.1")).create()  # the holder may still write
    assert emu.control.device("pair1-a")["locks"]["config"] == ["admin"]
    x = xapi(emu)
    x.op("show config-locks", cmd_xml=True)
    entry = x.element_result.find("config-locks/entry")
    assert (entry.get("name"), entry.findtext("type"), entry.findtext("name"), entry.findtext("comment")) == (
        "admin", "shared", "shared", "change window")
    assert fw.remove_config_lock() is True
    assert emu.control.device("pair1-a")["locks"]["config"] == []


def test_lock_texts_and_envelopes_are_the_real_ones(emu):
    """Panorama 11.1.6 recordings (netbox-panorama-configpump-plugin): no code attribute on any lock error."""
    key = api_key(emu)

    def op(cmd):
        r = raw(emu, {"type": "op", "cmd": cmd, "key": key})
        return r.xml().get("status"), r.xml().get("code"), r.xml().findtext("msg/line") or r.xml().findtext("result")

    remove = "<request><%s-lock><remove></remove></%s-lock></request>"
    add = "<request><%s-lock><add></add></%s-lock></request>"
    assert op(remove % ("config", "config")) == ("error", None, "Config is not currently locked for scope shared")
    assert op(remove % ("commit", "commit")) == ("error", None, "Commit is not currently locked for scope shared")
    emu.control.lock("pair1-a", "other-admin", kind="commit")
    emu.control.lock("pair1-a", "other-admin", kind="config")
    assert op(add % ("commit", "commit")) == ("error", None, "Commit lock is already held by other-admin")
    assert op(add % ("config", "config")) == ("error", None, "Config lock is already held by other-admin")
    emu.control.unlock("pair1-a", "other-admin", kind="config")
    assert op(add % ("config", "config")) == ("success", None, (
        "Successfully acquired lock. Other administrators will not be able to modify configuration until lock is "
        "released by admin."))
    assert op(remove % ("config", "config")) == ("success", None, "Config lock released for admin")


def test_lock_refusals_as_pan_os_python_sees_them(emu):
    fw = firewall(emu)
    # pan-os-python matches "Config is not currently locked for scope shared" and "Commit lock is already held", the
    # REAL texts; it expects "Commit lock is not currently held" where the device says "Commit is not currently
    # locked for scope shared", so remove_commit_lock(exceptions=False) raises instead of answering False
    assert fw.remove_config_lock(exceptions=False) is False
    with pytest.raises(PanDeviceXapiError, match="Commit is not currently locked for scope shared"):
        fw.remove_commit_lock(exceptions=False)
    emu.control.lock("pair1-a", "other-admin", kind="commit")
    assert fw.add_commit_lock(exceptions=False) is False  # "Commit lock is already held by other-admin"
    with pytest.raises(PanLockError):
        fw.add_commit_lock()
    assert fw.add_config_lock(exceptions=False) is True
    assert fw.remove_config_lock(exceptions=False) is True


def test_another_admins_commit_lock_refuses_our_commit(emu):
    emu.control.lock("pair1-a", "other-admin", kind="commit")
    fw = firewall(emu)
    fw.add(AddressObject("x", "10.0.0.1")).create()  # writing is fine, committing is not
    with pytest.raises(PanDeviceXapiError, match="Other administrators are holding device wide commit locks."):
        fw.commit(sync=True)
    r = raw(emu, {"type": "commit", "cmd": "<commit></commit>", "key": api_key(emu)})
    assert (r.xml().get("status"), r.xml().get("code")) == ("error", "14")  # REAL code
    assert fw.check_commit_locks() is True
    assert jobs(emu, "pair1-a") == []
    emu.control.unlock("pair1-a", "other-admin", kind="commit")
    assert fw.commit(sync=True)["success"]


def test_config_lock_refused_while_another_admin_has_pending_changes(emu):
    emu.control.pending_change("pair1-a", "other-admin", ADDR % "theirs", "<ip-netmask>10.8.8.8</ip-netmask>")
    x = xapi(emu)
    with pytest.raises(pan.xapi.PanXapiError, match="other-admin"):
        x.op("<request><config-lock><add/></config-lock></request>")
    assert x.status_code is None  # no code, like every lock error


def test_pending_change_of_another_admin_and_partial_commit(emu):
    emu.control.pending_change("pair1-a", "other-admin", ADDR % "theirs", "<ip-netmask>10.8.8.8</ip-netmask>")
    fw = firewall(emu)
    assert fw.pending_changes() is True
    fw.add(AddressObject("ours", "10.6.6.6")).create()
    assert set(emu.control.device("pair1-a")["pending_changes"]) == {"admin", "other-admin"}

    result = fw.commit(sync=True, admins=["admin"])  # partial commit by admin
    assert result["success"], result
    x = xapi(emu)
    x.show(ADDR % "ours")
    assert x.element_result.findtext("entry/ip-netmask") == "10.6.6.6"
    with pytest.raises(pan.xapi.PanXapiError, match="No such node"):
        x.show(ADDR % "theirs")  # not committed ...
    x.get(ADDR % "theirs")
    assert x.element_result.findtext("entry/ip-netmask") == "10.8.8.8"  # ... but still in the candidate
    assert list(emu.control.device("pair1-a")["pending_changes"]) == ["other-admin"]
    assert fw.pending_changes() is True

    # only our committed change reached the peer
    assert wait_job(emu, "pair1-b", "HA-Sync")["result"] == "OK"
    xb = xapi(emu, 1)
    xb.show(ADDR % "ours")
    with pytest.raises(pan.xapi.PanXapiError, match="No such node"):
        xb.show(ADDR % "theirs")


def test_partial_commit_with_only_other_admins_changes_is_nothing_to_commit(emu):
    emu.control.pending_change("pair1-a", "other-admin", ADDR % "theirs", "<ip-netmask>10.8.8.8</ip-netmask>")
    assert commit(emu, 0, admin_partial=["admin"]) is None
    r = raw(emu, {"type": "commit", "cmd": "<commit><partial><admin><member>admin</member></admin></partial></commit>",
                  "key": api_key(emu)})
    assert r.xml().findtext("msg") == "There are no changes to commit."
    assert jobs(emu, "pair1-a") == []


def test_full_commit_takes_everyones_changes(emu):
    emu.control.pending_change("pair1-a", "other-admin", ADDR % "theirs", "<ip-netmask>10.8.8.8</ip-netmask>")
    assert commit(emu, 0).findtext("result") == "OK"
    x = xapi(emu)
    x.show(ADDR % "theirs")
    assert emu.control.device("pair1-a")["pending_changes"] == {}


# ---------------------------------------------------------------------- API keys
def test_key_invalidation_is_403_until_a_new_keygen(emu):
    x = xapi(emu)
    x.keygen()
    old = x.api_key
    emu.control.invalidate_keys("pair1-a")
    with pytest.raises(pan.xapi.PanXapiError, match="URLError: code: 403 reason: Invalid Credential"):
        x.op("show clock", cmd_xml=True)
    r = raw(emu, {"type": "op", "cmd": "<show><clock/></show>", "key": old})
    assert (r.status, r.reason) == (403, "Invalid Credential")
    x.keygen()
    assert x.api_key != old
    x.op("show clock", cmd_xml=True)
    assert x.status == "success"
    xapi(emu, 1, api_key=api_key(emu, 1), api_username=None, api_password=None).op("show clock", cmd_xml=True)


# ---------------------------------------------------------------------- reset
def test_reset_restores_the_start_state(emu):
    before = {n: emu.control.device(n) for n in ("pair1-a", "pair1-b")}
    fw = firewall(emu)
    fw.add(AddressObject("r", "10.0.0.1")).create()
    fw.commit(sync=True)
    emu.control.links("pair1", ha1="down", ha1_backup="down")
    emu.control.lock("pair1-a", "other-admin")
    emu.control.fault("pair1-b", "refuse")
    emu.control.system("pair1-b", sw_version="9.1.0")
    emu.control.user_mapping("pair1-a", "10.0.0.1", "u")
    settle(emu)

    emu.control.reset()
    for name in ("pair1-a", "pair1-b"):
        after = emu.control.device(name)
        for field in ("running_digest", "candidate_digest", "synced_config_digest", "jobs", "locks", "system",
                      "faults", "pending_changes"):
            assert after[field] == before[name][field], field
        assert after["ha"]["links"] == {"ha1": True, "ha1-backup": True, "ha2": True}
        assert after["runtime"]["user_ip_mappings"] == 0
    raw(emu, {"type": "version"}, peer=1)  # listener re-opened
    assert api_key(emu) == fw.api_key  # same credentials, same key after reset
    wait_for(lambda: emu.control.device("pair1-a")["ha"]["state"] == "active", what="active after reset")


def test_reset_of_one_pair_by_name(emu):
    emu.control.lock("pair1-a", "other-admin")
    assert emu.control.reset(pair="pair1") == {"reset": ["pair1"]}
    assert emu.control.device("pair1-a")["locks"]["config"] == []
