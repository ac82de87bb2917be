# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet report of one run: every pair's record (the fact ``hapair_panos_record`` the runbooks set) in one
JSON document, one self-contained HTML page and one JUnit XML file. Pure functions, no I/O:

  build_fleet(runbook, hosts, records, ...)  -> the fleet dict (what fleet-<runbook>.json holds)
  render_html(fleet)                         -> the page (inline CSS, no script, no external asset)
  render_junit(fleet)                        -> JUnit XML: one testsuite, one testcase per pair

The action plugin hapair.panos.fleet_report reads the records from hostvars and writes the three files after every
batch of the play, so the files always cover every pair of the play: a pair without a record of this runbook is
"skipped (not reached)".

Why a pair is not reached (ansible-core's executor/playbook_executor.py and plugins/strategy/linear.py, 2.16 to
2.20): a play runs its hosts in batches (``serial``). After each task, when the hosts that failed in the current
batch are more than ``max_fail_percentage`` percent of the batch (failed / batch size > percentage / 100; 0 means
the first failure), the strategy marks the rest of the batch failed and the play breaks; so does a batch in which
every host failed, whatever the percentage. A broken play runs no further batch, and the playbook runs none of its
later plays. ``stop_verdict`` applies that rule to the batch that just recorded, so the page can say why the pairs
after it were not reached.
"""

from __future__ import annotations

import html
import os
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

# Results in the order the page lists them: problems first.
RESULT_ORDER = ('failed', 'blocked', 'skipped', 'ok')
RESULT_RANK = {result: rank for rank, result in enumerate(RESULT_ORDER)}
NOT_REACHED = 'skipped (not reached)'
# What the playbooks turn into a failed host after the fleet report task (the "Fail the pair" task).
DEFAULT_FAILING_RESULTS = ('failed', 'blocked')
# The options of hapair.panos.fleet_report (plugins/modules/fleet_report.py documents them).
FLEET_REPORT_ARGUMENT_SPEC = {
    'runbook': {'type': 'str', 'required': True},
    'dir': {'type': 'path'},
    'failing_results': {'type': 'list', 'elements': 'str', 'default': list(DEFAULT_FAILING_RESULTS)},
}
RUNBOOK_NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9_.-]*$')
# Characters XML 1.0 does not allow (ElementTree writes them, and then no parser reads the file).
_NOT_XML = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


def file_names(runbook):
    """The fleet files of a runbook, by kind (json, html, junit)."""
    if not isinstance(runbook, str) or not RUNBOOK_NAME.match(runbook):
        raise ValueError('runbook must be a name of letters, digits, ".", "_" and "-" (it names the files): %r' % (runbook,))
    base = 'fleet-%s' % runbook
    return {'json': base + '.json', 'html': base + '.html', 'junit': base + '.junit.xml'}


def _text(value):
    """A value as one clean string ('' for None)."""
    if value is None:
        return ''
    return _NOT_XML.sub('\ufffd', value if isinstance(value, str) else str(value))


def _list(value):
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _blocker(entry):
    if isinstance(entry, dict):
        return {'code': _text(entry.get('code')) or 'blocker', 'peer': entry.get('peer'), 'message': _text(entry.get('message'))}
    return {'code': 'blocker', 'peer': None, 'message': _text(entry)}


def normalise_record(pair, record):
    """One pair's entry from its record (any missing key as the contract's empty value)."""
    record = dict(record or {})
    result = _text(record.get('result')) or 'failed'
    category = result if result in RESULT_RANK else 'failed'
    drift = record.get('drift')
    key_expiry = record.get('key_expiry')
    return {
        'pair': pair,
        'result': category,
        'status': result,
        'reached': True,
        'changed': [_text(c) for c in _list(record.get('changed'))],
        'blockers': [_blocker(b) for b in _list(record.get('blockers'))],
        'error': None if record.get('error') in (None, '') else _text(record.get('error')),
        'check_mode': bool(record.get('check_mode', False)),
        'report': record.get('report') or None,
        'active_peer': record.get('active_peer') or None,
        'sync_state': record.get('sync_state') or None,
        'drift': None if drift is None else [_text(d) for d in _list(drift)],
        'key_expiry': None if key_expiry is None else (
            {_text(k): _text(v) for k, v in key_expiry.items()} if isinstance(key_expiry, dict) else {'': _text(key_expiry)}),
        'summary': _text(record.get('summary')) or None,
    }


def _unrecorded(pair, status, message, result='failed', reached=True):
    entry = normalise_record(pair, {'result': result})
    entry.update(status=status, reached=reached, summary=message)
    if result == 'failed':
        entry['error'] = message
    return entry


def run_order(hosts, order):
    """The pairs of the play in the order the play runs them (its ``order`` keyword, as ansible-core's inventory
    applies it); ``shuffle`` cannot be replayed, so it keeps the inventory order."""
    hosts = list(hosts)
    if order == 'sorted':
        return sorted(hosts)
    if order == 'reverse_sorted':
        return sorted(hosts, reverse=True)
    if order == 'reverse_inventory':
        return hosts[::-1]
    return hosts


def stop_verdict(batch, failing, max_fail_percentage):
    """Whether Ansible stops the play after this batch, given the pairs of the batch that fail: None, or a dict
    (``rule``: ``budget`` or ``whole_batch``, ``failed``, ``batch_size``, ``max_fail_percentage``).

    The strategy's rule: failed / batch size > max_fail_percentage / 100 (strictly more; None: no budget);
    the executor's: every host of the batch failed (whatever max_fail_percentage says)."""
    size = len(batch)
    failing = [pair for pair in batch if pair in set(failing)]
    if not size or not failing:
        return None
    verdict = {'failed': failing, 'batch': list(batch), 'batch_size': size, 'max_fail_percentage': max_fail_percentage}
    if max_fail_percentage is not None and len(failing) / size > float(max_fail_percentage) / 100.0:
        return dict(verdict, rule='budget')
    if len(failing) == size:
        return dict(verdict, rule='whole_batch')
    return None


