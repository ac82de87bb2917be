# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""peer_settings: input validation, the catalog check (refusals), raw nodes, and the whole task through the
transport seam (recorded HA state, commit and job responses under a real Pair and Device)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import peer_settings as ps
from ansible_collections.hapair.panos.plugins.module_utils.catalog import DEVICE_ROOT
from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput, JobFailed, Refused
from ansible_collections.hapair.panos.plugins.module_utils.pair import Pair
from ansible_collections.hapair.panos.plugins.module_utils.task import perform
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import parse
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.fakes import Sleeps, fixture_root

SYNCED = 'op_show_high-availability_state.active-passive.synced.pa-5250-9.1.11.xml'
FIRST = '192.0.2.10'
SECOND = '10.12.152.26'
EMPTY = b'<response status="success"><result/></response>'
NO_LOCKS = b'<response status="success"><result><config-locks/></result></response>'
NO_NODE = 'config_show.missing-xpath.no-such-node.xml'
SYSTEM_OLD = '<system><hostname>fw-a</hostname><login-banner>old</login-banner></system>'
SYSTEM_NEW = '<system><hostname>fw-a</hostname><login-banner>a &lt;b&gt; &amp; \'c\' "d"</login-banner></system>'
BANNER = 'a <b> & \'c\' "d"'


def show(body):
    return ('<response status="success"><result>%s</result></response>' % body).encode()


def ha(local_state, peer_state, peer_mgmt_ip, mode='Active-Passive'):
    root = fixture_root(SYNCED)
    root.find('result/group/local-info/state').text = local_state
    root.find('result/group/peer-info/state').text = peer_state
    root.find('result/group/peer-info/mgmt-ip').text = peer_mgmt_ip
    for elem in root.iter('mode'):
        elem.text = mode
    return ET.tostring(root)


@pytest.fixture
def http(fake_http):
    fake_http.add('keygen', '', 'keygen.success.xml')
    return fake_http


def discover(http, provider, mode='Active-Passive'):
    http.add('op', 'high-availability', ha('active', 'passive', SECOND + '/25', mode), host=FIRST)
    http.add('op', 'high-availability', ha('passive', 'active', FIRST + '/24', mode), host=SECOND)
    return Pair(provider, None, sleep=Sleeps()).discover()


def state_changing(http):
    return [r for r in http.requests if r['params'].get('type') == 'commit'
            or r['params'].get('action') in ('set', 'edit', 'delete')]


# ---------------------------------------------------------------- input

@pytest.mark.parametrize('params, option', [
    ({'peer': 'both', 'dns': {'primary': '1.1.1.1'}}, 'peer'),
    ({}, 'raw'),
    ({'raw': [{'xpath': '/config/shared/address', 'element': '<address/>'}]}, 'raw[0].xpath'),
    ({'raw': [{'xpath': DEVICE_ROOT + '/deviceconfig/system/update-server', 'element': '<x/>'}]}, 'raw[0].element'),
    ({'raw': [{'xpath': DEVICE_ROOT + "/network/qos/profile/entry[@name='a']", 'element': "<entry name='b'/>"}]},
     'raw[0].element'),
    ({'raw': [{'xpath': DEVICE_ROOT + '/deviceconfig/system/update-server', 'element': '<update-server>'}]},
     'raw[0].element'),
    ({'raw': [{'xpath': DEVICE_ROOT + '/deviceconfig/system/update-server'}]}, 'raw[0].element'),
    ({'update_secrets': 'sometimes', 'dns': {'primary': 'x'}}, 'update_secrets'),
])
def test_invalid_requests(params, option):
    with pytest.raises(InvalidInput) as caught:
        ps.Request(params)
    assert caught.value.option == option


def test_raw_delete_needs_no_element():
    request = ps.Request({'raw': [{'xpath': DEVICE_ROOT + '/deviceconfig/system/update-server', 'state': 'absent'}]})
    assert request.raw[0]['state'] == 'absent' and request.raw[0]['element'] is None


# ---------------------------------------------------------------- the catalog check

NONE = {'vr_sync': False, 'qos_sync': False, 'floating_ip': False}


