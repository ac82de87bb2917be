# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""sync_to_remote when another HA-Sync is already running (e.g. the automatic sync of a commit made with config
sync enabled): it waits for that job instead of failing with "Another sync is in progress"."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import sync_to_remote
from ansible_collections.hapair.panos.plugins.module_utils.errors import DeviceBusy, InvalidInput, Refused
from ansible_collections.hapair.panos.plugins.module_utils.jobs import PollSchedule
from ansible_collections.hapair.panos.plugins.module_utils.pair import Pair
from ansible_collections.hapair.panos.plugins.module_utils.task import perform
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.fakes import Sleeps, fixture_root

SYNCED_91 = 'op_show_high-availability_state.active-passive.synced.pa-5250-9.1.11.xml'
RUNNING_JOB = 'op_show_jobs_id.commit.act-pend.progress75.xml'
FIRST = '192.0.2.10'  # the active peer: the source
SECOND = '10.12.152.26'  # the passive peer (peer-info/mgmt-ip of SYNCED_91): the receiver

QUEUED = (b'<response status="success"><msg><line>HA synchronization job has been queued on peer. '
          b'Please check job status on peer.</line></msg></response>')
IN_PROGRESS_ERROR = (b'<response status="error"><msg><line>Another sync is in progress. Please try again later'
                     b'</line></msg></response>')
ALREADY_IN_PROGRESS = (b'<response status="success"><msg><line>HA synchronization is already in progress. running '
                       b'configuration will not be synchronized with HA peer</line></msg></response>')
NO_JOBS = b'<response status="success"><result></result></response>'


def job(job_id, status, result, job_type='HA-Sync'):
    """A recorded job (show jobs id, running) turned into this id, type and status."""
    root = fixture_root(RUNNING_JOB)
    entry = root.find('result/job')
    entry.find('id').text = str(job_id)
    entry.find('type').text = job_type
    entry.find('status').text = status
    entry.find('result').text = result
    if status == 'FIN':
        entry.find('tfin').text = '2018/06/12 04:37:05'
        entry.find('progress').text = '100'
    return entry


def jobs(*entries):
    """A ``show jobs all``/``show jobs id`` response holding these jobs."""
    root = ET.fromstring(NO_JOBS)
    for entry in entries:
        root.find('result').append(entry)
    return ET.tostring(root)


def passive_view():
    root = fixture_root(SYNCED_91)
    root.find('result/group/local-info/state').text = 'passive'
    root.find('result/group/peer-info/state').text = 'active'
    root.find('result/group/peer-info/mgmt-ip').text = FIRST + '/24'
    return ET.tostring(root)


@pytest.fixture
def pair_http(fake_http, monkeypatch):
    monkeypatch.setattr(time, 'sleep', Sleeps())
    fake_http.add('keygen', '', 'keygen.success.xml')
    return fake_http


# The receiver holds nothing a sync would overwrite (the guard reads it before a config sync).
NOTHING_PENDING = b'<response status="success"><result>no</result></response>'
NO_CONFIG_LOCKS = b'<response status="success"><result><config-locks></config-locks></result></response>'
NO_COMMIT_LOCKS = b'<response status="success"><result><commit-locks></commit-locks></result></response>'
LOCK_TAKEN = b'<response status="success"><result>Successfully acquired lock</result></response>'
LOCK_RELEASED = b'<response status="success"><result>Successfully released lock</result></response>'


def answer_ha(fake_http):
    fake_http.add('op', '<high-availability><all', SYNCED_91, host=FIRST)
    fake_http.add('op', '<high-availability><all', passive_view(), host=SECOND)
    fake_http.add('op', 'pending-changes', NOTHING_PENDING, host=SECOND)
    fake_http.add('op', 'config-locks', NO_CONFIG_LOCKS, host=SECOND)
    fake_http.add('op', 'commit-locks', NO_COMMIT_LOCKS, host=SECOND)
    fake_http.add('op', 'config-lock><add', LOCK_TAKEN, host=SECOND)
    fake_http.add('op', 'config-lock><remove', LOCK_RELEASED, host=SECOND)


def run(fake_http, timeout=60):
    pair = Pair({'ip_address': FIRST, 'port': 443, 'username': 'admin', 'password': 'pw', 'api_key': None,
                 'validate_certs': True, 'ca_path': None, 'timeout': 30, 'serial_number': None},
                sleep=Sleeps()).discover()
    task = sync_to_remote.SyncToRemote(sync_params(timeout=max(1, timeout)),
                                       poll_schedule=PollSchedule(initial=0.01, maximum=0.01))
    task.request.timeout = timeout  # 0: the deadline has passed as soon as the task starts
    return perform(task, pair, check_mode=False)


def sync_params(**options):
    params = dict(target='running-config', source='active', allow_from_passive=False, force=True, timeout=60,
                  overwrite_peer_changes=False)
    params.update(options)
    return params


