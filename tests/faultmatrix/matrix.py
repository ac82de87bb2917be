"""Seeded, randomized fault injection: operations x faults x moments against the PAN-OS HA-pair emulator.

A trial is drawn from random.Random("SEED:TRIAL") only: (operation, fault, target peer, moment, parameters). It
resets the emulator, commits marker objects on both peers, arms the fault, runs the operation as a real
ansible-playbook run (-vvv, the built collection), clears the fault, and checks the invariants (INVARIANTS). A
failing trial reproduces with `run.py --seed S --trial N`. See docs/dev/fault-matrix.md.
"""

import json
import os
import random
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "emulator"))

from lxml import etree  # noqa: E402
from panos_emulator import masterkey, testing  # noqa: E402

COLLECTIONS_PATH = os.environ.get("HAPAIR_COLLECTIONS_PATH") or str(REPO / "build")
CALLBACKS = str(REPO / "tests" / "integration" / "callback_plugins")
DEV = "/config/devices/entry[@name='localhost.localdomain']"
ADDRESSES = DEV + "/vsys/entry[@name='vsys1']/address"
OTHER = "fm-other"  # the other administrator
DEFAULT_KEY = masterkey.DEFAULT_KEY

OPERATIONS = ("rotation", "forced_sync", "sync_settings_off_on", "peer_settings", "suspend_functional")
# fault -> (family, keywords one of which a failure caused by it must name, per-peer?)
FAULTS = {
    "refuse": ("mgmt", ("refused", "unreachable", "connect", "not reachable", "cannot be read", "could not be read")),
    "hang": ("mgmt", ("timed out", "timeout", "did not answer", "no answer", "not reachable", "unreachable")),
    "slow": ("mgmt", ("timed out", "timeout", "did not answer", "no answer")),
    "http_5xx": ("mgmt", ("http 5", "http error", "http status 5", " 50")),
    "ha1_down": ("link", ("ha1", "peer state", "peer is", "unknown", "not connected", "split", "election")),
    "split_brain": ("link", ("ha1", "split", "both active", "peer state", "unknown", "not connected")),
    "ha2_down": ("link", ("ha2", "state sync", "state synchronization", "session")),
    "fail_commit": ("job", ("fm-injected", "commit failed", "commit job", "failed")),
    "fail_hasync": ("job", ("fm-injected", "ha-sync", "sync job", "synchroni")),
    "fail_masterkey": ("job", ("fm-injected", "commit failed", "master key", "key commit")),
    "other_lock": ("admin", (OTHER, "lock")),
    "other_pending": ("admin", (OTHER, "uncommitted", "pending")),
    "other_commit": ("admin", (OTHER, "commit", "job", "queued", "running")),
    "keys_invalidated": ("keys", ("credential", "authentication", "403", "api key")),
}
MOMENTS = ("before", "after_requests", "after_job")
JOB_TYPES = ("Commit", "HA-Sync", "MasterKey")
INVARIANTS = ("end_state", "failure_cause", "foreign_change_kept", "committed_survive", "master_keys",
              "report_matches", "changed_matches", "no_leftovers", "converges", "no_secrets", "emulator_alive",
              "run_time")
RUN_TIMEOUT = int(os.environ.get("FAULTMATRIX_RUN_TIMEOUT", "240"))


@dataclass
class Trial:
    seed: int
    trial: int
    operation: str
    fault: str
    target: int  # 0 = the peer given as provider (pair1-a, active at start), 1 = the other
    moment: str
    k: int = 0  # after_requests
    job: str = ""  # after_job
    params: dict = field(default_factory=dict)

    def label(self):
        when = {"before": "before", "after_requests": "after %d requests" % self.k,
                "after_job": "after the next %s job" % self.job}[self.moment]
        params = json.dumps(self.params, sort_keys=True)
        return "seed=%d trial=%d op=%s fault=%s peer=%s moment=%s params=%s" % (
            self.seed, self.trial, self.operation, self.fault, "ab"[self.target], when, params)


