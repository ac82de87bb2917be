"""make demo: start the PAN-OS HA pair emulator, make the pair drift, run the sync runbook, prove the result.

Exits non-zero when the emulated pair did not end up synchronized.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "emulator"))

from panos_emulator import testing  # noqa: E402

DEMO_DIR = REPO / "build" / "demo"
DRIFT_XPATH = "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']/address"
DRIFT_ELEMENT = "<entry name='demo-web-01'><ip-netmask>198.51.100.10/32</ip-netmask></entry>"


def write_inventory(emu):
    pair = emu.pair(0)
    first = pair["peers"][0]
    inventory = {"all": {"children": {"ha_pairs": {"hosts": {pair["name"]: {
        "ansible_python_interpreter": sys.executable,
        "provider": {"ip_address": first["host"], "port": first["port"], "username": first["username"],
                     "password": first["password"], "ca_path": emu.ca_file},
    }}}}}}
    path = DEMO_DIR / "inventory.yml"
    path.write_text(json.dumps(inventory, indent=2))  # JSON is YAML
    path.chmod(0o600)
    return path


def main():
    DEMO_DIR.mkdir(parents=True, exist_ok=True)
    print("== starting the PAN-OS HA pair emulator (1 active/passive pair)", flush=True)
    emu = testing.start(pairs=1, state_dir=DEMO_DIR / "emulator")
    try:
        active = emu.pair(0)["peers"][0]["name"]
        print("== making the pair drift: an address object committed on %s only" % active, flush=True)
        emu.control.config(active, DRIFT_XPATH, DRIFT_ELEMENT)
        states = {p["name"]: emu.control.device(p["name"])["ha"]["running_sync"] for p in emu.pair(0)["peers"]}
        print("   running-sync before: %s" % states, flush=True)
        inventory = write_inventory(emu)
        print("== ansible-playbook hapair.panos.sync -i %s" % inventory.relative_to(REPO), flush=True)
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(REPO / "build"), ANSIBLE_NOCOLOR="1",
                   ANSIBLE_HOME=str(DEMO_DIR / "ansible-home"))
        rc = subprocess.call([str(Path(sys.executable).parent / "ansible-playbook"), "-i", str(inventory),
                              "hapair.panos.sync"], env=env, cwd=str(DEMO_DIR))
        after = {p["name"]: emu.control.device(p["name"]) for p in emu.pair(0)["peers"]}
        synced = all(d["ha"]["running_sync"] == "synchronized" for d in after.values())
        same = len({d["synced_config_digest"] for d in after.values()}) == 1
        print("== emulator says: running-sync %s, synced config digests %s"
              % ({n: d["ha"]["running_sync"] for n, d in after.items()},
                 "equal" if same else "DIFFERENT"), flush=True)
        if rc != 0 or not (synced and same):
            print("demo FAILED: the pair did not end up synchronized (playbook rc=%d)" % rc, file=sys.stderr)
            return 1
        print("demo OK: the pair is synchronized", flush=True)
        return 0
    finally:
        emu.stop()


if __name__ == "__main__":
    sys.exit(main())
