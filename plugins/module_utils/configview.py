# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Addressing and reading a device's configuration by path steps instead of XPath text.

A path is a tuple of steps below the device root (catalog.DEVICE_ROOT): a step is a tag (``'deviceconfig'``)
or ``('entry', name)``; ``('entry', None)`` (or a bare ``'entry'``) matches every entry when reading.
From steps come the API XPath (names quoted with xmlutil.xpath_literal, never concatenated raw) and the
catalog *pattern* (names dropped: ``vsys/entry/zone/entry/...``), which is how the catalog lists XPaths.

ConfigView reads the running config (``action=show``) of one device lazily, one request per container
(``deviceconfig/system``, ``network/interface``, ``vsys/entry[@name='vsys1']/zone`` ...), and answers
lookups from those copies, so reading a dozen settings costs a handful of requests.
"""

from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as ET

from ansible_collections.hapair.panos.plugins.module_utils.catalog import DEVICE_ROOT
from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import check_tag, xpath_literal

# The device root as clients write it: named (both quote styles) or unnamed (xpaths.md: PAN-OS accepts both).
_ROOT_FORMS = (
    DEVICE_ROOT,
    '/config/devices/entry[@name="localhost.localdomain"]',
    '/config/devices/entry',
)
_STEP_RE = re.compile(r'''^(?P<tag>[A-Za-z_][A-Za-z0-9_.\-]*)(?:\[@name=(?:'(?P<sq>[^']*)'|"(?P<dq>[^"]*)")\])?$''')


def tag_of(step):
    return step[0] if isinstance(step, tuple) else step


def name_of(step):
    return step[1] if isinstance(step, tuple) else None


def to_xpath(steps):
    """Absolute API XPath of steps (every name quoted as an XPath literal)."""
    parts = [DEVICE_ROOT]
    for step in steps:
        tag, name = tag_of(step), name_of(step)
        check_tag(tag)
        parts.append(tag if name is None else '%s[@name=%s]' % (tag, xpath_literal(name)))
    return '/'.join(parts)


def pattern(steps):
    """The catalog form of steps: relative, names dropped."""
    return '/'.join(tag_of(step) for step in steps)


def under(path_pattern, prefix_pattern):
    """True when path_pattern is prefix_pattern or lies below it (whole steps)."""
    path, prefix = path_pattern.split('/'), prefix_pattern.split('/')
    return path[:len(prefix)] == prefix


def label(steps):
    """A readable relative path with names: ``network/interface/ethernet/entry[@name='ethernet1/1']/layer3/ip``."""
    return to_xpath(steps)[len(DEVICE_ROOT) + 1:]


def _split(text):
    """Split on '/' outside quotes and brackets."""
    parts, buf, depth, quote = [], [], 0, None
    for char in text:
        if quote:
            quote = None if char == quote else quote
        elif char in '\'"':
            quote = char
        elif char == '[':
            depth += 1
        elif char == ']':
            depth -= 1
        elif char == '/' and depth == 0:
            parts.append(''.join(buf))
            buf = []
            continue
        buf.append(char)
    parts.append(''.join(buf))
    return parts


def parse_xpath(text, option='raw.xpath'):
    """Steps of an absolute XPath below the device root.

    Only plain location steps are accepted: ``tag`` and ``tag[@name='x']`` (or ``"x"``); anything else
    (``//``, unions, other predicates, functions, paths outside the device root) is InvalidInput.
    """
    text = (text or '').strip()
    rest = None
    for root in _ROOT_FORMS:
        if text.startswith(root + '/'):
            rest = text[len(root) + 1:]
            break
    if rest is None:
        raise InvalidInput('%r is not below the device root %s' % (text, DEVICE_ROOT), option=option,
                           remedy='Give an absolute XPath starting with %s/.' % DEVICE_ROOT)
    steps = []
    for raw in _split(rest):
        match = _STEP_RE.match(raw)
        if not match:
            raise InvalidInput('%r: step %r is not a plain tag or tag[@name=\'...\']' % (text, raw), option=option,
                               remedy='Address one node with plain steps; //, unions and other predicates are not '
                                      'supported.')
        name = match.group('sq') if match.group('sq') is not None else match.group('dq')
        steps.append((match.group('tag'), name) if name is not None else match.group('tag'))
    return tuple(steps)


def _child(elem, step):
    tag, name = tag_of(step), name_of(step)
    for child in elem:
        if child.tag == tag and (name is None or child.get('name') == name):
            return child
    return None


def _children(elem, step):
    tag, name = tag_of(step), name_of(step)
    return [child for child in elem if child.tag == tag and (name is None or child.get('name') == name)]


class ConfigView:
    """The running configuration of one device, read on demand by container."""

    def __init__(self, device):
        self.device = device
        self._roots = {}

    @staticmethod
    def root_of(steps):
        """The container a path is read with: two steps, three below vsys (``vsys/entry[@name]/zone``)."""
        depth = 3 if steps and tag_of(steps[0]) == 'vsys' else 2
        return tuple(steps[:min(depth, len(steps))])

    def _root(self, root_steps):
        if root_steps not in self._roots:
            if any(tag_of(s) == 'entry' and name_of(s) is None for s in root_steps):
                raise ValueError('cannot read %s: name the entries of the container' % pattern(root_steps))
            result = self.device.config_show(to_xpath(root_steps))
            self._roots[root_steps] = _child(result, root_steps[-1]) if result is not None else None
        return self._roots[root_steps]

    def find(self, steps):
        """The element at steps (every entry named), or None."""
        steps = tuple(steps)
        root_steps = self.root_of(steps)
        node = self._root(root_steps)
        for step in steps[len(root_steps):]:
            if node is None:
                return None
            node = _child(node, step)
        return node

    def findall(self, steps):
        """[(concrete steps, element)] for steps whose unnamed entry steps match every entry."""
        steps = tuple(steps)
        root_steps = self.root_of(steps)
        node = self._root(root_steps)
        if node is None:
            return []
        found = [(root_steps, node)]
        for step in steps[len(root_steps):]:
            following = []
            for at, elem in found:
                for child in _children(elem, step):
                    concrete = (tag_of(step), child.get('name')) if child.get('name') is not None else tag_of(step)
                    following.append((at + (concrete,), child))
            found = following
        return found

    def exists(self, steps):
        return self.find(steps) is not None


class PredictedView(ConfigView):
    """What a device's configuration will be once planned ops (settings.plan.Op) are committed: the containers of
    a ConfigView, copied, with each op applied the way PAN-OS does (set merges its element under the node, edit
    replaces the node, delete removes it). Used to check a change against the other peer before sending it."""

    def __init__(self, base, ops):
        super().__init__(base.device)
        self._base = base
        self._ops = list(ops)

    def _root(self, root_steps):
        if root_steps not in self._roots:
            original = self._base._root(root_steps)
            holder = ET.Element('holder')
            if original is not None:
                holder.append(copy.deepcopy(original))
            for op in self._ops:
                if tuple(op.steps[:len(root_steps)]) == root_steps or tuple(root_steps[:len(op.steps)]) == op.steps:
                    _apply(holder, root_steps, op)
            self._roots[root_steps] = _child(holder, root_steps[-1])
        return self._roots[root_steps]


def _apply(holder, root_steps, op):
    """Apply one op to the container held in holder (the container is holder's child for root_steps[-1])."""
    steps = tuple(op.steps)
    if len(steps) < len(root_steps):
        # An op above the container (not made by peer_settings today): only its part inside the container counts.
        if op.action == 'delete':
            for child in _children(holder, root_steps[-1]):
                holder.remove(child)
        return
    relative = steps[len(root_steps):]
    if op.action == 'delete':
        parent = _walk(holder, (root_steps[-1],) + relative[:-1], create=False)
        if parent is not None:
            last = relative[-1] if relative else root_steps[-1]
            for child in _children(parent if relative else holder, last):
                (parent if relative else holder).remove(child)
        return
    if op.action == 'set':
        node = _walk(holder, (root_steps[-1],) + relative, create=True)
        _merge(node, op.element)
        return
    parent = _walk(holder, (root_steps[-1],) + relative[:-1], create=True) if relative else holder
    last = relative[-1] if relative else root_steps[-1]
    for child in _children(parent, last):
        parent.remove(child)
    replacement = copy.deepcopy(op.element)
    if name_of(last) is not None:
        replacement.set('name', name_of(last))
    parent.append(replacement)


def _walk(elem, steps, create):
    for step in steps:
        child = _child(elem, step)
        if child is None:
            if not create:
                return None
            child = ET.SubElement(elem, tag_of(step))
            if name_of(step) is not None:
                child.set('name', name_of(step))
        elem = child
    return elem


def _merge(node, element):
    """PAN-OS set: element becomes (or merges into) a child of node; leaves take the new text, members add up."""
    if element.tag == 'member':
        if not any(c.tag == 'member' and (c.text or '') == (element.text or '') for c in node):
            node.append(copy.deepcopy(element))
        return
    existing = next((c for c in node if c.tag == element.tag and c.get('name') == element.get('name')), None)
    if existing is None:
        node.append(copy.deepcopy(element))
        return
    if len(element) == 0:
        existing.text = element.text
        return
    for child in element:
        _merge(existing, child)
