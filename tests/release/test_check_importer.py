"""tools/check_importer.py fails a galaxy-importer run on everything a Hub reviewer would see (`make importer` runs this first)."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location('check_importer', ROOT / 'tools' / 'check_importer.py')
check_importer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_importer)

GALAXY = {'namespace': 'hapair', 'name': 'panos', 'version': '1.0.0'}
CLEAN_LOG = [
    'Importing with galaxy-importer 0.4.44',
    'Getting doc strings via ansible-doc',
    'Loading module ha_info',
    'Linting collection via ansible-lint 26.10.1...',
    '...ansible-lint run complete',
    'Collection loading complete',
    'Importer processing completed successfully',
]


def _result(version='1.0.0', doc_strings=True):
    return {
        'metadata': {'namespace': 'hapair', 'name': 'panos', 'version': version, 'license': ['GPL-3.0-or-later'], 'tags': ['networking']},
        'contents': [{'name': 'ha_info', 'content_type': 'module'}, {'name': 'sync', 'content_type': 'role'}],
        'docs_blob': {
            'collection_readme': {'name': 'README.md'},
            'documentation_files': [{'name': 'connection.md'}],
            'contents': [{'content_name': 'ha_info', 'content_type': 'module', 'doc_strings': {'doc': {}} if doc_strings else {}}],
        },
        'requires_ansible': '>=2.16.0',
    }


def test_a_clean_run_passes_and_is_summarized():
    problems, summary = check_importer.judge(CLEAN_LOG, _result(), GALAXY, 0)
    assert problems == []
    assert 'collection hapair.panos 1.0.0, requires_ansible >=2.16.0' in summary[1]
    assert summary[-1] == '0 warning(s), 0 error(s)'


@pytest.mark.parametrize('log, result, rc, expected', [
    (CLEAN_LOG[:-1] + ['WARNING: Ignore files skip ansible-test sanity tests, found ignore-2.19.txt with 1 statement(s)',
                       CLEAN_LOG[-1]], _result(), 0, 'importer WARNING: Ignore files skip'),
    (CLEAN_LOG[:4] + ['WARNING: plugins/modules/x.py:1: galaxy[tags]: ...'] + CLEAN_LOG[4:], _result(), 0, 'importer WARNING: plugins'),
    (CLEAN_LOG[:1] + ['ERROR: The import failed for the following reason: Invalid collection metadata.'], None, 1, 'exited 1'),
    ([line for line in CLEAN_LOG if 'ansible-lint run complete' not in line], _result(), 0, 'ansible-lint did not run'),
    (CLEAN_LOG, _result(version='0.1.0'), 0, 'imported hapair.panos 0.1.0, galaxy.yml says hapair.panos 1.0.0'),
    (CLEAN_LOG, _result(doc_strings=False), 0, 'no documentation loaded for modules ha_info'),
    (CLEAN_LOG, None, 0, 'no importer_result.json'),
])
def test_what_fails_a_run(log, result, rc, expected):
    problems, _ = check_importer.judge(log, result, GALAXY, rc)
    assert any(expected in problem for problem in problems), problems
