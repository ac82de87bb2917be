# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import re

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import errors

# Every code of reference/panos-xml/error_codes.md §1 (2-5 and 19-20 are ranges there).
DOCUMENTED_CODES = [400, 403, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22]


def test_every_documented_code_has_a_name_and_error_codes_a_remedy():
    assert sorted(errors.API_ERROR_CODES) == sorted(DOCUMENTED_CODES)
    for code, (name, remedy) in errors.API_ERROR_CODES.items():
        assert name
        if code in (19, 20):
            assert remedy is None
        else:
            assert remedy and remedy.endswith('.'), code


def test_base_error_reports_itself():
    err = errors.HapairError('Something broke.', device='192.0.2.1:443', remedy='Do this.', details=['a'], reason='why')
    assert err.msg == 'Something broke on 192.0.2.1:443. Do this.'
    assert str(err) == err.msg
    assert err.to_fail_kwargs() == {'msg': err.msg, 'error': 'error', 'device': '192.0.2.1:443', 'remedy': 'Do this.',
                                    'details': ['a'], 'reason': 'why'}


def test_message_without_device_or_remedy():
    assert errors.HapairError('plain').to_fail_kwargs() == {'msg': 'plain.', 'error': 'error'}


def test_multiline_messages_become_one_line():
    assert errors.HapairError('line one\n line two\n\n').message == 'line one; line two'


@pytest.mark.parametrize('cls, kind', [
    (errors.ConnectionFailed, 'connection_failed'),
    (errors.TlsVerificationFailed, 'tls_verification_failed'),
    (errors.AuthenticationFailed, 'authentication_failed'),
    (errors.Refused, 'refused'),
])
def test_kinds_and_default_remedies(cls, kind):
    err = cls('Failed', device='d:443')
    kwargs = err.to_fail_kwargs()
    assert kwargs['error'] == kind
    assert kwargs['msg'].startswith('Failed on d:443.')
    if cls is not errors.Refused:
        assert kwargs['remedy'] == cls.default_remedy


def test_hierarchy():
    assert issubclass(errors.TlsVerificationFailed, errors.ConnectionFailed)
    for name in ('ConnectionFailed', 'AuthenticationFailed', 'ApiError', 'DeviceBusy', 'JobFailed', 'JobTimeout',
                 'InvalidInput', 'Refused', 'MissingDependency'):
        assert issubclass(getattr(errors, name), errors.HapairError)


def test_tls_remedy_mentions_options():
    assert 'ca_path' in errors.TlsVerificationFailed.default_remedy
    assert 'validate_certs' in errors.TlsVerificationFailed.default_remedy


def test_authentication_remedy_mentions_credentials():
    for option in ('username', 'password', 'api_key'):
        assert option in errors.AuthenticationFailed.default_remedy


def test_api_error_uses_code_table():
    err = errors.ApiError('17', ' show -> redistribution  is unexpected', device='fw:443')
    assert err.code == 17
    assert err.msg.startswith('PAN-OS API error 17 (Invalid command): show -> redistribution  is unexpected on fw:443.')
    assert err.remedy == errors.API_ERROR_CODES[17][1]
    assert err.to_fail_kwargs()['code'] == 17
    assert not err.not_found


def test_api_error_unknown_and_missing_code():
    err = errors.ApiError(99, 'odd')
    assert err.code_name == errors.UNKNOWN_API_ERROR[0]
    err = errors.ApiError(None, 'No such node')
    assert err.code is None and 'code' not in err.to_fail_kwargs()
    assert err.not_found
    assert errors.ApiError(7).not_found


def test_api_error_explicit_remedy_wins():
    assert errors.ApiError(15, 'x', remedy='Run it on the active peer.').remedy == 'Run it on the active peer.'


def test_device_busy():
    err = errors.DeviceBusy('Another commit/validate is in progress. Please try again later', device='fw:443',
                            reason='commit_in_progress', code='13')
    kwargs = err.to_fail_kwargs()
    assert kwargs['error'] == 'device_busy' and kwargs['reason'] == 'commit_in_progress'
    assert err.code == 13


