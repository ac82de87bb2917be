# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The preflight checks as a table: per check its code, what it reads from each peer (readings.PeerReadings) and
the rule that makes it a finding (the same value on both peers, or a bad value on either). The codes, texts and
remedies are the catalog's blockers (catalog_tables/blockers.py); docs/runbook-preflight.md is rendered from this
table (tools/gen_preflight_doc.py)."""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils import catalog
from ansible_collections.hapair.panos.plugins.module_utils import master_key_info
from ansible_collections.hapair.panos.plugins.module_utils.ha_status import compat_mismatch

SAME = 'same'
EACH = 'each'


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
    installed = peer.plugins()
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