def test_a_timeout_under_one_second_is_refused_before_any_request():
    with pytest.raises(InvalidInput) as caught:
        sync_to_remote.SyncToRemote(sync_params(timeout=0))
    assert caught.value.option == 'timeout' and 'at least 1 second' in caught.value.message


def sync_requests(fake_http):
    return [r for r in fake_http.requests if 'sync-to-remote' in r['params'].get('cmd', '')]


def test_waits_for_a_running_ha_sync_on_the_receiver_before_sending(pair_http):
    pair_http.add('op', 'sync-to-remote', QUEUED, host=FIRST)
    answer_ha(pair_http)
    pair_http.add('op', '<jobs><all', NO_JOBS, host=FIRST)
    pair_http.add('op', '<jobs><all',
                  jobs(job(7, 'ACT', 'PEND')),  # the automatic sync, still running
                  jobs(job(7, 'FIN', 'OK')),  # newest id before ours: 7
                  jobs(job(8, 'FIN', 'OK'), job(7, 'FIN', 'OK')), host=SECOND)  # ours
    pair_http.add('op', '<jobs><id>7<', jobs(job(7, 'ACT', 'PEND')), jobs(job(7, 'FIN', 'OK')), host=SECOND)
    result = run(pair_http)
    assert [(j['device'], j['id'], j['result']) for j in result['waited_for']] == [(SECOND + ':443', 7, 'OK')]
    assert result['job']['id'] == 8 and result['changed'] is True
    assert len(sync_requests(pair_http)) == 1
    # the sync was sent only after job 7 was seen finished
    order = [r['params']['cmd'] for r in pair_http.requests if r['params'].get('type') == 'op']
    last_poll = max(i for i, cmd in enumerate(order) if '<id>7<' in cmd)
    assert order.index(sync_requests(pair_http)[0]['params']['cmd']) > last_poll


@pytest.mark.parametrize('declined', [IN_PROGRESS_ERROR, ALREADY_IN_PROGRESS], ids=['error', 'success-text'])
def test_a_sync_that_starts_meanwhile_is_waited_for_and_ours_sent_again(pair_http, declined):
    pair_http.add('op', 'sync-to-remote', declined, QUEUED, host=FIRST)
    answer_ha(pair_http)
    pair_http.add('op', '<jobs><all', NO_JOBS, host=FIRST)
    after_foreign = jobs(job(8, 'FIN', 'FAIL'), job(7, 'FIN', 'OK'))
    pair_http.add('op', '<jobs><all',
                  jobs(job(7, 'FIN', 'OK')),  # nothing running at the start
                  jobs(job(7, 'FIN', 'OK')),  # newest id before our first attempt: 7
                  jobs(job(8, 'ACT', 'PEND'), job(7, 'FIN', 'OK')),  # a sync started meanwhile: ours was declined
                  after_foreign,  # newest id before our second attempt: 8
                  jobs(job(9, 'FIN', 'OK'), job(8, 'FIN', 'FAIL'), job(7, 'FIN', 'OK')), host=SECOND)
    pair_http.add('op', '<jobs><id>8<', jobs(job(8, 'FIN', 'FAIL')), host=SECOND)
    result = run(pair_http)
    assert len(sync_requests(pair_http)) == 2
    # the other sync failed: reported, not raised, and not taken for ours (job 9)
    assert [(j['id'], j['result'], j['reason'] is not None) for j in result['waited_for']] == [(8, 'FAIL', True)]
    assert result['job']['id'] == 9 and result['job']['result'] == 'OK'
    assert result['changed'] is True


def test_still_declined_at_the_deadline_is_a_clear_busy_error(pair_http):
    pair_http.add('op', 'sync-to-remote', IN_PROGRESS_ERROR, host=FIRST)
    answer_ha(pair_http)
    pair_http.add('op', '<jobs><all', NO_JOBS, host=FIRST)
    pair_http.add('op', '<jobs><all', NO_JOBS, host=SECOND)
    with pytest.raises(DeviceBusy) as caught:
        run(pair_http, timeout=0)
    assert caught.value.reason == 'sync_in_progress'
    assert 'Wait for the running HA-Sync job' in caught.value.remedy
    assert len(sync_requests(pair_http)) == 1


def test_each_target_sends_the_command_the_catalog_records():
    """runtime-state is its own command (seed 001: ``request high-availability runtime-state``), the others are
    ``request high-availability sync-to-remote <target>``; the module's choices are the catalog's targets."""
    from ansible_collections.hapair.panos.plugins.module_utils import catalog
    assert catalog.TARGET_NAMES == tuple(t['name'] for t in catalog.SYNC_TARGETS)
    assert sync_to_remote.target_command('runtime-state') == '<request><high-availability><runtime-state/></high-availability></request>'
    assert sync_to_remote.target_command('running-config') == (
        '<request><high-availability><sync-to-remote><running-config/></sync-to-remote></high-availability></request>')
    for name in catalog.TARGET_NAMES:
        assert sync_to_remote.target_command(name).replace('/>', '>').count('<') >= 3