def test_job_failed_is_built_from_what_it_is_given():
    # jobs.job_failed classifies a job (tests/unit/plugins/module_utils/test_jobs.py); the error only reports.
    job = {'id': 5, 'type': 'Commit', 'details': ['Bad config', 'vsys1']}
    err = errors.JobFailed(job, device='fw:443', reason='invalid_config', remedy='Fix it.', headline='Bad config')
    assert err.msg == 'Commit job 5 failed: Bad config on fw:443. Fix it.'
    assert err.details == ['Bad config', 'vsys1'] and err.reason == 'invalid_config'
    assert errors.JobFailed({}).message == 'A job failed'


def test_job_timeout():
    err = errors.JobTimeout(7, 60, device='fw:443', job={'status': 'ACT', 'progress': 55})
    kwargs = err.to_fail_kwargs()
    assert kwargs['msg'].startswith('Job 7 did not finish within 60 seconds (last seen: status ACT, progress 55) on fw:443.')
    assert kwargs['job_id'] == 7 and kwargs['reason'] == 'timeout'


def test_invalid_input_names_option():
    kwargs = errors.InvalidInput('bad', option='provider.port').to_fail_kwargs()
    assert kwargs['option'] == 'provider.port'


def test_missing_dependency():
    import sys
    kwargs = errors.MissingDependency('pan-python', 'Traceback...').to_fail_kwargs()
    assert '%s -m pip install pan-python' % sys.executable in kwargs['msg']
    assert 'not installed for %s' % sys.executable in kwargs['msg']
    assert 'ansible_python_interpreter' in kwargs['remedy']
    assert kwargs['details'] == 'Traceback...'


def test_fail_kwargs_keys_do_not_collide_with_ansible_result_keys():
    reserved = {'failed', 'changed', 'invocation', 'exception', 'warnings', 'deprecations', 'skipped', 'rc'}
    job = {'id': 280, 'type': 'HA-Sync', 'details': ['jumbo']}
    for err in (errors.JobFailed(job, reason='jumbo_frame_mismatch'), errors.ApiError(12, 'x'), errors.JobTimeout(1, 1),
                errors.VerificationFailed('x', reason='not_applied')):
        assert not reserved & set(err.to_fail_kwargs())
        assert re.match(r'^[a-z_]+$', err.to_fail_kwargs()['error'])


def test_verification_failed_has_its_own_kind():
    err = errors.VerificationFailed('After the commit fw shows x, expected y', device='fw', reason='not_applied',
                                    remedy='Check the commit job.')
    assert isinstance(err, errors.HapairError)
    assert err.to_fail_kwargs() == {'msg': 'After the commit fw shows x, expected y on fw. Check the commit job.',
                                    'error': 'verification_failed', 'device': 'fw', 'remedy': 'Check the commit job.',
                                    'reason': 'not_applied'}


def test_replace_builds_a_new_error_and_leaves_the_old_one():
    err = errors.ApiError(15, 'denied', device='fw:443')
    new = err.replace(message=err.message + ' (our change on fw: reverted)', reason='sync_refused')
    assert new.__class__ is errors.ApiError and new.code == 15 and new.kind == 'api_error'
    assert new.msg.startswith('PAN-OS API error 15 (Operation denied): denied (our change on fw: reverted) on fw:443.')
    assert str(new) == new.msg and new.args == (new.msg,)
    assert new.reason == 'sync_refused' and err.reason is None
    assert err.message == 'PAN-OS API error 15 (Operation denied): denied'
    renamed = errors.InvalidInput('provider.port is bad', option='provider.port').replace(option='peer_provider.port')
    assert renamed.to_fail_kwargs()['option'] == 'peer_provider.port'
    with pytest.raises(TypeError):
        err.replace(colour='red')


def test_errors_module_imports_nothing_of_the_collection():
    # A module that only needs an error class does not ship the catalog (errors.py's docstring).
    import ast
    import inspect
    tree = ast.parse(inspect.getsource(errors))
    imported = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert not [name for name in imported if name and name.startswith('ansible_collections')], imported


def test_every_exception_class_of_module_utils_lives_in_errors():
    import ast
    import pathlib
    root = pathlib.Path(errors.__file__).parent
    elsewhere = []
    for path in sorted(root.glob('*.py')):
        if path.name == 'errors.py':
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and any(
                    getattr(base, 'id', getattr(base, 'attr', '')).endswith(('Error', 'Exception', 'Failed'))
                    for base in node.bases):
                elsewhere.append('%s:%s' % (path.name, node.name))
    assert not elsewhere
