# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.error import URLError

import pytest

from ansible_collections.hapair.panos.plugins.module_utils.errors import AuthenticationFailed, ConnectionFailed, Refused
from ansible_collections.hapair.panos.plugins.module_utils.pair import Pair, peer_params
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.fakes import HttpStatus, Sleeps, fixture_root

SYNCED_91 = 'op_show_high-availability_state.active-passive.synced.pa-5250-9.1.11.xml'
PEER_DOWN_81 = 'op_show_high-availability_state.active-passive.peer-down.pa-vm-8.1.3.xml'
DISABLED = 'op_show_high-availability_state.ha-disabled.xml'
ACTIVE_ACTIVE = 'op_show_high-availability_state.active-active.TRIMMED-test-fixture.xml'

FIRST = '192.0.2.10'
SECOND = '10.12.152.26'  # peer-info/mgmt-ip of SYNCED_91 (without /25)


def ha_answer(name, local_state=None, peer_state=None, peer_mgmt_ip=None):
    """A recorded HA response, optionally with states changed (derived data for the other peer's view)."""
    root = fixture_root(name)
    if local_state is not None:
        root.find('result/group/local-info/state').text = local_state
    if peer_state is not None and root.find('result/group/peer-info/state') is not None:
        root.find('result/group/peer-info/state').text = peer_state
    if peer_mgmt_ip is not None:
        root.find('result/group/peer-info/mgmt-ip').text = peer_mgmt_ip
    return ET.tostring(root)


class FakeModule:
    def __init__(self, params):
        self.params = params
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)


@pytest.fixture
def pair_http(fake_http):
    fake_http.add('keygen', '', 'keygen.success.xml')
    return fake_http


def make_pair(provider, peer_provider=None, warnings=None):
    return Pair(provider, peer_provider, warn=(warnings.append if warnings is not None else None), sleep=Sleeps()).discover()


def test_discovers_peer_from_mgmt_ip(pair_http, provider):
    provider.update(port=8443, ca_path=None, timeout=12)
    pair_http.add('op', 'high-availability', SYNCED_91, host=FIRST)
    pair_http.add('op', 'high-availability', ha_answer(SYNCED_91, 'passive', 'active', '10.12.152.34/25'), host=SECOND)
    pair = make_pair(provider)
    assert [d.name for d in pair.devices] == [f'{FIRST}:8443', f'{SECOND}:8443']
    assert pair.active is pair.first and pair.passive is pair.second
    assert pair.local_state(pair.second) == 'passive' and pair.role(pair.first) == 'active'
    assert pair.other(pair.first) is pair.second
    assert pair.enabled and pair.mode == 'Active-Passive'
    assert pair.summary['synchronized'] is True
    # the peer reuses port, credentials and timeout; one keygen and one op per peer
    second_keygen = [r for r in pair_http.requests if r['host'] == SECOND and r['params']['type'] == 'keygen'][0]
    assert second_keygen['params']['password'] == provider['password'] and second_keygen['timeout'] == 12
    assert pair_http.count('keygen', FIRST) == 1 and pair_http.count('keygen', SECOND) == 1
    assert pair_http.count('op') == 2
    assert pair.require_active() is pair.first and pair.require_peer() is pair.second


def test_provider_may_point_at_the_passive_peer(pair_http, provider):
    pair_http.add('op', 'high-availability', ha_answer(SYNCED_91, 'passive', 'active'), host=FIRST)
    pair_http.add('op', 'high-availability', SYNCED_91, host=SECOND)
    pair = make_pair(provider)
    assert pair.active is pair.second and pair.passive is pair.first


def test_peer_provider_overrides_and_inherits(pair_http, provider):
    warnings = []
    pair_http.add('op', 'high-availability', SYNCED_91, host=FIRST)
    pair_http.add('op', 'high-availability', ha_answer(SYNCED_91, 'passive', 'active'), host='198.51.100.7')
    pair = make_pair(provider, {'ip_address': '198.51.100.7', 'port': None, 'username': None, 'password': None, 'api_key': None,
                                'validate_certs': None, 'ca_path': None, 'timeout': None, 'serial_number': None}, warnings)
    assert pair.second.name == '198.51.100.7:443'
    assert pair.passive is pair.second
    assert len(warnings) == 1 and '10.12.152.26' in warnings[0]


