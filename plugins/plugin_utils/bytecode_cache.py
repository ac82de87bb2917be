# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Let this collection's modules and module_utils, imported on the controller, use Python's bytecode cache.

Why: ansible-core's collection loader compiles a collection's Python file from its source at every import and never
reads or writes a ``.pyc``. A module of this collection that runs in a fork of the worker (plugin_utils/in_process.py)
is imported by every task of every pair, since each task gets a new worker; compiling its ~35 files was most of
that import, some 25-45 ms of controller CPU per module run (issue 13, docs/dev/benchmarks.md).

What this changes: nothing but where the code object comes from. A plain ``.py`` file under this collection's
``plugins/modules`` or ``plugins/module_utils`` is loaded by the standard ``SourceFileLoader``, which reads
``__pycache__/<name>.cpython-XY.pyc`` when it is up to date with the source and writes it when it may (the
directory is writable and ``PYTHONDONTWRITEBYTECODE`` is not set), exactly as for any other Python file. Packages
(``__init__.py``), every other collection and every other name stay with ansible-core's collection loader, which
also resolved the directory the file is found in (the parent package's ``__path__``). A read-only install behaves as
before unless it was compiled once (``python -m compileall``, docs/connection.md).
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys

PACKAGES = ('ansible_collections.hapair.panos.plugins.modules', 'ansible_collections.hapair.panos.plugins.module_utils')
# Every import in the worker asks this finder first: the test is one startswith on "<parent package>.".
_PREFIXES = tuple(package + '.' for package in PACKAGES)


def cached_spec(fullname, path):
    """The spec with which the standard loader imports fullname from a .py file in path (the parent package's
    __path__), or None when fullname is not a plain module of PACKAGES there."""
    package, leaf = fullname.rpartition('.')[::2]
    if not path or not (package + '.').startswith(_PREFIXES):
        return None
    for directory in path:
        candidate = os.path.join(directory, leaf + '.py')
        if os.path.isfile(candidate):
            return importlib.util.spec_from_file_location(fullname, candidate)
    return None


class CachedSourceFinder(importlib.abc.MetaPathFinder):
    """Placed before the collection loader on sys.meta_path; finds only what cached_spec finds."""

    def find_spec(self, fullname, path=None, target=None):  # pylint: disable=unused-argument
        return cached_spec(fullname, path)


def install():
    """Put the finder first on sys.meta_path, once per process (a forked worker inherits it)."""
    if not any(isinstance(finder, CachedSourceFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, CachedSourceFinder())
