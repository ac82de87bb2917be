# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The corpus itself: every sample has one provenance entry, every entry's file exists, the samples are distinct,
and every command the collection reads has real samples or is listed in NOT_FOUND.md."""

from __future__ import annotations

import hashlib
import os

import corpus
from readers import READERS

ENTRIES = corpus.entries()
MINIMUM_REAL = 60


def test_every_file_has_exactly_one_entry_with_provenance():
    files = sorted(f for f in os.listdir(corpus.CORPUS) if f != 'MANIFEST.yml' and not f.startswith('.'))
    listed = [e['file'] for e in ENTRIES]
    assert sorted(listed) == files, 'unlisted: %s; missing: %s' % (sorted(set(files) - set(listed)),
                                                                   sorted(set(listed) - set(files)))
    for entry in ENTRIES:
        missing = [key for key in corpus.REQUIRED if not entry.get(key)]
        assert not missing, '%s lacks %s' % (entry['file'], missing)
        assert entry['grade'] in ('real', 'indicative'), entry['file']
        assert entry.get('reader') in (None,) + tuple(READERS), entry['file']


def test_at_least_sixty_distinct_real_responses_of_commands_the_collection_uses():
    used = [e for e in ENTRIES if e['grade'] == 'real' and e.get('reader')]
    digests = {hashlib.sha256(corpus.body(e)).hexdigest() for e in used}
    assert len(digests) == len(used), 'duplicate sample bodies'
    assert len(digests) >= MINIMUM_REAL, len(digests)


def test_every_reader_command_has_a_real_sample_or_is_listed_as_not_found():
    with open(os.path.join(corpus.HERE, 'NOT_FOUND.md'), encoding='utf-8') as handle:
        not_found = handle.read()
    covered = {e['reader'] for e in ENTRIES if e['grade'] == 'real' and e.get('reader')}
    for name, reader in READERS.items():
        assert name in covered or '`%s`' % reader.command in not_found, \
            '%s (%s): no real sample and not listed in NOT_FOUND.md' % (name, reader.command)
