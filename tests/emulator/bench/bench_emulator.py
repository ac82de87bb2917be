#!/usr/bin/env python3
"""Benchmark of the PAN-OS emulator (a script, not a test: numbers depend on the machine).

Measures, against one emulator process started for the purpose:
  * requests/s of ``show system info`` (type=op) and of a config get (type=config action=get), with 1 and with 16
    concurrent clients. Clients are threads in this process; each keeps ONE keep-alive HTTPS connection
    (``http.client.HTTPSConnection`` verifying TLS against the emulator CA) and POSTs form bodies, as pan.xapi
    does. ``--client xapi`` uses pan.xapi instead (a new TLS connection per request, as pan.xapi does);
  * the start-up time of 100 pairs: from process start until endpoints.json appears.

The request counts are cross-checked with the emulator's own request log (control API).

    .venv/bin/python tests/emulator/bench/bench_emulator.py [--seconds 3] [--client http|xapi|both] [--pairs 100]
"""

import argparse
import http.client
import os
import ssl
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from panos_emulator import testing  # noqa: E402

DEV = "/config/devices/entry[@name='localhost.localdomain']"
WORKLOADS = {
    "op show system info": {"type": "op", "cmd": "<show><system><info></info></system></show>"},
    "config get address": {"type": "config", "action": "get",
                           "xpath": DEV + "/vsys/entry[@name='vsys1']/address/entry[@name='bench']"},
}


def keygen(emu, peer):
    ctx = ssl.create_default_context(cafile=emu.ca_file)
    conn = http.client.HTTPSConnection(peer["host"], peer["port"], context=ctx, timeout=30)
    conn.request("POST", "/api/", urllib.parse.urlencode({"type": "keygen", "user": peer["username"],
                                                          "password": peer["password"]}),
                 {"Content-Type": "application/x-www-form-urlencoded"})
    body = conn.getresponse().read().decode()
    conn.close()
    return body.split("<key>")[1].split("</key>")[0]


def http_worker(emu, peer, body, stop, counts, errors):
    ctx = ssl.create_default_context(cafile=emu.ca_file)
    conn = http.client.HTTPSConnection(peer["host"], peer["port"], context=ctx, timeout=30)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    n = 0
    while not stop.is_set():
        conn.request("POST", "/api/", body, headers)
        resp = conn.getresponse()
        data = resp.read()
        if resp.status != 200 or b'status="success"' not in data:
            errors.append((resp.status, data[:200]))
        n += 1
    conn.close()
    counts.append(n)


def xapi_worker(emu, peer, params, stop, counts, errors):
    import pan.xapi

    x = pan.xapi.PanXapi(hostname=peer["host"], port=peer["port"], api_key=emu.bench_key,
                         ssl_context=ssl.create_default_context(cafile=emu.ca_file), timeout=30)
    n = 0
    while not stop.is_set():
        try:
            if params["type"] == "op":
                x.op(cmd=params["cmd"])
            else:
                x.get(params["xpath"])
        except pan.xapi.PanXapiError as exc:
            errors.append(str(exc))
        n += 1
    counts.append(n)


def measure(emu, peer, name, params, clients, seconds, kind):
    body = urllib.parse.urlencode(params) + "&key=" + emu.bench_key
    stop, counts, errors = threading.Event(), [], []
    target = http_worker if kind == "http" else xapi_worker
    arg = body if kind == "http" else params
    threads = [threading.Thread(target=target, args=(emu, peer, arg, stop, counts, errors)) for _ in range(clients)]
    emu.control.clear_requests(peer["name"])
    started = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    total = sum(counts)
    logged = emu.control.requests(peer["name"])["total"]
    print("  %-22s %-5s %2d client(s): %8.0f req/s  (%d requests in %.1fs, emulator logged %d, errors %d)"
          % (name, kind, clients, total / elapsed, total, elapsed, logged, len(errors)), flush=True)
    if errors:
        print("    first error: %r" % (errors[0],))


def startup(pairs, python=None):
    with tempfile.TemporaryDirectory(prefix="panos-bench-") as state_dir:
        started = time.monotonic()
        emu = testing.start(pairs=pairs, profile="fast", state_dir=state_dir, timeout=120, python=python)
        ready = time.monotonic() - started
        try:
            pairs_seen = len(emu.control.pairs())
            last = emu.peer(pairs - 1, 1)
            ctx = ssl.create_default_context(cafile=emu.ca_file)
            conn = http.client.HTTPSConnection(last["host"], last["port"], context=ctx, timeout=30)
            conn.request("GET", "/api/?type=version&key=" + keygen(emu, last))
            ok = b'status="success"' in conn.getresponse().read()
            conn.close()
        finally:
            emu.stop()
    print("  start-up of %d pairs: %.2fs until endpoints.json appeared (%d pairs listed, last device answers: %s)"
          % (pairs, ready, pairs_seen, ok), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of each measurement")
    parser.add_argument("--client", choices=("http", "xapi", "both"), default="both")
    parser.add_argument("--pairs", type=int, default=100, help="pairs for the start-up measurement")
    args = parser.parse_args()

    print("panos-emulator benchmark: python %s, %d CPU(s)" % (sys.version.split()[0], os.cpu_count() or 0))
    with tempfile.TemporaryDirectory(prefix="panos-bench-") as state_dir:
        emu = testing.start(pairs=1, profile="fast", state_dir=state_dir)
        try:
            peer = emu.peer(0, 0)
            emu.bench_key = keygen(emu, peer)
            emu.control.config(peer["name"], DEV + "/vsys/entry[@name='vsys1']/address",
                               "<entry name='bench'><ip-netmask>192.0.2.1</ip-netmask></entry>")
            kinds = ("http", "xapi") if args.client == "both" else (args.client,)
            print("throughput (http = one keep-alive HTTPS connection per client; xapi = pan.xapi, a new "
                  "connection per request):")
            for kind in kinds:
                for name, params in WORKLOADS.items():
                    for clients in (1, 16):
                        measure(emu, peer, name, params, clients, args.seconds, kind)
        finally:
            emu.stop()
    startup(args.pairs)


if __name__ == "__main__":
    main()
