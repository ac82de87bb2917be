"""hapair.panos.peer_settings and peer_settings_info against the emulator, in both HA modes.

For every item: applied to one peer only (the other untouched), still there after a forced config sync
onto that peer, idempotent, check mode sends nothing; refusals of synced items (and allow_synced); another
admin's pending change neither committed nor lost; values with < & ' " stored literally; secrets never in
the output (also at -vvv). Tasks are grouped into few plays (each ansible-playbook run costs ~2 s).
"""

import json
import os
import ssl
import subprocess
import sys
from pathlib import Path

import pan.xapi
import pytest
from conftest import (
    ADDRESSES,
    COLLECTIONS_PATH,
    DEV,
    clear_requests,
    emu_names,
    module_name,
    state_changing_requests,
    task,
    wait_jobs_done,
)

BANNER = "Authorized <staff> only & \"monitored\" - it's logged"
COMMUNITY = "c0mmunity-S3cret"
LOG_PASSWORD = "l0g-Export-pw"
SECRETS = (COMMUNITY, LOG_PASSWORD)
SYSTEM = "deviceconfig/system"
ADMIN_PENDING = ("other-admin", ADDRESSES, "<entry name='other-admins-object'><ip-netmask>192.0.2.77/32</ip-netmask></entry>")

# What is applied to the second peer (peer_provider: passive / active-secondary), in both modes.
COMMON = {
    "management": {"hostname": "fw-b-peer-settings", "login_banner": BANNER, "timezone": "Europe/Berlin",
                   "permitted_ip": ["192.0.2.0/24", "198.51.100.7"], "services": {"ssh": True, "telnet": False}},
    "dns": {"primary": "198.51.100.153", "secondary": "198.51.100.154"},
    "ntp": {"primary": "0.pool.ntp.org", "secondary": "1.pool.ntp.org"},
    "panorama": {"servers": ["192.0.2.200", "192.0.2.201"]},
    "snmp": {"location": "rack <4> & 'B'", "contact": "noc@example.com", "version": "v2c", "community": COMMUNITY},
    "service_routes": [{"service": "dns", "source_interface": "ethernet1/2", "source_address": "10.1.0.1/24"}],
    "jumbo_frames": {"enabled": True, "mtu": 9000},
    "packet_buffer_protection": {"alert": 60, "activate": 80, "zones": [{"name": "trust", "enabled": True}]},
    "log_export": {"schedules": [{"name": "nightly", "enabled": True, "log_type": "traffic", "start_time": "01:30",
                                  "protocol": "scp", "hostname": "logs.example.com", "port": 22, "path": "/export",
                                  "username": "fw", "password": LOG_PASSWORD}]},
    "ha_election": {"device_priority": 120, "ha2": {"ip_address": "10.255.2.22"}},
    "raw": [{"xpath": DEV + "/" + SYSTEM + "/update-server", "element": "<update-server>updates.example.com</update-server>"}],
}
# (relative xpath, text the configured peer must show) for every item above.
COMMON_CHECKS = [
    (SYSTEM + "/hostname", "fw-b-peer-settings"),
    (SYSTEM + "/login-banner", BANNER),
    (SYSTEM + "/timezone", "Europe/Berlin"),
    (SYSTEM + "/permitted-ip/entry[@name='198.51.100.7']", ""),
    (SYSTEM + "/service/disable-telnet", "yes"),
    (SYSTEM + "/dns-setting/servers/secondary", "198.51.100.154"),
    (SYSTEM + "/ntp-servers/secondary-ntp-server/ntp-server-address", "1.pool.ntp.org"),
    (SYSTEM + "/panorama/local-panorama/panorama-server-2", "192.0.2.201"),
    (SYSTEM + "/snmp-setting/snmp-system/location", "rack <4> & 'B'"),
    (SYSTEM + "/snmp-setting/access-setting/version/v2c/snmp-community-string", COMMUNITY),
    (SYSTEM + "/route/service/entry[@name='dns']/source/interface", "ethernet1/2"),
    ("deviceconfig/setting/jumbo-frame/mtu", "9000"),
    ("deviceconfig/setting/session/packet-buffer-protection-alert", "60"),
    ("vsys/entry[@name='vsys1']/zone/entry[@name='trust']/network/enable-packet-buffer-protection", "yes"),
    (SYSTEM + "/log-export-schedule/entry[@name='nightly']/protocol/scp/hostname", "logs.example.com"),
    (SYSTEM + "/log-export-schedule/entry[@name='nightly']/protocol/scp/password", LOG_PASSWORD),
    ("deviceconfig/high-availability/group/election-option/device-priority", "120"),
    ("deviceconfig/high-availability/interface/ha2/ip-address", "10.255.2.22"),
    (SYSTEM + "/update-server", "updates.example.com"),
]

