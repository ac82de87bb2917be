# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""connection.Device through the real pan.xapi, with recorded answers at the HTTP seam."""

from __future__ import annotations

import ssl
import xml.etree.ElementTree as ET
from urllib.error import URLError
from urllib.parse import parse_qsl

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.hapair.panos.plugins.module_utils import connection, provider_spec
from ansible_collections.hapair.panos.plugins.module_utils.connection import Device, classify_error, redact
from ansible_collections.hapair.panos.plugins.module_utils.errors import (
    ApiError,
    AuthenticationFailed,
    ConnectionFailed,
    DeviceBusy,
    InvalidInput,
    MissingDependency,
    TlsVerificationFailed,
)
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import build_element, op_element
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.fakes import HttpStatus

SHOW_HA = op_element(['show', 'high-availability', 'all'])
HA_SAMPLE = 'op_show_high-availability_state.active-passive.synced.pa-5250-9.1.11.xml'
KEY = ('LUFRPT1IanVrY0k4aUFtUURsaks0MmZ5T2VxNytUckE9R25NSVgyYysyVEw4VmZRakdTazc2bnZNZnplcTdxVmpabGNTRnY3cENLNUl5ZXB4ZDhU'
       'VkNJR0Y4VTdXS2pRdFhtU2tPMnp5MEdKejgzTGJsbnpsRmc9PQ==')
REFUSED = URLError(ConnectionRefusedError(111, 'Connection refused'))
BUSY = (b'<response status="error" code="13"><msg><line>Another commit/validate is in progress. '
        b'Please try again later</line></msg></response>')


def make_device(provider, sleeps, **kwargs):
    return Device(provider, sleep=sleeps, **kwargs)


def assert_no_secret(error, *secrets):
    for text in (error.msg, repr(error.to_fail_kwargs()), str(error.details)):
        for secret in secrets:
            assert secret not in text


# ---------------------------------------------------------------- argument spec

def validate(spec, params):
    return ArgumentSpecValidator(spec).validate(params)


def test_provider_spec_defaults(monkeypatch):
    for names in provider_spec.PROVIDER_ENV.values():
        for var in names:
            monkeypatch.delenv(var, raising=False)
    result = validate(provider_spec.provider_argument_spec(), {'provider': {'ip_address': 'fw1', 'password': 'pw'}})
    assert not result.error_messages
    assert result.validated_parameters['provider'] == {
        'ip_address': 'fw1', 'port': 443, 'username': 'admin', 'password': 'pw', 'api_key': None,
        'validate_certs': True, 'ca_path': None, 'timeout': 30, 'serial_number': None,
    }
    assert 'pw' in result._no_log_values


def test_provider_spec_env_fallbacks(monkeypatch):
    monkeypatch.setenv('PANOS_USERNAME', 'automation')
    monkeypatch.setenv('PANOS_PASSWORD', 'from-env')
    monkeypatch.setenv('PANOS_API_KEY', 'KEYFROMENV')
    result = validate(provider_spec.provider_argument_spec(), {'provider': {'ip_address': 'fw1'}})
    assert not result.error_messages
    provider = result.validated_parameters['provider']
    assert (provider['username'], provider['password'], provider['api_key']) == ('automation', 'from-env', 'KEYFROMENV')
    assert {'from-env', 'KEYFROMENV'} <= result._no_log_values


def test_provider_spec_awx_network_credential_and_tls_from_env(monkeypatch, tmp_path):
    for names in provider_spec.PROVIDER_ENV.values():
        for var in names:
            monkeypatch.delenv(var, raising=False)
    ca_file = tmp_path / 'ca.pem'
    monkeypatch.setenv('ANSIBLE_NET_USERNAME', 'netops')
    monkeypatch.setenv('ANSIBLE_NET_PASSWORD', 'net-secret')
    monkeypatch.setenv('PANOS_VALIDATE_CERTS', 'false')
    monkeypatch.setenv('PANOS_CA_PATH', str(ca_file))
    result = validate(provider_spec.provider_argument_spec(), {'provider': {'ip_address': 'fw1'}})
    assert not result.error_messages
    provider = result.validated_parameters['provider']
    assert (provider['username'], provider['password']) == ('netops', 'net-secret')
    assert provider['validate_certs'] is False
    assert provider['ca_path'] == str(ca_file)
    assert 'net-secret' in result._no_log_values
    # The collection's own names win over AWX's Network credential; a value in the task wins over both.
    monkeypatch.setenv('PANOS_PASSWORD', 'panos-secret')
    result = validate(provider_spec.provider_argument_spec(),
                      {'provider': {'ip_address': 'fw1', 'username': 'task', 'validate_certs': True}})
    provider = result.validated_parameters['provider']
    assert (provider['username'], provider['password'], provider['validate_certs']) == ('task', 'panos-secret', True)


