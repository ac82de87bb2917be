# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Tier "real samples": every recorded real response of the corpus goes through the collection's own readers (the
entry points the modules call), with only the HTTP answer replayed, and the facts read from the sample by hand
(MANIFEST.yml ``expect``) must come out. Samples without a reader (commands the collection does not send) are
checked for provenance only (test_corpus.py)."""

from __future__ import annotations

import pan.xapi
import pytest

import corpus
from readers import READERS
from replay import Replay

from ansible_collections.hapair.panos.plugins.module_utils.connection import Device

PARSED = [e for e in corpus.entries() if e.get('reader')]


def provider():
    return {'ip_address': '192.0.2.10', 'port': 443, 'username': 'admin', 'password': 'replayed', 'api_key': None,
            'validate_certs': False, 'ca_path': None, 'timeout': 5, 'serial_number': None}


@pytest.mark.parametrize('entry', PARSED, ids=[e['file'] for e in PARSED])
def test_the_collection_reads_the_facts_of_each_real_sample(entry, monkeypatch):
    reader = READERS[entry['reader']]
    replay = Replay(corpus.body(entry), reader.kind, entry.get('http_status'), entry.get('http_reason'))
    monkeypatch.setattr(pan.xapi, 'urlopen', replay)
    device = Device(provider(), retries=0, sleep=lambda _s: None)
    result = reader.run(device, **(entry.get('args') or {}))
    assert entry.get('expect'), '%s has a reader but no expected facts' % entry['file']
    problems = corpus.check(result, entry['expect'])
    assert problems == [], '%s (%s):\n  %s\nresult: %r' % (entry['file'], entry['source'], '\n  '.join(problems),
                                                             result)
