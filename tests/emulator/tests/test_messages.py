"""messages.py holds every PAN-OS message text the emulator sends, and only texts the emulator sends.

Static checks over the package source (no emulator needed):
- every constant of messages.py is used by another module of the package;
- no other module spells out a message text (or a sentence-sized piece of one) as a string literal;
- the places that put text on the wire (serializer replies, domain errors, job results) get it from messages.py;
- only serializer.py writes a ``<response`` envelope.
Control-API errors (JSON, ValueError texts) are the emulator's own, not PAN-OS messages, and are not covered.
"""

import ast
import re
from pathlib import Path

import pytest

from panos_emulator import exceptions, messages

PACKAGE = Path(messages.__file__).parent
MODULES = sorted(p for p in PACKAGE.glob("*.py") if p.name != "messages.py")
CONSTANTS = {name: value for name, value in vars(messages).items() if name.isupper()}
REPLY_FUNCTIONS = {"result", "msg", "msg_lines", "enqueued", "cdata_result", "html_page"}
DOMAIN_ERRORS = {name for name, value in vars(exceptions).items()
                 if isinstance(value, type) and issubclass(value, exceptions.EmulatorError)}


def _tree(path):
    return ast.parse(path.read_text(), filename=str(path))


def _docstrings(tree):
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _strings(tree):
    """(line, text) of every string literal that is not a docstring."""
    docs = _docstrings(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs]


def _texts(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _texts(v)]
    return []


def _fragments(text):
    """The literal pieces of a message (between its {placeholders}) that are long enough to be a message: two words
    or more, 12 characters or more. Short vocabulary ("suspended", "Link down" as a field value, "not found" in a
    control-API error) is not counted."""
    return [piece.strip() for piece in re.split(r"\{[^}]*\}", text)
            if len(piece.strip().split()) >= 2 and len(piece.strip()) >= 12]


def _used_names():
    """Names of messages.py that another module uses, or that messages.py uses itself (BLOCKERS reuses texts)."""
    used = {node.id for node in ast.walk(_tree(PACKAGE / "messages.py"))
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    for path in MODULES:
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in ("M", "messages"):
                used.add(node.attr)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").endswith("messages"):
                used.update(alias.name for alias in node.names)
    return used


def test_every_message_constant_is_used():
    unused = sorted(set(CONSTANTS) - _used_names())
    assert not unused, "constants of messages.py no module uses: %s" % unused


def test_names_used_as_messages_exist():
    missing = sorted(_used_names() - set(CONSTANTS))
    assert not missing, "messages.%s do not exist" % missing


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_message_text_outside_messages_py(path):
    fragments = {frag: name for name, value in CONSTANTS.items() for text in _texts(value) for frag in _fragments(text)}
    found = [(line, name, frag) for line, text in _strings(_tree(path)) for frag, name in fragments.items()
             if frag in text]
    assert not found, "%s spells out messages.py texts: %s" % (path.name, found)


def _sentence(node):
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and re.search(r"[A-Za-z]+ [A-Za-z]+", node.value)


def _call_name(node):
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_wire_texts_come_from_messages_py(path):
    """A reply, a domain error or a job result gets its text from messages.py, never from a literal."""
    bad = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call) and (_call_name(node) in REPLY_FUNCTIONS | DOMAIN_ERRORS):
            args = list(node.args) + [kw.value for kw in node.keywords]
            bad.extend((node.lineno, _call_name(node)) for arg in args if _sentence(arg))
        if isinstance(node, ast.Tuple) and node.elts and isinstance(node.elts[0], ast.Constant) \
                and node.elts[0].value in ("OK", "FAIL") and len(node.elts) == 3:  # (result, details, warnings)
            bad.extend((node.lineno, "job result") for part in node.elts[1:] if isinstance(part, ast.List)
                       for line in part.elts if _sentence(line))
    assert not bad, "%s: literal texts on the wire: %s" % (path.name, bad)


@pytest.mark.parametrize("path", [p for p in MODULES if p.name != "serializer.py"], ids=lambda p: p.name)
def test_only_the_serializer_writes_envelopes(path):
    raw = [line for line, text in _strings(_tree(path)) if "<response" in text]
    assert not raw, "%s writes a <response> envelope itself (lines %s): use serializer.py" % (path.name, raw)
