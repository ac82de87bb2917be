# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The provider doc fragment and the argspec built by provider_spec.py must agree."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.hapair.panos.plugins.doc_fragments.provider import ModuleDocFragment
from ansible_collections.hapair.panos.plugins.module_utils import provider_spec


def documented(fragment):
    return yaml.safe_load(fragment)['options']


def compare(doc_options, spec_options, path):
    assert set(doc_options) == set(spec_options), path
    for name, spec in spec_options.items():
        doc = doc_options[name]
        where = f'{path}.{name}'
        assert doc.get('type', 'str') == spec.get('type', 'str'), where
        assert bool(doc.get('required', False)) == bool(spec.get('required', False)), where
        assert doc.get('default') == spec.get('default'), where
        assert doc.get('choices') == spec.get('choices'), where
        assert doc.get('elements') == spec.get('elements'), where
        assert doc.get('description'), where
        fallback = spec.get('fallback')
        if fallback:
            for variable in fallback[1]:
                assert f'E({variable})' in ' '.join(doc['description']), f'{where} must document {variable}'
        if 'options' in spec:
            compare(doc['suboptions'], spec['options'], where)
        else:
            assert 'suboptions' not in doc, where


def test_provider_fragment_matches_argspec():
    compare(documented(ModuleDocFragment.DOCUMENTATION), provider_spec.provider_argument_spec(), 'provider')


def test_pair_fragment_matches_argspec():
    spec = provider_spec.pair_argument_spec()
    del spec['provider']
    compare(documented(ModuleDocFragment.PAIR), spec, 'peer_provider')


@pytest.mark.parametrize('fragment', [ModuleDocFragment.DOCUMENTATION, ModuleDocFragment.PAIR])
def test_fragments_contain_no_example_secrets(fragment):
    lowered = fragment.lower()
    for word in ('password:', 'api_key:'):
        # option names only: never a value after them on the same line
        for line in lowered.splitlines():
            if line.strip().startswith(word):
                assert line.strip() == word
