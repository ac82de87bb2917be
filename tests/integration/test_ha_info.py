"""hapair.panos.ha_info against the emulator: both peers read (discovered or given), the pair summary, and
problems reported without failing (split brain, unreachable peer, sync disabled, compat mismatch)."""

from conftest import HA_GROUP, add_address, clear_requests, emu_names, module_name, state_changing_requests, task


def info(name="info", args=None, **options):
    return task(name, "ha_info", args, **options)


def assert_healthy_pair(result, emu, active=0, states=("active", "passive"), mode="Active-Passive"):
    first, second = module_name(emu, active), module_name(emu, 1 - active)
    assert result["_status"] == "ok" and result["changed"] is False
    pair = result["pair"]
    assert pair["active"] == first and pair["passive"] == second
    assert pair["states"] == {first: states[0], second: states[1]}
    assert pair["mode"] == mode
    assert pair["synchronized"] is True and pair["healthy"] is True and pair["problems"] == []
    assert set(result["peers"]) == {first, second}
    for name, role in ((first, "active"), (second, "passive")):
        peer = result["peers"][name]
        assert peer["reachable"] is True and peer["error"] is None and peer["role"] == role
        local = peer["ha"]["local"]
        assert peer["ha"]["enabled"] is True
        assert local["running_sync"] == "synchronized" and local["config_sync_enabled"] is True
        assert set(local["compat"].values()) == {"Match"} and "build" in local["compat"]
        assert peer["ha"]["peer"]["connections"]["ha1"]["status"] == "up"
        assert local["build_rel"] and local["ha1"]["port"] and local["ha2"]["port"]


def test_discovers_the_peer_and_summarizes_a_healthy_pair(emulator, play):
    a, b = emu_names(emulator)
    result = play(emulator, [
        info(),
        info("in check mode", check_mode=True),
        # the user need not know which peer is active: provider may point at the passive peer
        info("provider on the passive peer", {"provider": emulator.provider(0, 1)}),
    ], expect_rc=0)
    result.assert_no_secrets()
    assert_healthy_pair(result["info"], emulator)
    assert_healthy_pair(result["in check mode"], emulator)
    from_passive = result["provider on the passive peer"]
    assert_healthy_pair(from_passive, emulator)
    assert list(from_passive["peers"]) == [module_name(emulator, 1), module_name(emulator, 0)]
    ha = {name: result["info"]["peers"][module_name(emulator, i)]["ha"] for i, name in enumerate((a, b))}
    # priorities as configured on each peer (lower wins); each peer sees the other's management address
    assert ha[a]["local"]["priority"] == 90 and ha[b]["local"]["priority"] == 100
    assert ha[a]["peer"]["mgmt_ip"] == emulator.peer(0, 1)["host"]
    assert ha[b]["peer"]["mgmt_ip"] == emulator.peer(0, 0)["host"]
    # read-only, and the second peer was really asked (found through the first peer's peer-info)
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    for name in (a, b):
        assert emulator.control.requests(name)["counts"].get("op show high-availability all") == 3


def test_explicit_peer_provider(emulator, play):
    a, b = emu_names(emulator)
    result = play(emulator, [
        info("full peer_provider"),
        # only the address: port, credentials and TLS settings are inherited from provider
        info("address only", {"peer_provider": {"ip_address": emulator.peer(0, 1)["host"]}}),
    ], with_peer=True, expect_rc=0)
    result.assert_no_secrets()
    assert_healthy_pair(result["full peer_provider"], emulator)
    assert_healthy_pair(result["address only"], emulator)
    assert not result["address only"].get("warnings")


def test_active_active(emulator_aa, play):
    result = play(emulator_aa, [info()], expect_rc=0)
    assert_healthy_pair(result["info"], emulator_aa, states=("active-primary", "active-secondary"),
                        mode="Active-Active")


