# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tier "real samples", emulator side: the emulator's answer to the same command is compared with every real sample
of a read-only command the collection sends (elements, nesting and vocabulary). The emulator speaks the schema of
the release it reports (10.2) and, started with ``schema="9.1"``, the older spellings; a sample of a release before
10 is compared with the 9.1 profile.

What a sample has that the emulator's answer lacks is a difference; each one left is listed in the sample's
MANIFEST.yml entry (``emulator_differences``: path and reason) and nowhere else. Vocabulary: for the enumerated
leaves (VOCABULARY_TAGS) the emulator's value must be one a real device was seen answering for that command.
"""

from __future__ import annotations

import os
import re
import sys

import pan.xapi
import pytest

import corpus
from readers import READERS

sys.path.insert(0, os.path.join(os.path.dirname(corpus.HERE), 'emulator', 'tests'))
from shapes import differences, parse  # noqa: E402  (the emulator suite's shape comparer)
from panos_emulator import testing  # noqa: E402

# Leaves whose values are a vocabulary (states, verdicts, statuses), compared as sets. (Plugin leaves such as <VMS>
# hold a verdict in local-info and a version in peer-info, so they are not a vocabulary.)
VOCABULARY_TAGS = re.compile(r'^(state|mode|status|result|running-sync|running-sync-enabled|conn-status|state-sync|'
                             r'state-sync-type|enabled|preemptive|[a-z-]+-compat|passive-link-state|'
                             r'failure-condition|fail-cond|type|installed|expired|on-hsm)$')
# Values the emulator answers that no sample of the corpus shows, each with the real source that does.
EXTRA_VOCABULARY = {
    ('ha_state_state', 'state-sync-type', 'ip'): 'pan-os-upgrade-assurance docs, PA-VM 10.2.3 passive peer (published '
                                                 'as a parsed dict: corpus ...10.2.3.passive.upgrade-assurance-docs'
                                                 '.parsed-dict.txt)',
    ('jobs_all', 'type', 'FqdnRefresh'): 'a job type real job lists hold (issue 9, fact 8; pan-os-upgrade-assurance '
                                         'and demisto test data), no XML sample in the corpus',
}

CANDIDATES = [e for e in corpus.entries()
              if e.get('reader') in READERS and READERS[e['reader']].request is not None and e.get('grade') == 'real'
              and not e['file'].endswith('.txt')]
COMPARED = [e for e in CANDIDATES if e.get('emulator', True) is not False]


def schema_of(entry):
    if entry.get('emulator_schema'):
        return entry['emulator_schema']
    match = re.search(r'\b(\d+)\.(\d+)(\.\d+)?', entry.get('device') or '')
    return '9.1' if match and int(match.group(1)) < 10 else '10.2'


@pytest.fixture(scope='module')
def emulators():
    started = {}

    def emulator_for(schema):
        # One emulator per schema for the module (setdefault would start a new one on every call and leak it).
        if schema not in started:
            started[schema] = testing.start(pairs=1, schema=None if schema == '10.2' else schema)
        return started[schema]
    yield emulator_for
    for emu in started.values():
        emu.stop()


def test_every_sample_left_out_says_why():
    left_out = [e for e in CANDIDATES if e.get('emulator', True) is False]
    assert all(e.get('emulator_reason') for e in left_out), [e['file'] for e in left_out if not e.get('emulator_reason')]


def prepare(emu, entry):
    """Back to the start state, then the state the sample was taken in (MANIFEST ``emulator_setup``: control API
    calls, '{a}'/'{b}'/'{pair}' standing for the compared peer, its partner and the pair)."""
    emu.control.reset()
    names = {'a': emu.peer(0, 0)['name'], 'b': emu.peer(0, 1)['name'], 'pair': emu.pair(0)['name']}
    for call in entry.get('emulator_setup') or ():
        method, args = call[0], [a.format(**names) if isinstance(a, str) else a for a in call[1:]]
        kwargs = args.pop() if args and isinstance(args[-1], dict) else {}
        getattr(emu.control, method)(*args, **kwargs)


def emulator_answer(emu, command):
    import ssl
    peer = emu.peer(0, 0)
    xapi = pan.xapi.PanXapi(hostname=peer['host'], port=peer['port'], api_username=peer['username'],
                            api_password=peer['password'], ssl_context=ssl.create_default_context(cafile=emu.ca_file))
    xapi.op(cmd=command)
    return xapi.xml_document.encode()


def leaf_values(node):
    """{tag: {values}} of the vocabulary leaves anywhere under node (not the root's own text result)."""
    out = {}
    for child in node.iter():
        if isinstance(child.tag, str) and len(child) == 0 and VOCABULARY_TAGS.match(child.tag) \
                and child.getparent() is not node and (child.text or '').strip():
            # every *-compat leaf answers from one vocabulary (Match, Mismatch, Unknown...)
            tag = '*-compat' if child.tag.endswith('-compat') else child.tag
            out.setdefault(tag, set()).add(child.text.strip())
    return out


def real_vocabulary(reader):
    """Every value real devices answered for each vocabulary leaf of this command (any release)."""
    seen = {}
    for entry in COMPARED:
        if entry['reader'] == reader:
            for key, values in leaf_values(parse(corpus.body(entry))).items():
                seen.setdefault(key, set()).update(values)
    return seen


@pytest.mark.parametrize('entry', COMPARED, ids=[e['file'] for e in COMPARED])
def test_emulator_answers_like_the_real_sample(entry, emulators):
    emu = emulators(schema_of(entry))
    prepare(emu, entry)
    answer = emulator_answer(emu, READERS[entry['reader']].request)
    known = {d['path']: d['reason'] for d in entry.get('emulator_differences') or ()}
    assert all(known.values()), 'every known difference of %s needs a reason' % entry['file']
    found = differences(corpus.body(entry), answer, ignore=known, check_root_attrs=False)
    assert found == [], '%s vs the emulator (%s schema):\n  %s\nemulator:\n%s' % (
        entry['file'], schema_of(entry), '\n  '.join(found), answer.decode())
    vocabulary = real_vocabulary(entry['reader'])
    strange = {}
    for key, values in leaf_values(parse(answer)).items():
        unseen = {v for v in values - vocabulary.get(key, values) if (entry['reader'], key, v) not in EXTRA_VOCABULARY}
        if unseen and key not in known:
            strange[key] = sorted(unseen)
    assert strange == {}, 'the emulator answers values no real device of this schema was seen answering: %r' % strange
