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


def totals(seconds):
    """The three counters of a duration as PAN-OS reports them: each the whole duration in its unit (REAL:
    287 / 17265 / 1035946 for 11.99 days, demisto/content get_master_key.xml)."""
    return (seconds // 3600, seconds // 60, seconds)


def props_xml(expire='0', remind='0', expiry=0, lead=0, on_hsm='no', auto_renew='0', counters=True):
    """A show system masterkey-properties answer in the element order of the real sample (get_master_key.xml):
    expiry = seconds to expiry, lead = reminder lead time (expire-at minus remind-at) in seconds."""
    fields = [('expire-at', expire), ('remind-at', remind)]
    if counters:
        fields += list(zip(('hours-to-expiry', 'minutes-to-expiry', 'seconds-to-expiry'), map(str, totals(expiry)),
                           strict=True))
        fields += list(zip(('hours-to-reminder', 'minutes-to-reminder', 'seconds-to-reminder'), map(str, totals(lead)),
                           strict=True))
    fields += [('on-hsm', on_hsm), ('auto-renew-mkey', auto_renew)]
    body = ''.join('<%s>%s</%s>' % (tag, value, tag) for tag, value in fields)
    return ('<response status="success"><result>%s</result></response>' % body).encode()


def props(**kwargs):
    return mk.parse_properties(ET.fromstring(props_xml(**kwargs)))


# expire-at minus remind-at: 28 days (February 2027)
CHANGED = dict(expire='2027/03/01 10:00:00', remind='2027/02/01 10:00:00', expiry=8760 * 3600, lead=28 * 86400)


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
        'expire_at': None, 'remind_at': None, 'seconds_to_expiry': None, 'reminder_lead_seconds': None,
        'seconds_to_reminder': None, 'days_to_expiry': None, 'expired': False, 'reminder_passed': False,
        'on_hsm': False, 'auto_renew': 0, 'default_key': True,
        'raw': {'expire-at': '0', 'remind-at': '0', 'hours-to-expiry': '0', 'minutes-to-expiry': '0',
                'seconds-to-expiry': '0', 'hours-to-reminder': '0', 'minutes-to-reminder': '0',
                'seconds-to-reminder': '0', 'on-hsm': 'no', 'auto-renew-mkey': '0'},
    }


def test_parse_changed_key():
    parsed = props(expire='2027/03/01 10:00:00', remind='2027/02/01 10:00:00', expiry=100 * 3600 + 2 * 60 + 3,
                   lead=3605, on_hsm='yes', auto_renew='24')
    assert parsed['expire_at'] == '2027/03/01 10:00:00' and parsed['remind_at'] == '2027/02/01 10:00:00'
    assert parsed['seconds_to_expiry'] == 100 * 3600 + 2 * 60 + 3
    assert parsed['reminder_lead_seconds'] == 3605
    assert parsed['seconds_to_reminder'] == 100 * 3600 + 2 * 60 + 3 - 3605
    assert parsed['days_to_expiry'] == 4.17
    assert (parsed['on_hsm'], parsed['auto_renew'], parsed['default_key'], parsed['expired']) == (True, 24, False, False)


def test_counters_are_totals_not_parts():
    """The real sample's counters: 287 h / 17265 min / 1035946 s are one duration (11.99 days), not 287 h + 17265 min
    + 1035946 s (the old reading, ~36 days); the reminder counters are the lead time (24 h), not a countdown."""
    parsed = mk.parse_properties(ET.fromstring(
        b'<response status="success"><result><expire-at>2024/11/17 07:19:06</expire-at>'
        b'<remind-at>2024/11/16 07:19:06</remind-at><hours-to-expiry>287</hours-to-expiry>'
        b'<minutes-to-expiry>17265</minutes-to-expiry><seconds-to-expiry>1035946</seconds-to-expiry>'
        b'<hours-to-reminder>24</hours-to-reminder><minutes-to-reminder>1440</minutes-to-reminder>'
        b'<seconds-to-reminder>86400</seconds-to-reminder><on-hsm>no</on-hsm><auto-renew-mkey>0</auto-renew-mkey>'
        b'</result></response>'))
    assert parsed['seconds_to_expiry'] == 1035946 and parsed['days_to_expiry'] == 11.99
    assert parsed['reminder_lead_seconds'] == 86400 and parsed['seconds_to_reminder'] == 1035946 - 86400
    warnings, failures = mk.thresholds({'a': parsed}, warn_days=30, fail_days=14)
    assert warnings == [] and failures == ['the master key of a expires in 11 days 23 hours (2024/11/17 07:19:06), '
                                           'within fail_days=14']


