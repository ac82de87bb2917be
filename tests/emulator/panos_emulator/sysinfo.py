"""Software, content, licenses, plugins and features of one firewall: the things that must match for sync."""

import copy
from datetime import timedelta

UPTIME = timedelta(days=3, hours=4, minutes=5, seconds=6)  # static: show system info uptime, boot-time jobs

DEFAULT_LICENSES = [
    # feature, description, expires — shaped like op_request_license_info.pa-vm.xml
    ("PA-VM", "Standard VM-300", "Never"),
    ("Threat Prevention", "Threat Prevention", "December 31, 2027"),
    ("PAN-DB URL Filtering", "Palo Alto Networks URL Filtering License", "December 31, 2027"),
    ("GlobalProtect Gateway", "GlobalProtect Gateway License", "December 31, 2027"),
    ("WildFire License", "WildFire signature feed", "December 31, 2027"),
]


class SystemInfo:
    def __init__(self, schema, model="PA-VM", family="vm"):
        self.model = model
        self.family = family
        self.sw_version = schema.sw_version
        self.app_version = "8855-8736"
        self.av_version = "4824-5342"
        self.threat_version = "8855-8736"
        self.wildfire_version = "878349-882215"
        self.url_version = "20240520.20011"
        self.iot_version = "111-466"  # the IoT content version of show high-availability (10.x), a real value
        self.url_db = "paloaltonetworks"
        self.gp_client_version = "6.2.3"
        self.vpnclient_version = "Not Installed"
        self.multi_vsys = False
        self.gtp = False
        self.sctp = False
        self.vpn = True  # VPN enabled (vpn-disable-mode off)
        self.features = []  # extra enabled features (e.g. "advanced-routing"), compared between peers
        self.licenses = list(DEFAULT_LICENSES)
        # each: name, version, ... as show plugins packages lists them; optional "ha_compat" is the value this
        # device's show high-availability reports for it (e.g. "Compat Match", see ASSUMPTIONS.md)
        self.plugins = copy.deepcopy(list(schema.plugins))
        self.chassis_ready = True  # dataplane and slots up
        self.jumbo_frames = False  # op view of deviceconfig/setting/jumbo-frame (kept in config; see device)

    # --- what the pair compares (name, value) — each a documented reason sync doesn't happen
    def major_minor(self):
        return tuple(self.sw_version.split("-")[0].split(".")[:2])

    def update(self, **fields):
        for name, value in fields.items():
            name = name.replace("-", "_")
            if not hasattr(self, name):
                raise ValueError("unknown system field %r" % name)
            if name == "licenses":
                value = [tuple(x) if isinstance(x, (list, tuple)) else (x, x, "Never") for x in value]
            setattr(self, name, value)


def mac_address(serial, offset):
    """A stable MAC of the device with this serial: ``offset`` tells the interfaces apart (0 management, 1 HA1,
    2 HA1-backup, 3 HA2, 0x100 the VM MAC base)."""
    n = (int("".join(ch for ch in serial if ch.isdigit())[-6:] or "0") * 7 + offset) & 0xFFFFFF
    return "52:54:00:%02x:%02x:%02x" % (n >> 16, (n >> 8) & 0xFF, n & 0xFF)
