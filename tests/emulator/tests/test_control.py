"""Start-up, addressing, endpoints.json, the control API routes and the ``ctl`` CLI, with several pairs."""

import json
import socket

import pytest

from emu_helpers import DEV, api_key, firewall, jobs, raw, set_and_commit, wait_job, xapi
from panos_emulator import __main__ as cli
from panos_emulator.client import Control, ControlError

EMULATOR_PAIRS = 3


def test_endpoints_json_describes_every_pair(emu):
    data = json.loads((emu.state_dir / "endpoints.json").read_text())
    assert set(data) >= {"ca_file", "control_url", "port", "profile", "schema", "pairs"}
    assert (data["profile"], data["schema"]) == ("fast", "10.2")
    hosts = [p["host"] for pair in data["pairs"] for p in pair["peers"]]
    assert hosts == ["127.0.1.%d" % i for i in range(1, 7)]
    assert {p["port"] for pair in data["pairs"] for p in pair["peers"]} == {data["port"]}
    assert [pair["name"] for pair in data["pairs"]] == ["pair1", "pair2", "pair3"]
    peer = data["pairs"][1]["peers"][0]
    assert set(peer) >= {"name", "host", "port", "username", "password", "serial", "hostname"}
    assert (emu.state_dir / "endpoints.json").stat().st_mode & 0o077 == 0  # it holds the password


def test_every_device_answers_on_its_own_address_with_a_trusted_cert(emu):
    serials = set()
    for pair in range(3):
        for peer in range(2):
            x = xapi(emu, peer, pair)  # verifies TLS against ca.pem, hostname = the 127.0.1.x address
            x.op("show system info", cmd_xml=True)
            serials.add(x.element_result.findtext("system/serial"))
    assert len(serials) == 6


def test_peer_mgmt_ip_is_reachable_on_the_same_port(emu):
    x = xapi(emu, 0, 1)
    x.op("show high-availability all", cmd_xml=True)
    peer_ip = x.element_result.findtext("group/peer-info/mgmt-ip").split("/")[0]
    assert peer_ip == emu.peer(1, 1)["host"]
    socket.create_connection((peer_ip, emu.port), timeout=5).close()


def test_pairs_are_independent(emu):
    set_and_commit(emu, DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='p2']", "<fqdn>p2</fqdn>", pair=1)
    assert wait_job(emu, "pair2-b", "HA-Sync")["result"] == "OK"
    assert jobs(emu, "pair1-a") == [] and jobs(emu, "pair3-b") == []
    emu.control.links("pair3", ha1="down", ha1_backup="down")
    assert emu.control.device("pair1-a")["ha"]["links"]["ha1"] is True


def test_timings_set_job_durations_per_device(emu):
    """An HA-Sync job takes the receiving device's duration; reset restores the profile's."""
    assert emu.control.timings("pair2-b", ha_sync=0.8) == {"commit": 0.2, "ha_sync": 0.8, "master_key": 0.2}
    set_and_commit(emu, DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='slow']", "<fqdn>s</fqdn>", pair=1)
    job = wait_job(emu, "pair2-b", "HA-Sync")
    assert job["finished"] - job["started"] >= 0.75
    with pytest.raises(ControlError):
        emu.control.timings("pair2-b", reboot=3)
    emu.control.reset(pair="pair2")
    assert emu.control.timings("pair2-b") == {"commit": 0.2, "ha_sync": 0.25, "master_key": 0.2}


def test_reset_one_pair_leaves_the_others(emu):
    emu.control.lock("pair1-a", "x")
    emu.control.lock("pair2-a", "x")
    emu.control.reset(pair="pair2")
    assert emu.control.device("pair1-a")["locks"]["config"] == ["x"]
    assert emu.control.device("pair2-a")["locks"]["config"] == []


