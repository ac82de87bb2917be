# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The base of this collection's controller-side actions (report, fleet_report): work done in the worker, no module.

Why a base: such an action transfers no file, needs no connection to the host, writes its artefact in check mode
too, cannot run async, validates its arguments against the module_utils argument spec, and turns the module_utils
error it knows (ReportFileError: a file could not be written) into a failed task with its text. Written once here,
as InProcessModuleAction (in_process.py) is written once for the eleven device modules' actions.
"""

from __future__ import annotations

from ansible.plugins.action import ActionBase

from ansible_collections.hapair.panos.plugins.module_utils.errors import ReportFileError


class ControllerAction(ActionBase):
    """Subclasses set ARGUMENT_SPEC and implement work(args, task_vars) -> the keys to add to the result."""

    TRANSFERS_FILES = False
    _requires_connection = False
    # The files are the run's artefact, not a change to a device: written in check mode too.
    _supports_check_mode = True
    _supports_async = False

    ARGUMENT_SPEC = None

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        del tmp  # no remote files
        _validation, args = self.validate_argument_spec(argument_spec=self.ARGUMENT_SPEC)
        try:
            result.update(self.work(args, task_vars or {}))
        except ReportFileError as exc:
            result.update(failed=True, msg=str(exc))
        return result

    def work(self, args, task_vars):
        raise NotImplementedError
