# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run this collection's modules in a fork of the Ansible worker instead of a new Python, when that is the same thing.

Why: the modules of hapair.panos always run where the playbook runs (``connection: local``): they talk to the
firewalls' XML API, never to the host they run on. A module run the usual way costs the controller about 0.3 s of CPU
before the module does anything (a new interpreter that compiles ``ansible.module_utils`` and ours from the
AnsiballZ zip, where no ``.pyc`` can be cached); a rotation runs fourteen of them per pair, and that, not the
firewalls, bounded a fleet (issue 13). Forked from the worker, which already has Ansible and the module's code
imported, the same module costs a few milliseconds.

What stays the same: the module's own code and ``main()``, its argument spec, check mode, diff, ``no_log`` masking
(``AnsibleModule`` does it, as in a subprocess), the internal ``_ansible_*`` arguments Ansible adds, the task's
``environment:``, and the result as Ansible parses it (the same ``_parse_returned_data``). The fork gives every run a
fresh copy of the module's globals, as a new process does (loop items included).

When it does not apply, the module runs the usual way: another connection (``delegate_to`` a jump host, for
example), ``become``, ``async``, an ``ansible_python_interpreter`` that is not the controller's own Python, pan-python
missing in the controller's Python, or ``hapair_panos_in_process: false`` (variable) /
``HAPAIR_PANOS_IN_PROCESS=0`` (environment). ``-vvv`` says which way each task ran.
"""

from __future__ import annotations

import importlib
import inspect
import io
import json
import os
import sys
import traceback

from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action.normal import ActionModule as NormalActionModule
from ansible.utils.display import Display

from ansible_collections.hapair.panos.plugins.plugin_utils import bytecode_cache

try:  # ansible-core >= 2.19: module arguments and results are encoded with a serialization profile
    from ansible.module_utils.common.json import Direction, get_module_encoder
except ImportError:  # ansible-core 2.16 - 2.18
    Direction = get_module_encoder = None

try:
    from ansible.vars.clean import remove_internal_keys
except ImportError:  # pragma: no cover - every supported core has it
    remove_internal_keys = None

display = Display()

# The profile ansible-core 2.19+ uses for a Python module without module metadata (ours have none).
PROFILE = 'legacy'
OPT_OUT_VARIABLE = 'hapair_panos_in_process'
OPT_OUT_ENV = 'HAPAIR_PANOS_IN_PROCESS'
COLLECTION = 'hapair.panos'


def opted_out_in_environment():
    """Whether HAPAIR_PANOS_IN_PROCESS turns the fork of the worker (and the preload) off."""
    return os.environ.get(OPT_OUT_ENV, '1').strip().lower() in ('0', 'false', 'no', 'off')


def why_not_in_process(connection, become, async_val, interpreter, opted_out, has_pan_xapi):
    """The reason the module must run the usual way, or None when a fork of the worker is the same thing.
    opted_out: None, or what turned the fork off (the variable or the environment)."""
    if opted_out:
        return opted_out
    if connection != 'local':
        return 'connection is %s, not local' % connection
    if become:
        return 'become is set'
    if async_val:
        return 'the task is async'
    if interpreter and os.path.realpath(interpreter) != os.path.realpath(sys.executable):
        return 'ansible_python_interpreter %s is not the controller\'s Python %s' % (interpreter, sys.executable)
    if not has_pan_xapi:
        return 'pan-python is not installed in the controller\'s Python %s' % sys.executable
    return None


def encode_arguments(module_args):
    """The bytes AnsiballZ hands a module (``{"ANSIBLE_MODULE_ARGS": ...}``), encoded as that core encodes them."""
    params = {'ANSIBLE_MODULE_ARGS': module_args}
    if get_module_encoder is not None:
        return json.dumps(params, cls=get_module_encoder(PROFILE, Direction.CONTROLLER_TO_MODULE)).encode()
    from ansible.module_utils.common.json import AnsibleJSONEncoder  # 2.16 - 2.18, as module_common does
    try:
        return json.dumps(params, cls=AnsibleJSONEncoder, vault_to_text=True).encode()
    except TypeError:
        return json.dumps(params, cls=AnsibleJSONEncoder).encode()


def run_module_in_child(module_path, json_params, environment):
    """The module's stdout, stderr and exit status; the module runs in a child process forked from this one.

    The child sets the arguments where ``AnsibleModule`` reads them, calls the module's ``main()`` with stdout and
    stderr captured, and sends both back through a pipe. A module always ends with ``exit_json``/``fail_json``
    (``SystemExit``); an exception that escapes is reported as a module failure with its traceback, as a subprocess's
    would be. The child ends with os._exit, so no atexit handler runs there (the worker's are inherited and must not
    run twice); this collection's modules register none and never use ``module.tmpdir``.
    """
    bytecode_cache.install()  # the module's files from their .pyc, not compiled again at every task
    module = importlib.import_module(module_path)  # imported once in the worker: the child starts with it loaded
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its result is what the parent checks
        status = 1
        try:
            os.close(read_end)
            status = _child(module, json_params, environment, write_end)
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, 'rb') as pipe:
        payload = pipe.read()
    wait_status = os.waitpid(pid, 0)[1]
    code = os.waitstatus_to_exitcode(wait_status)
    try:
        message = json.loads(payload.decode('utf-8', 'surrogateescape'))
    except ValueError:
        message = {'stdout': '', 'stderr': 'the forked module run ended without a result (exit status %s)' % code}
    return {'rc': code, 'stdout': message['stdout'], 'stderr': message['stderr']}


def _child(module, json_params, environment, write_end):  # pragma: no cover - runs in the forked child
    from ansible.module_utils import basic

    _become_module_side()
    os.environ.update(environment)
    basic._ANSIBLE_ARGS = json_params
    if hasattr(basic, '_ANSIBLE_PROFILE'):
        basic._ANSIBLE_PROFILE = PROFILE
    out, err = io.StringIO(), io.StringIO()
    real_out, real_err = sys.stdout, sys.stderr
    status = 0
    sys.stdout, sys.stderr = out, err
    try:
        module.main()
        err.write('the module returned without exit_json or fail_json\n')
        status = 1
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # what escaped the module: shown as a module failure, as a subprocess's traceback is
        err.write(traceback.format_exc())
        status = 1
    finally:
        sys.stdout, sys.stderr = real_out, real_err
    with os.fdopen(write_end, 'wb') as pipe:
        pipe.write(json.dumps({'stdout': out.getvalue(), 'stderr': err.getvalue()}).encode('utf-8', 'surrogateescape'))
    return status


def _become_module_side():  # pragma: no cover - runs in the forked child
    """From ansible-core 2.19 on, shared code asks whether it runs in the controller: in the controller a module's
    warn() and deprecate() go straight to the display (which a forked child cannot reach), not into the result, and
    tracebacks follow the controller's settings. The child is a module process from here on."""
    try:
        from ansible.module_utils import _internal
        from ansible.module_utils._internal import _traceback
    except ImportError:  # ansible-core 2.16 - 2.18: no such switch, warnings always go into the result
        return
    _internal.is_controller = False
    if hasattr(_traceback, '_is_module_traceback_enabled'):
        _traceback._is_traceback_enabled = _traceback._is_module_traceback_enabled