# Active/active only: what does not sync there (and does in A/P).
VR_ROUTE = DEV + "/network/virtual-router/entry[@name='default']/routing-table/ip/static-route/entry[@name='b-only']"
AA_ONLY = {
    "telemetry": {"application_reports": True, "threat_prevention_pcap": False, "region": "Europe"},
    "interface_addresses": [{"interface": "ethernet1/1", "addresses": ["203.0.113.11/24"]},
                            {"interface": "ethernet1/2", "addresses": ["10.1.0.2/24"]},
                            {"interface": "ae1.518", "addresses": ["10.5.18.2/24"]}],
    "lacp": [{"aggregate": "ae1", "system_priority": 200}],
    "ha_election": dict(COMMON["ha_election"], device_id=1),
    "raw": COMMON["raw"] + [{"xpath": VR_ROUTE, "element": "<entry name='b-only'><nexthop><ip-address>10.1.0.254"
                                                           "</ip-address></nexthop><destination>10.99.0.0/16"
                                                           "</destination></entry>"}],
}
AA_CHECKS = [
    (SYSTEM + "/update-schedule/statistics-service/application-reports", "yes"),
    (SYSTEM + "/device-telemetry/region", "Europe"),
    ("network/interface/ethernet/entry[@name='ethernet1/1']/layer3/ip/entry[@name='203.0.113.11/24']", ""),
    ("network/interface/aggregate-ethernet/entry[@name='ae1']/layer3/units/entry[@name='ae1.518']/ip"
     "/entry[@name='10.5.18.2/24']", ""),
    ("network/interface/aggregate-ethernet/entry[@name='ae1']/layer3/lacp/system-priority", "200"),
    ("network/virtual-router/entry[@name='default']/routing-table/ip/static-route/entry[@name='b-only']"
     "/destination", "10.99.0.0/16"),
]


def settings(mode):
    values = dict(COMMON)
    if mode == "active-active":
        values.update(AA_ONLY)
    return values


def checks(mode):
    return COMMON_CHECKS + (AA_CHECKS if mode == "active-active" else [])


def peer_settings(name, args=None, **options):
    return task(name, "peer_settings", dict({"peer": "peer_provider"}, **(args or {})), **options)


# ---------------------------------------------------------------- reading the emulated peers


def reader(emu, index):
    peer = emu.peer(0, index)
    return pan.xapi.PanXapi(hostname=peer["host"], port=peer["port"], api_username=peer["username"],
                            api_password=peer["password"], timeout=30,
                            ssl_context=ssl.create_default_context(cafile=emu.ca_file))


def running_text(x, relative):
    """Text of a running-config node ('' for an empty node), None when absent."""
    try:
        x.show(xpath=DEV + "/" + relative)
    except pan.xapi.PanXapiError:
        return None
    result = x.element_root.find("result")
    if result is None or len(result) == 0:
        return None
    return "".join(result[0].itertext())


def snapshot(emu, index, items):
    x = reader(emu, index)
    return {item[0]: running_text(x, item[0]) for item in items}


def assert_applied(emu, mode, index=1):
    seen = snapshot(emu, index, checks(mode))
    assert seen == dict(checks(mode))


def assert_secrets_absent(result):
    text = result.stdout + result.stderr
    for secret in SECRETS:
        assert secret not in text, "a secret appeared in ansible-playbook output"


# ---------------------------------------------------------------- every item, both modes


