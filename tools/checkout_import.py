"""Import the collection's Python code (plugins/module_utils ...) from this checkout, for the tools that generate
files from it (tools/ is not a package: ``sys.path.insert(0, tools)`` first, as the scripts run from tools/ do).

``ansible_collections.hapair.panos`` is made importable through a temporary ansible_collections/hapair/panos link
to the checkout, removed at exit, so nothing needs to be built or installed.
"""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def use_checkout():
    """Put an ansible_collections tree whose hapair.panos is this checkout first on sys.path (once)."""
    if getattr(use_checkout, "done", False):
        return
    base = Path(tempfile.mkdtemp(prefix="hapair-gen-"))
    atexit.register(shutil.rmtree, base, True)
    (base / "ansible_collections" / "hapair").mkdir(parents=True)
    os.symlink(ROOT, base / "ansible_collections" / "hapair" / "panos")
    sys.path.insert(0, str(base))
    use_checkout.done = True
