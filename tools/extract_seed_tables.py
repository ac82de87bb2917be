#!/usr/bin/env python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Extract the HA-synchronization tables of the vendor reference into a JSON test fixture.

The source is the text of the PAN-OS admin guide page "Reference: HA Synchronization"
(the project keeps it as seeds/000_a5e2d2d8dfa15c4c.txt, outside this repository). The
fixture it writes, tests/unit/plugins/module_utils/fixtures/seed_tables.json, is
committed: the unit tests compare plugins/module_utils/catalog_tables/ with it and never
read the seed itself, so the collection does not depend on files outside the tree.
Re-run this only when the source page is updated, then review the diff:

    python tools/extract_seed_tables.py ../shared/seeds/000_a5e2d2d8dfa15c4c.txt \
        > tests/unit/plugins/module_utils/fixtures/seed_tables.json

What it extracts, verbatim except that runs of whitespace become one space:
  - the first column ("Configuration Item") of "What Doesn't Sync in Active/Passive HA?"
    and of "What Doesn't Sync in Active/Active HA?";
  - every row of "System Runtime Information Synchronized Between HA Peers";
  - the option list of `request high-availability sync-to-remote` (CLI help);
  - the bullets of "Reasons That Synchronization Doesn't Happen".
"""

from __future__ import annotations

import argparse
import json
import re
import sys

AP_HEADING = "What Doesn't Sync in Active/Passive HA?"
AA_HEADING = "What Doesn't Sync in Active/Active HA?"
RUNTIME_HEADING = 'System Runtime Information Synchronized Between HA Peers'
CLI_HEADING = 'CLI Commands for HA Synchronization'
REASONS_HEADING = "Reasons That Synchronization Doesn't Happen"


def _squash(text):
    return re.sub(r'\s+', ' ', text).strip()


def _section(text, heading, next_heading):
    """The text between the last line that is exactly `heading` and `next_heading`.

    The page opens with a table of contents that repeats the headings, hence "last".
    """
    starts = [m.end() for m in re.finditer(r'^' + re.escape(heading) + r'$', text, re.M)]
    if not starts:
        raise SystemExit(f'heading not found: {heading}')
    start = starts[-1]
    end = text.find(next_heading, start)
    if end < 0:
        raise SystemExit(f'heading not found after {heading!r}: {next_heading}')
    return text[start:end]


def _table_rows(section):
    """Rows of a pipe table whose cells may span lines: each row starts with '|' in column 0."""
    rows = []
    current = None
    for line in section.splitlines():
        if line.startswith('|'):
            if current is not None:
                rows.append(current)
            current = line
        elif current is not None:
            current += '\n' + line
    if current is not None:
        rows.append(current)
    cells = []
    for row in rows:
        if row.startswith('|---'):
            continue
        parts = [_squash(p) for p in row.strip().strip('|').split('|')]
        cells.append(parts)
    return cells


def extract(text):
    ap = _table_rows(_section(text, AP_HEADING, AA_HEADING))
    aa = _table_rows(_section(text, AA_HEADING, RUNTIME_HEADING))
    runtime = _table_rows(_section(text, RUNTIME_HEADING, CLI_HEADING))

    def titles(rows):
        return [r[0] for r in rows if r[0] and r[0] != 'Configuration Item']

    runtime_rows = []
    plane = None
    for cells in runtime:
        if cells[0] in ('Management Plane', 'Dataplane'):
            plane = 'management' if cells[0] == 'Management Plane' else 'dataplane'
            continue
        if len(cells) < 4 or cells[1] not in ('Yes', 'No'):
            continue  # the two header rows
        runtime_rows.append({
            'title': cells[0],
            'plane': plane,
            'active-passive': cells[1] == 'Yes',
            'active-active': cells[2] == 'Yes',
            'link': None if cells[3] == 'N/A' else cells[3],
            'details': cells[4] if len(cells) > 4 else '',
        })

    cli = text[text.rfind(CLI_HEADING):]
    help_rows = [{'target': m.group(1), 'help': _squash(m.group(2))}
                 for m in re.finditer(r'^>(\S+)\s+(.+)$', cli, re.M)]

    reasons = text[text.rfind(REASONS_HEADING):]
    sessions_part, _, config_part = reasons.partition("The HA configurations won't synchronize")
    bullets = {
        'sessions': [_squash(b) for b in re.findall(r'^- (.+)$', sessions_part, re.M)],
        'config': [_squash(b) for b in re.findall(r'^- (.+)$', config_part, re.M)],
    }
    return {
        '_source': ("PAN-OS admin guide, 'Reference: HA Synchronization' "
                    "(project seed seeds/000_a5e2d2d8dfa15c4c.txt), extracted by tools/extract_seed_tables.py"),
        'active-passive': titles(ap),
        'active-active': titles(aa),
        'runtime': runtime_rows,
        'sync_to_remote_help': help_rows,
        'blockers': bullets,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('seed', help='path of the seed text (seeds/000_a5e2d2d8dfa15c4c.txt)')
    args = parser.parse_args(argv)
    with open(args.seed, encoding='utf-8') as handle:
        data = extract(handle.read())
    # ASCII escapes (\u2019) keep the seed's typographic apostrophes verbatim in the data without putting them
    # in the shipped file, where ansible-test's no-smart-quotes test (and so Automation Hub's import) flags them.
    json.dump(data, sys.stdout, indent=2, ensure_ascii=True)
    sys.stdout.write('\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
