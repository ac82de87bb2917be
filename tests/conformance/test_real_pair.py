# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The conformance suite: the collection's read paths against a real HA pair, read-only.

Run it with one command (docs/conformance.md):

    HAPAIR_CONFORMANCE_HOST=192.0.2.10 HAPAIR_CONFORMANCE_USERNAME=admin HAPAIR_CONFORMANCE_PASSWORD=... \\
        make conformance                   # or: .venv/bin/python tests/conformance/run_conformance.py [--record DIR]

Only collected when HAPAIR_CONFORMANCE_HOST is set (conftest.py). Every request goes through the read-only guard
(hapair_conformance/guard.py): anything that is not keygen, an op <show>/<check>/<request><license><info>, or a
config get/show raises before it is sent.
"""

from __future__ import annotations

import os

import pytest

from hapair_conformance import settings as conformance_settings

if not conformance_settings.configured():
    pytest.skip('HAPAIR_CONFORMANCE_HOST is not set:\n' + conformance_settings.usage(), allow_module_level=True)

from hapair_conformance import checks, fidelity, guard  # noqa: E402
from hapair_conformance.session import PEERS, READ_KINDS, READ_ONLY_READERS  # noqa: E402
from readers import READERS  # noqa: E402

from ansible_collections.hapair.panos.plugins.module_utils import preflight  # noqa: E402
from ansible_collections.hapair.panos.plugins.module_utils.ha_status import (  # noqa: E402
    ACTIVE_STATES,
    DOWN_STATES,
    PASSIVE_STATES,
)

KNOWN_STATES = ACTIVE_STATES + PASSIVE_STATES + DOWN_STATES
CORPUS, CORPUS_NOTE = fidelity.load(os.environ.get(conformance_settings.PREFIX + 'CORPUS') or None)
SAMPLES = fidelity.samples(CORPUS)


def _require_pair(conformance):
    """Fail at once (no retries against an unreachable pair) when the first peer could not be read."""
    if conformance.discovery_error is not None:
        pytest.fail('the pair could not be read from %s: %s' % (conformance.settings.host, conformance.discovery_error),
                    pytrace=False)


def _device(conformance, which):
    _require_pair(conformance)
    device = conformance.device(which)
    if device is None:
        pytest.fail('the %s peer is not known: %s' % (
            which, conformance.discovery_error or conformance.pair.peer_error
            or 'set HAPAIR_CONFORMANCE_PEER to the other peer\'s management address'))
    return device


# ------------------------------------------------------------------------------------------- the pair

def test_the_pair_is_discovered_and_both_peers_answer(conformance):
    assert conformance.discovery_error is None, 'discovery failed: %s' % conformance.discovery_error
    pair = conformance.pair
    assert pair.peer_error is None, 'the second peer: %s' % pair.peer_error
    assert pair.enabled, 'HA is not enabled on %s' % pair.first.name
    report = conformance.pair_report()
    assert set(report) >= {'pair', 'peers'}
    assert len(report['peers']) == 2, report['peers']
    for name, peer in report['peers'].items():
        assert peer['reachable'], '%s: %s' % (name, peer['error'])
        assert peer['ha'] and peer['ha']['local']['state'] in KNOWN_STATES, (name, peer['ha'])


def test_active_and_passive_are_resolved(conformance):
    _require_pair(conformance)
    summary = conformance.pair_report()['pair']
    for key in ('active', 'passive', 'states', 'mode', 'synchronized', 'healthy', 'problems'):
        assert key in summary, 'pair summary lacks %s: %r' % (key, summary)
    assert all(state in KNOWN_STATES for state in summary['states'].values()), summary['states']
    assert summary['active'] and summary['passive'] and summary['active'] != summary['passive'], (
        'no active/passive (or active-primary/secondary) peer resolved: %s' % summary['states'])
    assert conformance.pair.active is not None and conformance.pair.passive is not None


# ------------------------------------------------------------------------------------------- readers

@pytest.mark.parametrize('which', PEERS)
@pytest.mark.parametrize('name', READ_ONLY_READERS)
def test_each_read_only_reader_reads_the_peer(conformance, name, which):
    _device(conformance, which)
    if name == 'keygen' and not conformance.settings.password:
        pytest.skip('keygen needs a password (only an API key was given)')
    result = conformance.reader(name, which)
    problems = checks.problems(name, result)
    assert problems == [], '%s (%s) on %s:\n  %s\nresult: %r' % (
        name, READERS[name].command, which, '\n  '.join(problems), result)


@pytest.mark.parametrize('which', PEERS)
def test_find_jobs_lists_the_jobs(conformance, which):
    _device(conformance, which)
    found = conformance.find_jobs(which)
    assert isinstance(found, list)
    ids = [job['id'] for job in found if job['id'] is not None]
    assert ids == sorted(ids, reverse=True), 'find_jobs is newest first: %s' % ids
    for job in found:
        assert checks.problems('jobs_all', [job]) == [], job


# ------------------------------------------------------------------------------------------- modules' cores

def test_preflight_evaluates_or_explains_every_check(conformance):
    _require_pair(conformance)
    report = conformance.preflight()
    for key in ('ready', 'blockers', 'warning_findings', 'checks', 'pair'):
        assert key in report, 'preflight report lacks %s' % key
    codes = preflight.select_checks()
    assert sorted(report['checks']) == sorted(codes)
    unexplained = {code: check for code, check in report['checks'].items()
                   if check['passed'] is None and not check['error']}
    assert unexplained == {}, 'checks neither evaluated nor explained: %r' % unexplained
    for code, check in report['checks'].items():
        assert check['passed'] in (True, False, None), (code, check)
        assert check['passed'] is not False or check['failed_on'], (code, check)
    for finding in report['blockers'] + report['warning_findings']:
        assert finding['code'] and finding['remedy'] and finding['message'], finding
    assert 'peer_unreachable' not in report['pair']['blocker_codes'], report['blockers']


def test_master_key_info_reads_both_peers(conformance):
    _require_pair(conformance)
    report = conformance.master_key_info()
    assert report['changed'] is False
    assert len(report['peers']) == 2, report['peers']
    for name, props in report['peers'].items():
        assert checks.problems('master_key_properties', props) == [], (name, props)
    assert set(report['pair']) >= {'agree', 'differences', 'tolerance_hours'}
    assert report['pair']['agree'] in (True, False)


def test_peer_settings_info_reports_drift(conformance):
    _require_pair(conformance)
    report = conformance.peer_settings_info()
    assert report['changed'] is False
    for key in ('mode', 'conditions', 'peers', 'items', 'drift'):
        assert key in report, 'peer_settings_info lacks %s' % key
    assert len(report['peers']) == 2
    for name, peer in report['peers'].items():
        assert peer['role'] in ('active', 'passive') and peer['model'] and peer['sw_version'], (name, peer)
    assert set(report['drift']) >= {'ok', 'summary', 'must_match', 'must_differ', 'differs'}


# ------------------------------------------------------------------------------------------- fidelity

FIDELITY = sorted(SAMPLES) or ['(no samples)']


@pytest.mark.parametrize('name', FIDELITY)
def test_answers_compared_with_the_corpus_samples(conformance, name):
    """Reported in the fidelity table at the end; fails only when the collection's reader failed."""
    conformance.fidelity_note = CORPUS_NOTE
    _require_pair(conformance)
    if name not in SAMPLES:
        pytest.skip(CORPUS_NOTE or 'no real sample of a read-only command in the corpus')
    for which in PEERS:
        if conformance.device(which) is None:
            continue
        result = conformance.reader(name, which)
        problems = checks.problems(name, result)
        assert problems == [], 'the reader %s failed on %s: %s' % (name, which, problems)
        answer = conformance.reader_answer(name, which)
        assert answer is not None, 'no answer was captured for %s on %s' % (name, which)
        for entry in SAMPLES[name]:
            with open(entry['path'], 'rb') as handle:
                sample = handle.read()
            if not fidelity.comparable(sample, answer.body):
                conformance.fidelity_skipped += 1
                continue
            sample_only, pair_only = fidelity.compare(name, sample, answer.body)
            conformance.fidelity_rows.append(fidelity.Row(name, conformance.role(conformance.device(which)),
                                                          entry['file'], sample_only, pair_only))


