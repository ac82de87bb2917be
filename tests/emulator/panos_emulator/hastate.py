"""``show high-availability state|all`` for one device, in the field layout of the real samples
(op_show_high-availability_state.*.xml). ``all`` and ``state`` share this skeleton (see ASSUMPTIONS.md)."""

import time

from lxml import etree

from .opcommands import _el, _fields, _mac


def ha_state_xml(dev):
    pair = dev.pair
    if pair is None or not pair.enabled(dev):
        return [_el("enabled", "no"), _fields(_el("group"), [("local-info", _fields(
            _el("local-info"), [("ha1-encrypt-imported", "no")]))])]
    peer = pair.peer(dev)
    mode = pair.mode(dev)
    mode_text = "Active-Active" if mode == "active-active" else "Active-Passive"
    ha1_up = pair.ha1_up()
    compat = pair.compat(dev)
    group = _el("group")
    _fields(group, [("mode", mode_text), ("local-info", _local_info(dev, pair, mode, mode_text, compat)),
                    ("peer-info", _peer_info(dev, peer, pair, mode_text, ha1_up))])
    _fields(group, [
        ("link-monitoring", _fields(_el("link-monitoring"), [("fail-cond", "any"), ("enabled", "no"),
                                                            ("groups", _el("groups"))])),
        ("path-monitoring", _fields(_el("path-monitoring"), [("vwire", _el("vwire")), ("fail-cond", "any"),
                                                            ("vlan", _el("vlan")), ("enabled", "no"),
                                                            ("vrouter", _el("vrouter"))])),
        ("running-sync", pair.running_sync(dev)),
        ("running-sync-enabled", "yes" if pair.config_sync_enabled(dev) else "no"),
    ])
    return [_el("enabled", "yes"), group]


def _ha_ip(dev, link):
    ip = dev.ha_config("interface/%s/ip-address" % link, "")
    mask = dev.ha_config("interface/%s/netmask" % link, "")
    if not ip:
        return ""
    bits = sum(bin(int(o)).count("1") for o in mask.split(".")) if mask.count(".") == 3 else 24
    return "%s/%d" % (ip, bits)


def _state_sync_text(dev, pair):
    if not pair.ha1_up():
        return "HA1-peer-disconnected"
    if not pair.state_sync_enabled(dev):
        return "Disabled"
    return "Complete" if pair.links["ha2"] else "Incomplete"


def _local_info(dev, pair, mode, mode_text, compat):
    s = dev.system
    fields = [
        ("version", "1"), ("state", pair.state[dev.name]),
        ("state-duration", int(time.monotonic() - pair.state_since[dev.name])),
        ("mgmt-ip", "%s/8" % dev.address), ("mgmt-ipv6", ""),
        ("preemptive", "yes" if pair.preemptive(dev) else "no"), ("mode", mode_text),
        ("platform-model", s.model), ("priority", pair.priority(dev)),
        ("ha1-ipaddr", _ha_ip(dev, "ha1")), ("ha1-macaddr", _mac(dev.serial, 1)),
        ("ha1-port", dev.ha_config("interface/ha1/port", "management")),
        ("ha1-backup-ipaddr", _ha_ip(dev, "ha1-backup")), ("ha1-backup-macaddr", _mac(dev.serial, 2)),
        ("ha1-backup-port", dev.ha_config("interface/ha1-backup/port", "")),
        ("ha1-encrypt-imported", "no"), ("ha1-encrypt-enable", "no"), ("ha1-link-mon-intv", "3000"),
        ("ha2-ipaddr", _ha_ip(dev, "ha2")), ("ha2-macaddr", _mac(dev.serial, 3)),
        ("ha2-port", dev.ha_config("interface/ha2/port", "ethernet1/3")),
        ("ha2-keep-alive", "log-only"), ("ha2-ka-thresh", "10000"),
        ("build-rel", s.sw_version), ("url-version", s.url_version), ("app-version", s.app_version),
        ("av-version", s.av_version), ("threat-version", s.threat_version),
        ("vpnclient-version", s.vpnclient_version), ("gpclient-version", s.gp_client_version),
        ("vm-license", "VM-300"), ("vm-license-type", "vm300"),
        ("build-compat", compat["build"]), ("url-compat", compat["url"]), ("app-compat", compat["app"]),
        ("av-compat", compat["av"]), ("threat-compat", compat["threat"]),
        ("vpnclient-compat", compat["vpnclient"]), ("gpclient-compat", compat["gpclient"]),
        ("vm-license-compat", compat["vm-license"]),
        ("promotion-hold", "2000"), ("hello-interval", "8000"), ("heartbeat-interval", "2000"),
        ("preempt-hold", "1"), ("monitor-fail-holdup", "0"), ("addon-master-holdup", "500"),
        ("max-flaps", "3"), ("preempt-flap-cnt", "0"), ("nonfunc-flap-cnt", "0"),
        ("state-sync", _state_sync_text(dev, pair)),
        ("state-sync-type", dev.ha_config("group/state-synchronization/transport", "ethernet")),
    ]
    if mode == "active-active":
        aa = _fields(_el("active-active"), [
            ("device-id", dev.ha_config("group/mode/active-active/device-id", "0")),
            ("tentative-hold", "60"),
            ("vr-sync", "yes" if pair.conditions(dev)["vr_sync"] else "no"),
            ("qos-sync", "yes" if pair.conditions(dev)["qos_sync"] else "no")])
        fields.append(("active-active", aa))
    else:
        ap = _fields(_el("active-passive"), [
            ("passive-link-state", dev.ha_config("group/mode/active-passive/passive-link-state", "auto")),
            ("monitor-fail-holddown", "1")])
        fields.append(("active-passive", ap))
    return _fields(_el("local-info"), fields)


