# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-harness stdout callback: every task result as one JSON document on stdout.

ansible-core 2.19 no longer ships the 'json' callback (it moved to ansible.posix, which tests can't
install offline), so the integration tests use this one.
"""

from __future__ import annotations

import json

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: results_json
type: stdout
short_description: task results as JSON (hapair.panos test harness)
description: Prints one JSON document with every task's result when the play ends.
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'results_json'

    def __init__(self):
        super().__init__()
        self.tasks = []

    def _record(self, result, status):
        data = dict(result._result)
        data.setdefault('changed', False)
        self.tasks.append({'task': result._task.get_name(), 'host': result._host.get_name(), 'status': status,
                           'result': data})

    def v2_runner_on_ok(self, result):
        self._record(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._record(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._record(result, 'unreachable')

    def v2_playbook_on_stats(self, stats):
        self._display.display(json.dumps({'tasks': self.tasks}, default=str))
