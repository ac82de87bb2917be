# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which catalog item a field belongs to: not written in the options, it follows from the field's path matched
against the catalog's XPaths. A unit test checks that every field is covered by an item whose
``peer_settings_option`` is the field's option, so catalog and options cannot drift apart."""

from __future__ import annotations

import functools

from ansible_collections.hapair.panos.plugins.module_utils import catalog
from ansible_collections.hapair.panos.plugins.module_utils.configview import under


def catalog_entries(path_pattern):
    """[(item, part or None)] of the catalog whose XPaths cover a (relative) pattern."""
    return list(_catalog_entries(path_pattern))


# The catalog is constant data and a drift report asks about the same few hundred patterns once per peer and per
# option (issue 13: about a third of peer_settings_info's CPU was this walk), so each pattern is matched once.
@functools.lru_cache(maxsize=None)  # noqa: UP033 - functools.cache is Python 3.9+; modules may run on older
def _catalog_entries(path_pattern):
    found = []
    for item in catalog.NON_SYNCED_ITEMS:
        if item['parts']:
            for part in item['parts']:
                if any(under(path_pattern, x) for x in part['xpaths']):
                    found.append((item, part))
        elif any(under(path_pattern, x) for x in item['xpaths']):
            found.append((item, None))
    return tuple(found)
