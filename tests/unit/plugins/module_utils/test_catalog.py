# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sync catalog against the vendor tables it transcribes, its invariants, its accessors and its page.

fixtures/seed_tables.json holds the seed's table rows, CLI help and blocker bullets as extracted by
tools/extract_seed_tables.py (see that script); the collection never reads the seed itself.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import catalog, catalog_tables

HERE = os.path.dirname(os.path.abspath(__file__))

with open(os.path.join(HERE, 'fixtures', 'seed_tables.json'), encoding='utf-8') as _handle:
    SEED = json.load(_handle)

BY_TITLE = {item['title']: item for item in catalog.NON_SYNCED_ITEMS}

CONDITIONAL_AA = {
    'virtual_routers': 'vr_sync',
    'qos': 'qos_sync',
    'ipsec_tunnels': 'floating_ip',
    'ike_gateways': 'floating_ip',
    'globalprotect_portal': 'floating_ip',
    'globalprotect_gateway': 'floating_ip',
}

# Rows absent from one table that nevertheless do not sync in that mode, because another row of that
# table covers them (catalog/items.py explains each).
NOT_LISTED_BUT_NOT_SYNCED = {('master_key_hsm', 'active-active')}

SEED_BLOCKER_CODES = {
    'sessions': ['state_sync_disabled', 'ha2_down'],
    'config': ['config_sync_disabled', 'version_incompatible', 'config_not_synchronized', 'multi_vsys_mismatch',
               'gtp_mismatch', 'sctp_mismatch', 'vpn_mismatch', 'features_mismatch', 'dataplane_not_ready',
               'url_db_incompatible', 'license_mismatch', 'plugin_mismatch'],
}

PEER_SETTINGS_OPTIONS = {'management', 'dns', 'ntp', 'panorama', 'snmp', 'service_routes', 'telemetry', 'jumbo_frames',
                         'packet_buffer_protection', 'log_export', 'ha_election', 'interface_addresses', 'lacp'}


# ------------------------------------------------------------------------- (a) the seed tables, row by row

@pytest.mark.parametrize('mode', catalog.MODES)
def test_every_seed_row_is_a_catalog_item_that_does_not_sync_unconditionally_or_conditionally(mode):
    titles = SEED[mode]
    assert len(titles) == len(set(titles))
    for title in titles:
        assert title in BY_TITLE, f'seed row {title!r} ({mode}) is missing from the catalog'
        value = BY_TITLE[title]['modes'][mode]
        assert value != catalog.SYNCS, f'{title!r} is listed as not syncing in {mode}'
        if value != catalog.NOT_SYNCED:
            assert mode == 'active-active' and CONDITIONAL_AA.get(BY_TITLE[title]['key']) == value


def test_table_sizes():
    assert len(SEED['active-passive']) == 26
    assert len(SEED['active-active']) == 40
    assert len(SEED['runtime']) == 24
    union = set(SEED['active-passive']) | set(SEED['active-active'])
    assert set(BY_TITLE) == union, 'catalog items that are not seed rows: %s' % (set(BY_TITLE) - union)
    assert len(catalog.NON_SYNCED_ITEMS) == len(union) == 41


@pytest.mark.parametrize('mode', catalog.MODES)
def test_items_missing_from_a_table_sync_in_that_mode(mode):
    for item in catalog.NON_SYNCED_ITEMS:
        if item['title'] in SEED[mode]:
            continue
        expected = catalog.NOT_SYNCED if (item['key'], mode) in NOT_LISTED_BUT_NOT_SYNCED else catalog.SYNCS
        assert item['modes'][mode] == expected, item['key']


def test_conditional_rows_are_exactly_the_seed_ones():
    conditional = {item['key']: item['modes']['active-active'] for item in catalog.NON_SYNCED_ITEMS
                   if item['modes']['active-active'] not in (catalog.SYNCS, catalog.NOT_SYNCED)}
    assert conditional == CONDITIONAL_AA
    assert all(item['modes']['active-passive'] in (catalog.SYNCS, catalog.NOT_SYNCED) for item in catalog.NON_SYNCED_ITEMS)


