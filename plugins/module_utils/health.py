# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The health check's judgement of one pair, on the controller (role hapair.panos.health).

The role reads both peers with one module run (hapair.panos.preflight with peer_settings=true, whose result holds
hapair.panos.peer_settings_info's under peer_settings) and hands the preflight's result and that one (`settings`) to
the filters of plugins/filter/health.py, which call this module:
- findings(): every finding, in check order: the preflight's (locks and pending changes at the severity the role's
  variables give them), the HA states, the per-peer drift the preflight does not already report, the master-key
  expiry;
- report(): the pair's JSON report (docs/runbook-health.md, "Report");
- summary(): the lines the role prints.
Pure functions of those results: no device access here, so the judgement is unit-tested on recorded results.
"""

from __future__ import annotations

import datetime

from ansible.module_utils.parsing.convert_bool import boolean

# The checks of the report, in report order, and the finding codes each one owns (docs/runbook-health.md). A code of
# hapair.panos.preflight that is not listed here (a newer release's) belongs to compatibility.
CHECKS = (
    ('ha_state', ('peer_unreachable', 'ha_disabled', 'ha1_down', 'ha2_down', 'dataplane_not_ready', 'ha_state_degraded')),
    ('sync_state', ('config_sync_disabled', 'config_not_synchronized', 'sync_in_progress', 'state_sync_disabled')),
    ('compatibility', ('version_incompatible', 'multi_vsys_mismatch', 'gtp_mismatch', 'sctp_mismatch', 'vpn_mismatch',
                       'features_mismatch', 'url_db_incompatible', 'license_mismatch', 'plugin_mismatch',
                       'jumbo_frame_mismatch', 'master_key_mismatch')),
    ('drift', ('per_peer_drift',)),
    ('master_key_expiry', ('master_key_expired', 'master_key_expiring', 'master_key_default')),
    ('locks', ('config_locked',)),
    ('pending_changes', ('uncommitted_changes', 'commit_pending')),
)
CHECK_OF_CODE = dict((code, check) for check, codes in CHECKS for code in codes)
# The checks read from peer_settings_info rather than from the preflight.
SETTINGS_CHECKS = ('drift', 'master_key_expiry')

# Drift entries (peer_settings_info, by key: item or item/part) that preflight checks compare too: when one of those
# checks failed, the preflight finding reports the difference and the drift entry is not reported a second time (it
# stays in the report's drift and drift_report).
DRIFT_COVERED_BY = {
    'jumbo_frames': ('jumbo_frame_mismatch',),
    'master_key': ('master_key_mismatch',),
    'master_key_hsm': ('master_key_mismatch',),
    'licenses': ('license_mismatch',),
    'plugins': ('plugin_mismatch',),
    'multi_vsys': ('multi_vsys_mismatch',),
    'software_updates': ('version_incompatible',),
    'ha_settings/group': ('ha_disabled', 'config_sync_disabled', 'state_sync_disabled'),
}

# The HA states of a pair that can fail over, per mode (the preflight's summary: pair.mode).
NORMAL_STATES = {
    'Active-Passive': ('active', 'passive'),
    'Active-Active': ('active-primary', 'active-secondary'),
}

# What to do about the health check's own findings (the preflight's come with their remedies).
REMEDIES = {
    'ha_state_degraded':
        'Bring the pair back to one active and one passive peer (active/active: one active-primary and one '
        'active-secondary): make a suspended peer functional (hapair.panos.ha_state state=functional), read a '
        'non-functional peer\'s last error in show high-availability all, restore HA1 after a split brain; then '
        're-run the health check.',
    'master_key_expired':
        'Rotate the master key on both peers now (ansible-playbook hapair.panos.rotate_master_key, '
        'docs/runbook-master-key-rotation.md): an expired master key puts the firewall in maintenance mode.',
    'master_key_expiring':
        'Rotate the master key on both peers before it expires (ansible-playbook hapair.panos.rotate_master_key, '
        'docs/runbook-master-key-rotation.md): an expired master key puts the firewall in maintenance mode.',
    'master_key_default':
        'Set a master key of your own, with a lifetime, on both peers (ansible-playbook hapair.panos.rotate_master_key '
        'with the factory default key as master_key_rotation_current_key); the factory default key is publicly known. '
        'To accept it, set health_default_key_warning=false.',
    'per_peer_drift':
        'Give both peers the same value of a must-match setting and each peer its own value of a must-differ setting '
        '(hapair.panos.peer_settings, docs/runbook-peer-settings.md), then re-run the health check.',
    'not_evaluated':
        'Read the error; check that both peers are reachable from the controller and that the admin role may run the '
        'commands, then re-run the health check.',
}

# The role's variables that set the judgement, with their defaults (roles/health/defaults/main.yml).
DEFAULT_OPTIONS = {
    'fail_on_blockers': True,
    'key_expiry_warn_days': 60,
    'key_expiry_block_days': 14,
    'default_key_warning': True,
    'locks_block': False,
    'pending_changes_block': False,
    'drift_blocks': False,
    'preflight_skip': [],
}

_DAY = 86400
_MASTER_KEY_FIELD = 'show system masterkey-properties: expire-at, seconds-to-expiry'


def _checked(preflight):
    """Whether the preflight ran (a failure to check at all leaves no blockers list)."""
    return 'blockers' in preflight


def _finding(code, severity, check, peer, message, evidence, remedy):
    return {'code': code, 'severity': severity, 'check': check, 'peer': peer, 'message': message,
            'evidence': evidence, 'remedy': remedy}


def _preflight_findings(preflight, options):
    found = []
    for f in list(preflight.get('blockers') or []) + list(preflight.get('warning_findings') or []):
        severity = f.get('severity')
        if f['code'] == 'config_locked':
            severity = 'blocker' if options['locks_block'] else 'warning'
        elif f['code'] in ('uncommitted_changes', 'commit_pending'):
            severity = 'blocker' if options['pending_changes_block'] else 'warning'
        check = CHECK_OF_CODE.get(f.get('check', f['code']), 'compatibility')
        found.append(_finding(f['code'], severity, check, f.get('peer'), f.get('message'), f.get('evidence'),
                              f.get('remedy')))
    return found


def _ha_state_finding(preflight, found):
    pair = preflight.get('pair') or {}
    states = pair.get('states') or {}
    normal = NORMAL_STATES.get(pair.get('mode') or '', ())
    # An HA that is off or a peer that does not answer is already its own finding.
    if len(states) != 2 or not normal or any(f['code'] in ('ha_disabled', 'peer_unreachable') for f in found):
        return None
    if sorted(str(state) for state in states.values()) == sorted(normal):
        return None
    listing = ', '.join('%s is %s' % (name, state) for name, state in states.items())
    return _finding('ha_state_degraded', 'blocker', 'ha_state', 'pair',
                    'the peers are not one %s peer: %s' % (' and one '.join(normal), listing),
                    {'field': 'show high-availability all: local-info/state', 'values': states},
                    REMEDIES['ha_state_degraded'])


def _drift_findings(preflight, settings, options):
    if 'drift' not in settings:
        if 'skipped' in settings or not _checked(preflight):
            return []
        return [_finding('not_evaluated', 'warning', 'drift', 'pair',
                         'the per-peer settings and master-key properties could not be read, so drift and the '
                         'master-key expiry were not checked: ' + str(settings.get('msg', 'peer_settings_info failed')),
                         {'field': 'hapair.panos.peer_settings_info', 'values': {'error': settings.get('reason')}},
                         REMEDIES['not_evaluated'])]
    checks = preflight.get('checks') or {}
    found = []
    for d in list(settings['drift']['must_match']) + list(settings['drift']['must_differ']):
        covering = DRIFT_COVERED_BY.get(d['key'], ())
        if any(code in checks and checks[code].get('passed') is False for code in covering):
            continue  # the preflight finding reports this difference
        found.append(_finding('per_peer_drift', 'blocker' if options['drift_blocks'] else 'warning', 'drift', 'pair',
                              '%s (%s): %s' % (d['title'], d['key'], d['evidence']),
                              {'field': d['key'], 'relationship': d['relationship'], 'values': d['values']},
                              REMEDIES['per_peer_drift']))
    return found


def _master_key_findings(settings, options):
    found = []
    for name, peer in (settings.get('peers') or {}).items():
        mk = peer.get('master_key') or {}
        if not mk:
            continue
        evidence = {'field': _MASTER_KEY_FIELD,
                    'values': {name: {'expire_at': mk.get('expire_at'), 'days_to_expiry': mk.get('days_to_expiry')}}}
        seconds = mk.get('seconds_to_expiry')
        if mk.get('expire_at') is None:
            if options['default_key_warning']:
                found.append(_finding('master_key_default', 'warning', 'master_key_expiry', name,
                                      'the master key of %s was never changed (no expiry set): it is most likely the '
                                      'factory default key' % name, evidence, REMEDIES['master_key_default']))
        elif mk.get('expired'):
            found.append(_finding('master_key_expired', 'blocker', 'master_key_expiry', name,
                                  'the master key of %s has expired (%s)' % (name, mk['expire_at']), evidence,
                                  REMEDIES['master_key_expired']))
        elif seconds is None:
            found.append(_finding('not_evaluated', 'warning', 'master_key_expiry', name,
                                  'the expiry of the master key of %s (%s) could not be checked: the device reports '
                                  'no expiry counters' % (name, mk['expire_at']), evidence, REMEDIES['not_evaluated']))
        else:
            # The nearer threshold wins: a key within the block days is a blocker, not also a warning.
            for severity, variable in (('blocker', 'key_expiry_block_days'), ('warning', 'key_expiry_warn_days')):
                limit = options[variable]
                if seconds <= int(limit) * _DAY:
                    found.append(_finding('master_key_expiring', severity, 'master_key_expiry', name,
                                          'the master key of %s expires in %s days (%s), within health_%s=%s'
                                          % (name, round(seconds / float(_DAY), 1), mk['expire_at'], variable, limit),
                                          evidence, REMEDIES['master_key_expiring']))
                    break
    return found


def _options(options):
    """The role's judgement variables (DEFAULT_OPTIONS' keys), booleans and numbers as the role's argument spec
    takes them (before ansible-core 2.19 a templated variable may arrive as the string "true" or "14")."""
    merged = dict(DEFAULT_OPTIONS)
    merged.update(options or {})
    for name, default in DEFAULT_OPTIONS.items():
        if isinstance(default, bool):
            merged[name] = boolean(merged[name], strict=False)
    return merged


def findings(preflight, settings, options=None):
    """Every finding of the pair, in check order (CHECKS), from the registered results of hapair.panos.preflight
    (`preflight`) and hapair.panos.peer_settings_info (`settings`; skipped or failed results allowed)."""
    options = _options(options)
    preflight, settings = preflight or {}, settings or {}
    found = _preflight_findings(preflight, options)
    degraded = _ha_state_finding(preflight, found)
    if degraded:
        found.append(degraded)
    found.extend(_drift_findings(preflight, settings, options))
    found.extend(_master_key_findings(settings, options))
    return [f for check, _codes in CHECKS for f in found if f['check'] == check]


def labels(preflight, settings):
    """address:port -> "hostname (address:port)" (the name alone when no host name was read)."""
    pair = preflight.get('pair') or {}
    hostnames = pair.get('hostnames') or {}
    read = settings.get('peers') or {}
    out = {}
    for name in pair.get('peers') or []:
        hostname = hostnames.get(name) or (read.get(name) or {}).get('hostname')
        out[name] = '%s (%s)' % (hostname, name) if hostname else name
    return out


def sync_state(preflight):
    pair = preflight.get('pair') or {}
    if 'synchronized' not in pair:
        return 'unknown'
    if pair['synchronized']:
        return 'synchronized'
    if any(f.get('code') == 'sync_in_progress' for f in preflight.get('blockers') or []):
        return 'synchronization in progress'
    if pair.get('unreachable'):
        return 'unknown'
    return 'not synchronized'


def _expiry(peer):
    expire_at = (peer.get('master_key') or {}).get('expire_at')
    return 'never changed' if expire_at is None else expire_at


def _unique(values):
    out = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


def _peers(pair, settings, label):
    states = pair.get('states') or {}
    hostnames = pair.get('hostnames') or {}
    out = {}
    for name in pair.get('peers') or []:
        read = (settings.get('peers') or {}).get(name) or {}
        out[name] = {'label': label[name], 'state': states.get(name), 'role': read.get('role'),
                     'hostname': read['hostname'] if 'hostname' in read else hostnames.get(name),
                     'serial': read.get('serial'), 'model': read.get('model'), 'sw_version': read.get('sw_version')}
    return out


def _check_results(preflight, settings, found, options, label, peers, state):
    """Per check: its result (blocker, warning, not_evaluated, skipped, ok), the codes it found, and what was read
    back."""
    pair = preflight.get('pair') or {}
    pf = preflight.get('checks') or {}
    psi = 'drift' in settings
    checked = _checked(preflight)
    drift = settings.get('drift') or {}
    extra = {
        'ha_state': {'mode': pair.get('mode'), 'active': label.get(pair.get('active')),
                     'passive': label.get(pair.get('passive')),
                     'states': dict((peer['label'], peer['state']) for peer in peers.values()),
                     'problems': pair.get('problems') or []},
        'sync_state': {'sync_state': state, 'synchronized': pair.get('synchronized')},
    }
    if psi:
        extra['drift'] = {'ok': drift['ok'], 'summary': drift['summary'],
                          'must_match': [d['key'] for d in drift['must_match']],
                          'must_differ': [d['key'] for d in drift['must_differ']],
                          'differs': [d['key'] for d in drift['differs']]}
        extra['master_key_expiry'] = {
            'warn_days': int(options['key_expiry_warn_days']), 'block_days': int(options['key_expiry_block_days']),
            'peers': dict((label.get(name, name), peer.get('master_key'))
                          for name, peer in (settings.get('peers') or {}).items())}
    out = {}
    for check, codes in CHECKS:
        own = [f for f in found if f['check'] == check]
        read = {}
        for code in codes:
            if code not in pf:
                continue
            finding = next((f for f in own if f['code'] == code), None)
            read[code] = {'passed': pf[code].get('passed'), 'field': pf[code].get('field'),
                          'evaluated_on': pf[code].get('evaluated_on'), 'failed_on': pf[code].get('failed_on'),
                          'error': pf[code].get('error'), 'values': finding['evidence']['values'] if finding else None}
        unevaluated = [r for r in read.values() if r['passed'] is None]
        ran = psi if check in SETTINGS_CHECKS else (checked and (bool(read) or check == 'ha_state'))
        if any(f['severity'] == 'blocker' for f in own):
            result = 'blocker'
        elif own:
            result = 'warning'
        elif ran:
            result = 'not_evaluated' if unevaluated else 'ok'
        else:
            result = 'skipped' if checked and check not in SETTINGS_CHECKS else 'not_evaluated'
        errors = _unique(r['error'] for r in unevaluated if r['error'])
        if check in SETTINGS_CHECKS and not psi:
            errors = [settings.get('msg', 'not read: the pair could not be checked, or a peer could not be read')]
        shown = {'preflight': read} if read else {}
        shown.update(extra.get(check) or {})
        out[check] = {'result': result, 'findings': _unique(f['code'] for f in own),
                      'error': '; '.join(str(e) for e in errors) if errors else None, 'read': shown}
    return out


def report(preflight, settings, found, pair_name, options=None, check_mode=False, checked_at=None):
    """The pair's JSON report (docs/runbook-health.md) from the two registered results and findings()."""
    options = _options(options)
    preflight, settings = preflight or {}, settings or {}
    checked = _checked(preflight)
    pair = preflight.get('pair') or {}
    label = labels(preflight, settings)
    peers = _peers(pair, settings, label)
    state = sync_state(preflight)
    blockers = [f for f in found if f['severity'] == 'blocker']
    drift = settings.get('drift')
    key_expiry = None
    if 'peers' in settings:
        key_expiry = dict((label.get(name, name), _expiry(peer)) for name, peer in settings['peers'].items())
    drift_lines = None
    if 'drift' in settings:
        drift_lines = ['%s: %s' % (d['key'], d['evidence']) for d in list(drift['must_match']) + list(drift['must_differ'])]
    if checked_at is None:
        checked_at = datetime.datetime.now(datetime.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')
    return {
        'pair': pair_name,
        'checked_at': checked_at,
        'result': 'failed' if not checked else ('blocked' if blockers else 'ok'),
        'healthy': checked and not blockers,
        'error': None if checked else preflight.get('msg', 'the preflight did not run'),
        'check_mode': check_mode,
        'mode': pair.get('mode'),
        'active_peer': label.get(pair.get('active')),
        'sync_state': state,
        'key_expiry': key_expiry,
        'drift': drift_lines,
        'peers': peers,
        'blockers': blockers,
        'warnings': [f for f in found if f['severity'] != 'blocker'],
        'checks': _check_results(preflight, settings, found, options, label, peers, state),
        'settings': {'fail_on_blockers': bool(options['fail_on_blockers']),
                     'key_expiry_warn_days': int(options['key_expiry_warn_days']),
                     'key_expiry_block_days': int(options['key_expiry_block_days']),
                     'default_key_warning': bool(options['default_key_warning']),
                     'locks_block': bool(options['locks_block']),
                     'pending_changes_block': bool(options['pending_changes_block']),
                     'drift_blocks': bool(options['drift_blocks']),
                     'preflight_skip': options['preflight_skip']},
        'preflight_checks': preflight.get('checks', {}),
        'drift_report': drift,
    }


def summary(report, report_file):
    """The lines the role prints for the pair."""
    if report['error']:
        verdict = 'COULD NOT BE CHECKED'
    else:
        verdict = 'HEALTHY' if report['healthy'] else 'UNHEALTHY'
    lines = ['health of %s: %s' % (report['pair'], verdict)]
    if report['error']:
        lines.append('could not check the pair: %s' % report['error'])
    if report['peers']:
        states = ', '.join('%s is %s' % (peer['label'], peer['state']) for peer in report['peers'].values())
        lines.append('peers: %s (%s); configuration %s' % (states, report['mode'] or 'HA mode unknown',
                                                           report['sync_state']))
    if report['key_expiry'] is not None:
        lines.append('master key: %s' % '; '.join('%s: %s' % item for item in report['key_expiry'].items()))
    lines.append('checks: %s' % ', '.join('%s %s' % (check, result['result'])
                                          for check, result in report['checks'].items()))
    for prefix, found in (('BLOCKER', report['blockers']), ('warning', report['warnings'])):
        for f in found:
            lines.append('%s %s (%s): %s' % (prefix, f['code'], f['peer'], f['message']))
            lines.append('  -> %s' % f['remedy'])
    lines.append('report: %s' % report_file)
    return lines


def _unique_codes(findings):
    return _unique(f['code'] for f in findings)


def record(report, pair_name, failure=None, report_file=None, check_mode=False):
    """The pair's record for the fleet report (hapair_panos_record, docs/runbook-health.md "Record"), on success and
    after a failure. report: the role's report, None when the run failed before it was built; failure: what the
    runbook's rescue remembered (task, msg), None when nothing failed; report_file: where the report was written,
    None when it was not. The gate on blockers failing is the result "blocked", not an error."""
    report = report or {}
    if report and report.get('error') is not None:
        error = report['error']
    elif failure and not str(failure.get('task') or '').endswith('Fail on blockers'):
        error = failure.get('msg') or 'failed'
    else:
        error = None
    blockers = [{'code': f['code'], 'peer': f['peer'], 'message': f['message']} for f in report.get('blockers', [])]
    if not report or error:
        result, verdict = 'failed', 'could not check the pair: %s' % (error or 'the health check did not run')
    elif blockers:
        result = 'blocked'
        verdict = 'UNHEALTHY, %d blocker(s): %s' % (len(blockers), ', '.join(_unique_codes(blockers)))
    else:
        result, verdict = 'ok', 'HEALTHY'
    warnings = report.get('warnings') or []
    if warnings:
        verdict += '; warnings: ' + ', '.join(_unique_codes(warnings))
    return {'runbook': 'health', 'pair': pair_name, 'result': result, 'changed': [], 'blockers': blockers,
            'error': error, 'check_mode': bool(check_mode), 'report': report_file or None,
            'active_peer': report.get('active_peer'), 'sync_state': report.get('sync_state'),
            'drift': report.get('drift'), 'key_expiry': report.get('key_expiry'), 'summary': verdict}


def stats(pair_record, report=None):
    """The pair's entry of the job statistics (set_stats key hapair_panos_health) from its record()."""
    keys = ('result', 'changed', 'blockers', 'error', 'check_mode', 'report', 'sync_state', 'key_expiry', 'drift')
    entry = dict((key, pair_record[key]) for key in keys)
    entry['warnings'] = [f['code'] for f in (report or {}).get('warnings') or []]
    return entry