def test_problems_are_reported_without_failing(emulator, play):
    a, b = emu_names(emulator)
    add_address(emulator, a, "only-on-active")  # running configs differ
    emulator.control.config(b, HA_GROUP + "/configuration-synchronization", "<enabled>no</enabled>")
    emulator.control.system(b, app_version="9999-9999")
    result = play(emulator, [info()], expect_rc=0)["info"]
    pair = result["pair"]
    assert pair["healthy"] is False and pair["synchronized"] is False
    assert pair["active"] == module_name(emulator, 0)
    problems = "\n".join(pair["problems"])
    assert "configuration synchronization is disabled on %s" % module_name(emulator, 1) in problems
    assert "running-sync is 'not synchronized' on %s" % module_name(emulator, 0) in problems
    assert "app compatibility is 'Mismatch'" in problems
    assert result["peers"][module_name(emulator, 1)]["ha"]["local"]["config_sync_enabled"] is False


def test_ha1_down(emulator, play):
    """Both HA1 links down: each peer goes active. With both peers given the split brain is seen; with discovery
    the peer cannot be found (peer-info has no mgmt-ip while HA1 is down, as on a real device), so the first peer's
    view is reported with the links that are down. The module fails in neither case."""
    emulator.control.links("pair1", ha1="down", ha1_backup="down")
    peer_provider = {"ip_address": emulator.peer(0, 1)["host"]}
    result = play(emulator, [info("both peers given", {"peer_provider": peer_provider}), info("discovery")],
                  expect_rc=0)
    given = result["both peers given"]
    pair = given["pair"]
    assert pair["active"] is None and pair["healthy"] is False
    assert pair["states"] == {module_name(emulator, 0): "active", module_name(emulator, 1): "active"}
    problems = "\n".join(pair["problems"])
    assert "split brain" in problems
    assert "HA1 link down" in problems and "HA1-backup link down" in problems
    assert all(peer["reachable"] for peer in given["peers"].values())

    discovered = result["discovery"]
    assert discovered["pair"]["healthy"] is False
    problems = "\n".join(discovered["pair"]["problems"])
    assert "HA1 link down" in problems and "HA1-backup link down" in problems
    assert "peer is unknown" in problems
    assert list(discovered["peers"]) == [module_name(emulator, 0)]


def test_unreachable_peer_is_reported(emulator, play):
    a, b = emu_names(emulator)
    emulator.control.fault(b, "refuse")
    clear_requests(emulator)
    result = play(emulator, [info()], expect_rc=0)["info"]
    peer = result["peers"][module_name(emulator, 1)]
    assert peer["reachable"] is False and peer["ha"] is None
    assert peer["error"]["error"] == "connection_failed"
    assert "gave up after" in peer["error"]["msg"]
    assert result["pair"]["healthy"] is False
    assert any("%s is unreachable" % module_name(emulator, 1) in p for p in result["pair"]["problems"])
    # what the first peer knows of the second is still there
    assert result["pair"]["states"][module_name(emulator, 1)] == "passive"
    assert emulator.control.requests(b)["total"] == 0


def test_suspended_peer(emulator, play):
    a, b = emu_names(emulator)
    result = play(emulator, [task("suspend", "ha_state", {"state": "suspended", "peer": "passive"}), info()],
                  expect_rc=0)
    pair = result["info"]["pair"]
    assert pair["states"] == {module_name(emulator, 0): "active", module_name(emulator, 1): "suspended"}
    assert pair["passive"] is None and pair["healthy"] is False
    assert "%s is suspended" % module_name(emulator, 1) in pair["problems"]
    assert emulator.control.device(b)["ha"]["suspended"] is True


def test_session_counters_with_sessions(emulator, play):
    """sessions: true adds each peer's show session info counters; the sessions of the active peer were copied to
    the passive one over HA2 (state synchronization), so both count them. Without it, no session request is sent."""
    a, b = emu_names(emulator)
    for port in (443, 8443):
        emulator.control.session(a, src="10.0.0.1", dst="10.0.0.2", dport=port, app="ssl")
    result = play(emulator, [info("plain"), info("with sessions", {"sessions": True})], expect_rc=0)
    assert all("sessions" not in peer for peer in result["plain"]["peers"].values())
    peers = result["with sessions"]["peers"]
    for index in (0, 1):
        sessions = peers[module_name(emulator, index)]["sessions"]
        assert (sessions["active"], sessions["tcp"], sessions["max"]) == (2, 2, 256000), sessions
    for name in (a, b):
        assert emulator.control.requests(name)["counts"].get("op show session info") == 1
