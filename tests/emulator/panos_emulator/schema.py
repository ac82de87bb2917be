"""Version profiles: what the emulator says differently depending on the PAN-OS release it reports.

One ``Schema`` row per profile, chosen per emulator start (``serve --schema 9.1``); nothing else in the package
compares version numbers. Every difference here comes from a recorded real response (the fixture names are in
tests/emulator/tests/fixtures/README.md; ASSUMPTIONS.md §9 lists the sources per row):

- 10.2 (default): PA-VM 10.0.9 passive peer (demisto/content show_ha_state_enabled.xml), PA-VM 10.2.3 passive peer
  (pan-os-upgrade-assurance docs), PA-400 10.2.11 show system info, jobs of 2023-2025 (full-date ``tfin``), the
  running config of an 11.1 device (``detail-version``).
- 9.1: PA-5250 9.1.11 (show high-availability state and show system info of the same device), PA-VM 8.1.3, the
  PA-5060 7.1.9 sample, jobs of the 8.1 era (time-only ``tfin``).

The element orders are the orders of those samples (PAN-OS does not sort these fields; the order below is what the
device printed). Elements the emulator reports that the sample of that release lacks are placed next to their
neighbour in the other samples.
"""

from dataclasses import dataclass

# Plugin package name -> the leaf show high-availability uses for it (REAL: "VMS" is the vm_series plugin and "DLP"
# the dlp plugin in both 10.x samples, peer-info carrying the peer's version: <VMS>3.0.3</VMS>, <DLP>3.0.2</DLP>;
# Panorama 10.1.5 shows Cloud-Services, NSX and AZ the same way). Other plugins use their package name (ASSUMED).
HA_PLUGIN_LEAVES = {"vm_series": "VMS", "dlp": "DLP", "cloud_services": "Cloud-Services", "nsx": "NSX",
                    "azure": "AZ"}
PLUGINS = "*plugins*"  # where plugin leaves without a fixed place in the order go

_LOCAL_10 = (
    "url-compat", "app-version", "gpclient-version", "build-rel", "ha2-port", "av-compat", "av-version",
    "ha1-gateway", "ha2-gateway", "ha2-keep-alive", "url-version", "ha1-backup-ipaddr", "active-passive",
    "active-active", "platform-model", "ha2-ipaddr", "vpnclient-compat", "ha1-ipaddr", "ha1-backup-macaddr",
    "vm-license", "ha2-macaddr", "monitor-fail-holdup", "priority", "preempt-hold", "state", "version",
    "promotion-hold", "threat-compat", "gpclient-compat", "state-sync", "vm-license-compat", "addon-master-holdup",
    "heartbeat-interval", "ha1-link-mon-intv", "hello-interval", "ha1-port", "ha1-encrypt-imported", "mgmt-ip",
    "ha1-backup-port", "vpnclient-version", "preempt-flap-cnt", "ha2-ka-thresh", "DLP", "nonfunc-flap-cnt",
    "threat-version", "ha1-macaddr", "vm-license-type", "state-duration", "max-flaps", "ha1-encrypt-enable",
    "mgmt-ipv6", "state-sync-type", "last-error-state", "preemptive", "iot-version", "mode", "build-compat",
    "iot-compat", "last-error-reason", "VMS", PLUGINS, "app-compat",
)
_PEER_10 = (
    "app-version", "gpclient-version", "url-version", "ha1-backup-ipaddr", "build-rel", "platform-model",
    "ha2-ipaddr", "vm-license", "ha2-macaddr", "priority", "state", "version", "last-error-reason", "iot-version",
    "conn-status", "ha1-backup-macaddr", "av-version", "vpnclient-version", "mgmt-ip", "conn-ha2", "DLP",
    "threat-version", "ha1-macaddr", "conn-ha1", "vm-license-type", "state-duration", "ha1-ipaddr", "mgmt-ipv6",
    "last-error-state", "preemptive", "mode", "VMS", PLUGINS, "conn-ha1-backup",
)
_LOCAL_9_1 = (
    "url-compat", "app-version", "gpclient-version", "build-rel", "ha2-port", "av-version", "ha1-gateway",
    "ha2-gateway", "ha2-keep-alive", "url-version", "ha1-backup-ipaddr", "active-passive", "active-active",
    "platform-model", "av-compat", "ha2-ipaddr", "vpnclient-compat", "ha1-ipaddr", "vm-license",
    "ha1-backup-macaddr", "vpnclient-version", "ha2-macaddr", "monitor-fail-holdup", "priority", "preempt-hold",
    "state", "version", "promotion-hold", "threat-compat", "state-sync", "vm-license-compat", "addon-master-holdup",
    "heartbeat-interval", "ha1-link-mon-intv", "hello-interval", "ha1-port", "ha1-encrypt-imported", "mgmt-ip",
    "ha1-backup-port", "preempt-flap-cnt", "ha2-ka-thresh", "nonfunc-flap-cnt", "threat-version", "ha1-macaddr",
    "vm-license-type", "state-duration", "max-flaps", "ha1-encrypt-enable", "mgmt-ipv6", "state-sync-type",
    "last-error-state", "preemptive", "gpclient-compat", "mode", "build-compat", "last-error-reason", "app-compat",
)
_PEER_9_1 = (
    "app-version", "gpclient-version", "url-version", "ha1-backup-ipaddr", "av-version", "platform-model",
    "ha2-ipaddr", "ha1-ipaddr", "vm-license", "ha2-macaddr", "priority", "state", "version", "last-error-reason",
    "build-rel", "conn-status", "ha1-backup-macaddr", "vpnclient-version", "mgmt-ip", "conn-ha2", "threat-version",
    "ha1-macaddr", "conn-ha1", "vm-license-type", "state-duration", "mgmt-ipv6", "last-error-state", "preemptive",
    "mode", "conn-ha1-backup",
)
# peer-info while HA1 is down (the peer unknown): the PA-VM 8.1.3 sample, the only one there is.
_PEER_DOWN = (
    "app-version", "gpclient-version", "conn-down-reason", "url-version", "build-rel", "platform-model",
    "vm-license", "ha2-macaddr", "priority", "state", "version", "conn-status", "av-version", "vpnclient-version",
    "mgmt-ip", "conn-ha2", "threat-version", "ha1-macaddr", "conn-ha1", "state-duration", "ha1-ipaddr", "mgmt-ipv6",
    "preemptive", "mode", "conn-ha1-backup",
)


