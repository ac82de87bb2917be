# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet report's renderers: records -> fleet dict -> HTML page / JUnit XML (module_utils/fleet_report.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import fleet_report as fr

HOSTS = ('p1', 'p2', 'p3', 'p4', 'p5', 'p6')


def record(pair, result='ok', runbook='sync', **extra):
    rec = {'runbook': runbook, 'pair': pair, 'result': result, 'changed': [], 'blockers': [], 'error': None,
           'check_mode': False, 'report': '/srv/reports/sync-%s.json' % pair, 'active_peer': 'fw-a (192.0.2.1:443)',
           'sync_state': 'synchronized', 'drift': None, 'key_expiry': None, 'summary': '%s is %s' % (pair, result)}
    rec.update(extra)
    return rec


def fleet(records, hosts=HOSTS, **kw):
    kw.setdefault('report_dir', '/srv/reports')
    kw.setdefault('started', '2026-01-01T10:00:00Z')
    kw.setdefault('updated', '2026-01-01T10:05:00Z')
    return fr.build_fleet('sync', list(hosts), records, **kw)


class Page(HTMLParser):
    """The rows of the pairs table (data-pair, data-result, the cells' text) and every href."""

    def __init__(self):
        super().__init__()
        self.rows, self.links, self.tags, self._cell = [], [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == 'tr' and 'data-pair' in attrs:
            self.rows.append({'pair': attrs['data-pair'], 'result': attrs['data-result'], 'cells': []})
        elif tag == 'td' and self.rows:
            self._cell = []
        elif tag == 'a':
            self.links.append(attrs.get('href'))

    def handle_endtag(self, tag):
        if tag == 'td' and self._cell is not None:
            self.rows[-1]['cells'].append(''.join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parse(page):
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


# ------------------------------------------------------------------------------------------------- fleet dict


def test_problems_first_then_inventory_order_and_counts():
    records = {'p1': record('p1'), 'p2': record('p2', 'failed', error='boom'), 'p3': record('p3', 'blocked'),
               'p4': record('p4'), 'p5': record('p5', 'failed', error='bang')}
    result = fleet(records, batch=['p5'])
    assert [(p['pair'], p['status']) for p in result['pairs']] == [
        ('p2', 'failed'), ('p5', 'failed'), ('p3', 'blocked'), ('p6', fr.NOT_REACHED), ('p1', 'ok'), ('p4', 'ok')]
    assert result['counts'] == {'total': 6, 'failed': 2, 'blocked': 1, 'skipped': 1, 'ok': 2, 'not_reached': 1}
    assert result['complete'] is False and result['runbook'] == 'sync'
    assert result['files'] == {'json': 'fleet-sync.json', 'html': 'fleet-sync.html', 'junit': 'fleet-sync.junit.xml'}


def test_within_a_result_pairs_with_drift_or_blockers_come_first():
    records = {'p1': record('p1'), 'p2': record('p2', drift=[]), 'p3': record('p3', drift=['jumbo_frames differ'])}
    assert [p['pair'] for p in fleet(records, hosts=['p1', 'p2', 'p3'])['pairs']] == ['p3', 'p1', 'p2']


def test_a_record_of_another_runbook_is_no_record_and_links_are_relative():
    records = {'p1': record('p1', runbook='preflight'), 'p2': record('p2', report='/srv/reports/sub/x y.json'),
               'p3': record('p3', report=None), 'p4': record('p4', report='/elsewhere/sync-p4.json')}
    pairs = {p['pair']: p for p in fleet(records, hosts=['p1', 'p2', 'p3', 'p4'])['pairs']}
    assert pairs['p1']['status'] == fr.NOT_REACHED and pairs['p1']['reached'] is False and pairs['p1']['report_link'] is None
    assert pairs['p2']['report_link'] == 'sub/x%20y.json'
    assert pairs['p3']['report_link'] is None
    assert pairs['p4']['report_link'] == '../../elsewhere/sync-p4.json'


def test_unknown_results_count_as_failed_and_keep_their_text():
    pair = fleet({'p1': record('p1', 'drift')}, hosts=['p1'])['pairs'][0]
    assert (pair['result'], pair['status']) == ('failed', 'drift')


def test_pairs_that_failed_before_their_record_or_left_none():
    result = fleet({'p1': record('p1')}, hosts=['p1', 'p2', 'p3', 'p4'], batch=['p1', 'p3'], failed_hosts=['p2'])
    pairs = {p['pair']: p for p in result['pairs']}
    assert pairs['p2']['status'] == 'failed' and 'before the runbook recorded it' in pairs['p2']['error']
    assert pairs['p3']['status'] == 'failed' and 'left no record' in pairs['p3']['error']
    assert pairs['p4']['status'] == fr.NOT_REACHED


@pytest.mark.parametrize('runbook', ['', '../x', 'a/b', None, 'fleet run'])
def test_runbook_names_that_would_leave_the_report_directory_are_refused(runbook):
    with pytest.raises(ValueError):
        fr.build_fleet(runbook, [], {})


# ---------------------------------------------------------------------- max_fail_percentage (the stop rule)


@pytest.mark.parametrize('batch, failing, budget, rule', [
    (['a'], ['a'], 0, 'budget'),                 # serial 1, the default budget: the first failure stops
    (['a', 'b'], ['a'], 0, 'budget'),
    (['a', 'b'], ['a'], 50, None),               # 1/2 is not more than 50 %
    (['a', 'b', 'c'], ['a'], 34, None),
    (['a', 'b', 'c'], ['a', 'b'], 50, 'budget'),
    (['a', 'b'], ['a', 'b'], 50, 'budget'),
    (['a', 'b'], ['a', 'b'], None, 'whole_batch'),  # no budget: a batch where every pair failed still stops
    (['a', 'b'], ['a', 'b'], 100, 'whole_batch'),
    (['a', 'b'], ['a'], None, None),
    (['a', 'b'], [], 0, None),
    ([], [], 0, None),
])
def test_stop_verdict_follows_ansible(batch, failing, budget, rule):
    verdict = fr.stop_verdict(batch, failing, budget)
    assert (verdict['rule'] if verdict else None) == rule


def test_the_page_says_why_pairs_were_not_reached():
    records = {'p1': record('p1'), 'p2': record('p2'), 'p3': record('p3', 'failed', error='refused'), 'p4': record('p4')}
    result = fleet(records, batch=['p3', 'p4'], max_fail_percentage=0)
    assert result['stopped']['rule'] == 'budget' and result['stopped']['failed'] == ['p3']
    assert '1 of the 2 pairs of the batch (p3, p4) failed' in result['not_reached_reason']
    assert 'max_fail_percentage 0%' in result['not_reached_reason'] and 'not reached' in result['not_reached_reason']
    assert all(p['summary'] == result['not_reached_reason'] for p in result['pairs'] if not p['reached'])
    assert fr.stop_reason(fr.stop_verdict(['a', 'b'], ['a', 'b'], None)).startswith('Every pair of the batch (a, b) failed.')


def test_blocked_pairs_stop_the_run_unless_the_runbook_does_not_fail_them():
    records = {'p1': record('p1', 'blocked')}
    assert fleet(records, hosts=['p1', 'p2'], batch=['p1'], max_fail_percentage=0)['stopped']['rule'] == 'budget'
    result = fleet(records, hosts=['p1', 'p2'], batch=['p1'], max_fail_percentage=0, failing_results=['failed'])
    assert result['stopped'] is None and result['not_reached_reason'] == fr.PENDING_REASON


def test_a_complete_run_has_no_reason_and_no_stop():
    records = {pair: record(pair) for pair in HOSTS}
    result = fleet(records, batch=['p5', 'p6'], max_fail_percentage=0)
    assert result['complete'] and result['stopped'] is None and result['not_reached_reason'] is None


# ------------------------------------------------------------------------------------------------------ HTML

HOSTILE = '<script>alert("x")</script>&amp;\'"'


def test_html_escapes_every_value_and_is_self_contained():
    records = {'p1': record('p1', 'failed', error=HOSTILE, summary=HOSTILE, active_peer=HOSTILE, sync_state=HOSTILE,
                            changed=[HOSTILE], drift=[HOSTILE], key_expiry={HOSTILE: HOSTILE},
                            blockers=[{'code': HOSTILE, 'peer': HOSTILE, 'message': HOSTILE}],
                            report='/srv/reports/"><script>.json')}
    page = fr.render_html(fleet(records, hosts=['p1']))
    assert '<script' not in page and 'alert("x")' not in page
    assert page.count('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;amp;&#x27;&quot;') >= 8
    # nothing loaded from elsewhere: no script, no stylesheet link, no image, no src=, only the pair's report linked
    assert not re.search(r'<(script|link|img|iframe|object|embed)\b', page) and ' src=' not in page
    assert parse(page).links == ['%22%3E%3Cscript%3E.json']


def test_html_rows_counts_and_facts():
    records = {'p1': record('p1', changed=['running-config from a to b']),
               'p2': record('p2', 'blocked', blockers=[{'code': 'config_sync_disabled', 'peer': 'fw-b', 'message': 'off'}]),
               'p3': record('p3', 'failed', error='connection refused', key_expiry={'fw-a': '2027/01/01 00:00:00'})}
    result = fleet(records, hosts=['p1', 'p2', 'p3', 'p4'], batch=['p3'], max_fail_percentage=0, check_mode=True)
    page = parse(fr.render_html(result))
    assert [(r['pair'], r['result']) for r in page.rows] == [('p3', 'failed'), ('p2', 'blocked'), ('p4', 'skipped'), ('p1', 'ok')]
    cells = {r['pair']: r['cells'] for r in page.rows}
    # Pair, Result, Active peer, Sync state, Blockers, Drift, Key expiry, What changed, Message, Report
    assert cells['p1'][:4] == ['p1', 'ok', 'fw-a (192.0.2.1:443)', 'synchronized'] and cells['p1'][7] == 'running-config from a to b'
    assert cells['p2'][4] == 'config_sync_disabled (fw-b): off'
    assert cells['p3'][6] == 'fw-a: 2027/01/01 00:00:00' and 'connection refused' in cells['p3'][8]
    assert cells['p4'][1] == fr.NOT_REACHED and cells['p4'][8] == 'Not reached: why' and cells['p4'][9] == '\u2014'
    assert page.links == ['sync-p3.json', 'sync-p2.json', '#not-reached', 'sync-p1.json']
    html = fr.render_html(result)
    for counter, value in (('total', 4), ('failed', 1), ('blocked', 1), ('skipped', 1), ('ok', 1)):
        assert re.search(r'id="count-%s"><b>%d</b>' % (counter, value), html), counter
    assert 'id="check-mode">yes<' in html and '2026-01-01T10:00:00Z' in html and 'id="not-reached"' in html
    assert 'max_fail_percentage 0%' in html


def test_html_strips_characters_xml_does_not_allow():
    page = fr.render_html(fleet({'p1': record('p1', summary='bell\x07 and nul\x00')}, hosts=['p1']))
    assert '\x07' not in page and '\x00' not in page and 'bell\ufffd and nul\ufffd' in page


# ----------------------------------------------------------------------------------------------------- JUnit


def test_junit_parses_and_maps_results():
    records = {'p1': record('p1'), 'p2': record('p2', 'failed', error='connection refused <&>'),
               'p3': record('p3', 'blocked', blockers=[{'code': 'config_sync_disabled', 'peer': None, 'message': 'off'}]),
               'p4': record('p4', 'skipped')}
    result = fleet(records, hosts=['p1', 'p2', 'p3', 'p4', 'p5'], batch=['p2'], max_fail_percentage=0)
    root = ET.fromstring(fr.render_junit(result).encode())
    assert root.tag == 'testsuites' and len(root.findall('testsuite')) == 1
    suite = root.find('testsuite')
    assert (suite.get('name'), suite.get('tests'), suite.get('failures'), suite.get('skipped'), suite.get('errors')) == (
        'hapair.panos.sync', '5', '2', '2', '0')
    cases = {case.get('name'): case for case in suite.findall('testcase')}
    assert sorted(cases) == ['p1', 'p2', 'p3', 'p4', 'p5']
    assert cases['p1'].find('failure') is None and cases['p1'].find('skipped') is None
    assert cases['p2'].find('failure').get('type') == 'failed'
    assert cases['p2'].find('failure').get('message') == 'connection refused <&>'
    assert cases['p3'].find('failure').get('type') == 'blocked' and 'config_sync_disabled' in cases['p3'].find('failure').text
    assert cases['p4'].find('skipped') is not None and cases['p4'].find('failure') is None
    assert 'not reached' in cases['p5'].find('skipped').get('message')
    props = {p.get('name'): p.get('value') for p in suite.find('properties')}
    assert props['runbook'] == 'sync' and props['check_mode'] == 'false' and props['complete'] == 'false'


def test_junit_stays_valid_with_control_characters_and_markup():
    records = {'p<1>': record('p<1>', 'failed', error='nul\x00 esc\x1b "quoted" ]]>', summary='\x0b')}
    text = fr.render_junit(fleet(records, hosts=['p<1>']))
    case = ET.fromstring(text.encode()).find('testsuite/testcase')
    assert case.get('name') == 'p<1>' and case.find('failure').get('message') == 'nul\ufffd esc\ufffd "quoted" ]]>'


@pytest.mark.parametrize('order, expected', [
    ('inventory', ['b', 'c', 'a']), (None, ['b', 'c', 'a']), ('shuffle', ['b', 'c', 'a']),
    ('reverse_inventory', ['a', 'c', 'b']), ('sorted', ['a', 'b', 'c']), ('reverse_sorted', ['c', 'b', 'a'])])
def test_run_order_replays_the_play_order(order, expected):
    assert fr.run_order(['b', 'c', 'a'], order) == expected
