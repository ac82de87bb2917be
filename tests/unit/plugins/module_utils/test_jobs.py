# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import jobs
from ansible_collections.hapair.panos.plugins.module_utils.connection import Device
from ansible_collections.hapair.panos.plugins.module_utils.errors import JobFailed, JobTimeout
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import op_element
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.fakes import Clock, Sleeps, fixture_root


def one_job(name):
    parsed = jobs.parse_jobs(fixture_root(name))
    assert len(parsed) == 1
    return parsed[0]


# ---------------------------------------------------------------- parsing, one case per recorded sample

def test_commit_act_pend_progress0():
    job = one_job('op_show_jobs_id.commit.act-pend.progress0.xml')
    assert job == {
        'id': 2, 'type': 'Commit', 'status': 'ACT', 'result': 'PEND', 'progress': 0, 'user': 'admin',
        'tenq': '2018/06/12 04:36:45', 'tdeq': '04:36:45', 'tfin': None, 'description': None,
        'details': [], 'warnings': [], 'stoppable': True, 'queued': False, 'position_in_queue': 0, 'finished': False,
    }


def test_commit_act_pend_progress75():
    job = one_job('op_show_jobs_id.commit.act-pend.progress75.xml')
    assert (job['progress'], job['stoppable'], job['finished']) == (75, True, False)


def test_commit_act_pend_progress99_not_stoppable():
    job = one_job('op_show_jobs_id.commit.act-pend.progress99-not-stoppable.xml')
    assert (job['progress'], job['stoppable']) == (99, False)


def test_commit_act_with_warnings():
    job = one_job('op_show_jobs_id.commit.act-pend.with-warnings.xml')
    assert job['tfin'] is None and job['progress'] == 55
    assert job['warnings'] == ['Aggregate-ethernet interface ae1 has no member\n interfaces.']
    assert job['details'] == []


def test_commit_fin_fail_pan_os_5():
    job = one_job('op_show_jobs_id.commit.fin-fail.pan-os-5-era.xml')
    assert job['finished'] and job['result'] == 'FAIL'
    assert job['details'] == ['Bad config', 'Commit failed']
    # PAN-OS 5: a time of day in progress, and none of the later fields
    assert job['progress'] is None and job['tfin'] == '11:11:54'
    assert job['queued'] is None and job['tdeq'] is None and job['position_in_queue'] is None


def test_commit_fin_ok_pan_os_5():
    job = one_job('op_show_jobs_id.commit.fin-ok.pan-os-5-era.xml')
    assert (job['result'], job['progress'], job['details']) == ('OK', None, ['Configuration committed successfully'])


def test_commit_fin_ok_pan_os_81():
    job = one_job('op_show_jobs_id.commit.fin-ok.pan-os-8.1.xml')
    assert (job['id'], job['result'], job['progress'], job['tfin']) == (2, 'OK', 100, '04:36:57')


def test_download_fin_ok():
    job = one_job('op_show_jobs_id.downld.fin-ok.xml')
    assert job['type'] == 'Downld' and job['user'] is None and job['id'] == 3448
    assert len(job['details']) == 3 and job['progress'] is None


def test_validate_act_pend():
    job = one_job('op_show_jobs_id.validate.act-pend.xml')
    assert (job['type'], job['id'], job['status']) == ('Validate', 8, 'ACT')


def test_validate_fin_fail_cdata_details():
    job = one_job('op_show_jobs_id.validate.fin-fail.xml')
    assert job['details'][0] == 'Validation Error:'
    assert job['details'][1] == 'address -> address-3 Node ip-netmask(line 30226) and ip-range(line 30227) are mutually exclusive'
    assert job['details'][-1] == 'devices is invalid'
    assert jobs.classify_job_failure(job)['reason'] == 'invalid_config'


def test_show_jobs_all_with_timestamp_progress():
    parsed = jobs.parse_jobs(fixture_root('op_show_jobs_all.fin-ok.xml'))
    summary = [(j['id'], j['type'], j['progress'], j['user']) for j in parsed]
    assert summary == [(4, 'WildFire', None, 'Auto update agent'), (1, 'AutoCom', 100, None)]


def test_show_jobs_all_empty():
    assert jobs.parse_jobs(fixture_root('op_show_jobs_all.empty.xml')) == []
    assert jobs.parse_jobs(None) == []


def test_show_jobs_all_id_less_failed_job():
    parsed = jobs.parse_jobs(fixture_root('op_show_jobs_all.with-failed-job-entry-no-id.xml'))
    failed = parsed[1]
    assert failed['id'] is None and failed['type'] == 'Failed-Job'
    assert failed['details'] == ['job failed because of configd restart']
    assert jobs.describe_job(failed)['reason'] == 'unknown'