@dataclass(frozen=True)
class Schema:
    name: str
    sw_version: str  # what show system info reports at start (the control API can change it per device)
    config_detail_version: bool  # <config version="10.2.0" ... detail-version="10.2.9">
    job_tfin: str  # strftime of a finished job's tfin
    words: dict  # 10.x spelling -> this schema's spelling (show high-availability monitoring blocks)
    ha_plugin_leaves: bool  # <VMS>Match</VMS> in local-info, <VMS>3.0.3</VMS> in peer-info
    ha_iot: bool  # iot-version / iot-compat
    local_info_order: tuple
    peer_info_order: tuple
    peer_down_order: tuple
    path_monitoring_order: tuple  # 10.x names
    system_info_absent: frozenset  # show system info fields this release does not have
    plugins: tuple  # the plugins a device starts with

    def spell(self, tag):
        return self.words.get(tag, tag)

    def config_version(self, sw_version):
        return ".".join(sw_version.split("-")[0].split(".")[:2]) + ".0"


def _plugin(name, version):
    return {"name": name, "version": version, "release-date": "Built-in", "pkg-file": "%s-%s" % (name, version),
            "size": "15M", "platform": "any", "installed": "yes", "downloaded": "yes"}


SCHEMAS = {
    "10.2": Schema(
        name="10.2", sw_version="10.2.9", config_detail_version=True, job_tfin="%Y/%m/%d %H:%M:%S", words={},
        ha_plugin_leaves=True, ha_iot=True, local_info_order=_LOCAL_10, peer_info_order=_PEER_10,
        peer_down_order=_PEER_DOWN, system_info_absent=frozenset(),
        path_monitoring_order=("virtual-wire", "failure-condition", "enabled", "vlan", "virtual-router"),
        # vm_series 3.0.x and dlp 3.0.x are the 10.2 plugins of the PA-VM 10.2.3 and PA-400 10.2.11 samples
        plugins=(_plugin("vm_series", "3.0.6"), _plugin("dlp", "3.0.9"))),
    "9.1": Schema(
        name="9.1", sw_version="9.1.11", config_detail_version=False, job_tfin="%H:%M:%S",
        words={"failure-condition": "fail-cond", "virtual-wire": "vwire", "virtual-router": "vrouter"},
        ha_plugin_leaves=False, ha_iot=False, local_info_order=_LOCAL_9_1, peer_info_order=_PEER_9_1,
        peer_down_order=_PEER_DOWN,
        path_monitoring_order=("virtual-wire", "failure-condition", "vlan", "enabled", "virtual-router"),
        system_info_absent=frozenset({"plugin_versions", "device-dictionary-version", "device-dictionary-release-date",
                                      "wildfire-rt", "advanced-routing"}),
        plugins=(_plugin("vm_series", "1.0.11"),)),  # the version of pan-os-python's show plugins packages fixture
}
DEFAULT = "10.2"


def get(name):
    if name not in SCHEMAS:
        raise ValueError("schema must be one of %s, not %r" % (", ".join(SCHEMAS), name))
    return SCHEMAS[name]
