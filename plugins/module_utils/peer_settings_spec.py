# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The typed options of hapair.panos.peer_settings: one per catalog item that does not sync, as data.

Each option is a tree of fields. A field knows its path (steps below its parent, see configview), its
Ansible type, how to read its value from the running config, when a wanted value equals the device's
(``same``), and which set/edit/delete requests turn the device's value into the wanted one (``ops``).
The one generic ``plan`` walks an option with the user's values and a ConfigView and yields, in one
place, both views (before/after), the requests and the list of changed fields: the same comparison
gives ``changed``, the check-mode prediction and the diff.

Which catalog item a field belongs to is not written here: it follows from the field's path, matched
against the catalog's XPaths (``catalog_entries``); a unit test checks that every field is covered by an
item whose ``peer_settings_option`` is the field's option, so catalog and options cannot drift apart.

Values: ``None`` leaves a setting alone. For text settings ``''`` removes the setting from the device.
Lists (permitted IPs, interface addresses, Panorama servers) are replaced as a whole. Entries of
list options (service routes, log export schedules, zones, interfaces, aggregate groups) are matched by
their key; fields left out of an entry are left alone; ``state: absent`` removes an entry where allowed.

Assumptions (xpaths.md confidence): ``jumbo-frame`` present = enabled, its ``mtu`` child optional [weak];
SNMP ``snmp-setting/snmp-system`` and ``access-setting/version/v2c/snmp-community-string`` [weak→medium];
``route/service/entry/source/{interface,address}`` [medium]; telemetry ``device-telemetry/{device-health-
performance, product-usage, threat-prevention, region}`` (pango config_v3, leaf names not verified); Panorama
servers in the PAN-OS >= 9.1 layout ``panorama/local-panorama``.
"""

from __future__ import annotations

import re

from ansible_collections.hapair.panos.plugins.module_utils import catalog
from ansible_collections.hapair.panos.plugins.module_utils.configview import (
    label,
    pattern,
    tag_of,
    under,
)
from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput
from ansible_collections.hapair.panos.plugins.module_utils.redaction import SECRET_MASK
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import build_element, to_int, yes_no

# Encrypted config values start with it (reference: API keys and encrypted leaves of PAN-OS).
ENCRYPTED_PREFIX = '-AQ=='
UPDATE_SECRETS = ('changed', 'always')


class Op:
    """One configuration request: action 'set' (merge element under steps), 'edit' (replace the node at
    steps with element) or 'delete' (the node at steps)."""

    __slots__ = ('action', 'steps', 'element', 'secrets')

    def __init__(self, action, steps, element=None, secrets=()):
        self.action = action
        self.steps = tuple(steps)
        self.element = element
        self.secrets = tuple(secrets)

    def __repr__(self):
        return 'Op(%s %s)' % (self.action, label(self.steps))


class Planned:
    """The result of comparing wanted with the device: both views, the requests and what changes."""

    def __init__(self, before=None, after=None, ops=None, changes=None):
        self.before = before
        self.after = after
        self.ops = list(ops or [])
        self.changes = list(changes or [])


class Context:
    """Per-run settings of the comparison and what it noticed (secrets it could not compare)."""

    def __init__(self, update_secrets='changed', mode='active-passive'):
        self.update_secrets = update_secrets
        self.mode = mode
        self.uncompared_secrets = []


def _steps(path):
    if path is None or path == '':
        return ()
    if isinstance(path, tuple):
        return path
    return tuple(path.split('/'))


def _resolve(path, env, where):
    out = []
    for step in path:
        if isinstance(step, str) and step.startswith('{'):
            name = step[1:-1]
            value = env.get(name)
            if value is None:
                raise InvalidInput('%s needs %s: the device has none and none was given'
                                   % (where, where.rsplit('.', 1)[0] + '.' + name), option=where)
            out.append(value)
        else:
            out.append(step)
    return tuple(out)


def _pattern_path(path):
    """The path with placeholders kept as their own names (still below the right container)."""
    return tuple(step[1:-1] if isinstance(step, str) and step.startswith('{') else step for step in path)


def _text(elem):
    if elem is None:
        return None
    text = (elem.text or '').strip()
    return text or None


# ------------------------------------------------------------------------------------------- fields

class Field:
    """A setting with one value at one path (subclasses say how it reads and writes)."""

    kind = 'str'

    def __init__(self, name, path, secret=False, choices=None, minimum=None, maximum=None, modes=None,
                 requires=None, delete_path=None):
        self.name = name
        self.path = _steps(path)
        self.secret = secret
        self.choices = choices
        self.minimum = minimum
        self.maximum = maximum
        self.modes = modes  # HA modes where the setting exists (None: both)
        self.requires = requires  # (sibling field, value) that must hold (wanted or on the device)
        self.delete_path = _steps(delete_path) if delete_path is not None else None

    # -- argument spec and validation (no device needed)
    def argspec(self):
        spec = {'type': self.kind}
        if self.secret:
            spec['no_log'] = True
        elif re.search(r'pass|pwd|secret|key|token', self.name):
            spec['no_log'] = False
        if self.choices:
            spec['choices'] = list(self.choices)
        return spec

    def validate(self, value, where, mode=None):
        if value is None:
            return
        if self.modes and mode is not None and mode not in self.modes:
            raise InvalidInput('%s exists only in %s HA mode; this pair is %s' % (where, ' and '.join(self.modes), mode),
                               option=where, remedy='Remove %s for this pair.' % where)
        if self.kind == 'int':
            if self.minimum is not None and value < self.minimum or self.maximum is not None and value > self.maximum:
                raise InvalidInput('%s must be %s..%s, got %s' % (where, self.minimum, self.maximum, value), option=where)

    def patterns(self, base, value, where):
        return [(where, pattern(base + _pattern_path(self.path)))]

    # -- the device's view
    def read(self, view, base, env, where):
        return self.parse(view.find(base + _resolve(self.path, env, where)))

    def parse(self, elem):
        return _text(elem)

    # -- comparison and requests
    def same(self, wanted, have, ctx, where):
        if wanted == '':
            return have is None
        if self.secret:
            return _same_secret(wanted, have, ctx, where)
        if isinstance(wanted, str):
            return wanted.strip() == have  # the device's text is read stripped (pretty-printed replies)
        return wanted == have

    def ops(self, steps, wanted, have):
        if wanted == '':
            target = steps[:len(steps) - len(self.path)] + self.delete_path if self.delete_path else steps
            return [Op('delete', target)]
        return [Op('edit', steps, build_element(tag_of(steps[-1]), self.serialize(wanted)),
                   secrets=(wanted,) if self.secret else ())]

    def serialize(self, value):
        return str(value)

    def shown(self, value):
        if self.secret and value is not None:
            return SECRET_MASK
        return value

    def check_requires(self, env, where):
        if self.requires:
            sibling, value = self.requires
            if env.get(sibling) != value:
                prefix = where.rsplit('.', 1)[0]
                raise InvalidInput('%s requires %s.%s=%s (given or already on the device), found %r'
                                   % (where, prefix, sibling, value, env.get(sibling)), option=where)

    def plan(self, view, base, wanted, ctx, env, where):
        self.check_requires(env, where)
        steps = base + _resolve(self.path, env, where)
        have = self.parse(view.find(steps))
        if self.same(wanted, have, ctx, where):
            return Planned(self.shown(have), self.shown(have))
        return Planned(self.shown(have), self.shown(None if wanted == '' else wanted),
                       self.ops(steps, wanted, have), [where])


def _same_secret(wanted, have, ctx, where):
    if ctx.update_secrets == 'always' or have is None:
        return False
    if have.startswith(ENCRYPTED_PREFIX):
        # The device shows only its encrypted form: it cannot be compared, so it is left alone.
        ctx.uncompared_secrets.append(where)
        return True
    return have == wanted


class Leaf(Field):
    """A text leaf (``kind='str'``) or an integer leaf (``kind='int'``)."""

    def __init__(self, name, path, kind='str', **kwargs):
        super().__init__(name, path, **kwargs)
        self.kind = kind

    def parse(self, elem):
        text = _text(elem)
        return to_int(text) if self.kind == 'int' and text is not None else text


class YesNo(Field):
    """A yes/no leaf as a bool; ``invert`` for ``disable-*`` leaves; ``default`` when the leaf is absent."""

    kind = 'bool'

    def __init__(self, name, path, invert=False, default=None, **kwargs):
        super().__init__(name, path, **kwargs)
        self.invert = invert
        self.default = default

    def parse(self, elem):
        value = yes_no(_text(elem))
        if value is None:
            return self.default
        return (not value) if self.invert else value

    def serialize(self, value):
        return 'yes' if (value != self.invert) else 'no'


class Presence(Field):
    """A container whose presence is the setting (``jumbo-frame``): true adds it, false deletes it."""

    kind = 'bool'

    def parse(self, elem):
        return elem is not None

    def ops(self, steps, wanted, have):
        if wanted:
            return [Op('set', steps[:-1], build_element(tag_of(steps[-1])))]
        return [Op('delete', steps)]


class Choice(Field):
    """A container holding exactly one child whose tag is the value (``timers/recommended``)."""

    def parse(self, elem):
        if elem is None:
            return None
        children = [child.tag for child in elem]
        return children[0] if children else None

    def ops(self, steps, wanted, have):
        return [Op('edit', steps, build_element(tag_of(steps[-1]), {wanted: None}))]


class Names(Field):
    """A list of named entries without content (``permitted-ip/entry[@name]``, ``ip/entry[@name]``),
    replaced as a whole; compared as sets; an empty list deletes the container."""

    kind = 'list'

    def argspec(self):
        return {'type': 'list', 'elements': 'str'}

    def parse(self, elem):
        if elem is None:
            return []
        return [entry.get('name') for entry in elem.findall('entry') if entry.get('name')]

    def same(self, wanted, have, ctx, where):
        return sorted(set(wanted)) == sorted(set(have or []))

    def ops(self, steps, wanted, have):
        if not wanted:
            return [Op('delete', steps)]
        names = list(dict.fromkeys(wanted))
        return [Op('edit', steps, build_element(tag_of(steps[-1]), {'entry': [{'@name': n} for n in names]}))]

    def plan(self, view, base, wanted, ctx, env, where):
        planned = super().plan(view, base, wanted, ctx, env, where)
        if planned.after is None:
            planned.after = []
        return planned


class LeafList(Field):
    """A list stored in numbered leaves (``panorama-server``, ``panorama-server-2``); replaced as a whole."""

    kind = 'list'

    def __init__(self, name, leaves, **kwargs):
        super().__init__(name, '', **kwargs)
        self.leaves = tuple(leaves)

    def argspec(self):
        return {'type': 'list', 'elements': 'str'}

    def validate(self, value, where, mode=None):
        super().validate(value, where, mode)
        if value is not None and len(value) > len(self.leaves):
            raise InvalidInput('%s takes at most %d values, got %d' % (where, len(self.leaves), len(value)), option=where)
        if value is not None and any(not v for v in value):
            raise InvalidInput('%s must not contain empty values' % where, option=where)

    def patterns(self, base, value, where):
        return [(where, pattern(base + (leaf,))) for leaf in self.leaves]

    def read(self, view, base, env, where):
        values = [_text(view.find(base + (leaf,))) for leaf in self.leaves]
        while values and values[-1] is None:
            values.pop()
        return values

    def plan(self, view, base, wanted, ctx, env, where):
        have = self.read(view, base, env, where)
        if list(wanted) == have:
            return Planned(have, have)
        ops = []
        for index, leaf in enumerate(self.leaves):
            new = wanted[index] if index < len(wanted) else None
            old = have[index] if index < len(have) else None
            if new == old:
                continue
            steps = base + (leaf,)
            ops.append(Op('delete', steps) if new is None else Op('edit', steps, build_element(leaf, new)))
        return Planned(have, list(wanted), ops, [where])


class Group(Field):
    """A dict of fields below an optional path. ``checks`` are functions(value, where) run by validate()."""

    kind = 'dict'

    def __init__(self, name, path, fields, checks=(), **kwargs):
        super().__init__(name, path, **kwargs)
        self.fields = tuple(fields)
        self.checks = tuple(checks)

    def argspec(self):
        return {'type': 'dict', 'options': {f.name: f.argspec() for f in self.fields}}

    def validate(self, value, where, mode=None):
        super().validate(value, where, mode)
        if value is None:
            return
        for field in self.fields:
            field.validate(value.get(field.name), '%s.%s' % (where, field.name), mode)
        for check in self.checks:
            check(value, where)

    def patterns(self, base, value, where):
        out = []
        base = base + _pattern_path(self.path)
        for field in self.fields:
            if value.get(field.name) is not None:
                out.extend(field.patterns(base, value[field.name], '%s.%s' % (where, field.name)))
        return out

    def _env(self, view, base, wanted, where):
        """Effective values (wanted, else the device's) of the fields others depend on."""
        names = set()
        for field in self.fields:
            names.update(step[1:-1] for step in field.path if isinstance(step, str) and step.startswith('{'))
            if field.requires:
                names.add(field.requires[0])
        env = {}
        for field in self.fields:
            if field.name in names:
                given = wanted.get(field.name) if wanted else None
                env[field.name] = given if given is not None else field.read(view, base, {}, where)
        return env

    def read(self, view, base, env, where):
        base = base + self.path
        env = dict(env, **self._env(view, base, None, where))
        out = {}
        for field in self.fields:
            try:
                out[field.name] = field.read(view, base, env, '%s.%s' % (where, field.name))
            except InvalidInput:  # a placeholder the device does not have (no protocol): nothing to read
                out[field.name] = None
        return out

    def shown(self, value):
        if value is None:
            return None
        return {k: (self._field(k).shown(v) if self._field(k) else v) for k, v in value.items()}

    def _field(self, name):
        for field in self.fields:
            if field.name == name:
                return field
        return None

    def plan(self, view, base, wanted, ctx, env, where):
        base = base + self.path
        env = dict(env, **self._env(view, base, wanted, where))
        result = Planned({}, {})
        for field in self.fields:
            value = wanted.get(field.name)
            if value is None:
                continue
            planned = field.plan(view, base, value, ctx, env, '%s.%s' % (where, field.name))
            result.before[field.name] = planned.before
            result.after[field.name] = planned.after
            result.ops.extend(planned.ops)
            result.changes.extend(planned.changes)
        return result


class Entries(Field):
    """A list of entries matched by key; each entry is a Group of fields.

    locate(base, key, view) -> steps of the entry's node (raise InvalidInput when it must exist and does
    not); pattern_of(base, key) -> the same steps without the device (for the catalog check);
    enumerate(view, base, env) -> [key] of the entries on the device (for reading everything).
    """

    kind = 'list'

    def __init__(self, name, keys, fields, container=None, locate=None, pattern_of=None, enumerate_=None,
                 allow_absent=True, key_specs=None, **kwargs):
        super().__init__(name, '', **kwargs)
        self.keys = tuple(keys)
        self.key_specs = key_specs or {key: {'type': 'str', 'required': True} for key in self.keys}
        self.group = Group(name, '', fields)
        self.container = _steps(container) if container is not None else None
        self._locate = locate
        self._pattern_of = pattern_of
        self._enumerate = enumerate_
        self.allow_absent = allow_absent

    def argspec(self):
        options = {key: dict(spec) for key, spec in self.key_specs.items()}
        options.update(self.group.argspec()['options'])
        if self.allow_absent:
            options['state'] = {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'}
        return {'type': 'list', 'elements': 'dict', 'options': options}

    def key_of(self, entry):
        return tuple(entry.get(key, self.key_specs[key].get('default')) for key in self.keys)

    @staticmethod
    def key_label(key):
        return '/'.join(str(k) for k in key)

    def entry_where(self, where, key):
        return '%s[%s]' % (where, self.key_label(key))

    def validate(self, value, where, mode=None):
        super().validate(value, where, mode)
        if value is None:
            return
        seen = set()
        for entry in value:
            key = self.key_of(entry)
            if any(k in (None, '') for k in key):
                raise InvalidInput('%s: every entry needs %s' % (where, ', '.join(self.keys)), option=where)
            if key in seen:
                raise InvalidInput('%s lists %s twice' % (where, self.key_label(key)), option=where)
            seen.add(key)
            self.group.validate(self._fields_of(entry), self.entry_where(where, key), mode)
            if self._pattern_of is not None:
                self._pattern_of((), key)  # validates the key's form (interface names ...)

    def _fields_of(self, entry):
        return {f.name: entry.get(f.name) for f in self.group.fields}

    def locate(self, base, key, view):
        if self._locate is not None:
            return self._locate(base, key, view)
        return base + self.container + (('entry', key[0]),)

    def pattern_steps(self, base, key):
        if self._pattern_of is not None:
            return self._pattern_of(base, key)
        return base + self.container + (('entry', key[0]),)

    def patterns(self, base, value, where):
        out = []
        for entry in value:
            key = self.key_of(entry)
            steps = self.pattern_steps(base, key)
            fields = self._fields_of(entry)
            given = [f for f in self.group.fields if fields.get(f.name) is not None]
            entry_where = self.entry_where(where, key)
            if not given:  # state absent, or a bare key: the entry itself
                out.append((entry_where, pattern(steps + _pattern_path(self.group.fields[0].path))))
            for field in given:
                out.extend(field.patterns(steps, fields[field.name], '%s.%s' % (entry_where, field.name)))
        return out

    def enumerate(self, view, base, env):
        if self._enumerate is not None:
            return self._enumerate(view, base, env)
        return [(name,) for name in _entry_names(view, base + self.container)]

    def read(self, view, base, env, where):
        out = []
        for key in self.enumerate(view, base, env):
            value = self.group.read(view, self.locate(base, key, view), env, self.entry_where(where, key))
            out.append(dict(zip(self.keys, key, strict=True), **value))
        return out

    def shown(self, value):
        if value is None:
            return None
        return [dict({k: entry[k] for k in self.keys if k in entry},
                     **self.group.shown({k: v for k, v in entry.items() if k not in self.keys}))
                for entry in value]

    def plan(self, view, base, wanted, ctx, env, where):
        result = Planned([], [])
        for entry in wanted:
            key = self.key_of(entry)
            entry_where = self.entry_where(where, key)
            steps = self.locate(base, key, view)
            exists = view.exists(steps)
            ident = dict(zip(self.keys, key, strict=True))
            if entry.get('state', 'present') == 'absent':
                if exists:
                    result.before.append(ident)
                    result.ops.append(Op('delete', steps))
                    result.changes.append(entry_where)
                continue
            planned = self.group.plan(view, steps, self._fields_of(entry), ctx, env, entry_where)
            if exists:
                result.before.append(dict(ident, **planned.before))
            result.after.append(dict(ident, **planned.after))
            result.ops.extend(planned.ops)
            result.changes.extend(planned.changes)
            if not exists and not planned.changes:
                result.changes.append(entry_where)
        return result


def _entry_names(view, steps):
    node = view.find(steps)
    if node is None:
        return []
    return [entry.get('name') for entry in node.findall('entry') if entry.get('name') is not None]


# ------------------------------------------------------------------------------ locators (entries)

_IFACE_PATTERNS = (
    (re.compile(r'^ethernet\d+/\d+$'), lambda n, m: ('ethernet', ('entry', n), 'layer3')),
    (re.compile(r'^(ethernet\d+/\d+)\.\d+$'),
     lambda n, m: ('ethernet', ('entry', m.group(1)), 'layer3', 'units', ('entry', n))),
    (re.compile(r'^ae\d+$'), lambda n, m: ('aggregate-ethernet', ('entry', n), 'layer3')),
    (re.compile(r'^(ae\d+)\.\d+$'),
     lambda n, m: ('aggregate-ethernet', ('entry', m.group(1)), 'layer3', 'units', ('entry', n))),
    (re.compile(r'^(loopback|tunnel|vlan)\.\d+$'), lambda n, m: (m.group(1), 'units', ('entry', n))),
)


def _interface_steps(base, key):
    name = key[0]
    for regex, build in _IFACE_PATTERNS:
        match = regex.match(name or '')
        if match:
            return base + build(name, match)
    raise InvalidInput('interface %r is not a layer 3 interface name this option supports (ethernetX/Y, '
                       'ethernetX/Y.N, aeN, aeN.M, loopback.N, tunnel.N, vlan.N)' % (name,),
                       option='interface_addresses')


def _must_exist(view, steps, what, option):
    if not view.exists(steps):
        raise InvalidInput('%s does not exist (%s)' % (what, label(steps)), option=option,
                           device=view.device.name,
                           remedy='This option only sets per-peer values of existing objects; create the object on '
                                  'the active peer and let HA sync it first.')


def _locate_interface(base, key, view):
    steps = _interface_steps(base, key)
    _must_exist(view, steps, 'layer 3 interface %s' % key[0], 'interface_addresses')
    return steps


def _enumerate_interfaces(view, base, env):
    keys = []
    for kind in ('ethernet', 'aggregate-ethernet'):
        for steps, _elem in view.findall(base + (kind, ('entry', None), 'layer3')):
            keys.append((steps[-2][1],))
            for unit_steps, _unit in view.findall(steps + ('units', ('entry', None))):
                keys.append((unit_steps[-1][1],))
    for kind in ('loopback', 'tunnel', 'vlan'):
        for steps, _elem in view.findall(base + (kind, 'units', ('entry', None))):
            keys.append((steps[-1][1],))
    return keys


_AE_RE = re.compile(r'^ae\d+$')
_AE_MODES = ('layer3', 'layer2', 'ha')


def _lacp_pattern(base, key):
    if not _AE_RE.match(key[0] or ''):
        raise InvalidInput('lacp aggregate %r is not an aggregate interface name (aeN)' % (key[0],), option='lacp')
    return base + ('aggregate-ethernet', ('entry', key[0]), 'layer3')


def _locate_lacp(base, key, view):
    _lacp_pattern(base, key)
    entry = base + ('aggregate-ethernet', ('entry', key[0]))
    _must_exist(view, entry, 'aggregate group %s' % key[0], 'lacp')
    for mode in _AE_MODES:
        if view.exists(entry + (mode,)):
            return entry + (mode,)
    raise InvalidInput('aggregate group %s has no layer3, layer2 or ha mode' % key[0],
                       option='lacp', device=view.device.name)


def _enumerate_lacp(view, base, env):
    return [(steps[-1][1],) for steps, _elem in view.findall(base + ('aggregate-ethernet', ('entry', None)))]


def _zone_steps(base, key):
    vsys, zone = key
    return ('vsys', ('entry', vsys), 'zone', ('entry', zone))


def _locate_zone(base, key, view):
    steps = _zone_steps(base, key)
    _must_exist(view, steps, 'zone %s in %s' % (key[1], key[0]), 'packet_buffer_protection.zones')
    return steps


def _enumerate_zones(view, base, env):
    keys = []
    for vsys in env.get('vsys') or ('vsys1',):
        for steps, _elem in view.findall(('vsys', ('entry', vsys), 'zone', ('entry', None))):
            keys.append((vsys, steps[-1][1]))
    return keys


# ---------------------------------------------------------------------------------- cross-field checks

def _mtu_needs_jumbo(value, where):
    if value.get('mtu') is not None and value.get('enabled') is False:
        raise InvalidInput('%s.mtu cannot be set while %s.enabled is false' % (where, where), option=where + '.mtu')


def _community_needs_v2c(value, where):
    if value.get('community') not in (None, '') and value.get('version') == 'v3':
        raise InvalidInput('%s.community applies to SNMP v2c, not v3' % where, option=where + '.community')


# --------------------------------------------------------------------------------------- the options

class Option:
    """A top-level option of peer_settings: the root field at a base path below the device root."""

    def __init__(self, name, base, root, summary):
        self.name = name
        self.base = _steps(base)
        self.root = root
        self.summary = summary

    def argspec(self):
        return self.root.argspec()

    def validate(self, value, mode=None):
        self.root.validate(value, self.name, mode)

    def patterns(self, value):
        return self.root.patterns(self.base, value, self.name)

    def plan(self, view, value, ctx, env=None):
        return self.root.plan(view, self.base, value, ctx, dict(env or {}), self.name)

    def read(self, view, env=None):
        return self.root.read(view, self.base, dict(env or {}), self.name)

    def shown(self, value):
        return self.root.shown(value)


def _ha_link(name, path):
    return Group(name, path, [
        Leaf('port', 'port'),
        Leaf('ip_address', 'ip-address'),
        Leaf('netmask', 'netmask'),
        Leaf('gateway', 'gateway'),
    ])


_STATS = ('application-reports', 'threat-prevention-reports', 'url-reports', 'file-identification-reports',
          'threat-prevention-information', 'threat-prevention-pcap', 'health-performance-reports',
          'passive-dns-monitoring')
_DEVICE_TELEMETRY = ('device-health-performance', 'product-usage', 'threat-prevention')
_SERVICES = ('http', 'https', 'telnet', 'ssh', 'icmp', 'snmp', 'userid-service')

OPTIONS = (
    Option('management', 'deviceconfig/system', Group('management', '', [
        Leaf('hostname', 'hostname'),
        Leaf('domain', 'domain'),
        Leaf('login_banner', 'login-banner'),
        Leaf('timezone', 'timezone'),
        Leaf('locale', 'locale'),
        Leaf('ssl_tls_service_profile', 'ssl-tls-service-profile'),
        Choice('ip_type', 'type', choices=('static', 'dhcp-client')),
        Leaf('ip_address', 'ip-address'),
        Leaf('netmask', 'netmask'),
        Leaf('default_gateway', 'default-gateway'),
        Leaf('ipv6_address', 'ipv6-address'),
        Leaf('ipv6_default_gateway', 'ipv6-default-gateway'),
        Leaf('speed_duplex', 'speed-duplex'),
        Leaf('mtu', 'mtu', kind='int', minimum=576, maximum=1500),
        Names('permitted_ip', 'permitted-ip'),
        Group('services', 'service', [YesNo(s.replace('-', '_'), 'disable-' + s, invert=True, default=True)
                                      for s in _SERVICES]),
        Leaf('authentication_profile', 'authentication-profile'),
        Leaf('certificate_profile', 'certificate-profile'),
    ]), 'Management interface settings: hostname, domain, banner, time zone, address, services, permitted IPs'),
    Option('dns', 'deviceconfig/system/dns-setting/servers', Group('dns', '', [
        Leaf('primary', 'primary'),
        Leaf('secondary', 'secondary'),
    ]), 'DNS servers'),
    Option('ntp', 'deviceconfig/system/ntp-servers', Group('ntp', '', [
        Leaf('primary', 'primary-ntp-server/ntp-server-address', delete_path='primary-ntp-server'),
        Leaf('secondary', 'secondary-ntp-server/ntp-server-address', delete_path='secondary-ntp-server'),
    ]), 'NTP server addresses'),
    Option('panorama', 'deviceconfig/system/panorama/local-panorama', Group('panorama', '', [
        LeafList('servers', ('panorama-server', 'panorama-server-2')),
    ]), 'Panorama servers'),
    Option('snmp', 'deviceconfig/system/snmp-setting', Group('snmp', '', [
        Leaf('location', 'snmp-system/location'),
        Leaf('contact', 'snmp-system/contact'),
        YesNo('send_event_specific_traps', 'snmp-system/send-event-specific-traps'),
        Choice('version', 'access-setting/version', choices=('v2c', 'v3')),
        Leaf('community', 'access-setting/version/v2c/snmp-community-string', secret=True, requires=('version', 'v2c')),
    ], checks=(_community_needs_v2c,)), 'SNMP system settings and the v2c community'),
    Option('service_routes', 'deviceconfig/system', Entries(
        'service_routes', ('service',), [
            Leaf('source_interface', 'source/interface'),
            Leaf('source_address', 'source/address'),
        ], container='route/service'), 'Global service routes'),
    Option('telemetry', 'deviceconfig/system', Group('telemetry', '', [
        YesNo(s.replace('-', '_'), 'update-schedule/statistics-service/' + s) for s in _STATS] + [
        YesNo(s.replace('-', '_'), 'device-telemetry/' + s) for s in _DEVICE_TELEMETRY] + [
        Leaf('region', 'device-telemetry/region'),
    ]), 'Telemetry and threat intelligence sharing'),
    Option('jumbo_frames', 'deviceconfig/setting', Group('jumbo_frames', '', [
        Presence('enabled', 'jumbo-frame'),
        Leaf('mtu', 'jumbo-frame/mtu', kind='int', minimum=512, maximum=9216, requires=('enabled', True)),
    ], checks=(_mtu_needs_jumbo,)), 'Jumbo frames and their global MTU'),
    Option('packet_buffer_protection', 'deviceconfig/setting/session', Group('packet_buffer_protection', '', [
        YesNo('enabled', 'packet-buffer-protection-enable'),
        Leaf('alert', 'packet-buffer-protection-alert', kind='int', minimum=0, maximum=99),
        Leaf('activate', 'packet-buffer-protection-activate', kind='int', minimum=0, maximum=99),
        Leaf('latency_alert', 'packet-buffer-protection-latency-alert', kind='int', minimum=1, maximum=20000),
        Leaf('latency_activate', 'packet-buffer-protection-latency-activate', kind='int', minimum=1, maximum=20000),
        Entries('zones', ('vsys', 'name'), [YesNo('enabled', 'network/enable-packet-buffer-protection')],
                locate=_locate_zone, pattern_of=_zone_steps, enumerate_=_enumerate_zones, allow_absent=False,
                key_specs={'name': {'type': 'str', 'required': True},
                           'vsys': {'type': 'str', 'default': 'vsys1'}}),
    ]), 'Packet buffer protection (session settings and the per-zone flag)'),
    Option('log_export', 'deviceconfig/system', Group('log_export', '', [
        Entries('schedules', ('name',), [
            Leaf('description', 'description'),
            YesNo('enabled', 'enable'),
            Leaf('log_type', 'log-type'),
            Leaf('start_time', 'start-time'),
            Choice('protocol', 'protocol', choices=('ftp', 'scp')),
            Leaf('hostname', 'protocol/{protocol}/hostname'),
            Leaf('port', 'protocol/{protocol}/port', kind='int', minimum=1, maximum=65535),
            Leaf('path', 'protocol/{protocol}/path'),
            Leaf('username', 'protocol/{protocol}/username'),
            Leaf('password', 'protocol/{protocol}/password', secret=True),
            YesNo('passive_mode', 'protocol/ftp/passive-mode', requires=('protocol', 'ftp')),
        ], container='log-export-schedule'),
    ]), 'Scheduled log export'),
    Option('ha_election', 'deviceconfig/high-availability', Group('ha_election', '', [
        Leaf('device_priority', 'group/election-option/device-priority', kind='int', minimum=0, maximum=255),
        YesNo('preemptive', 'group/election-option/preemptive'),
        YesNo('heartbeat_backup', 'group/election-option/heartbeat-backup'),
        Choice('timers', 'group/election-option/timers', choices=('recommended', 'aggressive')),
        Leaf('peer_ip', 'group/peer-ip'),
        Leaf('peer_ip_backup', 'group/peer-ip-backup'),
        _ha_link('ha1', 'interface/ha1'),
        _ha_link('ha1_backup', 'interface/ha1-backup'),
        _ha_link('ha2', 'interface/ha2'),
        _ha_link('ha2_backup', 'interface/ha2-backup'),
        Leaf('device_id', 'group/mode/active-active/device-id', kind='int', minimum=0, maximum=1,
             modes=('active-active',)),
    ]), 'HA election settings, peer addresses and HA interfaces of this peer'),
    Option('interface_addresses', 'network/interface', Entries(
        'interface_addresses', ('interface',), [Names('addresses', 'ip')],
        locate=_locate_interface, pattern_of=_interface_steps, enumerate_=_enumerate_interfaces,
        allow_absent=False), 'IPv4 addresses of layer 3 interfaces (active/active)'),
    Option('lacp', 'network/interface', Entries(
        'lacp', ('aggregate',), [Leaf('system_priority', 'lacp/system-priority', kind='int', minimum=1, maximum=65535)],
        locate=_locate_lacp, pattern_of=_lacp_pattern, enumerate_=_enumerate_lacp, allow_absent=False),
        'LACP system priority per aggregate group (active/active)'),
)

OPTIONS_BY_NAME = {option.name: option for option in OPTIONS}


def argument_spec():
    """The typed options' argument spec (merged into the module's)."""
    return {option.name: option.argspec() for option in OPTIONS}


def raw_argument_spec():
    """The spec of the ``raw`` option: any other per-peer node, by XPath (the module and the role specs use it)."""
    return dict(type='list', elements='dict', options=dict(
        xpath=dict(type='str', required=True),
        element=dict(type='str', no_log=True),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
    ))


# ----------------------------------------------------------------------------------------- catalog

def catalog_entries(path_pattern):
    """[(item, part or None)] of the catalog whose XPaths cover a (relative) pattern."""
    found = []
    for item in catalog.NON_SYNCED_ITEMS:
        if item['parts']:
            for part in item['parts']:
                if any(under(path_pattern, x) for x in part['xpaths']):
                    found.append((item, part))
        elif any(under(path_pattern, x) for x in item['xpaths']):
            found.append((item, None))
    return found


def leaf_patterns(option):
    """Every field path of an option as (where, pattern), each entry key filled with a placeholder."""
    out = []

    def walk(field, base, where):
        if isinstance(field, Group):
            for child in field.fields:
                walk(child, base + _pattern_path(field.path), '%s.%s' % (where, child.name))
        elif isinstance(field, Entries):
            if field._pattern_of is not None:
                key = {'interface_addresses': ('ethernet1/1',), 'lacp': ('ae1',)}.get(field.name, ('vsys1', 'z'))
                steps = field._pattern_of(base, key)
            else:
                steps = base + field.container + (('entry', 'x'),)
            for child in field.group.fields:
                walk(child, steps, '%s[].%s' % (where, child.name))
        elif isinstance(field, LeafList):
            out.extend(field.patterns(base, [], where))
        else:
            out.append((where, pattern(base + _pattern_path(field.path))))

    walk(option.root, option.base, option.name)
    return out


def units(option, view, env=None, mode=None):
    """Everything an option reads from one device, split into comparable units.

    A unit is one field (``management.hostname``) or one entry of a list (``lacp[ae1]``), with the catalog
    pattern that places it, its raw value (compare these) and its shown value (secrets masked).
    Fields that do not exist in ``mode`` (the A/A device ID in A/P) are left out.
    """
    value = option.read(view, env)
    out = []

    def add(where, path_pattern, raw, shown):
        out.append({'where': where, 'pattern': path_pattern, 'value': raw, 'shown': shown})

    def walk(field, base, val, where):
        if field.modes and mode is not None and mode not in field.modes:
            return
        if isinstance(field, Group):
            for child in field.fields:
                walk(child, base + field.path, (val or {}).get(child.name), '%s.%s' % (where, child.name))
        elif isinstance(field, Entries):
            for entry in val or []:
                key = field.key_of(entry)
                steps = field.pattern_steps(base, key)
                body = {k: v for k, v in entry.items() if k not in field.keys}
                add(field.entry_where(where, key), pattern(steps + _pattern_path(field.group.fields[0].path)),
                    body, field.group.shown(body))
        elif isinstance(field, LeafList):
            add(where, pattern(base + (field.leaves[0],)), val, val)
        else:
            add(where, pattern(base + _pattern_path(field.path)), val, field.shown(val))

    walk(option.root, option.base, value, option.name)
    return out