def draw(seed, trial):
    """The trial's parameters, from its own random.Random (independent of other trials and of the run order)."""
    rng = random.Random("%d:%d" % (seed, trial))
    t = Trial(seed, trial, rng.choice(OPERATIONS), rng.choice(sorted(FAULTS)), rng.randrange(2), rng.choice(MOMENTS))
    if t.moment == "after_requests":
        t.k = rng.randint(1, 40)
    elif t.moment == "after_job":
        t.job = rng.choice(JOB_TYPES if t.operation == "rotation" else JOB_TYPES[:2])
    p = t.params
    if t.fault == "slow":
        p["seconds"] = rng.choice((0.1, 0.3, 0.8))
    elif t.fault == "http_5xx":
        p["status"] = rng.choice((500, 502, 503))
        p["count"] = rng.randint(1, 6)
    elif t.fault == "other_lock":
        p["kind"] = rng.choice(("config", "commit"))
    elif t.fault == "other_commit":
        p["seconds"] = rng.choice((1.0, 3.0))
    p["peer_provider"] = rng.random() < 0.7  # else the collection discovers the peer
    tag = "%08x" % rng.getrandbits(32)
    p["tag"] = tag
    return t


# ---------------------------------------------------------------- emulator access
class Pair:
    def __init__(self, emu):
        self.emu = emu
        self.control = emu.control
        self.names = tuple(peer["name"] for peer in emu.pair(0)["peers"])
        self.ctx = ssl.create_default_context(cafile=emu.ca_file)

    def peer(self, i):
        return self.emu.peer(0, i)

    def addr(self, i):
        return "%s:%s" % (self.peer(i)["host"], self.peer(i)["port"])

    def api(self, i, params, timeout=15):
        peer = self.peer(i)
        body = urllib.parse.urlencode(dict(params, user=peer["username"], password=peer["password"])).encode()
        req = urllib.request.Request("https://%s:%s/api/" % (peer["host"], peer["port"]), data=body)
        with urllib.request.urlopen(req, context=self.ctx, timeout=timeout) as resp:
            return resp.read()

    def running(self, i):
        return etree.fromstring(self.api(i, {"type": "export", "category": "configuration"}))

    def api_key(self, i):
        root = etree.fromstring(self.api(i, {"type": "keygen"}))
        return root.findtext("result/key")

    def devices(self):
        return [self.control.device(n) for n in self.names]

    def wait_jobs(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(j["status"] == "FIN" for d in self.devices() for j in d["jobs"]):
                return True
            time.sleep(0.1)
        return False


def start_emulator(state_dir=None):
    return testing.start(pairs=1, mode="active-passive", profile="fast", state_dir=state_dir)


# ---------------------------------------------------------------- operations
def _inventory(pair, trial):
    provider = pair.emu.provider(0, 0, timeout=8)
    hostvars = {"provider": provider, "ansible_connection": "local",
                "ansible_python_interpreter": "{{ ansible_playbook_python }}"}
    if trial.params["peer_provider"]:
        hostvars["peer_provider"] = pair.emu.provider(0, 1, timeout=8)
    return {"ha_pairs": {"hosts": {"pair1": hostvars}}}


def operation_plan(trial, workdir, name="run"):
    """(playbook argument, extra vars) of the trial's operation."""
    tag = trial.params["tag"]
    reports = str(workdir / ("reports-" + name))
    if trial.operation == "rotation":
        return "hapair.panos.rotate_master_key", {
            "master_key_rotation_current_key": DEFAULT_KEY, "master_key_rotation_new_key": new_key(trial),
            "master_key_rotation_report_dir": reports, "master_key_rotation_timeout": 60}
    if trial.operation == "forced_sync":
        return "hapair.panos.sync", {"sync_force": True, "sync_timeout": 60}
    if trial.operation == "peer_settings":
        return "hapair.panos.peer_settings", {
            "peer_settings_timeout": 60,
            "peer_settings_common": {"dns": {"primary": "198.51.100.53"},
                                     "snmp": {"version": "v2c", "community": snmp_community(trial)}},
            "peer_settings_peers": {"provider": {"management": {"hostname": "fm-%s-a" % tag}},
                                    "peer_provider": {"management": {"hostname": "fm-%s-b" % tag}}}}
    args = {"provider": "{{ provider }}", "peer_provider": "{{ peer_provider | default(omit) }}"}
    if trial.operation == "sync_settings_off_on":
        tasks = [{"name": "config sync off", "hapair.panos.sync_settings": dict(args, config_sync=False, timeout=60)},
                 {"name": "config sync on", "hapair.panos.sync_settings": dict(args, config_sync=True, timeout=60)}]
    else:
        tasks = [{"name": "suspend the active", "hapair.panos.ha_state": dict(args, state="suspended", timeout=60)},
                 {"name": "functional again", "hapair.panos.ha_state": dict(args, state="functional", timeout=60)}]
    play = [{"name": "faultmatrix %s" % trial.operation, "hosts": "ha_pairs", "gather_facts": False, "tasks": tasks}]
    path = workdir / "play.yml"
    path.write_text(yaml.safe_dump(play, sort_keys=False))
    return str(path), {}


def new_key(trial):
    return ("FmNewKey%s" % trial.params["tag"])[:16]


def snmp_community(trial):
    return "fm-snmp-secret-%s" % trial.params["tag"]


def run_playbook(pair, trial, workdir, name):
    playbook, extra = operation_plan(trial, workdir, name)
    inventory = workdir / "inventory.yml"
    inventory.write_text(yaml.safe_dump(_inventory(pair, trial)))
    varsfile = workdir / "vars.json"
    varsfile.write_text(json.dumps(extra))
    async_dir = workdir / "async"
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_STDOUT_CALLBACK="results_json",
               ANSIBLE_CALLBACK_PLUGINS=CALLBACKS, ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="0",
               ANSIBLE_LOCALHOST_WARNING="0", ANSIBLE_INVENTORY_UNPARSED_WARNING="0", ANSIBLE_DEPRECATION_WARNINGS="0",
               ANSIBLE_HOME=str(workdir / "ansible-home"), ANSIBLE_ASYNC_DIR=str(async_dir),
               ANSIBLE_LOCAL_TEMP=str(workdir / "tmp"))
    cmd = [str(Path(sys.executable).parent / "ansible-playbook"), "-vvv", "-i", str(inventory), playbook,
           "-e", "@" + str(varsfile)]
    started = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=RUN_TIMEOUT, check=False)
        rc, out, err = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        rc, out, err = -1, _text(exc.stdout), _text(exc.stderr) + "\n[faultmatrix] run timed out"
    (workdir / ("%s.stdout" % name)).write_text(out)
    (workdir / ("%s.stderr" % name)).write_text(err)
    tasks = []
    line = next((ln for ln in out.splitlines() if ln.startswith('{"tasks"')), None)
    if line:
        tasks = json.loads(line)["tasks"]
    return Run(rc, out, err, tasks, time.monotonic() - started)


