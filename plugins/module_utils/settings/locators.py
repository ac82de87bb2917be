# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where an entry of a keyed list lives on the device.

A locator offers, for an entry's key (a tuple, in the Entries' identity order):
  steps(base, key)           the entry node's steps without asking the device; raises InvalidInput when the key
                             is not of the right form (the catalog check and validation use it)
  locate(base, key, view)    the steps on the device, raising InvalidInput when the entry must exist and does not
  enumerate(view, base, env) the keys of the entries on the device (for reading everything)
  example_key                a key of the right form, for walking every path an option can write
"""

from __future__ import annotations

import re

from ansible_collections.hapair.panos.plugins.module_utils.configview import label
from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput
from ansible_collections.hapair.panos.plugins.module_utils.settings.paths import steps_of


def _must_exist(view, steps, what, option):
    if not view.exists(steps):
        raise InvalidInput('%s does not exist (%s)' % (what, label(steps)), option=option,
                           device=view.device.name,
                           remedy='This option only sets per-peer values of existing objects; create the object on '
                                  'the active peer and let HA sync it first.')


class Container:
    """Entries ``entry[@name=key]`` of a container below the option's base, created when missing."""

    example_key = ('x',)

    def __init__(self, path):
        self.path = steps_of(path)

    def steps(self, base, key):
        return base + self.path + (('entry', key[0]),)

    def locate(self, base, key, view):
        return self.steps(base, key)

    def enumerate(self, view, base, env):
        node = view.find(base + self.path)
        if node is None:
            return []
        return [(entry.get('name'),) for entry in node.findall('entry') if entry.get('name') is not None]


_IFACE_PATTERNS = (
    (re.compile(r'^ethernet\d+/\d+$'), lambda n, m: ('ethernet', ('entry', n), 'layer3')),
    (re.compile(r'^(ethernet\d+/\d+)\.\d+$'),
     lambda n, m: ('ethernet', ('entry', m.group(1)), 'layer3', 'units', ('entry', n))),
    (re.compile(r'^ae\d+$'), lambda n, m: ('aggregate-ethernet', ('entry', n), 'layer3')),
    (re.compile(r'^(ae\d+)\.\d+$'),
     lambda n, m: ('aggregate-ethernet', ('entry', m.group(1)), 'layer3', 'units', ('entry', n))),
    (re.compile(r'^(loopback|tunnel|vlan)\.\d+$'), lambda n, m: (m.group(1), 'units', ('entry', n))),
)


class Layer3Interfaces:
    """Existing layer 3 interfaces and subinterfaces, by name (ethernet, aggregate, loopback, tunnel, VLAN)."""

    example_key = ('ethernet1/1',)

    def steps(self, base, key):
        name = key[0]
        for regex, build in _IFACE_PATTERNS:
            match = regex.match(name or '')
            if match:
                return base + build(name, match)
        raise InvalidInput('interface %r is not a layer 3 interface name this option supports (ethernetX/Y, '
                           'ethernetX/Y.N, aeN, aeN.M, loopback.N, tunnel.N, vlan.N)' % (name,),
                           option='interface_addresses')

    def locate(self, base, key, view):
        steps = self.steps(base, key)
        _must_exist(view, steps, 'layer 3 interface %s' % key[0], 'interface_addresses')
        return steps

    def enumerate(self, view, base, env):
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
# An aggregate group's LACP settings sit below its mode; the catalog pattern uses layer3.
_AE_MODES = ('layer3', 'layer2', 'ha')


class AggregateGroups:
    """Existing aggregate groups (aeN), below whichever mode (layer3, layer2, ha) the group has."""

    example_key = ('ae1',)

    def steps(self, base, key):
        if not _AE_RE.match(key[0] or ''):
            raise InvalidInput('lacp aggregate %r is not an aggregate interface name (aeN)' % (key[0],), option='lacp')
        return base + ('aggregate-ethernet', ('entry', key[0]), 'layer3')

    def locate(self, base, key, view):
        self.steps(base, key)
        entry = base + ('aggregate-ethernet', ('entry', key[0]))
        _must_exist(view, entry, 'aggregate group %s' % key[0], 'lacp')
        for mode in _AE_MODES:
            if view.exists(entry + (mode,)):
                return entry + (mode,)
        raise InvalidInput('aggregate group %s has no layer3, layer2 or ha mode' % key[0],
                           option='lacp', device=view.device.name)

    def enumerate(self, view, base, env):
        return [(steps[-1][1],) for steps, _elem in view.findall(base + ('aggregate-ethernet', ('entry', None)))]


class Zones:
    """Existing zones, by (vsys, name); below the device root whatever the option's base (zones are per vsys).
    Enumerated in the vsys of ``env['vsys']`` (vsys1 by default)."""

    example_key = ('vsys1', 'z')

    def steps(self, base, key):
        vsys, zone = key
        return ('vsys', ('entry', vsys), 'zone', ('entry', zone))

    def locate(self, base, key, view):
        steps = self.steps(base, key)
        _must_exist(view, steps, 'zone %s in %s' % (key[1], key[0]), 'packet_buffer_protection.zones')
        return steps

    def enumerate(self, view, base, env):
        keys = []
        for vsys in env.get('vsys') or ('vsys1',):
            for steps, _elem in view.findall(('vsys', ('entry', vsys), 'zone', ('entry', None))):
                keys.append((vsys, steps[-1][1]))
        return keys
