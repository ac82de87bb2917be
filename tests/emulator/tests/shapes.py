"""A small comparer of XML API response *shapes* (not values), for the fidelity tests.

``differences(sample, actual)`` lists what the real sample has that the emulator's response lacks:
- the root's attribute names (``status``, ``code``) must be the same set;
- every child tag the sample has, at every level, must be present in the response with the same nesting
  (a superset is fine: the emulator may answer more fields than an older or smaller device);
- a node that is a text leaf in the sample must be a text leaf in the response, and a node with children in the
  sample must have children in the response (so ``<result>on</result>`` cannot become ``<result><x/></result>``).

Repeated children (``entry``, ``job``, ``line``) are merged: the union of the sample's ``entry`` children must be
present in the union of the response's. Known differences are passed as ``ignore`` (paths like
``result/system/vm-cpuid``); each one is listed with its reason in tests/emulator/ASSUMPTIONS.md.
"""

import re

from lxml import etree

_PARSER = etree.XMLParser(remove_blank_text=True, remove_comments=True)


def parse(data):
    if isinstance(data, str):
        data = data.encode()
    return etree.fromstring(data, _PARSER)


def _elements(node):
    return [c for c in node if isinstance(c.tag, str)]


def _children_by_tag(nodes):
    out = {}
    for node in nodes:
        for child in _elements(node):
            out.setdefault(child.tag, []).append(child)
    return out


def _is_text_leaf(nodes):
    return all(not _elements(n) for n in nodes) and any((n.text or "").strip() for n in nodes)


def differences(sample, actual, ignore=(), check_root_attrs=True, max_depth=None):
    """What ``sample`` (real) has that ``actual`` (emulator) lacks, as a sorted list of 'kind: path' strings.

    ``max_depth`` stops the walk (1 = only the root's children): config reads are compared as envelopes only,
    since what is inside ``<result>`` is the device's configuration, not the API's shape."""
    sample, actual = _root(sample), _root(actual)
    out = []
    if sample.tag != actual.tag:
        out.append("root tag: %s != %s" % (sample.tag, actual.tag))
    if check_root_attrs and set(sample.attrib) != set(actual.attrib):
        out.append("root attributes: %s != %s" % (sorted(sample.attrib), sorted(actual.attrib)))
    _walk([sample], [actual], sample.tag, set(ignore), out, max_depth)
    return sorted(out)


def _walk(samples, actuals, path, ignore, out, depth):
    if depth is not None and depth <= 0:
        return
    if _is_text_leaf(samples) and any(_elements(a) for a in actuals):
        out.append("not a text leaf: %s" % path)
        return
    s_kids, a_kids = _children_by_tag(samples), _children_by_tag(actuals)
    for tag, s_list in s_kids.items():
        child = "%s/%s" % (path, tag)
        if _rel(child) in ignore:
            continue
        if tag not in a_kids:
            out.append("missing: %s" % _rel(child))
            continue
        _walk(s_list, a_kids[tag], child, ignore, out, None if depth is None else depth - 1)


def _rel(path):
    """Paths are reported relative to the root element: 'result/system/hostname'."""
    return path.split("/", 1)[1] if "/" in path else ""


def _root(x):
    return parse(x) if isinstance(x, (bytes, str)) else x


def attribute_names(node, path):
    found = node.find(path) if path else node
    return set(found.attrib) if found is not None else None


def response_open_tag(raw_bytes):
    """The bytes of the opening <response ...> tag, for quote-style checks."""
    m = re.search(rb"<response\b[^>]*>", raw_bytes)
    return m.group(0) if m else None


def quote_style(raw_bytes):
    """'single-spaced' for <response status = 'x'>, 'double' for status="x", 'single' for status='x'."""
    tag = response_open_tag(raw_bytes) or b""
    if re.search(rb"status = '", tag):
        return "single-spaced"
    if b'status="' in tag:
        return "double"
    if b"status='" in tag:
        return "single"
    return None