def _text(data):
    return data.decode(errors="replace") if isinstance(data, bytes) else (data or "")


@dataclass
class Run:
    rc: int
    stdout: str
    stderr: str
    tasks: list
    seconds: float

    def failed_tasks(self):
        return [t for t in self.tasks if t["status"] in ("failed", "unreachable")]

    def failure_text(self):
        parts = []
        for t in self.failed_tasks():
            for r in [t["result"]] + [i for i in t["result"].get("results") or [] if isinstance(i, dict)]:
                parts += [str(r[k]) for k in ("msg", "error", "reason", "device", "remedy", "problems") if r.get(k)]
        return "\n".join(parts)

    def fact(self, name):
        for t in reversed(self.tasks):
            facts = t["result"].get("ansible_facts") or {}
            if name in facts:
                return facts[name]
        return None

    def changed_tasks(self, prefix=""):
        return [t for t in self.tasks if t["result"].get("changed") and t["task"].startswith(prefix)]


# ---------------------------------------------------------------- faults
class Injector:
    """Arms the trial's fault at its moment; clears it afterwards. Emulator faults (refuse, hang, slow, 5xx) use
    the emulator's own after_requests / after_job arming; state faults (links, next job failing, other admins,
    keys) at those moments are applied by a watcher thread that polls the control API."""

    def __init__(self, pair, trial):
        self.pair, self.trial = pair, trial
        self.name = pair.names[trial.target]
        self.fired = threading.Event()
        self._stop = threading.Event()
        self._thread = None
        self.fail_next_type = None

    def arm(self):
        t = self.trial
        family = FAULTS[t.fault][0]
        if family == "mgmt":
            kw = self._mgmt_kw()
            if t.moment == "after_requests":
                kw["after_requests"] = t.k
            elif t.moment == "after_job":
                kw["after_job"] = t.job
            self.pair.control.fault(self.name, kw.pop("kind"), **kw)
            if t.moment == "before":
                self.fired.set()
            return
        if t.moment == "before":
            self.apply_state()
            return
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _mgmt_kw(self):
        t, p = self.trial, self.trial.params
        if t.fault == "refuse":
            return {"kind": "refuse"}
        if t.fault == "hang":
            return {"kind": "hang", "seconds": 120}
        if t.fault == "slow":
            return {"kind": "slow", "seconds": p["seconds"]}
        return {"kind": "http_error", "status": p["status"], "count": p["count"]}

    def _watch(self):
        control, t = self.pair.control, self.trial
        while not self._stop.is_set():
            try:
                if t.moment == "after_requests":
                    hit = control.requests(self.name)["total"] >= t.k
                else:
                    jobs = control.device(self.name)["jobs"]
                    hit = any(j["status"] == "FIN" and (j["type"] == t.job or j.get("tag") == t.job) for j in jobs)
                if hit:
                    self.apply_state()
                    return
            except Exception:  # noqa: BLE001 - the control API must keep answering; emulator_alive checks it
                pass
            time.sleep(0.02)

    def apply_state(self):
        control, t, name = self.pair.control, self.trial, self.name
        f = t.fault
        if f == "ha1_down":
            control.links("pair1", ha1="down")
        elif f == "split_brain":
            control.links("pair1", ha1="down", ha1_backup="down")
        elif f == "ha2_down":
            control.links("pair1", ha2="down")
        elif f.startswith("fail_"):
            self.fail_next_type = {"fail_commit": "Commit", "fail_hasync": "HA-Sync", "fail_masterkey": "MasterKey"}[f]
            control.fail_next(name, self.fail_next_type, ["fm-injected failure (%s)" % self.fail_next_type,
                                                          "Commit failed"])
        elif f == "other_lock":
            control.call("POST", "/devices/%s/locks" % name,
                         {"admin": OTHER, "kind": t.params["kind"], "comment": "fm change window"})
        elif f == "other_pending":
            control.pending_change(name, OTHER, ADDRESSES, other_entry(t))
        elif f == "other_commit":
            control.commit_job(name, admin=OTHER, seconds=t.params["seconds"])
        elif f == "keys_invalidated":
            control.invalidate_keys(name)
        self.fired.set()

    def stop(self):
        self._stop.set()
        if self._thread:
            self._thread.join(5)

    def mgmt_fired(self):
        """Whether an emulator-armed fault started (it is no longer armed, or was armed 'before')."""
        f = self.pair.control.device(self.name)["faults"]
        return self.fired.is_set() or (not f["armed"] and not f["armed_after_requests"])

    def clear(self):
        """Clear what is transient; another admin's pending change stays (nothing can discard it but that admin)."""
        self.stop()
        control = self.pair.control
        for n in self.pair.names:
            control.clear_faults(n)
        control.links("pair1", ha1="up", ha1_backup="up", ha2="up")
        if self.trial.fault == "other_lock" and self.fired.is_set():
            control.call("DELETE", "/devices/%s/locks" % self.name, {"admin": OTHER, "kind": self.trial.params["kind"]})


