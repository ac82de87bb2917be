# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The peers doc fragment and selection.selection_argument_spec must agree, variant by variant; every module that
selects peers takes the option from both (name, default and description written once)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml

from ansible_collections.hapair.panos.plugins.doc_fragments.peers import ModuleDocFragment
from ansible_collections.hapair.panos.plugins.module_utils import selection

MODULES = Path(__file__).resolve().parents[4] / 'plugins' / 'modules'
# The fragment's variable of each variant (add_fragments upper-cases the part after the last dot).
FRAGMENT = {'peers': 'hapair.panos.peers', 'peer': 'hapair.panos.peers.peer',
            'peer_by_state': 'hapair.panos.peers.peer_by_state'}
# The names and defaults the modules have always had (users' playbooks name them).
EXPECTED = {'config_lock': 'peers', 'job_info': 'peers', 'master_key_info': 'peers', 'sync_settings': 'peers',
            'master_key': 'peer', 'peer_settings': 'peer', 'ha_state': 'peer_by_state'}


def variable(variant):
    return 'DOCUMENTATION' if variant == 'peers' else variant.upper()


@pytest.mark.parametrize('variant', sorted(selection.VARIANTS))
def test_fragment_variant_matches_argspec(variant):
    documented = yaml.safe_load(getattr(ModuleDocFragment, variable(variant)))['options']
    spec = selection.selection_argument_spec(variant)
    assert set(documented) == set(spec)
    for name, option in spec.items():
        assert documented[name].get('type') == option['type'] == 'str'
        assert documented[name].get('default') == option.get('default')
        assert 'choices' not in documented[name] and 'choices' not in option  # a management address is a value too
        assert documented[name]['description']


def test_the_variants_keep_the_modules_names_and_defaults():
    assert selection.VARIANTS == {'peers': ('peers', 'both'), 'peer': ('peer', 'provider'),
                                  'peer_by_state': ('peer', None)}


@pytest.mark.parametrize('module', sorted(EXPECTED))
def test_module_takes_the_option_from_the_fragment_and_the_helper(module):
    source = (MODULES / (module + '.py')).read_text()
    doc = yaml.safe_load(next(n.value.value for n in ast.parse(source).body if isinstance(n, ast.Assign)
                              and n.targets[0].id == 'DOCUMENTATION'))
    variant = EXPECTED[module]
    assert FRAGMENT[variant] in doc['extends_documentation_fragment']
    assert selection.VARIANTS[variant][0] not in doc['options']  # not written out again
    assert "selection_argument_spec(%r)" % variant in source


def test_the_roles_are_described_once():
    """Every variant says the same about the roles (the fragment's literals repeat the lines, ansible-test wants
    literals); the one-peer line is the same in the variants that name one peer."""
    descriptions = {v: yaml.safe_load(getattr(ModuleDocFragment, variable(v)))['options'][selection.VARIANTS[v][0]]['description']
                    for v in selection.VARIANTS}
    assert len({d[1] for d in descriptions.values()}) == 1
    assert descriptions['peer'][2] == descriptions['peer_by_state'][2]