def test_provider_spec_blank_credential_fields_count_as_unset(monkeypatch):
    # An AWX credential injects its blank fields as empty variables.
    for names in provider_spec.PROVIDER_ENV.values():
        for var in names:
            monkeypatch.setenv(var, '')
    monkeypatch.setenv('ANSIBLE_NET_PASSWORD', 'net-secret')
    result = validate(provider_spec.provider_argument_spec(), {'provider': {'ip_address': 'fw1'}})
    assert not result.error_messages
    provider = result.validated_parameters['provider']
    assert (provider['username'], provider['password'], provider['api_key']) == ('admin', 'net-secret', None)
    assert (provider['validate_certs'], provider['ca_path']) == (True, None)


def test_provider_spec_bad_validate_certs_from_env_is_an_error(monkeypatch):
    monkeypatch.setenv('PANOS_PASSWORD', 'pw')
    monkeypatch.setenv('PANOS_VALIDATE_CERTS', 'maybe')
    result = validate(provider_spec.provider_argument_spec(), {'provider': {'ip_address': 'fw1'}})
    assert 'validate_certs' in ' '.join(result.error_messages)


def test_provider_spec_needs_password_or_key(monkeypatch):
    for names in provider_spec.PROVIDER_ENV.values():
        for var in names:
            monkeypatch.delenv(var, raising=False)
    result = validate(provider_spec.provider_argument_spec(), {'provider': {'ip_address': 'fw1'}})
    assert 'one of the following is required: password, api_key' in ' '.join(result.error_messages)


def test_provider_spec_accepts_paloaltonetworks_shape(monkeypatch):
    params = {'provider': {'ip_address': 'fw1', 'username': 'admin', 'password': 'pw', 'port': 443, 'serial_number': '0123'}}
    assert not validate(provider_spec.provider_argument_spec(), params).error_messages


def test_pair_spec_peer_provider_inherits(monkeypatch):
    monkeypatch.setenv('PANOS_PASSWORD', 'from-env')
    spec = provider_spec.pair_argument_spec()
    assert set(spec) == {'provider', 'peer_provider'}
    peer_options = spec['peer_provider']['options']
    assert set(peer_options) == set(provider_spec.provider_options())
    assert all('default' not in o and 'fallback' not in o for o in peer_options.values())
    result = validate(spec, {'provider': {'ip_address': 'fw1'}, 'peer_provider': {'ip_address': 'fw2'}})
    assert not result.error_messages
    assert result.validated_parameters['peer_provider']['password'] is None
    assert validate(spec, {'provider': {'ip_address': 'fw1'}}).validated_parameters['peer_provider'] is None
    assert validate(spec, {'provider': {'ip_address': 'fw1'}, 'peer_provider': {'port': 1}}).error_messages


def test_secret_options_are_no_log():
    for options in (provider_spec.provider_options(), provider_spec.peer_provider_options()):
        assert options['password']['no_log'] is True and options['api_key']['no_log'] is True


# ---------------------------------------------------------------- redact

def test_redact_raw_and_url_encoded():
    secret = 'p@ss w&rd+'
    text = f'user=admin&password=p%40ss+w%26rd%2B raw={secret} other=p%40ss%20w%26rd%2B'
    assert redact(text, [secret, None, '']) == 'user=admin&password=******** raw=******** other=********'
    assert redact(None, ['x']) is None
    assert redact('abc', []) == 'abc'


