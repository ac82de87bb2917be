"""``show high-availability state|all`` for one device, in the layout of the real samples of the device's schema.

Each block is built as a field table and written in the schema's order (schema.py): the layout, element names and
vocabulary are data there, the values come from the pair model here. ``all`` and ``state`` share this skeleton
(see ASSUMPTIONS.md §2).
"""

import time

from lxml import etree

from . import messages as M
from .schema import HA_PLUGIN_LEAVES, PLUGINS
from .serializer import el as _el, fields as _fields
from .sysinfo import mac_address as _mac

MON = "group/monitoring/"


def ha_state_xml(dev):
    pair = dev.pair
    if pair is None or not pair.enabled(dev):
        return [_el("enabled", "no"), _fields(_el("group"), [("local-info", _fields(
            _el("local-info"), [("ha1-encrypt-imported", "no")]))])]
    schema = dev.schema
    mode = pair.mode(dev)
    mode_text = "Active-Active" if mode == "active-active" else "Active-Passive"
    peer = pair.peer(dev)
    if pair.ha1_up():
        peer_info = _ordered("peer-info", _peer_fields(dev, peer, pair, mode_text), schema.peer_info_order)
    else:
        peer_info = _ordered("peer-info", _peer_down_fields(dev, peer, pair), schema.peer_down_order)
    group = _fields(_el("group"), [
        ("mode", mode_text),
        ("local-info", _ordered("local-info", _local_fields(dev, pair, mode, mode_text), schema.local_info_order)),
        ("peer-info", peer_info),
        ("link-monitoring", _link_monitoring(dev)),
        ("path-monitoring", _path_monitoring(dev)),
        ("running-sync", pair.running_sync(dev)),
        ("running-sync-enabled", "yes" if pair.config_sync_enabled(dev) else "no"),
    ])
    return [_el("enabled", "yes"), group]


def _ordered(tag, fields, order):
    """An element with ``fields`` ({tag: text or element}) as children in ``order``; plugin leaves without a place
    of their own go where the order says PLUGINS, anything else the order lacks at the end."""
    out = _el(tag)
    rest = [name for name in fields if name not in order]
    for name in order:
        if name == PLUGINS:
            _fields(out, [(extra, fields[extra]) for extra in rest if extra in fields.get(PLUGINS, ())])
            continue
        if name in fields:
            _fields(out, [(name, fields[name])])
    _fields(out, [(name, fields[name]) for name in rest if name != PLUGINS and name not in fields.get(PLUGINS, ())])
    return out


def _ha_ip(dev, link, with_mask=True):
    ip = dev.ha_config("interface/%s/ip-address" % link, "")
    mask = dev.ha_config("interface/%s/netmask" % link, "")
    if not ip and link == "ha1" and dev.ha_config("interface/ha1/port", "management") == "management":
        # HA1 on the management port has the management address (PA-VM 10.2.3 sample: ha1-ipaddr = mgmt-ip)
        ip, mask = dev.address, "255.0.0.0"
    if not ip or not with_mask:
        return ip
    bits = sum(bin(int(o)).count("1") for o in mask.split(".")) if mask.count(".") == 3 else 24
    return "%s/%d" % (ip, bits)


def _state_sync_text(dev, pair):
    if not pair.ha1_up():
        return "HA1-peer-disconnected"  # REAL (peer-down sample)
    if not pair.state_sync_enabled(dev):
        return "User-disabled"  # REAL (PA-VM 10.0.9 sample with state synchronization switched off)
    return "Complete" if pair.links["ha2"] else "Incomplete"  # Complete REAL; Incomplete (HA2 down) ASSUMED


def _plugin_leaf(name):
    return HA_PLUGIN_LEAVES.get(name, name)