@pytest.mark.parametrize('path, mode, conditions, syncs', [
    ('deviceconfig/system/hostname', 'active-passive', NONE, False),
    ('deviceconfig/system/update-schedule/statistics-service/url-reports', 'active-passive', NONE, True),
    ('deviceconfig/system/update-schedule/statistics-service/url-reports', 'active-active', NONE, False),
    ('network/interface/ethernet/entry/layer3/ip', 'active-passive', NONE, True),
    ('network/interface/ethernet/entry/layer3/ip', 'active-active', NONE, False),
    ('network/interface/ethernet/entry/layer3/mtu', 'active-active', NONE, True),  # only the address is per peer
    ('network/virtual-router/entry/routing-table', 'active-active', NONE, False),
    ('network/virtual-router/entry/routing-table', 'active-active', dict(NONE, vr_sync=True), True),
    ('network/qos/profile/entry', 'active-active', dict(NONE, vr_sync=True), False),
    ('network/ike/gateway/entry', 'active-active', dict(NONE, floating_ip=True), True),
    ('deviceconfig/system', 'active-passive', NONE, True),  # above per-peer items: holds synced settings too
    ('vsys/entry/address/entry', 'active-active', NONE, True),  # not in the catalog
])
def test_catalog_check(path, mode, conditions, syncs):
    refusal = ps.check_against_catalog('x', path, mode, conditions, False, '192.0.2.10:443')
    assert (refusal is not None) == syncs
    if refusal is not None:
        assert isinstance(refusal, Refused) and refusal.reason == 'item_syncs'
        assert 'active peer (192.0.2.10:443)' in refusal.remedy and 'allow_synced' in refusal.remedy


def test_refusal_names_the_condition():
    refusal = ps.check_against_catalog('raw[0]', 'network/virtual-router/entry', 'active-active',
                                       dict(NONE, vr_sync=True), False, None)
    assert '"Virtual Routers"' in refusal.message and 'because VR Sync enabled' in refusal.message


# ---------------------------------------------------------------- raw nodes

def test_canonical_ignores_order_whitespace_and_volatile_attributes():
    a = parse('<entry name="x"><b>1</b><a> 2 </a></entry>')
    b = parse('<entry name="x" admin="other" time="t"><a>2</a>\n  <b>1</b></entry>')
    assert ps.canonical(a) == ps.canonical(b)
    assert ps.canonical(a) != ps.canonical(parse('<entry name="x"><a>3</a><b>1</b></entry>'))


def test_masked_xml_hides_secrets():
    elem = parse('<entry name="g"><authentication><pre-shared-key><key>-AQ==abc</key></pre-shared-key>'
                 '</authentication><local-address><ip>10.0.0.1</ip></local-address><password>pw</password></entry>')
    text = ps.masked_xml(elem)
    assert 'abc' not in text and '>pw<' not in text and '10.0.0.1' in text
    assert sorted(ps.secret_texts(elem)) == ['-AQ==abc', 'pw']


# ---------------------------------------------------------------- the whole task

def run(request, pair, check_mode, warn=None):
    """The module's task as run_task drives it (plan, guard, apply, verify; changed and diff from the plan)."""
    return perform(ps.PeerSettingsTask(request, warn=warn), pair, check_mode)


def test_refused_before_any_change(http, provider):
    pair = discover(http, provider)
    request = ps.Request({'peer': 'passive', 'telemetry': {'url_reports': True}, 'dns': {'primary': '1.1.1.1'}})
    with pytest.raises(Refused) as caught:
        run(request, pair, check_mode=False)
    assert caught.value.reason == 'item_syncs' and caught.value.device == SECOND + ':443'
    assert 'Telemetry' in caught.value.message and 'in active-passive' in caught.value.message
    assert state_changing(http) == []


