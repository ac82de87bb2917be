# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Print the corpus figures: real samples per command the collection reads, and the commands with none.

    .venv/bin/python tests/real_samples/report.py
"""

import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import conftest  # noqa: E402,F401  (puts the built collection on sys.path)
import corpus  # noqa: E402
from readers import READERS  # noqa: E402

entries = corpus.entries()
per_reader = collections.Counter(e['reader'] for e in entries if e['grade'] == 'real' and e.get('reader'))
other = collections.Counter(e['command'] for e in entries if not e.get('reader'))
print('real samples parsed by the collection: %d (corpus: %d files)' % (sum(per_reader.values()), len(entries)))
for name, reader in READERS.items():
    print('  %-42s %3d' % (reader.command, per_reader.get(name, 0)))
print('commands with none: %s' % ', '.join(r.command for n, r in READERS.items() if not per_reader.get(n)))
print('other samples (not parsed by the collection): %s' % ', '.join('%s %d' % kv for kv in sorted(other.items())))
