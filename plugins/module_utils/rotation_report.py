# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The master-key rotation's report and record of one pair, on the controller (role hapair.panos.master_key_rotation).

The role's tasks register what each step returned and what was read back at the end (config locks released, HA
state of both peers); the filters of plugins/filter/rotation.py hand those results to:
- report(): the pair's JSON report (docs/runbook-master-key-rotation.md, "Report"): each peer's key state, config
  sync and our lock as read back, the step that failed and what to do next;
- record(): what the fleet report shows of the pair (hapair_panos_record, docs/fleet-report.md);
- stats(): the pair's entry of the set_stats key hapair_panos_rotate_master_key.
Why here and not in Jinja: the same judgement written as set_fact templates cost every pair five tasks' worth of
controller CPU (issue 13), and pure functions of the results are unit-tested on recorded results.
Never a key: the inputs are module results, whose no_log options Ansible has masked, and the role's own messages.
"""

from __future__ import annotations

import time

LABELS = ('provider', 'peer_provider')

NEXT_STEP_GATE = 'Nothing was changed. Fix what the gate reports (see hapair.panos.preflight codes), then run the role again.'
NEXT_STEP_WRONG_KEY = ('Fix master_key_rotation_current_key (a peer rejected it; it holds neither the current nor the new '
                       'key as given), then re-run the role.')
NEXT_STEP_UNREACHABLE = ('Restore management access to every peer marked unknown, then re-run the role with the same '
                         'variables: peers that already have the new key are recognised and config sync is re-enabled '
                         'at the end.')
NEXT_STEP_RESUME = ('Fix the cause above (see the error and each peer job with hapair.panos.job_info), then re-run the '
                    'role with the same variables: it resumes, recognising peers that already have the new key.')


# Steps 2 to 4 in order: the step's name and the key of its registered result in the results given to failed_step()
# and report(). The gate records itself (master_key_rotation_steps); these steps' times are their modules' own
# (elapsed_seconds), so that no task per step is spent on bookkeeping (issue 13).
STEPS = (('disable_config_sync', 'disable'), ('change_master_key', 'keys'), ('enable_config_sync', 'enable'),
         ('sync_running_config', 'sync'))
# What step 4 is called in the report's steps once the sync and the verification after it are done.
SYNC_AND_VERIFY = 'sync_and_verify'


def _dict(value):
    return value if isinstance(value, dict) else {}


def _finished(result):
    # A registered result of a module run that did not fail (sync_to_remote's "nothing sent" is skipped=true: done).
    result = _dict(result)
    return bool(result) and not result.get('failed')


def failed_step(current_step, results):
    """The step a failure stopped the rotation in, for the recovery: 'gate' until the gate recorded itself
    (current_step), then the first of steps 2-4 whose result is missing or failed; after all of them, the
    verification of step 4 (sync_running_config). results: the steps' registered results by STEPS key."""
    if current_step == 'gate':
        return 'gate'
    results = _dict(results)
    for step, key in STEPS:
        if not _finished(results.get(key)):
            return step
    return STEPS[-1][0]


def step_times(gate_steps, results, failed):
    """The report's steps: the gate's record, then each of steps 2-4 that finished with its module's own time;
    step 4 (sync_and_verify) only when the rotation did not fail (its verification is the last thing it does)."""
    steps = [dict(step) for step in gate_steps or [] if isinstance(step, dict)]
    results = _dict(results)
    for step, key in STEPS:
        result = _dict(results.get(key))
        if not _finished(result) or (key == 'sync' and failed):
            break
        steps.append({'step': SYNC_AND_VERIFY if key == 'sync' else step, 'seconds': result.get('elapsed_seconds')})
    return steps


def changed_key_states(keys):
    """Each peer's key state after a completed step 3, from master_key's result (peer=both: one entry per peer label,
    in the order the changes finished)."""
    states = {}
    for label, peer in _dict(_dict(keys).get('peers')).items():
        peer = _dict(peer)
        job = peer.get('job')
        properties = _dict(peer.get('properties'))
        states[label] = {
            'key': 'new key (already had it)' if peer.get('already_had_new_key') else 'new key',
            'key_commit_job': '%s %s' % (job.get('id'), job.get('result')) if isinstance(job, dict) and job else 'none named',
            'expire_at': properties.get('expire_at'),
            'days_to_expiry': properties.get('days_to_expiry'),
        }
    return states