def test_check_mode_predicts_and_sends_nothing(http, provider):
    http.add('config', 'deviceconfig/system show', show(SYSTEM_OLD))
    http.add('config', 'deviceconfig/system/login-banner', show('<login-banner>old</login-banner>'))
    http.add('op', 'jobs><all', 'op_show_jobs_all.empty.xml')
    http.add('op', 'locks', NO_LOCKS)
    http.add('op', 'config-lock><', show('Successfully acquired lock'))
    http.add('op', 'pending-changes', show('no'), host=FIRST)
    http.add('config', ' show', NO_NODE)
    http.add('config', ' get', 'config_get.missing-xpath.code7.xml')
    pair = discover(http, provider)
    warnings = []
    result = run(ps.Request({'peer': 'passive', 'management': {'hostname': 'fw-a', 'login_banner': BANNER},
                             'telemetry': {'url_reports': True}, 'allow_synced': True}),
                 pair, check_mode=True, warn=warnings.append)
    assert result['changed'] is True and result['peer'] == SECOND + ':443' and result['peer_role'] == 'passive'
    assert result['changes'] == ['management.login_banner', 'telemetry.url_reports']
    assert result['synced_allowed'] == ['telemetry.url_reports'] and 'allow_synced' in warnings[0]
    assert result['diff']['before']['management'] == {'hostname': 'fw-a', 'login_banner': 'old'}
    assert result['diff']['after']['management'] == {'hostname': 'fw-a', 'login_banner': BANNER}
    assert result['commit_job'] is None
    assert state_changing(http) == []


def test_apply_commits_only_our_admin_and_verifies(http, provider):
    xpath = DEVICE_ROOT + '/deviceconfig/system/login-banner'
    http.add('config', 'deviceconfig/system show', show(SYSTEM_OLD), show(SYSTEM_NEW))
    http.add('config', 'deviceconfig/system/login-banner get', show('<login-banner>old</login-banner>'))
    http.add('config', 'deviceconfig/system/login-banner show', show('<login-banner>old</login-banner>'))
    http.add('config', 'deviceconfig/system/login-banner edit', 'config_set-edit-delete.success.code20.xml')
    http.add('op', 'jobs><all', 'op_show_jobs_all.empty.xml')
    http.add('op', 'jobs><id', 'op_show_jobs_id.commit.fin-ok.pan-os-8.1.xml')
    http.add('op', 'locks', NO_LOCKS)
    http.add('op', 'config-lock><', show('Successfully acquired lock'))
    http.add('op', 'pending-changes', show('no'), host=FIRST)
    http.add('op', 'pending-changes', show('no'), host=SECOND)  # read before writing: how to undo on failure
    http.add('commit', '', 'commit.enqueued.code19.xml')
    pair = discover(http, provider)
    result = run(ps.Request({'peer': SECOND, 'management': {'login_banner': BANNER}}), pair, check_mode=False)
    assert result['changed'] is True and result['commit_job']['result'] == 'OK'
    edits = [r for r in http.requests if r['params'].get('action') == 'edit']
    assert [(r['host'], r['params']['xpath'], r['params']['element']) for r in edits] == [
        (SECOND, xpath, '<login-banner>a &lt;b&gt; &amp; \'c\' "d"</login-banner>')]
    commits = [r['params'] for r in http.requests if r['params'].get('type') == 'commit']
    assert len(commits) == 1 and commits[0]['action'] == 'partial'
    # only our admin's changes, and only the scope they are in (device-and-network): the other scopes excluded
    assert ('<partial><shared-object>excluded</shared-object><policy-and-objects>excluded</policy-and-objects>'
            '<admin><member>admin</member></admin></partial>') in commits[0]['cmd']
    assert 'peer_settings: management' in commits[0]['cmd']


def test_peer_with_uncommitted_changes_is_refused(http, provider):
    http.add('config', 'deviceconfig/system show', show(SYSTEM_OLD))
    http.add('config', 'deviceconfig/system/login-banner', show('<login-banner>old</login-banner>'))
    http.add('op', 'jobs><all', 'op_show_jobs_all.empty.xml')
    http.add('op', 'locks', NO_LOCKS)
    http.add('op', 'config-lock><', show('Successfully acquired lock'))
    http.add('op', 'pending-changes', show('yes'), host=FIRST)
    pair = discover(http, provider)
    with pytest.raises(Refused) as caught:
        run(ps.Request({'peer': 'passive', 'management': {'login_banner': 'x'}}), pair, check_mode=False)
    assert caught.value.reason == 'peer_pending_change' and caught.value.device == FIRST + ':443'
    assert state_changing(http) == []


