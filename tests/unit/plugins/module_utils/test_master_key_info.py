# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""master_key_info: properties parsing, pair agreement, thresholds, whether a current key is possible."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import master_key_info as mk
from ansible_collections.hapair.panos.plugins.module_utils.errors import HapairError
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.master_key_answers import changed_xml, props_xml


def props(**kwargs):
    return mk.parse_properties(ET.fromstring(props_xml(**kwargs)))


def changed_props(**overrides):
    return mk.parse_properties(ET.fromstring(changed_xml(**overrides)))


# ---------------------------------------------------------------- parsing

def test_parse_default_key():
    parsed = props()
    assert parsed == {
        'expire_at': None, 'remind_at': None, 'seconds_to_expiry': None, 'reminder_lead_seconds': None,
        'seconds_to_reminder': None, 'days_to_expiry': None, 'expired': False, 'reminder_passed': False,
        'on_hsm': False, 'auto_renew': 0, 'default_key': True,
        'raw': {'expire-at': '0', 'remind-at': '0', 'hours-to-expiry': '0', 'minutes-to-expiry': '0',
                'seconds-to-expiry': '0', 'hours-to-reminder': '0', 'minutes-to-reminder': '0',
                'seconds-to-reminder': '0', 'on-hsm': 'no', 'auto-renew-mkey': '0'},
    }


def test_parse_changed_key():
    parsed = props(expire='2027/03/01 10:00:00', remind='2027/02/01 10:00:00', expiry=100 * 3600 + 2 * 60 + 3,
                   lead=3605, on_hsm='yes', auto_renew='24')
    assert parsed['expire_at'] == '2027/03/01 10:00:00' and parsed['remind_at'] == '2027/02/01 10:00:00'
    assert parsed['seconds_to_expiry'] == 100 * 3600 + 2 * 60 + 3
    assert parsed['reminder_lead_seconds'] == 3605
    assert parsed['seconds_to_reminder'] == 100 * 3600 + 2 * 60 + 3 - 3605
    assert parsed['days_to_expiry'] == 4.17
    assert (parsed['on_hsm'], parsed['auto_renew'], parsed['default_key'], parsed['expired']) == (True, 24, False, False)


def test_counters_are_totals_not_parts():
    """The real sample's counters: 287 h / 17265 min / 1035946 s are one duration (11.99 days), not 287 h + 17265 min
    + 1035946 s (the old reading, ~36 days); the reminder counters are the lead time (24 h), not a countdown."""
    parsed = mk.parse_properties(ET.fromstring(
        b'<response status="success"><result><expire-at>2024/11/17 07:19:06</expire-at>'
        b'<remind-at>2024/11/16 07:19:06</remind-at><hours-to-expiry>287</hours-to-expiry>'
        b'<minutes-to-expiry>17265</minutes-to-expiry><seconds-to-expiry>1035946</seconds-to-expiry>'
        b'<hours-to-reminder>24</hours-to-reminder><minutes-to-reminder>1440</minutes-to-reminder>'
        b'<seconds-to-reminder>86400</seconds-to-reminder><on-hsm>no</on-hsm><auto-renew-mkey>0</auto-renew-mkey>'
        b'</result></response>'))
    assert parsed['seconds_to_expiry'] == 1035946 and parsed['days_to_expiry'] == 11.99
    assert parsed['reminder_lead_seconds'] == 86400 and parsed['seconds_to_reminder'] == 1035946 - 86400
    warnings, failures = mk.thresholds({'a': parsed}, warn_days=30, fail_days=14)
    assert warnings == [] and failures == ['the master key of a expires in 11 days 23 hours (2024/11/17 07:19:06), '
                                           'within fail_days=14']


def test_minutes_or_hours_counter_alone():
    only_minutes = mk.parse_properties(ET.fromstring(
        b'<response status="success"><result><expire-at>2027/01/01 00:00:00</expire-at><remind-at>0</remind-at>'
        b'<minutes-to-expiry>600</minutes-to-expiry></result></response>'))
    assert only_minutes['seconds_to_expiry'] == 36000 and only_minutes['seconds_to_reminder'] is None


def test_parse_expired_and_missing_counters():
    assert props(expire='2020/01/01 00:00:00')['expired'] is True
    parsed = props(expire='2027/03/01 10:00:00', counters=False)
    assert parsed['seconds_to_expiry'] is None and parsed['expired'] is False and parsed['default_key'] is False


def test_parse_without_result_fails():
    with pytest.raises(HapairError, match='no <result>'):
        mk.parse_properties(ET.fromstring(b'<response status="success"/>'))


# ---------------------------------------------------------------- agreement

def test_default_pair_agrees():
    assert mk.compare({'a': props(), 'b': props()}) == (True, [])


def test_one_peer_changed_disagrees():
    agree, differences = mk.compare({'a': changed_props(), 'b': props()})
    assert not agree
    assert [d['field'] for d in differences] == ['expire_at', 'remind_at']
    assert differences[0]['values'] == {'a': '2027/03/01 10:00:00', 'b': None}
    assert 'b has none' in differences[0]['message'] and 'factory default' in differences[0]['message']


