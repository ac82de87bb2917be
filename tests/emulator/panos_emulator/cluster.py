"""The set of emulated pairs in one process: construction, addressing, endpoints.json, reset."""

import ipaddress
import json
import os
import secrets
import threading
from pathlib import Path

from .device import Firewall
from .pair import Pair
from . import schema as schemas
from .scheduler import Scheduler
from .timings import PROFILES

BASE_ADDRESS = "127.0.1.1"


def device_addresses(count, base=BASE_ADDRESS):
    start = int(ipaddress.ip_address(base))
    out = []
    n = start
    while len(out) < count:
        addr = ipaddress.ip_address(n)
        if str(addr).split(".")[-1] not in ("0", "255"):
            out.append(str(addr))
        n += 1
    return out


class Cluster:
    def __init__(self, pairs=1, mode="active-passive", profile="fast", username="admin", password=None,
                 base_address=BASE_ADDRESS, schema=schemas.DEFAULT):
        if mode not in ("active-passive", "active-active"):
            raise ValueError("mode must be active-passive or active-active")
        if profile not in PROFILES:
            raise ValueError("profile must be one of %s" % ", ".join(PROFILES))
        self.mode = mode
        self.schema = schemas.get(schema)
        self.profile = profile
        self.timings = PROFILES[profile]
        self.username = username
        self.password = password or "Em-" + secrets.token_urlsafe(9)
        self.scheduler = Scheduler()
        self.addresses = device_addresses(2 * pairs, base_address)
        self.port = None
        self.pairs = {}
        self.devices = {}
        self.by_address = {}
        self._lock = threading.Lock()
        for index in range(pairs):
            self._build_pair(index, mode)

    def _build_pair(self, index, mode):
        name = "pair%d" % (index + 1)
        lock = threading.RLock()
        devs = []
        for n, suffix in enumerate(("a", "b")):
            address = self.addresses[2 * index + n]
            devs.append(Firewall(
                name="%s-%s" % (name, suffix), address=address, port=self.port, serial="0079%08d" % (2 * index + n + 1),
                hostname="%s-fw-%s" % (name, suffix), username=self.username, password=self.password,
                lock=lock, scheduler=self.scheduler, timings=self.timings, schema=self.schema))
        pair = Pair(name, devs[0], devs[1], mode)
        self.pairs[name] = pair
        for dev in devs:
            self.devices[dev.name] = dev
            self.by_address[dev.address] = dev
        return pair

    def set_port(self, port):
        self.port = port
        for dev in self.devices.values():
            dev.port = port

    def device(self, name):
        if name in self.devices:
            return self.devices[name]
        raise KeyError("unknown device %r (known: %s)" % (name, ", ".join(sorted(self.devices)[:6]) + ", ..."))

    def pair(self, name):
        if name in self.pairs:
            return self.pairs[name]
        raise KeyError("unknown pair %r" % name)

    def reset(self, pair_name=None, mode=None):
        """Rebuild pairs to their start state (same names, addresses, credentials)."""
        names = [pair_name] if pair_name else list(self.pairs)
        for name in names:
            old = self.pair(name)
            for dev in old.devices:
                dev.faults.clear()
            index = int(name[len("pair"):]) - 1
            self._build_pair(index, mode or self.mode)
            for dev in self.pairs[name].devices:
                dev.port = self.port

    def endpoints(self, ca_file, control_url):
        return {
            "ca_file": ca_file,
            "control_url": control_url,
            "port": self.port,
            "profile": self.profile,
            "schema": self.schema.name,
            "pairs": [{
                "name": pair.name,
                "mode": pair.mode(pair.devices[0]),
                "peers": [{"name": d.name, "host": d.address, "port": self.port, "username": self.username,
                           "password": self.password, "serial": d.serial, "hostname": d.hostname}
                          for d in pair.devices],
            } for pair in self.pairs.values()],
        }


def write_endpoints(state_dir, data):
    """Written atomically, last: its presence means the emulator is ready."""
    path = Path(state_dir) / "endpoints.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    os.chmod(tmp, 0o600)
    tmp.replace(path)
    return path