def test_mode_and_conditions_come_from_the_peer(http, provider):
    aa = DEVICE_ROOT + '/deviceconfig/high-availability'
    http.add('config', 'deviceconfig/high-availability show', show(
        '<high-availability><group><mode><active-active><device-id>1</device-id><network-configuration><sync>'
        '<virtual-router>yes</virtual-router><qos>no</qos></sync></network-configuration><virtual-address>'
        '<entry name="ethernet1/1"><ip><entry name="10.0.0.1"><floating/></entry></ip></entry></virtual-address>'
        '</active-active></mode></group></high-availability>'))
    pair = discover(http, provider, mode='Active-Active')
    raw = [{'xpath': aa + '/enabled', 'element': '<enabled>yes</enabled>'}]
    task = ps.PeerSettings(ps.Request({'peer': 'passive', 'raw': raw}), pair)
    assert task.mode == 'active-active'
    assert task.conditions == {'vr_sync': True, 'qos_sync': False, 'floating_ip': True}


BANNER_XPATH = DEVICE_ROOT + '/deviceconfig/system/login-banner'
DOMAIN_XPATH = DEVICE_ROOT + '/deviceconfig/system/domain'


def fail_the_commit(http, provider, pending_before):
    """A banner and domain change on the passive peer whose commit fails; pending_before: what check
    pending-changes said on that peer before our first write. Returns the JobFailed."""
    http.add('config', 'deviceconfig/system show', show(SYSTEM_OLD))
    http.add('config', 'deviceconfig/system/login-banner', show('<login-banner>old</login-banner>'))
    http.add('config', 'deviceconfig/system/domain', 'config_get.missing-xpath.code7.xml')
    http.add('config', ' edit', 'config_set-edit-delete.success.code20.xml')
    http.add('config', ' delete', 'config_set-edit-delete.success.code20.xml')
    http.add('op', 'jobs><all', 'op_show_jobs_all.empty.xml')
    http.add('op', 'jobs><id', 'op_show_jobs_id.commit.fin-fail.pan-os-5-era.xml')
    http.add('op', 'locks', NO_LOCKS)
    http.add('op', 'config-lock><', show('Successfully acquired lock'))
    http.add('op', 'pending-changes', show('no'), host=FIRST)
    http.add('op', 'pending-changes', show(pending_before), host=SECOND)
    http.add('commit', '', 'commit.enqueued.code19.xml')
    http.add('op', 'revert', show('Config reverted'))
    pair = discover(http, provider)
    with pytest.raises(JobFailed) as failed:
        run(ps.Request({'peer': 'passive', 'management': {'login_banner': 'new', 'domain': 'example.com'}}), pair,
            check_mode=False)
    return failed.value


def test_failed_commit_puts_the_candidate_back(http, provider):
    # someone had uncommitted changes before we wrote: ours are put back where we wrote, not reverted
    failed = fail_the_commit(http, provider, 'yes')
    assert '(our change on %s:443: put back)' % SECOND in failed.msg
    writes = [(r['params']['action'], r['params']['xpath'], r['params'].get('element'))
              for r in http.requests if r['params'].get('action') in ('edit', 'delete')]
    assert writes == [
        ('edit', DOMAIN_XPATH, '<domain>example.com</domain>'),
        ('edit', BANNER_XPATH, '<login-banner>new</login-banner>'),
        ('delete', DOMAIN_XPATH, None),  # put back: running did not have it
        ('edit', BANNER_XPATH, '<login-banner>old</login-banner>'),  # put back: running had it
    ]
    assert not [r for r in http.requests if r['params'].get('cmd', '').startswith('<revert>')]


def test_failed_commit_reverts_our_change_when_nothing_else_was_pending(http, provider):
    # nothing was pending before we wrote: revert config partial admin discards exactly our change
    failed = fail_the_commit(http, provider, 'no')
    assert '(our change on %s:443: reverted)' % SECOND in failed.msg
    reverts = [r['params']['cmd'] for r in http.requests if r['params'].get('cmd', '').startswith('<revert>')]
    assert reverts == ['<revert><config><partial><admin><member>%s</member></admin></partial></config></revert>'
                       % provider['username']]
    writes = [(r['params']['action'], r['params']['xpath']) for r in http.requests
              if r['params'].get('action') in ('edit', 'delete')]
    assert writes == [('edit', DOMAIN_XPATH), ('edit', BANNER_XPATH)]  # our change only: no put-back writes after the revert