def other_entry(trial):
    return "<entry name='fm-other-%s'><fqdn>other.example.com</fqdn></entry>" % trial.params["tag"]


def fail_next_consumed(pair, name, job_type):
    for j in pair.control.device(name)["jobs"]:
        if (j["type"] == job_type or j.get("tag") == job_type) and j.get("result") == "FAIL":
            return True
    return False


# ---------------------------------------------------------------- one trial
def variants(secret):
    return {secret, urllib.parse.quote_plus(secret), urllib.parse.quote(secret, safe="")}


def key_for(fp, candidates):
    return next((k for k in candidates if masterkey.fingerprint(k) == fp), None)


def marker_entry(trial):
    return "<entry name='fm-committed-%s'><ip-netmask>192.0.2.77/32</ip-netmask></entry>" % trial.params["tag"]


def end_state_problems(pair, trial, devices, configs):
    """Why the devices do not show the operation's intended end state (empty: they do)."""
    out = []
    ha = [d["ha"] for d in devices]
    if trial.operation == "rotation":
        fps = {d["master_key_fingerprint"] for d in devices}
        if fps != {masterkey.fingerprint(new_key(trial))}:
            out.append("master key not the new one on both peers")
    if trial.operation in ("rotation", "forced_sync", "sync_settings_off_on", "peer_settings"):
        if not all(h["config_sync_enabled"] for h in ha):
            out.append("config sync not enabled on both: %s" % [h["config_sync_enabled"] for h in ha])
    if trial.operation in ("rotation", "forced_sync"):
        if any(h["running_sync"] != "synchronized" for h in ha):
            out.append("running_sync %s" % [h["running_sync"] for h in ha])
    if trial.operation == "peer_settings":
        for i, root in enumerate(configs):
            host = root.findtext(".//deviceconfig/system/hostname")
            if host != "fm-%s-%s" % (trial.params["tag"], "ab"[i]):
                out.append("%s hostname %r" % (pair.names[i], host))
    if trial.operation == "suspend_functional":
        states = sorted(h["state"] for h in ha)
        if states != ["active", "passive"]:
            out.append("HA states %s" % states)
    return out


