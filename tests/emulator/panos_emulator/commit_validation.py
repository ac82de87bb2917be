"""Commit-time validation of a config tree: why a Commit or an HA-Sync job fails.

Both answer the detail lines of the failed job (before messages.COMMIT_FAILED): the jumbo-frame/MTU check of seed
001 (``validate``, run on every commit and on the config an HA-Sync would apply) and the master-key check of an
HA-Sync (``master_key_errors``: the receiver cannot decrypt the sender's secrets).
"""

from . import masterkey, messages as M
from .default_config import DEV


def validate(root):
    """The jumbo-frame/MTU check of seed 001: an MTU above 1500 without jumbo frames."""
    if root.xpath(DEV + "/deviceconfig/setting/jumbo-frame"):
        return []
    for mtu in root.xpath(DEV + "/network/interface//entry/layer3/mtu | " + DEV + "/network/interface//units/entry/mtu"):
        try:
            value = int((mtu.text or "0").strip())
        except ValueError:
            continue
        if value > 1500:
            iface = mtu.getparent()
            if iface.tag == "layer3":
                iface = iface.getparent()
            return [M.JUMBO_MISMATCH.format(iface=iface.get("name")), M.INTERFACE_CONFIG_ERROR]
    return []


def master_key_errors(root, key):
    """The detail lines of a commit (or HA-Sync) whose config holds values ``key`` cannot decrypt, before
    "Commit failed": "Error: <where>: ..." and "(Module: device)", the REAL layout of a device-module failure."""
    bad = masterkey.unreadable(root, key)
    if not bad:
        return []
    return [M.MASTER_KEY_MISMATCH.format(path=masterkey.value_path(bad[0])), M.MODULE_DEVICE]
