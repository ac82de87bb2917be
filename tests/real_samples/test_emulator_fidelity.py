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

# Leaves whose values are a vocabulary (states, verdicts, statuses), compared as sets per schema.
VOCABULARY_TAGS = re.compile(r'^(state|mode|status|result|running-sync|running-sync-enabled|conn-status|state-sync|'
                             r'state-sync-type|enabled|preemptive|[a-z-]+-compat|DLP|VMS|passive-link-state|'
                             r'failure-condition|fail-cond|type|installed|expired|on-hsm)$')

COMPARED = [e for e in corpus.entries()
            if e.get('reader') in READERS and READERS[e['reader']].request is not None and e.get('grade') == 'real'
            and e.get('emulator', True) is not False and not e['file'].endswith('.txt')]


def schema_of(entry):
    if entry.get('emulator_schema'):
        return entry['emulator_schema']
    match = re.search(r'\b(\d+)\.(\d+)(\.\d+)?', entry.get('device') or '')
    return '9.1' if match and int(match.group(1)) < 10 else '10.2'


@pytest.fixture(scope='module')
def emulators():
    started = {}
    yield lambda schema: started.setdefault(schema, testing.start(pairs=1, schema=None if schema == '10.2' else schema))
    for emu in started.values():
        emu.stop()


def emulator_answer(emu, command):
    import ssl
    peer = emu.peer(0, 0)
    xapi = pan.xapi.PanXapi(hostname=peer['host'], port=peer['port'], api_username=peer['username'],
                            api_password=peer['password'], ssl_context=ssl.create_default_context(cafile=emu.ca_file))
    xapi.op(cmd=command)
    return xapi.xml_document.encode()


def leaf_values(node):
    """{tag: {values}} of the vocabulary leaves anywhere under node."""
    out = {}
    for child in node.iter():
        if isinstance(child.tag, str) and len(child) == 0 and VOCABULARY_TAGS.match(child.tag) \
                and (child.text or '').strip():
            out.setdefault(child.tag, set()).add(child.text.strip())
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
    answer = emulator_answer(emu, READERS[entry['reader']].request)
    known = {d['path']: d['reason'] for d in entry.get('emulator_differences') or ()}
    assert all(known.values()), 'every known difference of %s needs a reason' % entry['file']
    found = differences(corpus.body(entry), answer, ignore=known, check_root_attrs=False)
    assert found == [], '%s vs the emulator (%s schema):\n  %s\nemulator:\n%s' % (
        entry['file'], schema_of(entry), '\n  '.join(found), answer.decode())
    vocabulary = real_vocabulary(entry['reader'])
    strange = {key: sorted(values - vocabulary[key]) for key, values in leaf_values(parse(answer)).items()
               if key in vocabulary and values - vocabulary[key] and key not in known}
    assert strange == {}, 'the emulator answers values no real device of this schema was seen answering: %r' % strange
