# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The catalog's accessors: what syncs in a mode, the XPaths that do not, a blocker by code."""

from __future__ import annotations

from .blockers import BLOCKERS_BY_CODE, SYNC_BLOCKERS
from .conditions import given_conditions
from .items import ITEMS_BY_KEY, NON_SYNCED_ITEMS
from .records import APPLIES_TO, DEVICE_ROOT, MODES, NOT_SYNCED, SYNCS


def normalize_mode(mode):
    """'Active-Passive' / 'active_passive' / 'active-passive' -> 'active-passive'; ValueError otherwise."""
    text = str(mode or '').strip().lower().replace('_', '-').replace('/', '-')
    if text in ('ap', 'a-p'):
        text = 'active-passive'
    elif text in ('aa', 'a-a'):
        text = 'active-active'
    if text not in MODES:
        raise ValueError(f"unknown HA mode {mode!r}: expected one of {', '.join(MODES)}")
    return text


def get_item(key):
    """The catalog record of a non-synced item; KeyError naming the known keys otherwise."""
    try:
        return ITEMS_BY_KEY[key]
    except KeyError:
        raise KeyError(f"unknown catalog item {key!r}: expected one of {', '.join(ITEMS_BY_KEY)}") from None


def syncs(key, mode, conditions=None):
    """Whether item `key` syncs between peers in `mode`.

    `conditions` ({'vr_sync': bool, 'qos_sync': bool, 'floating_ip': bool}) decides the conditional A/A
    rows; a condition not given counts as False (the item is then treated as per-peer).
    """
    value = get_item(key)['modes'][normalize_mode(mode)]
    if value in (SYNCS, NOT_SYNCED):
        return value == SYNCS
    return given_conditions(conditions)[value]


def items_for_mode(mode, conditions=None):
    """The items that do NOT sync in `mode` under `conditions`, in catalog order."""
    mode = normalize_mode(mode)
    conditions = given_conditions(conditions)
    return [item for item in NON_SYNCED_ITEMS if not syncs(item['key'], mode, conditions)]


def absolute_xpath(xpath):
    """A catalog XPath made absolute (relative ones hang off DEVICE_ROOT)."""
    return xpath if xpath.startswith('/config') else DEVICE_ROOT + '/' + xpath


def non_synced_xpaths(mode, conditions=None, absolute=False):
    """The XPaths of every item that does not sync in `mode` (deduplicated, catalog order)."""
    seen = []
    for item in items_for_mode(mode, conditions):
        for xpath in item['xpaths']:
            xpath = absolute_xpath(xpath) if absolute else xpath
            if xpath not in seen:
                seen.append(xpath)
    return seen


def blockers(applies_to=None):
    """SYNC_BLOCKERS, optionally only those that apply to 'config' or 'sessions'."""
    if applies_to is not None and applies_to not in APPLIES_TO:
        raise ValueError(f"applies_to must be 'config', 'sessions' or None, not {applies_to!r}")
    return [b for b in SYNC_BLOCKERS if applies_to is None or b['applies_to'] == applies_to]


def get_blocker(code):
    """The SYNC_BLOCKERS record of `code`; KeyError naming the known codes otherwise."""
    try:
        return BLOCKERS_BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown blocker code {code!r}: expected one of {', '.join(BLOCKERS_BY_CODE)}") from None
