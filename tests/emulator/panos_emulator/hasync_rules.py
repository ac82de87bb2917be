"""What a device leaves out when it syncs its config to the HA peer, per HA mode.

This is the emulated device's own truth, kept apart from the collection's catalog
(plugins/module_utils/catalog_tables/) on purpose: tests/emulator/tests/test_hasync_rules.py cross-checks the
two, so a collection that disagrees with the device shows up as a test failure instead of agreeing with
itself.

Source: seed 000 ("What Doesn't Sync in Active/Passive HA?" / "... Active/Active HA?") and
reference/panos-xml/xpaths.md section 2; XPaths that xpaths.md lacks come from client-library definitions
(pan-os-python network.py for interfaces, IKE gateways, IPSec tunnels and virtual routers; pango for BFD
profiles; pan-os-codegen specs for the aggregate-ethernet LACP system priority and GlobalProtect).

Every XPath is absolute and plain enough for lxml's ``root.xpath(x)``: ``entry`` steps carry no name
predicate, so they match every entry. pair.py removes the matches from the sender's config before sync and
digest, and re-inserts the receiver's own matches after. Within one mode no XPath matches inside another's
match (the test checks), so removal order does not matter.

Interface used by pair.py: ``non_synced_xpaths(mode, conditions=None) -> list[str]``, where mode is
"active-passive" or "active-active" and conditions is {"vr_sync", "qos_sync", "floating_ip": bool}.
"""

from .default_config import DEV, HA

SYSTEM = DEV + "/deviceconfig/system"
SETTING = DEV + "/deviceconfig/setting"
IFACE = DEV + "/network/interface"

# Rows of both tables.
_BOTH_MODES = [
    # HA settings
    HA,
    # Management Interface Settings: general, management interface, administrator authentication
    SYSTEM + "/hostname", SYSTEM + "/domain", SYSTEM + "/login-banner", SYSTEM + "/ssl-tls-service-profile",
    SYSTEM + "/timezone", SYSTEM + "/locale", SYSTEM + "/geo-location",
    SYSTEM + "/type", SYSTEM + "/ip-address", SYSTEM + "/netmask", SYSTEM + "/default-gateway",
    SYSTEM + "/ipv6-address", SYSTEM + "/ipv6-default-gateway", SYSTEM + "/speed-duplex", SYSTEM + "/mtu",
    SYSTEM + "/service", SYSTEM + "/permitted-ip",
    SYSTEM + "/authentication-profile", SYSTEM + "/certificate-profile", SETTING + "/management/admin-lockout",
    # Services: DNS, NTP, update server, proxy
    SYSTEM + "/dns-setting", SYSTEM + "/ntp-servers", SYSTEM + "/update-server", SYSTEM + "/server-verification",
    SYSTEM + "/secure-proxy-server", SYSTEM + "/secure-proxy-port", SYSTEM + "/secure-proxy-user",
    SYSTEM + "/secure-proxy-password",
    # Panorama Settings (>= 9.1 and < 9.1 layouts), SNMP, Global Service Routes
    SYSTEM + "/panorama", SYSTEM + "/panorama-server", SYSTEM + "/panorama-server-2",
    SYSTEM + "/snmp-setting", SYSTEM + "/route",
    # Master Key Secured by HSM (A/P) / HSM Configuration (A/A): the flag's own leaf is unknown, so the
    # whole container stays per device in both modes.
    SYSTEM + "/hsm-settings",
    # Log Export Settings; Master Key (the key is op state; its auto-renew lifetime is config)
    SYSTEM + "/log-export-schedule", SYSTEM + "/auto-renew-mkey-lifetime",
    # Jumbo Frames
    SETTING + "/jumbo-frame",
    # Packet Buffer Protection: session settings and the per-zone flag
    SETTING + "/session/packet-buffer-protection-enable",
    SETTING + "/session/packet-buffer-protection-alert",
    SETTING + "/session/packet-buffer-protection-activate",
    SETTING + "/session/packet-buffer-protection-latency-alert",
    SETTING + "/session/packet-buffer-protection-latency-activate",
    DEV + "/vsys/entry/zone/entry/network/enable-packet-buffer-protection",
]

