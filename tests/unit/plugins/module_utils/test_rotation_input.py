"""The master-key rotation's input rules (module_utils/rotation_input.py): each rule breaks on its own, the sentences
name variables and rules only, never a key."""

from __future__ import annotations

import pytest

from ansible_collections.hapair.panos.plugins.filter import rotation as rotation_filters
from ansible_collections.hapair.panos.plugins.module_utils import rotation_input

NEW = 'n3wK3y-0123456789'[:16]
CURRENT = 'p1a2l3o4a5l6t7o8'
GOOD = dict(new_key=NEW, current_key=CURRENT, lifetime=8760, reminder=168, password_given=True)


def broken(**change):
    return rotation_input.broken_rules(**dict(GOOD, **change))


def test_usable_input_breaks_no_rule():
    assert broken() == []
    assert rotation_input.problems(**GOOD) == []
    # Numbers as the inventory gives them: strings, also with a decimal point (Jinja's int filter reads both).
    assert broken(lifetime='8760', reminder='168.0') == []


@pytest.mark.parametrize('change, rule', [
    ({'new_key': NEW[:15]}, 'new key length'),
    ({'new_key': NEW + 'x'}, 'new key length'),
    ({'current_key': ''}, 'current key length'),
    ({'current_key': CURRENT[:12]}, 'current key length'),
    ({'new_key': CURRENT}, 'keys differ'),
    ({'lifetime': 0, 'reminder': 0}, 'lifetime'),
    ({'lifetime': 17521}, 'lifetime'),
    ({'reminder': 8760}, 'reminder'),
    ({'reminder': 0}, 'reminder'),
    ({'reminder': 'soon'}, 'reminder'),
    ({'password_given': False}, 'password'),
])
def test_each_rule_breaks_on_its_own(change, rule):
    assert rule in broken(**change)


def test_a_missing_key_is_said_once():
    assert broken(new_key=None) == ['new key length']
    assert broken(new_key=None, current_key=None) == ['new key length', 'current key length']


def test_a_lifetime_out_of_range_also_breaks_a_reminder_that_is_not_shorter():
    assert broken(lifetime='x') == ['lifetime', 'reminder']


def test_the_sentences_say_what_to_fix_and_never_hold_a_key():
    messages = rotation_input.problems(new_key=CURRENT, current_key=CURRENT, lifetime=99999, reminder=0,
                                       password_given=False)
    assert messages == [dict(rotation_input.RULES)[name] for name in ('keys differ', 'lifetime', 'reminder', 'password')]
    assert messages[0] == 'master_key_rotation_new_key must differ from master_key_rotation_current_key.'
    assert 'PANOS_PASSWORD' in messages[-1]
    short = rotation_input.problems(new_key='secret-short', current_key='another-secret!!', lifetime=1, reminder=1,
                                    password_given=True)
    text = ' '.join(short)
    assert 'master_key_rotation_new_key must be exactly 16 characters.' in short
    for secret in ('secret-short', 'another-secret!!', CURRENT):
        assert secret not in text


def test_the_filter_is_the_module_utils_rule():
    filters = rotation_filters.FilterModule().filters()
    assert filters['rotation_input_problems'](NEW, NEW, 8760, 168, True) == [dict(rotation_input.RULES)['keys differ']]
