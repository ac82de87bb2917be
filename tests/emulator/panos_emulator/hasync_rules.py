"""What a device leaves out when it syncs its config to the HA peer (the device's truth, kept apart from the
collection's catalog on purpose; tests/emulator/tests/test_hasync_rules.py cross-checks the two).

Interface used by pair.py: ``non_synced_xpaths(mode, conditions) -> list[str]`` of absolute XPaths, where
mode is "active-passive" or "active-active" and conditions is {"vr_sync", "qos_sync", "floating_ip"} (bools).
Source: seed 000 "What Doesn't Sync in Active/Passive|Active/Active HA?" and reference xpaths.md §2.
"""

DEV = "/config/devices/entry[@name='localhost.localdomain']"
SYSTEM = DEV + "/deviceconfig/system"
SETTING = DEV + "/deviceconfig/setting"

# Rows of both tables (management interface, panorama, SNMP, services, service routes, HSM, log export,
# jumbo frames, packet buffer protection, HA settings, master-key auto-renew).
COMMON = [
    DEV + "/deviceconfig/high-availability",
    SYSTEM + "/hostname", SYSTEM + "/domain", SYSTEM + "/login-banner", SYSTEM + "/timezone",
    SYSTEM + "/locale", SYSTEM + "/geo-location", SYSTEM + "/ssl-tls-service-profile",
    SYSTEM + "/type", SYSTEM + "/ip-address", SYSTEM + "/netmask", SYSTEM + "/default-gateway",
    SYSTEM + "/ipv6-address", SYSTEM + "/ipv6-default-gateway", SYSTEM + "/speed-duplex", SYSTEM + "/mtu",
    SYSTEM + "/service", SYSTEM + "/permitted-ip",
    SYSTEM + "/dns-setting", SYSTEM + "/ntp-servers", SYSTEM + "/update-server", SYSTEM + "/server-verification",
    SYSTEM + "/secure-proxy-server", SYSTEM + "/secure-proxy-port", SYSTEM + "/secure-proxy-user",
    SYSTEM + "/secure-proxy-password",
    SYSTEM + "/authentication-profile", SYSTEM + "/certificate-profile",
    SYSTEM + "/panorama", SYSTEM + "/panorama-server", SYSTEM + "/panorama-server-2",
    SYSTEM + "/snmp-setting", SYSTEM + "/route",
    SYSTEM + "/hsm-settings", SYSTEM + "/log-export-schedule", SYSTEM + "/auto-renew-mkey-lifetime",
    SYSTEM + "/log-link",
    SETTING + "/jumbo-frame",
    SETTING + "/session/packet-buffer-protection-enable", SETTING + "/session/packet-buffer-protection-alert",
    SETTING + "/session/packet-buffer-protection-activate",
    SETTING + "/session/packet-buffer-protection-latency-alert",
    SETTING + "/session/packet-buffer-protection-latency-activate",
]

ACTIVE_PASSIVE = COMMON

# A/A adds telemetry, interface IP addresses, LACP system priority, LLDP and BFD.
ACTIVE_ACTIVE = COMMON + [
    SYSTEM + "/update-schedule/statistics-service", SYSTEM + "/device-telemetry",
    DEV + "/network/interface/ethernet/entry/layer3/ip",
    DEV + "/network/interface/ethernet/entry/layer3/units/entry/ip",
    DEV + "/network/interface/aggregate-ethernet/entry/layer3/ip",
    DEV + "/network/interface/aggregate-ethernet/entry/layer3/units/entry/ip",
    DEV + "/network/interface/loopback/ip", DEV + "/network/interface/loopback/units/entry/ip",
    DEV + "/network/interface/tunnel/ip", DEV + "/network/interface/tunnel/units/entry/ip",
    DEV + "/network/interface/vlan/ip", DEV + "/network/interface/vlan/units/entry/ip",
    DEV + "/network/interface/aggregate-ethernet/entry/lacp/system-priority",
    DEV + "/network/lldp", DEV + "/network/profiles/lldp-profile", DEV + "/network/profiles/bfd-profile",
]

# A/A rows that sync only under a condition: when the condition is off, they stay per peer.
CONDITIONAL_ACTIVE_ACTIVE = {
    "vr_sync": [DEV + "/network/virtual-router"],
    "qos_sync": [DEV + "/network/qos"],
    "floating_ip": [DEV + "/network/tunnel/ipsec", DEV + "/network/ike/gateway",
                    DEV + "/vsys/entry/global-protect/global-protect-portal",
                    DEV + "/vsys/entry/global-protect/global-protect-gateway"],
}


def non_synced_xpaths(mode, conditions=None):
    if mode != "active-active":
        return list(ACTIVE_PASSIVE)
    conditions = conditions or {}
    out = list(ACTIVE_ACTIVE)
    for condition, xpaths in CONDITIONAL_ACTIVE_ACTIVE.items():
        if not conditions.get(condition):
            out.extend(xpaths)
    return out