def test_peer_params():
    provider = {'ip_address': 'a', 'port': 8443, 'username': 'u', 'password': 'p', 'api_key': None, 'validate_certs': False,
                'ca_path': '/ca.pem', 'timeout': 9}
    assert peer_params(provider, None, '192.0.2.2') == dict(provider, ip_address='192.0.2.2')
    assert peer_params(provider, {'ip_address': 'b', 'password': 'q', 'port': None}, '192.0.2.2') == dict(provider, ip_address='b', password='q')
    assert peer_params(provider, None, None) is None
    assert provider['ip_address'] == 'a'


def test_unreachable_peer_is_reported_not_raised(pair_http, provider):
    pair_http.add('op', 'high-availability', SYNCED_91, host=FIRST)
    pair_http.add('keygen', '', URLError(ConnectionRefusedError(111, 'Connection refused')), host=SECOND)
    pair_http.routes.insert(0, pair_http.routes.pop())  # the SECOND keygen route before the catch-all one
    pair = make_pair(provider)
    assert isinstance(pair.peer_error, ConnectionFailed)
    assert [d.name for d in pair.devices] == [pair.first.name]
    assert any(p.startswith(f'{SECOND}:443 is unreachable: Cannot connect') for p in pair.summary['problems'])
    report = pair.report()
    assert report['peers'][f'{SECOND}:443']['reachable'] is False
    assert report['peers'][f'{SECOND}:443']['error']['error'] == 'connection_failed'
    assert report['peers'][pair.first.name]['role'] == 'active'
    assert provider['password'] not in repr(report)
    # the first peer is active: a push can still be refused by require_peer, not by require_active
    assert pair.require_active() is pair.first
    with pytest.raises(ConnectionFailed):
        pair.require_peer()


def test_passive_first_and_unreachable_active_peer(pair_http, provider):
    pair_http.add('op', 'high-availability', ha_answer(SYNCED_91, 'passive', 'active'), host=FIRST)
    pair_http.add('keygen', '', HttpStatus(403, 'Invalid Credential'), host=SECOND)
    pair_http.routes.insert(0, pair_http.routes.pop())
    pair = make_pair(provider)
    assert isinstance(pair.peer_error, AuthenticationFailed)
    with pytest.raises(AuthenticationFailed):
        pair.require_active()


def test_peer_never_connected(pair_http, provider):
    pair_http.add('op', 'high-availability', PEER_DOWN_81, host=FIRST)
    pair = make_pair(provider)
    assert pair.second is None
    assert isinstance(pair.peer_error, Refused) and pair.peer_error.reason == 'peer_unknown'
    assert 'peer_provider' in pair.peer_error.remedy
    assert pair.summary['active'] == pair.first.name
    assert pair.require_active() is pair.first
    with pytest.raises(Refused) as exc:
        pair.require_peer()
    assert exc.value.reason == 'peer_unknown'
    assert list(pair.report()['peers']) == [pair.first.name]


def test_ha_disabled(pair_http, provider):
    pair_http.add('op', 'high-availability', DISABLED, host=FIRST)
    pair = make_pair(provider)
    assert not pair.enabled and pair.second is None and pair.peer_error is None
    assert pair.summary['problems'] == [f'HA is not enabled on {pair.first.name}']
    with pytest.raises(Refused) as exc:
        pair.require_active()
    assert exc.value.reason == 'ha_disabled' and exc.value.device == pair.first.name
    assert pair_http.count(host=SECOND) == 0


def test_split_brain_is_reported_and_refused(pair_http, provider):
    pair_http.add('op', 'high-availability', ha_answer(SYNCED_91, 'active', 'unknown'), host=FIRST)
    pair_http.add('op', 'high-availability', ha_answer(SYNCED_91, 'active', 'unknown'), host=SECOND)
    pair = make_pair(provider)
    assert pair.active is None
    assert any('split brain' in p for p in pair.summary['problems'])
    with pytest.raises(Refused) as exc:
        pair.require_active()
    assert exc.value.reason == 'split_brain'
    assert 'no change was made' in exc.value.msg