def test_expiry_within_and_beyond_tolerance():
    later = changed_props(expire='2027/03/01 15:00:00', remind='2027/02/01 15:00:00', expiry=(8760 + 5) * 3600)
    assert mk.compare({'a': changed_props(), 'b': later})[0] is True
    agree, differences = mk.compare({'a': changed_props(), 'b': later}, tolerance_hours=4)
    assert not agree and '5 hours apart' in differences[0]['message']


def test_falls_back_on_times_without_counters():
    a = props(expire='2027/03/01 10:00:00', counters=False)
    b = props(expire='2027/03/03 10:00:00', counters=False)
    agree, differences = mk.compare({'a': a, 'b': b})
    assert not agree and '2 days apart' in differences[0]['message']
    odd = props(expire='next tuesday', counters=False)
    assert mk.compare({'a': odd, 'b': odd})[0] is True
    assert mk.compare({'a': odd, 'b': props(expire='last friday', counters=False)})[0] is False


def test_hsm_and_auto_renew_must_match():
    agree, differences = mk.compare({'a': props(on_hsm='yes', auto_renew='24'), 'b': props()})
    assert not agree and [d['field'] for d in differences] == ['on_hsm', 'auto_renew']
    assert 'HSM on a only' in differences[0]['message']


# ---------------------------------------------------------------- thresholds

def test_thresholds():
    soon = changed_props(expiry=240 * 3600, lead=28 * 86400)  # 10 days, the reminder (28 days ahead) passed
    peers = {'a': soon, 'b': props()}
    assert mk.thresholds(peers, warn_days=5, fail_days=1) == (
        ["the master-key reminder time of a has passed (2027/02/01 10:00:00); the master key of a expires in "
         "10 days (2027/03/01 10:00:00)"], [])
    warnings, failures = mk.thresholds(peers, warn_days=30)
    assert warnings == ['the master key of a expires in 10 days (2027/03/01 10:00:00), within warn_days=30']
    assert failures == []
    warnings, failures = mk.thresholds(peers, warn_days=30, fail_days=10)
    assert warnings == [] and failures == ['the master key of a expires in 10 days (2027/03/01 10:00:00), '
                                           'within fail_days=10']
    expired = {'a': props(expire='2020/01/01 00:00:00')}
    assert mk.thresholds(expired, fail_days=0)[1] == ['the master key of a has expired (2020/01/01 00:00:00), '
                                                      'within fail_days=0']


def test_thresholds_without_counters_warn_that_they_cannot_check():
    peers = {'a': props(expire='2027/03/01 10:00:00', counters=False)}
    assert mk.thresholds(peers) == ([], [])
    warnings, failures = mk.thresholds(peers, fail_days=10)
    assert failures == [] and 'could not be checked' in warnings[0]


def test_a_current_key_is_impossible_only_for_a_never_changed_key():
    """Issue 10 finding 18: PAN-OS cannot test a key without changing it; a peer whose key was never changed (no
    expiry set) holds the factory default, so only that key is possible for it."""
    from ansible_collections.hapair.panos.plugins.module_utils.master_key_info import (
        FACTORY_DEFAULT_KEY,
        current_key_possible,
    )
    never_changed = {'default_key': True}
    changed = {'default_key': False}
    assert current_key_possible(never_changed, 'Wr0ngKey-1234567') is False
    assert current_key_possible(never_changed, FACTORY_DEFAULT_KEY) is True
    assert current_key_possible(changed, 'Wr0ngKey-1234567') is True  # only PAN-OS can tell
    assert current_key_possible(changed, None) is None


class _Named:
    def __init__(self, name):
        self.name = name


def test_fail_on_impossible_key_fails_naming_the_peers_whose_key_was_never_changed(monkeypatch):
    """The master-key rotation's gate: a peer that still holds the factory default key cannot hold another current
    key; with fail_on_impossible_key that fails the task (reason wrong_current_key) with the whole report."""
    read = {'a': props(), 'b': changed_props()}  # a: never changed (no expiry set); b: changed before
    monkeypatch.setattr(mk, 'read_properties', lambda device: dict(read[device.name]))
    devices = [_Named('a'), _Named('b')]
    report = mk.info(devices, current_key='Wr0ngKey-1234567')
    assert report['peers']['a']['current_key_possible'] is False and report['peers']['b']['current_key_possible'] is True
    with pytest.raises(mk.MasterKeyCheckFailed) as exc:
        mk.info(devices, current_key='Wr0ngKey-1234567', fail_on_impossible_key=True)
    kwargs = exc.value.to_fail_kwargs()
    assert kwargs['reason'] == 'wrong_current_key'
    assert kwargs['msg'].startswith('current_master_key cannot be the master key of a: its key was never changed')
    assert 'factory default' in kwargs['msg'] and 'Wr0ngKey' not in str(kwargs)
    assert kwargs['peers']['a']['current_key_possible'] is False
    # The factory default key is possible everywhere; no key given: nothing to judge.
    assert mk.info(devices, current_key=mk.FACTORY_DEFAULT_KEY, fail_on_impossible_key=True)['peers']
    assert mk.info(devices, fail_on_impossible_key=True)['peers']['a']['current_key_possible'] is None