ACTION_PACKAGE = 'ansible_collections.hapair.panos.plugins.action.'
MODULE_PACKAGE = 'ansible_collections.hapair.panos.plugins.modules.'


def preload_module(action_module_name):
    """Import the module whose action plugin is action_module_name, best effort; True when it is imported.

    Why: every task gets a new worker, a fork of Ansible's main process, and imported the module again: 25-40 ms of
    controller CPU per module run (our module_utils, ``pan.xapi``, ``ssl``, ``http.client``, ``xml.etree``), about a
    third of what a read-only module run costs (issue 13, docs/dev/benchmarks.md). The strategy loads each task's
    action plugin class in the main process before it forks the workers (to read ``BYPASS_HOST_LOOP``), and that is
    when this runs: the module is then imported once per run of ansible-playbook and every worker starts with it.
    Nothing in the module runs at import but its definitions; the system's CA store is loaded here as well
    (module_utils/connection.py's system_trust_context). A module that cannot be imported here (pan-python
    missing, for example) is left to the worker, which reports it as before; ``HAPAIR_PANOS_IN_PROCESS=0`` turns the
    preload off with the fork.
    """
    if not action_module_name.startswith(ACTION_PACKAGE):
        return False
    if opted_out_in_environment():
        return False
    # Not bytecode_cache.install() here: a plugin's import must leave sys.meta_path alone (ansible-test sanity import);
    # compiling the module's files once per run costs little, and the workers install it before their own imports.
    try:
        importlib.import_module(MODULE_PACKAGE + action_module_name[len(ACTION_PACKAGE):])
        # The system's CA store too, loaded once here rather than per peer in every module run (30-35 ms each).
        from ansible_collections.hapair.panos.plugins.module_utils.connection import system_trust_context
        system_trust_context()
    except Exception:  # pylint: disable=broad-exception-caught  # the worker imports it again and reports it
        return False
    preload_filters()
    return True