def _percent(value):
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value


def stop_reason(verdict):
    """The sentence the page and the JUnit file give for the pairs not reached after a stop."""
    failed, size = len(verdict['failed']), verdict['batch_size']
    # The runbooks fail a blocked pair too: Ansible counts it as failed.
    failed_text = 'failed or were blocked' if verdict.get('blocked') else 'failed'
    pairs = ', '.join(verdict['batch'])
    if verdict['rule'] == 'budget':
        budget = _percent(verdict['max_fail_percentage'])
        why = ('%d of the %d pairs of the batch (%s) %s, more than the failure budget allows (max_fail_percentage %s%%%s)'
               % (failed, size, pairs, failed_text, budget, ': the first failure stops the run' if budget == 0 else ''))
    else:
        why = 'every pair of the batch (%s) %s' % (pairs, failed_text)
    return (why[0].upper() + why[1:] + '. Ansible then stops the play, runs no later batch and none of the playbook\'s '
            'later plays: the pairs after this batch were not reached and nothing was done on them. Fix the failures, '
            'then run the runbook again on the pairs not reached (--limit).')


PENDING_REASON = ('No record of this run yet. The report is rewritten after every batch: while the run goes on, these '
                  'pairs are still to come; if the run has ended, it stopped before reaching them (interrupted, or a '
                  'failure Ansible counted before the pairs were recorded).')