def _conn(tag, up, desc, primary=True):
    fields = [("conn-status", "up" if up else "down")]
    if tag == "conn-ha2":
        fields.append(("conn-ka-enbled", "no"))  # sic: the PAN-OS spelling, in every real sample
    if primary is not None:
        fields.append(("conn-primary", "yes" if primary else "no"))
    fields.append(("conn-desc", desc))
    if not up:
        fields.append(("conn-down-reason", "Link down"))
    return _fields(_el(tag), fields)


def _peer_info(dev, peer, pair, mode_text, ha1_up):
    links = pair.links
    conns = [
        ("conn-ha1", _conn("conn-ha1", links["ha1"], "heartbeat status")),
        ("conn-ha1-backup", _conn("conn-ha1-backup", links["ha1-backup"], "heartbeat status", None)),
        ("conn-ha2", _conn("conn-ha2", links["ha2"], "link status")),
    ]
    if not ha1_up:
        return _fields(_el("peer-info"), [
            ("conn-status", "down"), ("conn-down-reason", "Link down"), ("state", "unknown"),
            ("state-duration", int(time.monotonic() - pair.state_since[peer.name])),
            ("priority", pair.priority(peer)), ("mgmt-ip", ""), ("mgmt-ipv6", ""),
            ("ha1-ipaddr", dev.ha_config("group/peer-ip", "")), ("ha1-macaddr", "00:00:00:00:00:00"),
            ("ha2-macaddr", "00:00:00:00:00:00"), ("vm-license", ""), ("build-rel", "Unknown"),
            ("app-version", "Unknown"), ("url-version", "Unknown"), ("av-version", "Unknown"),
            ("threat-version", "Unknown"), ("vpnclient-version", "Unknown"), ("gpclient-version", "Unknown"),
            ("platform-model", ""), ("mode", "Unknown"), ("preemptive", "no"), ("version", "0"),
        ] + conns)
    s = peer.system
    return _fields(_el("peer-info"), [
        ("conn-status", "up"), ("version", "1"), ("state", pair.state[peer.name]),
        ("state-duration", int(time.monotonic() - pair.state_since[peer.name])),
        ("last-error-reason", "User requested" if pair.suspended[peer.name] else ""),
        ("last-error-state", "suspended" if pair.suspended[peer.name] else ""),
        ("mgmt-ip", "%s/8" % peer.address), ("mgmt-ipv6", ""),
        ("preemptive", "yes" if pair.preemptive(peer) else "no"), ("mode", mode_text),
        ("platform-model", s.model), ("priority", pair.priority(peer)),
        ("ha1-ipaddr", _ha_ip(peer, "ha1").split("/")[0]), ("ha1-macaddr", _mac(peer.serial, 1)),
        ("ha1-backup-ipaddr", _ha_ip(peer, "ha1-backup").split("/")[0]),
        ("ha1-backup-macaddr", _mac(peer.serial, 2)),
        ("ha2-ipaddr", _ha_ip(peer, "ha2").split("/")[0]), ("ha2-macaddr", _mac(peer.serial, 3)),
        ("build-rel", s.sw_version), ("url-version", s.url_version), ("app-version", s.app_version),
        ("av-version", s.av_version), ("threat-version", s.threat_version),
        ("vpnclient-version", s.vpnclient_version), ("gpclient-version", s.gp_client_version),
        ("vm-license", "VM-300"), ("vm-license-type", "vm300"),
    ] + conns)


__all__ = ["ha_state_xml", "etree"]
