"""Commit locations of a firewall: which part of the configuration a changed XPath belongs to, for partial commits.

The XML API (PAN-OS XML API guide, "Commit") lets a partial commit exclude three locations, next to or instead of
naming administrators::

    <commit><partial><device-and-network>excluded</device-and-network><shared-object>excluded</shared-object>
            <policy-and-objects>excluded</policy-and-objects><admin><member>NAME</member></admin></partial></commit>

The web interface help ("Commit Changes") names the same locations: "specific virtual systems, shared policies
and objects, or shared device and network settings". The mapping of XPaths to them below is ASSUMED, by web
interface tab: /config/shared is shared-object; what the Policies and Objects tabs configure in a virtual system
(rulebase, addresses, services, applications, tags, security profiles and groups, custom objects, external lists,
log forwarding, schedules, ...) is policy-and-objects; everything else - the Device and Network tabs, including a
virtual system's zones, interfaces (import) and settings - is device-and-network. No public sample lists it.
"""

import re

DEVICE_AND_NETWORK = "device-and-network"
SHARED_OBJECT = "shared-object"
POLICY_AND_OBJECTS = "policy-and-objects"
LOCATIONS = (DEVICE_AND_NETWORK, SHARED_OBJECT, POLICY_AND_OBJECTS)

# Objects- and Policies-tab nodes of a virtual system (pan-os-python/pango XPaths of those objects)
OBJECTS = ("rulebase", "address", "address-group", "region", "dynamic-user-group", "application",
           "application-group", "application-filter", "service", "service-group", "tag", "external-list", "profiles",
           "profile-group", "threats", "log-settings", "schedule", "hip-objects", "hip-profiles",
           "authentication-object", "device-object")
# (regex on the XPath with every [...] predicate removed, location); first match wins. An XPath above these roots
# (/config, /config/devices/entry, a whole vsys entry) touches every location and is "mixed".
_DEVICE = r"^/config/devices/entry"
RULES = [
    (re.compile(r"^/config/shared(/|$)"), SHARED_OBJECT),
    (re.compile(_DEVICE + r"/vsys/entry/(%s)(/|$)" % "|".join(OBJECTS)), POLICY_AND_OBJECTS),
    (re.compile(_DEVICE + r"/vsys/entry/[^/]+"), DEVICE_AND_NETWORK),  # zones, import, settings of the vsys
    (re.compile(_DEVICE + r"/(deviceconfig|network|platform)(/|$)"), DEVICE_AND_NETWORK),
    (re.compile(r"^/config/mgt-config(/|$)"), DEVICE_AND_NETWORK),  # administrators: Device tab
    (re.compile(_DEVICE + r"/(?!vsys(/|$))[^/]+"), DEVICE_AND_NETWORK),  # any other device-level node
]
MIXED = "mixed"
_PREDICATE = re.compile(r"\[[^\]]*\]")


def location(xpath):
    """The commit location of a changed XPath (one of LOCATIONS, or MIXED)."""
    plain = _PREDICATE.sub("", (xpath or "").strip()).rstrip("/")
    while "[" in plain:  # nested predicates
        plain = _PREDICATE.sub("", plain)
    for pattern, where in RULES:
        if pattern.search(plain):
            return where
    return MIXED


def excluded(xpath, exclusions):
    """True when a change at ``xpath`` stays out of a partial commit that excludes ``exclusions`` (a set of
    LOCATIONS). A change spanning every location (an edit of /config) stays out when anything is excluded."""
    if not exclusions:
        return False
    where = location(xpath)
    return where == MIXED or where in exclusions
