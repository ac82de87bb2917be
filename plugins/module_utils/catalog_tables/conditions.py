# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The conditions of the active/active rows: an item marked with a condition syncs only when it holds.

Each condition is executable: ``xpath`` (relative to DEVICE_ROOT) says which element of the running config to
read and ``predicate`` decides from that element (None when absent) whether the condition holds. The predicate's
``description`` is what docs/sync-catalog.md prints ("Holds when"), so the page and the code cannot disagree.
"""

from __future__ import annotations

from .records import AA


class TextIs:
    """Holds when the element exists and its text (trimmed) is ``value``."""

    def __init__(self, value):
        self.value = value
        self.description = 'text is %r' % value

    def __call__(self, elem):
        return elem is not None and (elem.text or '').strip() == self.value


class HasDescendant:
    """Holds when the element exists and has a descendant element named ``tag``."""

    def __init__(self, tag):
        self.tag = tag
        self.description = 'has a descendant %r element' % tag

    def __call__(self, elem):
        return elem is not None and elem.find('.//' + self.tag) is not None


def condition(*, title, where, xpath, predicate, confidence):
    return {'title': title, 'where': where, 'xpath': xpath, 'predicate': predicate, 'test': predicate.description,
            'confidence': confidence}


CONDITIONS = {
    'vr_sync': condition(
        title='VR Sync enabled',
        where='Device > High Availability > Active/Active Config > Packet Forwarding',
        xpath=AA + '/network-configuration/sync/virtual-router',
        predicate=TextIs('yes'),
        confidence='code',
    ),
    'qos_sync': condition(
        title='QoS Sync enabled',
        where='Device > High Availability > Active/Active Config > Packet Forwarding',
        xpath=AA + '/network-configuration/sync/qos',
        predicate=TextIs('yes'),
        confidence='code',
    ),
    'floating_ip': condition(
        title='Virtual Addresses use floating IP addresses',
        where='Device > High Availability > Active/Active Config > Virtual Address',
        xpath=AA + '/virtual-address',
        # pan-os-python and pango keep virtual-address raw; the 'floating' element name (as opposed
        # to 'arp-load-sharing') is the GUI's wording, not read from a schema: weak.
        predicate=HasDescendant('floating'),
        confidence='weak',
    ),
}


def evaluate_conditions(find, mode):
    """{condition: bool} of a device in `mode`; ``find(xpath)`` returns the element at a relative catalog XPath
    of its running config, or None. All False outside active/active (the conditions are A/A settings)."""
    if mode != 'active-active':
        return {name: False for name in CONDITIONS}
    return {name: bool(c['predicate'](find(c['xpath']))) for name, c in CONDITIONS.items()}


def given_conditions(conditions):
    """The conditions a caller gives ({name: truthy}), completed with False; ValueError on an unknown name."""
    conditions = dict(conditions or {})
    unknown = sorted(set(conditions) - set(CONDITIONS))
    if unknown:
        raise ValueError(f"unknown sync condition(s) {', '.join(unknown)}: expected {', '.join(CONDITIONS)}")
    return {name: bool(conditions.get(name, False)) for name in CONDITIONS}
