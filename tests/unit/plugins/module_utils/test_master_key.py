# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""master_key: properties parsing, pair agreement, thresholds, validation of a change, and the change itself
through the transport seam (FakeHttp answers; the real Device, jobs and re-keying run)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import master_key as mk
from ansible_collections.hapair.panos.plugins.module_utils.connection import Device
from ansible_collections.hapair.panos.plugins.module_utils.errors import (
    ApiError,
    AuthenticationFailed,
    ConnectionFailed,
    HapairError,
    InvalidInput,
    JobFailed,
)
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.fakes import Clock, HttpStatus, Sleeps

NEW = 'New-Key-<&>"x12!'  # 16 characters, with XML metacharacters
OLD = 'Old-Key-0123456!'


def props_xml(expire='0', remind='0', expiry=(0, 0, 0), reminder=(0, 0, 0), on_hsm='no', auto_renew='0',
              counters=True):
    """A show system masterkey-properties answer in the field order masterkey.md reconstructs."""
    fields = [('expire-at', expire), ('remind-at', remind)]
    if counters:
        fields += list(zip(('hours-to-expiry', 'minutes-to-expiry', 'seconds-to-expiry'), map(str, expiry), strict=True))
        fields += list(zip(('hours-to-reminder', 'minutes-to-reminder', 'seconds-to-reminder'), map(str, reminder), strict=True))
    fields += [('on-hsm', on_hsm), ('auto-renew-mkey', auto_renew)]
    body = ''.join('<%s>%s</%s>' % (tag, value, tag) for tag, value in fields)
    return ('<response status="success"><result>%s</result></response>' % body).encode()


def props(**kwargs):
    return mk.parse_properties(ET.fromstring(props_xml(**kwargs)))


CHANGED = dict(expire='2027/03/01 10:00:00', remind='2027/02/01 10:00:00', expiry=(8760, 0, 0), reminder=(8016, 0, 0))


def changed_xml(**overrides):
    """props_xml of a changed key (CHANGED), some fields overridden."""
    args = dict(CHANGED)
    args.update(overrides)
    return props_xml(**args)


def changed_props(**overrides):
    return mk.parse_properties(ET.fromstring(changed_xml(**overrides)))


# ---------------------------------------------------------------- parsing

def test_parse_default_key():
    parsed = props()
    assert parsed == {
        'expire_at': None, 'remind_at': None, 'seconds_to_expiry': None, 'seconds_to_reminder': None,
        'days_to_expiry': None, 'expired': False, 'on_hsm': False, 'auto_renew': 0, 'default_key': True,
        'raw': {'expire-at': '0', 'remind-at': '0', 'hours-to-expiry': '0', 'minutes-to-expiry': '0',
                'seconds-to-expiry': '0', 'hours-to-reminder': '0', 'minutes-to-reminder': '0',
                'seconds-to-reminder': '0', 'on-hsm': 'no', 'auto-renew-mkey': '0'},
    }


def test_parse_changed_key():
    parsed = props(expire='2027/03/01 10:00:00', remind='2027/02/01 10:00:00', expiry=(100, 2, 3),
                   reminder=(1, 0, 5), on_hsm='yes', auto_renew='24')
    assert parsed['expire_at'] == '2027/03/01 10:00:00' and parsed['remind_at'] == '2027/02/01 10:00:00'
    assert parsed['seconds_to_expiry'] == 100 * 3600 + 2 * 60 + 3
    assert parsed['seconds_to_reminder'] == 3605
    assert parsed['days_to_expiry'] == 4.17
    assert (parsed['on_hsm'], parsed['auto_renew'], parsed['default_key'], parsed['expired']) == (True, 24, False, False)


def test_parse_expired_and_missing_counters():
    assert props(expire='2020/01/01 00:00:00')['expired'] is True
    parsed = props(expire='2027/03/01 10:00:00', counters=False)
    assert parsed['seconds_to_expiry'] is None and parsed['expired'] is False and parsed['default_key'] is False


def test_parse_without_result_fails():
    with pytest.raises(HapairError, match='no <result>'):
        mk.parse_properties(ET.fromstring(b'<response status="success"/>'))


# ---------------------------------------------------------------- agreement

def test_default_pair_agrees():
    assert mk.compare({'a': props(), 'b': props()}) == (True, [])


def test_one_peer_changed_disagrees():
    agree, differences = mk.compare({'a': changed_props(), 'b': props()})
    assert not agree
    assert [d['field'] for d in differences] == ['expire_at', 'remind_at']
    assert differences[0]['values'] == {'a': '2027/03/01 10:00:00', 'b': None}
    assert 'b has none' in differences[0]['message'] and 'factory default' in differences[0]['message']


