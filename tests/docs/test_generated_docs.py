"""Generated docs must match their sources: peer_settings' typed options (from the settings' OPTIONS), the module
reference (DOCUMENTATION and its fragments), the sync catalog, the preflight runbook's check tables, the roles' nested
argument specs (generated from the modules' specs) and the docsite's RST pages (generated from the Markdown user docs). The module pages must show every
field of the documentation, with all markup rendered."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import gen_module_docs  # noqa: E402  (tools/ is not a package)

GENERATORS = ["tools/gen_peer_settings_options.py", "tools/gen_module_docs.py", "tools/gen_sync_catalog_doc.py",
              "tools/gen_preflight_doc.py", "tools/gen_role_specs.py", "tools/gen_docsite_rst.py"]
MODULES = sorted(p for p in (ROOT / "plugins" / "modules").glob("*.py") if p.stem != "__init__")
# Ansible markup left unrendered: C(...), O(...), M(...), B(...), RV(...), ... (the old renderer left B() and M()).
RAW_MARKUP = re.compile(r"\b(?:B|C|E|I|L|M|O|P|RV|U|V)\([^)\s]")


@pytest.mark.parametrize("generator", GENERATORS)
def test_generated_docs_are_fresh(generator):
    if not (ROOT / generator).exists():
        pytest.fail("%s is missing" % generator)
    proc = subprocess.run([sys.executable, generator, "--check"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr + proc.stdout


def test_every_module_has_a_reference_page_and_an_index_entry():
    pages = {p.stem for p in (ROOT / "docs" / "modules").glob("*.md")}
    assert {p.stem for p in MODULES} == pages
    index = (ROOT / "docs" / "modules.md").read_text()
    for name in pages:
        assert "(modules/%s.md)" % name in index


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_module_page_renders_every_field(path):
    doc, examples, ret = gen_module_docs.documentation(path)
    page = (ROOT / "docs" / "modules" / (path.stem + ".md")).read_text()
    # with the HTML tags the renderer adds (<code>, <strong>) and its Markdown escapes (\_) taken out
    plain = re.sub(r"<[^>]+>", "", page).replace("\\", "")
    assert not RAW_MARKUP.search(plain), RAW_MARKUP.search(plain).group(0)
    for section, present in (("Requirements", doc.get("requirements")), ("Attributes", doc.get("attributes")),
                             ("Notes", doc.get("notes")), ("See also", doc.get("seealso")),
                             ("Examples", examples), ("Return values", ret)):
        assert ("## %s\n" % section in page) == bool(present), section

    def names(options, into):
        for name, spec in (options or {}).items():
            into.add(name)
            names(spec.get("suboptions") or spec.get("contains"), into)
        return into

    for name in names(doc["options"], set()) | names(ret, set()):
        assert "- **%s** (" % name.replace("_", "\\_") in page, name
    for attr in doc["attributes"]:
        assert "| %s |" % attr in page
    for requirement in doc.get("requirements") or []:
        assert requirement.split()[0].replace("-", "\\-") in page
    assert examples.strip() in page


# Modules that are only an action plugin on the controller (plugins/action/<name>.py does the work; the module file
# documents it and its main() refuses to run): they take no provider, so they are in no action group
# (module_defaults would hand them one) and need no pan-python.
CONTROLLER_ONLY = "runs on the controller through its action plugin"
CONTROLLER_ACTIONS = sorted(p for p in MODULES if CONTROLLER_ONLY in p.read_text())


@pytest.mark.parametrize("path", CONTROLLER_ACTIONS, ids=lambda p: p.stem)
def test_controller_side_actions_are_documented_as_such(path):
    doc = gen_module_docs.documentation(path)[0]
    groups = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())["action_groups"]
    assert not [g for g, modules in groups.items() if path.stem in modules], "%s must be in no action group" % path.stem
    assert doc["attributes"]["action"]["support"] == "full"
    assert doc["attributes"]["action_group"]["support"] == "none" and doc["attributes"]["action_group"]["membership"] == []
    assert not doc.get("requirements")
    assert (ROOT / "plugins" / "action" / path.name).is_file()
    assert "InProcessModuleAction" not in (ROOT / "plugins" / "action" / path.name).read_text()


def test_the_controller_side_actions_are_found():
    assert [p.stem for p in CONTROLLER_ACTIONS] == ["fleet_report", "report"]


@pytest.mark.parametrize("path", [p for p in MODULES if p not in CONTROLLER_ACTIONS], ids=lambda p: p.stem)
def test_module_documents_requirements_and_its_action_group(path):
    doc = gen_module_docs.documentation(path)[0]
    groups = yaml.safe_load((ROOT / "meta" / "runtime.yml").read_text())["action_groups"]
    member_of = sorted("hapair.panos.%s" % g for g, modules in groups.items() if path.stem in modules)
    assert member_of, "%s is in no action group of meta/runtime.yml" % path.stem
    assert sorted(doc["attributes"]["action_group"]["membership"]) == member_of
    assert any(r.startswith("pan-python") for r in doc["requirements"])
