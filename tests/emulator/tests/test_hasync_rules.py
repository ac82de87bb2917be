"""The emulator's own list of what does not sync, cross-checked with the collection's catalog.

The two are written apart on purpose (the device's truth vs. what the collection believes); this test makes
them agree: every catalog XPath that does not sync in a mode is stripped by the emulator in that mode, every
XPath the emulator strips is one the catalog says does not sync, and what syncs is left alone. The catalog is
loaded by file path: the emulator tests do not install the collection.
"""

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from lxml import etree

from panos_emulator import hasync_rules as rules
from panos_emulator.default_config import default_config_bytes

CATALOG_PATH = Path(__file__).resolve().parents[3] / "plugins" / "module_utils" / "catalog_tables" / "__init__.py"


def _load_catalog():
    if not CATALOG_PATH.exists():
        pytest.skip(f"collection catalog not found at {CATALOG_PATH}", allow_module_level=True)
    spec = importlib.util.spec_from_file_location("hapair_panos_catalog_for_emulator", CATALOG_PATH,
                                                  submodule_search_locations=[str(CATALOG_PATH.parent)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # the package's modules import each other relatively
    spec.loader.exec_module(module)
    return importlib.import_module(spec.name + ".index")  # the package's __init__.py is empty; index.py gathers it


catalog = _load_catalog()

MODES = ("active-passive", "active-active")
_STEP = re.compile(r"^(?P<tag>[a-z0-9-]+)(?:\[@name='(?P<name>[^']*)'\])?$")


def _node_for(root, xpath):
    """Create (or find) the element a plain absolute XPath names; unnamed ``entry`` steps become entry name='x'."""
    steps = xpath.split("/")
    assert steps[0] == "" and steps[1] == "config", xpath
    here = root
    for step in steps[2:]:
        match = _STEP.match(step)
        assert match, "not a plain XPath step: %r in %s" % (step, xpath)
        tag, name = match.group("tag"), match.group("name")
        if tag == "entry" and name is None:
            name = "x"
        found = [c for c in here if c.tag == tag and c.get("name") == name]
        if found:
            here = found[0]
        else:
            here = etree.SubElement(here, tag)
            if name is not None:
                here.set("name", name)
    return here


def _matched(root, xpaths):
    out = set()
    for xpath in xpaths:
        out.update(root.xpath(xpath))
    return out


def _covered(node, matched):
    while node is not None:
        if node in matched:
            return True
        node = node.getparent()
    return False


def _catalog_xpaths(item):
    return [catalog.absolute_xpath(x) for x in item["xpaths"]]


def _emulator_all(mode):
    out = list(rules.NON_SYNCED_XPATHS[mode])
    if mode == "active-active":
        for xpaths in rules.CONDITIONAL_NON_SYNCED_XPATHS.values():
            out.extend(xpaths)
    return out


def _tree(*xpath_lists):
    root = etree.Element("config")
    nodes = {}
    for xpaths in xpath_lists:
        for xpath in xpaths:
            nodes[xpath] = _node_for(root, xpath)
    return root, nodes


@pytest.mark.parametrize("mode", MODES)
def test_every_catalog_xpath_that_does_not_sync_is_stripped(mode):
    items = [i for i in catalog.NON_SYNCED_ITEMS if i["xpaths"] and i["modes"][mode] == catalog.NOT_SYNCED]
    assert items
    root, nodes = _tree([x for i in items for x in _catalog_xpaths(i)])
    matched = _matched(root, rules.non_synced_xpaths(mode, dict.fromkeys(catalog.CONDITIONS, True)))
    missing = [(i["key"], x) for i in items for x in _catalog_xpaths(i) if not _covered(nodes[x], matched)]
    assert not missing, "catalog says these do not sync in %s, the emulator syncs them: %s" % (mode, missing)


@pytest.mark.parametrize("condition", sorted(rules.CONDITIONAL_NON_SYNCED_XPATHS))
def test_conditional_rows_follow_their_condition(condition):
    assert set(rules.CONDITIONAL_NON_SYNCED_XPATHS) == set(catalog.CONDITIONS)
    items = [i for i in catalog.NON_SYNCED_ITEMS if i["modes"]["active-active"] == condition]
    assert items and all(i["xpaths"] for i in items)
    root, nodes = _tree([x for i in items for x in _catalog_xpaths(i)])
    off = _matched(root, rules.non_synced_xpaths("active-active", {condition: False}))
    on = _matched(root, rules.non_synced_xpaths("active-active", {condition: True}))
    passive = _matched(root, rules.non_synced_xpaths("active-passive", {condition: False}))
    for item in items:
        for xpath in _catalog_xpaths(item):
            assert _covered(nodes[xpath], off), (condition, xpath)
            assert not _covered(nodes[xpath], on), (condition, xpath)
            assert not _covered(nodes[xpath], passive), (condition, xpath)


@pytest.mark.parametrize("mode", MODES)
def test_what_syncs_is_not_stripped(mode):
    """Items that sync in `mode` keep their XPaths, unless a non-synced item of that mode shares them."""
    conditions = dict.fromkeys(catalog.CONDITIONS, True)
    per_peer = {x for x in catalog.non_synced_xpaths(mode, conditions, absolute=True)}
    syncing = [i for i in catalog.NON_SYNCED_ITEMS if catalog.syncs(i["key"], mode, conditions) and i["xpaths"]]
    assert syncing
    root, nodes = _tree([x for i in syncing for x in _catalog_xpaths(i)])
    matched = _matched(root, rules.non_synced_xpaths(mode, conditions))
    wrong = [(i["key"], x) for i in syncing for x in _catalog_xpaths(i)
             if x not in per_peer and _covered(nodes[x], matched)]
    assert not wrong, "catalog says these sync in %s, the emulator strips them: %s" % (mode, wrong)


@pytest.mark.parametrize("mode", MODES)
def test_every_emulator_xpath_is_a_catalog_item_that_does_not_sync(mode):
    emulator = rules.non_synced_xpaths(mode)  # all conditions off: the widest list
    root, nodes = _tree(emulator)
    matched = _matched(root, catalog.non_synced_xpaths(mode, absolute=True))
    extra = [x for x in emulator if not _covered(nodes[x], matched)]
    assert not extra, "the emulator strips XPaths the catalog does not list for %s: %s" % (mode, extra)


@pytest.mark.parametrize("mode", MODES)
def test_no_xpath_matches_inside_another_of_the_same_mode(mode):
    xpaths = _emulator_all(mode)
    assert len(xpaths) == len(set(xpaths))
    root, nodes = _tree(xpaths)
    for xpath in xpaths:
        others = _matched(root, [x for x in xpaths if x != xpath])
        node = nodes[xpath].getparent()
        assert not _covered(node, others), "%s lies inside another XPath of %s" % (xpath, mode)


def test_xpaths_evaluate_on_the_default_config():
    root = etree.fromstring(default_config_bytes())
    for mode in MODES:
        for xpath in _emulator_all(mode):
            assert xpath.startswith(rules.DEV + "/"), xpath
            root.xpath(xpath)  # must not raise
    for xpath in rules.CONDITION_XPATHS.values():
        root.xpath(xpath)


def test_stripping_the_default_config_keeps_the_synced_part():
    root = etree.fromstring(default_config_bytes())
    before = len(root.xpath(rules.DEV + "/vsys/entry"))
    for xpath in rules.non_synced_xpaths("active-passive"):
        for node in root.xpath(xpath):
            node.getparent().remove(node)
    assert not root.xpath(rules.HA)
    assert not root.xpath(rules.SYSTEM + "/hostname")
    assert len(root.xpath(rules.DEV + "/vsys/entry")) == before


def test_condition_xpaths_agree_with_the_catalog():
    assert set(rules.CONDITION_XPATHS) == set(catalog.CONDITIONS)
    for name, condition in catalog.CONDITIONS.items():
        assert rules.CONDITION_XPATHS[name].startswith(catalog.absolute_xpath(condition["xpath"])), name


def test_conditions_from_config():
    root = etree.Element("config")
    assert rules.conditions_from_config(root) == {"vr_sync": False, "qos_sync": False, "floating_ip": False}
    aa = _node_for(root, rules.HA + "/group/mode/active-active")
    sync = etree.SubElement(etree.SubElement(aa, "network-configuration"), "sync")
    etree.SubElement(sync, "virtual-router").text = "yes"
    etree.SubElement(sync, "qos").text = "no"
    address = etree.SubElement(etree.SubElement(aa, "virtual-address"), "entry", name="ethernet1/1")
    ip = etree.SubElement(etree.SubElement(address, "ip"), "entry", name="192.0.2.1/24")
    etree.SubElement(ip, "floating")
    assert rules.conditions_from_config(root) == {"vr_sync": True, "qos_sync": False, "floating_ip": True}


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        rules.non_synced_xpaths("cluster")