def run_trial(pair, trial, root_dir, keep=False):
    """Run one trial; returns a result dict with 'violations' {invariant: [evidence...]}."""
    workdir = Path(tempfile.mkdtemp(prefix="t%d-%d-" % (trial.seed, trial.trial), dir=root_dir))
    (workdir / "tmp").mkdir()
    v = {}

    def violation(name, evidence):
        v.setdefault(name, []).append(evidence)

    control = pair.control
    control.reset()
    marker = marker_entry(trial)
    for n in pair.names:
        control.config(n, ADDRESSES, marker)
        control.clear_requests(n)
    fp_before = {d["name"]: d["master_key_fingerprint"] for d in pair.devices()}
    ldap_plain = {}
    for i in (0, 1):
        for el in masterkey.encrypted_leaves(pair.running(i)):
            ldap_plain[el.tag] = masterkey.decrypt(el.text, DEFAULT_KEY)
    keys_before = [pair.api_key(i) for i in (0, 1)]
    digests_before = [d["running_digest"] for d in pair.devices()]
    for n in pair.names:
        control.clear_requests(n)

    inj = Injector(pair, trial)
    inj.arm()
    run = run_playbook(pair, trial, workdir, "run")
    inj.stop()
    fired = inj.mgmt_fired() if FAULTS[trial.fault][0] == "mgmt" else inj.fired.is_set()
    try:
        after_run = pair.devices()  # as the run left them, fault still on
    except Exception as exc:  # noqa: BLE001
        violation("emulator_alive", "control API after the run: %s" % exc)
        return _result(trial, run, None, v, fired, workdir, keep)
    inj.clear()
    if not pair.wait_jobs():
        violation("no_leftovers", "jobs still running 30 s after the run")
    if pair.emu.process.poll() is not None:
        violation("emulator_alive", "emulator exited with %s" % pair.emu.process.returncode)
        return _result(trial, run, None, v, fired, workdir, keep)
    devices = pair.devices()
    (workdir / "devices-after-run.json").write_text(json.dumps({"before_clear": after_run, "after_clear": devices},
                                                               indent=1, default=str))
    configs = [pair.running(i) for i in (0, 1)]
    text = run.stdout + run.stderr
    fail_text = run.failure_text()
    report = _read_report(workdir, trial)

    # run_time: a hung run
    if run.rc == -1:
        violation("run_time", "ansible-playbook did not end within %d s" % RUN_TIMEOUT)

    # end_state / failure_cause
    if run.rc == 0:
        problems = end_state_problems(pair, trial, devices, configs)
        if problems:
            violation("end_state", "rc=0 but %s" % "; ".join(problems))
    else:
        low = (fail_text + "\n" + json.dumps(report or {})).lower()
        keywords = FAULTS[trial.fault][1]
        if "Traceback (most recent call last)" in text or "MODULE FAILURE" in text:
            violation("failure_cause", "traceback / MODULE FAILURE in the output")
        if not fired:
            violation("failure_cause", "failed although the fault never started: %s" % _short(fail_text))
        elif not any(k in low for k in keywords):
            violation("failure_cause", "failure names none of %s: %s" % (list(keywords), _short(fail_text)))
        elif FAULTS[trial.fault][0] not in ("link",):
            ident = [pair.addr(trial.target), pair.peer(trial.target)["host"], pair.names[trial.target],
                     pair.peer(trial.target)["hostname"]]
            if not any(x.lower() in low for x in ident):
                violation("failure_cause", "failure does not name the device %s: %s" % (ident[0], _short(fail_text)))

    # foreign_change_kept
    if trial.fault == "other_pending" and fired:
        d = devices[trial.target]
        if ADDRESSES not in d["pending_changes"].get(OTHER, []):
            violation("foreign_change_kept", "%s: %s's pending change gone: %s" % (pair.names[trial.target], OTHER,
                                                                                   d["pending_changes"]))
        for i, root in enumerate(configs):
            if root.xpath(ADDRESSES[len("/config"):].join(["/config", ""]) + "/entry[@name='fm-other-%s']"
                          % trial.params["tag"]):
                violation("foreign_change_kept", "%s: %s's uncommitted change was committed" % (pair.names[i], OTHER))

    # committed_survive
    candidates = [DEFAULT_KEY, new_key(trial)]
    for i, root in enumerate(configs):
        if not root.xpath(ADDRESSES + "/entry[@name='fm-committed-%s']" % trial.params["tag"]):
            violation("committed_survive", "%s: committed marker object missing" % pair.names[i])
        key = key_for(devices[i]["master_key_fingerprint"], candidates)
        if key is None:
            violation("committed_survive", "%s: master key is neither the old nor the new one" % pair.names[i])
            continue
        for el in masterkey.encrypted_leaves(root):
            if masterkey.decrypt(el.text, key) != ldap_plain.get(el.tag):
                violation("committed_survive", "%s: encrypted %s unreadable with its master key"
                          % (pair.names[i], el.tag))

    # master_keys
    fps = [d["master_key_fingerprint"] for d in devices]
    if trial.operation != "rotation" and fps != [fp_before[n] for n in pair.names]:
        violation("master_keys", "the master key changed in a %s run" % trial.operation)
    if fps[0] != fps[1]:
        said = run.rc != 0 and report is not None and any(
            not str(s.get("key", "")).startswith("new key") for s in (report.get("peers") or {}).values())
        if not said:
            violation("master_keys", "peers' master keys differ; rc=%s, report peers %s" % (
                run.rc, (report or {}).get("peers")))

    # report_matches
    _check_reports(pair, trial, run, report, after_run, violation)

    # changed_matches
    digests_after = [d["running_digest"] for d in devices]
    changed_any = bool(run.changed_tasks())
    if run.rc == 0 and digests_after != digests_before and not changed_any and trial.operation != "suspend_functional":
        violation("changed_matches", "devices changed but no task reported changed")
    if run.rc == 0 and trial.operation == "sync_settings_off_on" and len(run.changed_tasks("config sync")) != 2:
        violation("changed_matches", "sync_settings off/on: changed %s" % [t["task"] for t in run.changed_tasks()])

    # no_leftovers (a peer that stopped answering cannot be put back: allowed only when the failed run's report says
    # so for that peer - lock / config sync "unknown", locks_released false)
    user = pair.peer(0)["username"]
    # A change of ours the device could not take back (it stopped answering) is allowed when the failure says so.
    not_undone = [i for i in (0, 1) if run.rc != 0 and "our change on %s: not undone" % pair.addr(i) in run.failure_text()]
    lock_kept = [i for i in (0, 1) if run.rc != 0 and "our config lock on %s is still held" % pair.addr(i)
                 in run.failure_text()]
    for i, d in enumerate(devices):
        said = reported_unknown(report, run, pair.addr(i)) | ({"config_sync"} if i in not_undone else set()) | (
            {"lock"} if i in lock_kept else set())
        if (user in d["locks"]["config"] or user in d["locks"]["commit"]) and "lock" not in said:
            violation("no_leftovers", "%s: our lock left: %s" % (d["name"], d["locks"]))
        if d["pending_changes"].get(user) and "config_sync" not in said:
            violation("no_leftovers", "%s: our uncommitted change left: %s" % (d["name"], d["pending_changes"][user]))

    # no_secrets
    secrets = {pair.peer(0)["password"], pair.peer(1)["password"], DEFAULT_KEY, new_key(trial), snmp_community(trial)}
    secrets |= {s for s in ldap_plain.values() if s}
    secrets |= set(keys_before) | {pair.api_key(i) for i in (0, 1)}
    places = {"stdout/stderr": text}
    for sub in ("reports-run", "async"):
        for path in sorted((workdir / sub).rglob("*")) if (workdir / sub).exists() else []:
            if path.is_file():
                places[str(path.relative_to(workdir))] = path.read_text(errors="replace")
    for home in (workdir / "ansible-home").rglob("*") if (workdir / "ansible-home").exists() else []:
        if home.is_file():
            places[str(home.relative_to(workdir))] = home.read_text(errors="replace")
    for where, content in places.items():
        for secret in secrets:
            if any(var in content for var in variants(secret)):
                violation("no_secrets", "%s holds a secret (%s...)" % (where, _kind(secret, pair, trial)))

    # converges: the same run again, fault cleared (another admin's pending change stays: refusing again is right)
    rerun = None
    if "emulator_alive" not in v:
        attempts = 2 if inj.fail_next_type and not fail_next_consumed(pair, inj.name, inj.fail_next_type) else 1
        for attempt in range(attempts):
            rerun = run_playbook(pair, trial, workdir, "rerun%d" % attempt)
            pair.wait_jobs()
            if rerun.rc == 0:
                break
        devices = pair.devices()
        if rerun.rc == 0:
            problems = end_state_problems(pair, trial, devices, [pair.running(i) for i in (0, 1)])
            if problems:
                violation("converges", "re-run rc=0 but %s" % "; ".join(problems))
            if trial.operation == "peer_settings" and run.rc == 0 and rerun.changed_tasks():
                violation("changed_matches", "peer_settings re-run after success changed: %s" % [
                    t["task"] for t in rerun.changed_tasks()])
        elif not ((trial.fault == "other_pending" and fired or not_undone) and any(
                k in rerun.failure_text().lower() for k in ("uncommitted", OTHER, "pending"))):
            violation("converges", "re-run rc=%d: %s" % (rerun.rc, _short(rerun.failure_text())))
        for d in devices:
            if pair.peer(0)["username"] in d["locks"]["config"] + d["locks"]["commit"]:
                violation("no_leftovers", "%s: our lock left after the re-run" % d["name"])
        rtext = rerun.stdout + rerun.stderr + "".join(
            p.read_text(errors="replace") for p in workdir.glob("reports-rerun*/*") if p.is_file())
        for secret in secrets | {pair.api_key(i) for i in (0, 1)}:
            if any(var in rtext for var in variants(secret)):
                violation("no_secrets", "re-run output holds a secret (%s...)" % _kind(secret, pair, trial))
    if pair.emu.process.poll() is not None:
        violation("emulator_alive", "emulator exited with %s" % pair.emu.process.returncode)
    return _result(trial, run, rerun, v, fired, workdir, keep)