def test_control_routes(emu):
    c = emu.control
    assert set(c.pairs()) == {"pair1", "pair2", "pair3"}
    assert c.pairs()["pair1"] == {"mode": "active-passive", "devices": ["pair1-a", "pair1-b"]}
    dev = c.device("pair1-a")
    for field in ("ha", "synced_config_digest", "running_digest", "candidate_digest", "clock",
                  "master_key_fingerprint", "jobs", "boot_jobs", "locks", "pending_changes", "jumbo_frames", "runtime",
                  "system", "faults", "schema"):
        assert field in dev, field
    # the device's own jobs are listed apart; "jobs" are those of the emulation, with their real ids
    assert dev["boot_jobs"] == [{"id": 1, "type": "AutoCom"}, {"id": 2, "type": "FqdnRefresh"}]
    raw(emu, {"type": "version", "key": api_key(emu)})
    log = c.requests("pair1-a")
    assert log["counts"].get("version ") == 1 and log["total"] >= 2 and log["state_changing"] == 0
    assert all(set(e) >= {"t", "type", "command", "admin", "status", "http_status"} for e in log["entries"])
    c.clear_requests("pair1-a")
    assert c.requests("pair1-a")["total"] == 0
    assert c.system("pair1-b", sw_version="10.1.0")["sw_version"] == "10.1.0"
    assert c.fail_next("pair1-a", "HA-Sync", ["x"]) == {"fail_next": {"HA-Sync": ["x"]}}
    assert c.ha_fault("pair1-b", stay_down="non-functional") == {"no_takeover": False, "stay_down": "non-functional"}
    assert c.clear_ha_fault("pair1-b") == {"no_takeover": False, "stay_down": None}
    assert c.lock("pair1-a", "other", kind="commit")["commit"] == ["other"]
    assert c.unlock("pair1-a", "other", kind="commit")["commit"] == []
    assert c.pending_change("pair1-a", "other", DEV + "/deviceconfig/system", "<login-banner>x</login-banner>")[
        "pending"] == [DEV + "/deviceconfig/system"]
    assert c.commit_job("pair1-a", "other", seconds=0.1)["job"] >= 1
    assert c.invalidate_keys("pair1-a")["key_epoch"] == 1
    assert c.master_key_expiry("pair1-a", 24)["hours-to-expiry"] in ("23", "24")
    assert c.user_mapping("pair1-a", "10.0.0.1", "u")["user_ip"] == {"10.0.0.1": "u"}
    assert c.session("pair1-a", src="10.0.0.1", dst="10.0.0.2", dport=443, app="ssl")["id"] == "1"
    assert "x.html" in c.disk_state("pair1-a", "x.html", "<p/>")["disk_state"]
    assert c.id_manager("pair1-a", "obj", 7)["id_manager"] == {"obj": 7}
    assert len(c.config("pair1-a", DEV + "/deviceconfig/system", "<login-banner>y</login-banner>")[
        "synced_config_digest"]) == 16
    assert c.fault("pair1-a", "slow", seconds=0.01)["slow_seconds"] == 0.01
    assert c.clear_faults("pair1-a")["slow_seconds"] == 0.0


@pytest.mark.parametrize("call", [
    lambda c: c.device("pair9-a"),
    lambda c: c.call("GET", "/nowhere"),
    lambda c: c.system("pair1-a", no_such_field=1),
    lambda c: c.reset(pair="pair9"),
])
def test_control_errors_are_json_4xx(emu, call):
    with pytest.raises(ControlError):
        call(emu.control)
    assert emu.control.pairs()  # still serving


