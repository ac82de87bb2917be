#!/usr/bin/env python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Render docs/sync-catalog.md from the catalog package plugins/module_utils/catalog_tables/.

    python tools/gen_sync_catalog_doc.py           # (re)write docs/sync-catalog.md
    python tools/gen_sync_catalog_doc.py --check   # exit 1 if the page on disk is stale

The catalog package is loaded by file path, so this works from a plain checkout without the
collection installed. The output is deterministic (catalog order, no timestamps).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOG_PATH = os.path.join(ROOT, 'plugins', 'module_utils', 'catalog_tables')
DOC_PATH = os.path.join(ROOT, 'docs', 'sync-catalog.md')
REGENERATE = 'python tools/gen_sync_catalog_doc.py'

MODE_TITLES = {'active-passive': 'active/passive', 'active-active': 'active/active'}


def load_catalog(path=CATALOG_PATH):
    """The catalog package at `path`, imported without the collection (its modules import each other relatively)."""
    name = 'hapair_panos_sync_catalog'
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, os.path.join(path, '__init__.py'),
                                                      submodule_search_locations=[path])
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        # The package's __init__.py is empty (ansible-core 2.16's sanity); index.py gathers its names.
        sys.modules[name].__dict__.update(vars(importlib.import_module(name + '.index')))
    return sys.modules[name]


def _cell(text):
    if text is None or text == '' or text == ():
        return '—'
    return str(text).replace('|', '\\|').replace('\n', ' ')


def _code(value):
    return f'`{_cell(value)}`' if value else '—'


def _code_list(values):
    if not values:
        return '—'
    return '<br>'.join(_code(v) for v in values)


def _table(header, rows):
    lines = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    lines.extend('| ' + ' | '.join(row) + ' |' for row in rows)
    return lines


def _sync_cell(catalog, value):
    if value == catalog.SYNCS:
        return 'syncs'
    if value == catalog.NOT_SYNCED:
        return '**does not sync**'
    return f"syncs only if {catalog.CONDITIONS[value]['title']} (`{value}`)"


def _mode_section(catalog, mode):
    other = [m for m in catalog.MODES if m != mode][0]
    out = [f'## What does not sync in {MODE_TITLES[mode]}', '']
    rows = []
    for item in catalog.NON_SYNCED_ITEMS:
        value = item['modes'][mode]
        if value == catalog.SYNCS:
            continue
        rows.append([
            _cell(item['title']),
            _code(item['key']),
            _sync_cell(catalog, value),
            _cell(item['where']),
            item['kind'],
            _code_list(item['xpaths']),
            _cell(item['confidence']),
            _code(item['peer_settings_option']),
            item['relationship'],
        ])
    out += _table(['Configuration item', 'Key', f'In {MODE_TITLES[mode]}', 'Where (GUI)', 'Kind', 'XPaths',
                   'Confidence', 'peer_settings option', 'Drift rule'], rows)
    syncing = [item for item in catalog.NON_SYNCED_ITEMS
               if item['modes'][mode] == catalog.SYNCS and item['modes'][other] != catalog.SYNCS]
    if syncing:
        listed = ', '.join(f"{i['title']} (`{i['key']}`)" for i in syncing)
        out += ['', f'Listed only for {MODE_TITLES[other]}, so they **sync** in {MODE_TITLES[mode]}: {listed}.']
    return out + ['']


