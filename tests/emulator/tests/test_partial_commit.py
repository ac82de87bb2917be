"""Partial commits that exclude commit locations (XML API guide, "Commit"): device-and-network, shared-object and
policy-and-objects. What is excluded stays in the candidate, pending and attributed to its administrator."""

import pan.xapi
import pytest

from emu_helpers import DEV, api_key, raw, wait_job, xapi
from panos_emulator import commitscope

VSYS = DEV + "/vsys/entry[@name='vsys1']"
ADDR = VSYS + "/address/entry[@name='%s']"
BANNER = DEV + "/deviceconfig/system"
TAG = "/config/shared/tag/entry[@name='%s']"


def partial(emu, *excluded, admins=("admin",)):
    body = "".join("<%s>excluded</%s>" % (loc, loc) for loc in excluded)
    body += "<admin>%s</admin>" % "".join("<member>%s</member>" % a for a in admins) if admins else ""
    r = raw(emu, {"type": "commit", "action": "partial", "cmd": "<commit><partial>%s</partial></commit>" % body,
                  "key": api_key(emu)})
    return r.xml()


def make_changes(emu):
    x = xapi(emu)
    x.set(xpath=ADDR % "web", element="<ip-netmask>10.1.1.1</ip-netmask>")  # policy-and-objects
    x.set(xpath=BANNER, element="<login-banner>change window</login-banner>")  # device-and-network
    x.set(xpath=TAG % "prod", element="<color>color1</color>")  # shared-object
    return x


def running_has(x, xpath):
    try:
        x.show(xpath)
    except pan.xapi.PanXapiError:
        return False
    return True


@pytest.mark.parametrize("excluded, kept_pending", [
    (("device-and-network",), [BANNER]),
    (("shared-object",), [TAG % "prod"]),
    (("policy-and-objects",), [ADDR % "web"]),
    (("device-and-network", "shared-object"), [BANNER, TAG % "prod"]),  # the API guide's example
])
def test_excluded_locations_stay_pending(emu, excluded, kept_pending):
    x = make_changes(emu)
    root = partial(emu, *excluded)
    assert root.get("code") == "19", root
    job = wait_job(emu, "pair1-a", "Commit")
    assert job["result"] == "OK"
    pending = emu.control.device("pair1-a")["pending_changes"]
    assert pending == {"admin": kept_pending}  # still attributed to its admin
    for xpath in (ADDR % "web", BANNER + "/login-banner", TAG % "prod"):
        committed = not any(xpath.startswith(k) for k in kept_pending)
        assert running_has(x, xpath) is committed, xpath
    x.op("check pending-changes", cmd_xml=True)
    assert x.element_result.text == "yes"


def test_excluded_changes_do_not_reach_the_peer(emu):
    make_changes(emu)
    partial(emu, "policy-and-objects")
    assert wait_job(emu, "pair1-b", "HA-Sync")["result"] == "OK"
    xb = xapi(emu, 1)
    assert running_has(xb, TAG % "prod") and not running_has(xb, ADDR % "web")


def test_everything_excluded_is_nothing_to_commit(emu):
    make_changes(emu)
    root = partial(emu, *commitscope.LOCATIONS)
    assert (root.get("code"), root.findtext("msg")) == ("19", "There are no changes to commit.")
    assert len(emu.control.device("pair1-a")["pending_changes"]["admin"]) == 3


def test_a_later_full_commit_takes_what_was_excluded(emu):
    x = make_changes(emu)
    partial(emu, "device-and-network")
    wait_job(emu, "pair1-a", "Commit")
    x.commit(cmd="<commit/>", sync=True, interval=0.1, timeout=30)
    assert running_has(x, BANNER + "/login-banner")
    assert emu.control.device("pair1-a")["pending_changes"] == {}


def test_exclusions_and_admins_combine(emu):
    emu.control.pending_change("pair1-a", "other-admin", ADDR % "theirs", "<ip-netmask>10.8.8.8</ip-netmask>")
    make_changes(emu)
    partial(emu, "shared-object")
    wait_job(emu, "pair1-a", "Commit")
    pending = emu.control.device("pair1-a")["pending_changes"]
    assert pending == {"admin": [TAG % "prod"], "other-admin": [ADDR % "theirs"]}


@pytest.mark.parametrize("xpath, where", [
    ("/config/shared/address/entry[@name='a']", "shared-object"),
    ("/config/shared", "shared-object"),
    (ADDR % "a", "policy-and-objects"),
    ("/config/devices/entry/vsys/entry/rulebase/security/rules/entry[@name='r']", "policy-and-objects"),
    (VSYS + "/zone/entry[@name='trust']", "device-and-network"),  # Network tab
    (VSYS + "/import/network/interface", "device-and-network"),
    (VSYS + "/profiles/virus/entry[@name='av']", "policy-and-objects"),
    (VSYS, "mixed"),
    ("/config/devices/entry/vsys", "mixed"),
    (DEV + "/deviceconfig/system/hostname", "device-and-network"),
    (DEV + "/network/interface/ethernet/entry[@name='ethernet1/1']", "device-and-network"),
    ("/config/mgt-config/users/entry[@name='bob']", "device-and-network"),
    ("/config", "mixed"),
    (DEV, "mixed"),
])
def test_locations_of_xpaths(xpath, where):
    assert commitscope.location(xpath) == where


def test_a_change_of_everything_stays_out_when_anything_is_excluded():
    assert commitscope.excluded("/config", {"shared-object"})
    assert not commitscope.excluded("/config", set())