def test_runtime_table_row_by_row():
    by_title = {row['title']: row for row in catalog.RUNTIME_ITEMS}
    assert len(by_title) == len(catalog.RUNTIME_ITEMS) == len(SEED['runtime'])
    assert [row['title'] for row in catalog.RUNTIME_ITEMS] == [row['title'] for row in SEED['runtime']]
    for seed_row in SEED['runtime']:
        row = by_title[seed_row['title']]
        assert row['plane'] == seed_row['plane']
        assert row['synced'] == {'active-passive': seed_row['active-passive'], 'active-active': seed_row['active-active']}
        assert row['link'] == seed_row['link']
        if seed_row['details']:
            assert row['note'], f"{row['title']} has details in the seed"
    assert 'empty' in by_title['Session Table']['note']


def test_sync_targets_cover_the_cli_help_and_seed_001():
    for entry in SEED['sync_to_remote_help']:
        target = catalog.TARGETS_BY_NAME[entry['target']]
        assert target['description'] == entry['help']
        assert target['op_path'] == ('request', 'high-availability', 'sync-to-remote', entry['target'])
    assert set(catalog.TARGETS_BY_NAME) == {'running-config', 'candidate-config', 'clock', 'ssh-key', 'id-manager',
                                            'disk-state', 'runtime-state'}
    assert catalog.TARGETS_BY_NAME['disk-state']['op_path'] == (
        'request', 'high-availability', 'sync-to-remote', 'disk-state')
    assert catalog.TARGETS_BY_NAME['runtime-state']['op_path'] == ('request', 'high-availability', 'runtime-state')
    assert catalog.TARGETS_BY_NAME['runtime-state']['cli'] == 'request high-availability runtime-state'


@pytest.mark.parametrize('applies_to', ['sessions', 'config'])
def test_every_seed_reason_is_a_blocker_with_its_code(applies_to):
    texts = {b['text']: b for b in catalog.SYNC_BLOCKERS}
    codes = []
    for bullet in SEED['blockers'][applies_to]:
        assert bullet in texts, f'seed reason {bullet!r} is missing'
        assert texts[bullet]['applies_to'] == applies_to
        assert texts[bullet]['source'] == 'seed 000'
        codes.append(texts[bullet]['code'])
    assert codes == SEED_BLOCKER_CODES[applies_to]


# (b) the generated page (docs/sync-catalog.md) is tested in tests/docs/test_sync_catalog_page.py:
# its generator lives in tools/, which the built collection does not carry.


# ------------------------------------------------------------------------- (c) conditional rows via syncs()

def test_conditional_rows_follow_their_condition():
    for key, condition in CONDITIONAL_AA.items():
        assert catalog.syncs(key, 'active-passive') is True
        assert catalog.syncs(key, 'active-active') is False  # condition not given -> per-peer
        assert catalog.syncs(key, 'active-active', {condition: False}) is False
        assert catalog.syncs(key, 'active-active', {condition: True}) is True
        others = {name: True for name in catalog.CONDITIONS if name != condition}
        assert catalog.syncs(key, 'active-active', others) is False


def test_unconditional_rows_ignore_conditions():
    everything = {name: True for name in catalog.CONDITIONS}
    assert catalog.syncs('jumbo_frames', 'active-active', everything) is False
    assert catalog.syncs('ethernet_ip', 'active-active', everything) is False
    assert catalog.syncs('ethernet_ip', 'active-passive', everything) is True
    assert catalog.syncs('telemetry', 'active-passive') is True
    assert catalog.syncs('telemetry', 'active-active') is False


def test_condition_xpaths_live_under_the_active_active_ha_config():
    for name, condition in catalog.CONDITIONS.items():
        assert condition['xpath'].startswith('deviceconfig/high-availability/group/mode/active-active/'), name
        assert condition['confidence'] in catalog.CONFIDENCES
    assert catalog.CONDITIONS['vr_sync']['xpath'].endswith('/network-configuration/sync/virtual-router')
    assert catalog.CONDITIONS['qos_sync']['xpath'].endswith('/network-configuration/sync/qos')


# ------------------------------------------------------------------------- (d) invariants

_STEP = re.compile(r'^[a-z0-9][a-z0-9-]*$')


def _valid_xpath(xpath):
    if xpath.startswith('/config'):
        xpath = xpath[1:]
    return all(_STEP.match(step) for step in xpath.split('/'))


