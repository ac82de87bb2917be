# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The health check's judgement (module_utils/health.py) on registered results of preflight and peer_settings_info."""

from __future__ import annotations

import copy

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import health

A, B = '192.0.2.1:443', '192.0.2.2:443'
DAY = 86400
HOSTNAMES = {A: 'fw-a', B: 'fw-b'}


def check(passed=True, error=None):
    return {'passed': passed, 'field': 'f', 'evaluated_on': [A, B], 'failed_on': [] if passed else [A], 'error': error}


def preflight(blockers=(), warnings=(), states=None, mode='Active-Passive', synchronized=True, checks=None, **pair):
    """A registered result of hapair.panos.preflight (fail_on_blockers=false)."""
    summary = {'mode': mode, 'peers': [A, B], 'states': states or {A: 'active', B: 'passive'}, 'active': A,
               'passive': B, 'hostnames': {A: 'fw-a', B: 'fw-b'}, 'synchronized': synchronized, 'problems': [],
               'unreachable': []}
    summary.update(pair)
    all_checks = dict((code, check()) for _check, codes in health.CHECKS for code in codes
                      if code not in ('ha_state_degraded', 'per_peer_drift', 'master_key_expired',
                                      'master_key_expiring', 'master_key_default'))
    all_checks.update(checks or {})
    return {'blockers': list(blockers), 'warning_findings': list(warnings), 'pair': summary, 'checks': all_checks}


def finding(code, severity='blocker', peer=A, **extra):
    f = {'code': code, 'severity': severity, 'peer': peer, 'message': code + ' on ' + peer,
         'evidence': {'field': 'x', 'values': {peer: 'v'}}, 'remedy': 'fix ' + code}
    f.update(extra)
    return f


def key(expire_at='2027/01/01 00:00:00', seconds=None, expired=False):
    return {'expire_at': expire_at, 'seconds_to_expiry': seconds, 'days_to_expiry': None if seconds is None else seconds // DAY,
            'expired': expired}


def settings(must_match=(), must_differ=(), keys=None):
    """A registered result of hapair.panos.peer_settings_info."""
    keys = keys or {A: key(seconds=400 * DAY), B: key(seconds=400 * DAY)}
    return {'drift': {'ok': not (must_match or must_differ), 'summary': 's', 'must_match': list(must_match),
                      'must_differ': list(must_differ), 'differs': []},
            'peers': dict((name, {'hostname': HOSTNAMES[name], 'role': 'r', 'serial': 's', 'model': 'PA-VM',
                                  'sw_version': '11.1.0', 'master_key': mk}) for name, mk in keys.items())}


def drift(key_, relationship='must_match'):
    return {'key': key_, 'title': key_.title(), 'relationship': relationship, 'evidence': 'differ: 1 on A, 2 on B',
            'values': {A: 1, B: 2}}


def codes(found):
    return [(f['code'], f['severity']) for f in found]


def test_a_healthy_pair_has_no_finding_and_every_check_is_ok():
    pf, ps = preflight(), settings()
    found = health.findings(pf, ps)
    report = health.report(pf, ps, found, 'pair1', checked_at='T')
    assert found == []
    assert (report['result'], report['healthy'], report['error']) == ('ok', True, None)
    assert set(r['result'] for r in report['checks'].values()) == {'ok'}
    assert list(report['checks']) == [name for name, _codes in health.CHECKS]
    assert report['active_peer'] == 'fw-a (%s)' % A
    assert report['sync_state'] == 'synchronized'
    assert report['key_expiry'] == {'fw-a (%s)' % A: '2027/01/01 00:00:00', 'fw-b (%s)' % B: '2027/01/01 00:00:00'}


@pytest.mark.parametrize('option, code', [('locks_block', 'config_locked'), ('pending_changes_block', 'uncommitted_changes'),
                                          ('pending_changes_block', 'commit_pending')])
def test_locks_and_pending_changes_are_warnings_unless_the_option_makes_them_blockers(option, code):
    pf = preflight(warnings=[finding(code, 'warning')])
    assert codes(health.findings(pf, settings())) == [(code, 'warning')]
    assert codes(health.findings(pf, settings(), {option: True})) == [(code, 'blocker')]
    # As a role variable may arrive before ansible-core 2.19: a string.
    assert codes(health.findings(pf, settings(), {option: 'yes'})) == [(code, 'blocker')]


