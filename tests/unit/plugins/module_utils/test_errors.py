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


JUMBO_JOB = {
    'id': 280, 'type': 'HA-Sync', 'status': 'FIN', 'result': 'FAIL',
    'details': ['device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500',
                'interface configuration error', 'Commit failed'],
}


def test_job_failed_classifies_when_no_reason_given():
    err = errors.JobFailed(JUMBO_JOB, device='10.0.0.2:443')
    assert err.reason == 'jumbo_frame_mismatch'
    assert err.msg.startswith('HA-Sync job 280 failed: device: device is not in jumbo-frame mode but interface ae1.518 '
                              'mtu is greater than 1500 on 10.0.0.2:443. Enable jumbo frames')
    kwargs = err.to_fail_kwargs()
    assert kwargs['job'] is JUMBO_JOB
    assert kwargs['details'] == JUMBO_JOB['details']
    assert kwargs['error'] == 'job_failed'


def test_job_failed_with_given_reason_gets_its_remedy():
    err = errors.JobFailed({'type': 'Commit', 'details': []}, reason='config_locked')
    assert err.message == 'Commit job failed'
    assert 'lock' in err.remedy


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
    for err in (errors.JobFailed(JUMBO_JOB), errors.ApiError(12, 'x'), errors.JobTimeout(1, 1)):
        assert not reserved & set(err.to_fail_kwargs())
        assert re.match(r'^[a-z_]+$', err.to_fail_kwargs()['error'])
