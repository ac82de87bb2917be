# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Catalog and options cannot drift apart: every field path of every option is covered by a catalog item
whose peer_settings_option is that option, and every such item has its typed option."""

from __future__ import annotations

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import catalog
from ansible_collections.hapair.panos.plugins.module_utils.settings.catalog_bridge import catalog_entries
from ansible_collections.hapair.panos.plugins.module_utils.settings.options import OPTIONS, OPTIONS_BY_NAME


@pytest.mark.parametrize('option', OPTIONS, ids=lambda o: o.name)
def test_every_field_belongs_to_a_catalog_item_of_its_option(option):
    for where, path_pattern in option.all_patterns():
        entries = catalog_entries(path_pattern)
        assert entries, '%s (%s) is not covered by the catalog' % (where, path_pattern)
        for item, part in entries:
            assert item['kind'] == 'config'
            assert (part or item)['peer_settings_option'] == option.name, (where, item['key'])


def test_every_catalog_option_has_a_typed_option():
    named = {record['peer_settings_option'] for item in catalog.NON_SYNCED_ITEMS for record in item['parts'] or (item,)}
    assert named - {None} == set(OPTIONS_BY_NAME)