# ------------------------------------------------------------------------------------------- read-only

def test_the_guard_refuses_writes_before_sending():
    """The guard's own check, on a transport that would fail the test if anything reached it."""
    def must_not_send(*_args, **_kwargs):
        raise AssertionError('the guard let a write through to the network')
    transport = guard.Transport(real_urlopen=must_not_send)
    from urllib.request import Request
    for query in ('type=commit&cmd=%3Ccommit%3E%3C%2Fcommit%3E&key=K',
                  'type=config&action=set&xpath=/config&element=%3Cx%2F%3E&key=K',
                  'type=op&cmd=%3Crequest%3E%3Chigh-availability%3E%3Csync-to-remote%3E%3Crunning-config%2F%3E'
                  '%3C%2Fsync-to-remote%3E%3C%2Fhigh-availability%3E%3C%2Frequest%3E&key=K',
                  'type=op&cmd=%3Crequest%3E%3Cconfig-lock%3E%3Cadd%2F%3E%3C%2Fconfig-lock%3E%3C%2Frequest%3E&key=K'):
        with pytest.raises(guard.ReadOnlyViolation):
            transport(url=Request('https://192.0.2.1/api/', query.encode()))
    assert transport.exchanges == [] and len(transport.refused) == 4


def test_only_reads_were_sent(conformance):
    """Last: everything the suite sent went through the guard and was a read."""
    assert conformance.transport.installed or conformance.transport.checked, 'the guard was never installed'
    assert conformance.transport.refused == [], 'refused (not sent): %r' % conformance.transport.refused
    for exchange in conformance.transport.exchanges:
        allowed, reason = guard.verdict(exchange.params)
        assert allowed, '%s: %s' % (exchange.request, reason)
    for device in conformance.devices():
        kinds = {entry['kind'] for entry in device.request_log}
        assert kinds <= set(READ_KINDS), '%s sent %s' % (device.name, sorted(kinds - set(READ_KINDS)))
    sent = sum(device.counters['total'] for device in conformance.devices())
    assert conformance.transport.checked >= sent > 0, 'requests that did not go through the guard'
