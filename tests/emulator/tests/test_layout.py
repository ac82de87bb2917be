"""The package's layout rules (static, no emulator needed): no file over ~500 lines, no import inside a function
(there is no import cycle to dodge), no module importing another module's private (_name) helpers, and protocol
apart from model: the model modules import nothing of the protocol layer."""

import ast
from pathlib import Path

import pytest

import panos_emulator

PACKAGE = Path(panos_emulator.__file__).parent
MODULES = sorted(PACKAGE.glob("*.py"))
MAX_LINES = 500
# The model: it knows nothing of HTTP, envelopes or message texts of replies.
MODEL = ("device", "pair", "configstore", "commitscope", "commit_validation", "hasync_rules", "jobs", "locks",
         "masterkey", "runtime", "sysinfo", "faults", "requestlog", "schema", "default_config", "timings", "scheduler")
PROTOCOL = ("server", "xmlapi", "opcommands", "hastate", "serializer", "error_envelopes", "control")


def _imports(tree):
    """(node, module name within the package, imported names) of every relative import."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                out.append((node, node.module, [a.name for a in node.names]))
            else:
                out.extend((node, a.name, []) for a in node.names)
    return out


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_file_size(path):
    assert len(path.read_text().splitlines()) <= MAX_LINES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_imports_at_module_level_and_public(path):
    tree = ast.parse(path.read_text())
    top = {id(node) for node in tree.body}
    for node, module, names in _imports(tree):
        assert id(node) in top, "%s:%d imports .%s inside a function" % (path.name, node.lineno, module)
        private = [n for n in names if n.startswith("_")]
        assert not private, "%s imports private %s from .%s" % (path.name, private, module)


@pytest.mark.parametrize("path", [p for p in MODULES if p.stem in MODEL], ids=lambda p: p.name)
def test_model_does_not_import_protocol(path):
    found = [module for _, module, _ in _imports(ast.parse(path.read_text())) if module in PROTOCOL]
    assert not found, "%s (model) imports the protocol layer: %s" % (path.name, found)
