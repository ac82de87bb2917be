# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/in_process.py: when a module may run in a fork of the worker, and what such a run returns.
The child here runs a real AnsibleModule (sample_module.py) from arguments encoded as the action plugin encodes them."""

from __future__ import annotations

import json
import os
import sys

import pytest

from ansible_collections.hapair.panos.plugins.plugin_utils import in_process

SAMPLE = 'ansible_collections.hapair.panos.tests.unit.plugins.plugin_utils.sample_module'
# What Ansible adds to every module's arguments (the keys every supported core knows).
INTERNAL = {'_ansible_check_mode': False, '_ansible_no_log': False, '_ansible_diff': False, '_ansible_verbosity': 0,
            '_ansible_debug': False, '_ansible_module_name': 'sample_module', '_ansible_tmpdir': None,
            '_ansible_remote_tmp': '~/.ansible/tmp', '_ansible_keep_remote_files': False,
            '_ansible_selinux_special_fs': [], '_ansible_syslog_facility': 'LOG_USER',
            '_ansible_shell_executable': '/bin/sh', '_ansible_socket': None}


def run(environment=None, **args):
    raw = in_process.run_module_in_child(SAMPLE, in_process.encode_arguments(dict(INTERNAL, **args)), environment or {})
    try:
        return raw, json.loads(raw['stdout'])
    except ValueError:
        return raw, None


def test_a_successful_run_returns_the_modules_result_with_its_warning_and_masks_no_log_values():
    raw, result = run(name='pair1', secret='s3cr3t-value', environment={'HAPAIR_TEST_ENV': 'from the task'})
    assert raw['rc'] == 0, raw
    assert result['name'] == 'pair1' and result['changed'] is True
    assert result['echoed_secret'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    assert 's3cr3t-value' not in raw['stdout'] + raw['stderr']
    assert any('a warning about pair1' in str(w) for w in result['warnings']), result
    assert result['env'] == 'from the task' and 'HAPAIR_TEST_ENV' not in os.environ  # the parent's environment is untouched
    assert result['pid'] != os.getpid()  # it ran in a child


def test_every_run_starts_from_the_imported_module_state():
    first, second = run(name='a')[1], run(name='b')[1]
    assert first['runs'] == second['runs'] == 1


def test_check_mode_reaches_the_module():
    assert run(name='x', _ansible_check_mode=True)[1]['changed'] is False


def test_fail_json_is_a_failed_result_with_exit_status_1():
    raw, result = run(name='x', mode='fail')
    assert raw['rc'] == 1 and result['failed'] is True and result['msg'] == 'failed on purpose'


def test_an_escaping_exception_is_reported_with_its_traceback():
    raw, result = run(name='x', mode='raise')
    assert raw['rc'] == 1 and result is None
    assert 'RuntimeError: raised on purpose' in raw['stderr']


def test_a_module_that_returns_without_exiting_is_a_failure():
    raw = run(name='x', mode='return')[0]
    assert raw['rc'] == 1 and 'without exit_json' in raw['stderr']


def test_bad_arguments_are_the_modules_own_error():
    raw, result = run(name='x', mode='bogus')
    assert raw['rc'] == 1 and 'value of mode must be one of' in result['msg']


@pytest.mark.parametrize('kwargs, reason', [
    ({}, None),
    ({'interpreter': sys.executable}, None),
    ({'opted_out': 'the variable hapair_panos_in_process is false'}, 'hapair_panos_in_process is false'),
    ({'connection': 'ssh'}, 'connection is ssh, not local'),
    ({'become': True}, 'become is set'),
    ({'async_val': 30}, 'the task is async'),
    ({'interpreter': '/usr/bin/python2.7'}, "is not the controller's Python"),
    ({'has_pan_xapi': False}, 'pan-python is not installed'),
])
def test_when_a_module_runs_the_usual_way(kwargs, reason):
    args = dict(connection='local', become=False, async_val=0, interpreter=None, opted_out=None, has_pan_xapi=True)
    args.update(kwargs)
    got = in_process.why_not_in_process(**args)
    assert (got is None) if reason is None else (reason in got)


def test_defining_an_action_plugin_of_the_collection_imports_its_module_once_in_that_process(monkeypatch):
    # What the strategy does in the main process before any worker forks: load the action plugin's class.
    name = 'ansible_collections.hapair.panos.plugins.modules.job_info'
    monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.delenv(in_process.OPT_OUT_ENV, raising=False)
    namespace = {'__module__': 'ansible_collections.hapair.panos.plugins.action.job_info'}
    type('ActionModule', (in_process.InProcessModuleAction,), namespace)
    assert name in sys.modules


def test_the_preload_leaves_other_names_and_the_opt_out_alone(monkeypatch):
    assert in_process.preload_module('ansible_collections.other.collection.plugins.action.job_info') is False
    assert in_process.preload_module('ansible_collections.hapair.panos.plugins.action.no_such_module') is False
    monkeypatch.setenv(in_process.OPT_OUT_ENV, '0')
    monkeypatch.delitem(sys.modules, 'ansible_collections.hapair.panos.plugins.modules.ha_state', raising=False)
    assert in_process.preload_module('ansible_collections.hapair.panos.plugins.action.ha_state') is False
    assert 'ansible_collections.hapair.panos.plugins.modules.ha_state' not in sys.modules


def test_the_preload_loads_the_collections_filters_once(monkeypatch):
    from ansible.plugins.loader import filter_loader, init_plugin_loader
    import ansible_collections
    init_plugin_loader([os.path.dirname(list(ansible_collections.__path__)[0])])
    monkeypatch.setattr(in_process, '_FILTERS_PRELOADED', [])
    loaded = in_process.preload_filters()
    assert {'health_summary', 'rotation_report', 'rotation_record'} <= set(loaded)
    # Loaded means imported once and kept by the loader: the workers forked after find it there.
    paths = [path for path in filter_loader._module_cache if path.endswith(('/filter/health.py', '/filter/rotation.py'))]
    assert len(paths) == 2
    calls = []
    monkeypatch.setattr(filter_loader, 'get', calls.append)
    assert in_process.preload_filters() == loaded
    assert calls == []  # once per process