# ---------------------------------------------------------------- classification

def ha_sync_fail_job():
    """The recorded HA-Sync failure (CLI text) in the generic job shape."""
    return {'id': 280, 'type': 'HA-Sync', 'status': 'FIN', 'result': 'FAIL', 'finished': True, 'progress': None,
            'details': ['device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500',
                        'interface configuration error', 'Commit failed'], 'warnings': []}


def test_classify_ha_sync_jumbo_frame_failure():
    result = jobs.classify_job_failure(ha_sync_fail_job())
    assert result['reason'] == 'jumbo_frame_mismatch'
    assert result['remedy'] == ('Enable jumbo frames (Device > Setup > Session) on the peer or lower the interface MTU, '
                                'then re-sync.')
    assert 'ae1.518' in result['evidence']


def test_describe_job():
    described = jobs.describe_job(ha_sync_fail_job())
    assert described['reason'] == 'jumbo_frame_mismatch' and described['id'] == 280
    ok = jobs.describe_job(one_job('op_show_jobs_id.commit.fin-ok.pan-os-8.1.xml'))
    assert (ok['reason'], ok['remedy'], ok['evidence']) == (None, None, None)


# ---------------------------------------------------------------- against a device

@pytest.fixture
def device(fake_http, provider):
    fake_http.add('keygen', '', 'keygen.success.xml')
    return Device(provider, sleep=Sleeps())


def job_xml(status='FIN', result='OK', job_type='HA-Sync', details=(), job_id=7):
    lines = ''.join(f'<line>{line}</line>' for line in details)
    return (f'<response status="success"><result><job><tenq>2026/01/01 00:00:00</tenq><tdeq>00:00:00</tdeq><id>{job_id}</id>'
            f'<user/><type>{job_type}</type><status>{status}</status><queued>NO</queued><stoppable>no</stoppable>'
            f'<result>{result}</result><tfin>00:00:05</tfin><description/><positionInQ>0</positionInQ>'
            f'<progress>100</progress><details>{lines}</details><warnings/></job></result></response>').encode()


def test_get_job_sends_show_jobs_id(device, fake_http):
    fake_http.add('op', '<show><jobs><id>2</id></jobs></show>', 'op_show_jobs_id.commit.fin-ok.pan-os-8.1.xml')
    assert jobs.get_job(device, '2')['result'] == 'OK'


def test_wait_for_job_polls_with_backoff_until_fin(device, fake_http):
    fake_http.add('op', '<id>2</id>', 'op_show_jobs_id.commit.act-pend.progress0.xml', 'op_show_jobs_id.commit.act-pend.progress75.xml',
                  'op_show_jobs_id.commit.act-pend.progress99-not-stoppable.xml', 'op_show_jobs_id.commit.act-pend.progress99-not-stoppable.xml',
                  'op_show_jobs_id.commit.fin-ok.pan-os-8.1.xml')
    clock = Clock()
    sleeps = Sleeps(clock)
    job = jobs.wait_for_job(device, 2, timeout=60, poll_schedule=jobs.PollSchedule(0.2, 1.5, 0.5), clock=clock, sleep=sleeps)
    assert job['result'] == 'OK' and job['id'] == 2
    assert sleeps.delays == pytest.approx([0.2, 0.3, 0.45, 0.5])
    assert fake_http.count('op') == 5


def test_default_schedule():
    intervals = jobs.PollSchedule().intervals()
    assert [round(next(intervals), 4) for dummy in range(8)] == [0.2, 0.3, 0.45, 0.675, 1.0125, 1.5188, 2.0, 2.0]
    with pytest.raises(ValueError):
        jobs.PollSchedule(initial=0)


def test_wait_for_job_times_out(device, fake_http):
    fake_http.add('op', '<id>2</id>', 'op_show_jobs_id.commit.act-pend.progress75.xml')
    clock = Clock()
    sleeps = Sleeps(clock)
    with pytest.raises(JobTimeout) as exc:
        jobs.wait_for_job(device, 2, timeout=5, poll_schedule=jobs.PollSchedule(1, 2, 2), clock=clock, sleep=sleeps)
    # 1 + 2 + 2 = 5 s: never sleeps past the deadline, then one last poll
    assert sleeps.delays == [1, 2, 2]
    assert fake_http.count('op') == 4
    assert exc.value.job['progress'] == 75
    assert exc.value.to_fail_kwargs()['job_id'] == 2


