# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The pair's raw answers next to the real samples of the corpus (tests/real_samples/corpus/MANIFEST.yml), by
shape (tests/emulator/tests/shapes.py), in both directions:

  sample-only  what the recorded sample has that this pair's answer lacks (the collection may rely on it)
  pair-only    what this pair's answer has that the sample lacks (a field newer or other releases answer)

Differences are information (release, model and state differ between devices); only a failing reader fails.
"""

from __future__ import annotations

import os
import re
import textwrap

import yaml

from . import paths

paths.setup()

from readers import READERS  # noqa: E402
from shapes import differences  # noqa: E402

MAX_PATHS = 12


def _normal(command):
    command = (command or '').strip().lower()
    command = re.sub(r'^type=', '', command)
    return re.sub(r'\s+', ' ', command)


def load(manifest=None):
    """(entries, note): the corpus entries with a ``body`` loader; note says why there are none."""
    path = manifest or paths.CORPUS_MANIFEST
    if not os.path.isfile(path):
        return [], 'no corpus manifest at %s (nothing to compare with yet)' % os.path.relpath(path, paths.ROOT)
    with open(path, encoding='utf-8') as handle:
        try:
            entries = yaml.safe_load(handle) or []
        except yaml.YAMLError as exc:
            return [], 'corpus manifest %s is not valid YAML: %s' % (path, exc)
    if not isinstance(entries, list):
        return [], 'corpus manifest %s is not a YAML list' % path
    base = os.path.dirname(path)
    out = []
    for entry in entries:
        if isinstance(entry, dict) and entry.get('file'):
            entry = dict(entry, path=os.path.join(base, entry['file']))
            out.append(entry)
    return out, ('' if out else 'the corpus manifest %s lists no sample' % os.path.relpath(path, paths.ROOT))


def reader_of(entry):
    """The read-only reader whose command a corpus entry records (``reader:``, else by command), or None."""
    name = entry.get('reader')
    if name in READERS:
        return name if READERS[name].read_only else None
    command = _normal(entry.get('command'))
    best = None
    for name, reader in READERS.items():
        wanted = _normal(reader.command)
        if command == wanted or command.startswith(wanted + ' '):
            if best is None or len(wanted) > len(_normal(READERS[best].command)):
                best = name
    return best if best is not None and READERS[best].read_only else None


def samples(entries):
    """{reader name: [entry]} of the real XML samples of read-only commands."""
    out = {}
    for entry in entries:
        if entry.get('grade') != 'real' or not str(entry['file']).endswith('.xml') or not os.path.isfile(entry['path']):
            continue
        name = reader_of(entry)
        if name is not None:
            out.setdefault(name, []).append(entry)
    return out


def status(body):
    """The root's status attribute ('success', 'error'), None when the body is not XML."""
    match = re.search(rb"<response\b[^>]*?\bstatus\s*=\s*['\"]([^'\"]*)['\"]", body or b'')
    return match.group(1).decode() if match else None


def comparable(sample_body, answer_body):
    """A sample is compared with an answer of the same kind: an error sample says nothing about a success."""
    return status(sample_body) == status(answer_body)


def compare(name, sample_body, answer_body):
    """(sample_only, pair_only) shape differences of one sample and one answer."""
    depth = 1 if READERS[name].kind == 'config' else None   # config: the envelope (the rest is configuration)
    try:
        sample_only = differences(sample_body, answer_body, check_root_attrs=True, max_depth=depth)
        pair_only = differences(answer_body, sample_body, check_root_attrs=False, max_depth=depth)
    except Exception as exc:   # noqa: BLE001 - an unparseable body is a row of the table, not a crash
        return ['cannot compare: %s' % exc], []
    return sample_only, pair_only


class Row:
    def __init__(self, name, peer, sample, sample_only, pair_only):
        self.name = name
        self.command = READERS[name].command
        self.peer = peer
        self.sample = sample
        self.sample_only = sample_only
        self.pair_only = pair_only


def table(rows, note='', skipped=0):
    """A readable text table of the comparisons, then the paths of each difference."""
    lines = ['Fidelity: this pair\'s answers vs the real samples of the corpus (shape; information, not failures)']
    if note:
        lines.append('  ' + note)
    if skipped:
        lines.append('  %d sample/answer pairs not compared: the sample is an answer of another status (error vs '
                     'success)' % skipped)
    if not rows:
        lines.append('  no comparison made')
        return '\n'.join(lines)
    width_c = max(len('command'), *(len(r.command) for r in rows))
    width_p = max(len('peer'), *(len(r.peer) for r in rows))
    width_s = min(70, max(len('sample'), *(len(r.sample) for r in rows)))
    head = '  %-*s  %-*s  %-*s  %11s  %9s' % (width_c, 'command', width_p, 'peer', width_s, 'sample', 'sample-only',
                                             'pair-only')
    lines.extend([head, '  ' + '-' * (len(head) - 2)])
    for r in rows:
        sample = r.sample if len(r.sample) <= width_s else r.sample[:width_s - 3] + '...'
        lines.append('  %-*s  %-*s  %-*s  %11d  %9d' % (width_c, r.command, width_p, r.peer, width_s, sample,
                                                      len(r.sample_only), len(r.pair_only)))
    detailed = [r for r in rows if r.sample_only or r.pair_only]
    if detailed:
        lines.append('')
        lines.append('  differences (sample-only: the sample has it, this pair does not; pair-only: the reverse)')
    for r in detailed:
        lines.append('  %s on %s vs %s' % (r.command, r.peer, r.sample))
        for label, found in (('sample-only', r.sample_only), ('pair-only', r.pair_only)):
            if found:
                found = [f[len('missing: '):] if f.startswith('missing: ') else f for f in found]
                shown = found[:MAX_PATHS] + (['... %d more' % (len(found) - MAX_PATHS)] if len(found) > MAX_PATHS else [])
                text = '%-11s %s' % (label + ':', '; '.join(shown))
                lines.extend(textwrap.wrap(text, width=150, initial_indent='      ', subsequent_indent=' ' * 18))
    return '\n'.join(lines)