def test_the_module_documents_the_catalog_targets():
    """sync_to_remote's argument spec takes its choices from catalog.TARGET_NAMES; its DOCUMENTATION lists them by
    hand (validate-modules compares the two in sanity; this says where to look sooner)."""
    import yaml
    from ansible_collections.hapair.panos.plugins.module_utils import catalog
    from ansible_collections.hapair.panos.plugins.modules import sync_to_remote
    documented = yaml.safe_load(sync_to_remote.DOCUMENTATION)['options']['target']['choices']
    assert documented == list(catalog.TARGET_NAMES), 'update the target choices of modules/sync_to_remote.py'


def test_refuses_before_sending_while_the_receiver_holds_uncommitted_changes(pair_http):
    pair_http.add('op', 'pending-changes', 'op_check_pending-changes.yes.xml', host=SECOND)
    answer_ha(pair_http)
    pair_http.add('op', '<jobs><all', NO_JOBS)
    with pytest.raises(Refused) as caught:
        run(pair_http)
    assert caught.value.reason == 'peer_pending_change' and 'uncommitted changes' in caught.value.message
    assert 'overwrite_peer_changes=true' in caught.value.remedy
    assert sync_requests(pair_http) == []


def _ha_after_job(local_state='active', ha1='up', running_sync='synchronized'):
    """The recorded 9.1 HA state with links, state and running-sync changed (what a peer reports after the job)."""
    from ansible_collections.hapair.panos.plugins.module_utils.ha_status import parse_ha_state
    root = fixture_root('op_show_high-availability_state.active-passive.synced.pa-5250-9.1.11.xml')
    for path in ('result/group/peer-info/conn-ha1/conn-status', 'result/group/peer-info/conn-ha1-backup/conn-status'):
        root.find(path).text = ha1
    root.find('result/group/local-info/state').text = local_state
    root.find('result/group/running-sync').text = running_sync
    return parse_ha_state(root)


class _Named:
    def __init__(self, name):
        self.name = name


def test_not_synchronized_after_the_job_names_ha1_down():
    """Issue 10 finding 7: both HA1 links went down as the HA-Sync job ended: say so, not {unknown, unknown}."""
    source, receiver = _Named('a:443'), _Named('b:443')
    seen = {'a:443': _ha_after_job('active', 'down', 'unknown'), 'b:443': _ha_after_job('passive', 'down', 'unknown')}
    error = sync_to_remote.not_synchronized_error(seen, source, receiver)
    assert error.reason == 'ha1_down' and error.device == 'b:443'
    assert 'every HA1 link is down' in error.msg and 'a:443, b:443' in error.msg
    assert 'a:443: unknown' in error.msg and error.remedy


def test_not_synchronized_after_the_job_names_split_brain():
    source, receiver = _Named('a:443'), _Named('b:443')
    seen = {'a:443': _ha_after_job('active', 'down', 'unknown'), 'b:443': _ha_after_job('active', 'down', 'unknown')}
    error = sync_to_remote.not_synchronized_error(seen, source, receiver)
    assert error.reason == 'split_brain' and 'both peers are now active' in error.msg


def test_not_synchronized_with_links_up_keeps_the_generic_reason():
    source, receiver = _Named('a:443'), _Named('b:443')
    seen = {'a:443': _ha_after_job('active', 'up', 'not synchronized'), 'b:443': _ha_after_job('passive', 'up', 'not synchronized')}
    error = sync_to_remote.not_synchronized_error(seen, source, receiver)
    assert error.reason == 'not_synchronized' and 'a:443: not synchronized' in error.msg


def test_the_receiver_is_locked_from_the_last_check_until_the_sync_is_over(pair_http):
    """Fault matrix seed 115 trial 1: another admin's change made on the receiver after the check was lost in the
    sync. Our config lock on the receiver, taken before a second check and released after the job, closes that gap."""
    pair_http.add('op', 'sync-to-remote', QUEUED, host=FIRST)
    answer_ha(pair_http)
    pair_http.add('op', '<jobs><all', NO_JOBS, host=FIRST)
    pair_http.add('op', '<jobs><all', jobs(job(7, 'FIN', 'OK')), jobs(job(7, 'FIN', 'OK')),
                  jobs(job(8, 'FIN', 'OK'), job(7, 'FIN', 'OK')), host=SECOND)
    result = run(pair_http)
    assert result['changed'] is True
    steps = []
    for request in pair_http.requests:
        cmd = request['params'].get('cmd', '')
        for marker, name in (('pending-changes', 'check'), ('config-lock><add', 'lock'), ('sync-to-remote', 'sync'),
                             ('config-lock><remove', 'unlock')):
            if marker in cmd:
                steps.append(name)
    assert steps == ['check', 'lock', 'check', 'sync', 'unlock'], steps
