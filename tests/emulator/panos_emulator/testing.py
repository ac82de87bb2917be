"""Start an emulator as a subprocess for tests, benchmarks and the demo.

    with running_emulator(pairs=1, mode="active-passive") as emu:          # schema="9.1" for the older schema
        emu.pair(0)["peers"][0]["host"], emu.ca_file, emu.control.device("pair1-a")
"""

import contextlib
import http.client
import json
import os
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .client import Control


class Emulator:
    def __init__(self, process, state_dir):
        self.process = process
        self.state_dir = Path(state_dir)
        self.endpoints = json.loads((self.state_dir / "endpoints.json").read_text())
        self.control = Control(self.endpoints["control_url"])
        self.ca_file = self.endpoints["ca_file"]
        self.port = self.endpoints["port"]
        self.schema = self.endpoints.get("schema")

    def pair(self, index=0):
        return self.endpoints["pairs"][index]

    def peer(self, pair_index=0, peer_index=0):
        return self.endpoints["pairs"][pair_index]["peers"][peer_index]

    def provider(self, pair_index=0, peer_index=0, **extra):
        """A hapair.panos provider dict for one emulated peer."""
        peer = self.peer(pair_index, peer_index)
        provider = {"ip_address": peer["host"], "port": peer["port"], "username": peer["username"],
                    "password": peer["password"], "ca_path": self.ca_file}
        provider.update(extra)
        return provider

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(pairs=1, mode="active-passive", profile="fast", state_dir=None, timeout=30, python=None, schema=None,
          password=None):
    """``schema``: "10.2" (the default) or "9.1", see schema.py; ``password``: every device's admin password (default:
    one generated per device)."""
    state_dir = Path(state_dir or tempfile.mkdtemp(prefix="panos-emu-"))
    state_dir.mkdir(parents=True, exist_ok=True)
    endpoints = state_dir / "endpoints.json"
    if endpoints.exists():
        endpoints.unlink()
    env = dict(os.environ)
    pkg_root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = pkg_root + os.pathsep + env.get("PYTHONPATH", "")
    log = open(state_dir / "emulator.log", "wb")
    process = subprocess.Popen(
        [python or sys.executable, "-m", "panos_emulator", "serve", "--pairs", str(pairs), "--mode", mode,
         "--profile", profile, "--state-dir", str(state_dir)] + (["--schema", schema] if schema else [])
        + (["--password", password] if password else []),
        stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + timeout
    while not endpoints.exists():
        if process.poll() is not None:
            raise RuntimeError("emulator exited with %s: %s" % (process.returncode,
                                                                (state_dir / "emulator.log").read_text()))
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("emulator not ready after %ss" % timeout)
        time.sleep(0.05)
    emu = Emulator(process, state_dir)
    try:
        wait_until_answering(emu, deadline)
    except RuntimeError:
        emu.stop()
        raise
    return emu


def wait_until_answering(emu, deadline):
    """Return once every device address accepts a TLS connection and answers HTTP (``GET /``, which the server
    answers 404 without touching a device model, so the request log stays empty). endpoints.json alone only says
    the listeners were created; a busy machine may not have them accepting yet."""
    context = ssl.create_default_context(cafile=emu.ca_file)
    waiting = [peer for pair in emu.endpoints["pairs"] for peer in pair["peers"]]
    while waiting:
        peer = waiting[0]
        try:
            conn = http.client.HTTPSConnection(peer["host"], peer["port"], context=context, timeout=2)
            try:
                conn.request("GET", "/")
                answer = conn.getresponse()
                answer.read()
            finally:
                conn.close()
            if answer.status in (200, 400, 403, 404):
                waiting.pop(0)
                continue
        except OSError:
            pass
        if emu.process.poll() is not None:
            raise RuntimeError("emulator exited with %s: %s" % (emu.process.returncode,
                                                                (emu.state_dir / "emulator.log").read_text()))
        if time.monotonic() > deadline:
            raise RuntimeError("emulator device %s:%s did not answer in time; log:\n%s" % (
                peer["host"], peer["port"], (emu.state_dir / "emulator.log").read_text()[-4000:]))
        time.sleep(0.05)


@contextlib.contextmanager
def running_emulator(**kw):
    emu = start(**kw)
    try:
        yield emu
    finally:
        emu.stop()
