"""Two firewalls joined by HA links: election, compatibility, config sync and runtime sync.

Everything here runs under the pair lock (shared by both devices).
"""

import copy
import hashlib
import time

from lxml import etree

from . import messages as M
from .commit_validation import master_key_errors, validate
from .exceptions import Blocked, NotEnabled, PeerUnreachable, StateSyncUnavailable, SyncInProgress
from .hasync_rules import non_synced_xpaths

ACTIVE = ("active", "active-primary", "active-secondary")
COMPAT_FIELDS = ("build", "app", "av", "threat", "url", "vpnclient", "gpclient", "vm-license", "iot")
LINKS = ("ha1", "ha1-backup", "ha2")
# HA-level faults of one device (control API /devices/NAME/ha-fault, see set_ha_fault): states a device can be left
# in when `request high-availability state functional` does not bring it back.
STAY_DOWN_STATES = ("suspended", "non-functional")
# request high-availability sync-to-remote <target> (runtime-state: undocumented there, accepted too)
SYNC_TARGETS = ("running-config", "candidate-config", "clock", "ssh-key", "id-manager", "disk-state", "runtime-state")
# sync-to-remote targets that copy one runtime table (runtime.py) to the peer
_RUNTIME_TARGETS = {"ssh-key": "ha_ssh_key", "id-manager": "id_manager", "disk-state": "disk_state"}