def test_expiry_within_and_beyond_tolerance():
    later = changed_props(expiry=(8760 + 5, 0, 0), reminder=(8016 + 5, 0, 0))
    assert mk.compare({'a': changed_props(), 'b': later})[0] is True
    agree, differences = mk.compare({'a': changed_props(), 'b': later}, tolerance_hours=4)
    assert not agree and '5 hours apart' in differences[0]['message']


def test_falls_back_on_times_without_counters():
    a = props(expire='2027/03/01 10:00:00', counters=False)
    b = props(expire='2027/03/03 10:00:00', counters=False)
    agree, differences = mk.compare({'a': a, 'b': b})
    assert not agree and '2 days apart' in differences[0]['message']
    odd = props(expire='next tuesday', counters=False)
    assert mk.compare({'a': odd, 'b': odd})[0] is True
    assert mk.compare({'a': odd, 'b': props(expire='last friday', counters=False)})[0] is False


def test_hsm_and_auto_renew_must_match():
    agree, differences = mk.compare({'a': props(on_hsm='yes', auto_renew='24'), 'b': props()})
    assert not agree and [d['field'] for d in differences] == ['on_hsm', 'auto_renew']
    assert 'HSM on a only' in differences[0]['message']


# ---------------------------------------------------------------- thresholds

def test_thresholds():
    soon = changed_props(expiry=(240, 0, 0), reminder=(0, 0, 0))  # 10 days, reminder passed
    peers = {'a': soon, 'b': props()}
    assert mk.thresholds(peers, warn_days=5, fail_days=1) == (
        ["the master-key reminder time of a has passed (2027/02/01 10:00:00); the master key of a expires in "
         "10 days (2027/03/01 10:00:00)"], [])
    warnings, failures = mk.thresholds(peers, warn_days=30)
    assert warnings == ['the master key of a expires in 10 days (2027/03/01 10:00:00), within warn_days=30']
    assert failures == []
    warnings, failures = mk.thresholds(peers, warn_days=30, fail_days=10)
    assert warnings == [] and failures == ['the master key of a expires in 10 days (2027/03/01 10:00:00), '
                                           'within fail_days=10']
    expired = {'a': props(expire='2020/01/01 00:00:00')}
    assert mk.thresholds(expired, fail_days=0)[1] == ['the master key of a has expired (2020/01/01 00:00:00), '
                                                      'within fail_days=0']


# ---------------------------------------------------------------- validation: messages never hold a key

@pytest.mark.parametrize('kwargs, option, text', [
    (dict(new_key=NEW[:15]), 'new_master_key', 'exactly 16 characters, got 15'),
    (dict(new_key=NEW + 'x'), 'new_master_key', 'exactly 16 characters, got 17'),
    (dict(new_key=''), 'new_master_key', 'non-empty'),
    (dict(new_key='New-Key-abcdef\tg'), 'new_master_key', 'position 15'),
    (dict(new_key='New-Key-abcdefé!'), 'new_master_key', 'position 15'),
    (dict(new_key=mk.FACTORY_DEFAULT_KEY), 'new_master_key', 'factory default'),
    (dict(current_key=OLD + 'x'), 'current_master_key', 'got 17'),
    (dict(current_key=NEW), 'new_master_key', 'same as current_master_key'),
    (dict(lifetime=0), 'lifetime', 'got 0'),
    (dict(lifetime=17521), 'lifetime', '1..17520 hours'),
    (dict(lifetime=None), 'lifetime', 'got None'),
    (dict(lifetime=10, reminder=10), 'reminder', '1..9 hours (shorter than lifetime=10)'),
    (dict(lifetime=1, reminder=1), 'reminder', 'shorter than lifetime=1'),
    (dict(reminder=0), 'reminder', 'got 0'),
    (dict(timeout=0), 'timeout', 'at least 1'),
])
def test_validate_change_rejects(kwargs, option, text):
    args = dict(new_key=NEW, current_key=OLD, lifetime=8760, reminder=720, timeout=600)
    args.update(kwargs)
    with pytest.raises(InvalidInput) as caught:
        mk.validate_change(**args)
    assert caught.value.option == option
    assert text in caught.value.msg
    assert caught.value.remedy
    for key in (NEW, OLD, mk.FACTORY_DEFAULT_KEY, NEW[:15]):
        assert key not in caught.value.msg