@pytest.mark.parametrize("fixture", ["emulator", "emulator_aa"])
def test_every_item_on_one_peer(fixture, request, play):
    emu = request.getfixturevalue(fixture)
    mode = "active-active" if fixture == "emulator_aa" else "active-passive"
    a, b = emu_names(emu)
    values = settings(mode)
    other_before = snapshot(emu, 0, checks(mode))
    target_before = snapshot(emu, 1, checks(mode))
    emu.control.pending_change(b, *ADMIN_PENDING)  # another admin's change elsewhere on the target peer
    clear_requests(emu)

    # 1. check mode: predicts every change, sends nothing
    result = play(emu, [peer_settings("check", values)], check=True, diff=True, with_peer=True, expect_rc=0)
    check = result["check"]
    assert check["changed"] is True and check["peer"] == module_name(emu, 1) and check["mode"] == mode
    assert check["peer_role"] == "passive"
    predicted = {change.split(".")[0].split("[")[0] for change in check["changes"]}
    assert predicted == set(values), check["changes"]
    assert check["commit_job"] is None
    assert state_changing_requests(emu) == {a: 0, b: 0}
    assert snapshot(emu, 1, checks(mode)) == target_before
    assert_secrets_absent(result)

    # 2. apply, idempotence in check mode and for real
    result = play(emu, [
        peer_settings("apply", values),
        peer_settings("again in check mode", values, check_mode=True),
        peer_settings("again", values),
    ], diff=True, with_peer=True, expect_rc=0)
    applied = result["apply"]
    assert applied["changed"] is True, applied
    assert applied["commit_job"]["result"] == "OK" and applied["commit_job"]["type"] == "Commit"
    assert applied["peer_sync_job"]["type"] == "HA-Sync" and applied["peer_sync_job"]["result"] == "OK"
    assert applied["settings"]["snmp"]["after"]["community"] == "********"
    assert applied["settings"]["management"]["after"]["login_banner"] == BANNER
    for name in ("again in check mode", "again"):
        assert result[name]["changed"] is False and result[name]["changes"] == [], result[name]
    assert_secrets_absent(result)
    assert_applied(emu, mode)
    assert snapshot(emu, 0, checks(mode)) == other_before, "the other peer was changed"
    info = emu.control.device(b)
    assert info["jumbo_frames"] is True and emu.control.device(a)["jumbo_frames"] is False
    # the other admin's change is still pending on the target peer, and was not committed
    assert info["pending_changes"] == {"other-admin": [ADDRESSES]}
    assert running_text(reader(emu, 1), "vsys/entry[@name='vsys1']/address/entry[@name='other-admins-object']") is None
    commits = [job for job in info["jobs"] if job["type"] == "Commit"]
    assert [job["user"] for job in commits] == ["admin"]

    # 3. a forced config sync from the active peer onto the configured one keeps every per-peer value. The other
    # admin's change is still pending there, so the sync refuses unless the operator accepts overwriting it.
    refused = play(emu, [task("sync", "sync_to_remote", {"force": True}, ignore_errors=True)], with_peer=True,
                   expect_rc=0)["sync"]
    assert refused["_status"] == "failed" and refused["reason"] == "peer_pending_change", refused
    result = play(emu, [
        task("sync", "sync_to_remote", {"force": True, "overwrite_peer_changes": True}),
        task("info", "peer_settings_info"),
    ], with_peer=True, expect_rc=0)
    assert result["sync"]["changed"] is True and result["sync"]["receiver"] == module_name(emu, 1)
    assert result["sync"]["receiver_checked"] == ["uncommitted changes (check pending-changes: yes)"]
    wait_jobs_done(emu, b)
    assert_applied(emu, mode)
    drift = result["info"]["drift"]
    assert [entry["item"] for entry in drift["must_match"]] == ["jumbo_frames"], drift["must_match"]
    assert drift["ok"] is False and drift["must_differ"] == []
    differing = {entry["item"] for entry in drift["differs"]}
    assert {"management", "services", "snmp", "panorama", "service_routes", "log_export"} <= differing
    values_b = result["info"]["items"]["snmp"]["values"][module_name(emu, 1)]
    assert values_b["snmp.community"] == "********"
    assert_secrets_absent(result)


def test_secrets_never_in_verbose_output(emulator, play):
    """-vvv with the default callback: module arguments, results and diff never show a secret."""
    values = {"snmp": {"version": "v2c", "community": COMMUNITY},
              "log_export": COMMON["log_export"]}
    result = play(emulator, [peer_settings("secrets", values)], diff=True, verbosity=3, with_peer=True,
                  stdout_callback="default", expect_rc=0)
    assert "changed:" in result.stdout
    assert_secrets_absent(result)
    assert running_text(reader(emulator, 1),
                        SYSTEM + "/snmp-setting/access-setting/version/v2c/snmp-community-string") == COMMUNITY


# ---------------------------------------------------------------- refusals


def assert_refused(result, reason):
    assert result["_status"] == "failed", result
    assert result["reason"] == reason, result
    assert result["remedy"], result