class Pair:
    def __init__(self, name, dev_a, dev_b, mode):
        self.name = name
        self.devices = (dev_a, dev_b)
        self.initial_mode = mode
        self.links = {link: True for link in LINKS}
        self.suspended = {d.name: False for d in self.devices}
        # (last-error-state, last-error-reason) of each device: set when it goes suspended and kept after it is
        # functional again, as the samples show (a passive peer reporting last-error-state "suspended")
        self.last_error = {d.name: None for d in self.devices}
        self.state = {d.name: "initial" for d in self.devices}
        # HA-level faults per device (set_ha_fault): no_takeover, stay_down; and whether a device is held
        # non-functional by its stay_down fault
        self.ha_faults = {d.name: {"no_takeover": False, "stay_down": None} for d in self.devices}
        self.held_down = {d.name: False for d in self.devices}
        self.state_since = {d.name: time.monotonic() for d in self.devices}
        self.syncing = None  # the HA-Sync job running on a receiver
        self.last_sync = None  # {"from", "to", "job", "result"}
        for dev, priority, device_id in ((dev_a, 90, 0), (dev_b, 100, 1)):
            dev.pair = self
            dev.set_ha_identity(priority, self.peer(dev).address, mode, device_id)
        self.elect()

    # ------------------------------------------------------------------ settings (read from running config)
    def peer(self, dev):
        return self.devices[1] if dev is self.devices[0] else self.devices[0]

    def mode(self, dev):
        return "active-active" if dev.ha_config("group/mode/active-active") is not None else "active-passive"

    def enabled(self, dev):
        return dev.ha_config("enabled", "no") == "yes"

    def config_sync_enabled(self, dev):
        return dev.ha_config("group/configuration-synchronization/enabled", "yes") == "yes"

    def state_sync_enabled(self, dev):
        return dev.ha_config("group/state-synchronization/enabled", "yes") == "yes"

    def priority(self, dev):
        try:
            return int(dev.ha_config("group/election-option/device-priority", "100"))
        except ValueError:
            return 100

    def preemptive(self, dev):
        return dev.ha_config("group/election-option/preemptive", "no") == "yes"

    def conditions(self, dev):
        aa = "group/mode/active-active/"
        return {
            "vr_sync": dev.ha_config(aa + "network-configuration/sync/virtual-router", "no") == "yes",
            "qos_sync": dev.ha_config(aa + "network-configuration/sync/qos", "no") == "yes",
            "floating_ip": bool(dev.store.running_root().xpath(
                "/config/devices/entry/deviceconfig/high-availability/group/mode/active-active/"
                "virtual-address//floating")),
        }

    def ha1_up(self):
        return self.links["ha1"] or self.links["ha1-backup"]

    def functional(self, dev):
        return (self.enabled(dev) and not self.suspended[dev.name] and dev.system.chassis_ready
                and not self.held_down[dev.name])

    # ------------------------------------------------------------------ election
    def elect(self):
        new = {}
        for dev in self.devices:
            if not self.enabled(dev):
                new[dev.name] = "initial"
            elif self.suspended[dev.name]:
                new[dev.name] = "suspended"
            elif not dev.system.chassis_ready or self.held_down[dev.name]:
                new[dev.name] = "non-functional"
        func = [d for d in self.devices if d.name not in new]
        aa = self.mode(self.devices[0]) == "active-active"
        top, second = ("active-primary", "active-secondary") if aa else ("active", "passive")
        # A device with the no_takeover fault never becomes active (active-primary): it keeps the role it has.
        takers = [d for d in func if not self.ha_faults[d.name]["no_takeover"] or self.state[d.name] == top]
        if not self.ha1_up():
            for dev in func:  # no heartbeat: each peer believes the other is gone (split brain)
                new[dev.name] = top if dev in takers else second
        elif len(func) == 1:
            new[func[0].name] = top if takers else second
        elif len(func) == 2:
            winner = min(takers or func, key=lambda d: (self.priority(d), d.serial))
            current = [d for d in func if self.state[d.name] == top]
            preempt = all(self.preemptive(d) for d in func)
            if len(current) == 1 and not (preempt and current[0] is not winner):
                winner = current[0]
            for dev in func:
                new[dev.name] = top if dev is winner else second
        for name, state in new.items():
            if self.state.get(name) != state:
                self.state_since[name] = time.monotonic()
        self.state = new

    def refresh(self):
        self.elect()

    def set_link(self, link, up):
        if link not in LINKS:
            raise ValueError("unknown link %r (known: %s)" % (link, ", ".join(LINKS)))
        self.links[link] = bool(up)
        self.elect()

    def suspend(self, dev):
        if not self.enabled(dev):
            raise NotEnabled()
        self.suspended[dev.name] = True
        self.last_error[dev.name] = M.HA_LAST_ERROR_SUSPENDED
        self.elect()

    def make_functional(self, dev):
        """request high-availability state functional. With the stay_down fault the device answers as usual but
        does not return to the election: it stays suspended, or goes non-functional (ASSUMED behaviour of a device
        whose dataplane does not come back, ASSUMPTIONS.md)."""
        if not self.enabled(dev):
            raise NotEnabled()
        stay_down = self.ha_faults[dev.name]["stay_down"]
        if stay_down == "non-functional" and self.suspended[dev.name]:
            self.held_down[dev.name] = True
            self.last_error[dev.name] = M.HA_LAST_ERROR_NOT_FUNCTIONAL
        if stay_down != "suspended":
            self.suspended[dev.name] = False
        self.elect()

    def set_ha_fault(self, dev, no_takeover=None, stay_down=False):
        """HA-level faults of one device (the control API's /devices/NAME/ha-fault):

        no_takeover (bool): the device does not become active (active-primary) when its peer leaves the election
        (suspended, non-functional): it stays passive (active-secondary), so the pair has no active peer.
        stay_down ("suspended" | "non-functional" | None): a later `request high-availability state functional` on
        the device answers success but the device stays suspended, or goes non-functional, instead of returning.
        None (or clearing the fault) lets a device held non-functional by it return to the election.
        Arguments left out keep their value. Returns the device's HA faults."""
        faults = self.ha_faults[dev.name]
        if no_takeover is not None:
            if not isinstance(no_takeover, bool):
                raise ValueError("no_takeover must be true or false, not %r" % (no_takeover,))
            faults["no_takeover"] = no_takeover
        if stay_down is not False:
            if stay_down not in STAY_DOWN_STATES + (None,):
                raise ValueError("stay_down must be one of %s or null, not %r" % (", ".join(STAY_DOWN_STATES), stay_down))
            faults["stay_down"] = stay_down
            if stay_down != "non-functional":
                self.held_down[dev.name] = False
        self.elect()
        return dict(faults)

    # ------------------------------------------------------------------ synced part of the config
    def strip(self, root, dev):
        for xp in non_synced_xpaths(self.mode(dev), self.conditions(dev)):
            for node in root.xpath(xp):
                node.getparent().remove(node)
        return root

    def synced_part(self, dev, tree="running"):
        src = dev.store.running_root() if tree == "running" else dev.store.candidate_root()
        return self.strip(copy.deepcopy(src), dev)

    def synced_digest(self, dev):
        return hashlib.sha256(etree.tostring(self.synced_part(dev), method="c14n")).hexdigest()[:16]

    def merge(self, incoming, dst):
        """The synced part from the peer plus dst's own non-synced settings."""
        merged = copy.deepcopy(incoming)
        own = dst.store.running_root()
        for xp in non_synced_xpaths(self.mode(dst), self.conditions(dst)):
            for node in own.xpath(xp):
                _insert_at_same_place(merged, node)
        return merged

    def is_synchronized(self):
        a, b = self.devices
        return self.synced_digest(a) == self.synced_digest(b)

    def running_sync(self, dev):
        if not self.ha1_up():
            return "unknown"
        if self.syncing is not None:
            return "synchronization in progress"
        return "synchronized" if self.is_synchronized() else "not synchronized"

    # ------------------------------------------------------------------ why sync would not happen
    def blockers(self, src):
        """The code (messages.BLOCKERS) of every documented reason config sync would not happen (seed 000)."""
        dst = self.peer(src)
        s, d = src.system, dst.system
        checks = [
            ("ha_disabled", not (self.enabled(src) and self.enabled(dst))),
            ("ha1_down", not self.ha1_up()),
            ("config_sync_disabled", not (self.config_sync_enabled(src) and self.config_sync_enabled(dst))),
            ("version_incompatible", s.major_minor() != d.major_minor()),
            ("multi_vsys_mismatch", s.multi_vsys != d.multi_vsys),
            ("gtp_mismatch", s.gtp != d.gtp),
            ("sctp_mismatch", s.sctp != d.sctp),
            ("vpn_mismatch", s.vpn != d.vpn),
            ("features_mismatch", sorted(s.features) != sorted(d.features)),
            ("dataplane_not_ready", not (s.chassis_ready and d.chassis_ready)),
            ("url_db_incompatible", s.url_db != d.url_db),
            ("license_mismatch", sorted(x[0] for x in s.licenses) != sorted(x[0] for x in d.licenses)),
            # "a plugin mismatch might (not always) prevent ..." — emulated: a plugin missing on one peer blocks,
            # a version difference alone does not.
            ("plugin_mismatch", {p["name"] for p in s.plugins} != {p["name"] for p in d.plugins}),
        ]
        return [code for code, failed in checks if failed]

    def compat(self, dev):
        """The *-compat fields of show high-availability state: field -> Match | Mismatch | Unknown."""
        peer = self.peer(dev)
        s, p = dev.system, peer.system
        if not self.ha1_up():
            return {k: "Unknown" for k in COMPAT_FIELDS}

        def cmp(x, y):
            return "Match" if x == y else "Mismatch"

        return {
            "build": cmp(s.major_minor(), p.major_minor()),
            "app": cmp(s.app_version, p.app_version),
            "av": cmp(s.av_version, p.av_version),
            "threat": cmp(s.threat_version, p.threat_version),
            "url": cmp(s.url_version, p.url_version),
            "vpnclient": cmp(s.vpnclient_version, p.vpnclient_version),
            "gpclient": cmp(s.gp_client_version, p.gp_client_version),
            "vm-license": cmp(sorted(s.licenses), sorted(p.licenses)),
            "iot": cmp(s.iot_version, p.iot_version),
        }

    def plugin_compat(self, dev):
        """{plugin name: value} for the plugin leaves of show high-availability (10.x): Match when both peers have
        the same version, Mismatch when the versions differ or only one peer has it (the sample values are Match;
        Mismatch is the vocabulary of every other compat field: ASSUMED), Unknown while HA1 is down. A plugin entry's
        "ha_compat" (control API) overrides the value, e.g. "Compat Match", a REAL value (Panorama 10.1.5 sample)."""
        mine = {p["name"]: p for p in dev.system.plugins}
        theirs = {p["name"]: p for p in self.peer(dev).system.plugins}
        out = {}
        for name in sorted(set(mine) | set(theirs) if self.ha1_up() else mine):  # the peer's list needs HA1
            if not self.ha1_up():
                out[name] = "Unknown"
            elif name in mine and mine[name].get("ha_compat"):
                out[name] = mine[name]["ha_compat"]
            elif name in mine and name in theirs and mine[name].get("version") == theirs[name].get("version"):
                out[name] = "Match"
            else:
                out[name] = "Mismatch"
        return out

    # ------------------------------------------------------------------ config sync
    def before_commit(self, dev):
        """Remember whether the pair was synchronized before a commit: auto-sync only keeps a synchronized
        pair synchronized ("configurations on HA peers are not already synchronized" blocks it)."""
        return self.is_synchronized()

    def after_commit(self, dev, user, was_synchronized):
        if self.blockers(dev) or not was_synchronized or self.syncing is not None:
            return None
        return self.push(dev, user, "running")

    def push(self, src, user, tree):
        dst = self.peer(src)
        incoming = self.synced_part(src, tree)

        def finish(job):
            self.syncing = None
            result = self._apply_sync(src, dst, incoming, tree, user)
            self.last_sync = {"from": src.name, "to": dst.name, "job": job.id, "result": result[0]}
            self.elect()
            return result

        # The receiver runs the job, so its durations apply (the control API can change them per device).
        job = dst.jobs.submit("HA-Sync", user, dst.timings.ha_sync, finish)
        self.syncing = job
        return job

    def _apply_sync(self, src, dst, incoming, tree, user):
        failed = dst.fail_next.pop("HA-Sync", None)
        if failed is not None:
            return "FAIL", failed, []
        if not self.ha1_up():
            return "FAIL", [M.HA_PEER_UNREACHABLE, M.COMMIT_FAILED], []
        errors = master_key_errors(incoming, dst.mkey.key)
        if errors:
            return "FAIL", errors + [M.COMMIT_FAILED], []
        merged = self.merge(incoming, dst)
        errors = validate(merged)
        if errors:
            return "FAIL", errors + [M.COMMIT_FAILED], []
        if tree == "running":
            dst.store.replace_running(merged)  # overwrites the peer's candidate and commits it, as PAN-OS does
        else:
            dst.store.replace_candidate(merged, user)
        return "OK", [M.HA_SYNC_OK], []

    def sync_to_remote(self, src, target, user):
        """request high-availability sync-to-remote <target> (one of SYNC_TARGETS) on src. A config target queues an
        HA-Sync job on the peer (returned); the others copy at once (None)."""
        dst = self.peer(src)
        if not (self.enabled(src) and self.enabled(dst)):
            raise NotEnabled()
        if not self.ha1_up():
            raise Blocked(["ha1_down"])
        if target in ("running-config", "candidate-config"):
            if self.syncing is not None:
                raise SyncInProgress()
            blockers = [code for code in self.blockers(src) if code != "ha1_down"]
            if blockers:
                raise Blocked(blockers)
            return self.push(src, user, "running" if target == "running-config" else "candidate")
        if target == "clock":
            dst.clock_offset = src.clock_offset
        elif target in _RUNTIME_TARGETS:
            dst.runtime.copy_from(src.runtime, _RUNTIME_TARGETS[target])
        elif target == "runtime-state":
            self.sync_runtime_state(src)
        else:
            raise ValueError("unknown sync-to-remote target %r" % (target,))
        return None

    # ------------------------------------------------------------------ runtime (HA1/HA2) sync
    def sessions_sync_up(self):
        return self.links["ha2"] and all(self.state_sync_enabled(d) for d in self.devices)

    def sync_runtime_state(self, src):
        dst = self.peer(src)
        if not self.ha1_up():
            raise PeerUnreachable()
        dst.runtime.copy_from(src.runtime, "user_ip")  # HA1
        if not self.sessions_sync_up():
            raise StateSyncUnavailable()
        dst.runtime.copy_from(src.runtime, "sessions")  # HA2

    def add_user_mapping(self, dev, ip, user):
        """A User-ID mapping on dev, copied to the peer over HA1; returns dev's mappings."""
        mappings = dev.runtime.put_user(ip, user)
        if self.ha1_up() and self.enabled(self.peer(dev)):
            self.peer(dev).runtime.put_user(ip, user)
        return mappings

    def add_session(self, dev, session):
        """A session on dev, copied to the peer over HA2 when state sync runs; returns its id."""
        sid = dev.runtime.add_session(session)
        if self.sessions_sync_up():
            self.peer(dev).runtime.add_session(dict(session), sid)
        return sid

    # ------------------------------------------------------------------ introspection
    def describe(self, dev):
        peer = self.peer(dev)
        return {
            "pair": self.name,
            "enabled": self.enabled(dev),
            "mode": self.mode(dev),
            "state": self.state[dev.name],
            "peer_state": self.state[peer.name] if self.ha1_up() else "unknown",
            "priority": self.priority(dev),
            "preemptive": self.preemptive(dev),
            "config_sync_enabled": self.config_sync_enabled(dev),
            "state_sync_enabled": self.state_sync_enabled(dev),
            "running_sync": self.running_sync(dev),
            "links": dict(self.links),
            "suspended": self.suspended[dev.name],
            "blockers": self.blockers(dev),
            "last_sync": self.last_sync,
            "ha_faults": dict(self.ha_faults[dev.name]),
        }


def _insert_at_same_place(root, node):
    """Copy ``node`` (from another tree) into ``root`` at the same path, creating parents by tag/name."""
    chain = []
    parent = node.getparent()
    while parent is not None and parent.getparent() is not None:
        chain.append(parent)
        parent = parent.getparent()
    here = root
    for anc in reversed(chain):
        match = [c for c in here if c.tag == anc.tag and c.get("name") == anc.get("name")]
        if match:
            here = match[0]
        else:
            here = etree.SubElement(here, anc.tag, **({"name": anc.get("name")} if anc.get("name") else {}))
    for existing in [c for c in here if c.tag == node.tag and c.get("name") == node.get("name")]:
        here.remove(existing)
    here.append(copy.deepcopy(node))
