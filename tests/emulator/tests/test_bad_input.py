"""Bad input gets the real error envelope, and nothing a client sends makes the emulator crash or hang."""

import random
import socket
import string
import urllib.parse

import pytest
from lxml import etree

from emu_helpers import DEV, api_key, raw, ssl_context

ADDR = DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='%s']"
XML_TYPES = ("application/xml; charset=UTF-8",)


def envelope(r):
    """The parsed <response>, after checking it is a well-formed XML API reply."""
    assert r.headers.get("Content-Type") in XML_TYPES, (r.status, r.headers, r.text)
    root = etree.fromstring(r.body)
    assert root.tag == "response" and root.get("status") in ("success", "error"), r.text
    return root


def error(r, code, http_status=200):
    root = envelope(r)
    assert (r.status, root.get("status"), root.get("code")) == (http_status, "error", str(code)), r.text
    return root


def lines(root):
    return [line.text for line in root.iter("line")] + [m.text for m in root.findall("result/msg")]


@pytest.fixture
def key(emu):
    return api_key(emu)


# ---------------------------------------------------------------------- malformed and unknown
@pytest.mark.parametrize("cmd", ["<show><system>", "<show>", "not xml at all", "<a></b>", "<show><clock/></show><x/>",
                                 "<show>\x00</show>"])
def test_malformed_op_cmd_is_error_18(emu, key, cmd):
    root = error(raw(emu, {"type": "op", "cmd": cmd, "key": key}), 18)
    assert lines(root) == ["Malformed Request"]


def test_entity_expansion_never_reads_files(emu, key):
    cmd = "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/hostname'>]><show><jobs><id>&e;</id></jobs></show>"
    r = raw(emu, {"type": "op", "cmd": cmd, "key": key})
    assert envelope(r).get("status") == "error"
    secret = open("/etc/hostname").read().strip()
    assert not secret or secret not in r.text


def test_deeply_nested_cmd_is_refused_not_recursed(emu, key):
    cmd = "<a>" * 5000 + "</a>" * 5000
    root = envelope(raw(emu, {"type": "op", "cmd": cmd, "key": key}))
    assert root.get("status") == "error"


def test_unknown_op_command_is_error_17(emu, key):
    root = error(raw(emu, {"type": "op", "cmd": "<show><no-such-thing/></show>", "key": key}), 17)
    assert lines(root) == [" show -> no-such-thing  is unexpected"]


@pytest.mark.parametrize("xpath", ["/foo", "config/devices", "/config/devices/entry[", "/config/..//*[",
                                   "count(/config)", "/config/devices/entry/@name",
                                   DEV + "/deviceconfig/system/hostname/text()", "/config/nope("])
def test_bad_xpath_is_error_6(emu, key, xpath):
    root = error(raw(emu, {"type": "config", "action": "get", "xpath": xpath, "key": key}), 6)
    assert lines(root) == ["Bad Xpath"]


def test_unknown_xpath_reads_are_not_present(emu, key):
    r = raw(emu, {"type": "config", "action": "get", "xpath": "/config/no/such/node", "key": key})
    assert (envelope(r).get("status"), envelope(r).get("code")) == ("success", "7")
    r = raw(emu, {"type": "config", "action": "show", "xpath": "/config/no/such/node", "key": key})
    assert envelope(r).get("status") == "error" and lines(envelope(r)) == ["No such node"]


def test_malformed_element_is_error_18(emu, key):
    r = raw(emu, {"type": "config", "action": "set", "xpath": ADDR % "x", "element": "<ip-netmask>1", "key": key})
    assert lines(error(r, 18)) == ["Malformed Request"]


# ---------------------------------------------------------------------- authentication
def test_missing_key_is_403(emu):
    r = raw(emu, {"type": "op", "cmd": "<show><clock/></show>"})
    assert lines(error(r, 403, http_status=403)) == ["Invalid Credential"]


def test_wrong_key_header_is_403(emu):
    r = raw(emu, {"type": "op", "cmd": "<show><clock/></show>"}, headers={"X-PAN-KEY": "LUFRPTnope"})
    error(r, 403, http_status=403)


def test_keygen_without_user_is_403(emu):
    error(raw(emu, {"type": "keygen"}), 403, http_status=403)


# ---------------------------------------------------------------------- parameters and methods
@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_wrong_http_method_is_400(emu, key, method):
    r = raw(emu, {"type": "op", "cmd": "<show><clock/></show>", "key": key}, method=method)
    root = error(r, 400, http_status=400)
    assert method in lines(root)[0]