def test_keys_and_codes_are_unique_snake_case():
    for records, field in ((catalog.NON_SYNCED_ITEMS, 'key'), (catalog.RUNTIME_ITEMS, 'key'),
                           (catalog.SYNC_BLOCKERS, 'code')):
        values = [record[field] for record in records]
        assert len(values) == len(set(values))
        for value in values:
            assert re.match(r'^[a-z][a-z0-9_]*$', value), value
    assert len(catalog.TARGETS_BY_NAME) == len(catalog.SYNC_TARGETS)
    assert len(catalog.ITEMS_BY_KEY) == len(catalog.NON_SYNCED_ITEMS)


def test_item_records_are_well_formed():
    fields = {'key', 'title', 'modes', 'where', 'note', 'kind', 'xpaths', 'confidence', 'xpath_source',
              'peer_settings_option', 'relationship', 'op_read', 'parts', 'caveat'}
    for item in catalog.NON_SYNCED_ITEMS:
        key = item['key']
        assert set(item) == fields, key
        assert set(item['modes']) == set(catalog.MODES), key
        for value in item['modes'].values():
            assert value in (catalog.SYNCS, catalog.NOT_SYNCED) or value in catalog.CONDITIONS, key
        assert item['kind'] in catalog.KINDS, key
        assert item['note'], key
        assert item['relationship'] in catalog.RELATIONSHIPS, key
        assert (item['relationship'] == 'mixed') == bool(item['parts']), key
        assert all(_valid_xpath(x) for x in item['xpaths']), key
        if item['kind'] == 'not_config':
            assert item['xpaths'] == () and item['confidence'] is None, key
        elif item['xpaths']:
            assert item['confidence'] in ('code', 'sample', 'weak'), key
            assert item['xpath_source'], key
        elif item['kind'] == 'config':
            assert item['confidence'] == 'missing', key
        if item['peer_settings_option']:
            assert item['peer_settings_option'] in PEER_SETTINGS_OPTIONS, key
        for part in item['parts']:
            assert part['relationship'] in ('must_match', 'must_differ', 'may_differ'), (key, part['name'])
            assert part['xpaths'] and all(_valid_xpath(x) for x in part['xpaths']), (key, part['name'])
            assert set(part['xpaths']) <= set(item['xpaths']) or item['xpaths'] == ('deviceconfig/high-availability',)
            if part['peer_settings_option']:
                assert part['peer_settings_option'] in PEER_SETTINGS_OPTIONS


def test_ha_parts_stay_inside_the_ha_config():
    for part in catalog.get_item('ha_settings')['parts']:
        for xpath in part['xpaths']:
            assert xpath.startswith('deviceconfig/high-availability/'), xpath


def test_drift_rules_named_by_the_design():
    assert catalog.get_item('jumbo_frames')['relationship'] == 'must_match'
    assert catalog.get_item('multi_vsys')['relationship'] == 'must_match'
    assert catalog.get_item('master_key')['relationship'] == 'must_match'
    assert catalog.get_item('licenses')['relationship'] == 'must_match'
    assert catalog.get_item('software_updates')['relationship'] == 'must_match'
    assert catalog.get_item('content_updates')['relationship'] == 'must_match'
    assert catalog.get_item('lacp_system_priority')['relationship'] == 'must_differ'
    parts = {p['name']: p for p in catalog.get_item('management')['parts']}
    assert parts['address']['relationship'] == parts['hostname']['relationship'] == 'must_differ'
    parts = {p['name']: p for p in catalog.get_item('ha_settings')['parts']}
    assert parts['device_priority']['relationship'] == parts['device_id']['relationship'] == 'must_differ'
    assert parts['group']['relationship'] == 'must_match'


def test_runtime_records_are_well_formed():
    for row in catalog.RUNTIME_ITEMS:
        assert row['plane'] in ('management', 'dataplane')
        assert row['link'] in ('HA1', 'HA2', None)
        assert set(row['synced']) == set(catalog.MODES)
        assert all(isinstance(v, bool) for v in row['synced'].values())
        # N/A link exactly when synced in neither mode
        assert (row['link'] is None) == (not any(row['synced'].values())), row['key']
        if row['link'] == 'HA1':
            assert row['plane'] == 'management'
        if row['link'] == 'HA2':
            assert row['plane'] == 'dataplane'


