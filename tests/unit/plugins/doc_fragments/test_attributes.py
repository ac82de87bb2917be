# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The attributes fragment's variants describe each common attribute the same way (its literals repeat the texts)."""

from __future__ import annotations

import yaml

from ansible_collections.hapair.panos.plugins.doc_fragments.attributes import ModuleDocFragment


def attributes(name):
    return yaml.safe_load(getattr(ModuleDocFragment, name))['attributes']


def test_device_and_controller_variants_share_the_descriptions():
    device, controller = attributes('DOCUMENTATION'), attributes('CONTROLLER_ACTION')
    for attr in ('check_mode', 'diff_mode', 'platform'):
        assert device[attr]['description'] == controller[attr]['description'], attr


def test_every_variant_says_whether_it_is_in_the_action_group():
    assert attributes('DOCUMENTATION')['action_group']['membership'] == ['hapair.panos.all']
    group = attributes('CONTROLLER_ACTION')['action_group']
    assert group['support'] == 'none' and group['membership'] == []
