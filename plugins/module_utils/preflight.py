# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Why HA synchronization would not happen on a pair, checked before it matters (a change-window gate).

Read-only. Every check is a row of CHECKS (data, not an if-chain):

  code     the stable code of catalog.SYNC_BLOCKERS (severity and remedy come from the catalog, so the
           preflight report, job_info's failure reasons and docs/sync-catalog.md say the same thing);
  field    what is compared, as the evidence names it;
  value    how to get the value from a peer's readings (None = not reported by that peer);
  rule     SAME: the values of both peers must agree (one finding, peer 'pair');
           EACH: ``bad(value)`` on a peer is a finding for that peer.

A reading (READINGS: one op command or config read, parsed) is fetched at most once per peer and only when
a selected check needs it; both peers are read at the same time. ``show high-availability all`` comes from
pair discovery and is not read again. A peer that cannot be reached over the XML API is reported as the
blocker ``peer_unreachable``; the checks that needed its data say so (``passed: null``) instead of guessing.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.hapair.panos.plugins.module_utils import catalog
from ansible_collections.hapair.panos.plugins.module_utils import device_facts
from ansible_collections.hapair.panos.plugins.module_utils import master_key_info
from ansible_collections.hapair.panos.plugins.module_utils.errors import (
    AuthenticationFailed,
    ConnectionFailed,
    HapairError,
    InvalidInput,
    PreflightFailed,
)
from ansible_collections.hapair.panos.plugins.module_utils.ha_settings import read_switch as read_ha_switch
from ansible_collections.hapair.panos.plugins.module_utils.ha_state import compat_mismatch
from ansible_collections.hapair.panos.plugins.module_utils.jobs import find_jobs

SAME = 'same'
EACH = 'each'

# ---------------------------------------------------------------------------------------------- readings
# Every reading is parsed by device_facts (or master_key, ha_state, jobs): the same reader and the same rule as
# the drift report of peer_settings_info and the master_key_info module.


def _read_commits(device):
    return ['Commit %s (%s)' % (job['id'], job['status']) for job in find_jobs(device, types=('Commit',))
            if job['status'] != 'FIN']


def _read_locks(device):
    return device_facts.describe_foreign_locks(device)


# name -> callable(device) returning the parsed reading. 'ha' is filled from pair discovery.
READINGS = {
    'system': device_facts.read_system_info,
    'chassis': device_facts.read_chassis_ready,
    'licenses': device_facts.read_license_features,
    'plugins': device_facts.read_plugins,
    'jumbo': device_facts.read_jumbo_frame,
    'master_key': master_key_info.read_properties,
    'commits': _read_commits,
    'locks': _read_locks,
    'pending': device_facts.read_pending_changes,
    'state_sync': lambda d: read_ha_switch(d, 'state_sync'),
}

# Errors that mean the peer itself cannot be used (every later reading would fail the same way).
PEER_ERRORS = (ConnectionFailed, AuthenticationFailed)


class PeerReadings:
    """The readings of one peer, each fetched at most once, on first use."""

    def __init__(self, device, ha):
        self.device = device
        self.name = device.name
        self._cache = {'ha': ha}
        self._errors = {}
        self.unreachable = None  # the HapairError that made the peer unusable

    def get(self, reading):
        if reading in self._cache:
            return self._cache[reading]
        if self.unreachable is not None:
            raise self.unreachable
        if reading in self._errors:
            raise self._errors[reading]
        try:
            value = READINGS[reading](self.device)
        except PEER_ERRORS as exc:
            self.unreachable = exc
            raise
        except HapairError as exc:
            self._errors[reading] = exc
            raise
        self._cache[reading] = value
        return value

    # -- shortcuts for the HA checks: None when HA is not enabled on this peer (nothing to judge there)

    @property
    def ha(self):
        return self._cache['ha']

    def ha_enabled(self):
        return bool(self.ha.get('enabled'))

    def ha_local(self, key):
        return self.ha['local'].get(key) if self.ha_enabled() else None


# --------------------------------------------------------------------------------------- value functions

def _system(field):
    return lambda peer: peer.get('system')[field]


def _major_minor(version):
    return tuple(str(version).split('-', maxsplit=1)[0].split('.')[:2])


def _links(*keys):
    """The status of the HA connections ``keys`` this peer reports for its peer, e.g. {'ha1': 'up', ...}."""
    def value(peer):
        if not peer.ha_enabled():
            return None
        connections = peer.ha['peer'].get('connections') or {}
        status = {key: connections[key]['status'] for key in keys if key in connections and connections[key]['status']}
        if not status:
            # No per-link status: the peer connection as a whole (peer-info/conn-status).
            status = {'peer': peer.ha['peer'].get('conn_status') or 'unknown'}
        return status
    return value


def _plugins(peer):
    """What this peer says about plugins: the installed ones {name: version} (show system info plugin_versions,
    or show plugins packages before PAN-OS 10) and the HA verdict per plugin (10.x: local-info <VMS>Match</VMS>,
    with the peer's version in peer-info)."""
    system = peer.get('system')
    installed = system['plugins'] if system['plugins'] is not None else peer.get('plugins')
    ha = peer.ha if peer.ha_enabled() else {'local': {'plugin_compat': {}}, 'peer': {'plugin_versions': {}}}
    return {'installed': installed, 'compat': dict(ha['local'].get('plugin_compat') or {}),
            'peer_versions': dict(ha['peer'].get('plugin_versions') or {})}


def _plugin_compare(values):
    """plugin_mismatch: the installed plugins differ, or HA itself reports a plugin mismatch on either peer."""
    installed = _dicts(absent='not installed')({name: value['installed'] for name, value in values.items()})
    reported = ['%s reports %s %s (peer runs %s)' % (name, plugin, verdict, value['peer_versions'].get(plugin, '?'))
                for name, value in sorted(values.items())
                for plugin, verdict in sorted(value['compat'].items()) if compat_mismatch(verdict)]
    if installed is None and not reported:
        return None
    detail = '; '.join(([installed[0]] if installed else []) + reported)
    return detail, values


def _state_sync(peer):
    return peer.get('state_sync') if peer.ha_enabled() else None


def _none_up(status):
    return 'up' not in status.values()


# --------------------------------------------------------------------------------------- compare functions
# A SAME rule's compare(values: {peer: value}) returns None when the peers agree, else (detail, shown values).

def _equal(key=None):
    def compare(values):
        keys = {name: (key(value) if key else value) for name, value in values.items()}
        if len(set(map(repr, keys.values()))) <= 1:
            return None
        return ', '.join('%s %s' % (name, value) for name, value in values.items()), values
    return compare


def _sets(values):
    """Lists compared as sets; the evidence shows what only each peer has."""
    sets = {name: set(value) for name, value in values.items()}
    if len(set(map(frozenset, sets.values()))) <= 1:
        return None
    common = set.intersection(*sets.values())
    only_here = {name: sorted(s - common) for name, s in sets.items()}
    detail = '; '.join('only on %s: %s' % (name, ', '.join(items) or 'nothing') for name, items in only_here.items())
    return detail, {name: {'all': sorted(s), 'only_here': only_here[name]} for name, s in sets.items()}


def _dicts(default=None, absent=None):
    """{name: value} compared key by key (a missing key counts as ``default``, shown as ``absent`` in the message);
    the evidence shows the differing keys only."""
    def compare(values):
        keys = sorted(set().union(*[set(v) for v in values.values()]))
        differing = [k for k in keys if len({repr(v.get(k, default)) for v in values.values()}) > 1]
        if not differing:
            return None
        shown = {name: {k: value.get(k, default) for k in differing} for name, value in values.items()}
        detail = '; '.join('%s: %s' % (k, ', '.join('%s %s' % (name, absent if shown[name][k] is None else shown[name][k])
                                                    for name in shown))
                           for k in differing)
        return detail, shown
    return compare


MASTER_KEY_FIELDS = ('expire_at', 'on_hsm')


def _master_key_compare(values):
    """The key itself cannot be read: keys set at different times, or on an HSM on one peer only, differ.

    master_key_info.compare allows 24 hours between expiry times (peers re-keyed in one window agree)."""
    agree, differences = master_key_info.compare(values)
    relevant = [d for d in differences if d['field'] in MASTER_KEY_FIELDS]
    if agree or not relevant:
        return None
    shown = {name: {field: props[field] for field in MASTER_KEY_FIELDS} for name, props in values.items()}
    return '; '.join(d['message'] for d in relevant), shown


# -------------------------------------------------------------------------------------------- the table

def _same(code, problem, field, value, compare=None):
    return {'code': code, 'problem': problem, 'field': field, 'value': value, 'rule': SAME,
            'compare': compare or _equal(), 'bad': None}


def _each(code, problem, field, value, bad):
    return {'code': code, 'problem': problem, 'field': field, 'value': value, 'rule': EACH, 'compare': None, 'bad': bad}


_HA_ALL = 'show high-availability all: '
SYNC_IN_PROGRESS = 'synchronization in progress'  # a running-sync value (reference/panos-xml/client_expectations.md)
_INFO = 'show system info: '

# Table order = report order: the pair itself, its links and sync switches, what must match, then the
# transient state of each peer (jobs, locks, pending changes).
CHECKS = (
    _each('ha_disabled', 'HA is not enabled', _HA_ALL + 'enabled', lambda p: p.ha_enabled(), lambda v: v is False),
    _each('ha1_down', 'no HA1 connection to the peer is up (configuration syncs over HA1)',
          _HA_ALL + 'peer-info/conn-ha1, conn-ha1-backup', _links('ha1', 'ha1_backup'), _none_up),
    _each('config_sync_disabled', 'configuration synchronization is disabled', _HA_ALL + 'group/running-sync-enabled',
          lambda p: p.ha_local('config_sync_enabled'), lambda v: v is False),
    _each('config_not_synchronized', 'the configurations are not synchronized (a commit will not sync by itself)',
          _HA_ALL + 'group/running-sync', lambda p: p.ha_local('running_sync'),
          lambda v: v not in ('synchronized', SYNC_IN_PROGRESS)),
    # A sync that is running is not (yet) a pair that drifted apart: its own code says "wait", not "push".
    _each('sync_in_progress', 'an HA-Sync job is running (the peers are being synchronized)',
          _HA_ALL + 'group/running-sync', lambda p: p.ha_local('running_sync'), lambda v: v == SYNC_IN_PROGRESS),
    _each('ha2_down', 'no HA2 connection to the peer is up (sessions do not sync)',
          _HA_ALL + 'peer-info/conn-ha2, conn-ha2-backup', _links('ha2', 'ha2_backup'), _none_up),
    _each('state_sync_disabled', 'state (session) synchronization is disabled',
          'running config: high-availability/group/state-synchronization/enabled', _state_sync, lambda v: v is False),
    _same('version_incompatible', 'the PAN-OS versions are incompatible (major.minor differs)',
          _INFO + 'sw-version (major.minor must match)', _system('sw_version'), _equal(key=_major_minor)),
    _same('multi_vsys_mismatch', 'Multi Virtual System Capability is enabled on one peer only', _INFO + 'multi-vsys',
          _system('multi_vsys')),
    _same('gtp_mismatch', 'GTP is enabled on one peer only', _INFO + 'gtp', _system('gtp')),
    _same('sctp_mismatch', 'SCTP is enabled on one peer only', _INFO + 'sctp', _system('sctp')),
    _same('vpn_mismatch', 'VPN is enabled on one peer only (vpn-disable-mode)', _INFO + 'vpn-disable-mode',
          _system('vpn_disable_mode')),
    _same('features_mismatch', 'the peers do not have the same features enabled',
          _INFO + 'on/off feature flags (e.g. advanced-routing)', _system('flags'), _dicts(default='off')),
    _each('dataplane_not_ready', 'the dataplane or slots are not ready', 'show chassis-ready',
          lambda p: p.get('chassis'), lambda v: v is not True),
    _same('url_db_incompatible', 'the URL filtering databases are incompatible',
          _INFO + 'url-db (URL filtering database vendor)', _system('url_db')),
    _same('license_mismatch', 'the licenses are not the same',
          'request license info: features of the licenses not expired', lambda p: p.get('licenses'), _sets),
    _same('plugin_mismatch', 'the installed plugins differ (this might, not always, prevent config sync)',
          _INFO + 'plugin_versions (or show plugins packages): installed plugins and versions; '
          + _HA_ALL + 'local-info/<PLUGIN> compatibility and peer-info/<PLUGIN> version', _plugins, _plugin_compare),
    _same('jumbo_frame_mismatch',
          "jumbo frames are enabled on one peer only: the receiving peer's HA-Sync job fails (\"device is not in "
          "jumbo-frame mode but interface ... mtu is greater than 1500\") as soon as an interface MTU above 1500 "
          'syncs to the peer without jumbo frames',
          'show system setting jumbo-frame', lambda p: p.get('jumbo')),
    _same('master_key_mismatch',
          'the master keys differ (set at different times, or on an HSM on one peer only), so the peer cannot '
          'decrypt the synced configuration', 'show system masterkey-properties: expire-at, on-hsm',
          lambda p: p.get('master_key'), _master_key_compare),
    _each('commit_pending', 'commits are queued or running (only committed configuration syncs)',
          'show jobs all: Commit jobs not finished', lambda p: p.get('commits'), bool),
    _each('config_locked', 'another administrator holds a config or commit lock',
          'show config-locks, show commit-locks: locks of other administrators', lambda p: p.get('locks'), bool),
    _each('uncommitted_changes', 'the candidate configuration has uncommitted changes', 'check pending-changes',
          lambda p: p.get('pending'), lambda v: v is True),
)

CHECKS_BY_CODE = {check['code']: check for check in CHECKS}
CODES = tuple(CHECKS_BY_CODE)

# Findings that are about preflight itself, not a reason sync would not happen (catalog/blockers.py).
PREFLIGHT_FINDINGS = catalog.PREFLIGHT_FINDINGS


def describe(code):
    """{severity, text, remediation} of a finding code (a check of CHECKS or a PREFLIGHT_FINDINGS code)."""
    if code in PREFLIGHT_FINDINGS:
        return PREFLIGHT_FINDINGS[code]
    return catalog.get_blocker(code)


def select_checks(checks=None, skip=None):
    """The codes to run, in table order. Unknown names are refused before any request is sent."""
    for option, names in (('checks', checks), ('skip', skip)):
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
SYNC_FOLLOWS_REMEDY = (' A config sync follows this check: it would discard those uncommitted changes and ignore the '
                       'lock, so this is a blocker; the sync modules refuse it too unless overwrite_peer_changes=true.')


def _sync_follows(finding):
    if finding['code'] in SYNC_FOLLOWS_BLOCKERS:
        finding = dict(finding, severity='blocker', remedy=finding['remedy'] + SYNC_FOLLOWS_REMEDY)
    return finding


def run(pair, codes, sync_follows=False):
    """Evaluate ``codes`` (from select_checks) on a discovered Pair. Returns the report (no 'changed').

    sync_follows: a config sync follows (SYNC_FOLLOWS_BLOCKERS become blockers)."""
    peers = [PeerReadings(device, pair.ha[device.name]) for device in pair.devices]
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
        findings = [_sync_follows(f) for f in findings]
        for code in SYNC_FOLLOWS_BLOCKERS:
            if code in checks:
                checks[code]['severity'] = 'blocker'
    findings.sort(key=lambda f: _finding_order(f, expected))
    blockers = [f for f in findings if f['severity'] == 'blocker']
    warnings = [f for f in findings if f['severity'] == 'warning']
    summary = dict(pair.summary or {})
    summary.update({
        'peers': expected,
        # Host names as read by the checks that needed show system info (no extra request for them).
        'hostnames': {peer.name: (peer._cache.get('system') or {}).get('hostname') for peer in peers},
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


def preflight(pair, checks=None, skip=None, fail_on_blockers=False, sync_follows=False):
    """The module's work: validate the selection (before any request), discover the pair, check, gate."""
    codes = select_checks(checks, skip)
    report = run(pair.discover(), codes, sync_follows=sync_follows)
    report['changed'] = False
    if fail_on_blockers and report['blockers']:
        raise PreflightFailed(report)
    return report
