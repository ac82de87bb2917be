# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HA mode of a peer and the active/active sync conditions, read from its HA state and running config.

peer_settings (what may be configured per peer) and peer_settings_info (what is compared) both depend on them.
"""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils import catalog


def read_mode(pair, device, view):
    """'active-passive' or 'active-active' of device (HA state first, running config as fallback)."""
    reported = (pair.ha.get(device.name) or {}).get('mode')
    try:
        return catalog.normalize_mode(reported)
    except ValueError:
        aa = view.find(('deviceconfig', 'high-availability', 'group', 'mode', 'active-active'))
        return 'active-active' if aa is not None else 'active-passive'


def read_conditions(view, mode):
    """The A/A sync conditions (catalog.CONDITIONS: each its XPath and predicate) from the device's running
    config; all False in A/P."""
    return catalog.evaluate_conditions(lambda xpath: view.find(tuple(xpath.split('/'))), mode)
