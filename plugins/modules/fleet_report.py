#!/usr/bin/python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: fleet_report
short_description: Write the fleet report of a run (JSON, one HTML page, JUnit XML) from every pair's record
version_added: 2.0.0
description:
  - Reads the record each runbook leaves on every pair (the host variable C(hapair_panos_record)) of every host of
    the play (C(ansible_play_hosts_all)) and writes, into the report directory, three files for the whole run,
    C(fleet-<runbook>.json), C(fleet-<runbook>.html) (one self-contained page, no script, no external asset) and
    C(fleet-<runbook>.junit.xml) (one testsuite, one testcase per pair, for CI systems and AWX).
  - Pairs are listed problems first (failed, blocked, skipped, ok; within each, pairs with blockers or drift first), then
    in the order the play runs them (its C(order)). A pair without a record
    of this runbook is C(skipped (not reached)).
  - Run it with C(run_once) after each pair's record and before the task that fails the pairs that failed; the
    runbooks of the collection do. It runs once per batch of the play (C(serial)), so the files are rewritten after
    every batch and always cover every pair. When the pairs of the batch that are about to fail (their record's
    result is in O(failing_results)) exceed the play's C(max_fail_percentage), or are the whole batch, Ansible stops
    the play and runs no later batch nor later play; the files then say so next to the pairs that were not reached.
  - With the C(free) strategy (the runbooks' C(hapair_panos_strategy=free)) the pairs do not wait for each other, and
    C(run_once) does not apply; every pair runs the task when it gets there, without C(run_once). Pairs of the batch
    that have no record yet are then still to come (not reached), and the files keep whichever report knows the most
    pairs, so the last pair to finish leaves the complete one. C(max_fail_percentage) does not apply with that
    strategy (Ansible's rule).
  - This is an action plugin. It runs in the controller's worker process and starts no module.
  - The files are written in check mode too (they are the run's artefact) and the task returns C(changed=false).
    Files are written atomically with mode C(0600); a missing report directory is created with mode C(0700).
author: hapair.panos developers (@hapair)
options:
  runbook:
    description:
      - The runbook whose records are reported (the C(runbook) key of C(hapair_panos_record), for example C(sync)).
        It names the files. A record of another runbook counts as none.
    type: str
    required: true
  dir:
    description:
      - The report directory. A relative path is taken from the directory C(ansible-playbook) runs in.
      - Default the variable C(hapair_panos_report_dir), else the environment variable C(HAPAIR_PANOS_REPORT_DIR),
        else C(reports), the directory the roles write each pair's report to by default.
    type: path
  failing_results:
    description:
      - The record results that the playbook turns into a failed host after this task. They decide whether this
        batch's failures stop the play (C(max_fail_percentage)), so that the report can say why the pairs after it
        were not reached.
      - A runbook that does not fail its blocked pairs (the preflight with C(preflight_fail_on_blockers=false))
        gives V([failed]).
    type: list
    elements: str
    default: [failed, blocked]
extends_documentation_fragment:
  - hapair.panos.attributes.controller_action
attributes:
  bypass_host_loop:
    details: Give it C(run_once); it reads every host's record itself.
  check_mode:
    details: Writes the files in check mode too and returns C(changed=false); the page says the run was in check mode.
notes:
  - The run's start time is the start of the C(ansible-playbook) process where the controller has C(/proc) (Linux);
    elsewhere, the time the first batch was reported.
  - The files and the page are described in the collection's docs/fleet-report.md.
seealso:
  - module: hapair.panos.report
'''

EXAMPLES = r'''
# After each pair's record (which sets hapair_panos_record), before the pair is failed:
- name: Fleet report (every pair of the run, rewritten after each batch)
  hapair.panos.fleet_report:
    runbook: sync
  run_once: true

- name: Fleet report when the play may run with strategy free (every pair writes it, no run_once then)
  hapair.panos.fleet_report:
    runbook: sync
  run_once: "{{ hapair_panos_strategy | default('linear') != 'free' }}"

- name: Fleet report of a preflight that does not fail on blockers
  hapair.panos.fleet_report:
    runbook: preflight
    dir: /srv/reports
    failing_results: [failed]
  run_once: true
'''

RETURN = r'''
files:
  description: The files written, by kind (C(json), C(html), C(junit)), as absolute paths.
  returned: success
  type: dict
  sample:
    json: /srv/reports/fleet-sync.json
    html: /srv/reports/fleet-sync.html
    junit: /srv/reports/fleet-sync.junit.xml
counts:
  description: Pairs by result (C(total), C(failed), C(blocked), C(skipped), C(ok), C(not_reached)).
  returned: success
  type: dict
  sample: {total: 10, failed: 2, blocked: 2, skipped: 2, ok: 4, not_reached: 2}
stopped:
  description:
    - Set when the failures of the batch just reported stop the play (C(rule) C(budget) or C(whole_batch), the
      C(batch), the C(failed) pairs and the C(reason)), else null.
  returned: success
  type: dict
kept_newer:
  description:
    - True when the files were left as they were because the fleet report of this run on disk already knew more pairs
      (with strategy C(free) every pair runs the task when it gets there, and two pairs may write at the same moment;
      the files keep the report that knows the most pairs).
  returned: success
  type: bool
  version_added: 2.0.0
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hapair.panos.plugins.module_utils.fleet_report import FLEET_REPORT_ARGUMENT_SPEC


def main():
    module = AnsibleModule(argument_spec=FLEET_REPORT_ARGUMENT_SPEC, supports_check_mode=True)
    module.fail_json(msg='hapair.panos.fleet_report runs on the controller through its action plugin; this module file '
                         'only documents it. Run it as a task (hapair.panos.fleet_report, with run_once), not as a module on a host.')


if __name__ == '__main__':
    main()