def reported_unknown(report, run, address):
    """The report fields ('lock', 'config_sync') a failed run's report gives as unknown for the peer at address."""
    if report is None or run.rc == 0 or report.get("locks_released") is not False:
        return set()
    for label, name in (report.get("peer_names") or {}).items():
        if name == address:
            state = (report.get("peers") or {}).get(label) or {}
            return {field for field in ("lock", "config_sync") if str(state.get(field, "")).startswith("unknown")}
    return set()


def _kind(secret, pair, trial):
    if secret in (pair.peer(0)["password"], pair.peer(1)["password"]):
        return "password"
    if secret in (DEFAULT_KEY, new_key(trial)):
        return "master key"
    if secret == snmp_community(trial):
        return "SNMP community"
    if secret.startswith("LUF") or len(secret) > 40:
        return "API key"
    return "LDAP/other secret"


def _read_report(workdir, trial):
    path = workdir / "reports-run" / "master-key-rotation-pair1.json"
    if trial.operation == "rotation" and path.exists():
        try:
            return json.loads(path.read_text())
        except ValueError:
            return {"unparsable": True}
    return None


def _check_reports(pair, trial, run, report, after_run, violation):
    by_addr = {pair.addr(i): after_run[i] for i in (0, 1)}
    if trial.operation == "rotation":
        if report is None:
            if run.rc not in (-1,):
                violation("report_matches", "no rotation report written (rc=%s)" % run.rc)
            return
        if (report.get("result") == "rotated") != (run.rc == 0):
            violation("report_matches", "report result %r but rc=%s" % (report.get("result"), run.rc))
        names = report.get("peer_names") or {}
        for label, state in (report.get("peers") or {}).items():
            dev = by_addr.get(names.get(label)) or (after_run[0] if label == "provider" else after_run[1])
            key = str(state.get("key", ""))
            fp = dev["master_key_fingerprint"]
            if key.startswith("new key") and fp != masterkey.fingerprint(new_key(trial)):
                violation("report_matches", "report says %s has the new key; it has not" % label)
            if (key.startswith("old key") or key.startswith("not touched")) and fp != masterkey.fingerprint(DEFAULT_KEY):
                violation("report_matches", "report says %s has the old key; it has not" % label)
            if state.get("config_sync") == "enabled" and not dev["ha"]["config_sync_enabled"]:
                violation("report_matches", "report says config sync enabled on %s; it is not" % label)
    summary = run.fact("sync_summary") if trial.operation == "forced_sync" else None
    if summary and summary.get("synchronized_after") is not None:
        synced = all(d["ha"]["running_sync"] == "synchronized" for d in after_run)
        if bool(summary["synchronized_after"]) and not synced:
            violation("report_matches", "sync_summary synchronized_after=true; devices %s" % [
                d["ha"]["running_sync"] for d in after_run])


