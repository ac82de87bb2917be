# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import ha_status
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.fakes import fixture_root

SYNCED_91 = 'op_show_high-availability_state.active-passive.synced.pa-5250-9.1.11.xml'
PEER_DOWN_81 = 'op_show_high-availability_state.active-passive.peer-down.pa-vm-8.1.3.xml'
LINKMON_71 = 'op_show_high-availability_state.active-passive.synced.pa-5060-7.1.9.link-monitoring.xml'
ACTIVE_ACTIVE = 'op_show_high-availability_state.active-active.TRIMMED-test-fixture.xml'
DISABLED = 'op_show_high-availability_state.ha-disabled.xml'
PANORAMA = 'op_show_high-availability_state.panorama-11.0.1.primary-active.xml'


def parse(name):
    return ha_status.parse_ha_state(fixture_root(name))


def test_commands():
    assert ha_status.SHOW_HA_ALL == '<show><high-availability><all/></high-availability></show>'


def test_same_keys_for_every_sample():
    shapes = []
    for name in (SYNCED_91, PEER_DOWN_81, LINKMON_71, ACTIVE_ACTIVE, DISABLED, PANORAMA):
        ha = parse(name)
        shapes.append((sorted(ha), sorted(ha['local']), sorted(ha['peer'])))
    assert all(shape == shapes[0] for shape in shapes)


# ---------------------------------------------------------------- A/P synchronized, PA-5250 9.1.11

def test_synced_9_1_11_local():
    ha = parse(SYNCED_91)
    assert ha['enabled'] is True and ha['mode'] == 'Active-Passive'
    local = ha['local']
    assert (local['state'], local['priority'], local['preemptive']) == ('active', 100, False)
    assert local['mgmt_ip'] == '10.12.152.34'
    assert local['build_rel'] == '9.1.11' and local['app_version'] == '8515-7181'
    assert (local['av_version'], local['threat_version'], local['url_version']) == ('3967-4478', '8515-7181', '20220119.20242')
    assert local['ha1'] == {'port': 'ha1-a', 'ip': '192.168.255.1', 'prefix_len': 24, 'mac': '08:66:1f:01:4e:37'}
    assert local['ha1_backup'] == {'port': 'ha1-b', 'ip': '192.168.253.1', 'prefix_len': 24, 'mac': '08:66:1f:01:4e:36'}
    assert local['ha2']['port'] == 'hsci' and local['ha2']['ip'] == '192.168.254.1'
    assert local['ha2_backup'] == {'port': None, 'ip': None, 'prefix_len': None, 'mac': None}
    assert local['state_sync'] == 'Complete'
    assert local['compat'] == {'url': 'Mismatch', 'av': 'Match', 'vpnclient': 'Match', 'threat': 'Match', 'vm_license': 'Match',
                               'gpclient': 'Match', 'build': 'Match', 'app': 'Match'}
    assert local['config_sync_enabled'] is True and local['running_sync'] == 'synchronized'
    assert local['passive_link_state'] == 'auto'


def test_synced_9_1_11_peer():
    peer = parse(SYNCED_91)['peer']
    assert (peer['state'], peer['conn_status'], peer['mgmt_ip'], peer['priority']) == ('passive', 'up', '10.12.152.26', 100)
    assert peer['build_rel'] == '9.1.11' and peer['url_version'] == '20211029.20023'
    assert peer['last_error_state'] == 'non-functional' and peer['last_error_reason'] == 'Link down'
    assert set(peer['connections']) == {'ha1', 'ha1_backup', 'ha2'}
    assert peer['connections']['ha1'] == {'status': 'up', 'primary': True, 'description': 'heartbeat status', 'down_reason': None}
    assert peer['connections']['ha1_backup']['status'] == 'up'
    assert peer['ha1']['ip'] == '192.168.255.2' and peer['ha1']['prefix_len'] is None


