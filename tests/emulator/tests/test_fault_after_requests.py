"""Faults armed with after_requests=N: the device answers N more XML API requests normally, then the fault starts
(the "after k requests to a peer" moment of the fault-injection runner, tests/faultmatrix)."""

import json
import subprocess
import sys

import pytest

from emu_helpers import raw, wait_refused
from panos_emulator.client import ControlError

VERSION = {"type": "version"}


def statuses(emu, n, peer=0):
    return [raw(emu, VERSION, peer=peer).status for _ in range(n)]


def test_http_error_starts_after_n_answered_requests(emu):
    emu.control.fault("pair1-a", "http_error", status=502, count=2, after_requests=3)
    assert emu.control.device("pair1-a")["faults"]["armed_after_requests"] == [{"remaining": 3, "kind": "http_error"}]
    assert statuses(emu, 7) == [403, 403, 403, 502, 502, 403, 403]  # version without a key: 403, a real answer
    assert emu.control.device("pair1-a")["faults"]["armed_after_requests"] == []


def test_the_peer_is_not_counted_and_not_affected(emu):
    emu.control.fault("pair1-a", "http_error", status=500, count=1, after_requests=1)
    assert statuses(emu, 3, peer=1) == [403, 403, 403]
    assert statuses(emu, 3, peer=0) == [403, 500, 403]


def test_zero_starts_now(emu):
    emu.control.fault("pair1-a", "http_error", status=503, count=1, after_requests=0)
    assert statuses(emu, 2) == [503, 403]


def test_hang_after_requests_then_clear_releases(emu):
    emu.control.fault("pair1-a", "hang", seconds=30, after_requests=2)
    assert statuses(emu, 2) == [403, 403]
    with pytest.raises(OSError):  # a timeout: the request is read and never answered
        raw(emu, VERSION, timeout=1)
    emu.control.clear_faults("pair1-a")
    assert raw(emu, VERSION).status == 403


def test_slow_after_requests(emu):
    import time

    emu.control.fault("pair1-a", "slow", seconds=0.6, after_requests=1)
    started = time.monotonic()
    raw(emu, VERSION)
    assert time.monotonic() - started < 0.5
    started = time.monotonic()
    raw(emu, VERSION)
    assert time.monotonic() - started >= 0.55


def test_refuse_after_requests_closes_the_listener(emu):
    emu.control.fault("pair1-a", "refuse", after_requests=1)
    raw(emu, VERSION)  # a new connection per request (raw closes it)
    wait_refused(emu)
    emu.control.clear_faults("pair1-a")
    assert raw(emu, VERSION).status == 403


def test_clear_and_reset_disarm(emu):
    emu.control.fault("pair1-a", "http_error", status=500, after_requests=1)
    emu.control.clear_faults("pair1-a")
    assert statuses(emu, 3) == [403, 403, 403]
    emu.control.fault("pair1-a", "http_error", status=500, after_requests=1)
    emu.control.reset()
    assert statuses(emu, 3) == [403, 403, 403]


@pytest.mark.parametrize("body", [{"after_requests": -1}, {"after_requests": "x"},
                                  {"after_requests": 2, "after_job": "Commit"}, {"after_requests": 1, "kind": "nope"}])
def test_bad_values_are_control_errors(emu, body):
    body = dict({"kind": "http_error"}, **body)
    with pytest.raises(ControlError):
        emu.control.call("POST", "/devices/pair1-a/faults", body)
    assert emu.control.device("pair1-a")["faults"]["armed_after_requests"] == []


def test_ctl_verb_passes_after_requests(emu):
    out = subprocess.run([sys.executable, "-m", "panos_emulator", "ctl", "--url", emu.control.url, "fault", "pair1-a",
                          "http_error", "status=504", "after_requests=2"], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["armed_after_requests"] == [{"remaining": 2, "kind": "http_error"}]
    assert statuses(emu, 3) == [403, 403, 504]
