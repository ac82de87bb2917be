# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The health check's judgement as filters (role hapair.panos.health). The logic is module_utils/health.py's, where
it is unit-tested; the documentation of each filter is in the .yml file of its name beside this one."""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils import health


def health_findings(preflight, settings, options=None):
    return health.findings(preflight, settings, options)


def health_report(preflight, settings, findings, pair, options=None, check_mode=False):
    return health.report(preflight, settings, findings, pair, options=options, check_mode=check_mode)


def health_summary(report, report_file):
    return health.summary(report, report_file)


def health_record(report, pair, failure=None, report_file=None, check_mode=False):
    return health.record(report, pair, failure=failure, report_file=report_file, check_mode=check_mode)


def health_stats(pair_record, report=None):
    return health.stats(pair_record, report)


class FilterModule:
    def filters(self):
        return {'health_findings': health_findings, 'health_report': health_report, 'health_summary': health_summary,
                'health_record': health_record, 'health_stats': health_stats}
