#!/usr/bin/env python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Judge a galaxy-importer run the way a Hub reviewer would: any warning or error fails it.

galaxy-importer exits 0 after warnings (ansible-lint findings, sanity ignore files, a missing changelog ...) and
Automation Hub shows them on the import page, where certification reviewers read them. This reads the
importer's log (its stdout: "WARNING: ..." / "ERROR: ..." lines) and its importer_result.json, fails on any
warning or error, on a result that is not this collection's version, and on a check that Hub's settings enable
but that did not run; it prints a summary.

    python tools/check_importer.py --log build/importer/importer.log --result build/importer/importer_result.json \
        --galaxy galaxy.yml --rc 0
"""

import argparse
import collections
import json
import re
import sys

import yaml

FINDING = re.compile(r'^(WARNING|ERROR|CRITICAL): ')
# Lines the importer logs when the checks that tools/galaxy-importer.cfg enables ran to the end.
MUST_RUN = {
    'ansible-doc': 'Getting doc strings via ansible-doc',
    'ansible-lint': '...ansible-lint run complete',
    'import': 'Importer processing completed successfully',
}


def judge(log_lines, result, galaxy, rc):
    """(problems, summary lines)."""
    problems = []
    if rc != 0:
        problems.append('galaxy-importer exited %d' % rc)
    findings = [line for line in log_lines if FINDING.match(line)]
    problems.extend('importer %s' % line for line in findings)
    for check, line in MUST_RUN.items():
        if line not in log_lines:
            problems.append('%s did not run to the end (no "%s" in the log)' % (check, line))
    summary = []
    version = next((line for line in log_lines if line.startswith('Importing with galaxy-importer')), '?')
    lint = next((line for line in log_lines if line.startswith('Linting collection via')), '?')
    summary.append('%s; %s' % (version, lint.rstrip('.')))
    if result is None:
        problems.append('no importer_result.json')
        return problems, summary
    meta = result.get('metadata') or {}
    got = '%s.%s %s' % (meta.get('namespace'), meta.get('name'), meta.get('version'))
    want = '%s.%s %s' % (galaxy['namespace'], galaxy['name'], galaxy['version'])
    if got != want:
        problems.append('imported %s, galaxy.yml says %s' % (got, want))
    kinds = collections.Counter(item['content_type'] for item in result.get('contents') or [])
    if not kinds.get('module'):
        problems.append('the importer found no module')
    docs = result.get('docs_blob') or {}
    undocumented = [item['content_name'] for item in docs.get('contents') or []
                    if item.get('content_type') == 'module' and not item.get('doc_strings')]
    if undocumented:
        problems.append('no documentation loaded for modules %s' % ', '.join(sorted(undocumented)))
    summary.append('collection %s, requires_ansible %s, license %s, tags %s' % (
        got, result.get('requires_ansible'), ','.join(meta.get('license') or []), ','.join(meta.get('tags') or [])))
    summary.append('contents: %s' % ', '.join('%d %s' % (n, kind) for kind, n in sorted(kinds.items())))
    readme = (docs.get('collection_readme') or {}).get('name')
    files = [item['name'] for item in docs.get('documentation_files') or []]
    summary.append('readme %s; documentation tab (docs/*.md): %s' % (readme, ', '.join(files) or 'none'))
    summary.append('%d warning(s), %d error(s)' % (
        sum(1 for line in findings if line.startswith('WARNING')), sum(1 for line in findings if not line.startswith('WARNING'))))
    return problems, summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--log', required=True)
    parser.add_argument('--result', required=True)
    parser.add_argument('--galaxy', required=True)
    parser.add_argument('--rc', type=int, required=True, help="galaxy-importer's exit status")
    args = parser.parse_args(argv)
    with open(args.log, encoding='utf-8') as handle:
        log_lines = [line.rstrip('\n') for line in handle]
    try:
        with open(args.result, encoding='utf-8') as handle:
            result = json.load(handle)
    except FileNotFoundError:
        result = None
    with open(args.galaxy, encoding='utf-8') as handle:
        galaxy = yaml.safe_load(handle)
    problems, summary = judge(log_lines, result, galaxy, args.rc)
    for line in summary:
        print('importer: ' + line)
    for problem in problems:
        print('importer: FAIL: ' + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
