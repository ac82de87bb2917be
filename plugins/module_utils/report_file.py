# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Report files written on the controller: JSON as ansible's to_nice_json writes it, replaced atomically.

Used by the action plugins hapair.panos.report (one pair's JSON report) and hapair.panos.fleet_report (the run's
fleet files). They run in the controller's worker process, so no module is packaged or started: writing a report
costs the controller a few milliseconds instead of the two module runs (ansible.builtin.file + copy) it took before.

A report holds no secret by construction (the roles put results, steps and messages in it), but it names the pairs:
files are created 0600 and missing directories 0700. An existing directory keeps its mode (the report directory may
be one the operator shares, such as an AWX job's artefact directory).
"""

from __future__ import annotations

import json
import os
import tempfile

from ansible_collections.hapair.panos.plugins.module_utils.errors import ReportFileError

FILE_MODE = 0o600
DIR_MODE = 0o700


def _plain(value):
    """json.dumps fallback for what templating may leave in a value (sets, tuples of tagged types, dates...)."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if hasattr(value, 'isoformat'):
        return value.isoformat()
    return str(value)


def dumps_json(content):
    """The text of a JSON report: what ``to_nice_json`` writes (indent 4, keys sorted) plus a final newline."""
    return json.dumps(content, indent=4, sort_keys=True, separators=(',', ': '), ensure_ascii=False, default=_plain) + '\n'


def ensure_directory(path):
    """Create ``path`` and its missing parents with mode 0700 (whatever the umask); an existing directory is left
    as it is. Returns the directories created, outermost first."""
    missing = []
    current = os.path.abspath(path)
    while not os.path.isdir(current):
        if os.path.lexists(current):
            raise ReportFileError('Cannot create the report directory %s: %s exists and is not a directory. '
                                  'Give another report directory (hapair_panos_report_dir).' % (path, current))
        missing.append(current)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    created = []
    for directory in reversed(missing):
        try:
            os.mkdir(directory, DIR_MODE)
        except FileExistsError:
            continue  # made by a parallel worker meanwhile
        except OSError as exc:
            raise ReportFileError('Cannot create the report directory %s: %s. Give a writable report directory '
                                  '(hapair_panos_report_dir).' % (directory, exc.strerror or exc)) from None
        os.chmod(directory, DIR_MODE)  # mkdir's mode is masked by the umask
        created.append(directory)
    return created


def write_text(path, text, mode=FILE_MODE):
    """Write ``text`` to ``path`` atomically: a temporary file in the same directory (mode ``mode`` from the start),
    flushed to disk, then renamed over ``path``. A reader sees the old file or the new one, never half of one.
    Returns ``{'path', 'created_dirs', 'existed', 'same'}`` (``same``: the file already held exactly this text)."""
    path = os.path.abspath(path)
    directory = os.path.dirname(path)
    created = ensure_directory(directory)
    data = text.encode('utf-8')
    existed = os.path.isfile(path)
    same = False
    if existed:
        try:
            with open(path, 'rb') as handle:
                same = handle.read() == data
        except OSError:
            same = False
    try:
        fd, tmp = tempfile.mkstemp(prefix='.%s.' % os.path.basename(path), suffix='.tmp', dir=directory)
    except OSError as exc:
        raise ReportFileError('Cannot write the report %s: %s. Give a writable report directory '
                              '(hapair_panos_report_dir).' % (path, exc.strerror or exc)) from None
    try:
        with os.fdopen(fd, 'wb') as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise ReportFileError('Cannot write the report %s: %s. Give a writable report directory '
                              '(hapair_panos_report_dir).' % (path, exc.strerror or exc)) from None
    return {'path': path, 'created_dirs': created, 'existed': existed, 'same': same}


def write_json(path, content):
    """Write ``content`` (a dict) as the JSON report at ``path`` (see write_text)."""
    if not (isinstance(content, dict) or hasattr(content, 'items')):
        raise ReportFileError('The content of the report %s must be a dict, not %s.' % (path, type(content).__name__))
    return write_text(path, dumps_json(plain(content)))


# The options of hapair.panos.report (plugins/modules/report.py documents them; the action plugin validates them).
REPORT_ARGUMENT_SPEC = {
    'path': {'type': 'path', 'required': True},
    'content': {'type': 'dict', 'required': True},
}


def plain(value):
    """``value`` as plain dicts, lists, str, int, float, bool and None, read through Python-level iteration (what
    templating hands an action plugin may be a lazy or tagged container subclass, which json's C encoder would read
    past). Keys become strings, as JSON has them."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict) or (hasattr(value, 'items') and hasattr(value, 'keys')):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((plain(item) for item in value), key=str)
    if hasattr(value, 'isoformat'):
        return value.isoformat()
    return str(value)


def process_started(pid, proc='/proc'):
    """When process ``pid`` started, as a Unix timestamp, from Linux's /proc (None elsewhere or when unreadable).

    The fleet report uses it for the run's start time: an action plugin runs in a worker process forked from the
    ansible-playbook process, whose start is the run's."""
    try:
        with open(os.path.join(proc, str(int(pid)), 'stat')) as handle:
            stat = handle.read()
        # field 22 (starttime, clock ticks after boot); the command name (field 2) may hold spaces and parentheses
        start_ticks = int(stat[stat.rindex(')') + 2:].split()[19])
        with open(os.path.join(proc, 'stat')) as handle:
            boot = next(int(line.split()[1]) for line in handle if line.startswith('btime '))
        return boot + start_ticks / float(os.sysconf('SC_CLK_TCK'))
    except (OSError, ValueError, IndexError, StopIteration):
        return None
