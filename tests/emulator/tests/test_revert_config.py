"""<revert><config><partial><admin>: one admin's uncommitted changes discarded, another admin's kept."""

from emu_helpers import xapi


def test_partial_revert_discards_only_that_admins_changes(emu):
    name = emu.peer(0, 0)["name"]
    emu.control.pending_change(name, "bob", "/config/shared/address",
                               "<entry name='bobs'><fqdn>b.example.com</fqdn></entry>")
    client = xapi(emu)
    admin = emu.peer(0, 0)["username"]
    client.set(xpath="/config/shared/address", element="<entry name='ours'><fqdn>o.example.com</fqdn></entry>")
    assert set(emu.control.device(name)["pending_changes"]) == {"bob", admin}
    client.op(cmd="<revert><config><partial><admin><member>%s</member></admin></partial></config></revert>" % admin)
    assert client.status == "success"
    assert set(emu.control.device(name)["pending_changes"]) == {"bob"}
    log = emu.control.requests(name)["entries"]
    assert log[-1]["changes_state"] is True
