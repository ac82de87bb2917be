# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The master-key rotation's input rules, report and record as filters (role hapair.panos.master_key_rotation). The logic is
module_utils/rotation_input.py's and rotation_report.py's, where it is unit-tested; the documentation of each filter is in the .yml file of its
name beside this one."""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils import rotation_input, rotation_report


def rotation_report_filter(results, pair, check_mode=False):
    return rotation_report.report(pair, results, check_mode=check_mode)


def rotation_summary(report, report_file, labels=None):
    return rotation_report.summary(report, report_file, labels)


def rotation_record(report, pair, readback=None, gate_ha=None, preflight=None, error_reason=None, failure=None,
                    report_file=None, check_mode=False):
    return rotation_report.record(report, pair, readback=readback, gate_ha=gate_ha, preflight=preflight,
                                  error_reason=error_reason, failure=failure, report_file=report_file,
                                  check_mode=check_mode)


def rotation_stats(pair_record, report=None):
    return rotation_report.stats(pair_record, report)


def rotation_failed_step(current_step, results):
    return rotation_report.failed_step(current_step, results)


def rotation_input_problems(new_key, current_key, lifetime, reminder, password_given):
    return rotation_input.problems(new_key, current_key, lifetime, reminder, password_given)


class FilterModule:
    def filters(self):
        return {'rotation_report': rotation_report_filter, 'rotation_summary': rotation_summary,
                'rotation_record': rotation_record, 'rotation_stats': rotation_stats,
                'rotation_input_problems': rotation_input_problems, 'rotation_failed_step': rotation_failed_step}