def _short(text, n=400):
    text = " ".join(text.split())
    return text[:n] + ("..." if len(text) > n else "")


def _result(trial, run, rerun, violations, fired, workdir, keep):
    result = {"trial": asdict(trial), "label": trial.label(), "rc": run.rc, "rerun_rc": rerun.rc if rerun else None,
              "seconds": round(run.seconds + (rerun.seconds if rerun else 0), 1), "fault_fired": fired,
              "failure": _short(run.failure_text(), 600) if run.rc else "", "violations": violations,
              "workdir": str(workdir)}
    if not keep and not violations:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def summarize(results):
    """Figures of a set of trial results: counts, coverage, violations per invariant."""
    ops = {r["trial"]["operation"] for r in results}
    faults = {r["trial"]["fault"] for r in results}
    moments = {r["trial"]["moment"] for r in results}
    combos = {(r["trial"]["operation"], r["trial"]["fault"], r["trial"]["moment"]) for r in results}
    per_inv = {name: sum(1 for r in results if name in r["violations"]) for name in INVARIANTS}
    return {"trials": len(results), "failed_runs": sum(1 for r in results if r["rc"] != 0),
            "faults_fired": sum(1 for r in results if r["fault_fired"]),
            "operations": "%d/%d" % (len(ops), len(OPERATIONS)), "faults": "%d/%d" % (len(faults), len(FAULTS)),
            "moments": "%d/%d" % (len(moments), len(MOMENTS)),
            "combinations": "%d/%d" % (len(combos), len(OPERATIONS) * len(FAULTS) * len(MOMENTS)),
            "trials_with_violations": sum(1 for r in results if r["violations"]), "violations": per_inv}