def test_synced_9_1_11_monitoring():
    ha = parse(SYNCED_91)
    assert ha['link_monitoring'] == {'enabled': False, 'fail_cond': 'any',
                                     'groups': [{'name': 'Monitor', 'enabled': False, 'fail_cond': 'any', 'interfaces': []}]}
    assert ha['path_monitoring'] == {'enabled': False, 'fail_cond': 'any', 'groups': [], 'virtual_wire': [],
                                     'vlan': [], 'virtual_router': []}


def test_summary_synced_but_url_mismatch():
    summary = ha_status.summarize_pair(parse(SYNCED_91), local_name='fw1', peer_name='fw2')
    assert summary['active'] == 'fw1' and summary['passive'] == 'fw2'
    assert summary['states'] == {'fw1': 'active', 'fw2': 'passive'}
    assert summary['synchronized'] is True
    assert summary['healthy'] is False
    assert summary['problems'] == ["url compatibility is 'Mismatch' on fw1"]


# ---------------------------------------------------------------- peer never connected, PA-VM 8.1.3

def test_peer_down_8_1_3():
    ha = parse(PEER_DOWN_81)
    local, peer = ha['local'], ha['peer']
    assert local['state'] == 'active' and local['mgmt_ip'] == '192.168.122.20'
    assert local['ha1']['port'] == 'management' and local['ha2'] == {'port': 'ethernet1/5', 'ip': '192.0.2.5', 'prefix_len': 30,
                                                                     'mac': 'ba:db:ad:ba:db:05'}
    assert local['state_sync'] == 'HA1-peer-disconnected' and local['running_sync'] == 'unknown'
    assert set(local['compat'].values()) == {'Unknown'}
    assert local['ha2_keep_alive'] == 'log-only'
    assert peer['state'] == 'unknown' and peer['conn_status'] == 'down'
    assert peer['conn_down_reason'] == 'Never able to connect to peer'
    assert peer['mgmt_ip'] is None and peer['build_rel'] == 'Unknown'
    assert peer['connections']['ha1'] == {'status': 'down', 'primary': None, 'description': 'heartbeat status',
                                          'down_reason': 'Never able to connect to peer'}
    assert peer['connections']['ha2']['status'] == 'down'
    assert ha['link_monitoring']['enabled'] is True and ha['path_monitoring']['enabled'] is True


def test_summary_peer_down():
    summary = ha_status.summarize_pair(parse(PEER_DOWN_81), local_name='fw1', peer_name='fw2')
    assert summary['active'] == 'fw1' and summary['passive'] is None
    assert summary['synchronized'] is False and summary['healthy'] is False
    problems = summary['problems']
    assert 'fw2 is unknown' in problems
    assert 'fw1 sees fw2 as down (Never able to connect to peer)' in problems
    assert 'HA1 link down (Never able to connect to peer)' in problems
    assert 'HA2 link down' in problems
    assert "running-sync is 'unknown' on fw1" in problems
    assert "state synchronization on fw1 is 'HA1-peer-disconnected'" in problems
    # 'Unknown' compat values are a consequence of the link being down, not separate problems
    assert not [p for p in problems if 'compatibility' in p]


def test_summary_peer_unreachable_from_controller():
    summary = ha_status.summarize_pair(parse(SYNCED_91), None, 'fw1', 'fw2', peer_error='Cannot connect (timed out) on fw2.')
    assert 'fw2 is unreachable: Cannot connect (timed out) on fw2.' in summary['problems']
    assert summary['active'] == 'fw1' and summary['states']['fw2'] == 'passive'


# ---------------------------------------------------------------- A/P with link monitoring, PA-5060 7.1.9

