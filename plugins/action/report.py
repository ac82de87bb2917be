# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""hapair.panos.report: write one pair's JSON report on the controller, in this process (no module run).

The documentation is plugins/modules/report.py; the writing is module_utils/report_file.py."""

from __future__ import annotations

import os

from ansible.plugins.action import ActionBase

from ansible_collections.hapair.panos.plugins.module_utils.errors import ReportFileError
from ansible_collections.hapair.panos.plugins.module_utils.report_file import REPORT_ARGUMENT_SPEC, write_json


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False
    # The report is the run's artefact: written in check mode too.
    _supports_check_mode = True
    _supports_async = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # no remote files
        _validation, args = self.validate_argument_spec(argument_spec=REPORT_ARGUMENT_SPEC)
        path = os.path.realpath(os.path.expanduser(args['path']))
        try:
            written = write_json(path, args['content'])
        except ReportFileError as exc:
            result.update(failed=True, msg=str(exc))
            return result
        result.update(changed=False, path=written['path'], created_dirs=written['created_dirs'])
        return result
