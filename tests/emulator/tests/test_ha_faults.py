"""HA-level faults (control API /devices/NAME/ha-fault): a peer that does not take over when the active peer is
suspended, and a peer that does not come back after `request high-availability state functional`. What a client
sees over the XML API, and that clearing or resetting puts the pair back."""

import pytest

from emu_helpers import ha, xapi
from panos_emulator.client import ControlError

SUSPEND = "<request><high-availability><state><suspend/></state></high-availability></request>"
FUNCTIONAL = "<request><high-availability><state><functional/></state></high-availability></request>"


def states(emu):
    return ha(emu, "pair1-a")["state"], ha(emu, "pair1-b")["state"]


def local_info(emu, peer, field):
    x = xapi(emu, peer)
    x.op("show high-availability all", cmd_xml=True)
    return x.element_result.findtext("group/local-info/" + field)


@pytest.mark.parametrize("mode, top, second", [("active-passive", "active", "passive"),
                                               ("active-active", "active-primary", "active-secondary")])
def test_no_takeover_leaves_the_pair_without_an_active_peer(emu, mode, top, second):
    emu.control.reset(mode=mode)
    assert emu.control.ha_fault("pair1-b", no_takeover=True) == {"no_takeover": True, "stay_down": None}
    assert states(emu) == (top, second)  # the fault changes nothing until the active peer leaves
    x = xapi(emu, 0)
    x.op(SUSPEND)
    assert x.element_result.text == "Successfully changed HA state to suspended"
    assert states(emu) == ("suspended", second)
    assert local_info(emu, 1, "state") == second
    assert ha(emu, "pair1-b")["ha_faults"]["no_takeover"] is True
    # the suspended peer comes back and, as the only one that takes over, becomes active again
    x.op(FUNCTIONAL)
    assert states(emu) == (top, second)


def test_a_peer_with_no_takeover_that_is_active_stays_active(emu):
    emu.control.ha_fault("pair1-a", no_takeover=True)
    xapi(emu, 1).op(SUSPEND)
    assert states(emu) == ("active", "suspended")
    xapi(emu, 1).op(FUNCTIONAL)
    assert states(emu) == ("active", "passive")


def test_clearing_no_takeover_lets_the_peer_take_over(emu):
    emu.control.ha_fault("pair1-b", no_takeover=True)
    xapi(emu, 0).op(SUSPEND)
    assert states(emu) == ("suspended", "passive")
    assert emu.control.clear_ha_fault("pair1-b") == {"no_takeover": False, "stay_down": None}
    assert states(emu) == ("suspended", "active")


def test_stay_down_suspended_answers_success_and_stays_suspended(emu):
    emu.control.ha_fault("pair1-a", stay_down="suspended")
    x = xapi(emu, 0)
    x.op(SUSPEND)
    assert states(emu) == ("suspended", "active")
    x.op(FUNCTIONAL)
    assert x.element_result.text == "Successfully changed HA state to functional"
    assert states(emu) == ("suspended", "active")
    assert local_info(emu, 0, "state") == "suspended"
    emu.control.ha_fault("pair1-a", stay_down=None)  # the fault gone, the next functional works
    assert states(emu) == ("suspended", "active")
    x.op(FUNCTIONAL)
    assert states(emu) == ("passive", "active")


def test_stay_down_non_functional_until_cleared(emu):
    emu.control.ha_fault("pair1-a", stay_down="non-functional")
    x = xapi(emu, 0)
    x.op(SUSPEND)
    x.op(FUNCTIONAL)
    assert x.element_result.text == "Successfully changed HA state to functional"
    assert states(emu) == ("non-functional", "active")
    assert (local_info(emu, 0, "state"), local_info(emu, 0, "last-error-state"),
            local_info(emu, 0, "last-error-reason")) == ("non-functional", "non-functional", "Link down")
    assert ha(emu, "pair1-a")["suspended"] is False
    emu.control.clear_ha_fault("pair1-a")
    assert states(emu) == ("passive", "active")


def test_stay_down_does_not_affect_a_functional_peer(emu):
    emu.control.ha_fault("pair1-a", stay_down="non-functional")
    xapi(emu, 0).op(FUNCTIONAL)  # already functional: nothing to come back from
    assert states(emu) == ("active", "passive")


def test_reset_clears_ha_faults(emu):
    emu.control.ha_fault("pair1-b", no_takeover=True, stay_down="suspended")
    emu.control.reset()
    assert ha(emu, "pair1-b")["ha_faults"] == {"no_takeover": False, "stay_down": None}


@pytest.mark.parametrize("body", [{"no_takeover": "yes"}, {"stay_down": "initial"}, {"takeover": False}])
def test_bad_ha_faults_are_refused(emu, body):
    with pytest.raises(ControlError):
        emu.control.ha_fault("pair1-a", **body)
    assert ha(emu, "pair1-a")["ha_faults"] == {"no_takeover": False, "stay_down": None}