def test_synced_items_refused_in_active_passive_unless_allowed(emulator, play):
    a, b = emu_names(emulator)
    before = {name: emulator.control.device(name)["running_digest"] for name in (a, b)}
    clear_requests(emulator)
    result = play(emulator, [
        peer_settings("telemetry", {"telemetry": {"application_reports": True}}, ignore_errors=True),
        peer_settings("interfaces", {"interface_addresses": AA_ONLY["interface_addresses"]}, ignore_errors=True),
        peer_settings("address object", {"raw": [{"xpath": ADDRESSES + "/entry[@name='x']",
                                                  "element": "<entry name='x'><fqdn>a.example</fqdn></entry>"}]},
                      ignore_errors=True),
        peer_settings("allowed", {"telemetry": {"application_reports": True}, "allow_synced": True}),
    ], with_peer=True, expect_rc=0)
    for name in ("telemetry", "interfaces", "address object"):
        assert_refused(result[name], "item_syncs")
        assert "active peer" in result[name]["remedy"] and "allow_synced" in result[name]["remedy"]
    assert "Telemetry and Threat Intelligence Settings" in result["telemetry"]["msg"]
    assert "in active-passive" in result["telemetry"]["msg"]
    assert "Ethernet Interface IP Addresses" in result["interfaces"]["msg"]
    allowed = result["allowed"]
    assert allowed["changed"] is True and allowed["synced_allowed"] == ["telemetry.application_reports"]
    assert running_text(reader(emulator, 1), SYSTEM + "/update-schedule/statistics-service/application-reports") == "yes"
    # the refused tasks sent nothing: only the allowed one committed (and synced, telemetry syncs in A/P)
    jobs = emulator.control.device(b)["jobs"]
    assert [job["type"] for job in jobs] == ["Commit"]
    assert emulator.control.device(a)["running_digest"] != before[a]


def test_conditionally_synced_items_in_active_active(emulator_aa, play):
    """A virtual router is per peer while VR Sync is off, refused while it is on; QoS stays per peer."""
    a, b = emu_names(emulator_aa)
    vr_sync = DEV + "/deviceconfig/high-availability/group/mode/active-active/network-configuration/sync"
    for name in (a, b):
        emulator_aa.control.config(name, vr_sync, "<virtual-router>yes</virtual-router>")
    result = play(emulator_aa, [
        peer_settings("vr sync on", {"raw": AA_ONLY["raw"][1:]}, ignore_errors=True),
        peer_settings("qos sync off", {"raw": [{"xpath": DEV + "/network/qos/profile/entry[@name='b-only']",
                                                "element": "<entry name='b-only'><class-bandwidth-type><mbps/>"
                                                           "</class-bandwidth-type></entry>"}]}),
    ], with_peer=True, expect_rc=0)
    assert_refused(result["vr sync on"], "item_syncs")
    assert "VR Sync enabled" in result["vr sync on"]["msg"]
    assert result["qos sync off"]["changed"] is True
    assert result["qos sync off"]["conditions"] == {"vr_sync": True, "qos_sync": False, "floating_ip": False}
    assert running_text(reader(emulator_aa, 1), "network/qos/profile/entry[@name='b-only']") is not None
    assert running_text(reader(emulator_aa, 0), "network/qos/profile/entry[@name='b-only']") is None


def test_guards_refuse_before_any_change(emulator, play):
    """Another admin's uncommitted change where we write, on the other peer (which our commit's sync would
    overwrite), or a lock: refused, also in check mode, nothing sent; their changes stay pending."""
    a, b = emu_names(emulator)
    system = DEV + "/" + SYSTEM
    emulator.control.pending_change(b, "other-admin", system, "<hostname>half-done</hostname>")
    emulator.control.pending_change(a, "peer-admin", ADDRESSES,
                                    "<entry name='peer-object'><ip-netmask>192.0.2.78/32</ip-netmask></entry>")
    emulator.control.lock(a, "lock-admin", kind="commit")
    clear_requests(emulator)
    result = play(emulator, [
        peer_settings("same place", {"management": {"hostname": "fw-b-new"}}, ignore_errors=True),
        peer_settings("peer pending", {"dns": {"secondary": "198.51.100.99"}}, ignore_errors=True),
        peer_settings("check mode predicts it", {"dns": {"secondary": "198.51.100.99"}}, check_mode=True,
                      ignore_errors=True),
        peer_settings("locked", {"peer": "provider", "dns": {"secondary": "198.51.100.99"}}, ignore_errors=True),
    ], with_peer=True, expect_rc=0)
    assert_refused(result["same place"], "foreign_pending_change")
    assert_refused(result["peer pending"], "peer_pending_change")
    assert_refused(result["check mode predicts it"], "peer_pending_change")
    assert result["locked"]["_status"] == "failed" and result["locked"]["reason"] == "config_locked"
    assert "lock-admin" in result["locked"]["msg"]
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    assert emulator.control.device(a)["pending_changes"] == {"peer-admin": [ADDRESSES]}
    assert emulator.control.device(b)["pending_changes"] == {"other-admin": [system]}


