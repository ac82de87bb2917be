# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""plugin_utils/bytecode_cache.py: which of the collection's files the standard loader (with its .pyc cache) imports
instead of ansible-core's collection loader, and that such an import writes and then reads the cache."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys

from ansible_collections.hapair.panos.plugins.plugin_utils import bytecode_cache

MODULE_UTILS = 'ansible_collections.hapair.panos.plugins.module_utils'
MODULE_UTILS_DIR = os.path.join(os.path.dirname(bytecode_cache.__file__), '..', 'module_utils')


def test_a_plain_module_of_module_utils_gets_the_standard_source_loader():
    spec = bytecode_cache.cached_spec(MODULE_UTILS + '.task', [MODULE_UTILS_DIR])
    assert isinstance(spec.loader, importlib.machinery.SourceFileLoader)
    assert os.path.samefile(spec.origin, os.path.join(MODULE_UTILS_DIR, 'task.py'))
    assert spec.cached.endswith('.pyc')


def test_modules_and_nested_module_utils_are_covered_too():
    modules_dir = os.path.join(MODULE_UTILS_DIR, '..', 'modules')
    assert bytecode_cache.cached_spec('ansible_collections.hapair.panos.plugins.modules.ha_info', [modules_dir])
    nested = os.path.join(MODULE_UTILS_DIR, 'catalog_tables')
    assert bytecode_cache.cached_spec(MODULE_UTILS + '.catalog_tables.items', [nested])


def test_packages_other_collections_other_plugins_and_top_level_names_stay_with_the_collection_loader():
    assert bytecode_cache.cached_spec(MODULE_UTILS + '.catalog_tables', [MODULE_UTILS_DIR]) is None  # a package
    assert bytecode_cache.cached_spec(MODULE_UTILS + '.no_such_file', [MODULE_UTILS_DIR]) is None
    assert bytecode_cache.cached_spec('ansible_collections.other.panos.plugins.module_utils.task',
                                      [MODULE_UTILS_DIR]) is None
    assert bytecode_cache.cached_spec('ansible_collections.hapair.panos.plugins.module_utils_extra.task',
                                      [MODULE_UTILS_DIR]) is None
    assert bytecode_cache.cached_spec('ansible_collections.hapair.panos.plugins.filter.health',
                                      [MODULE_UTILS_DIR]) is None
    assert bytecode_cache.cached_spec(MODULE_UTILS + '.task', None) is None  # no parent package path: top level


def test_an_import_writes_the_pyc_and_the_next_one_reads_it(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, 'dont_write_bytecode', False)
    source = tmp_path / 'sample_for_cache.py'
    source.write_text('VALUE = 41 + 1\n')
    name = MODULE_UTILS + '.sample_for_cache'
    spec = bytecode_cache.cached_spec(name, [str(tmp_path)])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.VALUE == 42
    assert os.path.isfile(spec.cached)
    # The second import takes the code from the .pyc: a source of the same size and time that says otherwise is not
    # compiled (that is how Python's cache decides, by the source's mtime and size).
    stat = source.stat()
    source.write_text('VALUE = 41 + 2\n')
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again = bytecode_cache.cached_spec(name, [str(tmp_path)])
    module = importlib.util.module_from_spec(again)
    again.loader.exec_module(module)
    assert module.VALUE == 42


def test_install_puts_one_finder_first(monkeypatch):
    monkeypatch.setattr(sys, 'meta_path', list(sys.meta_path))
    bytecode_cache.install()
    bytecode_cache.install()
    finders = [f for f in sys.meta_path if isinstance(f, bytecode_cache.CachedSourceFinder)]
    assert len(finders) == 1 and sys.meta_path[0] is finders[0]
    assert finders[0].find_spec(MODULE_UTILS + '.task', [MODULE_UTILS_DIR]) is not None
