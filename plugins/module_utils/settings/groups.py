# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fields made of fields: a dict of fields below one path (Group) and a list of entries matched by key (Entries).

Entries of list options (service routes, log export schedules, zones, interfaces, aggregate groups) are matched by
their key; fields left out of an entry are left alone; ``state: absent`` removes an entry where the option allows
it. Where an entry lives on the device is its locator's business (locators.py).
"""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils.configview import pattern
from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput
from ansible_collections.hapair.panos.plugins.module_utils.settings.fields import Field, unit
from ansible_collections.hapair.panos.plugins.module_utils.settings.paths import pattern_path, placeholders
from ansible_collections.hapair.panos.plugins.module_utils.settings.plan import Op, Planned


class Group(Field):
    """A dict of fields below an optional path. ``checks`` are functions(value, where) run by validate()."""

    kind = 'dict'

    def __init__(self, name, path, description, fields, checks=(), **kwargs):
        super().__init__(name, path, description, **kwargs)
        self.fields = tuple(fields)
        self.checks = tuple(checks)

    def argspec(self):
        return {'type': 'dict', 'options': {f.name: f.argspec() for f in self.fields}}

    def subfields(self):
        return self.fields

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
        base = base + pattern_path(self.path)
        for field in self.fields:
            if value.get(field.name) is not None:
                out.extend(field.patterns(base, value[field.name], '%s.%s' % (where, field.name)))
        return out

    def all_patterns(self, base, where):
        out = []
        for field in self.fields:
            out.extend(field.all_patterns(base + pattern_path(self.path), '%s.%s' % (where, field.name)))
        return out

    def _env(self, view, base, wanted, where):
        """Effective values (wanted, else the device's) of the fields others depend on."""
        names = set()
        for field in self.fields:
            names.update(placeholders(field.path))
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

    def _units(self, base, value, where, mode):
        out = []
        for field in self.fields:
            out.extend(field.units(base + self.path, (value or {}).get(field.name), '%s.%s' % (where, field.name), mode))
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


class Key:
    """A suboption that identifies an entry (``service``, ``name``): a string, required unless it has a default."""

    def __init__(self, name, description, default=None):
        self.name = name
        self.description = description
        self.default = default

    def argspec(self):
        if self.default is not None:
            return {'type': 'str', 'default': self.default}
        return {'type': 'str', 'required': True}

    def subfields(self):
        return ()


class State:
    """The ``state`` suboption of entries that can be removed; ``description`` says what V(absent) removes."""

    name = 'state'

    def __init__(self, description):
        self.description = description

    def argspec(self):
        return {'type': 'str', 'choices': ['present', 'absent'], 'default': 'present'}

    def subfields(self):
        return ()


class Entries(Field):
    """A list of entries matched by key; each entry is a Group of fields, found on the device by ``locator``.

    ``keys`` are the Key suboptions in documentation order; ``identity`` the order they make an entry's key in
    (the locator's steps and the ``where`` label, such as ``zones[vsys1/trust]``), by default the same.
    ``absent`` describes what ``state: absent`` removes; without it entries cannot be removed (no ``state``).
    """

    kind = 'list'

    def __init__(self, name, description, keys, fields, locator, absent=None, identity=None, **kwargs):
        super().__init__(name, '', description, **kwargs)
        self.key_fields = tuple(keys)
        self.keys = tuple(identity or (key.name for key in self.key_fields))
        self._defaults = {key.name: key.default for key in self.key_fields}
        self.group = Group(name, '', None, fields)
        self.locator = locator
        self.state = State(absent) if absent else None

    def subfields(self):
        return self.key_fields + self.group.fields + ((self.state,) if self.state else ())

    def argspec(self):
        return {'type': 'list', 'elements': 'dict', 'options': {f.name: f.argspec() for f in self.subfields()}}

    def key_of(self, entry):
        return tuple(entry.get(key, self._defaults[key]) for key in self.keys)

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
            self.locator.steps((), key)  # validates the key's form (interface names ...)

    def _fields_of(self, entry):
        return {f.name: entry.get(f.name) for f in self.group.fields}

    def patterns(self, base, value, where):
        out = []
        for entry in value:
            key = self.key_of(entry)
            steps = self.locator.steps(base, key)
            fields = self._fields_of(entry)
            given = [f for f in self.group.fields if fields.get(f.name) is not None]
            entry_where = self.entry_where(where, key)
            if not given:  # state absent, or a bare key: the entry itself
                out.append((entry_where, pattern(steps + pattern_path(self.group.fields[0].path))))
            for field in given:
                out.extend(field.patterns(steps, fields[field.name], '%s.%s' % (entry_where, field.name)))
        return out

    def all_patterns(self, base, where):
        steps = self.locator.steps(base, self.locator.example_key)
        out = []
        for field in self.group.fields:
            out.extend(field.all_patterns(steps, '%s[].%s' % (where, field.name)))
        return out

    def read(self, view, base, env, where):
        out = []
        for key in self.locator.enumerate(view, base, env):
            value = self.group.read(view, self.locator.locate(base, key, view), env, self.entry_where(where, key))
            out.append(dict(zip(self.keys, key, strict=True), **value))
        return out

    def _units(self, base, value, where, mode):
        out = []
        for entry in value or []:
            key = self.key_of(entry)
            steps = self.locator.steps(base, key)
            body = {k: v for k, v in entry.items() if k not in self.keys}
            out.append(unit(self.entry_where(where, key), pattern(steps + pattern_path(self.group.fields[0].path)),
                            body, self.group.shown(body)))
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
            steps = self.locator.locate(base, key, view)
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
