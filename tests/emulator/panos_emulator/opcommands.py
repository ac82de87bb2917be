"""type=op: the command tree and its handlers.

A command arrives as XML (``<show><system><info/></system></show>``). ``dispatch`` walks down single-child
elements until the path names a registered command; the handler gets the element at that point (its children
are the command's arguments), calls the device/pair model and returns a response string built by the serializer.
The texts of successful replies are chosen here (from messages.py); errors are the models' domain errors.
"""

import re
from datetime import datetime

from lxml import etree

from . import messages as M, serializer
from .exceptions import IncompleteCommand, InvalidCommand, MasterKeyRejected, NotEnabled, UnexpectedCommand
from .hastate import ha_state_xml
from .jobs import FAILED_JOB
from .pair import SYNC_TARGETS
from .serializer import el as _el, fields as _fields
from .sysinfo import UPTIME, mac_address

COMMANDS = {}


def command(*paths):
    def register(fn):
        for path in paths:
            COMMANDS[tuple(path.split())] = fn
        return fn
    return register


class Context:
    def __init__(self, device, admin):
        self.device = device
        self.admin = admin

    @property
    def pair(self):
        return self.device.pair


def dispatch(ctx, cmd_root):
    path = []
    node = cmd_root
    while True:
        path.append(node.tag)
        handler = COMMANDS.get(tuple(path))
        children = [c for c in node if isinstance(c.tag, str)]
        # The longest registered command wins: "show clock more" is not "show clock" with an argument.
        if handler is not None and not (len(children) == 1 and _is_prefix(path + [children[0].tag])):
            return handler(ctx, node)
        if not _is_prefix(path) or len(children) != 1:
            # Real devices name the path up to the first element they did not expect
            # (error_code17.unexpected-command.xml: " show -> redistribution  is unexpected").
            bad = path if not _is_prefix(path) or not children else path + [children[0].tag]
            raise UnexpectedCommand(bad)
        node = children[0]


def _is_prefix(path):
    n = len(path)
    return any(cmd[:n] == tuple(path) for cmd in COMMANDS)


def _args(node):
    return {c.tag: (c.text or "").strip() for c in node if isinstance(c.tag, str)}


# ---------------------------------------------------------------------- system
@command("show system info")
def show_system_info(ctx, node):
    dev, s = ctx.device, ctx.device.system
    hostname = dev.system_config("hostname", dev.hostname)
    system = _fields(_el("system"), [
        ("hostname", hostname), ("ip-address", dev.system_config("ip-address", dev.address)),
        ("public-ip-address", "unknown"), ("netmask", dev.system_config("netmask")),
        ("default-gateway", dev.system_config("default-gateway")), ("is-dhcp", "no"), ("ipv6-address", "unknown"),
        ("ipv6-link-local-address", "fe80::1/64"), ("ipv6-default-gateway", ""), ("mac-address", mac_address(dev.serial, 0)),
        ("time", dev.now().strftime("%a %b %d %H:%M:%S %Y") + "\n"), ("uptime", _uptime()),
        ("devicename", hostname), ("family", s.family), ("model", s.model), ("serial", dev.serial),
        ("vm-mac-base", mac_address(dev.serial, 0x100)), ("vm-mac-count", "256"), ("vm-uuid", dev.serial),
        ("vm-cpuid", "KVM:" + dev.serial), ("vm-license", "VM-300"), ("vm-mode", "KVM"), ("cloud-mode", "non-cloud"),
        ("sw-version", s.sw_version), ("global-protect-client-package-version", s.gp_client_version),
        ("device-dictionary-version", "172-597"), ("device-dictionary-release-date", "2024/05/20 10:00:00 UTC"),
        ("app-version", s.app_version), ("app-release-date", "2024/05/20 10:00:00 UTC"),
        ("av-version", s.av_version), ("av-release-date", "2024/05/20 10:00:00 UTC"),
        ("threat-version", s.threat_version), ("threat-release-date", "2024/05/20 10:00:00 UTC"),
        ("wf-private-version", "0"), ("wf-private-release-date", "unknown"), ("url-db", s.url_db),
        ("wildfire-version", s.wildfire_version), ("wildfire-release-date", "2024/05/20 10:00:00 UTC"),
        ("wildfire-rt", "Disabled"), ("url-filtering-version", s.url_version),
        ("global-protect-datafile-version", "unknown"), ("global-protect-datafile-release-date", "unknown"),
        ("global-protect-clientless-vpn-version", "0"), ("global-protect-clientless-vpn-release-date", ""),
        ("logdb-version", s.sw_version.split("-")[0]), ("plugin_versions", _plugin_versions(s.plugins)),
        ("platform-family", s.family), ("vpn-disable-mode", "off" if s.vpn else "on"),
        ("multi-vsys", "on" if s.multi_vsys else "off"), ("operational-mode", "normal"),
        ("advanced-routing", "on" if "advanced-routing" in s.features else "off"),
        # ASSUMED (ASSUMPTIONS.md, "GTP, SCTP and other feature flags in show system info"): no real sample shows
        # how GTP/SCTP security state is reported; named like the real on/off flags (multi-vsys, advanced-routing).
        ("gtp", "on" if s.gtp else "off"), ("sctp", "on" if s.sctp else "off"),
        ("device-certificate-status", "None"),
    ] + [(name, "on") for name in sorted(set(s.features)) if name not in _SYSTEM_INFO_FLAGS])
    for absent in [c for c in system if c.tag in dev.schema.system_info_absent]:  # fields newer than the schema
        system.remove(absent)
    return serializer.result([system])