@pytest.mark.parametrize("params, missing", [
    ({}, "type"),
    ({"type": "op"}, "cmd"),
    ({"type": "config"}, "action"),
    ({"type": "config", "action": "get"}, "xpath"),
    ({"type": "config", "action": "set", "xpath": ADDR % "x"}, "element"),
    ({"type": "config", "action": "edit", "xpath": ADDR % "x"}, "element"),
    ({"type": "config", "action": "rename", "xpath": ADDR % "x"}, "newname"),
    ({"type": "config", "action": "move", "xpath": ADDR % "x"}, "where"),
    ({"type": "commit"}, "cmd"),
])
def test_missing_parameter_is_400(emu, key, params, missing):
    r = raw(emu, dict(params, key=key))
    assert lines(error(r, 400, http_status=400)) == ['Parameter "%s" is required' % missing]


@pytest.mark.parametrize("params", [{"type": "bogus"}, {"type": "config", "action": "bogus", "xpath": "/config"},
                                    {"type": "config", "action": "move", "xpath": ADDR % "x", "where": "sideways"}])
def test_illegal_value_is_400(emu, key, params):
    error(raw(emu, dict(params, key=key)), 400, http_status=400)


def test_commit_with_a_non_commit_cmd_is_17(emu, key):
    error(raw(emu, {"type": "commit", "cmd": "<show/>", "key": key}), 17)


def test_show_jobs_id_of_unknown_job(emu, key):
    """REAL (netbox-panorama-configpump-plugin, fixture op_show_jobs_id.not-found.code7.xml): code 7, 'job N not found'."""
    root = error(raw(emu, {"type": "op", "cmd": "<show><jobs><id>99999</id></jobs></show>", "key": key}), 7)
    assert lines(root) == ["job 99999 not found"]
    error(raw(emu, {"type": "op", "cmd": "<show><jobs><id>abc</id></jobs></show>", "key": key}), 7)


def test_other_paths_are_404(emu, key):
    r = raw(emu, {"type": "op", "key": key}, path="/php/login.php")
    assert r.status == 404


