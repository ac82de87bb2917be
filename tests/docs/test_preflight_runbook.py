"""docs/runbook-preflight.md: its check tables are rendered from the checks the preflight runs (preflight.CHECKS and
the catalog's blockers and findings), every check is in them, and a stale page is caught."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / 'tools'))

import gen_preflight_doc  # noqa: E402  (tools/ is not a package)


def test_page_is_fresh(capsys):
    assert gen_preflight_doc.main(['--check']) == 0, capsys.readouterr().err


def test_a_hand_edited_row_is_caught(tmp_path, capsys):
    page = tmp_path / 'runbook-preflight.md'
    page.write_text(gen_preflight_doc.DOC.read_text(encoding='utf-8').replace('HA is off on a peer', 'HA is off'),
                    encoding='utf-8')
    assert gen_preflight_doc.main(['--check', '--output', str(page)]) == 1
    assert gen_preflight_doc.REGENERATE in capsys.readouterr().err
    assert gen_preflight_doc.main(['--output', str(page)]) == 0
    assert gen_preflight_doc.main(['--check', '--output', str(page)]) == 0


def test_every_check_and_finding_has_a_row_in_report_order():
    catalog, preflight = gen_preflight_doc._preflight()
    text = gen_preflight_doc.DOC.read_text(encoding='utf-8')
    generated = (text.split(gen_preflight_doc.BEGIN_CHECKS)[1].split(gen_preflight_doc.END_CHECKS)[0]
                 + text.split(gen_preflight_doc.BEGIN_FINDINGS)[1].split(gen_preflight_doc.END_FINDINGS)[0])
    rows = [line.split(' | ')[0][3:-1] for line in generated.splitlines() if line.startswith('| `')]
    assert rows == list(preflight.CODES) + list(catalog.PREFLIGHT_FINDINGS)
    for code in preflight.CODES:
        blocker = catalog.get_blocker(code)
        assert blocker['fires_when'] and blocker['in_practice'], code