def build_fleet(runbook, hosts, records, batch=(), failed_hosts=(), max_fail_percentage=None,
                failing_results=DEFAULT_FAILING_RESULTS, check_mode=False, started=None, updated=None, report_dir=None):
    """The fleet dict of a run.

    hosts: every pair of the play (ansible_play_hosts_all), in the order the play runs them (run_order); records: pair -> its
    hapair_panos_record (a record of another runbook counts as none); batch: the pairs of the batch that just
    recorded (ansible_play_batch); failed_hosts: pairs Ansible already counts as failed in this batch (they have
    failed before their record); failing_results: record results that the playbook fails after this report;
    report_dir: where the fleet files go (links to the pairs' reports are made relative to it).
    """
    names = file_names(runbook)
    position = {pair: index for index, pair in enumerate(hosts)}
    batch = [pair for pair in batch if pair in position]
    failed_hosts = [pair for pair in failed_hosts if pair in position]
    pairs = []
    for pair in hosts:
        record = records.get(pair)
        if not isinstance(record, dict) or (record.get('runbook') not in (None, runbook)):
            record = None
        if record is not None:
            entry = normalise_record(pair, record)
        elif pair in failed_hosts:
            entry = _unrecorded(pair, 'failed', 'The pair failed before the runbook recorded it (see the play output).')
        elif pair in batch:
            entry = _unrecorded(pair, 'failed', 'The runbook ran on the pair but left no record of it (see the play output).')
        else:
            entry = _unrecorded(pair, NOT_REACHED, None, result='skipped', reached=False)
        entry['report_link'] = _link(entry['report'], report_dir)
        pairs.append(entry)

    by_pair = {entry['pair']: entry for entry in pairs}
    failing = [pair for pair in batch + failed_hosts
               if pair in failed_hosts or (by_pair[pair]['reached'] and by_pair[pair]['status'] in set(failing_results))]
    whole_batch = batch + [pair for pair in failed_hosts if pair not in batch]
    verdict = stop_verdict(whole_batch, failing, max_fail_percentage)
    if verdict:
        verdict['blocked'] = [pair for pair in verdict['failed'] if by_pair[pair]['result'] == 'blocked']
    not_reached = [entry for entry in pairs if not entry['reached']]
    reason = None
    if not_reached:
        reason = stop_reason(verdict) if verdict else PENDING_REASON
        for entry in not_reached:
            entry['summary'] = reason
    # Problems first: by result, then (within a result) the pairs with blockers or drift, then the run order.
    pairs.sort(key=lambda entry: (RESULT_RANK[entry['result']], not (entry['blockers'] or entry['drift']), position[entry['pair']]))

    counts = {'total': len(pairs)}
    counts.update({result: sum(1 for entry in pairs if entry['result'] == result) for result in RESULT_ORDER})
    counts['not_reached'] = len(not_reached)
    return {
        'runbook': runbook,
        'started': started,
        'updated': updated,
        'check_mode': bool(check_mode),
        'complete': not not_reached,
        'max_fail_percentage': _percent(max_fail_percentage),
        'last_batch': batch,
        'stopped': None if not (verdict and not_reached) else {
            'rule': verdict['rule'], 'batch': verdict['batch'], 'failed': verdict['failed'], 'reason': reason},
        'not_reached_reason': reason,
        'counts': counts,
        'files': names,
        'report_dir': report_dir,
        'pairs': pairs,
    }


def _link(report, report_dir):
    """The pair report's path relative to the fleet files (a URL path), or None."""
    if not report:
        return None
    report = str(report)
    if report_dir and os.path.isabs(report):
        try:
            report = os.path.relpath(report, report_dir)
        except ValueError:  # another drive (Windows); a controller is POSIX, but keep the absolute path then
            pass
    if os.path.isabs(report):
        return 'file://' + quote(report.replace(os.sep, '/'))
    return quote(report.replace(os.sep, '/'))