def _local_fields(dev, pair, mode, mode_text):
    s, schema = dev.system, dev.schema
    compat = pair.compat(dev)
    f = {
        "version": "1", "state": pair.state[dev.name],
        "state-duration": int(time.monotonic() - pair.state_since[dev.name]),
        "mgmt-ip": "%s/8" % dev.address, "mgmt-ipv6": "",
        "preemptive": "yes" if pair.preemptive(dev) else "no", "mode": mode_text,
        "platform-model": s.model, "priority": pair.priority(dev),
        "ha1-ipaddr": _ha_ip(dev, "ha1"), "ha1-macaddr": _mac(dev.serial, 1),
        "ha1-port": dev.ha_config("interface/ha1/port", "management"),
        "ha1-encrypt-imported": "no", "ha1-encrypt-enable": "no", "ha1-link-mon-intv": "3000",
        "ha2-ipaddr": _ha_ip(dev, "ha2"), "ha2-macaddr": _mac(dev.serial, 3),
        "ha2-port": dev.ha_config("interface/ha2/port", "ethernet1/3"),
        "build-rel": s.sw_version, "url-version": s.url_version, "app-version": s.app_version,
        "av-version": s.av_version, "threat-version": s.threat_version,
        "vpnclient-version": s.vpnclient_version, "gpclient-version": s.gp_client_version,
        "vm-license": "VM-300", "vm-license-type": "vm300",
        "promotion-hold": "2000", "hello-interval": "8000", "heartbeat-interval": "2000",
        "preempt-hold": "1", "monitor-fail-holdup": "0", "addon-master-holdup": "500",
        "max-flaps": "3", "preempt-flap-cnt": "0", "nonfunc-flap-cnt": "0",
        "state-sync": _state_sync_text(dev, pair),
        "state-sync-type": dev.ha_config("group/state-synchronization/transport", "ethernet"),
    }
    for name in ("build", "url", "app", "av", "threat", "vpnclient", "gpclient", "vm-license"):
        f[name + "-compat"] = compat[name]
    # HA1 on the management port uses the management gateway (PA-VM 8.1.3 and 10.2.3 samples); an HA1 or HA2
    # interface with its own gateway reports it
    gateway = dev.ha_config("interface/ha1/gateway", "") or (
        dev.system_config("default-gateway") if f["ha1-port"] == "management" else "")
    if gateway:
        f["ha1-gateway"] = gateway
    if dev.ha_config("interface/ha2/gateway", ""):
        f["ha2-gateway"] = dev.ha_config("interface/ha2/gateway", "")
    if dev.ha_config("interface/ha1-backup/port", ""):
        f["ha1-backup-ipaddr"] = _ha_ip(dev, "ha1-backup")
        f["ha1-backup-macaddr"] = _mac(dev.serial, 2)
        f["ha1-backup-port"] = dev.ha_config("interface/ha1-backup/port", "")
    if dev.ha_config("group/state-synchronization/ha2-keep-alive/enabled", "no") == "yes":
        f["ha2-keep-alive"] = dev.ha_config("group/state-synchronization/ha2-keep-alive/action", "log-only")
        f["ha2-ka-thresh"] = dev.ha_config("group/state-synchronization/ha2-keep-alive/threshold", "10000")
    if schema.ha_iot:
        f["iot-version"], f["iot-compat"] = s.iot_version, compat["iot"]
    if pair.last_error[dev.name]:
        f["last-error-state"], f["last-error-reason"] = pair.last_error[dev.name]
    if mode == "active-active":
        f["active-active"] = _fields(_el("active-active"), [  # ASSUMED block (see ASSUMPTIONS.md §2)
            ("device-id", dev.ha_config("group/mode/active-active/device-id", "0")),
            ("tentative-hold", "60"),
            ("vr-sync", "yes" if pair.conditions(dev)["vr_sync"] else "no"),
            ("qos-sync", "yes" if pair.conditions(dev)["qos_sync"] else "no")])
    else:
        f["active-passive"] = _fields(_el("active-passive"), [
            ("passive-link-state", dev.ha_config("group/mode/active-passive/passive-link-state", "shutdown")),
            ("monitor-fail-holddown", "1")])
    if schema.ha_plugin_leaves:
        leaves = {_plugin_leaf(name): value for name, value in pair.plugin_compat(dev).items()}
        f.update(leaves)
        f[PLUGINS] = tuple(leaves)
    return f


def _conn(tag, up, desc, primary=True):
    fields = [("conn-status", "up" if up else "down")]
    if tag == "conn-ha2":
        fields.append(("conn-ka-enbled", "no"))  # sic: the PAN-OS spelling, in every real sample
    if primary is not None:
        fields.append(("conn-primary", "yes" if primary else "no"))
    fields.append(("conn-desc", desc))
    if not up:
        fields.append(("conn-down-reason", M.HA_LINK_DOWN))
    return _fields(_el(tag), fields)


def _conns(dev, pair):
    links = pair.links
    out = {"conn-ha1": _conn("conn-ha1", links["ha1"], "heartbeat status")}
    if dev.ha_config("interface/ha1-backup/port", ""):
        out["conn-ha1-backup"] = _conn("conn-ha1-backup", links["ha1-backup"], "heartbeat status", None)
    out["conn-ha2"] = _conn("conn-ha2", links["ha2"], "link status")
    return out