def test_findings_are_in_check_order_and_carry_their_check():
    pf = preflight(blockers=[finding('config_locked'), finding('license_mismatch'), finding('ha1_down')],
                   warnings=[finding('newer_release_code', 'warning')])
    found = health.findings(pf, settings(must_match=[drift('zones')]))
    assert [(f['code'], f['check']) for f in found] == [
        ('ha1_down', 'ha_state'), ('license_mismatch', 'compatibility'), ('newer_release_code', 'compatibility'),
        ('per_peer_drift', 'drift'), ('config_locked', 'locks')]


@pytest.mark.parametrize('mode, states, degraded', [
    ('Active-Passive', {A: 'active', B: 'passive'}, False),
    ('Active-Passive', {A: 'active', B: 'suspended'}, True),
    ('Active-Active', {A: 'active-primary', B: 'active-secondary'}, False),
    ('Active-Active', {A: 'active-primary', B: 'active-primary'}, True),
])
def test_a_pair_that_cannot_fail_over_is_degraded(mode, states, degraded):
    found = health.findings(preflight(mode=mode, states=states), settings())
    assert codes(found) == ([('ha_state_degraded', 'blocker')] if degraded else [])
    if degraded:
        assert found[0]['message'].startswith('the peers are not one ')
        assert found[0]['evidence']['values'] == states
        assert found[0]['remedy'] == health.REMEDIES['ha_state_degraded']


def test_no_degraded_finding_when_ha_is_off_or_a_peer_does_not_answer():
    for code in ('ha_disabled', 'peer_unreachable'):
        pf = preflight(blockers=[finding(code)], states={A: 'active', B: 'unknown'})
        assert codes(health.findings(pf, settings())) == [(code, 'blocker')]


def test_drift_that_a_failed_preflight_check_reports_is_not_reported_twice():
    ps = settings(must_match=[drift('jumbo_frames'), drift('zones')], must_differ=[drift('hostname', 'must_differ')])
    failed = preflight(checks={'jumbo_frame_mismatch': check(False)})
    found = health.findings(failed, ps)
    assert [f['evidence']['field'] for f in found] == ['zones', 'hostname']
    assert [f['severity'] for f in health.findings(failed, ps, {'drift_blocks': True})] == ['blocker', 'blocker']
    # The same drift when the covering check passed: reported.
    assert len(health.findings(preflight(), ps)) == 3
    assert found[0]['message'] == 'Zones (zones): differ: 1 on A, 2 on B'


def test_settings_that_could_not_be_read_make_drift_and_key_expiry_not_evaluated():
    failed = {'failed': True, 'msg': 'peer 2 timed out', 'reason': 'timeout'}
    pf = preflight()
    found = health.findings(pf, failed)
    assert codes(found) == [('not_evaluated', 'warning')]
    assert found[0]['message'].endswith('not checked: peer 2 timed out')
    assert found[0]['evidence']['values'] == {'error': 'timeout'}
    checks = health.report(pf, failed, found, 'p')['checks']
    assert (checks['drift']['result'], checks['master_key_expiry']['result']) == ('warning', 'not_evaluated')
    assert checks['master_key_expiry']['error'] == 'peer 2 timed out'
    # Skipped (the pair could not be checked): no finding of its own.
    assert health.findings(pf, {'skipped': True, 'changed': False}) == []


@pytest.mark.parametrize('mk, expected', [
    (key(expire_at=None), [('master_key_default', 'warning')]),
    (key(expired=True, seconds=0), [('master_key_expired', 'blocker')]),
    (key(seconds=None), [('not_evaluated', 'warning')]),
    (key(seconds=10 * DAY), [('master_key_expiring', 'blocker')]),
    (key(seconds=14 * DAY), [('master_key_expiring', 'blocker')]),
    (key(seconds=30 * DAY), [('master_key_expiring', 'warning')]),
    (key(seconds=60 * DAY + 1), []),
])
def test_master_key_expiry_against_the_thresholds(mk, expected):
    found = health.findings(preflight(), settings(keys={A: mk, B: key(seconds=400 * DAY)}))
    assert codes(found) == expected
    assert all(f['peer'] == A and f['check'] == 'master_key_expiry' for f in found)


