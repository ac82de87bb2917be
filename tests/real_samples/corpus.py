# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The real-sample corpus: corpus/MANIFEST.yml (one entry per recorded response, with its provenance and the facts
read from it by hand) and the files it names."""

from __future__ import annotations

import os

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, 'corpus')
MANIFEST = os.path.join(CORPUS, 'MANIFEST.yml')
REQUIRED = ('file', 'command', 'source', 'transform', 'grade')


def entries():
    with open(MANIFEST, encoding='utf-8') as handle:
        return yaml.safe_load(handle) or []


def body(entry):
    with open(os.path.join(CORPUS, entry['file']), 'rb') as handle:
        return handle.read()


def resolve(data, path):
    """A dotted path into a reader's result: 'local.plugin_compat.VMS', 'licenses.0.feature'; a final '#' gives the
    length ('jobs#')."""
    want_len = path.endswith('#')
    if want_len:
        path = path[:-1]
    value = data
    for step in [s for s in path.split('.') if s]:
        if isinstance(value, list):
            value = value[int(step)]
        elif isinstance(value, dict):
            if step not in value:
                raise KeyError('%s: no %r in %r' % (path, step, sorted(value)))
            value = value[step]
        else:
            raise KeyError('%s: %r is not a container' % (path, value))
    return len(value) if want_len else value


def check(result, expect):
    """Each expected fact against the reader's result. A key ending in '~' means "contains" (for texts and lists).
    Returns the list of mismatches (empty when every fact holds)."""
    problems = []
    for key, wanted in (expect or {}).items():
        contains = key.endswith('~')
        path = key[:-1] if contains else key
        try:
            got = resolve(result, path)
        except (KeyError, IndexError, ValueError) as exc:
            problems.append('%s: %s' % (key, exc))
            continue
        ok = (wanted in got) if contains and got is not None else got == wanted
        if not ok:
            problems.append('%s: expected %r, got %r' % (key, wanted, got))
    return problems
