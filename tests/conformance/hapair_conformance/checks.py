# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the collection relies on in each reader's result: the keys its modules read (dotted paths as in
tests/real_samples/corpus.py; ``x.*`` = every item of list x), and the values that must be known on a healthy
lab pair. A key must be *present* (its value may be None where the device legitimately reports nothing, e.g.
expire_at of a default master key); KNOWN lists the ones that must also have a value."""

from __future__ import annotations

HA_KEYS = ('enabled', 'mode', 'local.state', 'local.mode', 'local.priority', 'local.mgmt_ip', 'local.build_rel',
           'local.platform_model', 'local.app_version', 'local.av_version', 'local.threat_version', 'local.compat',
           'local.plugin_compat', 'local.config_sync_enabled', 'local.running_sync', 'local.state_sync',
           'local.ha1', 'local.ha2', 'peer.state', 'peer.mgmt_ip', 'peer.mgmt_ipv6', 'peer.conn_status',
           'peer.connections', 'peer.build_rel', 'peer.plugin_versions', 'link_monitoring', 'path_monitoring')
JOB_KEYS = ('id', 'type', 'status', 'result', 'progress', 'tenq', 'tfin', 'details', 'warnings', 'finished')
LOCK_KEYS = ('admin', 'scope', 'type', 'created', 'last_activity', 'loggedin', 'comment')

REQUIRED = {
    'ha_state': HA_KEYS,
    'ha_state_state': HA_KEYS,
    'system_info': ('hostname', 'ip_address', 'serial', 'model', 'sw_version', 'multi_vsys', 'vpn_disable_mode',
                    'url_db', 'global_protect_client_package_version', 'app_version', 'threat_version',
                    'av_version', 'wildfire_version', 'url_filtering_version', 'flags', 'plugins'),
    'licenses': ('licenses', 'licenses.*.feature', 'licenses.*.expires', 'licenses.*.expired', 'active_features'),
    'plugins': (),
    'jumbo_frame': (),
    'chassis_ready': (),
    'pending_changes': (),
    'config_locks': tuple('*.' + key for key in LOCK_KEYS),
    'commit_locks': tuple('*.' + key for key in LOCK_KEYS),
    'master_key_properties': ('expire_at', 'remind_at', 'seconds_to_expiry', 'reminder_lead_seconds',
                              'seconds_to_reminder', 'days_to_expiry', 'expired', 'reminder_passed', 'on_hsm',
                              'auto_renew', 'default_key', 'raw', 'raw.on-hsm'),
    'jobs_all': tuple('*.' + key for key in JOB_KEYS),
    'job': ('found',),
    'clock': ('clock',),
    'keygen': ('key_starts',),
    'config_get': ('found', 'children'),
    'config_show': ('found', 'children'),
}

# Values that must be known (not None) on a reachable, HA-enabled lab pair.
KNOWN = {
    'ha_state': ('enabled', 'mode', 'local.state', 'peer.state', 'local.running_sync', 'local.config_sync_enabled'),
    'ha_state_state': ('enabled', 'mode', 'local.state', 'peer.state'),
    'system_info': ('hostname', 'serial', 'model', 'sw_version', 'multi_vsys'),
    'jumbo_frame': ('',),
    'chassis_ready': ('',),
    'pending_changes': ('',),
    'clock': ('clock',),
    'keygen': ('key_starts',),
    'master_key_properties': ('on_hsm', 'expired', 'default_key'),
}

# The result's own type.
TYPES = {'plugins': dict, 'config_locks': list, 'commit_locks': list, 'jobs_all': list, 'pending_changes': bool,
         'chassis_ready': bool, 'jumbo_frame': str}


def _walk(value, steps, path, problems, require_value):
    if not steps:
        if require_value and value is None:
            problems.append('%s: no value' % (path or 'result'))
        return
    step, rest = steps[0], steps[1:]
    here = '%s.%s' % (path, step) if path else step
    if step == '*':
        if not isinstance(value, list):
            problems.append('%s: not a list (%r)' % (path or 'result', type(value).__name__))
            return
        for index, item in enumerate(value):
            _walk(item, rest, '%s.%d' % (path, index) if path else str(index), problems, require_value)
        return
    if isinstance(value, dict):
        if step not in value:
            problems.append('%s: missing (has %s)' % (here, ', '.join(sorted(map(str, value))) or 'nothing'))
            return
        _walk(value[step], rest, here, problems, require_value)
        return
    if value is None and not require_value:
        return   # an absent sub-structure (e.g. no HA1 link block) is the device's answer, not a missing key
    problems.append('%s: %r is not a mapping' % (here, type(value).__name__))


def problems(name, result):
    """Why a reader's result is not what the collection relies on (empty list: fine)."""
    if isinstance(result, dict) and 'error' in result and set(result) >= {'error', 'message'}:
        return ['the reader failed: %s (%s): %s' % (result.get('error'), result.get('reason'), result.get('message'))]
    found = []
    wanted = TYPES.get(name)
    if wanted is not None and not isinstance(result, wanted):
        found.append('result is %s, expected %s: %r' % (type(result).__name__, wanted.__name__, result))
        return found
    for key in REQUIRED.get(name, ()):
        _walk(result, [s for s in key.split('.') if s], '', found, False)
    for key in KNOWN.get(name, ()):
        _walk(result, [s for s in key.split('.') if s], '', found, True)
    return found