def test_no_active_peer_refused(pair_http, provider):
    pair_http.add('op', 'high-availability', ha_answer(SYNCED_91, 'passive', 'suspended'), host=FIRST)
    pair_http.add('op', 'high-availability', ha_answer(SYNCED_91, 'suspended', 'passive'), host=SECOND)
    pair = make_pair(provider)
    with pytest.raises(Refused) as exc:
        pair.require_active()
    assert exc.value.reason == 'no_active_peer'


def test_active_active(pair_http, provider):
    primary = ha_answer(ACTIVE_ACTIVE)
    pair = Pair(provider, {'ip_address': SECOND}, sleep=Sleeps())
    pair_http.add('op', 'high-availability', primary, host=FIRST)
    pair_http.add('op', 'high-availability', primary.replace(b'active-primary', b'active-secondary'), host=SECOND)
    pair.discover()
    assert pair.mode == 'Active-Active'
    assert pair.active is pair.first and pair.passive is pair.second
    assert pair.role(pair.second) == 'passive'


def test_first_peer_failure_propagates(pair_http, provider):
    pair_http.routes.clear()
    pair_http.add('keygen', '', HttpStatus(403, 'Invalid Credential'))
    with pytest.raises(AuthenticationFailed):
        make_pair(provider)


def test_from_module(pair_http, provider):
    module = FakeModule({'provider': dict(provider, validate_certs=False), 'peer_provider': None})
    pair_http.add('op', 'high-availability', SYNCED_91, host=FIRST)
    pair_http.add('op', 'high-availability', ha_answer(SYNCED_91, 'passive', 'active'), host=SECOND)
    pair = Pair.from_module(module, sleep=Sleeps()).discover()
    assert pair.passive.name == f'{SECOND}:443'
    # validate_certs=false is inherited by the discovered peer, and warned about once per peer
    assert len(module.warnings) == 2


def test_refresh_rereads_state_over_the_same_sessions(pair_http, provider):
    pair_http.add('op', 'high-availability', SYNCED_91, ha_answer(SYNCED_91, 'suspended'), host=FIRST)
    pair_http.add('op', 'high-availability', ha_answer(SYNCED_91, 'passive', 'active', '10.12.152.34/25'),
                  ha_answer(SYNCED_91, 'active', 'suspended', '10.12.152.34/25'), host=SECOND)
    pair = make_pair(provider)
    first, second = pair.first, pair.second
    assert pair.active is first
    assert pair.refresh() is pair
    assert pair.first is first and pair.second is second
    assert pair.active is second and pair.local_state(first) == 'suspended'
    assert pair_http.count('keygen') == 2 and pair_http.count('op') == 4


def test_errors_about_the_second_peer_name_peer_provider(pair_http, provider):
    """Issue 10 finding 10: a discovered peer whose keygen fails names peer_provider.*, never provider.*."""
    pair_http.add('op', 'high-availability', SYNCED_91, host=FIRST)
    pair_http.add('op', 'high-availability', HttpStatus(403, 'Invalid Credential'), host=SECOND)
    pair = make_pair(provider)
    error = pair.peer_error
    assert isinstance(error, AuthenticationFailed)
    assert 'peer_provider.username and peer_provider.password' in error.remedy
    assert 'Check provider.' not in error.remedy and ' provider.' not in error.remedy


def test_a_discovered_peer_given_only_the_first_peers_api_key_says_to_set_peer_provider_api_key(pair_http, provider):
    provider.update(password=None, api_key='LUFRPT1-the-first-peers-key=')
    pair_http.add('op', 'high-availability', SYNCED_91, host=FIRST)
    pair_http.add('op', 'high-availability', HttpStatus(403, 'Invalid Credential'), host=SECOND)
    pair = make_pair(provider)
    assert pair.second.reused_api_key is True
    assert 'set peer_provider.api_key' in pair.peer_error.remedy
    own_key = make_pair(provider, {'api_key': 'LUFRPT1-its-own-key='})
    assert own_key.second.reused_api_key is False