def test_link_monitoring_7_1_9():
    ha = parse(LINKMON_71)
    assert ha['local']['priority'] == 64 and ha['local']['preemptive'] is True
    assert ha['local']['mgmt_heartbeat'] == 'configured'
    assert ha['local']['last_error_reason'] == 'User requested'
    assert ha['peer']['priority'] == 128 and ha['peer']['mgmt_ip'] == '192.168.192.51'
    assert ha['peer']['connections']['mgmt']['status'] == 'up'
    monitoring = ha['link_monitoring']
    assert monitoring['enabled'] is False
    assert [g['name'] for g in monitoring['groups']] == ['Border Links', 'Corp to Ops Link']
    assert monitoring['groups'][0] == {'name': 'Border Links', 'enabled': True, 'fail_cond': 'all',
                                       'interfaces': [{'name': 'ethernet1/21', 'status': 'up'},
                                                      {'name': 'ethernet1/22', 'status': 'up'}]}


def test_summary_healthy_7_1_9():
    summary = ha_status.summarize_pair(parse(LINKMON_71))
    assert summary == {'active': 'local', 'passive': 'peer', 'states': {'local': 'active', 'peer': 'passive'},
                       'mode': 'Active-Passive', 'synchronized': True, 'healthy': True, 'problems': []}


# ---------------------------------------------------------------- active/active (trimmed) and disabled

def test_active_active_trimmed():
    ha = parse(ACTIVE_ACTIVE)
    assert ha['enabled'] is True and ha['mode'] == 'Active-Active'
    assert ha['local']['state'] == 'active-primary' and ha['local']['ha2']['port'] == 'hsci'
    assert ha['peer']['state'] is None and ha['peer']['connections'] == {}
    assert ha_status.role_of('active-primary') == 'active' and ha_status.role_of('active-secondary') == 'passive'


def test_summary_active_active_pair():
    first = parse(ACTIVE_ACTIVE)
    second = copy.deepcopy(first)
    second['local']['state'] = 'active-secondary'
    summary = ha_status.summarize_pair(first, second, 'fw1', 'fw2')
    assert (summary['active'], summary['passive'], summary['mode']) == ('fw1', 'fw2', 'Active-Active')
    assert summary['problems'] == []


def test_ha_disabled():
    ha = parse(DISABLED)
    assert ha['enabled'] is False and ha['mode'] is None
    assert ha['local']['state'] is None and ha['peer']['mgmt_ip'] is None
    summary = ha_status.summarize_pair(ha)
    assert summary['problems'] == ['HA is not enabled on local']
    assert summary['synchronized'] is False and summary['healthy'] is False and summary['active'] is None


def test_panorama_shape_is_tolerated():
    ha = parse(PANORAMA)
    assert ha['local']['state'] == 'primary-active' and ha['local']['priority'] == 'primary'
    assert ha['peer']['mgmt_ip'] == '192.168.255.192' and ha['peer']['connections']['ha1']['status'] == 'up'
    assert ha['local']['running_sync'] == 'synchronized'
    assert ha['path_monitoring']['fail_cond'] == 'any' and ha['path_monitoring']['groups'][0]['name'] == 'panorama2'


def test_pre_8_1_group_entry_shape():
    root = fixture_root(LINKMON_71)
    result = root.find('result')
    group = result.find('group')
    result.remove(group)
    wrapper = ET.SubElement(result, 'group')
    group.tag = 'entry'
    group.set('name', '1')
    wrapper.append(group)
    assert ha_status.parse_ha_state(root) == parse(LINKMON_71)


def test_accepts_result_element():
    assert ha_status.parse_ha_state(fixture_root(SYNCED_91).find('result')) == parse(SYNCED_91)


# ---------------------------------------------------------------- summarize_pair cases

def with_states(name, local_state, running_sync='synchronized'):
    ha = parse(name)
    ha['local']['state'] = local_state
    ha['local']['running_sync'] = running_sync
    return ha


def test_split_brain():
    summary = ha_status.summarize_pair(with_states(LINKMON_71, 'active'), with_states(LINKMON_71, 'active'), 'fw1', 'fw2')
    assert summary['active'] is None and summary['passive'] is None
    assert 'both peers active (split brain): fw1 is active, fw2 is active' in summary['problems']
    assert not summary['healthy']


