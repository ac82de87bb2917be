# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""master_key: validation of a change, and the change itself through the transport seam (FakeHttp answers; the
real Device, jobs and re-keying run)."""

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
from ansible_collections.hapair.panos.plugins.module_utils.master_key_info import parse_properties
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.master_key_answers import CHANGED, changed_xml, props_xml

NEW = 'New-Key-<&>"x12!'  # 16 characters, with XML metacharacters
OLD = 'Old-Key-0123456!'


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


def _outcome(peer, **props):
    return {'peer': peer, 'properties': parse_properties(ET.fromstring(props_xml(**props)))}


def test_agreement_of_both_peers_read_back_properties():
    """peer=both's result.pair: the rotation's verification, by master_key_info's rule (times within the tolerance)."""
    later = {**CHANGED, 'expire': '2027/03/01 10:05:00', 'remind': '2027/02/01 10:05:00'}
    pair = mk.agreement({'provider': _outcome('a:443', **CHANGED), 'peer_provider': _outcome('b:443', **later)})
    assert pair == {'agree': True, 'differences': [], 'tolerance_hours': 24}


def test_agreement_names_what_differs():
    """One peer with the new key's times, the other never changed (a key change that did not happen there)."""
    pair = mk.agreement({'provider': _outcome('a:443', **CHANGED), 'peer_provider': _outcome('b:443', on_hsm='yes')})
    assert pair['agree'] is False
    assert [d['field'] for d in pair['differences']] == ['expire_at', 'remind_at', 'on_hsm']
    assert pair['differences'][0]['values'] == {'a:443': '2027/03/01 10:00:00', 'b:443': None}
