"""docs/sync-catalog.md: generated from the catalog package plugins/module_utils/catalog_tables/, deterministic, complete, and checked."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / 'plugins' / 'module_utils'))

from catalog_tables import index as catalog  # noqa: E402  (the catalog tables import without Ansible, by design)


def _load_generator():
    path = ROOT / 'tools' / 'gen_sync_catalog_doc.py'
    spec = importlib.util.spec_from_file_location('gen_sync_catalog_doc', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_page_is_not_stale(capsys):
    generator = _load_generator()
    rc = generator.main(['--check'])
    assert rc == 0, capsys.readouterr().err


def test_generator_check_reports_a_stale_page(tmp_path, capsys):
    generator = _load_generator()
    stale = tmp_path / 'sync-catalog.md'
    stale.write_text('old\n', encoding='utf-8')
    assert generator.main(['--check', '--output', str(stale)]) == 1
    assert 'python tools/gen_sync_catalog_doc.py' in capsys.readouterr().err
    assert generator.main(['--output', str(stale)]) == 0
    assert generator.main(['--check', '--output', str(stale)]) == 0


def test_page_renders_every_item_runtime_row_target_and_blocker():
    generator = _load_generator()
    text = generator.render(generator.load_catalog())
    assert text == generator.render(generator.load_catalog())  # deterministic
    for item in catalog.NON_SYNCED_ITEMS:
        assert f"`{item['key']}`" in text
    for row in catalog.RUNTIME_ITEMS:
        assert row['title'] in text
    for target in catalog.SYNC_TARGETS:
        assert f"`{target['cli']}`" in text
    for blocker in catalog.SYNC_BLOCKERS:
        assert f"`{blocker['code']}`" in text
