# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The runner every module goes through (task.perform): which steps run in which case, and changed/diff from the
plan. The modules' own tasks are tested in their files (test_sync_to_remote, test_peer_settings, test_preflight)."""

from __future__ import annotations

import contextlib

import pytest

from ansible_collections.hapair.panos.plugins.module_utils.errors import Refused
from ansible_collections.hapair.panos.plugins.module_utils.task import Plan, Task, perform


class Recording(Task):
    """A task that records the steps the runner calls."""

    def __init__(self, changes=(), refuse_in=None, before=None, after=None):
        super().__init__({})
        self.steps, self.changes, self.refuse_in = [], list(changes), refuse_in
        self.before, self.after = before, after

    def step(self, name):
        self.steps.append(name)
        if name == self.refuse_in:
            raise Refused('refused in %s' % name, reason='test')

    def plan(self, pair):
        self.step('plan')
        return Plan(before=self.before, after=self.after, changes=self.changes, operations=['op'] * len(self.changes))

    @contextlib.contextmanager
    def guard(self, plan, check_mode):
        self.step('guard')
        yield
        self.steps.append('guard done')

    def apply(self, plan):
        self.step('apply')
        return 'applied'

    def verify(self, plan, applied):
        self.step('verify')
        return 'verified from %s' % applied

    def result(self, plan, applied, verified, check_mode):
        self.step('result')
        return {'applied': applied, 'verified': verified}


def test_no_changes_runs_neither_guard_nor_apply():
    task = Recording()
    result = perform(task, None, check_mode=False)
    assert task.steps == ['plan', 'result']
    assert result == {'applied': None, 'verified': None, 'changed': False}


def test_changes_run_every_step_in_order_inside_the_guard():
    task = Recording(changes=['x'], before={'a': 1}, after={'a': 2})
    result = perform(task, None, check_mode=False)
    assert task.steps == ['plan', 'guard', 'apply', 'verify', 'guard done', 'result']
    assert result['changed'] is True and result['verified'] == 'verified from applied'
    assert result['diff'] == {'before': {'a': 1}, 'after': {'a': 2}}


def test_check_mode_enters_the_guard_but_sends_nothing():
    task = Recording(changes=['x'])
    result = perform(task, None, check_mode=True)
    assert task.steps == ['plan', 'guard', 'guard done', 'result'] and task.check_mode is True
    assert result['changed'] is True and result['applied'] is None and 'diff' not in result


def test_a_refusal_in_the_guard_stops_before_apply():
    task = Recording(changes=['x'], refuse_in='guard')
    with pytest.raises(Refused):
        perform(task, None, check_mode=False)
    assert task.steps == ['plan', 'guard']


def test_a_result_that_says_changed_wins_over_the_plan():
    """sync_to_remote: the HA-Sync it waited for synchronized the pair, so nothing was sent."""
    class NothingSent(Recording):
        def result(self, plan, applied, verified, check_mode):
            return {'changed': False}
    assert perform(NothingSent(changes=['x']), None, check_mode=False) == {'changed': False}


def test_diff_headers_name_the_device():
    plan = Plan(before={}, after={'b': 1}, diff_header='fw-a:443')
    assert plan.diff() == {'before': {}, 'after': {'b': 1}, 'before_header': 'fw-a:443', 'after_header': 'fw-a:443'}
    assert Plan().diff() is None and Plan().changed is False
