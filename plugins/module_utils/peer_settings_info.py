# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Read the settings that do not sync from both peers and say where they drifted (hapair.panos.peer_settings_info).

What is read, per peer: the running configuration of every catalog item that does not sync in the pair's
mode and conditions (typed options of peer_settings where there is one, the catalog XPaths otherwise),
``show system info``, ``request license info``, ``show plugins packages``, ``show system
masterkey-properties`` and ``show system setting jumbo-frame``. Everything is split into *units* (one
setting, or one entry of a list) and grouped by catalog item and part.

The drift report applies each group's relationship (the catalog's):
  must_match   a unit whose values differ between the peers      -> drift.must_match[] (one per group)
  must_differ  a unit set on both peers to the same value         -> drift.must_differ[] (one per unit)
  may_differ   a unit whose values differ                         -> drift.differs[] (information)
``drift.ok`` is true when must_match and must_differ are empty. Units empty on both peers never count.

Beyond the catalog items, installed plugins are compared as must_match (catalog blocker ``plugin_mismatch``).
Every op reading comes from device_facts / master_key through readings.PeerReadings, the readings preflight uses,
with the same rules (licences not expired, plugins installed, master-key times within master_key.times_agree's
tolerance).
"""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils import catalog
from ansible_collections.hapair.panos.plugins.module_utils import master_key_info as master_key
from ansible_collections.hapair.panos.plugins.module_utils.configview import ConfigView, label
from ansible_collections.hapair.panos.plugins.module_utils.ha_mode import read_conditions, read_mode
from ansible_collections.hapair.panos.plugins.module_utils.readings import PeerReadings
from ansible_collections.hapair.panos.plugins.module_utils.settings.catalog_bridge import catalog_entries
from ansible_collections.hapair.panos.plugins.module_utils.settings.masking import ENCRYPTED_PREFIX
from ansible_collections.hapair.panos.plugins.module_utils.settings.options import OPTIONS
from ansible_collections.hapair.panos.plugins.module_utils.redaction import SECRET_MASK, SECRET_TAG_RE
from ansible_collections.hapair.panos.plugins.module_utils.task import Plan, Task

CONTENT_VERSIONS = ('app_version', 'threat_version', 'av_version', 'wildfire_version', 'url_filtering_version')

# Extra must_match comparison beyond the catalog items (a documented sync blocker).
PLUGINS_ITEM = {'key': 'plugins', 'title': 'Plugins', 'relationship': 'must_match', 'kind': 'op_state',
                'source': 'catalog blocker plugin_mismatch (show system info plugin_versions, or show plugins packages)'}


# ---------------------------------------------------------------------------------- op reads

def read_ops(device, readings=None):
    """The op-command facts drift needs from one device, read and judged by the readers preflight uses.

    readings: the device's readings.PeerReadings when a preflight in the same module run has read some of them
    already (preflight peer_settings=true); each command is then sent once."""
    readings = readings if readings is not None else PeerReadings(device)
    system = readings.get('system')
    ops = {key: system[key] for key in ('hostname', 'ip_address', 'serial', 'model', 'sw_version', 'multi_vsys',
                                        'global_protect_client_package_version') + CONTENT_VERSIONS}
    ops.update({
        'features': readings.get('licenses'),
        'plugins': sorted('%s %s' % item for item in readings.plugins().items()),
        'master_key': readings.get('master_key'),
        'jumbo_frame_mode': readings.get('jumbo'),
    })
    return ops


def _op_units(key, ops):
    """Units of an op_state item (or the op read-back of a config item)."""
    def unit(name, value):
        return {'where': name, 'value': value, 'shown': value}
    mk = ops['master_key']
    table = {
        'multi_vsys': [unit('multi_vsys', ops['multi_vsys'])],
        'software_updates': [unit('sw_version', ops['sw_version'])],
        'globalprotect_agent': [unit('global_protect_client_package_version',
                                     ops['global_protect_client_package_version'])],
        'content_updates': [unit(name, ops[name]) for name in CONTENT_VERSIONS],
        'licenses': [unit('features', ops['features'])],
        'master_key': [unit('master_key.expire_at', mk['expire_at']), unit('master_key.remind_at', mk['remind_at']),
                       unit('master_key.on_hsm', mk['on_hsm']), unit('master_key.auto_renew', mk['auto_renew'])],
        'master_key_hsm': [unit('master_key.on_hsm', mk['on_hsm'])],
        'jumbo_frames': [unit('jumbo_frame_mode', ops['jumbo_frame_mode'])],
        'plugins': [unit('plugins', ops['plugins'])],
    }
    return table.get(key, [])


# ---------------------------------------------------------------------------------- config reads

def xml_value(elem, masked=True):
    """An element as plain data: text for leaves, {name: ...} for entries, lists for members; secrets masked
    (masked=False: for comparing; never returned)."""
    if elem is None:
        return None
    children = list(elem)
    if not children:
        text = (elem.text or '').strip()
        if masked and text and (SECRET_TAG_RE.search(elem.tag) or text.startswith(ENCRYPTED_PREFIX)):
            return SECRET_MASK
        return text or None
    out = {}
    for child in children:
        value = xml_value(child, masked)
        if child.tag == 'member':
            out.setdefault('member', []).append(value)
        elif child.get('name') is not None:
            out.setdefault(child.tag, {})[child.get('name')] = value
        else:
            out[child.tag] = value
    return out


def _expand_vsys(xpath, vsys):
    steps = tuple(xpath.split('/'))
    if steps[0] == 'vsys' and len(steps) > 1 and steps[1] == 'entry':
        return [('vsys', ('entry', name)) + steps[2:] for name in vsys]
    return [steps]


def _generic_units(xpaths, view, vsys):
    out = []
    for xpath in xpaths:
        for steps in _expand_vsys(xpath, vsys):
            steps = tuple(('entry', None) if step == 'entry' else step for step in steps)
            for concrete, elem in view.findall(steps):
                out.append({'where': label(concrete), 'value': xml_value(elem, masked=False), 'shown': xml_value(elem)})
    return out


# ---------------------------------------------------------------------------------- grouping

def _typed_options_for(items):
    """Options of peer_settings with at least one field in the reported items."""
    keys = {item['key'] for item in items}
    wanted = []
    for option in OPTIONS:
        if any(item['key'] in keys for _where, pat in option.all_patterns() for item, _part in catalog_entries(pat)):
            wanted.append(option)
    return wanted


def _groups_of(items):
    """[(item, part or None)] the report is made of, in catalog order."""
    groups = []
    for item in items:
        if item['parts']:
            groups.extend((item, part) for part in item['parts'])
        else:
            groups.append((item, None))
    return groups


def collect(device, items, mode, vsys, view=None, read_op_state=True, readings=None):
    """{(item key, part name): [unit]} for one device (from view when given: e.g. a PredictedView), and its op reads.

    read_op_state=False reads the configuration only (no op commands, no op-state items); readings: see read_ops."""
    view = view if view is not None else ConfigView(device)
    keys = {item['key'] for item in items}
    grouped = {}
    typed_groups = set()
    for option in _typed_options_for(items):
        for unit in option.units(view, {'vsys': vsys}, mode):
            for item, part in catalog_entries(unit['pattern']):
                if item['key'] in keys:
                    group = (item['key'], part['name'] if part else None)
                    grouped.setdefault(group, []).append(unit)
        for _where, pat in option.all_patterns():
            for item, part in catalog_entries(pat):
                if (part or item).get('peer_settings_option') == option.name:
                    typed_groups.add((item['key'], part['name'] if part else None))
    ops = read_ops(device, readings) if read_op_state else None
    for item, part in _groups_of(items):
        group = (item['key'], part['name'] if part else None)
        generic = (item['kind'] == 'config' and group not in typed_groups) or (item['kind'] == 'op_state'
                                                                               and item['xpaths'])
        if generic:
            xpaths = part['xpaths'] if part else item['xpaths']
            grouped.setdefault(group, []).extend(_generic_units(xpaths, view, vsys))
        if part is None and ops is not None:
            grouped.setdefault(group, []).extend(_op_units(item['key'], ops))
    if ops is not None:
        grouped.setdefault(('plugins', None), []).extend(_op_units('plugins', ops))
    return grouped, ops


# ---------------------------------------------------------------------------------- comparison

def same(where, a, b):
    """Whether two peers' values of a unit agree (master-key times: master_key's one rule, with its tolerance)."""
    if where in ('master_key.expire_at', 'master_key.remind_at'):
        return master_key.times_agree(a, b)
    if isinstance(a, list) and isinstance(b, list) and all(isinstance(x, str) for x in a + b):
        return sorted(a) == sorted(b)
    return a == b


def _empty(value):
    if value in (None, '', [], {}):
        return True
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return False


_EVIDENCE_VALUE_LIMIT = 80


def _describe(value):
    if value is None:
        return 'unset'
    text = repr(value)
    return text if len(text) <= _EVIDENCE_VALUE_LIMIT else text[:_EVIDENCE_VALUE_LIMIT - 3] + '...'


def _drift_entry(base, fields, values, names, prefix):
    evidence = '; '.join('%s: %s' % (w, ', '.join('%s on %s' % (_describe(values[n][w]), n) for n in names))
                         for w in fields)
    return dict(base, fields=fields, values={n: {w: values[n][w] for w in fields} for n in names},
                evidence=prefix + evidence)


def compare(names, grouped_by_peer, items):
    """The per-item values and the drift report."""
    report_items = {}
    drift = {'must_match': [], 'must_differ': [], 'differs': []}
    entries = _groups_of(items) + [(PLUGINS_ITEM, None)]
    for item, part in entries:
        group = (item['key'], part['name'] if part else None)
        relationship = (part or item)['relationship']
        per_peer = {name: {u['where']: u for u in grouped_by_peer[name].get(group, [])} for name in names}
        wheres = list(dict.fromkeys(w for name in names for w in per_peer[name]))
        values = {name: {w: per_peer[name][w]['shown'] if w in per_peer[name] else None for w in wheres}
                  for name in names}
        record = {'relationship': relationship, 'readable': bool(wheres), 'values': values}
        slot = report_items.setdefault(item['key'], {'title': item['title'], 'kind': item['kind'],
                                                     'relationship': item['relationship']})
        if part is None:
            slot.update(record)
        else:
            slot.setdefault('parts', {})[part['name']] = dict(record, title=part['title'])
        differing, equal_set = [], []
        for where in wheres:
            raw = [per_peer[name][where]['value'] if where in per_peer[name] else None for name in names]
            if _empty(raw[0]) and _empty(raw[1]):
                continue
            if same(where, raw[0], raw[1]):
                equal_set.append(where)
            else:
                differing.append(where)
        base = {'key': item['key'] + ('/' + part['name'] if part else ''),
                'item': item['key'], 'part': part['name'] if part else None,
                'title': item['title'] + (' - ' + part['title'] if part else ''), 'relationship': relationship}

        if relationship == 'must_match' and differing:
            drift['must_match'].append(_drift_entry(base, differing, values, names, 'must match but differ: '))
        elif relationship == 'must_differ':
            drift['must_differ'].extend(_drift_entry(base, [where], values, names, 'must differ but are equal: ')
                                        for where in equal_set)
        elif relationship == 'may_differ' and differing:
            drift['differs'].append(_drift_entry(base, differing, values, names, 'differ (allowed): '))
    drift['ok'] = not drift['must_match'] and not drift['must_differ']
    drift['summary'] = ('no drift' if drift['ok'] else '%d must-match setting(s) differ, %d must-differ setting(s) '
                        'are equal' % (len(drift['must_match']), len(drift['must_differ'])))
    return report_items, drift


def peer_entry(ops, role, state):
    """What the report says of one peer: its role and HA state, the identity read by show system info, and its
    master-key properties as master_key.parse_properties gives them (the expiry counters included, so that a health
    check judges the expiry without reading the properties again), without the raw fields."""
    entry = {'role': role, 'state': state}
    entry.update({key: ops[key] for key in ('hostname', 'ip_address', 'serial', 'model', 'sw_version')})
    entry['master_key'] = {key: value for key, value in ops['master_key'].items() if key != 'raw'}
    return entry


def report(pair, vsys=('vsys1',), readings=None):
    """The module result: mode, conditions, peers, items (per-peer values), drift. readings: {device name:
    readings.PeerReadings} of a preflight in the same module run (see read_ops), or None."""
    pair.require_enabled()
    first, second = pair.require_first(), pair.require_peer()
    view = ConfigView(first)
    mode = read_mode(pair, first, view)
    conditions = read_conditions(view, mode)
    items = [item for item in catalog.items_for_mode(mode, conditions) if item['kind'] != 'not_config']
    names = [first.name, second.name]
    grouped, peers = {}, {}
    for device in (first, second):
        # The first peer's view has what read_mode read already.
        grouped[device.name], ops = collect(device, items, mode, list(vsys), view=view if device is first else None,
                                            readings=(readings or {}).get(device.name))
        peers[device.name] = peer_entry(ops, role=pair.role(device), state=pair.local_state(device))
    report_items, drift = compare(names, grouped, items)
    return {'changed': False, 'mode': mode, 'conditions': conditions, 'peers': peers, 'items': report_items,
            'drift': drift}


# ---------------------------------------------------------------------------------- must differ, before a change

def must_differ_items(mode, conditions, options=None):
    """The per-peer catalog items with a must-differ rule (the item's or one of its parts') in this mode; with
    options (peer_settings option names), only those whose must-differ settings belong to one of them."""
    def rules(item):
        return [p for p in item['parts'] if p['relationship'] == 'must_differ'] or (
            [item] if item['relationship'] == 'must_differ' else [])
    return [item for item in catalog.items_for_mode(mode, conditions) if item['kind'] == 'config' and rules(item)
            and (options is None or any(rule.get('peer_settings_option') in options for rule in rules(item)))]


def must_differ_effects(current_view, predicted_view, other_view, items, mode, vsys=('vsys1',)):
    """What a planned change does to the must-differ settings, each view collected once (a view may be predicted).

    Returns ({where: shown value} of the must-differ settings the change gives a new value on this peer, [the
    must-differ drift entries it creates against the other peer: equal afterwards, not before]). Without other_view
    (the other peer not read), or when nothing must-differ changes, the list is empty."""
    def grouped(view):
        return collect(view.device, items, mode, list(vsys), view=view, read_op_state=False)[0]
    before, after = grouped(current_view), grouped(predicted_view)
    changed = {}
    for group, units_after in after.items():
        item = next(i for i in items if i['key'] == group[0])
        part = next((p for p in item['parts'] if p['name'] == group[1]), None)
        if (part or item)['relationship'] != 'must_differ':
            continue
        was = {u['where']: u['value'] for u in before.get(group, [])}
        changed.update((u['where'], u['shown']) for u in units_after if was.get(u['where']) != u['value'])
    if not changed or other_view is None:
        return changed, []
    other = grouped(other_view)
    names = [current_view.device.name, other_view.device.name]

    def equal(mine):
        return compare(names, {names[0]: mine, names[1]: other}, items)[1]['must_differ']
    existing = {(e['key'], tuple(e['fields'])) for e in equal(before)}
    return changed, [e for e in equal(after) if (e['key'], tuple(e['fields'])) not in existing]


class PeerSettingsInfo(Task):
    """The peer_settings_info module: read-only (its plan never has changes)."""

    def plan(self, pair):
        return Plan(facts={'report': report(pair, vsys=self.params['vsys'])})

    def result(self, plan, applied, verified, check_mode):
        return plan.facts['report']