def test_wait_for_job_clips_last_sleep_to_deadline(device, fake_http):
    fake_http.add('op', '<id>2</id>', 'op_show_jobs_id.commit.act-pend.progress75.xml')
    clock = Clock()
    sleeps = Sleeps(clock)
    with pytest.raises(JobTimeout):
        jobs.wait_for_job(device, 2, timeout=2.5, poll_schedule=jobs.PollSchedule(1, 1, 1), clock=clock, sleep=sleeps)
    assert sleeps.delays == [1, 1, 0.5]


def test_wait_for_job_fail_raises_classified_job_failed(device, fake_http):
    details = ['device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500',
               'interface configuration error', 'Commit failed']
    fake_http.add('op', '<id>7</id>', job_xml('ACT', 'PEND'), job_xml('FIN', 'FAIL', details=details))
    with pytest.raises(JobFailed) as exc:
        jobs.wait_for_job(device, 7, sleep=Sleeps())
    kwargs = exc.value.to_fail_kwargs()
    assert kwargs['reason'] == 'jumbo_frame_mismatch'
    assert kwargs['details'] == details
    assert kwargs['job']['type'] == 'HA-Sync' and kwargs['job']['reason'] == 'jumbo_frame_mismatch'
    assert kwargs['device'] == device.name
    assert 'Enable jumbo frames' in kwargs['msg']


JUMBO_JOB = {
    'id': 280, 'type': 'HA-Sync', 'status': 'FIN', 'result': 'FAIL',
    'details': ['device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500',
                'interface configuration error', 'Commit failed'],
}


def test_job_failed_classifies_when_no_reason_given():
    err = jobs.job_failed(JUMBO_JOB, device='10.0.0.2:443')
    assert err.reason == 'jumbo_frame_mismatch'
    assert err.msg.startswith('HA-Sync job 280 failed: device: device is not in jumbo-frame mode but interface ae1.518 '
                              'mtu is greater than 1500 on 10.0.0.2:443. Enable jumbo frames')
    kwargs = err.to_fail_kwargs()
    assert kwargs['job'] is JUMBO_JOB
    assert kwargs['details'] == JUMBO_JOB['details']
    assert kwargs['error'] == 'job_failed'


def test_job_failed_with_given_reason_gets_its_remedy():
    err = jobs.job_failed({'type': 'Commit', 'details': []}, reason='config_locked')
    assert err.message == 'Commit job failed'
    assert 'lock' in err.remedy


def test_wait_for_recorded_commit_failure(device, fake_http):
    fake_http.add('op', '<id>1</id>', 'op_show_jobs_id.commit.fin-fail.pan-os-5-era.xml')
    with pytest.raises(JobFailed) as exc:
        jobs.wait_for_job(device, 1, sleep=Sleeps())
    assert exc.value.reason == 'invalid_config'  # a real commit failure is a configuration error
    assert exc.value.msg.startswith('Commit job 1 failed: Bad config on 192.0.2.10:443.')


def test_find_jobs_filters_and_sorts(device, fake_http):
    all_jobs = (b'<response status="success"><result>'
                + b''.join(job_xml(job_type=t, job_id=i)[len(b'<response status="success"><result>'):-len(b'</result></response>')]
                           for t, i in (('Commit', 3), ('HA-Sync', 9), ('Downld', 5), ('Commit', 11)))
                + b'</result></response>')
    fake_http.add('op', '<show><jobs><all/></jobs></show>', all_jobs)
    assert [(j['type'], j['id']) for j in jobs.find_jobs(device)] == [('Commit', 11), ('HA-Sync', 9), ('Commit', 3)]
    assert [j['id'] for j in jobs.find_jobs(device, newer_than_id=9)] == [11]
    assert [j['id'] for j in jobs.find_jobs(device, types=None)] == [11, 9, 5, 3]
    assert [j['id'] for j in jobs.find_jobs(device, types=['Downld'])] == [5]


@pytest.mark.parametrize('fixture, newest', [
    ('op_show_jobs_all.with-failed-job-entry-no-id.xml', 4),  # the id-less Failed-Job entry is ignored
    ('op_show_jobs_all.empty.xml', 0),
])
def test_newest_job_id_of_every_type(device, fake_http, fixture, newest):
    fake_http.add('op', op_element(['show', 'jobs', 'all']), fixture)
    assert jobs.newest_job_id(device) == newest


def test_find_jobs_keeps_id_less_entries_unless_newer_than(device, fake_http):
    fake_http.add('op', op_element(['show', 'jobs', 'all']), 'op_show_jobs_all.with-failed-job-entry-no-id.xml')
    assert [j['id'] for j in jobs.find_jobs(device, types=None)] == [4, 1, None]
    assert [j['id'] for j in jobs.find_jobs(device, types=None, newer_than_id=0)] == [4, 1]