def peer_names(readback, gate_ha):
    """The peers' names (ha_info's keys) in label order: as read back at the end, else as the gate read them."""
    readback = _dict(readback)
    peers = readback['peers'] if 'peers' in readback else _dict(gate_ha).get('peers', {})
    return list(_dict(peers))


def _config_sync(seen, readback):
    if seen.get('reachable'):
        return 'enabled' if _dict(_dict(seen.get('ha')).get('local')).get('config_sync_enabled') else 'disabled'
    error = _dict(seen.get('error'))
    return 'unknown (not reachable: %s)' % (error.get('msg') or _dict(readback).get('msg') or 'no answer')


def _lock(unlock, label):
    released = next((r for r in _dict(unlock).get('results') or [] if _dict(r).get('item') == label), {})
    peers = released.get('peers')
    if isinstance(peers, dict):
        first = _dict(next(iter(peers.values()), {}))
        return 'held by us' if first.get('held_by_us') else 'not held by us'
    return 'unknown (not released: %s)' % (released.get('msg') or 'no answer')


def peer_states(states, failed_step, readback, names, unlock):
    """Each peer's key state (as the steps or the recovery left it) with what was read back from it at the end:
    reachable, config sync and our config lock. names: peer_names()'s."""
    states = {label: dict(state) for label, state in _dict(states).items()}
    seen_peers = _dict(_dict(readback).get('peers'))
    for index, label in enumerate(LABELS):
        seen = _dict(seen_peers.get(names[index] if index < len(names) else label))
        state = states.setdefault(label, {'key': 'not touched by this run' if failed_step == 'gate' else 'unknown'})
        state.update(reachable=bool(seen.get('reachable', False)), config_sync=_config_sync(seen, readback),
                     lock=_lock(unlock, label))
    return states


def next_step(failed_step, error_reason, states):
    """What the operator does next after a failed rotation; None when it completed."""
    if failed_step is None:
        return None
    if failed_step == 'gate':
        return NEXT_STEP_GATE
    if error_reason == 'wrong_current_key':
        return NEXT_STEP_WRONG_KEY
    if any('unknown' in str(state.get('config_sync', '')) for state in states.values()):
        return NEXT_STEP_UNREACHABLE
    return NEXT_STEP_RESUME


def report(pair, results, check_mode=False, now=None):
    """The pair's report. results: what the role holds at the end, by name: failed_step, error, error_reason,
    peer_states (the recovery's; ignored after a completed rotation outside check mode, whose states come from the
    key change), keys (master_key's result), readback (ha_info at the end), gate_ha (ha_info of the gate), unlock
    (config_lock's loop result), steps (the gate's record), started (epoch seconds), disable, keys, enable and sync
    (the results of steps 2-4, STEPS)."""
    results = _dict(results)
    failed_step = results.get('failed_step')
    states = results.get('peer_states')
    if failed_step is None and not check_mode:
        states = changed_key_states(results.get('keys'))
    names = peer_names(results.get('readback'), results.get('gate_ha'))
    states = peer_states(states, failed_step, results.get('readback'), names, results.get('unlock'))
    sync = _dict(results.get('sync'))
    now = time.time() if now is None else now
    return {
        'pair': pair,
        'result': 'failed' if failed_step else ('check mode' if check_mode else 'rotated'),
        'failed_step': failed_step,
        'error': results.get('error'),
        'next_step': next_step(failed_step, results.get('error_reason'), states),
        'peers': states,
        'peer_names': dict(zip(LABELS, names, strict=False)),
        'steps': step_times(results.get('steps'), results, bool(failed_step)),
        'total_seconds': round(now - float(results.get('started') or now), 3),
        'ha_sync_job': sync.get('job'),
        'ha_sync_waited_for': sync.get('waited_for') or [],
        'locks_released': [state.get('lock') for state in states.values()].count('not held by us') == 2,
    }


