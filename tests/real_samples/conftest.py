# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The real-samples tier runs the collection as it is shipped: build/ansible_collections (make collection) is put
first on sys.path, so ``ansible_collections.hapair.panos`` is the built artefact, not this checkout."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, 'build')
if not os.path.isdir(os.path.join(BUILD, 'ansible_collections', 'hapair', 'panos')):
    raise RuntimeError('build/ansible_collections/hapair/panos is missing: run `make collection` first')
sys.path.insert(0, BUILD)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