# Rows of the A/A table only (in A/P these sync).
_ACTIVE_ACTIVE_ONLY = [
    # Telemetry and Threat Intelligence Settings (only in the A/A table)
    SYSTEM + "/update-schedule/statistics-service", SYSTEM + "/device-telemetry",
    # Ethernet (incl. aggregate), Loopback, Tunnel and VLAN interface IP addresses
    IFACE + "/ethernet/entry/layer3/ip", IFACE + "/ethernet/entry/layer3/ipv6/address",
    IFACE + "/ethernet/entry/layer3/units/entry/ip", IFACE + "/ethernet/entry/layer3/units/entry/ipv6/address",
    IFACE + "/aggregate-ethernet/entry/layer3/ip", IFACE + "/aggregate-ethernet/entry/layer3/ipv6/address",
    IFACE + "/aggregate-ethernet/entry/layer3/units/entry/ip",
    IFACE + "/aggregate-ethernet/entry/layer3/units/entry/ipv6/address",
    IFACE + "/loopback/units/entry/ip", IFACE + "/loopback/units/entry/ipv6/address",
    IFACE + "/tunnel/units/entry/ip", IFACE + "/tunnel/units/entry/ipv6/address",
    IFACE + "/vlan/units/entry/ip", IFACE + "/vlan/units/entry/ipv6/address",
    # LACP System Priority (per aggregate group, in each mode an ae interface can have)
    IFACE + "/aggregate-ethernet/entry/layer3/lacp/system-priority",
    IFACE + "/aggregate-ethernet/entry/layer2/lacp/system-priority",
    IFACE + "/aggregate-ethernet/entry/ha/lacp/system-priority",
    # BFD ("No BFD configuration or BFD session data is synchronized"). LLDP is not here: its row speaks of
    # LLDP state and per-firewall data, not of LLDP profile configuration.
    DEV + "/network/profiles/bfd-profile",
]

NON_SYNCED_XPATHS = {
    "active-passive": list(_BOTH_MODES),
    "active-active": _BOTH_MODES + _ACTIVE_ACTIVE_ONLY,
}

# A/A rows that sync only under a condition: while the condition is off they stay per device, i.e. they are
# stripped too. (In A/P they always sync.)
CONDITIONAL_NON_SYNCED_XPATHS = {
    "vr_sync": [DEV + "/network/virtual-router"],
    "qos_sync": [DEV + "/network/qos"],
    "floating_ip": [
        DEV + "/network/ike/gateway",
        DEV + "/network/tunnel/ipsec",
        DEV + "/vsys/entry/global-protect/global-protect-portal",
        DEV + "/vsys/entry/global-protect/global-protect-gateway",
    ],
}

# How each condition reads in a device's config (true when the XPath matches anything).
CONDITION_XPATHS = {
    "vr_sync": HA + "/group/mode/active-active/network-configuration/sync/virtual-router[text()='yes']",
    "qos_sync": HA + "/group/mode/active-active/network-configuration/sync/qos[text()='yes']",
    "floating_ip": HA + "/group/mode/active-active/virtual-address//floating",
}

def non_synced_xpaths(mode, conditions=None):
    """The absolute XPaths a device of `mode` keeps to itself, given the A/A sync conditions."""
    if mode not in NON_SYNCED_XPATHS:
        raise ValueError(f"unknown HA mode {mode!r}")
    out = list(NON_SYNCED_XPATHS[mode])
    if mode == "active-active":
        conditions = conditions or {}
        for condition, xpaths in CONDITIONAL_NON_SYNCED_XPATHS.items():
            if not conditions.get(condition):
                out.extend(xpaths)
    return out


def conditions_from_config(root):
    """{"vr_sync", "qos_sync", "floating_ip": bool} read from an lxml config tree."""
    return {name: bool(root.xpath(xpath)) for name, xpath in CONDITION_XPATHS.items()}