# ---------------------------------------------------------------------- bodies
def test_non_utf8_body_is_answered(emu, key):
    body = b"type=op&cmd=%3Cshow%3E%3Cclock%2F%3E%3C%2Fshow%3E\xff\xfe&key=" + key.encode()
    r = raw(emu, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    envelope(r)
    r = raw(emu, body=b"type=op&cmd=%3Cshow%3E%ff%fe%3C%2Fshow%3E&key=" + key.encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"})
    envelope(r)


def test_garbage_body_is_answered(emu, key):
    rng = random.Random(7)
    body = bytes(rng.randrange(256) for _ in range(4096))
    r = raw(emu, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status in (400, 403)
    envelope(r)


def test_multipart_body_is_not_parsed_as_a_form(emu, key):
    r = raw(emu, body=b"--x\r\nContent-Disposition: form-data; name=type\r\n\r\nop\r\n--x--\r\n",
            headers={"Content-Type": "multipart/form-data; boundary=x"})
    error(r, 403, http_status=403)


def _tls_socket(emu):
    p = emu.peer()
    sock = socket.create_connection((p["host"], p["port"]), timeout=10)
    return ssl_context(emu).wrap_socket(sock, server_hostname=p["host"])


def test_huge_body_is_413_without_reading_it(emu):
    with _tls_socket(emu) as s:
        s.sendall(b"POST /api/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: 999999999\r\n\r\ntype=op")
        reply = s.recv(4096)
    assert reply.startswith(b"HTTP/1.1 413")


def test_garbage_request_line_is_an_http_400(emu):
    with _tls_socket(emu) as s:
        s.sendall(b"\x00\x01\x02 garbage garbage garbage\r\n\r\n")
        reply = s.recv(65536)
    # http.server answers an unparseable request line HTTP/0.9-style: the error page without a status line
    assert b"400" in reply and b"<response" not in reply


def test_plain_http_to_the_tls_port_is_dropped(emu):
    p = emu.peer()
    with socket.create_connection((p["host"], p["port"]), timeout=10) as s:
        s.sendall(b"GET /api/?type=version HTTP/1.1\r\nHost: x\r\n\r\n")
        try:
            data = s.recv(4096)
        except ConnectionResetError:
            data = b""
    assert b"<response" not in data


def test_client_that_disconnects_mid_request(emu):
    with _tls_socket(emu) as s:
        s.sendall(b"POST /api/ HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\ntype=op")
    raw(emu, {"type": "version", "key": api_key(emu)})  # still serving


# ---------------------------------------------------------------------- fuzz
VALID_CMDS = [
    "<show><system><info/></system></show>", "<show><high-availability><all/></high-availability></show>",
    "<show><jobs><id>1</id></jobs></show>", "<request><high-availability><sync-to-remote><clock/></sync-to-remote>"
    "</high-availability></request>", "<set><clock><date>2030/01/01</date><time>00:00:00</time></clock></set>",
    "<request><master-key><new-master-key>0123456789abcdef</new-master-key><lifetime>10</lifetime></master-key>"
    "</request>", "<check><pending-changes/></check>", "<request><config-lock><add/></config-lock></request>",
]
VALID_XPATHS = [ADDR % "fz", DEV + "/deviceconfig/system", "/config/shared", DEV + "/network/interface"]
ELEMENTS = ["<ip-netmask>10.0.0.1</ip-netmask>", "<entry name='fz'><fqdn>a</fqdn></entry>", "<hostname>h</hostname>"]


def _mutate(rng, text):
    chars = list(text)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        pos = rng.randrange(len(chars) + 1)
        if op < 0.3 and chars:
            del chars[min(pos, len(chars) - 1)]
        elif op < 0.6:
            chars.insert(pos, rng.choice("<>/&;'\"[]@=*|\x00\x7f\u00e9\ud7ff" + string.ascii_letters))
        elif op < 0.8 and chars:
            chars[min(pos, len(chars) - 1)] = rng.choice(string.printable)
        else:
            chars[pos:pos] = list(rng.choice(VALID_CMDS + VALID_XPATHS + ELEMENTS)[:rng.randint(1, 20)])
    return "".join(chars)


def _random_request(rng, key):
    kind = rng.random()
    params = {}
    if kind < 0.35:
        params = {"type": "op", "cmd": _mutate(rng, rng.choice(VALID_CMDS))}
    elif kind < 0.7:
        params = {"type": "config", "action": rng.choice(["get", "show", "set", "edit", "delete", "rename", "move",
                                                           "bogus", ""]),
                  "xpath": _mutate(rng, rng.choice(VALID_XPATHS)), "element": _mutate(rng, rng.choice(ELEMENTS)),
                  "newname": rng.choice(["n1", "", "a" * 300]), "where": rng.choice(["top", "after", "x"]),
                  "dst": rng.choice(["fz", ""])}
    elif kind < 0.8:
        params = {"type": "commit", "cmd": _mutate(rng, "<commit><partial><admin><member>admin</member></admin>"
                                                        "</partial></commit>")}
    elif kind < 0.9:
        params = {"type": rng.choice(["keygen", "version", "import", "export", "log", "report", "user-id", "",
                                      _mutate(rng, "config")]),
                  "user": rng.choice(["admin", "", "x" * 100]), "password": _mutate(rng, "password")}
    else:
        params = {_mutate(rng, "type"): _mutate(rng, "op"), _mutate(rng, "cmd"): _mutate(rng, VALID_CMDS[0])}
    if rng.random() < 0.9:
        params["key"] = key if rng.random() < 0.9 else _mutate(rng, key)
    method = rng.choice(["POST", "POST", "GET", "PUT"])
    body = None
    if rng.random() < 0.1:  # a raw body, possibly not UTF-8
        body = urllib.parse.urlencode(params).encode() + bytes(rng.randrange(256) for _ in range(rng.randint(0, 64)))
        return method if method != "GET" else "POST", None, body
    return method, params, body


def test_fuzz_every_reply_is_an_envelope_or_a_documented_http_error(emu, key):
    rng = random.Random(20240520)
    statuses = {}
    for i in range(300):
        method, params, body = _random_request(rng, key)
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else None
        r = raw(emu, params, method=method, body=body, headers=headers, timeout=10)
        statuses[r.status] = statuses.get(r.status, 0) + 1
        assert r.status in (200, 400, 403), (i, method, params, body, r.status, r.text)
        root = envelope(r)
        assert root.get("code") != "21", ("internal error", i, method, params, body, r.text)
    assert statuses.get(200, 0) > 30 and (statuses.get(400, 0) + statuses.get(403, 0)) > 10, statuses
    # still healthy: a normal request, and the control API
    r = raw(emu, {"type": "op", "cmd": "<show><system><info/></system></show>", "key": api_key(emu)})
    assert envelope(r).get("status") == "success"
    assert emu.control.device("pair1-a")["name"] == "pair1-a"
    assert emu.process.poll() is None
