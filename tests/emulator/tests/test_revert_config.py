"""<revert><config><partial><admin>: one admin's uncommitted changes discarded, another admin's kept."""

import pan.xapi
import pytest

from panos_emulator import testing


@pytest.fixture(scope="module")
def emu(tmp_path_factory):
    emulator = testing.start(pairs=1, state_dir=tmp_path_factory.mktemp("emu-revert"))
    yield emulator
    emulator.stop()


def client(emu):
    peer = emu.peer(0, 0)
    return pan.xapi.PanXapi(hostname=peer["host"], port=peer["port"], api_username=peer["username"],
                            api_password=peer["password"], ssl_context=_context(emu))


def _context(emu):
    import ssl
    return ssl.create_default_context(cafile=emu.ca_file)


def test_partial_revert_discards_only_that_admins_changes(emu):
    name = emu.peer(0, 0)["name"]
    emu.control.pending_change(name, "bob", "/config/shared/address",
                               "<entry name='bobs'><fqdn>b.example.com</fqdn></entry>")
    xapi = client(emu)
    admin = emu.peer(0, 0)["username"]
    xapi.set(xpath="/config/shared/address", element="<entry name='ours'><fqdn>o.example.com</fqdn></entry>")
    assert set(emu.control.device(name)["pending_changes"]) == {"bob", admin}
    xapi.op(cmd="<revert><config><partial><admin><member>%s</member></admin></partial></config></revert>" % admin)
    assert xapi.status == "success"
    assert set(emu.control.device(name)["pending_changes"]) == {"bob"}
    log = emu.control.requests(name)["entries"]
    assert log[-1]["changes_state"] is True