def test_validate_change_accepts():
    mk.validate_change(NEW, OLD, 8760, 720)
    mk.validate_change(NEW, None, 1, None)
    mk.validate_change('!' * 16, None, 17520, 17519)


def test_validate_peer_and_credentials():
    with pytest.raises(InvalidInput, match='one peer per task'):
        mk.validate_peer('both')
    mk.validate_peer('passive')
    mk.validate_credentials({'provider': {'password': 'x'}, 'peer': 'provider'})
    mk.validate_credentials({'provider': {'api_key': 'k'}, 'peer_provider': {'password': 'x'}, 'peer': 'passive'})
    with pytest.raises(InvalidInput, match='needs a password'):
        mk.validate_credentials({'provider': {'api_key': 'k'}, 'peer_provider': {'password': 'x'}, 'peer': 'provider'})


def test_request_xml_escapes_and_omits():
    text = mk.request_xml(NEW, OLD, 8760, 720, on_hsm=True)
    assert text == ('<request><master-key><new-master-key>New-Key-&lt;&amp;&gt;"x12!</new-master-key>'
                    '<current-master-key>Old-Key-0123456!</current-master-key><lifetime>8760</lifetime>'
                    '<reminder>720</reminder><on-hsm>yes</on-hsm></master-key></request>')
    parsed = ET.fromstring(text)
    assert parsed.find('master-key/new-master-key').text == NEW
    text = mk.request_xml(NEW, None, 10)
    assert 'current-master-key' not in text and 'reminder' not in text and '<on-hsm>no</on-hsm>' in text


def test_wrong_current_key_recognition():
    assert mk.is_wrong_current_key(ApiError(17, 'Current master key is incorrect'))
    assert mk.is_wrong_current_key(ApiError(17, 'Invalid current master key'))
    assert not mk.is_wrong_current_key(ApiError(17, 'Master key must be 16 characters'))
    assert not mk.is_wrong_current_key(ApiError(17, None))


# ---------------------------------------------------------------- the change, through the transport seam

ENQUEUED = b'<response status="success" code="19"><result><msg><line>Master key change job enqueued with jobid 7' \
           b'</line></msg><job>7</job></result></response>'
WRONG = b'<response status="error" code="17"><msg><line>Current master key is incorrect</line></msg></response>'


def job_xml(status='FIN', result='OK', details=('Master key changed successfully',)):
    lines = ''.join('<line>%s</line>' % line for line in details)
    return ('<response status="success"><result><job><tenq>2026/01/01 10:00:00</tenq><tdeq>10:00:00</tdeq><id>7</id>'
            '<user>admin</user><type>MasterKey</type><status>%s</status><queued>NO</queued><stoppable>no</stoppable>'
            '<result>%s</result><tfin>10:00:01</tfin><description></description><positionInQ>0</positionInQ>'
            '<progress>100</progress><details>%s</details><warnings></warnings></job></result></response>'
            % (status, result, lines)).encode()