def test_the_expiry_message_names_the_threshold_and_the_days():
    found = health.findings(preflight(), settings(keys={A: key(seconds=int(30.25 * DAY)), B: key(seconds=400 * DAY)}),
                            {'key_expiry_warn_days': '45'})
    assert found[0]['message'] == ('the master key of %s expires in 30.2 days (2027/01/01 00:00:00), within '
                                   'health_key_expiry_warn_days=45' % A)


def test_a_factory_default_key_is_no_finding_when_accepted():
    ps = settings(keys={A: key(expire_at=None), B: key(expire_at=None)})
    assert health.findings(preflight(), ps, {'default_key_warning': False}) == []
    expected = {'fw-a (%s)' % A: 'never changed', 'fw-b (%s)' % B: 'never changed'}
    assert health.report(preflight(), ps, [], 'p')['key_expiry'] == expected


def test_a_pair_that_could_not_be_checked_is_failed_with_the_error():
    pf = {'failed': True, 'msg': 'Cannot connect on 192.0.2.1:443'}
    ps = {'skipped': True}
    found = health.findings(pf, ps)
    report = health.report(pf, ps, found, 'p')
    assert found == []
    assert (report['result'], report['healthy'], report['error']) == ('failed', False, 'Cannot connect on 192.0.2.1:443')
    assert report['sync_state'] == 'unknown'
    assert report['peers'] == {} and report['key_expiry'] is None and report['drift'] is None
    results = dict((name, r['result']) for name, r in report['checks'].items())
    assert set(results.values()) == {'not_evaluated'}


def test_checks_the_operator_skipped_are_skipped_and_unevaluated_checks_say_why():
    pf = preflight(checks={'plugin_mismatch': check(None, error='show plugins: not allowed')})
    for code in health.CHECKS[-1][1]:  # pending changes: skip=[...]
        del pf['checks'][code]
    report = health.report(pf, settings(), [], 'p')
    assert report['checks']['pending_changes']['result'] == 'skipped'
    assert report['checks']['compatibility']['result'] == 'not_evaluated'
    assert report['checks']['compatibility']['error'] == 'show plugins: not allowed'


def test_a_blocker_makes_the_pair_blocked_and_its_check_shows_what_was_read():
    pf = preflight(blockers=[finding('config_sync_disabled')], checks={'config_sync_disabled': check(False)},
                   synchronized=False)
    found = health.findings(pf, settings())
    report = health.report(pf, settings(), found, 'p')
    assert (report['result'], report['healthy']) == ('blocked', False)
    assert report['sync_state'] == 'not synchronized'
    sync = report['checks']['sync_state']
    assert (sync['result'], sync['findings']) == ('blocker', ['config_sync_disabled'])
    assert sync['read']['preflight']['config_sync_disabled']['values'] == {A: 'v'}
    assert sync['read']['synchronized'] is False


@pytest.mark.parametrize('pair, blockers, expected', [
    ({'synchronized': True}, [], 'synchronized'),
    ({'synchronized': False}, [finding('sync_in_progress')], 'synchronization in progress'),
    ({'synchronized': False, 'unreachable': [B]}, [], 'unknown'),
    ({'synchronized': False}, [], 'not synchronized'),
])
def test_sync_state(pair, blockers, expected):
    pf = preflight(blockers=blockers, **pair)
    assert health.sync_state(pf) == expected


def test_labels_use_the_settings_host_name_when_the_preflight_read_none():
    pf = preflight(hostnames={A: 'fw-a'})
    assert health.labels(pf, settings()) == {A: 'fw-a (%s)' % A, B: 'fw-b (%s)' % B}
    assert health.labels(pf, {}) == {A: 'fw-a (%s)' % A, B: B}


def test_the_inputs_are_not_changed():
    pf, ps = preflight(blockers=[finding('config_locked')]), settings(must_match=[drift('zones')])
    before = copy.deepcopy((pf, ps))
    health.report(pf, ps, health.findings(pf, ps), 'p')
    assert (pf, ps) == before