def test_invalid_input_sends_nothing(emulator, play):
    """Validation happens before any request (the other cases are unit tests)."""
    a, b = emu_names(emulator)
    clear_requests(emulator)
    result = play(emulator, [
        peer_settings("raw xpath", {"raw": [{"xpath": "//hostname", "element": "<hostname>x</hostname>"}]},
                      ignore_errors=True),
        peer_settings("community v3", {"snmp": {"version": "v3", "community": COMMUNITY}}, ignore_errors=True),
    ], with_peer=True, expect_rc=0)
    for name in ("raw xpath", "community v3"):
        assert result[name]["_status"] == "failed" and result[name]["error"] == "invalid_input", result[name]
    assert emulator.control.requests(a)["total"] == 0 and emulator.control.requests(b)["total"] == 0
    assert_secrets_absent(result)


# ---------------------------------------------------------------- role and playbooks


def run_playbook(emu, tmp_path, name, host_vars, *extra):
    """ansible-playbook hapair.panos.<name> against an inventory of one pair (group ha_pairs)."""
    inventory = tmp_path / "inventory.yml"
    inventory.write_text(json.dumps({"ha_pairs": {"hosts": {"fw-pair-1": dict(
        {"provider": emu.provider(0, 0), "peer_provider": emu.provider(0, 1),
         "ansible_python_interpreter": sys.executable}, **host_vars)}}}))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_NOCOLOR="1",
               ANSIBLE_HOME=str(tmp_path / "ansible-home"), ANSIBLE_DEPRECATION_WARNINGS="0")
    cmd = [str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(inventory), "hapair.panos." + name]
    return subprocess.run(cmd + list(extra), capture_output=True, text=True, env=env, cwd=tmp_path, timeout=180, check=False)


def test_playbooks_apply_per_peer_values_and_report_drift(emulator, tmp_path):
    a, b = emu_names(emulator)
    host_vars = {
        "peer_settings_common": {"dns": {"primary": "198.51.100.153"},
                                 "snmp": {"version": "v2c", "community": COMMUNITY}},
        "peer_settings_peers": {
            "provider": {"management": {"hostname": "pb-fw-a"}},
            emulator.peer(0, 1)["host"]: {"management": {"hostname": "pb-fw-b"}, "jumbo_frames": {"enabled": True}},
        },
    }
    # the role applies each peer's values, then fails: jumbo frames must match
    proc = run_playbook(emulator, tmp_path, "peer_settings", host_vars)
    assert proc.returncode == 2, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "drifted: must match but differ: jumbo_frames.enabled" in proc.stdout, proc.stdout[-3000:]
    assert COMMUNITY not in proc.stdout + proc.stderr
    assert [running_text(reader(emulator, i), SYSTEM + "/hostname") for i in (0, 1)] == ["pb-fw-a", "pb-fw-b"]
    assert [running_text(reader(emulator, i), SYSTEM + "/dns-setting/servers/primary") for i in (0, 1)] == [
        "198.51.100.153", "198.51.100.153"]

    # the report-only playbook writes the JSON report and a readable summary, and does not fail
    reports = tmp_path / "reports"
    proc = run_playbook(emulator, tmp_path, "drift_report", {}, "-e", "drift_report_dir=%s" % reports)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "1 must-match setting(s) differ" in proc.stdout and "MUST MATCH  must match but differ" in proc.stdout
    report_file = reports / "drift-fw-pair-1-active-passive.json"
    assert "changed=0" in proc.stdout
    report = json.loads(report_file.read_text())
    assert report["drift"]["ok"] is False and [d["key"] for d in report["drift"]["must_match"]] == ["jumbo_frames"]
    assert report["items"]["snmp"]["values"][module_name(emulator, 1)]["snmp.community"] == "********"
    assert COMMUNITY not in report_file.read_text()
    assert oct(report_file.stat().st_mode & 0o777) == "0o600"

    # tolerated drift: the role passes, and changes nothing the second time
    proc = run_playbook(emulator, tmp_path, "peer_settings", dict(host_vars, peer_settings_ignore_drift=["jumbo_frames"]))
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "changed=0" in proc.stdout and "ignored drift: jumbo_frames" in proc.stdout


