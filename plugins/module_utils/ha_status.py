# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Parse ``show high-availability all|state`` and judge the health of a pair.

Both commands share one skeleton on firewalls: ``result/enabled`` and
``result/group/{mode, local-info, peer-info, link-monitoring, path-monitoring,
running-sync, running-sync-enabled}``. Older releases nest the group as
``group/entry``; Panorama has no ``group`` at all. Fields absent from a reply
parse as None, so every parsed dict has the same keys.

Spellings by release (real samples, tests/real_samples/corpus): PAN-OS 10.x reports plugin compatibility as
leaves named after the plugin, without a ``-compat`` suffix (``<DLP>Match</DLP>``, ``<VMS>Match</VMS>``; on
Panorama ``<Cloud-Services>Compat Match</Cloud-Services>``), with the peer's plugin versions under the same
names in peer-info (``<VMS>2.1.4</VMS>``); monitoring says ``failure-condition`` and path-monitoring groups sit
under ``virtual-wire`` / ``vlan`` / ``virtual-router``, where 7.1/9.1 said ``fail-cond``, ``vwire`` and
``vrouter``. Both spellings are read. ``state-sync`` reads ``User-disabled`` when state sync is switched off.
"""

from __future__ import annotations

import re

from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import find_text, op_element, to_int, yes_no

SHOW_HA_ALL = op_element(['show', 'high-availability', 'all'])

ACTIVE_STATES = ('active', 'active-primary')
PASSIVE_STATES = ('passive', 'active-secondary')
# States in which a peer does not pass traffic and cannot take over.
DOWN_STATES = ('suspended', 'non-functional', 'initial', 'tentative', 'unknown')


def _strip_prefix(text):
    """'192.0.2.1/24' -> '192.0.2.1'; empty -> None."""
    if not text:
        return None
    return text.split('/', 1)[0].strip() or None


def _prefix_len(text):
    if not text or '/' not in text:
        return None
    return to_int(text.split('/', 1)[1])


def _int_or_text(text):
    """Priorities are numbers on firewalls, 'primary'/'secondary' on Panorama."""
    value = to_int(text)
    return text if value is None else value


# (result key, XML tag, converter) read from both local-info and peer-info.
_COMMON_FIELDS = (
    ('state', 'state', None),
    ('mode', 'mode', None),
    ('priority', 'priority', _int_or_text),
    ('preemptive', 'preemptive', yes_no),
    ('mgmt_ip', 'mgmt-ip', _strip_prefix),
    ('mgmt_ipv6', 'mgmt-ipv6', _strip_prefix),
    ('platform_model', 'platform-model', None),
    ('build_rel', 'build-rel', None),
    ('app_version', 'app-version', None),
    ('av_version', 'av-version', None),
    ('threat_version', 'threat-version', None),
    ('url_version', 'url-version', None),
    ('gpclient_version', 'gpclient-version', None),
    ('vpnclient_version', 'vpnclient-version', None),
    ('vm_license', 'vm-license', None),
    ('state_duration', 'state-duration', to_int),
    ('last_error_state', 'last-error-state', None),
    ('last_error_reason', 'last-error-reason', None),
    ('ha_version', 'version', to_int),
)

_LOCAL_FIELDS = _COMMON_FIELDS + (
    ('state_sync', 'state-sync', None),
    ('state_sync_type', 'state-sync-type', None),
    ('ha2_keep_alive', 'ha2-keep-alive', None),
    ('promotion_hold', 'promotion-hold', to_int),
    ('hello_interval', 'hello-interval', to_int),
    ('heartbeat_interval', 'heartbeat-interval', to_int),
    ('preempt_hold', 'preempt-hold', to_int),
    ('max_flaps', 'max-flaps', to_int),
    ('ha1_encrypt_enable', 'ha1-encrypt-enable', yes_no),
    ('mgmt_heartbeat', 'mgmt-hb', None),
    ('passive_link_state', 'active-passive/passive-link-state', None),
    ('ha1_gateway', 'ha1-gateway', None),
    ('iot_version', 'iot-version', None),
)

_PEER_FIELDS = _COMMON_FIELDS + (
    ('conn_status', 'conn-status', None),
    ('conn_down_reason', 'conn-down-reason', None),
    ('iot_version', 'iot-version', None),
)

# A compatibility verdict: 'Match', 'Mismatch', 'Compat Match' (REAL values); plugin leaves carry no -compat suffix.
_COMPAT_VALUE_RE = re.compile(r'^(compat\s+)?(match|mismatch)\b', re.I)
# state-sync values that mean "switched off by the administrator" (REAL: 'User-disabled', PA-VM 10.0.9).
STATE_SYNC_DISABLED_VALUES = ('User-disabled', 'Disabled')
# Path-monitoring group containers: 10.x spelling first, then the 7.1/9.1 one.
_PATH_GROUP_TAGS = (('virtual_wire', ('virtual-wire', 'vwire')), ('vlan', ('vlan',)),
                    ('virtual_router', ('virtual-router', 'vrouter')))

# HA interfaces: result key -> tag prefix (<prefix>-port, -ipaddr, -macaddr).
_HA_LINKS = (
    ('ha1', 'ha1'),
    ('ha1_backup', 'ha1-backup'),
    ('ha2', 'ha2'),
    ('ha2_backup', 'ha2-backup'),
)

# Peer connection status blocks: result key -> element (peer-info/<element>).
_PEER_CONNECTIONS = (
    ('ha1', 'conn-ha1'),
    ('ha1_backup', 'conn-ha1-backup'),
    ('ha2', 'conn-ha2'),
    ('ha2_backup', 'conn-ha2-backup'),
    ('mgmt', 'conn-mgmt'),
)

# How problems name a link.
_LINK_LABELS = {'ha1': 'HA1', 'ha1_backup': 'HA1-backup', 'ha2': 'HA2', 'ha2_backup': 'HA2-backup', 'mgmt': 'management heartbeat'}


def _read_fields(info, fields):
    parsed = {}
    for key, tag, convert in fields:
        text = find_text(info, tag)
        parsed[key] = convert(text) if convert else text
    return parsed


def _read_links(info):
    links = {}
    for key, prefix in _HA_LINKS:
        ipaddr = find_text(info, prefix + '-ipaddr')
        links[key] = {
            'port': find_text(info, prefix + '-port'),
            'ip': _strip_prefix(ipaddr),
            'prefix_len': _prefix_len(ipaddr),
            'mac': find_text(info, prefix + '-macaddr'),
        }
    return links


def _read_compat(info):
    """Every '<x>-compat' field as {'x': 'Match'|'Mismatch'|'Unknown'...} (keys snake_case)."""
    compat = {}
    if info is None:
        return compat
    for child in info:
        if child.tag.endswith('-compat'):
            compat[child.tag[:-len('-compat')].replace('-', '_')] = (child.text or '').strip() or None
    return compat


def _read_plugin_compat(info):
    """Plugin compatibility leaves of local-info ({'VMS': 'Match', 'DLP': 'Mismatch'}): named after the plugin,
    no -compat suffix, a compatibility verdict as value."""
    found = {}
    for child in (info if info is not None else ()):
        text = (child.text or '').strip()
        if len(child) == 0 and not child.tag.endswith('-compat') and _COMPAT_VALUE_RE.match(text):
            found[child.tag] = text
    return found


def compat_mismatch(value):
    """The one rule for a compatibility verdict: 'Mismatch' (any case, 'Compat Mismatch' too) is a mismatch."""
    return bool(value) and 'mismatch' in value.lower()


def _read_connections(info):
    connections = {}
    if info is None:
        return connections
    for key, tag in _PEER_CONNECTIONS:
        conn = info.find(tag)
        if conn is None:
            continue
        connections[key] = {
            'status': find_text(conn, 'conn-status'),
            'primary': yes_no(find_text(conn, 'conn-primary')),
            'description': find_text(conn, 'conn-desc'),
            'down_reason': find_text(conn, 'conn-down-reason'),
        }
    return connections


def _failure_condition(elem):
    return find_text(elem, 'failure-condition') or find_text(elem, 'fail-cond')


def _monitor_group(entry):
    return {
        'name': find_text(entry, 'name') or entry.get('name'),
        'enabled': yes_no(find_text(entry, 'enabled')),
        'fail_cond': _failure_condition(entry),
        'interfaces': [
            {'name': find_text(iface, 'name'), 'status': find_text(iface, 'status')}
            for iface in entry.findall('interface/entry')
        ],
    }


def _read_monitoring(group, tag):
    """link-monitoring / path-monitoring: enabled as configured, failure condition, groups.

    Path-monitoring groups are listed per kind (virtual_wire, vlan, virtual_router) and, flattened, in groups.
    """
    monitor = group.find(tag) if group is not None else None
    groups = [_monitor_group(entry) for entry in monitor.findall('groups/entry')] if monitor is not None else []
    parsed = {'enabled': yes_no(find_text(monitor, 'enabled')), 'fail_cond': _failure_condition(monitor)}
    if tag == 'path-monitoring':
        for key, spellings in _PATH_GROUP_TAGS:
            kind = next((monitor.find(name) for name in spellings if monitor is not None
                         and monitor.find(name) is not None), None)
            parsed[key] = [_monitor_group(entry) for entry in kind.findall('entry')] if kind is not None else []
            groups.extend(parsed[key])
    parsed['groups'] = groups
    return parsed


def _find_group(result):
    if result is None:
        return None
    group = result.find('group')
    if group is None:
        # Panorama: local-info/peer-info sit directly under result.
        return result
    if group.find('local-info') is None and group.find('entry') is not None:
        # Before PAN-OS 8.1 the group was group/entry[@name].
        return group.find('entry')
    return group


def parse_ha_state(response):
    """The <response> (or its <result>) of ``show high-availability all|state`` as a dict."""
    result = response.find('result') if response is not None and response.tag == 'response' else response
    group = _find_group(result)
    local_info = group.find('local-info') if group is not None else None
    peer_info = group.find('peer-info') if group is not None else None

    local = _read_fields(local_info, _LOCAL_FIELDS)
    local.update(_read_links(local_info))
    local['compat'] = _read_compat(local_info)
    local['plugin_compat'] = _read_plugin_compat(local_info)
    local['config_sync_enabled'] = yes_no(find_text(group, 'running-sync-enabled'))
    local['running_sync'] = find_text(group, 'running-sync')

    peer = _read_fields(peer_info, _PEER_FIELDS)
    peer.update(_read_links(peer_info))
    peer['connections'] = _read_connections(peer_info)
    # The peer's version of each plugin local-info judges (<VMS>2.1.4</VMS> in peer-info).
    peer['plugin_versions'] = {name: find_text(peer_info, name) for name in local['plugin_compat']
                               if find_text(peer_info, name) is not None}

    enabled = yes_no(find_text(result, 'enabled')) is True
    return {
        'enabled': enabled,
        'mode': find_text(group, 'mode') or local['mode'],
        'group_id': to_int(find_text(group, 'group-id') or find_text(group, 'id')),
        'local': local,
        'peer': peer,
        'link_monitoring': _read_monitoring(group, 'link-monitoring'),
        'path_monitoring': _read_monitoring(group, 'path-monitoring'),
    }


def role_of(state):
    """'active' for active/active-primary, 'passive' for passive/active-secondary, else None."""
    if state in ACTIVE_STATES:
        return 'active'
    if state in PASSIVE_STATES:
        return 'passive'
    return None


def describe_states(states):
    """{'a': 'active', 'b': 'passive'} -> 'a is active, b is passive'."""
    return ', '.join(f"{name} is {state or 'unknown'}" for name, state in sorted(states.items()))


def summarize_pair(local_ha, peer_ha=None, local_name='local', peer_name='peer', peer_error=None):
    """Judge a pair from the first peer's parsed state and (if it answered) the second's.

    Returns {active, passive, states, mode, synchronized, healthy, problems[]}.
    active/passive are peer names (active-primary/active-secondary in
    active/active), None when undetermined. problems are sentences for humans.
    """
    problems = []
    peer_state = peer_ha['local']['state'] if peer_ha else local_ha['peer']['state']
    states = {local_name: local_ha['local']['state'], peer_name: peer_state}

    if not local_ha['enabled']:
        problems.append(f'HA is not enabled on {local_name}')
    if peer_ha is not None and not peer_ha['enabled']:
        problems.append(f'HA is not enabled on {peer_name}')
    if peer_error:
        problems.append(f'{peer_name} is unreachable: {peer_error}')

    mode = local_ha['mode']
    if peer_ha is not None and peer_ha['enabled'] and local_ha['enabled'] and peer_ha['mode'] != mode:
        problems.append(f"HA mode differs: {local_name} is '{mode}', {peer_name} is '{peer_ha['mode']}'")

    active = [name for name, state in states.items() if state in ACTIVE_STATES]
    passive = [name for name, state in states.items() if state in PASSIVE_STATES]
    if local_ha['enabled']:
        _judge_roles(states, active, problems)
        _judge_links(local_ha, local_name, peer_name, problems)
        _judge_sync(local_ha, peer_ha, local_name, peer_name, problems)

    synchronized = bool(local_ha['enabled']) and local_ha['local']['running_sync'] == 'synchronized' and (
        peer_ha is None or peer_ha['local']['running_sync'] == 'synchronized')
    return {
        'active': active[0] if len(active) == 1 else None,
        'passive': passive[0] if len(passive) == 1 and len(active) <= 1 else None,
        'states': states,
        'mode': mode,
        'synchronized': synchronized,
        'healthy': not problems,
        'problems': problems,
    }


def _judge_roles(states, active, problems):
    listing = describe_states(states)
    if len(active) > 1:
        problems.append(f'both peers active (split brain): {listing}')
    elif not active:
        problems.append(f'no peer is active: {listing}')
    for name, state in sorted(states.items()):
        if state in DOWN_STATES:
            problems.append(f'{name} is {state}')


def _judge_links(local_ha, local_name, peer_name, problems):
    peer = local_ha['peer']
    if peer['conn_status'] and peer['conn_status'] != 'up':
        reason = peer['conn_down_reason']
        because = f' ({reason})' if reason else ''
        problems.append(f"{local_name} sees {peer_name} as {peer['conn_status']}{because}")
    for key, conn in sorted(peer['connections'].items()):
        if conn['status'] and conn['status'] != 'up':
            reason = conn['down_reason']
            because = f' ({reason})' if reason else ''
            problems.append(f'{_LINK_LABELS[key]} link down{because}')
    state_sync = local_ha['local']['state_sync']
    if state_sync in STATE_SYNC_DISABLED_VALUES:
        problems.append(f"state synchronization is disabled on {local_name} ('{state_sync}')")
    elif state_sync and state_sync != 'Complete':
        problems.append(f"state synchronization on {local_name} is '{state_sync}'")


def _judge_sync(local_ha, peer_ha, local_name, peer_name, problems):
    views = [(local_name, local_ha)] + ([(peer_name, peer_ha)] if peer_ha is not None and peer_ha['enabled'] else [])
    for name, ha in views:
        if ha['local']['config_sync_enabled'] is False:
            problems.append(f'configuration synchronization is disabled on {name}')
        elif ha['local']['running_sync'] and ha['local']['running_sync'] != 'synchronized':
            problems.append(f"running-sync is '{ha['local']['running_sync']}' on {name}")
    for name, ha in views:
        for field, value in sorted(ha['local']['compat'].items()):
            if compat_mismatch(value):
                problems.append(f"{field} compatibility is '{value}' on {name}")
        for plugin, value in sorted(ha['local']['plugin_compat'].items()):
            if compat_mismatch(value):
                theirs = ha['peer']['plugin_versions'].get(plugin)
                seen = f' (the peer runs {theirs})' if theirs else ''
                problems.append(f"plugin {plugin} compatibility is '{value}' on {name}{seen}")