def render(catalog):
    out = [
        '<!-- Generated from plugins/module_utils/catalog_tables/ by tools/gen_sync_catalog_doc.py: do not edit. -->',
        f'<!-- Regenerate with: {REGENERATE} -->',
        '',
        '# HA synchronization catalog',
        '',
        'What PAN-OS HA synchronizes between peers and what it does not, per HA mode, as `hapair.panos` uses it: '
        '`peer_settings` manages the items that do not sync on each peer (and refuses the ones that do), '
        '`preflight` checks the reasons synchronization does not happen, and `peer_settings_info` builds its drift '
        'report from the drift rules. This page is generated from `plugins/module_utils/catalog_tables/`; to change it, '
        f'edit the catalog and run `{REGENERATE}`.',
        '',
        'Source: PAN-OS admin guide "Reference: HA Synchronization" (tables, runtime table, CLI help and reasons; '
        'titles and reasons verbatim), a PAN knowledge-base article (disk-state, runtime-state, the jumbo-frame '
        'HA-Sync failure), and XPaths read from PAN-OS client libraries. XPaths are relative to '
        f'`{catalog.DEVICE_ROOT}` unless they start with `/config`; `entry` steps address every entry.',
        '',
        'Confidence of the XPaths: `code` = a client library\'s definition, `sample` = seen in real configuration, '
        '`weak` = a single third-party hit or an inferred container, `missing` = not found (the item cannot be '
        'managed by XPath yet); `—` = not configuration. Drift rule: what the drift report expects when both peers '
        'are compared (`mixed`: see the parts below).',
        '',
    ]
    for mode in catalog.MODES:
        out += _mode_section(catalog, mode)

    out += ['## Conditions of the active/active rows', '']
    out += _table(['Condition', 'Meaning', 'Where (GUI)', 'XPath', 'Holds when', 'Confidence'], [
        [f'`{name}`', _cell(c['title']), _cell(c['where']), _code(c['xpath']), _cell(c['test']), c['confidence']]
        for name, c in catalog.CONDITIONS.items()])
    out += ['']

    out += ['## Notes per item', '']
    out += _table(['Key', 'Note', 'XPath source', 'How to read it (op)', 'Caveat'], [
        [_code(item['key']), _cell(item['note']), _cell(item['xpath_source']),
         _cell(f"{item['op_read']['cli']} → {item['op_read']['field']}" if item['op_read'] else None),
         _cell(item['caveat'])]
        for item in catalog.NON_SYNCED_ITEMS])
    out += ['']

    out += ['## Parts', '',
            'Items whose settings do not all follow one drift rule are split into parts.', '']
    rows = []
    for item in catalog.NON_SYNCED_ITEMS:
        for part in item['parts']:
            rows.append([_code(item['key']), _code(part['name']), _cell(part['title']), _code_list(part['xpaths']),
                         part['relationship'],
                         _code(part['peer_settings_option'])])
    out += _table(['Item', 'Part', 'Settings', 'XPaths', 'Drift rule', 'peer_settings option'], rows)
    out += ['']

    out += ['## Runtime information synchronized between peers', '']
    out += _table(['Runtime information', 'Key', 'Plane', 'A/P', 'A/A', 'HA link', 'Details'], [
        [_cell(r['title']), _code(r['key']), r['plane'], 'yes' if r['synced']['active-passive'] else 'no',
         'yes' if r['synced']['active-active'] else 'no', _cell(r['link']), _cell(r['note'])]
        for r in catalog.RUNTIME_ITEMS])
    out += ['']

    out += ['## Manual synchronization commands', '',
            '`hapair.panos.sync_to_remote` issues these on the active peer.', '']
    out += _table(['Target', 'CLI command', 'Description', 'HA link', 'Source'], [
        [_code(t['name']), _code(t['cli']), _cell(t['description']), _cell(t['link']), _cell(t['source'])]
        for t in catalog.SYNC_TARGETS])
    out += ['']

    out += ['## Reasons synchronization does not happen', '',
            '`hapair.panos.preflight` reports each as a blocker or warning with this code.', '']
    out += _table(['Code', 'Applies to', 'Severity', 'Documented reason', 'Remediation', 'Evidence', 'Source'], [
        [_code(b['code']), b['applies_to'], b['severity'], _cell(b['text']), _cell(b['remediation']),
         _cell(b['evidence']), _cell(b['source'])]
        for b in catalog.SYNC_BLOCKERS])
    out += ['']
    return '\n'.join(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description='Render docs/sync-catalog.md from the sync catalog.')
    parser.add_argument('--check', action='store_true', help='exit 1 if the file on disk differs from the render')
    parser.add_argument('--output', default=DOC_PATH, help='the page to write or check (default: %(default)s)')
    args = parser.parse_args(argv)

    text = render(load_catalog())
    if args.check:
        try:
            with open(args.output, encoding='utf-8') as handle:
                current = handle.read()
        except FileNotFoundError:
            current = None
        if current != text:
            state = 'missing' if current is None else 'stale'
            print(f'{os.path.relpath(args.output, ROOT)} is {state}: regenerate it with `{REGENERATE}`', file=sys.stderr)
            return 1
        return 0
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, 'w', encoding='utf-8') as handle:
        handle.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
