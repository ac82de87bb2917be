"""hapair.panos.ha_state against the emulator: suspend the active peer (the other takes over), make it functional
again (and, with preemption, take back), idempotence, check mode, and the refusal to suspend the last
functional peer."""

from conftest import HA_GROUP, clear_requests, emu_names, module_name, state_changing_requests, task, xapi


def ha_state(name, state, peer=None, **options):
    args = {"state": state}
    if peer is not None:
        args["peer"] = peer
    return task(name, "ha_state", args, **options)


def device_states(emu):
    return {name: emu.control.device(name)["ha"]["state"] for name in emu_names(emu)}


def test_check_mode_changes_nothing(emulator, play):
    a, b = emu_names(emulator)
    clear_requests(emulator)
    result = play(emulator, [ha_state("suspend", "suspended")], check=True, expect_rc=0)["suspend"]
    assert result["changed"] is True and result["peer"] == module_name(emulator, 0)
    assert result["message"].startswith("check mode: would request high-availability state suspend")
    assert result["after"] == result["before"]
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    assert device_states(emulator) == {a: "active", b: "passive"}

    # functional in check mode, with a suspended peer
    xapi(emulator, 0).op(cmd="<request><high-availability><state><suspend/></state></high-availability></request>")
    assert device_states(emulator) == {a: "suspended", b: "active"}
    clear_requests(emulator)
    result = play(emulator, [ha_state("functional", "functional")], check=True, expect_rc=0)["functional"]
    assert result["changed"] is True and result["peer"] == module_name(emulator, 0)
    assert state_changing_requests(emulator) == {a: 0, b: 0}
    assert device_states(emulator) == {a: "suspended", b: "active"}


def test_suspend_takeover_idempotence_refusal_functional(emulator, play):
    a, b = emu_names(emulator)
    first, second = module_name(emulator, 0), module_name(emulator, 1)
    result = play(emulator, [
        ha_state("suspend", "suspended"),
        ha_state("suspend again (pinned)", "suspended", peer=emulator.peer(0, 0)["host"]),
        ha_state("suspend again (check mode)", "suspended", peer=emulator.peer(0, 0)["host"], check_mode=True),
        # the documented "fail over" example again: one peer is suspended, the other active, so it is done (ok)
        ha_state("suspend again (default)", "suspended"),
        # pinned to the peer that took over: suspending it would leave no functional peer
        ha_state("suspend the last functional peer", "suspended", peer=emulator.peer(0, 1)["host"],
                 ignore_errors=True),
        ha_state("functional", "functional"),
        ha_state("functional again", "functional"),
    ], expect_rc=0)
    result.assert_no_secrets()

    suspend = result["suspend"]
    assert suspend["changed"] is True and suspend["peer"] == first
    assert suspend["before"] == {first: "active", second: "passive"}
    assert suspend["after"] == {first: "suspended", second: "active"}
    assert "suspended" in suspend["message"]
    for name in ("suspend again (pinned)", "suspend again (check mode)", "suspend again (default)"):
        assert result[name]["changed"] is False and result[name]["peer"] == first, result[name]
        assert result[name]["before"] == {first: "suspended", second: "active"}

    refused = result["suspend the last functional peer"]
    assert refused["_status"] == "failed" and refused["reason"] == "no_takeover_peer"
    assert refused["device"] == second and "nothing was changed" in refused["remedy"]

    functional = result["functional"]
    assert functional["changed"] is True and functional["peer"] == first
    assert functional["before"] == {first: "suspended", second: "active"}
    # no preemption: the peer that took over stays active
    assert functional["after"] == {first: "passive", second: "active"}
    again = result["functional again"]
    assert again["changed"] is False and again["peer"] is None

    # the refused suspend really did not suspend the second peer
    assert device_states(emulator) == {a: "passive", b: "active"}
    assert not any(emulator.control.device(name)["ha"]["suspended"] for name in (a, b))


def test_preemptive_peer_takes_back_after_functional(emulator, play):
    a, b = emu_names(emulator)
    first, second = module_name(emulator, 0), module_name(emulator, 1)
    for name in (a, b):  # preemption is a per-peer HA setting (not synced); both peers must have it
        emulator.control.config(name, HA_GROUP + "/election-option", "<preemptive>yes</preemptive>")
    result = play(emulator, [ha_state("suspend", "suspended"), ha_state("functional", "functional")], expect_rc=0)
    assert result["suspend"]["after"] == {first: "suspended", second: "active"}
    # the higher-priority peer (90) preempts: handed back
    assert result["functional"]["after"] == {first: "active", second: "passive"}
    assert device_states(emulator) == {a: "active", b: "passive"}


def test_active_active_suspend_and_functional(emulator_aa, play):
    emu = emulator_aa
    a, b = emu_names(emu)
    first, second = module_name(emu, 0), module_name(emu, 1)
    result = play(emu, [ha_state("suspend", "suspended"), ha_state("functional", "functional")], expect_rc=0)
    assert result["suspend"]["before"] == {first: "active-primary", second: "active-secondary"}
    assert result["suspend"]["after"] == {first: "suspended", second: "active-primary"}
    assert result["functional"]["after"] == {first: "active-secondary", second: "active-primary"}
    assert device_states(emu) == {a: "active-secondary", b: "active-primary"}
