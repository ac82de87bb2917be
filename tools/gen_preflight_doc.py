#!/usr/bin/env python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Render the check tables of docs/runbook-preflight.md from the checks the preflight runs.

    python tools/gen_preflight_doc.py           # rewrite the tables between the markers
    python tools/gen_preflight_doc.py --check   # exit 1 when the page on disk is stale

One row per check of plugins/module_utils/preflight.py's CHECKS, in the order the preflight reports them: the
code, the rule (``same`` / ``each``) and the field compared come from the check itself; the severity and the
runbook's "fires when" / "in practice" columns from the check's blocker in the catalog
(plugins/module_utils/catalog_tables/blockers.py). Then one row per finding about the preflight itself
(catalog.PREFLIGHT_FINDINGS). Everything outside the markers stays hand-written.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import checkout_import  # noqa: E402  (tools/ is not a package)

ROOT = checkout_import.ROOT
DOC = ROOT / 'docs' / 'runbook-preflight.md'
REGENERATE = 'python tools/gen_preflight_doc.py'
BEGIN_CHECKS = ('<!-- BEGIN checks: generated from preflight.CHECKS and the catalog\'s blockers by '
                'tools/gen_preflight_doc.py (make docs); edit them there -->')
END_CHECKS = '<!-- END checks -->'
BEGIN_FINDINGS = ('<!-- BEGIN findings: generated from catalog.PREFLIGHT_FINDINGS by tools/gen_preflight_doc.py '
                  '(make docs); edit them there -->')
END_FINDINGS = '<!-- END findings -->'


def _preflight():
    checkout_import.use_checkout()
    from ansible_collections.hapair.panos.plugins.module_utils import catalog, preflight_checks as preflight
    return catalog, preflight


def _cell(text):
    if not text:
        raise SystemExit('an empty cell: give every check fires_when and in_practice in catalog_tables/blockers.py')
    return str(text).replace('|', '\\|').replace('\n', ' ')


def _table(header, rows):
    return ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)] + ['| ' + ' | '.join(r) + ' |' for r in rows]


def check_rows(catalog, preflight):
    rows = []
    for check in preflight.CHECKS:
        blocker = catalog.get_blocker(check['code'])
        rows.append(['`%s`' % check['code'], blocker['severity'], '%s: `%s`' % (check['rule'], _cell(check['field'])),
                     _cell(blocker['fires_when']), _cell(blocker['in_practice'])])
    return _table(['code', 'severity', 'compared', 'fires when', 'in practice'], rows)


def finding_rows(catalog):
    return _table(['code', 'severity', 'meaning', 'do this'], [
        ['`%s`' % code, f['severity'], _cell(f['fires_when']), _cell(f['in_practice'])]
        for code, f in catalog.PREFLIGHT_FINDINGS.items()])


def _replace(text, begin, end, lines):
    block = re.compile(r'(?m)^%s\n.*?^%s\n' % (re.escape(begin), re.escape(end)), re.S)
    if not block.search(text):
        raise SystemExit('%s: no %r ... %r block' % (DOC.relative_to(ROOT), begin, end))
    return block.sub(lambda _m: '\n'.join([begin] + lines + [end]) + '\n', text, count=1)


def render(text):
    """The page with both generated tables between their markers."""
    catalog, preflight = _preflight()
    text = _replace(text, BEGIN_CHECKS, END_CHECKS, check_rows(catalog, preflight))
    return _replace(text, BEGIN_FINDINGS, END_FINDINGS, finding_rows(catalog))


def main(argv=None):
    parser = argparse.ArgumentParser(description='Render the check tables of docs/runbook-preflight.md.')
    parser.add_argument('--check', action='store_true', help='exit 1 if the page on disk differs from the render')
    parser.add_argument('--output', default=str(DOC), help='the page to write or check (default: %(default)s)')
    args = parser.parse_args(argv)
    path = Path(args.output)
    current = path.read_text(encoding='utf-8')
    text = render(current)
    if text == current:
        return 0
    if args.check:
        print('%s is stale: regenerate it with `%s`' % (path.name, REGENERATE), file=sys.stderr)
        return 1
    path.write_text(text, encoding='utf-8')
    return 0


if __name__ == '__main__':
    sys.exit(main())