def test_the_summary_lines():
    pf = preflight(blockers=[finding('ha1_down')], warnings=[finding('config_locked', 'warning', peer=B)])
    report = health.report(pf, settings(), health.findings(pf, settings()), 'pair1')
    assert health.summary(report, '/r/health-pair1.json') == [
        'health of pair1: UNHEALTHY',
        'peers: fw-a (%s) is active, fw-b (%s) is passive (Active-Passive); configuration synchronized' % (A, B),
        'master key: fw-a (%s): 2027/01/01 00:00:00; fw-b (%s): 2027/01/01 00:00:00' % (A, B),
        'checks: ha_state blocker, sync_state ok, compatibility ok, drift ok, master_key_expiry ok, locks warning, '
        'pending_changes ok',
        'BLOCKER ha1_down (%s): ha1_down on %s' % (A, A), '  -> fix ha1_down',
        'warning config_locked (%s): config_locked on %s' % (B, B), '  -> fix config_locked',
        'report: /r/health-pair1.json']
    failed = health.report({'msg': 'no route'}, {}, [], 'pair2')
    assert health.summary(failed, 'f')[:2] == ['health of pair2: COULD NOT BE CHECKED', 'could not check the pair: no route']


def built(pf, ps, pair='p'):
    found = health.findings(pf, ps)
    return health.report(pf, ps, found, pair, checked_at='2026-12-03T00:00:00Z')


def test_the_record_of_a_healthy_pair_with_a_warning():
    report = built(preflight(warnings=[finding('config_locked', severity='warning'),
                                       finding('config_locked', severity='warning', peer=B)]), settings())
    record = health.record(report, 'pair1', report_file='reports/health-pair1.json')
    assert (record['runbook'], record['pair'], record['result'], record['error']) == ('health', 'pair1', 'ok', None)
    assert record['summary'] == 'HEALTHY; warnings: config_locked'
    assert record['report'] == 'reports/health-pair1.json' and record['changed'] == [] and record['blockers'] == []
    assert (record['active_peer'], record['sync_state']) == (report['active_peer'], 'synchronized')
    assert record['active_peer'].startswith('fw-a')
    entry = health.stats(record, report)
    assert entry['warnings'] == ['config_locked', 'config_locked'] and entry['result'] == 'ok'
    assert set(entry) == {'result', 'changed', 'blockers', 'warnings', 'error', 'check_mode', 'report', 'sync_state',
                          'key_expiry', 'drift'}


def test_a_pair_with_blockers_whose_gate_failed_is_blocked_not_failed():
    report = built(preflight(blockers=[finding('config_sync_disabled'), finding('config_sync_disabled', peer=B)],
                             checks={'config_sync_disabled': check(False)}, synchronized=False), settings())
    failure = {'task': 'hapair.panos.health : Fail on blockers', 'msg': 'found 2 blocker(s)'}
    record = health.record(report, 'p', failure=failure, check_mode=True)
    assert (record['result'], record['error'], record['report'], record['check_mode']) == ('blocked', None, None, True)
    assert record['summary'] == 'UNHEALTHY, 2 blocker(s): config_sync_disabled'
    assert record['blockers'] == [{'code': 'config_sync_disabled', 'peer': A, 'message': 'config_sync_disabled on ' + A},
                                  {'code': 'config_sync_disabled', 'peer': B, 'message': 'config_sync_disabled on ' + B}]


def test_a_pair_that_could_not_be_checked_or_whose_run_failed_is_failed_with_what_failed():
    report = built({'failed': True, 'msg': 'Cannot connect on 192.0.2.1:443'}, {'skipped': True})
    record = health.record(report, 'p')
    assert (record['result'], record['error']) == ('failed', 'Cannot connect on 192.0.2.1:443')
    assert record['summary'] == 'could not check the pair: Cannot connect on 192.0.2.1:443'
    # The input refused before any report: the failed task's message.
    failure = {'task': 'hapair.panos.health : Validating arguments', 'msg': 'health_vsys must be a string'}
    record = health.record(None, 'p', failure=failure)
    assert (record['result'], record['error'], record['active_peer']) == ('failed', 'health_vsys must be a string', None)
    assert health.stats(record, None)['warnings'] == []
    # A task after a report that was built: its failure is the error, even with no blocker.
    record = health.record(built(preflight(), settings()), 'p', failure={'task': 'Write the JSON report', 'msg': 'disk full'})
    assert (record['result'], record['summary']) == ('failed', 'could not check the pair: disk full')
