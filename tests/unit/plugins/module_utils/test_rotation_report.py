# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""module_utils/rotation_report.py: the master-key rotation's report, summary, fleet record and statistics, from
results shaped as the role registers them (ha_info, config_lock loop, master_key peer=both, preflight)."""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils import rotation_report

A, B = '192.0.2.10:443', '192.0.2.11:443'
LABELS = {A: 'fw-a (192.0.2.10:443)', B: 'fw-b (192.0.2.11:443)'}


def ha(reachable=(True, True), sync_enabled=(True, True), synchronized=True):
    peers = {}
    for name, up, enabled in zip((A, B), reachable, sync_enabled, strict=True):
        peers[name] = ({'reachable': True, 'ha': {'local': {'config_sync_enabled': enabled}}} if up
                       else {'reachable': False, 'error': {'msg': 'connection refused'}})
    return {'peers': peers, 'labels': LABELS, 'pair': {'active': A, 'synchronized': synchronized}}


def unlock(held=(False, False)):
    return {'results': [{'item': label, 'peers': {name: {'held_by_us': h}}}
                        for label, name, h in zip(('provider', 'peer_provider'), (A, B), held, strict=True)]}


NEW_KEY_PROPERTIES = {'expire_at': '2027/12/04 01:00:00', 'days_to_expiry': 365}
KEYS = {'peers': {'peer_provider': {'job': {'id': 7, 'result': 'OK'}, 'properties': NEW_KEY_PROPERTIES},
                  'provider': {'already_had_new_key': True, 'job': None, 'properties': {'expire_at': '2027/12/03 01:00:00'}}}}


def results(**changes):
    base = {'failed_step': None, 'error': None, 'error_reason': None, 'peer_states': {}, 'keys': KEYS,
            'readback': ha(), 'gate_ha': ha(), 'unlock': unlock(), 'steps': [{'step': 'gate', 'seconds': 1.5}],
            'started': 1000.0, 'sync': {'job': {'id': 9}, 'waited_for': []}}
    base.update(changes)
    return base


def test_a_completed_rotation_reports_each_peers_new_key_as_read_back():
    report = rotation_report.report('pair1', results(), now=1012.3456)
    assert report['result'] == 'rotated' and report['failed_step'] is None and report['next_step'] is None
    assert list(report['peers']) == ['peer_provider', 'provider']  # the order the key changes finished
    assert report['peers']['peer_provider'] == {'key': 'new key', 'key_commit_job': '7 OK', 'expire_at': '2027/12/04 01:00:00',
                                                'days_to_expiry': 365, 'reachable': True, 'config_sync': 'enabled',
                                                'lock': 'not held by us'}
    assert report['peers']['provider']['key'] == 'new key (already had it)'
    assert report['peers']['provider']['key_commit_job'] == 'none named'
    assert report['peer_names'] == {'provider': A, 'peer_provider': B}
    assert report['total_seconds'] == 12.346 and report['locks_released'] is True and report['ha_sync_job'] == {'id': 9}


def test_a_gate_refusal_touches_no_key_and_says_to_fix_what_the_gate_reports():
    report = rotation_report.report('pair1', results(failed_step='gate', error='blocked', keys={}, readback=ha()), now=1001)
    assert report['result'] == 'failed' and report['next_step'] == rotation_report.NEXT_STEP_GATE
    assert {state['key'] for state in report['peers'].values()} == {'not touched by this run'}


def test_an_unreachable_peer_is_unknown_and_the_next_step_is_to_restore_access():
    states = {'provider': {'key': 'new key'}, 'peer_provider': {'key': 'unknown (no answer from the key change)'}}
    report = rotation_report.report('pair1', results(failed_step='change_master_key', error='timeout', peer_states=states,
                                                     readback=ha(reachable=(True, False)),
                                                     unlock={'results': [unlock()['results'][0],
                                                                         {'item': 'peer_provider', 'msg': 'no route'}]}),
                                    now=1001)
    peer = report['peers']['peer_provider']
    assert peer['config_sync'] == 'unknown (not reachable: connection refused)'
    assert peer['lock'] == 'unknown (not released: no route)' and peer['reachable'] is False
    assert report['next_step'] == rotation_report.NEXT_STEP_UNREACHABLE and report['locks_released'] is False
    assert report['peers']['provider']['key'] == 'new key'  # the recovery's state, not the key change's result


def test_a_wrong_current_key_says_to_fix_that_variable():
    report = rotation_report.report('pair1', results(failed_step='change_master_key', error_reason='wrong_current_key',
                                                     peer_states={}), now=1001)
    assert report['next_step'] == rotation_report.NEXT_STEP_WRONG_KEY
    assert {state['key'] for state in report['peers'].values()} == {'unknown'}


def test_check_mode_reports_no_key_change():
    report = rotation_report.report('pair1', results(), check_mode=True, now=1001)
    assert report['result'] == 'check mode' and 'key_commit_job' not in report['peers']['provider']


def test_the_summary_names_the_peers_by_host_and_the_failed_step():
    report = rotation_report.report('pair1', results(failed_step='enable_config_sync', error='commit failed',
                                                     readback=ha(sync_enabled=(True, False))), now=1002)
    lines = rotation_report.summary(report, 'reports/master-key-rotation-pair1.json', LABELS)
    assert lines[0] == 'master key rotation of pair1: failed in 2.0 s'
    assert lines[1] == 'report: reports/master-key-rotation-pair1.json'
    assert 'fw-b (192.0.2.11:443): unknown, config sync disabled, lock not held by us' in lines
    assert lines[-2:] == ['failed at enable_config_sync: commit failed', 'next: ' + rotation_report.NEXT_STEP_RESUME]


def test_the_record_of_a_rotated_pair_lists_only_the_keys_this_run_changed():
    report = rotation_report.report('pair1', results(), now=1010)
    record = rotation_report.record(report, 'pair1', readback=ha(), report_file='r.json')
    assert record['result'] == 'ok' and record['changed'] == ['master key of %s' % B]
    assert record['active_peer'] == LABELS[A] and record['sync_state'] == 'synchronized'
    assert record['key_expiry'] == {LABELS[A]: '2027/12/03 01:00:00', LABELS[B]: '2027/12/04 01:00:00'}
    assert record['summary'] == 'master key rotated on both peers in 10.0 s' and record['report'] == 'r.json'
    stats = rotation_report.stats(record, report)
    assert stats == {'result': 'ok', 'changed': ['master key of %s' % B], 'blockers': [], 'error': None,
                     'failed_step': None, 'next_step': None, 'check_mode': False, 'report': 'r.json'}


def test_a_preflight_refusal_is_blocked_with_the_preflights_blockers():
    report = rotation_report.report('pair1', results(failed_step='gate', error='blockers found'), now=1001)
    preflight = {'failed': True, 'blockers': [{'code': 'ha1_down', 'peer': A, 'message': 'HA1 is down', 'remedy': 'x'}]}
    record = rotation_report.record(report, 'pair1', readback={'failed': True}, gate_ha=ha(synchronized=False),
                                    preflight=preflight)
    assert record['result'] == 'blocked'
    assert record['blockers'] == [{'code': 'ha1_down', 'peer': A, 'message': 'HA1 is down'}]
    assert record['sync_state'] == 'not synchronized'  # from the gate's read, the read-back failed
    assert record['summary'] == 'refused at the gate, nothing changed: blockers found'
    own_rule = rotation_report.record(report, 'pair1', error_reason='split_brain', preflight={'failed': False})
    assert own_rule['blockers'] == [{'code': 'split_brain', 'peer': None, 'message': 'blockers found'}]
    assert own_rule['sync_state'] is None and own_rule['active_peer'] is None


def test_a_refused_input_has_no_report_and_says_what_failed():
    record = rotation_report.record(None, 'pair1', failure={'msg': 'master_key_rotation_new_key must be 16 characters'})
    assert record['result'] == 'failed' and record['error'] == 'master_key_rotation_new_key must be 16 characters'
    assert record['summary'] == 'failed: master_key_rotation_new_key must be 16 characters'
    assert rotation_report.stats(record)['failed_step'] is None


DONE = {'changed': True, 'elapsed_seconds': 30.2}
STEP_RESULTS = {'disable': DONE, 'keys': dict(KEYS, elapsed_seconds=16.1), 'enable': dict(DONE, elapsed_seconds=30.4),
                'sync': {'changed': False, 'skipped': True, 'elapsed_seconds': 20.3}}


def test_the_failed_step_is_the_gate_until_the_gate_recorded_itself():
    assert rotation_report.failed_step('gate', STEP_RESULTS) == 'gate'
    assert rotation_report.failed_step('gate', {}) == 'gate'


def test_the_failed_step_is_the_first_step_whose_result_is_missing_or_failed():
    failed = {'failed': True, 'msg': 'commit failed'}
    assert rotation_report.failed_step('disable_config_sync', {}) == 'disable_config_sync'
    assert rotation_report.failed_step('disable_config_sync', dict(STEP_RESULTS, disable=failed)) == 'disable_config_sync'
    # master_key_rotation_keys starts as {} (the recovery reads it): not a result.
    assert rotation_report.failed_step('disable_config_sync', {'disable': DONE, 'keys': {}}) == 'change_master_key'
    assert rotation_report.failed_step('disable_config_sync', dict(STEP_RESULTS, keys=dict(KEYS, failed=True))) == \
        'change_master_key'
    assert rotation_report.failed_step('disable_config_sync', dict(STEP_RESULTS, enable=None, sync=None)) == \
        'enable_config_sync'
    assert rotation_report.failed_step('disable_config_sync', dict(STEP_RESULTS, sync=failed)) == 'sync_running_config'
    # Every step done (the sync's "nothing sent" is skipped, and done): the verification after the sync failed.
    assert rotation_report.failed_step('disable_config_sync', STEP_RESULTS) == 'sync_running_config'


def test_the_reports_steps_are_the_gates_record_then_each_finished_steps_own_time():
    report = rotation_report.report('pair1', results(**STEP_RESULTS), now=1100)
    assert report['steps'] == [{'step': 'gate', 'seconds': 1.5}, {'step': 'disable_config_sync', 'seconds': 30.2},
                               {'step': 'change_master_key', 'seconds': 16.1},
                               {'step': 'enable_config_sync', 'seconds': 30.4},
                               {'step': 'sync_and_verify', 'seconds': 20.3}]
    summary = rotation_report.summary(report, '/r/pair1.json')
    assert 'step sync_and_verify: 20.3 s' in summary


def test_a_failed_rotation_reports_the_steps_done_before_the_failure():
    stopped_keys = dict(STEP_RESULTS)
    stopped_keys['keys'] = {'failed': True}
    stopped = results(failed_step='change_master_key', error='rejected', **stopped_keys)
    assert [s['step'] for s in rotation_report.report('pair1', stopped, now=1100)['steps']] == ['gate', 'disable_config_sync']
    # The verification after the sync failed: the sync ran, but step 4 is not reported as done.
    unverified = results(failed_step='sync_running_config', error='differ', **STEP_RESULTS)
    assert [s['step'] for s in rotation_report.report('pair1', unverified, now=1100)['steps']] == \
        ['gate', 'disable_config_sync', 'change_master_key', 'enable_config_sync']
    refused = results(failed_step='gate', error='blocked', steps=[], keys={})
    assert rotation_report.report('pair1', refused, now=1100)['steps'] == []


def test_the_failed_step_filter_is_the_module_utils_rule():
    from ansible_collections.hapair.panos.plugins.filter import rotation as rotation_filters
    filters = rotation_filters.FilterModule().filters()
    assert filters['rotation_failed_step']('disable_config_sync', {'disable': DONE}) == 'change_master_key'
