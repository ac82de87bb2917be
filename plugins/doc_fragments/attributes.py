# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attributes and requirements the modules of the collection share, documented once.

Device modules (they talk to a pair) use ``extends_documentation_fragment: [hapair.panos.attributes]``
(descriptions, platform, action group, requirements) plus exactly one of
``hapair.panos.attributes.info_module`` (read-only modules) or ``hapair.panos.attributes.state_changing``
(modules that change a device). The controller-side actions (report, fleet_report: an action plugin that
writes files on the controller and starts no module) use ``hapair.panos.attributes.controller_action`` alone.
A module's own ``attributes:`` block overrides single keys (for example ``diff_mode.support`` or
``check_mode.details``), because Ansible merges a fragment's attribute under the module's own. The action
group's membership must match meta/runtime.yml's ``action_groups``; tests/docs checks it.

Each variant is a string literal (ansible-test's yamllint reads the fragments with ast), so the descriptions of
ansible.builtin.action_common_attributes appear in DOCUMENTATION and CONTROLLER_ACTION; a unit test keeps them equal.
"""

from __future__ import annotations


class ModuleDocFragment:

    # Device modules: the descriptions, the platform, the action group, and what the modules import on the
    # controller (the collection's requirements.txt).
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

    # An action plugin that works on the controller and starts no module: no pan-python, no provider, so in no
    # action group (module_defaults for the group would hand it a provider it does not take). The module adds its
    # own check_mode.details (what it writes in check mode).
    CONTROLLER_ACTION = r'''
options: {}
attributes:
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the controller.
    support: full
  async:
    description: Supports being used with the C(async) keyword.
    support: none
  bypass_host_loop:
    description: Forces a 'global' task that does not execute per host.
    support: none
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
  platform:
    description: Target OS/families that can be operated against.
    support: full
    platforms: posix
    details: Runs on the Ansible controller, whatever the host's connection.
  action_group:
    description: The C(module_defaults) action group this module belongs to.
    support: none
    membership: []
    details: In none; it takes no C(provider), so C(group/hapair.panos.all) leaves it out.
'''