# ------------------------------------------------------------------------------------------------------------ HTML

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:24px;color:#1d2327;background:#fff}
h1{font-size:22px;margin:0 0 6px}
.meta{color:#50575e;margin:0 0 16px;font-size:14px}
.meta span{margin-right:18px}
.counts{display:flex;gap:10px;margin:0 0 16px;flex-wrap:wrap}
.count{border-radius:6px;padding:8px 14px;min-width:86px;font-size:13px;border:1px solid #dcdcde}
.count b{display:block;font-size:24px}
.count.failed{background:#fcf0f1;border-color:#d63638}
.count.blocked{background:#fcf9e8;border-color:#dba617}
.count.skipped{background:#f0f0f1;border-color:#8c8f94}
.count.ok{background:#edfaef;border-color:#00a32a}
.notice{border-left:4px solid #d63638;background:#fcf0f1;padding:10px 14px;margin:0 0 16px;font-size:14px}
.notice.pending{border-color:#8c8f94;background:#f6f7f7}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border:1px solid #dcdcde;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#f6f7f7;position:sticky;top:0}
tr.failed td.result{background:#d63638;color:#fff;font-weight:bold}
tr.blocked td.result{background:#dba617;color:#1d2327;font-weight:bold}
tr.skipped td.result{background:#c3c4c7;color:#1d2327}
tr.ok td.result{background:#00a32a;color:#fff}
tr.skipped td{color:#50575e}
ul{margin:0;padding-left:16px}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}
.none{color:#8c8f94}
.msg{max-width:460px}
details summary{cursor:pointer}
details[open] summary{display:none}
"""


def _e(value):
    return html.escape(_text(value), quote=True)


def _none():
    return '<span class="none">&mdash;</span>'


def _items(values):
    values = [v for v in values if _text(v)]
    if not values:
        return _none()
    return '<ul>' + ''.join('<li>%s</li>' % _e(v) for v in values) + '</ul>'


def _long(value, limit=90):
    """A text that may be long: as it is when short, else its start, opened to the whole text by a click
    (<details>, no script)."""
    text = _text(value)
    if len(text) <= limit:
        return _e(text)
    cut = text[:limit].rsplit(' ', 1)[0] if ' ' in text[:limit] else text[:limit]
    return '<details><summary>%s&hellip;</summary>%s</details>' % (_e(cut), _e(text))


def _cell_blockers(blockers):
    if not blockers:
        return _none()
    return '<ul>' + ''.join('<li><code>%s</code>%s: %s</li>' % (
        _e(b['code']), (' (%s)' % _e(b['peer'])) if b.get('peer') else '', _long(b['message'], 60)) for b in blockers) + '</ul>'


def _cell_drift(drift):
    if drift is None:
        return _none()
    if not drift:
        return 'none'
    return _items(drift)


def _cell_expiry(expiry):
    if not expiry:
        return _none()
    return '<ul>' + ''.join('<li>%s%s</li>' % (('%s: ' % _e(k)) if k else '', _e(v)) for k, v in expiry.items()) + '</ul>'


def _cell_message(entry):
    """The summary; the error too unless the summary already says it."""
    parts = []
    if entry['error'] and entry['error'] not in (entry['summary'] or ''):
        parts.append('<div><b>error:</b> %s</div>' % _long(entry['error']))
    if not entry['reached']:
        # the reason is the same for every pair not reached: said once, in the note above the table
        parts.append('<div>Not reached: <a href="#not-reached">why</a></div>')
    elif entry['summary']:
        parts.append('<div>%s</div>' % _long(entry['summary']))
    return ''.join(parts) or _none()


def _cell_report(entry):
    if not entry['report_link']:
        return _none()
    label = os.path.basename(str(entry['report']))
    return '<a href="%s">%s</a>' % (_e(entry['report_link']), _e(label))


def render_html(fleet):
    """The fleet page: counts, the run's facts, why pairs were not reached, and one row per pair (problems first)."""
    counts = fleet['counts']
    title = 'hapair.panos %s: fleet report' % fleet['runbook']
    out = ['<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
           '<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n' % (_e(title), _CSS),
           '<h1>%s</h1>\n' % _e(title),
           '<p class="meta">',
           '<span>runbook <b id="runbook">%s</b></span>' % _e(fleet['runbook']),
           '<span>started <b id="started">%s</b></span>' % _e(fleet['started'] or 'unknown'),
           '<span>updated <b>%s</b></span>' % _e(fleet['updated'] or 'unknown'),
           '<span>check mode <b id="check-mode">%s</b></span>' % ('yes' if fleet['check_mode'] else 'no'),
           '<span>failure budget <b>%s</b></span>' % (
               'none (max_fail_percentage not set)' if fleet['max_fail_percentage'] is None
               else 'max_fail_percentage %s%%' % _e(fleet['max_fail_percentage'])),
           '<span><b>%s</b></span>' % ('every pair recorded' if fleet['complete'] else 'not every pair reached'),
           '</p>\n<div class="counts">',
           '<div class="count total" id="count-total"><b>%d</b>pairs</div>' % counts['total']]
    for result in RESULT_ORDER:
        out.append('<div class="count %s" id="count-%s"><b>%d</b>%s</div>' % (result, result, counts[result], result))
    out.append('</div>\n')
    if fleet['not_reached_reason']:
        out.append('<div class="notice%s" id="not-reached"><b>%d pair(s) not reached.</b> %s</div>\n' % (
            '' if fleet['stopped'] else ' pending', counts['not_reached'], _e(fleet['not_reached_reason'])))
    out.append('<table id="pairs">\n<thead><tr><th>Pair</th><th>Result</th><th>Active peer</th><th>Sync state</th>'
               '<th>Blockers</th><th>Drift</th><th>Key expiry</th><th>What changed</th><th>Message</th>'
               '<th>Report</th></tr></thead>\n<tbody>\n')
    for entry in fleet['pairs']:
        out.append('<tr class="%s" data-pair="%s" data-result="%s">' % (entry['result'], _e(entry['pair']), entry['result']))
        out.append('<td class="pair"><b>%s</b></td>' % _e(entry['pair']))
        out.append('<td class="result">%s</td>' % _e(entry['status']))
        out.append('<td>%s</td>' % (_e(entry['active_peer']) if entry['active_peer'] else _none()))
        out.append('<td>%s</td>' % (_e(entry['sync_state']) if entry['sync_state'] else _none()))
        out.append('<td>%s</td>' % _cell_blockers(entry['blockers']))
        out.append('<td>%s</td>' % _cell_drift(entry['drift']))
        out.append('<td>%s</td>' % _cell_expiry(entry['key_expiry']))
        out.append('<td>%s</td>' % _items(entry['changed']))
        out.append('<td class="msg">%s</td>' % _cell_message(entry))
        out.append('<td>%s</td>' % _cell_report(entry))
        out.append('</tr>\n')
    out.append('</tbody>\n</table>\n')
    out.append('<p class="meta">Written by hapair.panos.fleet_report after every batch of the play; the same data: '
               '<code>%s</code>, <code>%s</code>.</p>\n</body>\n</html>\n' % (_e(fleet['files']['json']), _e(fleet['files']['junit'])))
    return ''.join(out)


# ------------------------------------------------------------------------------------------------------------ JUnit

def _details(entry):
    lines = []
    if entry['error']:
        lines.append('error: %s' % entry['error'])
    for b in entry['blockers']:
        lines.append('blocker %s%s: %s' % (b['code'], (' (%s)' % _text(b['peer'])) if b.get('peer') else '', b['message']))
    if entry['drift']:
        lines.extend('drift: %s' % d for d in entry['drift'])
    if entry['changed']:
        lines.extend('changed: %s' % c for c in entry['changed'])
    for label, value in (('active peer', entry['active_peer']), ('sync state', entry['sync_state'])):
        if value:
            lines.append('%s: %s' % (label, _text(value)))
    for peer, expiry in (entry['key_expiry'] or {}).items():
        lines.append('key expiry %s: %s' % (peer, expiry))
    if entry['summary'] and entry['summary'] != entry['error']:
        lines.append(entry['summary'])
    if entry['report']:
        lines.append('report: %s' % _text(entry['report']))
    return '\n'.join(_text(line) for line in lines)


def render_junit(fleet):
    """JUnit XML (the format Jenkins, GitLab, Azure DevOps and the AWX/Controller JUnit viewers read): one testsuite
    for the run, each pair a testcase; failed -> <failure type="failed">, blocked -> <failure type="blocked">,
    skipped and not reached -> <skipped>."""
    counts = fleet['counts']
    suite_name = 'hapair.panos.%s' % fleet['runbook']
    attrs = {'name': suite_name, 'tests': str(counts['total']), 'failures': str(counts['failed'] + counts['blocked']),
             'errors': '0', 'skipped': str(counts['skipped'])}
    root = ET.Element('testsuites', attrs)
    suite = ET.SubElement(root, 'testsuite', dict(attrs, timestamp=_text(fleet['started'] or fleet['updated'])))
    props = ET.SubElement(suite, 'properties')
    for name, value in (('runbook', fleet['runbook']), ('check_mode', 'true' if fleet['check_mode'] else 'false'),
                        ('started', fleet['started']), ('updated', fleet['updated']),
                        ('max_fail_percentage', fleet['max_fail_percentage']), ('complete', 'true' if fleet['complete'] else 'false')):
        if value is not None:
            ET.SubElement(props, 'property', {'name': name, 'value': _text(value)})
    for entry in fleet['pairs']:
        case = ET.SubElement(suite, 'testcase', {'classname': suite_name, 'name': _text(entry['pair'])})
        details = _details(entry)
        first = (entry['error'] or (entry['blockers'][0]['message'] if entry['blockers'] else '') or entry['summary'] or entry['status'])
        if entry['result'] in ('failed', 'blocked'):
            failure = ET.SubElement(case, 'failure', {'type': entry['result'], 'message': _text(first)})
            failure.text = details
        elif entry['result'] == 'skipped':
            ET.SubElement(case, 'skipped', {'message': _text('%s: %s' % (entry['status'], entry['summary']) if entry['summary'] else entry['status'])})
        if details and entry['result'] not in ('failed', 'blocked'):
            ET.SubElement(case, 'system-out').text = details
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding='unicode') + '\n'
