# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The seam every module's logic follows, and the one runner around it.

Each module has one file here named after it (``ha_state.py`` for the ha_state module ...) with a ``Task``
subclass. Its steps, always in this order:

  ``Task(params, warn)``   the module's parameters; every input error is raised here (InvalidInput), before the
                           first request to a device;
  ``discover(module)``     the pair (both peers' HA state), or the one device a task needs;
  ``plan(pair)``           read what the devices have, decide; returns a ``Plan`` (nothing changed yet, and every
                           refusal raised here or in ``guard``);
  ``guard(plan)``          a context around the change (locks held, other admins' work checked), in check mode too;
  ``apply(plan)``          send the change (only when the plan has changes and not in check mode);
  ``verify(plan, applied)``  read back and raise VerificationFailed when the devices do not show the change;
  ``result(plan, applied, verified)``  the module's own return values.

``run_task`` drives them (discover -> plan -> check mode -> apply -> verify) and builds ``changed`` and ``diff``
once, from the plan. Info modules are tasks whose plan never has changes.
"""

from __future__ import annotations

import contextlib
import time

from ansible_collections.hapair.panos.plugins.module_utils.module import run_module
from ansible_collections.hapair.panos.plugins.module_utils.pair import Pair


class Plan:
    """What a task read and what it will do: the one shape of every module's plan.

    before / after: what the devices have and what they will have once applied (the diff's two sides; None: the
    module reports no diff); changes: what differs, in words the module reports (empty: nothing to do);
    operations: what ``apply`` sends, in the task's own terms (devices, options, XPaths); facts: anything else
    planning read that apply, verify or the result need."""

    def __init__(self, before=None, after=None, changes=(), operations=(), facts=None, diff_header=None):
        self.before = before
        self.after = after
        self.changes = list(changes)
        self.operations = list(operations)
        self.facts = dict(facts or {})
        self.diff_header = diff_header

    @property
    def changed(self):
        return bool(self.changes)

    def diff(self):
        """The diff Ansible shows with --diff, or None when the module has no before/after to show."""
        if self.before is None and self.after is None:
            return None
        diff = {'before': self.before, 'after': self.after}
        if self.diff_header:
            diff.update(before_header=self.diff_header, after_header=self.diff_header)
        return diff


class Task:
    """One module's work. Subclasses implement ``plan`` and ``result``; state-changing ones ``apply`` and
    ``verify`` too (and ``guard`` when the change needs one)."""

    def __init__(self, params, warn=None):
        self.params = params
        self.warn = warn or (lambda message: None)
        self.check_mode = False  # set by perform before plan: a plan may read less in check mode (nothing waited for)
        self.started = time.monotonic()

    def elapsed_seconds(self):
        """Wall time since the task was created (the module's run, discovery included), in seconds."""
        return round(time.monotonic() - self.started, 3)

    def discover(self, module):
        return Pair.from_module(module).discover()

    def plan(self, pair):
        raise NotImplementedError

    def guard(self, plan, check_mode):  # pylint: disable=unused-argument
        return contextlib.nullcontext()

    def apply(self, plan):  # pylint: disable=unused-argument
        return None

    def verify(self, plan, applied):  # pylint: disable=unused-argument
        return None

    def result(self, plan, applied, verified, check_mode):
        raise NotImplementedError


def perform(task, pair, check_mode):
    """discover is done: plan -> (guard: check mode | apply -> verify) -> the result with changed and diff."""
    task.check_mode = check_mode
    plan = task.plan(pair)
    applied = verified = None
    if plan.changed:
        with task.guard(plan, check_mode):
            if not check_mode:
                applied = task.apply(plan)
                verified = task.verify(plan, applied)
    result = task.result(plan, applied, verified, check_mode)
    # From the plan; a task whose apply found the work already done (sync_to_remote: the HA-Sync it waited for
    # synchronized the pair, nothing sent) says so in its result.
    result.setdefault('changed', plan.changed)
    diff = plan.diff()
    if diff is not None:
        result['diff'] = diff
    return result


def run_task(module, task_class):
    """The whole module: parameters -> task (input errors first) -> discover -> perform; every HapairError becomes
    fail_json with its report (module.run_module)."""
    def work(module):
        task = task_class(module.params, warn=module.warn)
        return perform(task, task.discover(module), module.check_mode)

    run_module(module, work)