def test_minutes_or_hours_counter_alone():
    only_minutes = mk.parse_properties(ET.fromstring(
        b'<response status="success"><result><expire-at>2027/01/01 00:00:00</expire-at><remind-at>0</remind-at>'
        b'<minutes-to-expiry>600</minutes-to-expiry></result></response>'))
    assert only_minutes['seconds_to_expiry'] == 36000 and only_minutes['seconds_to_reminder'] is None


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
    later = changed_props(expire='2027/03/01 15:00:00', remind='2027/02/01 15:00:00', expiry=(8760 + 5) * 3600)
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
    soon = changed_props(expiry=240 * 3600, lead=28 * 86400)  # 10 days, the reminder (28 days ahead) passed
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


def test_validate_credentials():
    mk.validate_credentials({'provider': {'password': 'x'}, 'peer': 'both'})
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

# The REAL reply (demisto/content test_data/create_master_key.xml), job id 7 instead of 1234.
CHANGED_REPLY = (b'<response status="success">\n    <result>Master key changed successfully. All key material has been '
                 b're-encrypted with new master key and committed via jobid 7</result>\n</response>\n')
WRONG = b'<response status="error" code="17"><msg><line>Current master key is incorrect</line></msg></response>'
SHOW_JOBS_ALL = 'jobs><all'
SHOW_JOB = '<id>'


def job_xml(status='FIN', result='OK', details=('Configuration committed successfully',), job_id=7, job_type='Commit'):
    lines = ''.join('<line>%s</line>' % line for line in details)
    return ('<response status="success"><result><job><tenq>2026/01/01 10:00:00</tenq><tdeq>10:00:00</tdeq><id>%d</id>'
            '<user>admin</user><type>%s</type><status>%s</status><queued>NO</queued><stoppable>no</stoppable>'
            '<result>%s</result><tfin>2026/01/01 10:00:01</tfin><description></description><positionInQ>0'
            '</positionInQ><progress>100</progress><details>%s</details><warnings></warnings></job></result>'
            '</response>' % (job_id, job_type, status, result, lines)).encode()


# Before the change: the boot-time AutoCom (id 1) and a foreign job (id 6), as real job lists hold.
JOBS_BEFORE = (b'<response status="success"><result><job><id>6</id><type>FqdnRefresh</type><status>FIN</status>'
               b'<result>OK</result></job><job><id>1</id><type>AutoCom</type><status>FIN</status><result>OK</result>'
               b'</job></result></response>')


