"""Generated docs must match their sources: the module reference (DOCUMENTATION), the sync catalog, and the
roles' nested argument specs (generated from the modules' specs)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATORS = ["tools/gen_module_docs.py", "tools/gen_sync_catalog_doc.py", "tools/gen_role_specs.py"]


@pytest.mark.parametrize("generator", GENERATORS)
def test_generated_docs_are_fresh(generator):
    if not (ROOT / generator).exists():
        pytest.fail("%s is missing" % generator)
    proc = subprocess.run([sys.executable, generator, "--check"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr + proc.stdout


def test_every_module_has_a_reference_page():
    modules = {p.stem for p in (ROOT / "plugins" / "modules").glob("*.py") if p.stem != "__init__"}
    pages = {p.stem for p in (ROOT / "docs" / "modules").glob("*.md") if p.stem != "README"}
    assert modules == pages