_FILTERS_PRELOADED = []


def preload_filters():
    """Load this collection's filter plugins once, in the process that forks the workers; the names loaded.

    Why: the main process never templates a task's arguments, so without this every worker that uses one of our
    filters imports its file (and the module_utils behind it) again: 3-8 ms per task and pair, measured (issue 13,
    docs/dev/benchmarks.md). The plugin loader keeps what it loaded, and the workers, forked after, start with it.
    Best effort, once per process: a filter that cannot be loaded here is loaded by the worker, as before.
    """
    if _FILTERS_PRELOADED:
        return _FILTERS_PRELOADED[0]
    loaded = []
    try:
        from ansible.plugins.loader import filter_loader
        directory = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'filter')
        # One name per documented filter (plugins/filter/<name>.yml): the loader resolves filters by name and keeps
        # the file each came from, imported.
        for name in sorted(os.listdir(directory)):
            if name.endswith('.yml') and filter_loader.get(COLLECTION + '.' + name[:-4]) is not None:
                loaded.append(name[:-4])
    except Exception:  # pylint: disable=broad-exception-caught  # the workers load them as before
        pass
    _FILTERS_PRELOADED.append(loaded)
    return loaded


class InProcessModuleAction(NormalActionModule):
    """The action of every hapair.panos module: the normal action, with the module run in a fork of the worker when
    that is the same thing (see the module docstring)."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Each plugins/action/<module>.py defines its ActionModule here, in the main process first.
        preload_module(cls.__module__)

    def _execute_module(self, module_name=None, module_args=None, tmp=None, task_vars=None, persist_files=False,
                        delete_remote_tmp=None, wrap_async=False, **kwargs):
        task_vars = task_vars if task_vars is not None else {}
        module_name = module_name or self._task.action
        reason = self._why_not_in_process(module_name, task_vars, wrap_async)
        if reason:
            display.vvv('%s runs as a module process: %s' % (module_name, reason), host=self._play_context.remote_addr)
            return super()._execute_module(module_name=module_name, module_args=module_args, task_vars=task_vars,
                                           wrap_async=wrap_async, **kwargs)
        display.vvv('%s runs in a fork of the Ansible worker (connection local, the controller\'s Python)'
                    % module_name, host=self._play_context.remote_addr)
        module_args = dict(self._task.args if module_args is None else module_args)
        self._update_module_args(module_name, module_args, task_vars)
        environment = {}
        self._compute_environment_string(raw_environment_out=environment)
        short_name = module_name.rsplit('.', 1)[-1]
        result = run_module_in_child('ansible_collections.hapair.panos.plugins.modules.%s' % short_name,
                                     encode_arguments(module_args), {str(k): str(v) for k, v in environment.items()})
        if 'profile' in inspect.signature(self._parse_returned_data).parameters:
            data = self._parse_returned_data(result, PROFILE)
        else:
            data = self._parse_returned_data(result)
        data.pop('_ansible_suppress_tmpdir_delete', None)
        if remove_internal_keys is not None:
            remove_internal_keys(data)
        return data

    def _why_not_in_process(self, module_name, task_vars, wrap_async):
        if '.' in module_name and not module_name.startswith(COLLECTION + '.'):
            return 'not a module of %s' % COLLECTION
        opted_out = None  # or what turned it off
        if opted_out_in_environment():
            opted_out = '%s=%s in the environment' % (OPT_OUT_ENV, os.environ[OPT_OUT_ENV])
        if OPT_OUT_VARIABLE in task_vars:
            wanted = boolean(self._templar.template(task_vars[OPT_OUT_VARIABLE]), strict=False)
            opted_out = None if wanted else 'the variable %s is false' % OPT_OUT_VARIABLE
        interpreter = task_vars.get('ansible_python_interpreter')
        if interpreter:
            interpreter = self._templar.template(interpreter)
        try:
            import pan.xapi  # noqa: F401  pylint: disable=unused-import
            has_pan_xapi = True
        except ImportError:
            has_pan_xapi = False
        return why_not_in_process(
            connection=getattr(self._connection, 'transport', None) or self._play_context.connection,
            become=self._play_context.become, async_val=wrap_async or self._task.async_val,
            interpreter=interpreter if isinstance(interpreter, str) else None, opted_out=opted_out,
            has_pan_xapi=has_pan_xapi)
