# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""XML helpers: build requests safely, read responses safely.

Named xmlutil (not xml) so it never shadows the standard library package.

Rule of the house: user input reaches XML only as ElementTree text or attribute
values (which ElementTree escapes) or through xpath_literal(); never by string
concatenation. Element *names* cannot be escaped, so they are validated.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput

# XML Name production, restricted to what PAN-OS uses (ASCII letters, digits, '-', '_', '.').
_TAG_RE = re.compile(r'^[A-Za-z_][A-Za-z0-9_.\-]*$')


def check_tag(tag):
    """Return tag if it is a safe element name, else raise InvalidInput."""
    if not isinstance(tag, str) or not _TAG_RE.match(tag):
        raise InvalidInput(f'{tag!r} is not a valid XML element name')
    return tag


def build_element(tag, value=None):
    """Build an Element from a tag and a value.

    value may be None (empty element), a scalar (text; bools become yes/no), a
    dict (child tag -> value; a list value repeats the child, as in
    ``{'member': ['a', 'b']}``), or an Element (appended as the only child).
    A dict key starting with ``@`` sets an attribute of the element instead
    (``{'entry': {'@name': 'a&b'}}`` -> ``<entry name="a&amp;b"/>``).
    """
    elem = ET.Element(check_tag(tag))
    _fill(elem, value)
    return elem


def _fill(elem, value):
    if value is None:
        return
    if isinstance(value, ET.Element):
        elem.append(value)
    elif isinstance(value, dict):
        for child_tag, child_value in value.items():
            if isinstance(child_tag, str) and child_tag.startswith('@'):
                elem.set(check_tag(child_tag[1:]), str(child_value))
                continue
            values = child_value if isinstance(child_value, (list, tuple)) else [child_value]
            for item in values:
                child = ET.SubElement(elem, check_tag(child_tag))
                _fill(child, item)
    elif isinstance(value, bool):
        elem.text = 'yes' if value else 'no'
    else:
        elem.text = str(value)


def to_string(elem):
    """Serialize an Element compactly: ``<a><b/></a>``, UTF-8 text, no XML declaration."""
    text = ET.tostring(elem, encoding='unicode')
    # ElementTree writes empty elements as "<b />". A literal " />" can only be
    # markup here: ElementTree escapes '>' in text and attribute values.
    return text.replace(' />', '/>')


def op_element(path, text=None, children=None):
    """An op command as XML text.

    ``op_element(['show', 'high-availability', 'all'])`` ->
    ``<show><high-availability><all/></high-availability></show>``;
    ``op_element(['show', 'jobs', 'id'], text=5)`` -> ``<show><jobs><id>5</id></jobs></show>``;
    children (a dict, see build_element) go inside the innermost element.
    """
    if isinstance(path, str):
        path = path.split()
    if not path:
        raise InvalidInput('an op command needs at least one element')
    root = ET.Element(check_tag(path[0]))
    leaf = root
    for tag in path[1:]:
        leaf = ET.SubElement(leaf, check_tag(tag))
    if text is not None and children is not None:
        raise InvalidInput('op_element: give text or children, not both')
    _fill(leaf, text if children is None else children)
    return to_string(root)


def xpath_literal(value):
    """Quote a value as an XPath 1.0 string literal.

    XPath has no escape character: a value with only ' is wrapped in ", one with
    only " in ', and one with both is built with concat().
    """
    value = str(value)
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    parts = []
    for i, chunk in enumerate(value.split("'")):
        if i:
            parts.append('"\'"')
        if chunk:
            parts.append(f"'{chunk}'")
    return f"concat({', '.join(parts)})"


def parse(text):
    """Parse XML text (str or bytes) to an Element; InvalidInput on malformed XML."""
    try:
        return ET.fromstring(text)
    except ET.ParseError as exc:
        raise InvalidInput(f'malformed XML: {exc}') from None


def find_text(elem, path, default=None):
    """Stripped text of the first element at path, default when missing or empty."""
    if elem is None:
        return default
    found = elem.find(path) if path else elem
    if found is None:
        return default
    text = ''.join(found.itertext()) if len(found) else (found.text or '')
    text = text.strip()
    return text if text else default


def find_lines(elem, path):
    """Stripped, non-empty texts of every ``path/line`` (CDATA lines carry a leading space).

    A ``<line>`` without text may wrap its message one level down
    (``<line><line>x</line></line>`` or ``<line><newjob><newmsg>x</newmsg></newjob></line>``).
    """
    if elem is None:
        return []
    container = elem.find(path) if path else elem
    if container is None:
        return []
    lines = []
    for line in container.findall('line'):
        text = ''.join(line.itertext()).strip()
        if text:
            lines.append(text)
    if not lines and len(container) == 0 and (container.text or '').strip():
        # e.g. <msg>There are no changes to commit.</msg>
        lines.append(container.text.strip())
    return lines


def yes_no(text):
    """'yes'/'no' (any case) -> True/False; anything else -> None."""
    if text is None:
        return None
    value = text.strip().lower()
    if value == 'yes':
        return True
    if value == 'no':
        return False
    return None


def to_int(text):
    """Decimal text -> int; anything else (a timestamp, 'Unknown', None) -> None."""
    if text is None:
        return None
    text = text.strip()
    if re.match(r'^-?\d+$', text):
        return int(text)
    return None


def response_message(root):
    """The human message of a response: msg/line, result/msg/line, result/msg or msg (joined with '; ')."""
    for path in ('msg', 'result/msg'):
        lines = find_lines(root, path)
        if lines:
            return '; '.join(lines)
    return None