def summary(report, report_file, labels=None):
    """The lines the role prints for the pair: result, each peer's state, each step's time, and after a failure
    where it stopped and what to do next. labels: ha_info's labels (peer name to host name and address)."""
    labels = _dict(labels)
    names = _dict(report.get('peer_names'))
    lines = ['master key rotation of %s: %s in %s s' % (report['pair'], report['result'], report['total_seconds']),
             'report: %s' % report_file]
    for label, state in report['peers'].items():
        name = names.get(label, label)
        line = '%s: %s, config sync %s, lock %s' % (labels.get(name, name), state.get('key'), state.get('config_sync'),
                                                    state.get('lock'))
        if 'key_commit_job' in state:
            line += ', key commit job %s, expires %s' % (state['key_commit_job'], state.get('expire_at'))
        lines.append(line)
    lines.extend('step %s: %s s' % (step.get('step'), step.get('seconds')) for step in report['steps'])
    if report['failed_step']:
        lines.append('failed at %s: %s' % (report['failed_step'], report['error']))
        lines.append('next: %s' % report['next_step'])
    return lines


def _result(report):
    if not report:
        return 'failed'
    if report.get('failed_step') is None:
        return 'ok'
    return 'blocked' if report['failed_step'] == 'gate' else 'failed'


def _blockers(result, report, preflight, error_reason):
    """At the gate: the preflight's blockers when it was the preflight that refused, else the gate's own rule."""
    if result != 'blocked':
        return []
    preflight = _dict(preflight)
    if preflight.get('failed') and preflight.get('blockers'):
        return [{'code': f.get('code'), 'peer': f.get('peer'), 'message': f.get('message')} for f in preflight['blockers']]
    return [{'code': error_reason or 'gate', 'peer': None, 'message': report.get('error')}]


def _summary(result, report, failure, check_mode):
    if result == 'ok':
        text = 'check mode: the rotation would run' if check_mode else 'master key rotated on both peers'
        if 'total_seconds' in report:
            text += ' in %s s' % report['total_seconds']
        return text
    if result == 'blocked':
        return 'refused at the gate, nothing changed: %s' % (report.get('error') or '')
    if report:
        return 'failed at %s: %s Next: %s' % (report.get('failed_step'), report.get('error'), report.get('next_step'))
    return 'failed: %s' % (_dict(failure).get('msg') or 'the rotation did not run')


def record(report, pair, readback=None, gate_ha=None, preflight=None, error_reason=None, failure=None,
           report_file=None, check_mode=False):
    """What the fleet report shows of the pair. report: report()'s, or None when the role stopped before it (its
    input refused); readback and gate_ha: ha_info's results at the end and at the gate (the HA state shown is the one
    read last); preflight: the gate's preflight result; failure: what the runbook's rescue remembered (task, msg);
    report_file: where the report was written, None when it was not."""
    report = _dict(report)
    ha = next((_dict(r) for r in (readback, gate_ha) if 'pair' in _dict(r)), {})
    result = _result(report)
    names = _dict(report.get('peer_names'))
    labels = _dict(ha.get('labels'))
    changed = ['master key of %s' % names.get(label, label) for label in LABELS
               if _dict(_dict(report.get('peers')).get(label)).get('key') == 'new key']
    expiry = {}
    for label, state in _dict(report.get('peers')).items():
        if _dict(state).get('expire_at'):
            name = names.get(label, label)
            expiry[labels.get(name, name)] = state['expire_at']
    pair_state = _dict(ha.get('pair'))
    active = pair_state.get('active')
    if not ha:
        sync_state = None
    elif pair_state.get('synchronized'):
        sync_state = 'synchronized'
    elif len([p for p in _dict(ha.get('peers')).values() if _dict(p).get('reachable')]) == 2:
        sync_state = 'not synchronized'
    else:
        sync_state = 'unknown'
    return {
        'runbook': 'rotate_master_key', 'pair': pair, 'result': result, 'changed': changed,
        'blockers': _blockers(result, report, preflight, error_reason),
        'error': report.get('error') if report else _dict(failure).get('msg'),
        'check_mode': bool(check_mode), 'report': report_file,
        'active_peer': labels.get(active, active) if active else None,
        'sync_state': sync_state, 'drift': None, 'key_expiry': expiry or None,
        'summary': _summary(result, report, failure, check_mode),
    }


def stats(pair_record, report=None):
    """The pair's entry of the set_stats key hapair_panos_rotate_master_key, from record()'s and the report (None when
    the role stopped before it)."""
    entry = {key: pair_record.get(key) for key in ('result', 'changed', 'blockers', 'error')}
    entry.update(failed_step=_dict(report).get('failed_step'), next_step=_dict(report).get('next_step'),
                 check_mode=pair_record.get('check_mode'), report=pair_record.get('report'))
    return entry