def test_every_blocker_has_code_text_remediation_and_severity():
    for blocker in catalog.SYNC_BLOCKERS:
        assert blocker['code'] and blocker['text'] and blocker['source'], blocker
        assert blocker['remediation'].endswith('.'), blocker['code']
        assert blocker['severity'] in ('blocker', 'warning'), blocker['code']
        assert blocker['applies_to'] in ('config', 'sessions'), blocker['code']
    assert catalog.get_blocker('plugin_mismatch')['severity'] == 'warning'
    assert 'might (not always)' in catalog.get_blocker('plugin_mismatch')['text']
    assert catalog.get_blocker('jumbo_frame_mismatch')['source'].startswith('seed 001')
    assert catalog.get_blocker('master_key_mismatch')['source'].startswith('seed 000')


def test_blocker_codes_agree_with_job_failure_reasons():
    """job_info classifies HA-Sync failures with failure_reasons; the shared causes use the same codes."""
    from ansible_collections.hapair.panos.plugins.module_utils import failure_reasons

    shared = {'jumbo_frame_mismatch', 'master_key_mismatch', 'version_incompatible', 'sync_in_progress'}
    assert shared <= set(failure_reasons.reason_codes())
    assert shared <= set(catalog.BLOCKERS_BY_CODE)


def test_catalog_imports_by_file_path_without_ansible():
    """The tables load from a plain checkout (tools/gen_sync_catalog_doc.py, the emulator's cross-check)."""
    package = os.path.dirname(catalog_tables.__file__)
    spec = importlib.util.spec_from_file_location('catalog_by_path', catalog_tables.__file__,
                                                  submodule_search_locations=[package])
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # the package's relative imports resolve through it
    try:
        spec.loader.exec_module(module)
        module = importlib.import_module(spec.name + '.index')
    finally:
        for name in [n for n in sys.modules if n == spec.name or n.startswith(spec.name + '.')]:
            del sys.modules[name]
    assert len(module.NON_SYNCED_ITEMS) == len(catalog.NON_SYNCED_ITEMS)
    for filename in sorted(os.listdir(package)):
        if filename.endswith('.py'):
            with open(os.path.join(package, filename), encoding='utf-8') as handle:
                source = handle.read()
            assert not re.search(r'^\s*(from|import)\s+ansible', source, re.M), filename


# ------------------------------------------------------------------------- (e) accessors

def test_items_for_mode():
    ap = [item['key'] for item in catalog.items_for_mode('active-passive')]
    aa = [item['key'] for item in catalog.items_for_mode('active-active')]
    assert len(ap) == 26 and 'master_key_hsm' in ap and 'telemetry' not in ap and 'hsm' not in ap
    assert len(aa) == len(SEED['active-active']) + 1  # every A/A row, plus master_key_hsm (covered by HSM Configuration)
    assert 'telemetry' in aa and 'hsm' in aa and 'master_key_hsm' in aa
    assert set(CONDITIONAL_AA) <= set(aa)
    aa_all = [item['key'] for item in catalog.items_for_mode('active-active', dict.fromkeys(catalog.CONDITIONS, True))]
    assert set(aa) - set(aa_all) == set(CONDITIONAL_AA)
    aa_vr = [item['key'] for item in catalog.items_for_mode('active-active', {'vr_sync': True})]
    assert set(aa) - set(aa_vr) == {'virtual_routers'}
    # catalog order is kept
    assert ap == [item['key'] for item in catalog.NON_SYNCED_ITEMS if item['key'] in ap]


def test_non_synced_xpaths():
    ap = catalog.non_synced_xpaths('active-passive')
    aa = catalog.non_synced_xpaths('active-active')
    assert len(ap) == len(set(ap)) and len(aa) == len(set(aa))
    assert 'deviceconfig/setting/jumbo-frame' in ap and 'deviceconfig/high-availability' in ap
    assert 'network/interface/ethernet/entry/layer3/ip' not in ap
    assert 'network/interface/ethernet/entry/layer3/ip' in aa
    assert 'deviceconfig/system/update-schedule/statistics-service' in aa
    assert 'deviceconfig/system/update-schedule/statistics-service' not in ap
    assert 'network/virtual-router' in aa
    assert 'network/virtual-router' not in catalog.non_synced_xpaths('active-active', {'vr_sync': True})
    floating = catalog.non_synced_xpaths('active-active', {'floating_ip': True})
    assert 'network/ike/gateway' not in floating and 'network/tunnel/ipsec' not in floating
    absolute = catalog.non_synced_xpaths('active-passive', absolute=True)
    assert absolute == [catalog.DEVICE_ROOT + '/' + x for x in ap]


