# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Why HA synchronization would not happen on a pair, checked before it matters (a change-window gate).

Read-only. Every check is a row of CHECKS (data, not an if-chain):

  code     the stable code of catalog.SYNC_BLOCKERS (severity and remedy come from the catalog, so the
           preflight report, job_info's failure reasons and docs/sync-catalog.md say the same thing);
  field    what is compared, as the evidence names it;
  value    how to get the value from a peer's readings (None = not reported by that peer);
  rule     SAME: the values of both peers must agree (one finding, peer 'pair');
           EACH: ``bad(value)`` on a peer is a finding for that peer.

A reading (readings.READINGS: one op command or config read, parsed) is fetched at most once per peer and only
when a selected check needs it; both peers are read at the same time. With peer_settings=true, peer_settings_info's
drift report is built afterwards from the same readings (peer_settings()). ``show high-availability all`` comes from
pair discovery and is not read again. A peer that cannot be reached over the XML API is reported as the
blocker ``peer_unreachable``; the checks that needed its data say so (``passed: null``) instead of guessing.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.hapair.panos.plugins.module_utils import peer_settings_info
from ansible_collections.hapair.panos.plugins.module_utils.errors import HapairError, InvalidInput, PreflightFailed
from ansible_collections.hapair.panos.plugins.module_utils.preflight_checks import CHECKS_BY_CODE, CODES, EACH, describe
from ansible_collections.hapair.panos.plugins.module_utils.readings import PEER_ERRORS, PeerReadings
from ansible_collections.hapair.panos.plugins.module_utils.task import Plan, Task


def select_checks(checks=None, skip=None, treat_as_blockers=None):
    """The codes to run, in table order. Unknown names are refused before any request is sent."""
    for option, names in (('checks', checks), ('skip', skip), ('treat_as_blockers', treat_as_blockers)):
        unknown = [name for name in (names or ()) if name not in CHECKS_BY_CODE]
        if unknown:
            raise InvalidInput('%s: unknown check(s) %s' % (option, ', '.join(unknown)), option=option,
                               remedy='Use the codes of docs/runbook-preflight.md: %s.' % ', '.join(CODES))
    wanted = set(checks) if checks else set(CODES)
    selected = [code for code in CODES if code in wanted and code not in set(skip or ())]
    if not selected:
        raise InvalidInput('No check left to run: checks minus skip is empty', option='skip')
    return selected


# ------------------------------------------------------------------------------------------- evaluation

def _values_of(peer, codes):
    """{code: ('ok', value) | ('error', HapairError)} for one peer, reading what the checks need."""
    out = {}
    for code in codes:
        try:
            out[code] = ('ok', CHECKS_BY_CODE[code]['value'](peer))
        except HapairError as exc:
            out[code] = ('error', exc)
    return out


def _finding(code, peer, evidence, message, check=None):
    info = describe(code)
    finding = {'code': code, 'severity': info['severity'], 'peer': peer, 'message': message, 'evidence': evidence,
               'remedy': info['remediation']}
    if check is not None:
        finding['check'] = check
    return finding


def _error_text(exc):
    return exc.msg if isinstance(exc, HapairError) else str(exc)


def _evaluate(check, expected, values, errors):
    """(result, findings) of one check from the values each peer gave."""
    code = check['code']
    evaluated = [name for name in expected if values.get(name) is not None]
    not_done = [name for name in expected if name not in evaluated]
    result = {'passed': None, 'severity': describe(code)['severity'], 'field': check['field'],
              'evaluated_on': evaluated, 'failed_on': [], 'error': None}
    findings = []
    if check['rule'] == EACH:
        for name in evaluated:
            if check['bad'](values[name]):
                result['failed_on'].append(name)
                shown = '' if isinstance(values[name], bool) else ': ' + _show(values[name])
                findings.append(_finding(code, name, {'field': check['field'], 'values': dict(values)},
                                         '%s on %s%s' % (check['problem'], name, shown)))
        if result['failed_on']:
            result['passed'] = False
        elif not not_done:
            result['passed'] = True
    elif not not_done:
        compared = check['compare']({name: values[name] for name in evaluated})
        result['passed'] = compared is None
        if compared is not None:
            detail, shown = compared
            result['failed_on'] = ['pair']
            findings.append(_finding(code, 'pair', {'field': check['field'], 'values': shown},
                                     '%s: %s' % (check['problem'], detail)))
    if result['passed'] is None:
        reasons = []
        for name in not_done:
            if name in errors:
                reasons.append('%s: %s' % (name, _error_text(errors[name])))
            elif name in values:
                reasons.append('%s: not reported (HA not enabled there, or the field is absent)' % name)
            else:
                reasons.append('%s: not reachable' % name)
        result['error'] = '; '.join(reasons) or None
    return result, findings


def _show(value):
    if isinstance(value, dict):
        return ', '.join('%s %s' % item for item in value.items())
    if isinstance(value, (list, tuple)):
        return ', '.join(str(v) for v in value)
    return str(value)


# With a config sync to follow, what it would destroy or ignore on a receiving peer blocks it (issue: a sync replaces
# the receiver's candidate, discarding every uncommitted change, and takes no notice of locks).
SYNC_FOLLOWS_BLOCKERS = ('uncommitted_changes', 'config_locked')
TREATED_AS_BLOCKER_REMEDY = ' This run treats it as a blocker (treat_as_blockers).'
SYNC_FOLLOWS_REMEDY = (' A config sync follows this check: it would discard those uncommitted changes and ignore the '
                       'lock, so this is a blocker; the sync modules refuse it too unless overwrite_peer_changes=true.')


def _as_blockers(findings, checks, codes, remedy):
    """The findings of these check codes, and the checks themselves, become blockers; each finding's remedy then
    says why (remedy is appended). Returns the findings; checks is updated in place."""
    codes = set(codes)
    for code in codes & set(checks):
        checks[code]['severity'] = 'blocker'
    return [dict(f, severity='blocker', remedy=f['remedy'] + remedy) if f['code'] in codes else f for f in findings]


def peer_readings(pair):
    """A PeerReadings per peer that answered discovery, its HA state from discovery."""
    return [PeerReadings(device, pair.ha[device.name]) for device in pair.devices]


def run_checks(pair, codes, sync_follows=False, peers=None, treat_as_blockers=()):
    """Evaluate ``codes`` (from select_checks) on a discovered Pair. Returns the report (no 'changed').

    sync_follows: a config sync follows (SYNC_FOLLOWS_BLOCKERS become blockers); peers: peer_readings(pair), to
    read more from the same readings afterwards (peer_settings); treat_as_blockers: check codes whose warnings are
    blockers for this run (the caller's own reasons, e.g. a rotation that commits refuses a queued commit)."""
    peers = peers if peers is not None else peer_readings(pair)
    expected = [peer.name for peer in peers]
    findings = []
    unread = [(d.name, pair.error_of(d)) for d in (pair.first, pair.second) if pair.error_of(d) is not None]
    if pair.second is None and pair.peer_error is not None:
        unread.append(('peer', pair.peer_error))
    for name, exc in unread:
        expected.append(name)
        error = _error_text(exc)
        findings.append(_finding('peer_unreachable', name, {'field': 'XML API', 'values': {name: error}},
                                 '%s could not be read: %s' % ('the other peer' if name == 'peer' else name, error)))

    with ThreadPoolExecutor(max_workers=max(1, len(peers))) as pool:
        per_peer = {peer.name: values for peer, values in
                    zip(peers, pool.map(lambda peer: _values_of(peer, codes), peers), strict=True)}

    for peer in peers:
        if peer.unreachable is not None:
            error = _error_text(peer.unreachable)
            findings.append(_finding('peer_unreachable', peer.name, {'field': 'XML API', 'values': {peer.name: error}},
                                     '%s stopped answering: %s' % (peer.name, error)))

    checks = {}
    for code in codes:
        check = CHECKS_BY_CODE[code]
        values, errors = {}, {}
        for name, got in per_peer.items():
            status, value = got[code]
            (values if status == 'ok' else errors)[name] = value
        for name, exc in errors.items():
            if not isinstance(exc, PEER_ERRORS):
                error = _error_text(exc)
                findings.append(_finding('not_evaluated', name, {'field': check['field'], 'values': {name: error}},
                                         '%s could not be checked on %s: %s' % (code, name, error), check=code))
        checks[code], found = _evaluate(check, expected, values, errors)
        findings.extend(found)

    if sync_follows:
        findings = _as_blockers(findings, checks, SYNC_FOLLOWS_BLOCKERS, SYNC_FOLLOWS_REMEDY)
    # Only the checks that are warnings here: a blocker already (by the catalog, or as sync_follows made it) keeps its
    # own remedy. A check's findings have the check's severity.
    warnings_named = [code for code in treat_as_blockers or () if code in checks and checks[code]['severity'] == 'warning']
    findings = _as_blockers(findings, checks, warnings_named, TREATED_AS_BLOCKER_REMEDY)
    findings.sort(key=lambda f: _finding_order(f, expected))
    blockers = [f for f in findings if f['severity'] == 'blocker']
    warnings = [f for f in findings if f['severity'] == 'warning']
    summary = dict(pair.summary or {})
    summary.update({
        'peers': expected,
        # Host names as read by the checks that needed show system info (no extra request for them).
        'hostnames': {peer.name: (peer.cached('system') or {}).get('hostname') for peer in peers},
        'unreachable': [name for name in expected if any(f['code'] == 'peer_unreachable' and f['peer'] == name
                                                         for f in findings)],
        'ready': not blockers,
        'blocker_codes': sorted({f['code'] for f in blockers}),
        'warning_codes': sorted({f['code'] for f in warnings}),
    })
    # 'warnings' is reserved in module results (Ansible's own list of warning texts), hence warning_findings.
    return {'ready': not blockers, 'blockers': blockers, 'warning_findings': warnings, 'checks': checks,
            'pair': summary}


_ORDER = {code: index for index, code in enumerate(('peer_unreachable',) + CODES)}


def _finding_order(finding, expected):
    """Table order of the check, then 'pair' before the peers in pair order."""
    peer = finding['peer']
    position = -1 if peer == 'pair' else (expected.index(peer) if peer in expected else len(expected))
    return (_ORDER.get(finding.get('check', finding['code']), len(_ORDER)), position)


def peer_settings(pair, report, peers, vsys):
    """peer_settings_info's report (mode, conditions, peers, items, drift), read in this module run with the readings
    the checks made (each op command once per peer; the health check's one module run). Or why it is not there:
    {'skipped': True, 'msg'} when a peer could not be read (reading it again would wait for the same timeout),
    {'failed': True, 'msg', 'error', 'reason', ...} when the settings could not be read (Refused: HA not enabled, for
    example). The preflight's own result stands either way."""
    if report['pair']['unreachable']:
        return {'skipped': True, 'msg': 'not read: %s could not be read' % ', '.join(report['pair']['unreachable'])}
    try:
        settings = peer_settings_info.report(pair, vsys, readings={peer.name: peer for peer in peers})
    except HapairError as exc:
        return dict(exc.to_fail_kwargs(), failed=True)
    settings.pop('changed', None)
    return settings


class Preflight(Task):
    """The preflight module: read-only (its plan never has changes). The selection of checks is validated before the
    first request; with fail_on_blockers a blocker fails the task with the whole report. peer_settings=true adds
    peer_settings_info's report under peer_settings (see peer_settings())."""

    def __init__(self, params, warn=None):
        super().__init__(params, warn)
        self.codes = select_checks(params['checks'], params['skip'], params.get('treat_as_blockers'))

    def plan(self, pair):
        peers = peer_readings(pair)
        report = run_checks(pair, self.codes, sync_follows=self.params['sync_follows'], peers=peers,
                            treat_as_blockers=self.params.get('treat_as_blockers') or ())
        if self.params['peer_settings']:
            report['peer_settings'] = peer_settings(pair, report, peers, self.params['vsys'])
        return Plan(facts={'report': report})

    def result(self, plan, applied, verified, check_mode):
        report = plan.facts['report']
        if self.params['fail_on_blockers'] and report['blockers']:
            raise PreflightFailed(dict(report, changed=False))
        return report
