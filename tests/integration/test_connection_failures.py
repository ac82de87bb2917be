"""How the modules fail when the device can't be used: bad credentials, nothing listening, a certificate that does
not verify, a management plane answering 5xx (briefly, then for good), and option values rejected before any
request is sent."""

import datetime

from conftest import clear_requests, emu_names, module_name, request_totals, state_changing_requests, task
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

UNUSED_ADDRESS = "127.0.1.250"  # on the emulator's loopback range, nothing listens there


def provider(emu, **changes):
    """The emulator provider of the first peer with some options changed (None removes an option)."""
    out = emu.provider(0, 0)
    out.update(changes)
    return {k: v for k, v in out.items() if v is not None}


def throwaway_ca(path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hapair.panos throwaway test CA")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return str(path)


def http_errors(emu, name):
    return [e["http_status"] for e in emu.control.requests(name)["entries"] if e["type"] == "http"]


def test_wrong_credentials(emulator, play):
    a, b = emu_names(emulator)
    wrong_password = "Not-The-Pa55word-4711"
    wrong_key = "LUFRPT1bogusbogusbogusbogusbogus=="
    result = play(emulator, [
        task("ha_info", "ha_info", ignore_errors=True),
        task("sync_to_remote", "sync_to_remote", ignore_errors=True),
        task("wrong api key", "ha_info", {"provider": provider(emulator, password=None, api_key=wrong_key)},
             ignore_errors=True),
    ], provider_extra={"password": wrong_password}, secrets=[wrong_password, wrong_key], expect_rc=0)
    result.assert_no_secrets()
    for name in ("ha_info", "sync_to_remote", "wrong api key"):
        failed = result[name]
        assert failed["_status"] == "failed" and failed["error"] == "authentication_failed", failed
        assert failed["device"] == module_name(emulator, 0)
        assert "provider.password" in failed["remedy"] and "api_key" in failed["remedy"]
    # never retried, and nothing else sent
    log = emulator.control.requests(a)
    assert log["counts"] == {"keygen ": 2, "op show high-availability all": 1}
    assert [e["status"] for e in log["entries"]] == ["error", "error", "error"]
    assert state_changing_requests(emulator) == {a: 0, b: 0} and request_totals(emulator)[b] == 0


def test_nothing_listening(emulator, play):
    """An address nothing listens on (the first peer), and the second peer refusing connections."""
    a, b = emu_names(emulator)
    emulator.control.fault(b, "refuse")
    result = play(emulator, [
        task("unused address", "ha_info", {"provider": provider(emulator, ip_address=UNUSED_ADDRESS)},
             ignore_errors=True),
        task("peer refuses", "sync_to_remote", {"force": True}, ignore_errors=True),
    ], expect_rc=0)
    result.assert_no_secrets()
    unused = result["unused address"]
    assert unused["error"] == "connection_failed"
    assert unused["device"] == "%s:%s" % (UNUSED_ADDRESS, emulator.port)
    assert "gave up after 4 attempts" in unused["msg"] and "provider.ip_address" in unused["remedy"]
    peer = result["peer refuses"]
    assert peer["error"] == "connection_failed" and peer["device"] == module_name(emulator, 1)
    assert request_totals(emulator)[b] == 0
    assert state_changing_requests(emulator)[a] == 0


def test_certificate_that_does_not_verify(emulator, play, tmp_path):
    a, b = emu_names(emulator)
    wrong_ca = throwaway_ca(tmp_path / "throwaway-ca.pem")
    result = play(emulator, [
        task("wrong ca", "ha_info", {"provider": provider(emulator, ca_path=wrong_ca)}, ignore_errors=True),
        task("system trust store", "ha_info", {"provider": provider(emulator, ca_path=None)}, ignore_errors=True),
        # the discovered peer is reached with the provider's TLS settings
        task("verification off", "ha_info", {"provider": provider(emulator, ca_path=wrong_ca, validate_certs=False)}),
    ], expect_rc=0)
    result.assert_no_secrets()
    for name in ("wrong ca", "system trust store"):
        failed = result[name]
        assert failed["_status"] == "failed" and failed["error"] == "tls_verification_failed", failed
        assert "certificate verif" in failed["msg"].lower()
        assert "provider.ca_path" in failed["remedy"]
        assert "gave up" not in failed["msg"]  # not retried
    off = result["verification off"]
    assert off["_status"] == "ok" and off["pair"]["healthy"] is True
    assert any("validate_certs" in warning for warning in off["warnings"]), off.get("warnings")
    # the failed handshakes never reached the API
    assert emulator.control.requests(a)["counts"].get("keygen ") == 1


def test_transient_5xx_is_retried(emulator, play):
    a, b = emu_names(emulator)
    emulator.control.fault(a, "http_error", status=503, count=2)
    result = play(emulator, [task("info", "ha_info")], expect_rc=0)["info"]
    assert result["pair"]["healthy"] is True
    entries = emulator.control.requests(a)["entries"]
    assert [(e["type"], e["http_status"]) for e in entries[:3]] == [("http", 503), ("http", 503), ("keygen", 200)]
    assert emulator.control.device(a)["faults"]["http_error_count"] == 0


def test_persistent_5xx_fails_clearly(emulator, play):
    a, b = emu_names(emulator)
    emulator.control.fault(a, "http_error", status=503, count=50)
    result = play(emulator, [task("info", "ha_info")], expect_rc=2)["info"]
    assert result["error"] == "connection_failed" and result["device"] == module_name(emulator, 0)
    assert "HTTP 503" in result["msg"] and "gave up after 4 attempts" in result["msg"]
    assert result["remedy"]
    assert http_errors(emulator, a) == [503] * 4  # one try and three retries, then stop


def test_invalid_options_rejected_before_any_request(emulator, play):
    clear_requests(emulator)
    result = play(emulator, [
        task("bogus target", "sync_to_remote", {"target": "bogus"}, ignore_errors=True),
        task("zero timeout", "sync_to_remote", {"timeout": 0}, ignore_errors=True),
        task("no setting", "sync_settings", {}, ignore_errors=True),
        task("bogus state", "ha_state", {"state": "sleeping"}, ignore_errors=True),
        task("limit not an int", "job_info", {"limit": "many"}, ignore_errors=True),
        task("port out of range", "ha_info", {"provider": provider(emulator, port=70000)}, ignore_errors=True),
        task("missing ca_path", "ha_info", {"provider": provider(emulator, ca_path="/nonexistent/ca.pem")},
             ignore_errors=True),
        task("no credentials", "ha_info", {"provider": provider(emulator, password=None)}, ignore_errors=True),
    ], expect_rc=0)
    result.assert_no_secrets()
    expected = {
        "bogus target": "target", "zero timeout": "timeout", "no setting": "config_sync",
        "bogus state": "state", "limit not an int": "limit", "port out of range": "provider.port",
        "missing ca_path": "provider.ca_path", "no credentials": "password",
    }
    for name, option in expected.items():
        failed = result[name]
        assert failed["_status"] == "failed", failed
        assert option in failed["msg"], (name, failed["msg"])
    assert request_totals(emulator) == {name: 0 for name in emu_names(emulator)}