def test_no_active_peer():
    summary = ha_status.summarize_pair(with_states(LINKMON_71, 'passive'), with_states(LINKMON_71, 'suspended'), 'fw1', 'fw2')
    assert summary['active'] is None and summary['passive'] == 'fw1'
    assert 'no peer is active: fw1 is passive, fw2 is suspended' in summary['problems']
    assert 'fw2 is suspended' in summary['problems']


def test_second_peer_view_is_used():
    first = parse(LINKMON_71)
    second = with_states(LINKMON_71, 'passive', running_sync='synchronization in progress')
    second['local']['compat']['build'] = 'Mismatch'
    second['local']['config_sync_enabled'] = False
    summary = ha_status.summarize_pair(first, second, 'fw1', 'fw2')
    assert summary['synchronized'] is False
    assert 'configuration synchronization is disabled on fw2' in summary['problems']
    assert "build compatibility is 'Mismatch' on fw2" in summary['problems']


def test_mode_mismatch_and_disabled_peer():
    second = parse(ACTIVE_ACTIVE)
    summary = ha_status.summarize_pair(parse(LINKMON_71), second, 'fw1', 'fw2')
    assert "HA mode differs: fw1 is 'Active-Passive', fw2 is 'Active-Active'" in summary['problems']
    summary = ha_status.summarize_pair(parse(LINKMON_71), parse(DISABLED), 'fw1', 'fw2')
    assert 'HA is not enabled on fw2' in summary['problems']


@pytest.mark.parametrize('running_sync', ['synchronization in progress', 'not synchronized'])
def test_running_sync_problems(running_sync):
    summary = ha_status.summarize_pair(with_states(LINKMON_71, 'active', running_sync))
    assert f"running-sync is '{running_sync}' on local" in summary['problems']
    assert summary['synchronized'] is False


# demisto/content Packs/PAN-OS/Integrations/Panorama/test_data/show_ha_state_enabled.xml @ 4c972f57 (PA-VM 10.0.9,
# the passive peer): the 10.x spellings, verbatim.
PASSIVE_10_0_9 = 'op_show_high-availability_state.pa-vm-10.0.9.passive.demisto.xml'


def test_10_x_plugin_compat_leaves_and_the_peers_versions():
    ha = parse(PASSIVE_10_0_9)
    assert ha['local']['plugin_compat'] == {'DLP': 'Match', 'VMS': 'Match'}
    assert ha['peer']['plugin_versions'] == {'DLP': '1.0.3', 'VMS': '2.1.4'}
    assert 'DLP' not in ha['local']['compat'] and ha['local']['compat']['vm_license'] == 'Match'
    assert ha['local']['iot_version'] == '44-316' and ha['local']['ha1_gateway'] == '1.1.1.1'
    assert (ha['local']['last_error_state'], ha['local']['last_error_reason']) == ('suspended', 'User requested')


def test_10_x_monitoring_names():
    ha = parse(PASSIVE_10_0_9)
    assert ha['link_monitoring'] == {'enabled': True, 'fail_cond': 'any', 'groups': []}
    assert ha['path_monitoring'] == {'enabled': True, 'fail_cond': 'any', 'groups': [], 'virtual_wire': [],
                                     'vlan': [], 'virtual_router': []}


def test_10_x_summary_names_user_disabled_state_sync_and_plugin_mismatch():
    root = fixture_root(PASSIVE_10_0_9)
    root.find('result/group/local-info/VMS').text = 'Mismatch'
    summary = ha_status.summarize_pair(ha_status.parse_ha_state(root), local_name='b', peer_name='a')
    assert "state synchronization is disabled on b ('User-disabled')" in summary['problems']
    assert "plugin VMS compatibility is 'Mismatch' on b (the peer runs 2.1.4)" in summary['problems']
    assert not any('DLP' in problem for problem in summary['problems'])


@pytest.mark.parametrize('value, mismatch', [('Match', False), ('Compat Match', False), ('Mismatch', True),
                                             ('Compat Mismatch', True), ('Unknown', False), (None, False)])
def test_compat_verdicts(value, mismatch):
    assert ha_status.compat_mismatch(value) is mismatch
