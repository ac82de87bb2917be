#!/usr/bin/python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: report
short_description: Write one pair's JSON report on the controller, atomically
version_added: 2.0.0
description:
  - Writes O(content) as JSON (indented, keys sorted, as the C(to_nice_json) filter writes it) to O(path) on the
    Ansible controller. The file is written to a temporary file next to it and renamed over it, so a reader sees the
    old report or the new one, never a part of one. The file gets mode C(0600); a missing directory is created with
    mode C(0700) (with its missing parents); an existing directory keeps its mode.
  - This is an action plugin. It runs in the controller's worker process and starts no module, so a report costs a
    few milliseconds of controller CPU instead of two module runs (C(ansible.builtin.file) and C(ansible.builtin.copy)).
    The roles of the collection write each pair's report with it.
  - The report is the run's artefact, not a change to a device, so it is written in check mode too and the task
    always returns C(changed=false).
author: hapair.panos developers (@hapair)
options:
  path:
    description:
      - The report file. A relative path is taken from the directory C(ansible-playbook) runs in; C(~) is expanded.
    type: path
    required: true
  content:
    description:
      - The report, a dictionary. Values are written as JSON; a value JSON has no type for is written as its text.
    type: dict
    required: true
extends_documentation_fragment:
  - hapair.panos.attributes.controller_action
attributes:
  check_mode:
    details: Writes the report in check mode too (it is the run's artefact, not a change to a device) and returns C(changed=false).
notes:
  - Use it for reports without secrets; the roles put results, steps and messages in their reports, never a password,
    API key or master key.
seealso:
  - module: hapair.panos.fleet_report
'''

EXAMPLES = r'''
- name: Write the pair's report
  hapair.panos.report:
    path: "{{ hapair_panos_report_dir | default('reports') }}/my-check-{{ inventory_hostname }}.json"
    content:
      pair: "{{ inventory_hostname }}"
      result: ok
  register: my_report_written
'''

RETURN = r'''
path:
  description: The report file written, as an absolute path with symbolic links resolved.
  returned: success
  type: str
  sample: /srv/reports/sync-dc1-edge-pair.json
created_dirs:
  description: The directories the task created (mode C(0700)), outermost first.
  returned: success
  type: list
  elements: str
  sample: [/srv/reports]
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hapair.panos.plugins.module_utils.report_file import REPORT_ARGUMENT_SPEC


def main():
    module = AnsibleModule(argument_spec=REPORT_ARGUMENT_SPEC, supports_check_mode=True)
    module.fail_json(msg='hapair.panos.report runs on the controller through its action plugin; this module file only '
                         'documents it. Run it as a task (hapair.panos.report), not as a module on a host.')


if __name__ == '__main__':
    main()