def _peer_fields(dev, peer, pair, mode_text):
    s = peer.system
    f = {
        "conn-status": "up", "version": "1", "state": pair.state[peer.name],
        "state-duration": int(time.monotonic() - pair.state_since[peer.name]),
        "mgmt-ip": "%s/8" % peer.address, "mgmt-ipv6": "",
        "preemptive": "yes" if pair.preemptive(peer) else "no", "mode": mode_text,
        "platform-model": s.model, "priority": pair.priority(peer),
        "ha1-ipaddr": _ha_ip(peer, "ha1", with_mask=False), "ha1-macaddr": _mac(peer.serial, 1),
        "ha2-ipaddr": _ha_ip(peer, "ha2", with_mask=False), "ha2-macaddr": _mac(peer.serial, 3),
        "build-rel": s.sw_version, "url-version": s.url_version, "app-version": s.app_version,
        "av-version": s.av_version, "threat-version": s.threat_version,
        "vpnclient-version": s.vpnclient_version, "gpclient-version": s.gp_client_version,
        "vm-license": "VM-300", "vm-license-type": "vm300",
    }
    if peer.ha_config("interface/ha1-backup/port", ""):
        f["ha1-backup-ipaddr"] = _ha_ip(peer, "ha1-backup", with_mask=False)
        f["ha1-backup-macaddr"] = _mac(peer.serial, 2)
    if pair.last_error[peer.name]:
        f["last-error-state"], f["last-error-reason"] = pair.last_error[peer.name]
    if dev.schema.ha_iot:
        f["iot-version"] = s.iot_version
    if dev.schema.ha_plugin_leaves:  # the peer's plugin versions (REAL: <VMS>3.0.3</VMS>)
        leaves = {_plugin_leaf(p["name"]): p.get("version", "") for p in s.plugins}
        f.update(leaves)
        f[PLUGINS] = tuple(leaves)
    f.update(_conns(dev, pair))
    return f


def _peer_down_fields(dev, peer, pair):
    f = {
        "conn-status": "down", "conn-down-reason": M.HA_LINK_DOWN, "state": "unknown",
        "state-duration": int(time.monotonic() - pair.state_since[peer.name]),
        "priority": pair.priority(peer), "mgmt-ip": "", "mgmt-ipv6": "",
        "ha1-ipaddr": dev.ha_config("group/peer-ip", ""), "ha1-macaddr": "00:00:00:00:00:00",
        "ha2-macaddr": "00:00:00:00:00:00", "vm-license": "", "build-rel": "Unknown",
        "app-version": "Unknown", "url-version": "Unknown", "av-version": "Unknown",
        "threat-version": "Unknown", "vpnclient-version": "Unknown", "gpclient-version": "Unknown",
        "platform-model": "", "mode": "Unknown", "preemptive": "no", "version": "0",
    }
    f.update(_conns(dev, pair))
    return f


def _link_monitoring(dev):
    """enabled / failure-condition as configured (PAN-OS defaults yes / any when absent), and the configured link
    groups (interfaces reported up: there is no dataplane)."""
    schema = dev.schema
    groups = _el("groups")
    root = dev.store.running_root()
    for entry in root.xpath("/config/devices/entry/deviceconfig/high-availability/" + MON +
                            "link-monitoring/link-group/entry"):
        interfaces = _el("interface")
        for member in entry.findall("interface/member"):
            _fields(etree.SubElement(interfaces, "entry"), [("status", "up"), ("name", (member.text or "").strip())])
        groups.append(_fields(_el("entry"), [
            ("interface", interfaces),
            (schema.spell("failure-condition"), entry.findtext("failure-condition") or "any"),
            ("enabled", entry.findtext("enabled") or "yes"), ("name", entry.get("name"))]))
    return _fields(_el("link-monitoring"), [
        (schema.spell("failure-condition"), dev.ha_config(MON + "link-monitoring/failure-condition", "any")),
        ("enabled", dev.ha_config(MON + "link-monitoring/enabled", "yes")),
        ("groups", groups)])


def _path_monitoring(dev):
    """enabled / failure-condition as configured; the group containers are always empty (path groups are not
    emulated)."""
    schema = dev.schema
    values = {"failure-condition": dev.ha_config(MON + "path-monitoring/failure-condition", "any"),
              "enabled": dev.ha_config(MON + "path-monitoring/enabled", "yes")}
    out = _el("path-monitoring")
    for name in schema.path_monitoring_order:
        child = etree.SubElement(out, schema.spell(name))
        if name in values:
            child.text = values[name]
    return out
