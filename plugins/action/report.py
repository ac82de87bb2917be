# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""hapair.panos.report: write one pair's JSON report on the controller, in this process (no module run).

The documentation is plugins/modules/report.py; the writing is module_utils/report_file.py."""

from __future__ import annotations

import os

from ansible_collections.hapair.panos.plugins.module_utils.report_file import REPORT_ARGUMENT_SPEC, write_json
from ansible_collections.hapair.panos.plugins.plugin_utils.controller_action import ControllerAction


class ActionModule(ControllerAction):
    ARGUMENT_SPEC = REPORT_ARGUMENT_SPEC

    def work(self, args, task_vars):
        written = write_json(os.path.realpath(os.path.expanduser(args['path'])), args['content'])
        return dict(changed=False, path=written['path'], created_dirs=written['created_dirs'])
