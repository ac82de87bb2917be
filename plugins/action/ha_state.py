# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The action of hapair.panos.ha_state."""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.plugin_utils.in_process import InProcessModuleAction


class ActionModule(InProcessModuleAction):
    """The module, run in a fork of the worker when that is the same as a module process (plugin_utils/in_process.py)."""