@pytest.mark.parametrize("verbosity", ["-v", "-vvv"])
def test_the_role_prints_no_secret_at_any_verbosity_on_success_and_failure(emulator, tmp_path, verbosity):
    """Issue 10 finding 3: the SNMP community of peer_settings_common printed by the set_fact result and the loop
    variable (-v, -vvv), and by a failed loop item at default verbosity."""
    a, b = emu_names(emulator)
    host_vars = {"peer_settings_common": {"snmp": {"version": "v2c", "community": COMMUNITY}},
                 "peer_settings_ignore_drift": ["snmp"]}
    ok = run_playbook(emulator, tmp_path, "peer_settings", host_vars, verbosity)
    assert ok.returncode == 0, ok.stdout[-3000:] + ok.stderr[-2000:]
    assert "changed=1" in ok.stdout
    assert COMMUNITY not in ok.stdout + ok.stderr
    # a failing item: another admin's uncommitted change on the peer (the module refuses that item)
    emulator.control.pending_change(b, "bob", ADDRESSES, "<entry name='bobs'><fqdn>b.example.com</fqdn></entry>")
    failed = run_playbook(emulator, tmp_path, "peer_settings",
                          dict(host_vars, peer_settings_common={"snmp": {"version": "v2c", "community": COMMUNITY + "2"}}),
                          *([verbosity] if verbosity != "-v" else []))
    assert failed.returncode == 2, failed.stdout[-3000:]
    assert "peer_pending_change" in failed.stdout or "uncommitted changes" in failed.stdout, failed.stdout[-3000:]
    assert COMMUNITY not in failed.stdout + failed.stderr


def test_a_value_that_must_differ_is_checked_against_the_other_peer_before_the_commit(emulator, play):
    """Issue 10 finding 13: giving one peer the other peer's hostname or election priority (catalog: must differ)
    is refused before anything is sent, also in check mode; a different value goes through and reports it."""
    a, b = emu_names(emulator)
    other_hostname = emulator.peer(0, 0)["hostname"]
    clear_requests(emulator)
    result = play(emulator, [
        peer_settings("same hostname", {"management": {"hostname": other_hostname}}, ignore_errors=True),
        peer_settings("same hostname, check mode", {"management": {"hostname": other_hostname}}, check_mode=True,
                      ignore_errors=True),
        peer_settings("own hostname", {"management": {"hostname": "fw-b-own-name"}}, check_mode=True),
    ], with_peer=True, expect_rc=0)
    for name in ("same hostname", "same hostname, check mode"):
        assert_refused(result[name], "must_differ_equal")
        assert other_hostname in result[name]["msg"] and module_name(emulator, 0) in result[name]["msg"]
    own = result["own hostname"]
    assert own["_status"] == "ok" and own["changed"] is True, own
    assert own["must_differ_after"] == {"management.hostname": "fw-b-own-name"}, own["must_differ_after"]
    assert state_changing_requests(emulator) == {a: 0, b: 0}


def test_the_role_checks_both_peers_before_changing_either(emulator, tmp_path):
    """Issue 10 finding 12: another admin's pending change on the provider peer. Before, the role committed and
    synced on one peer, then refused the other. Now every precondition on both peers is checked first: nothing is
    sent, the refusal says so, and the other admin's change is still pending."""
    a, b = emu_names(emulator)
    emulator.control.pending_change(a, *ADMIN_PENDING)
    clear_requests(emulator)
    host_vars = {"peer_settings_common": {"dns": {"secondary": "198.51.100.154"}}}
    proc = run_playbook(emulator, tmp_path, "peer_settings", host_vars)
    assert proc.returncode == 2, proc.stdout[-3000:]
    assert "refused before any change, nothing was sent" in proc.stdout, proc.stdout[-3000:]
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    assert emulator.control.device(a)["pending_changes"] == {"other-admin": [ADDRESSES]}