@pytest.fixture
def device(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml')
    fake_http.add('op', SHOW_JOBS_ALL, JOBS_BEFORE)
    return Device(provider, sleep=sleeps, backoff=0)


def run_change(device, already_rotated_ok=False, on_hsm=False):
    clock = Clock()
    return mk.change(device, NEW, OLD, 8760, reminder=720, on_hsm=on_hsm, already_rotated_ok=already_rotated_ok,
                     timeout=60, clock=clock, sleep=Sleeps(clock))


def test_change_rekeys_at_once_waits_for_the_commit_named_in_the_text(fake_http, device):
    fake_http.add('op', 'request', CHANGED_REPLY)
    fake_http.add('op', SHOW_JOB, job_xml('ACT', 'PEND'), job_xml())
    fake_http.add('op', 'masterkey-properties', changed_xml())
    done = run_change(device)
    assert done['job']['type'] == 'Commit' and done['job']['id'] == 7 and done['job']['result'] == 'OK'
    assert done['job']['reason'] is None and done['message'].endswith('committed via jobid 7')
    assert done['rekeyed'] is True and done['already_had_new_key'] is False
    assert done['properties']['seconds_to_expiry'] == 8760 * 3600 and done['warnings'] == []
    # one keygen before, one right after the (synchronous) change: before any read with the new key
    kinds = [r['params']['type'] + ('-mk' if 'master-key>' in r['params'].get('cmd', '') else '')
             for r in fake_http.requests]
    assert kinds.index('op-mk') + 1 == len(kinds) - kinds[::-1].index('keygen') - 1
    assert fake_http.count('keygen') == 2
    polled = [r['params']['cmd'] for r in fake_http.requests if '<id>' in r['params'].get('cmd', '')]
    assert polled and all('<id>7</id>' in cmd for cmd in polled)
    sent = [r['params']['cmd'] for r in fake_http.requests if 'master-key>' in r['params'].get('cmd', '')]
    assert len(sent) == 1 and ET.fromstring(sent[0]).find('master-key/current-master-key').text == OLD
    # the keys never reach the device's request log
    assert all(NEW not in entry['what'] and OLD not in entry['what'] for entry in device.request_log)


def test_rekeys_again_when_the_key_stops_working_during_the_wait(fake_http, device):
    fake_http.add('op', 'request', CHANGED_REPLY)
    fake_http.add('op', SHOW_JOB, job_xml('ACT', 'PEND'), HttpStatus(403, 'Invalid Credential'), job_xml())
    fake_http.add('op', 'masterkey-properties', changed_xml())
    done = run_change(device)
    assert done['job']['result'] == 'OK' and fake_http.count('keygen') == 3


def test_committed_job_id_forms():
    assert mk.committed_job_id(ET.fromstring(CHANGED_REPLY)) == 7
    enqueued = ET.fromstring(b'<response status="success" code="19"><result><msg><line>x</line></msg><job>12</job>'
                             b'</result></response>')
    assert mk.committed_job_id(enqueued) == 12
    assert mk.committed_job_id(ET.fromstring(b'<response status="success"><result>done</result></response>')) is None


def test_reply_without_job_id_finds_the_commit_in_the_job_list(fake_http, device):
    fake_http.routes = [r for r in fake_http.routes if r['match'] != SHOW_JOBS_ALL]
    after = JOBS_BEFORE.replace(b'<result><job><id>6', b'<result><job><id>8</id><type>Commit</type><status>ACT'
                                b'</status><result>PEND</result></job><job><id>7</id><type>Commit</type><status>FIN'
                                b'</status><result>OK</result></job><job><id>6')
    fake_http.add('op', SHOW_JOBS_ALL, JOBS_BEFORE, after)
    fake_http.add('op', 'request', b'<response status="success"><result>Master key changed</result></response>')
    fake_http.add('op', SHOW_JOB, job_xml())
    fake_http.add('op', 'masterkey-properties', changed_xml())
    done = run_change(device)
    assert done['job']['id'] == 7  # the first Commit after the newest job before the change, not the later one


def test_reply_without_any_job_is_confirmed_from_the_properties(fake_http, device):
    fake_http.add('op', 'request', b'<response status="success"><result>Master key changed</result></response>')
    fake_http.add('op', 'masterkey-properties', changed_xml())
    done = run_change(device)
    assert done['job'] is None and done['rekeyed'] is True and fake_http.count('keygen') == 2
    assert 'named no commit job' in done['warnings'][0]


def test_change_warns_when_properties_do_not_match_the_request(fake_http, device):
    fake_http.add('op', 'request', CHANGED_REPLY).add('op', SHOW_JOB, job_xml())
    fake_http.add('op', 'masterkey-properties', changed_xml(expiry=100 * 3600))
    done = run_change(device, on_hsm=True)
    assert len(done['warnings']) == 2  # expiry far from the lifetime; on_hsm not reported
    assert 'expected about 8760 hours' in done['warnings'][0] and 'on_hsm' in done['warnings'][1]


def test_change_not_applied_fails(fake_http, device):
    fake_http.add('op', 'request', CHANGED_REPLY).add('op', SHOW_JOB, job_xml())
    fake_http.add('op', 'masterkey-properties', props_xml())
    with pytest.raises(HapairError) as caught:
        run_change(device)
    assert caught.value.reason == 'not_applied'


def test_wrong_current_key_without_rerun_option(fake_http, device):
    fake_http.add('op', 'request', WRONG)
    with pytest.raises(ApiError) as caught:
        run_change(device)
    assert caught.value.reason == 'wrong_current_key' and 'already_rotated_ok' in caught.value.remedy
    assert [r['params']['cmd'] for r in fake_http.requests if r['params']['type'] == 'op'][-1].startswith('<request>')
    assert fake_http.count('keygen') == 1


def test_rerun_recognises_the_new_key(fake_http, device):
    fake_http.add('op', 'request', WRONG, CHANGED_REPLY)
    fake_http.add('op', SHOW_JOB, job_xml()).add('op', 'masterkey-properties', changed_xml())
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
    sent = [r for r in fake_http.requests if 'master-key>' in r['params'].get('cmd', '')]
    assert len(sent) == 2


def test_other_api_errors_pass_through_redacted(fake_http, device):
    echo = ('<response status="error" code="17"><msg><line>bad key %s</line></msg></response>' % OLD).encode()
    fake_http.add('op', 'request', echo)
    with pytest.raises(ApiError) as caught:
        run_change(device, already_rotated_ok=True)
    assert caught.value.reason is None and OLD not in caught.value.msg and '********' in caught.value.msg


def test_failed_commit_after_the_change(fake_http, device):
    fake_http.add('op', 'request', CHANGED_REPLY)
    fake_http.add('op', SHOW_JOB, job_xml(result='FAIL', details=('Error: Failed to parse decryption policy',
                                                                  '(Module: device)', 'Commit failed')))
    with pytest.raises(JobFailed) as caught:
        run_change(device)
    assert caught.value.reason == 'master_key_commit_failed'
    assert caught.value.job['reason'] == 'master_key_commit_failed'
    assert 'Commit job 7 failed: Error: Failed to parse decryption policy' in caught.value.msg
    assert 'changed the master key' in caught.value.remedy


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
    assert len([r for r in fake_http.requests if 'master-key>' in r['params'].get('cmd', '')]) == 1


def test_errors_after_the_change_say_it_was_made(fake_http, device):
    fake_http.add('op', 'request', CHANGED_REPLY)
    fake_http.add('op', SHOW_JOB, HttpStatus(403, 'Invalid Credential'))
    with pytest.raises(AuthenticationFailed) as caught:
        run_change(device)
    assert caught.value.msg.startswith('The master key was changed (commit job 7), then: Authentication failed')


def test_a_current_key_is_impossible_only_for_a_never_changed_key():
    """Issue 10 finding 18: PAN-OS cannot test a key without changing it; a peer whose key was never changed (no
    expiry set) holds the factory default, so only that key is possible for it."""
    from ansible_collections.hapair.panos.plugins.module_utils.master_key import FACTORY_DEFAULT_KEY, current_key_possible
    never_changed = {'default_key': True}
    changed = {'default_key': False}
    assert current_key_possible(never_changed, 'Wr0ngKey-1234567') is False
    assert current_key_possible(never_changed, FACTORY_DEFAULT_KEY) is True
    assert current_key_possible(changed, 'Wr0ngKey-1234567') is True  # only PAN-OS can tell
    assert current_key_possible(changed, None) is None
