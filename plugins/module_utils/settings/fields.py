# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The field engine: a setting with one value at one path below its parent.

A field knows its path (steps below its parent, see configview and paths.py), its Ansible type, its description
(the module's documentation is generated from it), how to read its value from the running config, when a wanted
value equals the device's (``same``), and which set/edit/delete requests turn the device's value into the wanted
one (``ops``). ``plan`` gives, in one place, both views (before/after), the requests and the changed fields: the
same comparison gives ``changed``, the check-mode prediction and the diff. ``units`` walks what was read for the
drift report, ``all_patterns`` every path a field can write for the catalog check.

Values: ``None`` leaves a setting alone. For text settings ``''`` removes the setting from the device.
Fields made of fields (dicts, keyed lists) are in groups.py.
"""

from __future__ import annotations

import re

from ansible_collections.hapair.panos.plugins.module_utils.configview import pattern, tag_of
from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput
from ansible_collections.hapair.panos.plugins.module_utils.redaction import SECRET_MASK
from ansible_collections.hapair.panos.plugins.module_utils.settings.masking import same_secret
from ansible_collections.hapair.panos.plugins.module_utils.settings.paths import pattern_path, resolve, steps_of
from ansible_collections.hapair.panos.plugins.module_utils.settings.plan import Op, Planned
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import build_element, to_int, yes_no


def text_of(elem):
    """An element's text, stripped; None for no element or no text."""
    if elem is None:
        return None
    text = (elem.text or '').strip()
    return text or None


def unit(where, path_pattern, value, shown):
    """One comparable unit of the drift report: a field or an entry, its catalog pattern and its values."""
    return {'where': where, 'pattern': path_pattern, 'value': value, 'shown': shown}


class Field:
    """A setting with one value at one path (subclasses say how it reads and writes)."""

    kind = 'str'

    def __init__(self, name, path, description=None, secret=False, choices=None, minimum=None, maximum=None,
                 modes=None, requires=None, delete_path=None):
        self.name = name
        self.path = steps_of(path)
        self.description = description  # a text, or a tuple of paragraphs
        self.secret = secret
        self.choices = choices
        self.minimum = minimum
        self.maximum = maximum
        self.modes = modes  # HA modes where the setting exists (None: both)
        self.requires = requires  # (sibling field, value) that must hold (wanted or on the device)
        self.delete_path = steps_of(delete_path) if delete_path is not None else None

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

    def subfields(self):
        """The fields of the value's suboptions, in argument-spec order (none for a plain value)."""
        return ()

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
        """[(where, catalog pattern)] of what a given value writes."""
        return [(where, pattern(base + pattern_path(self.path)))]

    def all_patterns(self, base, where):
        """[(where, catalog pattern)] of everything the field can write (entry keys filled with an example)."""
        return self.patterns(base, None, where)

    # -- the device's view
    def read(self, view, base, env, where):
        return self.parse(view.find(base + resolve(self.path, env, where)))

    def parse(self, elem):
        return text_of(elem)

    def units(self, base, value, where, mode=None):
        """What was read (``value``, from read()) as drift-report units; nothing for a field not in ``mode``."""
        if self.modes and mode is not None and mode not in self.modes:
            return []
        return self._units(base, value, where, mode)

    def _units(self, base, value, where, mode):
        return [unit(where, pattern(base + pattern_path(self.path)), value, self.shown(value))]

    # -- comparison and requests
    def same(self, wanted, have, ctx, where):
        if wanted == '':
            return have is None
        if self.secret:
            return same_secret(wanted, have, ctx, where)
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
        steps = base + resolve(self.path, env, where)
        have = self.parse(view.find(steps))
        if self.same(wanted, have, ctx, where):
            return Planned(self.shown(have), self.shown(have))
        return Planned(self.shown(have), self.shown(None if wanted == '' else wanted),
                       self.ops(steps, wanted, have), [where])


class Leaf(Field):
    """A text leaf (``kind='str'``) or an integer leaf (``kind='int'``)."""

    def __init__(self, name, path, description=None, kind='str', **kwargs):
        super().__init__(name, path, description, **kwargs)
        self.kind = kind

    def parse(self, elem):
        text = text_of(elem)
        return to_int(text) if self.kind == 'int' and text is not None else text


class YesNo(Field):
    """A yes/no leaf as a bool; ``invert`` for ``disable-*`` leaves; ``default`` when the leaf is absent."""

    kind = 'bool'

    def __init__(self, name, path, description=None, invert=False, default=None, **kwargs):
        super().__init__(name, path, description, **kwargs)
        self.invert = invert
        self.default = default

    def parse(self, elem):
        value = yes_no(text_of(elem))
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

    def __init__(self, name, leaves, description=None, **kwargs):
        super().__init__(name, '', description, **kwargs)
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
        values = [text_of(view.find(base + (leaf,))) for leaf in self.leaves]
        while values and values[-1] is None:
            values.pop()
        return values

    def _units(self, base, value, where, mode):
        return [unit(where, pattern(base + (self.leaves[0],)), value, value)]

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
