"""One firewall: authentication, config (via ConfigStore), locks, commits, jobs, clock, master key, runtime.

No HTTP here: methods take parsed parameters and return data or raise a domain error (exceptions.py). HA
behaviour that needs both peers lives in pair.py; a device calls ``self.pair`` for it. The control API changes a
device only through the methods under "test control".
"""

import base64
import copy
import hashlib
import secrets
from dataclasses import asdict, replace
from datetime import datetime, timedelta

from lxml import etree

from . import masterkey, messages as M
from .commit_validation import validate
from .configstore import ConfigStore
from .default_config import DEV, HA, default_config_bytes
from .exceptions import CommitLocked, ConfigLocked, InvalidCredential, LockPendingChanges, MasterKeyRejected
from .faults import Faults
from .jobs import JobTable
from .locks import LockTable
from .requestlog import RequestLog
from .runtime import Runtime
from .sysinfo import UPTIME, SystemInfo

SETUP_ADMIN = "emulator"  # the admin the control API's config route writes and commits as


class Firewall:
    def __init__(self, name, address, port, serial, hostname, username, password, lock, scheduler, timings, schema):
        self.name = name
        self.address = address
        self.port = port
        self.serial = serial
        self.lock = lock  # shared with the peer: pair operations touch both devices
        self.timings = timings
        self.schema = schema  # the PAN-OS release's spellings (schema.py)
        self.pair = None  # set by Pair
        self.admins = {username: password}
        self.key_epoch = 0  # bumped to invalidate every API key (fault injection)
        self.system = SystemInfo(schema)
        self.mkey = masterkey.MasterKey()
        self.clock_offset = timedelta(0)
        self.jobs = JobTable(scheduler, self.now, lock)
        self.jobs.boot_history(UPTIME)  # AutoCom is job 1: a client's first job is not
        self.store = ConfigStore(default_config_bytes())
        self.config_locks = LockTable("config", self.now)
        self.commit_locks = LockTable("commit", self.now)
        self.runtime = Runtime(name)
        self.faults = Faults()
        self.jobs.on_any_finish = self.faults.job_finished
        self.log = RequestLog()
        self.fail_next = {}  # job type -> detail lines for the next job of that type
        self.hostname = hostname
        self._personalise(hostname)

    # ------------------------------------------------------------------ setup
    def _personalise(self, hostname):
        """Per-device values in the default config (non-synced settings differ between peers)."""
        root = copy.deepcopy(self.store.running_root())
        # <config version="10.2.0" urldb=".." detail-version="10.2.9">: REAL shape of 10.x/11.x exports and
        # "show config running"; 9.1 configs have no detail-version
        root.set("version", self.schema.config_version(self.system.sw_version))
        if self.schema.config_detail_version:
            root.set("detail-version", self.system.sw_version)
        system = root.xpath(DEV + "/deviceconfig/system")[0]
        _set_leaf(system, "hostname", hostname)
        _set_leaf(system, "ip-address", self.address)
        _set_leaf(system, "netmask", "255.0.0.0")
        _set_leaf(system, "default-gateway", "127.0.0.1")
        # A synced secret, so that master keys matter for sync (see masterkey.py).
        shared = root.xpath("/config/shared")[0]
        ldap = _path(shared, ["server-profile", "ldap", ("entry", "corp-ldap")])
        _set_leaf(ldap, "base", "dc=example,dc=com")
        _set_leaf(ldap, "bind-dn", "cn=fw,dc=example,dc=com")
        _set_leaf(ldap, "bind-password", masterkey.encrypt("ldap-bind-secret", self.mkey.key))
        self.store.replace_running(root)

    def set_ha_identity(self, priority, peer_ip, mode, device_id):
        root = copy.deepcopy(self.store.running_root())
        group = _path(root.xpath(HA)[0], ["group"])
        _set_leaf(_path(group, ["election-option"]), "device-priority", str(priority))
        _set_leaf(group, "peer-ip", peer_ip)
        # Each end of the point-to-point HA1-backup and HA2 links has its own address: .1 on the first peer
        # (device_id 0), .2 on the second, and each peer's peer-ip-backup is the other end of HA1-backup.
        own, other = (1, 2) if int(device_id) == 0 else (2, 1)
        interface = _path(root.xpath(HA)[0], ["interface"])
        _set_leaf(_path(interface, ["ha1-backup"]), "ip-address", "10.255.1.%d" % own)
        _set_leaf(_path(interface, ["ha2"]), "ip-address", "10.255.2.%d" % own)
        _set_leaf(_path(interface, ["ha2"]), "gateway", "10.255.2.%d" % other)  # transport ip (ha2-gateway)
        _set_leaf(group, "peer-ip-backup", "10.255.1.%d" % other)
        mode_el = _path(group, ["mode"])
        for child in list(mode_el):
            mode_el.remove(child)
        if mode == "active-active":
            aa = etree.SubElement(mode_el, "active-active")
            etree.SubElement(aa, "device-id").text = str(device_id)
        else:
            ap = etree.SubElement(mode_el, "active-passive")
            etree.SubElement(ap, "passive-link-state").text = "shutdown"  # the PAN-OS default, as in the samples
        self.store.replace_running(root)

    # ------------------------------------------------------------------ clock
    def now(self):
        return datetime.now() + self.clock_offset

    def set_clock(self, when):
        self.clock_offset = when - datetime.now()

    # ------------------------------------------------------------------ authentication
    def _key_for(self, user, password):
        # Deterministic, as on PAN-OS: the same credentials give the same key, and a key stops working when
        # the password or the master key changes (reference/panos-xml/client_expectations.md, "API key format").
        inner = hashlib.sha256(("%s|%s|%s|%s|%d" % (self.serial, user, password, self.mkey.key,
                                                    self.key_epoch)).encode()).digest()
        text = masterkey.ENC_PREFIX + base64.b64encode(inner[:16]).decode() + "=" + base64.b64encode(inner[16:]).decode()
        return base64.b64encode(text.encode()).decode()

    def keygen(self, user, password):
        if user not in self.admins or self.admins[user] != password:
            raise InvalidCredential()
        return self._key_for(user, password)

    def authenticate_key(self, key):
        for user, password in self.admins.items():
            if key == self._key_for(user, password):
                return user
        raise InvalidCredential()

    def authenticate_password(self, user, password):
        self.keygen(user, password)
        return user

    # ------------------------------------------------------------------ config API
    def _check_config_lock(self, admin):
        holders = self.config_locks.others(admin)
        if holders:
            raise ConfigLocked(holders[0])

    def config_write(self, action, admin, xpath, **kw):
        self._check_config_lock(admin)
        self.config_locks.touch(admin)
        if action == "set":
            self.store.set(xpath, kw["element"], admin)
        elif action == "edit":
            self.store.edit(xpath, kw["element"], admin)
        elif action == "delete":
            self.store.delete(xpath, admin)
        elif action == "rename":
            self.store.rename(xpath, kw["newname"], admin)
        elif action == "move":
            self.store.move(xpath, kw["where"], kw.get("dst"), admin)
        else:
            raise ValueError(action)

    # ------------------------------------------------------------------ commit
    def commit(self, admin, partial_admins=None, description="", force=False, exclude=()):
        """Start a commit job; None when there is nothing to commit. ``partial_admins``: only their changes;
        ``exclude``: commit locations left out (commitscope.py), their changes stay pending."""
        if self.commit_locks.others(admin):
            raise CommitLocked()
        self.commit_locks.touch(admin)
        scope = list(partial_admins) if partial_admins else None
        exclude = frozenset(exclude)
        pending = bool(self.store.in_scope(scope, exclude))
        if not pending and not force:
            return None
        return self.jobs.submit("Commit", admin, self.timings.commit,
                                lambda job: self._finish_commit(job, scope, exclude), description)

    def _finish_commit(self, job, scope, exclude):
        failed = self.fail_next.pop("Commit", None)
        if failed is not None:
            return "FAIL", failed, []
        partial = scope is not None or bool(exclude)
        errors = validate(self._partial_preview(scope, exclude) if partial else self.store.candidate_root())
        if errors:
            return "FAIL", errors + [M.COMMIT_FAILED], []
        was_synchronized = self.pair.before_commit(self) if self.pair else False
        self.store.commit(scope, exclude)
        if self.pair:
            self.pair.after_commit(self, job.user, was_synchronized)
            self.pair.refresh()  # HA settings (priority, preempt, mode) may have changed
        return "OK", [M.COMMIT_OK], []

    def _partial_preview(self, admins, exclude):
        probe = ConfigStore.__new__(ConfigStore)
        probe.__dict__ = copy.deepcopy(self.store.__dict__)
        probe.commit(admins, exclude)
        return probe.running_root()

    # ------------------------------------------------------------------ locks
    def locks(self, kind):
        return self.config_locks if kind == "config" else self.commit_locks

    def add_lock(self, kind, admin, comment=""):
        if kind == "config":
            # ASSUMED (behaviour and text, see ASSUMPTIONS.md §6): not while another admin has uncommitted changes
            dirty = [a for a in sorted(self.store.pending_admins()) if a != admin]
            if dirty and not self.config_locks.others(admin):
                raise LockPendingChanges(dirty[0])
        self.locks(kind).add(admin, comment)

    def remove_lock(self, kind, admin, admin_to_remove=None):
        """Release ``admin_to_remove``'s lock (default: ``admin``'s); returns whose lock was released."""
        holder = admin_to_remove or admin
        self.locks(kind).remove(holder)
        return holder

    # ------------------------------------------------------------------ master key
    def change_master_key(self, admin, new_key, current_key, lifetime, reminder, on_hsm):
        """request master-key: the change is synchronous (key, every encrypted value in running, candidate and
        pending changes, API keys), then the device commits the re-encrypted configuration as a Commit job whose id
        is only in the reply's text (REAL, messages.MASTER_KEY_CHANGED). That commit takes nobody's pending changes
        and, with config sync on, auto-syncs like any commit (the peer cannot decrypt the values, hence the vendor's
        advice to switch config sync off first: ASSUMED). The job carries the internal tag "MasterKey" so that the
        control API's fail-next and after_job faults can name it. Returns the job."""
        if current_key is not None and current_key != self.mkey.key:
            raise MasterKeyRejected("wrong_current")
        if current_key is None and self.mkey.key != masterkey.DEFAULT_KEY:
            raise MasterKeyRejected("wrong_current")
        if len(new_key) != 16:
            raise MasterKeyRejected("bad_length")
        if not 1 <= lifetime <= 17520:
            raise MasterKeyRejected("bad_lifetime")
        if reminder is not None and not 1 <= reminder < lifetime:
            raise MasterKeyRejected("bad_reminder")
        was_synchronized = self.pair.before_commit(self) if self.pair else False
        old = self.mkey.key
        self.store.rewrite_values(lambda text: masterkey.reencrypt_text(text, old, new_key))
        self.mkey.key = new_key
        self.mkey.lifetime_hours = lifetime
        self.mkey.reminder_hours = reminder or 0
        self.mkey.on_hsm = bool(on_hsm)
        self.mkey.changed_at = self.now()
        if self.pair:
            self.pair.refresh()

        def finish(job):
            failed = self.fail_next.pop("MasterKey", None)
            if failed is None:
                failed = self.fail_next.pop("Commit", None)
            if failed is not None:
                return "FAIL", failed, []  # the key stays changed: that part was synchronous
            if self.pair:
                self.pair.after_commit(self, job.user, was_synchronized)
            return "OK", [M.COMMIT_OK], []

        return self.jobs.submit("Commit", admin, self.timings.master_key, finish, tag="MasterKey")

    # ------------------------------------------------------------------ test control (the control API calls these)
    def ensure_admin(self, admin):
        """An account for ``admin`` (random password), so that its changes and locks are attributable."""
        self.admins.setdefault(admin, secrets.token_hex(8))

    def invalidate_keys(self):
        """Every API key of the device stops working until the next keygen; returns the new key epoch."""
        self.key_epoch += 1
        return self.key_epoch

    def fail_next_job(self, jtype, details):
        """The next job of ``jtype`` ("Commit", "HA-Sync", "MasterKey") fails with these detail lines."""
        self.fail_next[jtype] = list(details)
        return dict(self.fail_next)

    def set_timings(self, **seconds):
        """Job durations of this device (commit, ha_sync, master_key); returns them all."""
        self.timings = replace(self.timings, **{k: float(v) for k, v in seconds.items()})
        return asdict(self.timings)

    def update_system(self, **facts):
        """Per-peer software/capability facts (sysinfo.SystemInfo.update); the pair re-elects."""
        self.system.update(**facts)
        self.pair.refresh()
        return vars(self.system)

    def set_master_key_expiry(self, expires_in_hours, lifetime_hours=None, reminder_hours=None):
        """The key (unchanged) expires that many hours from the device clock; returns its properties."""
        self.mkey.set_expiry(self.now(), float(expires_in_hours), lifetime_hours, reminder_hours)
        return dict(self.mkey.properties(self.now()))

    def start_foreign_commit(self, admin, seconds):
        """A commit by another admin, running (or queued) for ``seconds``; returns its job."""
        self.ensure_admin(admin)
        return self.jobs.submit("Commit", admin, float(seconds), lambda job: ("OK", [M.COMMIT_OK], []))

    def add_foreign_change(self, admin, xpath, element):
        """Another admin's uncommitted set; returns that admin's pending xpaths."""
        self.ensure_admin(admin)
        self.config_write("set", admin, xpath, element=element)
        return self.store.pending_xpaths(admin)

    def setup_config(self, xpath, element):
        """set + commit as admin SETUP_ADMIN, no job and no auto-sync (test setup); returns the synced digest."""
        self.config_write("set", SETUP_ADMIN, xpath, element=element)
        self.store.commit([SETUP_ADMIN])
        self.pair.refresh()
        return self.pair.synced_digest(self)

    def lock_holders(self):
        return {"config": list(self.config_locks), "commit": list(self.commit_locks)}

    # ------------------------------------------------------------------ reads
    def jumbo_frames(self):
        return bool(self.store.running_root().xpath(DEV + "/deviceconfig/setting/jumbo-frame"))

    def system_config(self, leaf, default=""):
        """A deviceconfig/system leaf of the running config (hostname, ip-address, default-gateway ...)."""
        found = self.store.running_root().xpath(DEV + "/deviceconfig/system/" + leaf)
        return (found[0].text or "").strip() if found else default

    def ha_config(self, path, default=None):
        found = self.store.running_root().xpath(HA + "/" + path)
        if not found:
            return default
        return (found[0].text or "").strip()

    def introspect(self):
        pair = self.pair
        return {
            "name": self.name,
            "address": self.address,
            "port": self.port,
            "serial": self.serial,
            "hostname": self.hostname,
            "ha": pair.describe(self) if pair else None,
            "synced_config_digest": pair.synced_digest(self) if pair else None,
            "running_digest": _digest(self.store.running_root()),
            "candidate_digest": _digest(self.store.candidate_root()),
            "clock": self.now().strftime("%Y-%m-%d %H:%M:%S"),
            "master_key_fingerprint": self.mkey.fingerprint,
            "master_key_lifetime_hours": self.mkey.lifetime_hours,
            "master_key_reminder_hours": self.mkey.reminder_hours,
            "jobs": [j.describe() for j in self.jobs.since_start()],
            "boot_jobs": [{"id": j.id, "type": j.type} for j in self.jobs.boot_jobs()],
            "locks": self.lock_holders(),
            "pending_changes": {a: self.store.pending_xpaths(a) for a in sorted(self.store.pending_admins())},
            "jumbo_frames": self.jumbo_frames(),
            "runtime": self.runtime.summary(),
            "system": {k: v for k, v in vars(self.system).items()},
            "schema": self.schema.name,
            "faults": self.faults.describe(),
        }


# ---------------------------------------------------------------------- helpers
def _digest(root):
    return hashlib.sha256(etree.tostring(root, method="c14n")).hexdigest()[:16]


def _set_leaf(parent, tag, text):
    el = parent.find(tag)
    if el is None:
        el = etree.SubElement(parent, tag)
    el.text = text
    return el


def _path(parent, steps):
    """Walk/create child steps: 'tag' or ('entry', name)."""
    node = parent
    for step in steps:
        if isinstance(step, tuple):
            tag, name = step
            found = [c for c in node if c.tag == tag and c.get("name") == name]
            node = found[0] if found else etree.SubElement(node, tag, name=name)
        else:
            found = node.find(step)
            node = found if found is not None else etree.SubElement(node, step)
    return node