def test_redact_longest_secret_first():
    assert redact('abcdef', ['abc', 'abcdef']) == '********'


# ---------------------------------------------------------------- requests and keygen

def test_keygen_once_per_device(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml').add('op', 'high-availability', HA_SAMPLE)
    device = make_device(provider, sleeps)
    for _dummy in range(3):
        root = device.op(SHOW_HA)
    assert root.find('result/group/local-info/state').text == 'active'
    assert fake_http.count('keygen') == 1
    assert device.counters['keygen'] == 1 and device.counters['op'] == 3 and device.counters['total'] == 4
    keygen = fake_http.requests[0]['params']
    assert (keygen['user'], keygen['password']) == ('admin', provider['password'])
    op = fake_http.requests[1]['params']
    assert op['key'] == KEY and op['cmd'] == SHOW_HA
    assert fake_http.requests[1]['url'] == 'https://192.0.2.10:443/api/'
    assert fake_http.requests[1]['timeout'] == 30


def test_given_api_key_skips_keygen(fake_http, provider, sleeps):
    provider.update(password=None, api_key='GIVENKEY')
    fake_http.add('op', 'high-availability', HA_SAMPLE)
    device = make_device(provider, sleeps)
    device.op(['show', 'high-availability', 'all'])
    assert fake_http.count('keygen') == 0
    assert fake_http.requests[0]['params']['key'] == 'GIVENKEY'


def test_rekey_generates_a_new_key(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml').add('op', 'high-availability', HA_SAMPLE)
    device = make_device(provider, sleeps)
    device.op(SHOW_HA)
    device.rekey()
    device.op(SHOW_HA)
    assert fake_http.count('keygen') == 2


def test_rekey_with_given_key_and_password(fake_http, provider, sleeps):
    provider.update(api_key='OLDKEY')
    fake_http.add('keygen', '', 'keygen.success.xml').add('op', 'high-availability', HA_SAMPLE)
    device = make_device(provider, sleeps)
    device.op(SHOW_HA)
    device.rekey()
    device.op(SHOW_HA)
    assert [r['params'].get('key') for r in fake_http.requests] == ['OLDKEY', None, KEY]


def test_rekey_without_password_refuses(fake_http, provider, sleeps):
    provider.update(password=None, api_key='GIVENKEY')
    with pytest.raises(AuthenticationFailed) as exc:
        make_device(provider, sleeps).rekey()
    assert 'GIVENKEY' not in exc.value.msg
    assert fake_http.requests == []


def test_op_vsys_and_secret_redaction_in_log(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml').add('op', 'master-key', b'<response status="success"><result>ok</result></response>')
    device = make_device(provider, sleeps)
    cmd = op_element(['request', 'master-key'], children={'new-master-key': 'NEWKEY0123456789', 'lifetime': 17520})
    device.op(cmd, vsys='shared', secrets=['NEWKEY0123456789'])
    assert fake_http.requests[-1]['params']['vsys'] == 'shared'
    logged = repr(device.request_log)
    for secret in ('NEWKEY0123456789', provider['password'], KEY):
        assert secret not in logged


# ---------------------------------------------------------------- retries

def test_5xx_twice_then_ok_is_three_calls(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml')
    fake_http.add('op', 'high-availability', HttpStatus(503, 'Service Unavailable'), HttpStatus(502, 'Bad Gateway'), HA_SAMPLE)
    device = make_device(provider, sleeps)
    root = device.op(SHOW_HA)
    assert root.get('status') == 'success'
    assert fake_http.count('op') == 3
    assert sleeps.delays == [0.5, 1.0]
    assert [entry['attempt'] for entry in device.request_log if entry['kind'] == 'op'] == [1, 2, 3]


def test_refused_forever_gives_up_after_retries(fake_http, provider, sleeps):
    fake_http.add('keygen', '', REFUSED)
    device = make_device(provider, sleeps)
    with pytest.raises(ConnectionFailed) as exc:
        device.op(SHOW_HA)
    assert exc.value.kind == ConnectionFailed.kind
    assert fake_http.count('keygen') == 4
    assert sleeps.delays == [0.5, 1.0, 2.0]
    assert 'Connection refused' in exc.value.msg and 'gave up after 4 attempts' in exc.value.msg
    assert exc.value.device == '192.0.2.10:443'
    assert_no_secret(exc.value, provider['password'])


def test_retry_count_and_backoff_are_configurable(fake_http, provider, sleeps):
    fake_http.add('keygen', '', REFUSED)
    with pytest.raises(ConnectionFailed):
        make_device(provider, sleeps, retries=1, backoff=0.01).op(SHOW_HA)
    assert fake_http.count('keygen') == 2
    assert sleeps.delays == [0.01]


def test_403_is_not_retried_and_hides_password(fake_http, provider, sleeps):
    fake_http.add('keygen', '', HttpStatus(403, 'Invalid Credential', b''))
    device = make_device(provider, sleeps)
    with pytest.raises(AuthenticationFailed) as exc:
        device.op(SHOW_HA)
    assert fake_http.count() == 1 and sleeps.delays == []
    assert 'HTTP 403 Invalid Credential' in exc.value.msg
    assert 'username' in exc.value.remedy
    assert_no_secret(exc.value, provider['password'])


def test_403_on_stale_api_key(fake_http, provider, sleeps):
    provider.update(password=None, api_key='STALEKEY')
    fake_http.add('op', '', HttpStatus(403, 'Invalid Credential'))
    with pytest.raises(AuthenticationFailed) as exc:
        make_device(provider, sleeps).op(SHOW_HA)
    assert_no_secret(exc.value, 'STALEKEY')


def test_old_style_invalid_credentials_with_http_200(fake_http, provider, sleeps):
    fake_http.add('keygen', '', b"<response status = 'error' code = '403'><result><msg>Invalid credentials.</msg></result></response>")
    with pytest.raises(AuthenticationFailed):
        make_device(provider, sleeps).op(SHOW_HA)
    assert fake_http.count() == 1


def test_recorded_invalid_credential_body_with_http_200(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.invalid-credential.xml')
    with pytest.raises(AuthenticationFailed):
        make_device(provider, sleeps).op(SHOW_HA)


def test_tls_verification_failure_is_not_retried(fake_http, provider, sleeps):
    error = ssl.SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed '
                                            'certificate (_ssl.c:1006)')
    fake_http.add('keygen', '', URLError(error))
    with pytest.raises(TlsVerificationFailed) as exc:
        make_device(provider, sleeps).op(SHOW_HA)
    assert fake_http.count() == 1
    assert 'self-signed certificate' in exc.value.msg
    assert 'ca_path' in exc.value.msg and 'validate_certs' in exc.value.msg
    assert exc.value.to_fail_kwargs()['error'] == 'tls_verification_failed'


def test_dns_failure_is_not_retried(fake_http, provider, sleeps):
    fake_http.add('keygen', '', URLError(OSError(-2, 'Name or service not known')))
    with pytest.raises(ConnectionFailed) as exc:
        make_device(provider, sleeps).op(SHOW_HA)
    assert fake_http.count() == 1
    assert 'resolve' in exc.value.msg


def test_api_error_is_not_retried(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml').add('op', '', 'error_code17.unexpected-command.xml')
    with pytest.raises(ApiError) as exc:
        make_device(provider, sleeps).op(op_element(['show', 'redistribution']))
    assert exc.value.code == 17
    assert 'show -> redistribution  is unexpected' in exc.value.msg
    assert fake_http.count('op') == 1


def test_multiline_api_error(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml').add('config', 'set', 'error_code12.invalid-object.multiline.xml')
    with pytest.raises(ApiError) as exc:
        make_device(provider, sleeps).config_set('/config/x', '<a/>')
    assert exc.value.code == 12 and '; ' in exc.value.text and '\n' not in exc.value.msg


def test_busy_device(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml').add('commit', '', BUSY)
    with pytest.raises(DeviceBusy) as exc:
        make_device(provider, sleeps).commit()
    assert exc.value.reason == 'commit_in_progress' and exc.value.code == 13
    assert fake_http.count('commit') == 1


def test_session_timed_out_is_retried(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml')
    fake_http.add('op', '', b'<response status="error" code="22"><msg><line>Session timed out</line></msg></response>', HA_SAMPLE)
    make_device(provider, sleeps).op(SHOW_HA)
    assert fake_http.count('op') == 2


@pytest.mark.parametrize('failure', [TimeoutError('timed out'), HttpStatus(500, 'Internal Server Error'),
                                     ConnectionResetError(104, 'Connection reset by peer')])
def test_ambiguous_failures_retry_reads_only(fake_http, provider, sleeps, failure):
    fake_http.add('keygen', '', 'keygen.success.xml')
    fake_http.add('op', 'show', failure, HA_SAMPLE)
    fake_http.add('op', 'request', failure, b'<response status="success"><result>ok</result></response>')
    fake_http.add('commit', '', failure, 'commit.enqueued.code19.xml')
    device = make_device(provider, sleeps)
    device.op(SHOW_HA)
    assert fake_http.count('op') == 2
    with pytest.raises(ConnectionFailed):
        device.op(op_element(['request', 'high-availability', 'sync-to-remote', 'running-config']))
    with pytest.raises(ConnectionFailed):
        device.commit()
    assert fake_http.count('op') == 3 and fake_http.count('commit') == 1
    # an explicit idempotent=True makes an op retryable
    device.op(op_element(['request', 'x']), idempotent=True)


def test_refused_is_retried_even_for_commits(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml').add('commit', '', REFUSED, 'commit.enqueued.code19.xml')
    assert make_device(provider, sleeps).commit() == 2
    assert fake_http.count('commit') == 2


def test_non_xml_answer(fake_http, provider, sleeps, monkeypatch):
    from ansible_collections.hapair.panos.tests.unit.plugins.module_utils import fakes

    class Html(fakes.FakeResponse):
        def __init__(self, body):
            super().__init__(body, content_type='text/html')

    monkeypatch.setattr(fakes, 'FakeResponse', Html)
    fake_http.add('keygen', '', b'<html>login</html>')
    with pytest.raises(ConnectionFailed) as exc:
        make_device(provider, sleeps).op(SHOW_HA)
    assert 'did not answer like the PAN-OS XML API' in exc.value.msg
    assert fake_http.count() == 1


def test_error_text_echoing_a_secret_is_redacted(fake_http, provider, sleeps):
    body = (b'<response status="error" code="12"><msg><line>request -> master-key -> new-master-key '
            b'ABCDEFGHIJKLMNOP is invalid</line></msg></response>')
    fake_http.add('keygen', '', 'keygen.success.xml').add('op', '', body)
    device = make_device(provider, sleeps)
    with pytest.raises(ApiError) as exc:
        device.op(op_element(['request', 'master-key', 'new-master-key'], text='ABCDEFGHIJKLMNOP'), secrets=['ABCDEFGHIJKLMNOP'])
    assert_no_secret(exc.value, 'ABCDEFGHIJKLMNOP')
    assert '********' in exc.value.msg


# ---------------------------------------------------------------- classify_error (pure)

@pytest.mark.parametrize('text, status, code, retry, cls', [
    ('URLError: code: 503 reason: Service Unavailable', None, None, 'safe', ConnectionFailed),
    ('URLError: code: 504 reason: Gateway Timeout', None, None, 'idempotent', ConnectionFailed),
    ('URLError: code: 404 reason: Not Found', None, None, None, ConnectionFailed),
    ('URLError: code: 400 reason: Bad Request', None, None, None, ApiError),
    ('URLError: code: 403 reason: Invalid Credential', None, None, None, AuthenticationFailed),
    ('URLError: reason: [Errno 111] Connection refused', None, None, 'safe', ConnectionFailed),
    ('URLError: reason: timed out', None, None, 'safe', ConnectionFailed),
    ('URLError: reason: [Errno 113] No route to host', None, None, 'safe', ConnectionFailed),
    ('URLError: reason: [Errno -3] Temporary failure in name resolution', None, None, 'safe', ConnectionFailed),
    ('URLError: reason: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)', None, None, None, ConnectionFailed),
    ('URLError: reason: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname mismatch', None, None, None,
     TlsVerificationFailed),
    ("ssl.CertificateError: hostname 'x' doesn't match 'y'", None, None, None, TlsVerificationFailed),
    ('No such node', 'error', None, None, ApiError),
    ('Invalid Credential', 'error', '403', None, AuthenticationFailed),
    ('Configuration is locked by admin2', 'error', None, None, DeviceBusy),
    ('Session timed out', 'error', None, 'safe', ApiError),
    ('keygen(): key element not found', 'success', None, None, ApiError),
    # an API error about certificates is not a TLS failure of our connection
    ('certificate verify failed for LDAP server profile', 'error', '12', None, ApiError),
])
def test_classify_error(text, status, code, retry, cls):
    retry_class, error = classify_error(text, status=status, code=code, device='fw:443')
    assert retry_class == retry
    assert error.kind == cls.kind
    assert error.device == 'fw:443'


# ---------------------------------------------------------------- config and commit

def test_config_get_returns_result(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml').add('config', 'update-schedule', 'config_get_update-schedule.code19.xml')
    result = make_device(provider, sleeps).config_get("/config/devices/entry[@name='localhost.localdomain']/deviceconfig/system/update-schedule")
    assert result.tag == 'result' and result.find('update-schedule') is not None
    params = fake_http.requests[-1]['params']
    assert (params['type'], params['action']) == ('config', 'get')


@pytest.mark.parametrize('answer', ['config_get.missing-xpath.code7.xml', 'config_get.missing-xpath.code19-empty.pan-os-5-era.xml',
                                    'config_show.missing-xpath.no-such-node.xml'])
def test_config_reads_of_missing_nodes_return_none(fake_http, provider, sleeps, answer):
    fake_http.add('keygen', '', 'keygen.success.xml').add('config', '', answer)
    device = make_device(provider, sleeps)
    assert device.config_get('/config/nope') is None
    assert device.config_show('/config/nope') is None


def test_config_set_edit_delete(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml').add('config', '', 'config_set-edit-delete.success.code20.xml')
    device = make_device(provider, sleeps)
    element = build_element('jumbo-frame', {'mtu': 9192})
    assert device.config_set('/config/a', element).get('code') == '20'
    device.config_edit('/config/a', '<jumbo-frame><mtu>9000</mtu></jumbo-frame>')
    device.config_delete('/config/a')
    sent = [(r['params']['action'], r['params'].get('element')) for r in fake_http.requests[1:]]
    assert sent == [('set', '<jumbo-frame><mtu>9192</mtu></jumbo-frame>'), ('edit', '<jumbo-frame><mtu>9000</mtu></jumbo-frame>'),
                    ('delete', None)]


def test_config_delete_missing_ok(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml').add('config', '', 'config_show.missing-xpath.no-such-node.xml')
    device = make_device(provider, sleeps)
    assert device.config_delete('/config/a') is None
    with pytest.raises(ApiError):
        device.config_delete('/config/a', missing_ok=False)


def test_commit_enqueued_returns_job_id(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml').add('commit', '', 'commit.enqueued.official-doc.xml')
    assert make_device(provider, sleeps).commit() == 4
    params = fake_http.requests[-1]['params']
    assert params['cmd'] == '<commit/>' and 'action' not in params


@pytest.mark.parametrize('answer', ['commit.no-changes.code19.xml', 'commit.no-changes.official-doc.xml'])
def test_commit_without_changes_returns_none(fake_http, provider, sleeps, answer):
    fake_http.add('keygen', '', 'keygen.success.xml').add('commit', '', answer)
    device = make_device(provider, sleeps)
    assert device.commit() is None


def test_partial_commit_by_admin(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml').add('commit', '', 'commit.enqueued.code19.xml')
    device = make_device(provider, sleeps)
    assert device.commit(partial_admins=[device.admin], description='hapair <sync> & "verify"') == 2
    params = fake_http.requests[-1]['params']
    assert params['action'] == 'partial'
    cmd = ET.fromstring(params['cmd'])
    assert [m.text for m in cmd.findall('partial/admin/member')] == ['admin']
    assert cmd.find('description').text == 'hapair <sync> & "verify"'


# ---------------------------------------------------------------- construction

def test_name_and_admin(provider, sleeps):
    device = make_device(provider, sleeps)
    assert device.name == '192.0.2.10:443' and device.admin == 'admin'
    provider.update(ip_address='2001:db8::1', port=8443, username='ops')
    device = make_device(provider, sleeps)
    assert device.name == '[2001:db8::1]:8443' and device.admin == 'ops'


def test_ipv6_url(fake_http, provider, sleeps):
    provider.update(ip_address='2001:db8::1')
    fake_http.add('keygen', '', 'keygen.success.xml')
    make_device(provider, sleeps).rekey()
    assert fake_http.requests[0]['url'] == 'https://[2001:db8::1]:443/api/'


@pytest.mark.parametrize('change, option', [
    ({'password': None, 'api_key': None}, 'provider.password'),
    ({'ip_address': ''}, 'provider.ip_address'),
    ({'port': 0}, 'provider.port'),
    ({'port': 70000}, 'provider.port'),
    ({'timeout': 0}, 'provider.timeout'),
    ({'ca_path': '/nonexistent/ca.pem'}, 'provider.ca_path'),
])
def test_invalid_provider_fails_before_any_request(fake_http, provider, sleeps, change, option):
    provider.update(change)
    with pytest.raises(InvalidInput) as exc:
        device = make_device(provider, sleeps)
        device.op(SHOW_HA)
    assert exc.value.option == option
    assert fake_http.requests == []
    assert_no_secret(exc.value, 'S3cr3t!pass&word')


def test_validate_certs_false_warns_and_disables_verification(fake_http, provider, sleeps):
    warnings = []
    provider.update(validate_certs=False)
    fake_http.add('keygen', '', 'keygen.success.xml').add('op', '', HA_SAMPLE)
    make_device(provider, sleeps, warn=warnings.append).op(SHOW_HA)
    context = fake_http.requests[0]['context']
    assert context.verify_mode == ssl.CERT_NONE and not context.check_hostname
    assert len(warnings) == 1 and 'validate_certs' in warnings[0]


def test_default_context_verifies(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml')
    make_device(provider, sleeps).rekey()
    context = fake_http.requests[0]['context']
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_the_system_trust_context_is_made_once_and_shared_by_the_peers(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml').add('keygen', '', 'keygen.success.xml')
    make_device(provider, sleeps).rekey()
    make_device(dict(provider, ip_address='192.0.2.11'), sleeps).rekey()
    first, second = fake_http.requests[0]['context'], fake_http.requests[1]['context']
    assert first is second is connection.system_trust_context()
    assert first.verify_mode == ssl.CERT_REQUIRED and first.check_hostname


def test_a_task_environment_naming_another_ca_store_gets_its_own_context(monkeypatch, tmp_path):
    default = connection.system_trust_context()
    monkeypatch.setenv('SSL_CERT_DIR', str(tmp_path))
    other = connection.system_trust_context()
    assert other is not default and other is connection.system_trust_context()
    monkeypatch.delenv('SSL_CERT_DIR')
    assert connection.system_trust_context() is default


def test_missing_pan_python(monkeypatch, provider):
    monkeypatch.setattr(connection, 'HAS_PAN_XAPI', False)
    with pytest.raises(MissingDependency) as exc:
        Device(provider)
    assert 'pan-python' in exc.value.msg


def test_keygen_request_body_is_form_encoded(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml')
    make_device(provider, sleeps).rekey()
    body = fake_http.requests[0]['body']
    assert 'S3cr3t%21pass%26word' in body
    assert dict(parse_qsl(body))['password'] == provider['password']


# rautanen-io/netbox-panorama-configpump-plugin tests (Panorama 11.1), copied from tests/real_samples/corpus.
COMMIT_LOCKED = 'commit.commit-lock-held.code14.panorama-11.1.configpump.xml'
COMMIT_LOCKS = 'op_show_commit-locks.one-shared-lock.panorama-11.1.configpump.xml'


def test_a_commit_refused_for_commit_locks_is_busy_and_names_the_holder(fake_http, provider, sleeps):
    """Issue 9 fact 5: code 14 "Other administrators are holding device wide commit locks." names nobody; the
    error reads show commit-locks and names them (the sample's holder is 'xxx', anonymised by its author)."""
    fake_http.add('keygen', '', 'keygen.success.xml')
    fake_http.add('commit', '', COMMIT_LOCKED)
    fake_http.add('op', 'commit-locks', COMMIT_LOCKS)
    with pytest.raises(DeviceBusy) as caught:
        make_device(provider, sleeps).commit(partial_admins=['admin'])
    error = caught.value
    assert error.reason == 'config_locked' and error.code == 14
    assert 'commit lock held by xxx' in error.message and 'Other administrators are holding' in error.message
    assert 'Ask xxx to finish and release the commit lock' in error.remedy
    assert fake_http.count('commit') == 1  # a refused commit is not retried


def test_a_stale_api_key_with_a_password_is_replaced_once(fake_http, provider, sleeps):
    """Issue 10 finding 6: a provider with a stale api_key and the right password generates a new key instead of
    failing with 403; the request is sent again once, and the operator is told."""
    provider.update(api_key='STALEKEY')
    warnings = []
    fake_http.add('op', 'high-availability', HttpStatus(403, 'Invalid Credential'), 'op_show_high-availability_state.active-passive.synced.pa-5250-9.1.11.xml')
    fake_http.add('keygen', '', 'keygen.success.xml')
    device = make_device(provider, sleeps, warn=warnings.append)
    root = device.op(SHOW_HA)
    assert root.find('result/group') is not None
    assert fake_http.count('keygen') == 1 and fake_http.count('op') == 2
    assert len(warnings) == 1 and 'new one was generated' in warnings[0]
    assert all('STALEKEY' not in w and provider['password'] not in w for w in warnings)


def test_keys_refused_again_after_one_rekey_fail(fake_http, provider, sleeps):
    provider.update(api_key='STALEKEY')
    fake_http.add('op', 'high-availability', HttpStatus(403, 'Invalid Credential'))
    fake_http.add('keygen', '', 'keygen.success.xml')
    with pytest.raises(AuthenticationFailed):
        make_device(provider, sleeps).op(SHOW_HA)
    assert fake_http.count('keygen') == 1 and fake_http.count('op') == 2  # one re-key, no loop


def test_a_key_generated_for_the_request_is_not_regenerated_on_403(fake_http, provider, sleeps):
    fake_http.add('op', 'high-availability', HttpStatus(403, 'Invalid Credential'))
    fake_http.add('keygen', '', 'keygen.success.xml')
    with pytest.raises(AuthenticationFailed):
        make_device(provider, sleeps).op(SHOW_HA)
    assert fake_http.count('keygen') == 1 and fake_http.count('op') == 1


def test_state_changing_requests_are_recorded_for_a_failure_report(fake_http, provider, sleeps):
    from ansible_collections.hapair.panos.plugins.module_utils.connection import forget_sent_requests, sent_requests
    forget_sent_requests()
    fake_http.add('keygen', '', 'keygen.success.xml')
    fake_http.add('op', 'high-availability', 'op_show_high-availability_state.active-passive.synced.pa-5250-9.1.11.xml')
    fake_http.add('commit', '', b"<response status='success' code='19'><result><msg><line>Commit job enqueued with jobid 7"
                                b"</line></msg><job>7</job></result></response>")
    device = make_device(provider, sleeps)
    device.op(SHOW_HA)
    fake_http.add('op', 'license', b"<response status='success'><result><licenses/></result></response>")
    device.op(['request', 'license', 'info'])  # a read, although it starts with 'request'
    assert sent_requests() == []
    assert device.commit() == 7
    assert sent_requests() == [{'device': device.name, 'request': '<commit/>', 'job': 7}]
    forget_sent_requests()
    assert sent_requests() == []
