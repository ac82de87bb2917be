# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""hapair.panos.fleet_report: the run's fleet files from every pair's hapair_panos_record, written on the controller.

The documentation is plugins/modules/fleet_report.py; the rendering is module_utils/fleet_report.py (pure
functions), the writing module_utils/report_file.py. This file only gathers what the play knows: the hosts of the
play and of the batch, the records, the play's max_fail_percentage, check mode and the run's start time."""

from __future__ import annotations

import calendar
import contextlib
import fcntl
import json
import os
import time

from ansible_collections.hapair.panos.plugins.module_utils import fleet_report
from ansible_collections.hapair.panos.plugins.module_utils.report_file import (
    dumps_json, ensure_directory, plain, process_started, write_text)
from ansible_collections.hapair.panos.plugins.plugin_utils.controller_action import ControllerAction

RECORD_VAR = 'hapair_panos_record'
REPORT_DIR_VAR = 'hapair_panos_report_dir'
REPORT_DIR_ENV = 'HAPAIR_PANOS_REPORT_DIR'


def _utc(timestamp):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(timestamp))


@contextlib.contextmanager
def _locked(directory):
    """An exclusive lock on the report directory itself (no lock file is left behind) while the files are written."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


class ActionModule(ControllerAction):
    ARGUMENT_SPEC = fleet_report.FLEET_REPORT_ARGUMENT_SPEC

    def work(self, args, task_vars):
        try:
            names = fleet_report.file_names(args['runbook'])
        except ValueError as exc:
            return dict(failed=True, msg=str(exc))
        report_dir = os.path.realpath(os.path.expanduser(args['dir'] or self._default_dir(task_vars)))

        play = self._task.get_play()
        # ansible_play_hosts_all is in inventory order; the page lists the pairs in the order the play runs them.
        hosts = fleet_report.run_order([str(host) for host in task_vars.get('ansible_play_hosts_all') or []], getattr(play, 'order', None))
        hostvars = task_vars.get('hostvars') or {}
        records = {}
        for host in hosts:
            try:
                record = hostvars[host].get(RECORD_VAR)
            except (KeyError, AttributeError):
                record = None
            if record is not None:
                records[host] = plain(record)
        batch = [str(host) for host in task_vars.get('ansible_play_batch') or []]
        failed = [str(getattr(host, 'name', host)) for host in task_vars.get('ansible_failed_hosts') or []]
        if self._each_pair_on_its_own(play):
            # Strategy free: every pair runs this task when it gets here, while others of its batch are still
            # running. Those have no record yet: they are still to come, not pairs that left no record.
            batch = [host for host in batch if host in records or host in failed]
        now = time.time()
        paths = {kind: os.path.join(report_dir, name) for kind, name in names.items()}
        controller = os.getppid()  # the ansible-playbook process (the workers are forked from it)
        started = process_started(controller)
        if started is None:
            started = self._previous_start(paths['json'], controller, args['runbook'])
        fleet = fleet_report.build_fleet(
            args['runbook'], hosts, records, batch=batch, failed_hosts=failed,
            max_fail_percentage=getattr(play, 'max_fail_percentage', None), failing_results=args['failing_results'],
            check_mode=bool(task_vars.get('ansible_check_mode', self._task.check_mode)), started=_utc(started if started is not None else now),
            updated=_utc(now), report_dir=report_dir)
        fleet['controller_pid'] = controller
        try:
            ensure_directory(report_dir)
            with _locked(report_dir):
                # Pairs that finish at the same moment write at the same moment (strategy free): the files keep the
                # report that knows the most pairs, whichever worker is the last to write.
                kept = self._newer_on_disk(paths['json'], controller, args['runbook'], fleet)
                if not kept:
                    # JSON last: a reader that sees the new JSON finds the page and the JUnit file of the same batch.
                    write_text(paths['html'], fleet_report.render_html(fleet))
                    write_text(paths['junit'], fleet_report.render_junit(fleet))
                    write_text(paths['json'], dumps_json(fleet))
        except OSError as exc:  # a ReportFileError fails the task in ControllerAction, with its own text
            return dict(failed=True, msg='Cannot lock the report directory %s: %s' % (report_dir, exc.strerror or exc))
        return dict(changed=False, files=paths, counts=fleet['counts'], stopped=fleet['stopped'], kept_newer=kept)

    def _each_pair_on_its_own(self, play):
        """True when the play runs with a strategy whose hosts do not wait for each other (free, host_pinned)."""
        strategy = getattr(play, 'strategy', None) or 'linear'
        try:
            strategy = self._templar.template(strategy)  # the playbooks template it: hapair_panos_strategy
        except Exception:  # noqa: BLE001 - an unrenderable value is Ansible's to report, not the report's
            return False
        return str(strategy).rsplit('.', 1)[-1] in ('free', 'host_pinned')

    @staticmethod
    def _newer_on_disk(path, controller, runbook, fleet):
        """True when the JSON of this run on disk already knows more pairs than ``fleet``."""
        try:
            with open(path) as handle:
                previous = json.load(handle)
            if previous.get('controller_pid') != controller or previous.get('runbook') != runbook:
                return False
            counts = previous['counts']
            return counts['total'] - counts['not_reached'] > fleet['counts']['total'] - fleet['counts']['not_reached']
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return False

    def _default_dir(self, task_vars):
        """hapair_panos_report_dir, else $HAPAIR_PANOS_REPORT_DIR, else reports (the roles' rule)."""
        value = task_vars.get(REPORT_DIR_VAR)
        if value:
            value = self._templar.template(value)
        return str(value or os.environ.get(REPORT_DIR_ENV) or 'reports')

    @staticmethod
    def _previous_start(path, controller, runbook):
        """Without /proc: the start the files of this run's earlier batches gave (same ansible-playbook process)."""
        try:
            with open(path) as handle:
                previous = json.load(handle)
            if previous.get('controller_pid') == controller and previous.get('runbook') == runbook and previous.get('started'):
                return calendar.timegm(time.strptime(previous['started'], '%Y-%m-%dT%H:%M:%SZ'))
        except (OSError, ValueError, TypeError, AttributeError):
            pass
        return None
