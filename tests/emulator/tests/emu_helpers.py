"""Helpers of the emulator suite (clients, raw HTTPS, waiting on jobs). Imported by the tests and conftest.

pan.xapi and the raw helper verify TLS against the emulator CA; pan-os-python's Firewall has no CA option (it uses
pan.xapi's default, which does not verify).
"""

import http.client
import re
import socket
import ssl
import time
import urllib.parse
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DEV = "/config/devices/entry[@name='localhost.localdomain']"
HA = DEV + "/deviceconfig/high-availability"


# ---------------------------------------------------------------------- clients
def ssl_context(emu):
    return ssl.create_default_context(cafile=emu.ca_file)


def firewall(emu, peer=0, pair=0, **kw):
    """pan-os-python Firewall for one emulated peer (keygen happens on first use)."""
    from panos.firewall import Firewall

    p = emu.peer(pair, peer)
    kw.setdefault("timeout", 30)
    return Firewall(p["host"], p["username"], p["password"], port=p["port"], **kw)


def ha_pair(emu, pair=0):
    """(fw_a, fw_b) joined with set_ha_peers and refreshed, as pan-os-python users do."""
    fa, fb = firewall(emu, 0, pair), firewall(emu, 1, pair)
    fa.set_ha_peers(fb)
    fa.refresh_ha_active()
    return fa, fb


def xapi(emu, peer=0, pair=0, **kw):
    """pan.xapi.PanXapi verifying TLS against the emulator CA."""
    import pan.xapi

    p = emu.peer(pair, peer)
    kw.setdefault("timeout", 30)
    kw.setdefault("api_username", p["username"])
    kw.setdefault("api_password", p["password"])
    return pan.xapi.PanXapi(hostname=p["host"], port=p["port"], ssl_context=ssl_context(emu), **kw)


class Raw:
    """One raw HTTPS exchange: status, reason, headers, body (bytes) and text."""

    def __init__(self, status, reason, headers, body):
        self.status, self.reason, self.headers, self.body = status, reason, headers, body
        self.text = body.decode("utf-8", "replace")

    def xml(self):
        from lxml import etree

        return etree.fromstring(self.body)


def raw(emu, params=None, peer=0, pair=0, method="POST", path="/api/", body=None, headers=None, timeout=10):
    """Send one request exactly as given. ``params`` go into the form body (POST) or query string (others)."""
    p = emu.peer(pair, peer)
    headers = dict(headers or {})
    if params is not None:
        encoded = urllib.parse.urlencode(params)
        if method == "POST" and body is None:
            body = encoded
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        else:
            path += ("&" if "?" in path else "?") + encoded
    if isinstance(body, str):
        body = body.encode()
    conn = http.client.HTTPSConnection(p["host"], p["port"], context=ssl_context(emu), timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return Raw(resp.status, resp.reason, dict(resp.getheaders()), resp.read())
    finally:
        conn.close()


def api_key(emu, peer=0, pair=0):
    r = raw(emu, {"type": "keygen", "user": emu.peer(pair, peer)["username"],
                  "password": emu.peer(pair, peer)["password"]}, peer=peer, pair=pair)
    assert r.status == 200, r.text
    return r.xml().findtext("result/key")


def op(emu, cmd, peer=0, pair=0, key=None):
    """type=op over raw HTTPS with a fresh key; returns Raw."""
    key = key or api_key(emu, peer, pair)
    return raw(emu, {"type": "op", "cmd": cmd, "key": key}, peer=peer, pair=pair)


# ---------------------------------------------------------------------- waiting on the emulator
def wait_for(predicate, timeout=10.0, interval=0.05, what="condition"):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out after %ss waiting for %s" % (timeout, what))
        time.sleep(interval)


def refuses_connections(emu, peer=0, pair=0):
    """Whether the peer's management address refuses new connections (a refuse fault is on)."""
    p = emu.peer(pair, peer)
    try:
        socket.create_connection((p["host"], p["port"]), timeout=2).close()
    except ConnectionRefusedError:
        return True
    return False


def wait_refused(emu, peer=0, pair=0, timeout=5, what="the listener to close"):
    wait_for(lambda: refuses_connections(emu, peer, pair), timeout=timeout, what=what)


def jobs(emu, device, jtype=None):
    return [j for j in emu.control.device(device)["jobs"] if jtype is None or j["type"] == jtype]


def wait_job(emu, device, jtype, count=1, timeout=10.0):
    """The ``count``-th job of a type on a device, once finished."""
    def done():
        found = jobs(emu, device, jtype)
        if len(found) >= count and found[count - 1]["status"] == "FIN":
            return found[count - 1]
        return None

    return wait_for(done, timeout, what="%s job #%d on %s" % (jtype, count, device))


def settle(emu, pair="pair1", timeout=10.0):
    """Wait until no job is running on either peer of the pair."""
    names = [d for d in emu.control.pairs()[pair]["devices"]]
    wait_for(lambda: all(j["status"] == "FIN" for n in names for j in jobs(emu, n)), timeout,
             what="jobs of %s to finish" % pair)


def ha(emu, device):
    return emu.control.device(device)["ha"]


def commit(emu, peer=0, pair=0, admin_partial=None):
    """Commit on one peer through pan.xapi and wait; returns the job element (None: nothing to commit)."""
    x = xapi(emu, peer, pair)
    cmd = "<commit/>" if admin_partial is None else (
        "<commit><partial><admin>%s</admin></partial></commit>"
        % "".join("<member>%s</member>" % a for a in admin_partial))
    x.commit(cmd=cmd, sync=True, interval=0.1, timeout=30)
    return x.element_result.find("job") if x.element_result is not None else None


def set_and_commit(emu, xpath, element, peer=0, pair=0):
    x = xapi(emu, peer, pair)
    x.set(xpath=xpath, element=element)
    return commit(emu, peer, pair)


# ---------------------------------------------------------------------- recorded samples (fidelity tests)
def sample(name):
    return (FIXTURES / name).read_bytes()


def assert_shape(name, actual, **kw):
    from shapes import differences

    diffs = differences(sample(name), actual, **kw)
    assert diffs == [], "%s vs emulator:\n  %s\n%s" % (name, "\n  ".join(diffs), actual)


def one_line(data):
    """A sample without the indentation a test author added (for byte comparisons)."""
    return re.sub(rb">\s+<", b"><", data.strip())