def ctl(emu, capsys, *args):
    code = cli.main(["ctl", "--state-dir", str(emu.state_dir)] + list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


CTL_VERBS = [
    ("pairs",), ("device", "pair1-a"), ("requests", "pair1-a"), ("clear-requests", "pair1-a"),
    ("fault", "pair1-a", "http_error", "status=502", "count=1"), ("clear-faults", "pair1-a"),
    ("link", "pair1", "ha2", "down"), ("system", "pair1-b", "multi_vsys=true", "licenses=[\"PA-VM\"]"),
    ("fail-next", "pair1-a", "Commit", "line one", "line two"), ("lock", "pair1-a", "bob"),
    ("ha-fault", "pair1-a", "no_takeover=true", "stay_down=suspended"), ("clear-ha-fault", "pair1-a"),
    ("lock", "pair1-a", "bob", "kind=commit"),
    ("pending-change", "pair1-a", "bob", DEV + "/deviceconfig/system", "<login-banner>b</login-banner>"),
    ("commit-job", "pair1-a", "bob", "seconds=0.1"), ("timings", "pair1-a", "commit=0.3"),
    ("invalidate-keys", "pair1-a"), ("master-key-expiry", "pair1-a", "240", "reminder_hours=24"),
    ("user-mapping", "pair1-a", "10.0.0.1", "alice"), ("session", "pair1-a", "src=10.0.0.1", "dst=10.0.0.2"),
    ("disk-state", "pair1-a", "page.html", "<p/>"), ("id-manager", "pair1-a", "obj", "3"),
    ("config", "pair1-a", DEV + "/deviceconfig/system", "<login-banner>c</login-banner>"),
    ("reset", "pair1"), ("reset", "mode=active-active"),
]


@pytest.mark.parametrize("args", CTL_VERBS, ids=[" ".join(v[:2]) for v in CTL_VERBS])
def test_ctl_verbs(emu, capsys, args):
    code, out, err = ctl(emu, capsys, *args)
    assert code == 0, err
    json.loads(out)


def test_ctl_verbs_take_effect(emu, capsys):
    ctl(emu, capsys, "lock", "pair1-a", "bob", "kind=commit")
    assert emu.control.device("pair1-a")["locks"]["commit"] == ["bob"]
    assert ctl(emu, capsys, "unlock", "pair1-a", "bob", "kind=commit")[0] == 0
    assert emu.control.device("pair1-a")["locks"]["commit"] == []
    ctl(emu, capsys, "pending-change", "pair1-a", "bob", DEV + "/vsys/entry[@name='vsys1']/address",
        "<entry name='a1'><fqdn>a1</fqdn></entry>")
    assert list(emu.control.device("pair1-a")["pending_changes"]) == ["bob"]
    ctl(emu, capsys, "link", "pair1", "ha1-backup", "down")
    assert emu.control.device("pair1-a")["ha"]["links"]["ha1-backup"] is False
    ctl(emu, capsys, "system", "pair1-b", "multi_vsys=true")
    assert emu.control.device("pair1-b")["system"]["multi_vsys"] is True
    ctl(emu, capsys, "reset", "mode=active-active")
    assert emu.control.pairs()["pair2"]["mode"] == "active-active"
    assert emu.control.device("pair1-a")["ha"]["state"] == "active-primary"


def test_ctl_errors(emu, capsys):
    assert ctl(emu, capsys, "no-such-verb")[0] == 2
    code, _, err = ctl(emu, capsys, "device")
    assert code == 1 and err.startswith("error:")
    code, _, err = ctl(emu, capsys, "device", "pair9-a")
    assert code == 1 and "pair9-a" in err
    assert cli.main(["ctl", "--url", emu.endpoints["control_url"], "pairs"]) == 0


def test_control_client_from_state_dir(emu):
    assert Control.from_state_dir(emu.state_dir).pairs() == emu.control.pairs()


def test_pan_os_python_on_the_third_pair(emu):
    fw = firewall(emu, 1, 2)
    assert fw.refresh_system_info().serial == emu.peer(2, 1)["serial"]


def test_start_and_stop_with_the_older_schema(tmp_path, capsys):
    assert cli.main(["start", "--pairs", "1", "--state-dir", str(tmp_path), "--schema", "9.1"]) == 0
    try:
        data = json.loads((tmp_path / "endpoints.json").read_text())
        assert data["schema"] == "9.1"
        assert Control(data["control_url"]).device("pair1-a")["system"]["sw_version"].startswith("9.1.")
    finally:
        assert cli.main(["stop", "--state-dir", str(tmp_path)]) == 0
    capsys.readouterr()
