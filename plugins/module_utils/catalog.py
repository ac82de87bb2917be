# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The catalog of what HA synchronizes, per HA mode (data in the package catalog_tables/; its index.py says what
each file holds and the sources). This module is the name the collection imports it by."""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils.catalog_tables.blockers import BLOCKERS_BY_CODE, PREFLIGHT_FINDINGS, SYNC_BLOCKERS
from ansible_collections.hapair.panos.plugins.module_utils.catalog_tables.conditions import CONDITIONS, evaluate_conditions
from ansible_collections.hapair.panos.plugins.module_utils.catalog_tables.items import ITEMS_BY_KEY, NON_SYNCED_ITEMS
from ansible_collections.hapair.panos.plugins.module_utils.catalog_tables.lookup import (
    absolute_xpath, blockers, get_blocker, get_item, items_for_mode, non_synced_xpaths, normalize_mode, syncs)
from ansible_collections.hapair.panos.plugins.module_utils.catalog_tables.records import (
    CONFIDENCES, DEVICE_ROOT, KINDS, MODES, NOT_SYNCED, RELATIONSHIPS, SYNCS)
from ansible_collections.hapair.panos.plugins.module_utils.catalog_tables.runtime import RUNTIME_ITEMS
from ansible_collections.hapair.panos.plugins.module_utils.catalog_tables.targets import SYNC_TARGETS, TARGET_NAMES, TARGETS_BY_NAME

__all__ = [
    'BLOCKERS_BY_CODE', 'CONDITIONS', 'CONFIDENCES', 'DEVICE_ROOT', 'ITEMS_BY_KEY', 'KINDS', 'MODES', 'NON_SYNCED_ITEMS',
    'NOT_SYNCED', 'PREFLIGHT_FINDINGS', 'RELATIONSHIPS', 'RUNTIME_ITEMS', 'SYNCS', 'SYNC_BLOCKERS', 'SYNC_TARGETS',
    'TARGETS_BY_NAME', 'TARGET_NAMES', 'absolute_xpath', 'blockers', 'evaluate_conditions', 'get_blocker', 'get_item',
    'items_for_mode', 'non_synced_xpaths', 'normalize_mode', 'syncs',
]