def test_absolute_xpath():
    assert catalog.absolute_xpath('deviceconfig/system') == catalog.DEVICE_ROOT + '/deviceconfig/system'
    assert catalog.absolute_xpath('/config/shared/certificate') == '/config/shared/certificate'


@pytest.mark.parametrize('text, expected', [
    ('Active-Passive', 'active-passive'), ('active-active', 'active-active'), ('ACTIVE_ACTIVE', 'active-active'),
    ('Active/Passive', 'active-passive'), ('ap', 'active-passive'), ('A-A', 'active-active'),
])
def test_normalize_mode(text, expected):
    assert catalog.normalize_mode(text) == expected


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match='unknown HA mode'):
        catalog.items_for_mode('cluster')
    with pytest.raises(ValueError, match='unknown HA mode'):
        catalog.normalize_mode(None)
    with pytest.raises(ValueError, match='unknown sync condition'):
        catalog.syncs('qos', 'active-active', {'qos': True})
    with pytest.raises(KeyError, match='unknown catalog item'):
        catalog.syncs('nope', 'active-active')
    with pytest.raises(KeyError, match='unknown blocker code'):
        catalog.get_blocker('nope')
    with pytest.raises(ValueError):
        catalog.blockers('dataplane')


def test_blockers_filter():
    assert [b['code'] for b in catalog.blockers('sessions')] == SEED_BLOCKER_CODES['sessions']
    assert len(catalog.blockers()) == len(catalog.SYNC_BLOCKERS)
    assert all(b['applies_to'] == 'config' for b in catalog.blockers('config'))


def peer_settings_options():
    """peer_settings option name -> [{'item', 'part', 'xpaths', 'relationship'}] it manages, from the catalog."""
    options = {}
    for item in catalog.NON_SYNCED_ITEMS:
        for part in item['parts'] or (None,):
            record = part or item
            if record['peer_settings_option']:
                options.setdefault(record['peer_settings_option'], []).append(
                    {'item': item['key'], 'part': part and part['name'], 'xpaths': record['xpaths'],
                     'relationship': record['relationship']})
    return options


def test_peer_settings_options():
    options = peer_settings_options()
    assert set(options) == PEER_SETTINGS_OPTIONS
    assert {m['item'] for m in options['interface_addresses']} == {'ethernet_ip', 'loopback_ip', 'tunnel_ip', 'vlan_ip'}
    assert [m['item'] for m in options['lacp']] == ['lacp_system_priority']
    assert [(m['item'], m['part']) for m in options['dns']] == [('services', 'dns')]
    assert {m['part'] for m in options['ha_election']} == {'device_priority', 'election', 'device_id', 'links'}
    for managed in options.values():
        for entry in managed:
            assert entry['xpaths'], entry
            assert catalog.get_item(entry['item'])['kind'] == 'config'


def test_records_refuse_values_outside_the_vocabulary():
    from ansible_collections.hapair.panos.plugins.module_utils.catalog_tables import records
    both_no = records.modes(active_passive=catalog.NOT_SYNCED, active_active=catalog.NOT_SYNCED)
    good = dict(key='x', title='X', modes=both_no, where=None, note='n', kind='config')
    assert records.item(**good)['relationship'] == 'may_differ'
    for field, value in (('kind', 'settings'), ('confidence', 'strong'), ('relationship', 'same')):
        with pytest.raises(ValueError, match=field):
            records.item(**{**good, field: value})
    with pytest.raises(ValueError, match='modes'):
        records.item(**{**good, 'modes': {'active-passive': catalog.SYNCS}})
    with pytest.raises(ValueError, match='severity'):
        records.blocker(code='x', applies_to='config', text='t', remediation='r', evidence='e', severity='fatal')
    with pytest.raises(ValueError, match='applies_to'):
        records.blocker(code='x', applies_to='both', text='t', remediation='r', evidence='e')