def test_the_role_refuses_the_same_planned_value_on_both_peers_for_a_must_differ_setting(emulator, tmp_path):
    """Issue 10 finding 13: the same election device priority for both peers (given in peer_settings_common) is
    refused before either commit, not noticed by the drift check afterwards."""
    a, b = emu_names(emulator)
    clear_requests(emulator)
    host_vars = {"peer_settings_common": {"ha_election": {"device_priority": 77}}}
    proc = run_playbook(emulator, tmp_path, "peer_settings", host_vars)
    assert proc.returncode == 2, proc.stdout[-3000:]
    assert "same value for settings that must differ" in proc.stdout, proc.stdout[-3000:]
    assert "device_priority = 77" in proc.stdout, proc.stdout[-3000:]
    assert state_changing_requests(emulator) == {a: 0, b: 0}


def test_the_role_in_check_mode_judges_drift_after_the_planned_change(emulator, tmp_path):
    """Issue 10 finding 5: jumbo frames on one peer only (must match); a --check run that would enable them on the
    other peer reports that drift as what it would change, names the peers by hostname, and does not fail."""
    a, b = emu_names(emulator)
    emulator.control.config(b, DEV + "/deviceconfig/setting", "<jumbo-frame><mtu>9192</mtu></jumbo-frame>")
    clear_requests(emulator)
    host_vars = {"peer_settings_peers": {"provider": {"jumbo_frames": {"enabled": True}}}}
    proc = run_playbook(emulator, tmp_path, "peer_settings", host_vars, "--check", "--diff")
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert "drift this run would change (check mode): jumbo_frames" in proc.stdout, proc.stdout[-3000:]
    assert "would change on: %s (%s)" % (emulator.peer(0, 0)["hostname"], module_name(emulator, 0)) in proc.stdout
    assert state_changing_requests(emulator) == {a: 0, b: 0}


def test_a_failed_commit_leaves_no_uncommitted_change_of_ours(emulator, play):
    """Fault matrix (seed 1 trial 9): the commit on the peer fails. Nothing else was pending, so our change is
    reverted (revert config partial admin): the device reports no pending change of ours afterwards, and a re-run
    applies it."""
    a, b = emu_names(emulator)
    emulator.control.fail_next(b, "Commit", ["fm-injected failure (Commit)"])
    result = play(emulator, [peer_settings("fails", {"management": {"login_banner": "after the failure"}},
                                           ignore_errors=True)], with_peer=True, expect_rc=0)
    failed = result["fails"]
    assert failed["_status"] == "failed" and "(our change on %s: reverted)" % module_name(emulator, 1) in failed["msg"]
    assert failed["changed"] is True and failed["sent"], failed
    assert emulator.control.device(b)["pending_changes"] == {}
    again = play(emulator, [peer_settings("again", {"management": {"login_banner": "after the failure"}})],
                 with_peer=True, expect_rc=0)["again"]
    assert again["changed"] is True and again["commit_job"]["result"] == "OK", again


@pytest.mark.parametrize("host_vars, expected", [
    ({"peer_settings_common": {"dsn": {"primary": "192.0.2.53"}}},
     "peer_settings_common.dsn. Supported parameters include: dns"),
    ({"peer_settings_common": {"dns": {"primry": "192.0.2.53"}}}, "peer_settings_common.dns.primry"),
    ({"peer_settings_peers": {"peer_provder": {"dns": {"primary": "192.0.2.53"}}}},
     "peer_settings_peers has the key(s) peer_provder"),
    ({"peer_settings_peers": {"provider": {"ntp": {"primary": "192.0.2.1", "tertiary": "x"}}}}, "ntp.tertiary"),
    ({"peer_settings_provider": {"ip_address": "192.0.2.1", "pasword": "x"}},
     "peer_settings_provider.pasword. Supported parameters include: api_key"),
])
def test_role_input_typos_are_refused_before_anything_is_sent(emulator, tmp_path, host_vars, expected):
    """Issue 10 finding 11: unknown keys in the role's dict variables are named with the valid ones; nothing is sent."""
    a, b = emu_names(emulator)
    clear_requests(emulator)
    proc = run_playbook(emulator, tmp_path, "peer_settings", host_vars)
    assert proc.returncode == 2, proc.stdout[-3000:]
    assert expected in proc.stdout, proc.stdout[-3000:]
    assert emulator.control.requests(a)["total"] == 0 and emulator.control.requests(b)["total"] == 0
