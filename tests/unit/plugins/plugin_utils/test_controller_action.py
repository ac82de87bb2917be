# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/controller_action.py: what the controller-side actions (report, fleet_report) share."""

from __future__ import annotations

import pytest
from ansible.plugins.action import ActionBase

from ansible_collections.hapair.panos.plugins.module_utils.errors import ReportFileError
from ansible_collections.hapair.panos.plugins.plugin_utils.controller_action import ControllerAction

SPEC = {'path': {'type': 'str', 'required': True}}


class Writes(ControllerAction):
    ARGUMENT_SPEC = SPEC

    def work(self, args, task_vars):
        return dict(self.produce(), seen=(args, task_vars))


def raiser(exc):
    def produce():
        raise exc
    return produce


@pytest.fixture
def action(monkeypatch):
    validated = []
    monkeypatch.setattr(ActionBase, 'run', lambda self, tmp=None, task_vars=None: {'invocation': 'base'})

    def validate(self, argument_spec):
        validated.append(argument_spec)
        return None, {'path': 'r.json'}

    monkeypatch.setattr(ActionBase, 'validate_argument_spec', validate)
    instance = object.__new__(Writes)
    instance.validated = validated
    return instance


def test_no_files_no_connection_check_mode_no_async():
    assert ControllerAction.TRANSFERS_FILES is False
    assert ControllerAction._requires_connection is False
    assert ControllerAction._supports_check_mode is True
    assert ControllerAction._supports_async is False


def test_work_gets_the_validated_arguments_and_its_keys_join_the_result(action):
    action.produce = lambda: {'changed': False, 'path': '/abs/r.json'}
    result = action.run(task_vars={'x': 1})
    assert action.validated == [SPEC]
    assert result == {'invocation': 'base', 'changed': False, 'path': '/abs/r.json', 'seen': ({'path': 'r.json'}, {'x': 1})}


def test_no_task_vars_is_an_empty_dict(action):
    action.produce = dict
    assert action.run()['seen'] == ({'path': 'r.json'}, {})


def test_a_report_file_error_fails_the_task_with_its_text(action):
    action.produce = raiser(ReportFileError('Cannot write the report /r.json: Permission denied. Give a writable report directory'))
    assert action.run(task_vars={}) == {'invocation': 'base', 'failed': True,
                                        'msg': 'Cannot write the report /r.json: Permission denied. Give a writable report directory'}


def test_another_error_is_not_swallowed(action):
    action.produce = raiser(RuntimeError('bug'))
    with pytest.raises(RuntimeError):
        action.run(task_vars={})