def test_provider_down_the_pair_is_read_from_peer_provider_alone(pair_http, provider):
    """Issue 10 finding 4: each peer through its own connection. With provider refusing connections and
    peer_provider.ip_address given, discovery reads the other peer; tasks addressed to peer_provider work, tasks
    that need the provider peer raise the provider's own error."""
    pair_http.add('keygen', '', URLError(ConnectionRefusedError(111, 'Connection refused')), host=FIRST)
    pair_http.routes.insert(0, pair_http.routes.pop())
    pair_http.add('op', 'high-availability', ha_answer(SYNCED_91, 'passive', 'active', FIRST), host=SECOND)
    pair = make_pair(provider, {'ip_address': SECOND})
    assert isinstance(pair.first_error, ConnectionFailed) and pair.peer_error is None
    assert [d.name for d in pair.devices] == [f'{SECOND}:443']
    assert pair.require_peer() is pair.second
    assert pair.enabled and pair.role(pair.second) == 'passive'
    assert pair.summary['states'] == {f'{SECOND}:443': 'passive', f'{FIRST}:443': 'active'}
    assert any(p.startswith(f'{FIRST}:443 is unreachable: Cannot connect') for p in pair.summary['problems'])
    report = pair.report()
    assert report['peers'][f'{FIRST}:443']['reachable'] is False
    assert report['peers'][f'{FIRST}:443']['error']['error'] == 'connection_failed'
    assert report['peers'][f'{SECOND}:443']['reachable'] is True
    assert pair.error_of(pair.first) is pair.first_error and pair.error_of(pair.second) is None
    with pytest.raises(ConnectionFailed):
        pair.require_first()
    with pytest.raises(ConnectionFailed):
        pair.require_active()  # the peer read says the unreachable one is active
    # refresh re-reads the peer that answered, over its session
    assert pair.refresh() is pair and pair_http.count('keygen', SECOND) == 1


def test_provider_down_without_peer_provider_address_propagates(pair_http, provider):
    pair_http.add('keygen', '', URLError(ConnectionRefusedError(111, 'Connection refused')), host=FIRST)
    pair_http.routes.insert(0, pair_http.routes.pop())
    with pytest.raises(ConnectionFailed):
        make_pair(provider, {'password': 'other'})


def test_selection_by_role_when_provider_is_down(pair_http, provider):
    from ansible_collections.hapair.panos.plugins.module_utils.selection import select_devices
    pair_http.add('keygen', '', URLError(ConnectionRefusedError(111, 'Connection refused')), host=FIRST)
    pair_http.routes.insert(0, pair_http.routes.pop())
    pair_http.add('op', 'high-availability', ha_answer(SYNCED_91, 'passive', 'active', FIRST), host=SECOND)
    pair = make_pair(provider, {'ip_address': SECOND})
    assert select_devices(pair, 'peer_provider') == [pair.second]
    assert select_devices(pair, SECOND) == [pair.second]
    for which in ('provider', 'both', FIRST):
        with pytest.raises(ConnectionFailed):
            select_devices(pair, which)


def test_a_misspelt_single_peer_lists_the_choices_without_both(pair_http, provider):
    """Issue 10 finding 18: `peer: pasive` on a module that acts on one peer lists the valid values, not `both`."""
    from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput
    from ansible_collections.hapair.panos.plugins.module_utils.selection import select_devices
    pair_http.add('op', 'high-availability', SYNCED_91, host=FIRST)
    pair_http.add('op', 'high-availability', ha_answer(SYNCED_91, 'passive', 'active'), host=SECOND)
    pair = make_pair(provider)
    with pytest.raises(InvalidInput) as typo:
        select_devices(pair, 'pasive', single=True)
    assert "peer 'pasive' is neither a role (active, passive, provider, peer_provider)" in typo.value.msg
    with pytest.raises(InvalidInput) as both:
        select_devices(pair, 'both', single=True)
    assert 'names one peer, not both' in both.value.msg and both.value.option == 'peer'
    with pytest.raises(InvalidInput) as plural:
        select_devices(pair, 'pasive', option='peers')
    assert "peers 'pasive' is neither a role (both, active" in plural.value.msg