@pytest.fixture
def device(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml')
    return Device(provider, sleep=sleeps, backoff=0)


def run_change(device, already_rotated_ok=False, on_hsm=False):
    clock = Clock()
    return mk.change(device, NEW, OLD, 8760, reminder=720, on_hsm=on_hsm, already_rotated_ok=already_rotated_ok,
                     timeout=60, clock=clock, sleep=Sleeps(clock))


def test_change_waits_rekeys_on_403_and_verifies(fake_http, device):
    fake_http.add('op', 'request', ENQUEUED)
    fake_http.add('op', 'jobs', job_xml('ACT', 'PEND'), HttpStatus(403, 'Invalid Credential'), job_xml())
    fake_http.add('op', 'masterkey-properties', changed_xml())
    done = run_change(device)
    assert done['job']['result'] == 'OK' and done['job']['id'] == 7 and done['job']['reason'] is None
    assert done['rekeyed'] is True and done['already_had_new_key'] is False
    assert done['properties']['seconds_to_expiry'] == 8760 * 3600 and done['warnings'] == []
    assert fake_http.count('keygen') == 2
    sent = [r['params']['cmd'] for r in fake_http.requests if 'master-key>' in r['params'].get('cmd', '')]
    assert len(sent) == 1 and ET.fromstring(sent[0]).find('master-key/current-master-key').text == OLD
    # the keys never reach the device's request log
    assert all(NEW not in entry['what'] and OLD not in entry['what'] for entry in device.request_log)


def test_change_rekeys_even_when_the_old_key_still_works(fake_http, device):
    fake_http.add('op', 'request', ENQUEUED).add('op', 'jobs', job_xml())
    fake_http.add('op', 'masterkey-properties', changed_xml(expiry=(100, 0, 0)))
    done = run_change(device, on_hsm=True)
    assert done['rekeyed'] is True and fake_http.count('keygen') == 2
    assert len(done['warnings']) == 2  # expiry far from the lifetime; on_hsm not reported
    assert 'expected about 8760 hours' in done['warnings'][0] and 'on_hsm' in done['warnings'][1]


def test_change_not_applied_fails(fake_http, device):
    fake_http.add('op', 'request', ENQUEUED).add('op', 'jobs', job_xml())
    fake_http.add('op', 'masterkey-properties', props_xml())
    with pytest.raises(HapairError) as caught:
        run_change(device)
    assert caught.value.reason == 'not_applied'


def test_wrong_current_key_without_rerun_option(fake_http, device):
    fake_http.add('op', 'request', WRONG)
    with pytest.raises(ApiError) as caught:
        run_change(device)
    assert caught.value.reason == 'wrong_current_key' and 'already_rotated_ok' in caught.value.remedy
    assert fake_http.count('op') == 1


def test_rerun_recognises_the_new_key(fake_http, device):
    fake_http.add('op', 'request', WRONG, ENQUEUED)
    fake_http.add('op', 'jobs', job_xml()).add('op', 'masterkey-properties', changed_xml())
    done = run_change(device, already_rotated_ok=True)
    assert done['already_had_new_key'] is True
    sent = [ET.fromstring(r['params']['cmd']) for r in fake_http.requests if 'master-key>' in r['params'].get('cmd', '')]
    assert [s.find('master-key/current-master-key').text for s in sent] == [OLD, NEW]
    assert [s.find('master-key/new-master-key').text for s in sent] == [NEW, NEW]


def test_neither_key_accepted(fake_http, device):
    fake_http.add('op', 'request', WRONG)
    with pytest.raises(ApiError) as caught:
        run_change(device, already_rotated_ok=True)
    assert caught.value.reason == 'wrong_current_key' and 'neither' in caught.value.remedy
    assert fake_http.count('op') == 2


def test_other_api_errors_pass_through_redacted(fake_http, device):
    echo = ('<response status="error" code="17"><msg><line>bad key %s</line></msg></response>' % OLD).encode()
    fake_http.add('op', 'request', echo)
    with pytest.raises(ApiError) as caught:
        run_change(device, already_rotated_ok=True)
    assert caught.value.reason is None and OLD not in caught.value.msg and '********' in caught.value.msg


def test_failed_job(fake_http, device):
    fake_http.add('op', 'request', ENQUEUED)
    fake_http.add('op', 'jobs', job_xml(result='FAIL', details=('Master key change failed',)))
    with pytest.raises(JobFailed) as caught:
        run_change(device)
    assert caught.value.reason == 'master_key_change_failed'
    assert caught.value.job['reason'] == 'master_key_change_failed'
    assert caught.value.details == ['Master key change failed']
    assert fake_http.count('keygen') == 1  # nothing changed, no new session


def test_thresholds_without_counters_warn_that_they_cannot_check():
    peers = {'a': props(expire='2027/03/01 10:00:00', counters=False)}
    assert mk.thresholds(peers) == ([], [])
    warnings, failures = mk.thresholds(peers, fail_days=10)
    assert failures == [] and 'could not be checked' in warnings[0]


def test_lost_answer_to_the_change_request_is_not_retried(fake_http, device):
    fake_http.add('op', 'request', HttpStatus(504, 'Gateway Timeout'))
    with pytest.raises(ConnectionFailed) as caught:
        run_change(device)
    assert 'may or may not have run' in caught.value.msg and 'already_rotated_ok' in caught.value.remedy
    assert fake_http.count('op') == 1


def test_answer_without_job_is_taken_as_done(fake_http, device):
    fake_http.add('op', 'request', b'<response status="success"><result>Master key changed</result></response>')
    fake_http.add('op', 'masterkey-properties', changed_xml())
    done = run_change(device)
    assert done['job'] is None and done['rekeyed'] is True and fake_http.count('keygen') == 2


def test_errors_after_the_job_say_it_was_submitted(fake_http, device):
    fake_http.add('op', 'request', ENQUEUED)
    fake_http.add('op', 'jobs', HttpStatus(403, 'Invalid Credential'))
    with pytest.raises(AuthenticationFailed) as caught:
        run_change(device)
    assert caught.value.msg.startswith('Master-key change job 7 was submitted, then: Authentication failed')
