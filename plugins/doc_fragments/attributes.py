# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attributes and requirements every module of the collection shares, documented once.

Modules use ``extends_documentation_fragment: [hapair.panos.attributes]`` (descriptions, platform,
action group, requirements) plus exactly one of ``hapair.panos.attributes.info_module`` (read-only
modules) or ``hapair.panos.attributes.state_changing`` (modules that change a device). A module's own
``attributes:`` block overrides single keys (for example ``diff_mode.support`` or ``check_mode.details``),
because Ansible merges a fragment's attribute under the module's own. The action group's membership must
match meta/runtime.yml's ``action_groups``; tests/docs checks it.
"""

from __future__ import annotations


class ModuleDocFragment:

    # The descriptions (what ansible.builtin.action_common_attributes says), the platform, the
    # action group, and what the modules import on the controller (the collection's requirements.txt).
    DOCUMENTATION = r'''
options: {}
requirements:
  - pan-python >= 0.17.0 on the Ansible controller (the modules run there; see the collection's requirements.txt)
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
  platform:
    description: Target OS/families that can be operated against.
    support: full
    platforms: panos
  action_group:
    description: Use C(group/hapair.panos.all) in C(module_defaults) to set defaults for this module, for
      example the O(provider) of every module of the collection at once.
    support: full
    membership:
      - hapair.panos.all
'''

    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    details: This action does not modify state.
  diff_mode:
    support: N/A
    details: This action does not modify state.
'''

    # diff_mode defaults to none; a module that reports a diff overrides diff_mode.support.
    STATE_CHANGING = r'''
options: {}
attributes:
  check_mode:
    support: full
    details: Reads the devices and predicts C(changed); sends no state-changing request.
  diff_mode:
    support: none
'''