def _uptime():
    hours, rest = divmod(UPTIME.seconds, 3600)
    return "%d days, %02d:%02d:%02d" % (UPTIME.days, hours, rest // 60, rest % 60)


# on/off flags show system info always reports; any other enabled feature of SystemInfo.features is reported as
# <name>on</name> (ASSUMED, see ASSUMPTIONS.md), so every feature the pair compares is visible over the API.
_SYSTEM_INFO_FLAGS = ("advanced-routing", "multi-vsys", "vpn-disable-mode", "gtp", "sctp")


def _plugin_versions(plugins):
    out = _el("plugin_versions")
    for p in plugins:
        entry = etree.SubElement(out, "entry", name=p.get("name", ""), version=p.get("version", ""))
        etree.SubElement(entry, "pkginfo").text = p.get("pkg-file", "")
    return out


@command("show clock")
def show_clock(ctx, node):
    return serializer.result(text=ctx.device.now().strftime("%a %b %d %H:%M:%S UTC %Y "))


@command("show clock more")
def show_clock_more(ctx, node):
    text = "dataplane time: " + ctx.device.now().strftime("%a %b %d %H:%M:%S UTC %Y ")
    return serializer.result([_el("member", text)])


@command("set clock")
def set_clock(ctx, node):
    args = _args(node)
    ctx.device.set_clock(_parse_clock(args.get("date"), args.get("time")))
    return serializer.result(text=ctx.device.now().strftime("%a %b %d %H:%M:%S UTC %Y"))


def _parse_clock(date, time_):
    """set clock date YYYY/MM/DD time HH:MM:SS."""
    if not re.fullmatch(r"\d{4}/\d{2}/\d{2}", date or "") or not re.fullmatch(r"\d{2}:\d{2}:\d{2}", time_ or ""):
        raise InvalidCommand(["set", "clock"])
    return datetime.strptime(date + " " + time_, "%Y/%m/%d %H:%M:%S")


@command("show system setting jumbo-frame")
def show_jumbo(ctx, node):
    return serializer.result(text="on" if ctx.device.jumbo_frames() else "off")


@command("show chassis-ready")
def show_chassis_ready(ctx, node):
    # Scripts test the raw body for "[CDATA[yes" (reference README, "Not found").
    return serializer.cdata_result("yes" if ctx.device.system.chassis_ready else "no")


@command("show plugins packages")
def show_plugins(ctx, node):
    plugins = _el("plugins")
    for p in ctx.device.system.plugins:
        entry = etree.SubElement(plugins, "entry")
        _fields(entry, [(k, p.get(k, "")) for k in ("name", "version", "release-date", "release-note-url",
                                                     "pkg-file", "size", "platform", "installed", "downloaded")])
    return serializer.result([plugins])


@command("request license info")
def license_info(ctx, node):
    licenses = _el("licenses")
    for feature, description, expires in ctx.device.system.licenses:
        entry = etree.SubElement(licenses, "entry")
        _fields(entry, [("feature", feature), ("description", description), ("serial", ctx.device.serial),
                        ("issued", "May 20, 2024"), ("expires", expires), ("expired", "no"),
                        ("base-license-name", "PA-VM"), ("authcode", "")])
    return serializer.result([licenses])


# show session info: fields and order of op_show_session_info.xml. Settings are static; _SESSIONS marks the
# counters that report the emulated session table, every other counter is 0.
_SESSIONS = object()
_SESSION_INFO = [
    ("age-accel-en", "True"), ("age-accel-thresh", "80"), ("age-accel-tsf", "2"), ("age-scan-ssf", "8"),
    ("age-scan-thresh", "80"), ("age-scan-tmo", "10"), ("cps", 0), ("dis-def", "60"), ("dis-sctp", "30"),
    ("dis-tcp", "90"), ("dis-udp", "60"), ("hw-offload", "True"), ("hw-udp-offload", "True"),
    ("icmp-unreachable-rate", "200"), ("ipv6-fw", "True"), ("kbps", 0), ("max-pending-mcast", 0),
    ("num-active", _SESSIONS), ("num-bcast", 0), ("num-gtpc", 0), ("num-gtpu-active", 0), ("num-gtpu-pending", 0),
    ("num-http2-5gc", 0), ("num-icmp", 0), ("num-imsi", 0), ("num-installed", _SESSIONS), ("num-max", "256000"),
    ("num-mcast", 0), ("num-pfcpc", 0), ("num-predict", 0), ("num-sctp-assoc", 0), ("num-sctp-sess", 0),
    ("num-tcp", _SESSIONS), ("num-udp", 0), ("oor-action", "drop"), ("pps", 0), ("run-tc", "True"),
    ("strict-checksum", "True"), ("sw-cutthrough", "False"), ("tcp-cong-ctrl", "3"), ("tcp-diff-syn-rej", "True"),
    ("tcp-no-refresh-fin-rst", "False"), ("tcp-nonsyn-rej", "True"), ("tcp-reject-siw-enable", "False"),
    ("tcp-reject-siw-thresh", "4"), ("tcp-strict-rst", "True"), ("tmo-5gcdelete", "15"), ("tmo-cp", "30"),
    ("tmo-def", "30"), ("tmo-icmp", "6"), ("tmo-sctp", "3600"), ("tmo-sctpcookie", "60"), ("tmo-sctpinit", "5"),
    ("tmo-sctpshutdown", "60"), ("tmo-tcp", "3600"), ("tmo-tcp-delayed-ack", "25"), ("tmo-tcp-unverif-rst", "30"),
    ("tmo-tcphalfclosed", "120"), ("tmo-tcphandshake", "10"), ("tmo-tcpinit", "5"), ("tmo-tcptimewait", "15"),
    ("tmo-udp", "30"), ("tunnel-accel", "True"), ("vardata-rate", "10485760"), ("dp", "*.dp0"),
]


@command("show session info")
def session_info(ctx, node):
    n = len(ctx.device.runtime.sessions)
    return serializer.result(_fields(_el("x"), [(tag, n if value is _SESSIONS else value)
                                                for tag, value in _SESSION_INFO]))


@command("show session all")
def session_all(ctx, node):
    entries = []
    for sid, sess in sorted(ctx.device.runtime.sessions.items(), key=lambda kv: int(kv[0])):
        entries.append(_fields(_el("entry"), [("idx", sid)] + [(k, v) for k, v in sorted(sess.items())]))
    return serializer.result(entries)


@command("show user ip-user-mapping all")
def user_mapping(ctx, node):
    entries = [_fields(_el("entry"), [("ip", ip), ("vsys", "vsys1"), ("type", "XMLAPI"), ("user", user),
                                      ("idle_timeout", "2700"), ("timeout", "2700")])
               for ip, user in sorted(ctx.device.runtime.user_ip.items())]
    return serializer.result(entries)


@command("show system masterkey-properties")
def masterkey_properties(ctx, node):
    return serializer.result(_fields(_el("x"), ctx.device.mkey.properties(ctx.device.now())))


@command("request master-key")
def request_master_key(ctx, node):
    args = _args(node)
    if not args.get("new-master-key"):
        raise IncompleteCommand(["request", "master-key"])
    try:
        lifetime = int(args.get("lifetime") or 0)
        reminder = int(args["reminder"]) if args.get("reminder") else None
    except ValueError:
        raise MasterKeyRejected("bad_lifetime") from None
    job = ctx.device.change_master_key(ctx.admin, args["new-master-key"], args.get("current-master-key"),
                                       lifetime, reminder, args.get("on-hsm") == "yes")
    # REAL (create_master_key.xml): a text result, no code, no result/job; the commit's id is only in the text
    return serializer.result(text=M.MASTER_KEY_CHANGED.format(jobid=job.id))


# ---------------------------------------------------------------------- jobs, commits, locks
@command("show jobs id")
def show_job(ctx, node):
    job = ctx.device.jobs.get((node.text or "").strip().strip('"'))
    return serializer.result([_job_xml(job, ctx.device.schema.job_tfin)])


@command("show jobs all", "show jobs pending", "show jobs processed")
def show_jobs(ctx, node):
    tfin = ctx.device.schema.job_tfin
    return serializer.result([_failed_job_xml() if job is FAILED_JOB else _job_xml(job, tfin)
                              for job in ctx.device.jobs.listing(node.tag)])


_TIME_ONLY = "%H:%M:%S"
_DATE_TIME = "%Y/%m/%d %H:%M:%S"


def _job_xml(job, tfin_format):
    """One <job> of show jobs; ``tfin_format``: the schema's strftime of a finished job's tfin (full date on 10.x,
    time only before)."""
    out = etree.Element("job")
    fin = job.status == "FIN"

    def add(tag, text):
        etree.SubElement(out, tag).text = text

    # Field order and presence follow op_show_jobs_id.commit.fin-ok.pan-os-8.1.xml; pan-os-python reads
    # id/user/tenq/tfin with [] so they must always be present. tenq is a date and time, tdeq a time, in every
    # sample of every release.
    add("tenq", _fmt(job.tenq, _DATE_TIME))
    add("tdeq", _fmt(job.tdeq, _TIME_ONLY))
    add("id", str(job.id))
    add("user", job.user or "")
    add("type", job.type)
    add("status", job.status)
    add("queued", "YES" if job.status == "PEND" else "NO")
    add("stoppable", "no" if fin or job.progress() >= 99 else "yes")
    add("result", job.result)
    add("tfin", _fmt(job.tfin, tfin_format) if fin else "Still Active")
    add("description", job.description or "")
    add("positionInQ", str(job.position))
    add("progress", str(job.progress()))
    details = etree.SubElement(out, "details")
    for line in job.details:
        etree.SubElement(details, "line").text = line
    warnings = etree.SubElement(out, "warnings")
    for line in job.warnings:
        etree.SubElement(warnings, "line").text = line
    return out


def _failed_job_xml():
    """The id-less entry a job lost to a configd restart leaves in show jobs all (REAL shape, jobs.py)."""
    out = etree.Element("job")
    etree.SubElement(out, "type").text = "Failed-Job"
    details = etree.SubElement(out, "details")
    for line in M.FAILED_JOB_DETAILS:
        etree.SubElement(details, "line").text = line
    etree.SubElement(out, "warnings")
    return out


def _fmt(dt, pattern):
    return dt.strftime(pattern) if dt else ""


@command("check pending-changes")
def pending_changes(ctx, node):
    return serializer.result(text="yes" if ctx.device.store.has_pending() else "no")


@command("revert config")
def revert_config(ctx, node):
    """``<revert><config><partial><admin><member>A</member></admin></partial></config></revert>`` discards those
    admins' uncommitted changes (the command: REAL, public scripts; the answer's text: ASSUMED); without
    ``<partial>`` every admin's."""
    admins = [m.text for m in node.findall("partial/admin/member") if m.text]
    if node.find("partial") is not None and not admins:
        admins = [ctx.admin]
    if admins:
        for admin in admins:
            ctx.device.store.revert(admin)
    else:
        ctx.device.store.revert()
    return serializer.result(text=M.REVERT_DONE)


@command("check full-commit-required")
def full_commit_required(ctx, node):
    return serializer.result(text="no")


@command("request config-lock add", "request commit-lock add")
def lock_add(ctx, node):
    kind = "config" if node.getparent().tag == "config-lock" else "commit"
    ctx.device.add_lock(kind, ctx.admin, _args(node).get("comment", ""))
    return serializer.result(text=(M.CONFIG_LOCK_ADDED if kind == "config" else M.COMMIT_LOCK_ADDED)
                             .format(admin=ctx.admin))


@command("request config-lock remove", "request commit-lock remove")
def lock_remove(ctx, node):
    kind = "config" if node.getparent().tag == "config-lock" else "commit"
    holder = ctx.device.remove_lock(kind, ctx.admin, _args(node).get("admin"))
    return serializer.result(text=(M.CONFIG_LOCK_REMOVED if kind == "config" else M.COMMIT_LOCK_REMOVED)
                             .format(admin=holder))


@command("show config-locks", "show commit-locks")
def lock_show(ctx, node):
    kind = "config" if node.tag == "config-locks" else "commit"
    container = _el(node.tag)
    for admin, fields in ctx.device.locks(kind).entries():
        entry = _fields(etree.SubElement(container, "entry", name=admin), fields[:-1])
        etree.SubElement(entry, "comment").text = etree.CDATA(fields[-1][1])  # REAL: <comment><![CDATA[(null)]]>
    return serializer.result([container])


@command("show config running")
def show_config_running(ctx, node):
    """The whole running config in <result> (REAL shape: demisto/content test_data/show_running_config.xml)."""
    return serializer.result(ctx.device.store.show("/config"))


# ---------------------------------------------------------------------- high availability
@command("show high-availability all", "show high-availability state")
def show_ha(ctx, node):
    return serializer.result(ha_state_xml(ctx.device))


@command("show high-availability state-synchronization")
def show_state_sync(ctx, node):
    dev, pair = ctx.device, ctx.pair
    up = pair.sessions_sync_up()
    body = _fields(_el("state-synchronization"), [
        ("enabled", "yes" if pair.state_sync_enabled(dev) else "no"),
        ("ha2-link", "up" if pair.links["ha2"] else "down"),
        ("status", "synchronizing" if up else "not-synchronizing"),
        ("sessions", len(dev.runtime.sessions)),
    ])
    return serializer.result([body])


@command("request high-availability state suspend")
def ha_suspend(ctx, node):
    ctx.pair.suspend(ctx.device)
    return serializer.result(text=M.HA_SUSPEND_OK)


@command("request high-availability state functional")
def ha_functional(ctx, node):
    ctx.pair.make_functional(ctx.device)
    return serializer.result(text=M.HA_FUNCTIONAL_OK)


# the reply to a sync-to-remote that was accepted, by target
_SYNC_DONE = {"running-config": M.HA_SYNC_QUEUED, "candidate-config": M.HA_SYNC_QUEUED, "clock": M.HA_SYNC_CLOCK_OK,
              "runtime-state": M.HA_RUNTIME_STATE_OK}


@command(*["request high-availability sync-to-remote " + t for t in SYNC_TARGETS])
def sync_to_remote(ctx, node):
    if ctx.pair is None:
        raise NotEnabled()
    ctx.pair.sync_to_remote(ctx.device, node.tag, ctx.admin)
    return serializer.msg_lines([_SYNC_DONE.get(node.tag) or M.HA_SYNC_TARGET_OK.format(target=node.tag)])


@command("request high-availability runtime-state")
def runtime_state(ctx, node):
    ctx.pair.sync_runtime_state(ctx.device)
    return serializer.msg_lines([M.HA_RUNTIME_STATE_OK])

