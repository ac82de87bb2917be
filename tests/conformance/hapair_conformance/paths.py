# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where things are, and sys.path set up the way tests/real_samples/conftest.py does it: the built collection
(build/ansible_collections, ``make collection``) first, so ``ansible_collections.hapair.panos`` is the shipped
artefact; tests/real_samples (readers, corpus) and tests/emulator/tests (shapes) importable."""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))          # tests/conformance
ROOT = os.path.dirname(os.path.dirname(HERE))                               # the repository
BUILD = os.path.join(ROOT, 'build')
COLLECTION = os.path.join(BUILD, 'ansible_collections', 'hapair', 'panos')
REAL_SAMPLES = os.path.join(ROOT, 'tests', 'real_samples')
EMULATOR_TESTS = os.path.join(ROOT, 'tests', 'emulator', 'tests')
CORPUS_MANIFEST = os.path.join(REAL_SAMPLES, 'corpus', 'MANIFEST.yml')


class BuildMissing(RuntimeError):
    pass


def setup():
    """Put the built collection, the real-samples helpers and the shape comparer on sys.path (idempotent)."""
    if not os.path.isdir(COLLECTION):
        raise BuildMissing('%s is missing: run `make collection` first' % os.path.relpath(COLLECTION, ROOT))
    for path in (EMULATOR_TESTS, REAL_SAMPLES, BUILD):
        if path in sys.path:
            sys.path.remove(path)
        sys.path.insert(0, path)
