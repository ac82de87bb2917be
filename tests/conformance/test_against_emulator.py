# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The conformance suite run against the emulator exactly as an operator runs it against a lab pair: the
environment variables and the one command (run_conformance.py --record DIR), in a subprocess. Always runs (it is
the suite's own test; test_real_pair.py itself only runs with HAPAIR_CONFORMANCE_HOST set).

Checked: the run passes; it sent only reads (the emulator's request log); a sanitized fixture was recorded for
each read-only command on both peers, in the corpus format, with the unsanitized answer's element structure and
none of the emulator's serials, addresses, hostnames, password or API key; the read-only guard refuses writes
before they are sent. Once per emulator schema (10.2, and 9.1 with an API key and an explicit peer)."""

from __future__ import annotations

import os
import re
import ssl
import subprocess
import sys
import types

import pan.xapi
import pytest
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from hapair_conformance import paths  # noqa: E402

try:
    paths.setup()
except paths.BuildMissing as exc:   # pragma: no cover - make conformance-selftest builds it first
    pytest.fail(str(exc), pytrace=False)

from hapair_conformance import fidelity, guard, record  # noqa: E402
from panos_emulator import testing  # noqa: E402
from panos_emulator.client import Control  # noqa: E402
from readers import READERS  # noqa: E402
from shapes import differences  # noqa: E402

from ansible_collections.hapair.panos.plugins.module_utils.connection import Device  # noqa: E402

pytestmark = pytest.mark.timeout(120)

RUNNER = os.path.join(HERE, 'run_conformance.py')
MANIFEST_FIELDS = ('file', 'command', 'request', 'device', 'source', 'transform', 'grade', 'facts')
DOC_NETS = ('192.0.2.', '198.51.100.', '203.0.113.')
JUMBO_SAMPLE = b"<response status='success'><result>off</result></response>"


def clean_env():
    return {k: v for k, v in os.environ.items()
            if not k.startswith(('HAPAIR_CONFORMANCE_', 'PANOS_')) and k != 'PYTEST_ADDOPTS'}


def xapi_for(emu, peer_index=0):
    peer = emu.peer(0, peer_index)
    return pan.xapi.PanXapi(hostname=peer['host'], port=peer['port'], api_username=peer['username'],
                            api_password=peer['password'], ssl_context=ssl.create_default_context(cafile=emu.ca_file))


def api_key(emu, peer_index=0):
    xapi = xapi_for(emu, peer_index)
    xapi.keygen()
    return xapi.api_key


def expected_slug(name):
    reader = READERS[name]
    if reader.kind == 'keygen':
        return 'keygen'
    if name == 'running_config':  # the whole running configuration: config show without an xpath
        return record.slug_of(types.SimpleNamespace(type='config', action='show', cmd=None, xpath=None))
    if reader.kind == 'config':
        action = name.split('_', 1)[1]
        return record.slug_of(types.SimpleNamespace(
            type='config', action=action, cmd=None,
            xpath="/config/devices/entry[@name='localhost.localdomain']/deviceconfig/system"))
    if name == 'job':
        return 'op_show_jobs_id'
    return record.slug_of(types.SimpleNamespace(type='op', cmd=reader.request))


def request_params(text):
    """The manifest's request line back into parameters: 'type=op cmd=<show>..</show>' / 'type=config ...'."""
    if text.startswith('type=keygen'):
        return {'type': 'keygen'}
    return dict(re.findall(r'(\w+)=(.*?)(?= \w+=|$)', text))


def unsanitized_answer(emu, peer_index, params):
    xapi = xapi_for(emu, peer_index)
    try:
        if params['type'] == 'keygen':
            xapi.keygen()
        elif params['type'] == 'op':
            xapi.op(cmd=params['cmd'], vsys=params.get('vsys'))
        else:
            getattr(xapi, params['action'])(xpath=params.get('xpath'))
    except pan.xapi.PanXapiError:
        pass   # an error answer is an answer too
    return xapi.xml_document.encode()


@pytest.fixture(scope='module', params=[None, '9.1'], ids=['schema-10.2', 'schema-9.1'])
def operator_run(request, tmp_path_factory):
    """Start an emulator, run the suite against it as an operator would, keep the emulator for the checks."""
    schema = request.param
    emu = testing.start(pairs=1, schema=schema, state_dir=tmp_path_factory.mktemp('emu'))
    try:
        peer = emu.peer(0, 0)
        out_dir = tmp_path_factory.mktemp('recorded')
        env = clean_env()
        env.update({'HAPAIR_CONFORMANCE_HOST': peer['host'], 'HAPAIR_CONFORMANCE_PORT': str(peer['port']),
                    'HAPAIR_CONFORMANCE_CA_PATH': emu.ca_file})
        keys = [api_key(emu, 0), api_key(emu, 1)]
        if schema is None:
            # The documented form: username and password; the peer discovered from HA state.
            env.update({'HAPAIR_CONFORMANCE_USERNAME': peer['username'],
                        'HAPAIR_CONFORMANCE_PASSWORD': peer['password']})
            with_password = True
        else:
            # The AWX form: PANOS_* credentials, an API key only, the peer given; another corpus to compare with.
            corpus_dir = tmp_path_factory.mktemp('corpus')
            (corpus_dir / 'op_show_system_setting_jumbo-frame.off.test.xml').write_bytes(JUMBO_SAMPLE)
            (corpus_dir / 'MANIFEST.yml').write_text(yaml.safe_dump([{
                'file': 'op_show_system_setting_jumbo-frame.off.test.xml', 'command': 'show system setting jumbo-frame',
                'source': 'test', 'transform': 'none', 'grade': 'real'}]))
            env.update({'PANOS_USERNAME': peer['username'], 'PANOS_API_KEY': keys[0],
                        'HAPAIR_CONFORMANCE_PEER': emu.peer(0, 1)['host'], 'HAPAIR_CONFORMANCE_PEER_API_KEY': keys[1],
                        'HAPAIR_CONFORMANCE_CORPUS': str(corpus_dir / 'MANIFEST.yml')})
            with_password = False
        done = subprocess.run([sys.executable, RUNNER, '--record', str(out_dir)], cwd=paths.ROOT, env=env,
                              capture_output=True, text=True, timeout=100)
        with open(out_dir / 'MANIFEST.yml', encoding='utf-8') if (out_dir / 'MANIFEST.yml').exists() \
                else open(os.devnull, encoding='utf-8') as handle:
            manifest = yaml.safe_load(handle) or []
        yield types.SimpleNamespace(emu=emu, schema=schema or '10.2', done=done, dir=str(out_dir), manifest=manifest,
                                    keys=keys, with_password=with_password,
                                    output=done.stdout + done.stderr)
    finally:
        emu.stop()


def test_the_operator_command_passes(operator_run):
    run = operator_run
    assert run.done.returncode == 0, run.output
    assert ' passed' in run.output and ' failed' not in run.output, run.output
    assert 'refused by the read-only guard: 0' in run.output
    assert 'Fidelity: ' in run.output
    assert 'Recorded %d sanitized answers' % len(run.manifest) in run.output
    if run.schema == '9.1':
        # the other corpus (HAPAIR_CONFORMANCE_CORPUS) was compared with: one row per peer, no difference
        rows = [line for line in run.output.splitlines() if 'op_show_system_setting_jumbo-frame.off.test.xml' in line]
        assert len(rows) == 2 and all(re.search(r'\s0\s+0$', row) for row in rows), run.output


def test_only_reads_reached_the_emulator(operator_run):
    control = Control(operator_run.emu.endpoints['control_url'])
    for name in ('pair1-a', 'pair1-b'):
        log = control.requests(name)
        assert log['total'] > 0
        assert log['state_changing'] == 0, [e for e in log['entries'] if e['changes_state']]
        assert {e['type'] for e in log['entries']} <= {'op', 'config', 'keygen'}


def test_a_fixture_was_recorded_for_each_read_only_command_on_both_peers(operator_run):
    files = set(os.listdir(operator_run.dir))
    wanted = [name for name, reader in READERS.items() if reader.read_only
              and (operator_run.with_password or reader.kind != 'keygen')]
    missing = ['%s.%s%s' % (expected_slug(name), role, record.SUFFIX) for name in wanted
               for role in ('active', 'passive')
               if '%s.%s%s' % (expected_slug(name), role, record.SUFFIX) not in files]
    assert missing == [], 'not recorded: %s (have %s)' % (missing, sorted(files))
    if not operator_run.with_password:
        assert not any(f.startswith('keygen.') for f in files)


def test_the_recording_is_in_the_corpus_format(operator_run):
    manifest = operator_run.manifest
    assert isinstance(manifest, list) and manifest
    listed = [entry['file'] for entry in manifest]
    on_disk = sorted(f for f in os.listdir(operator_run.dir) if f != 'MANIFEST.yml')
    assert sorted(listed) == on_disk and len(set(listed)) == len(listed)
    for entry in manifest:
        missing = [key for key in MANIFEST_FIELDS if key not in entry]
        assert not missing, '%s lacks %s' % (entry.get('file'), missing)
        assert all(entry[key] for key in MANIFEST_FIELDS if key != 'facts'), entry
        assert entry['grade'] == 'real' and entry['facts'] == ''
        assert re.match(r'^[\w.-]+\.(active|passive)\.conformance\.xml$', entry['file']), entry['file']
        assert entry['device'].startswith('PA-VM %s' % ('10.2' if operator_run.schema == '10.2' else '9.1')), entry
        assert entry['source'].startswith('conformance run ') and ' against 192.0.2.' in entry['source'], entry
        assert entry['transform'].startswith(('sanitized by', 'none')), entry
        with open(os.path.join(operator_run.dir, entry['file']), 'rb') as handle:
            fidelity.status(handle.read())
    # what tests/real_samples/corpus.py and the conformance suite's own loader read
    entries, note = fidelity.load(os.path.join(operator_run.dir, 'MANIFEST.yml'))
    assert len(entries) == len(manifest) and not note


def test_the_recording_is_sanitized(operator_run):
    endpoints = operator_run.emu.endpoints
    forbidden = set(operator_run.keys)
    for peer in endpoints['pairs'][0]['peers']:
        forbidden.update((peer['host'], peer['serial'], peer['hostname'], peer['password']))
    forbidden.add('127.0.1.')
    blobs = {}
    for name in os.listdir(operator_run.dir):
        with open(os.path.join(operator_run.dir, name), 'rb') as handle:
            blobs[name] = handle.read().decode()
    for name, text in blobs.items():
        left = sorted(value for value in forbidden if value and value in text)
        assert left == [], '%s still holds %s' % (name, left)
        for address in re.findall(r'(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d])', text):
            assert address.startswith(DOC_NETS) or address.startswith('255.') or address == '0.0.0.0', (name, address)
        for mac in re.findall(r'(?<![0-9a-f:])[0-9a-f]{2}(?::[0-9a-f]{2}){5}(?![0-9a-f:])', text, re.I):
            assert mac.lower().startswith('00:00:5e:00:53:'), (name, mac)
        for key in re.findall(r'<key>([^<]*)</key>', text):
            assert key.startswith('MASKED-SECRET-'), (name, key)


def test_each_recorded_file_has_the_structure_of_the_unsanitized_answer(operator_run):
    control = Control(operator_run.emu.endpoints['control_url'])
    by_role = {control.device(name)['ha']['state']: index for index, name in enumerate(('pair1-a', 'pair1-b'))}
    compared = 0
    for entry in operator_run.manifest:
        index = by_role[entry['file'].split('.')[-3]]   # <slug>.<role>.conformance.xml
        with open(os.path.join(operator_run.dir, entry['file']), 'rb') as handle:
            recorded = handle.read()
        fresh = unsanitized_answer(operator_run.emu, index, request_params(entry['request']))
        assert differences(fresh, recorded) == [] and differences(recorded, fresh) == [], (
            '%s: structure differs from the unsanitized answer\nrecorded: %s\nfresh: %s' % (
                entry['file'], recorded[:600], fresh[:600]))
        compared += 1
    assert compared == len(operator_run.manifest)


# ------------------------------------------------------------------------------------------- the guard

@pytest.fixture(scope='module')
def emulator(tmp_path_factory):
    emu = testing.start(pairs=1, state_dir=tmp_path_factory.mktemp('emu-guard'))
    yield emu
    emu.stop()


def test_the_guard_refuses_a_commit_before_it_is_sent(emulator):
    control = Control(emulator.endpoints['control_url'])
    control.clear_requests('pair1-a')
    device = Device(emulator.provider(0, 0), retries=0)
    with guard.Transport() as transport:
        assert pan.xapi.urlopen is transport
        device.op(['show', 'system', 'info'])   # a read goes through
        with pytest.raises(guard.ReadOnlyViolation, match='type=commit is not a read'):
            device.commit(partial_admins=[device.admin], description='must never be sent')
        with pytest.raises(guard.ReadOnlyViolation, match='config action=set'):
            device.config_set("/config/devices/entry[@name='localhost.localdomain']/deviceconfig/system",
                              '<login-banner>x</login-banner>')
        with pytest.raises(guard.ReadOnlyViolation, match='op <request>'):
            device.op(['request', 'high-availability', 'sync-to-remote', 'running-config'])
        with pytest.raises(guard.ReadOnlyViolation, match='op <request>'):
            device.op(['request', 'config-lock', 'add'])
    assert pan.xapi.urlopen is not transport, 'the guard was not uninstalled'
    assert len(transport.refused) == 4
    assert [e.type for e in transport.exchanges] == ['keygen', 'op']
    log = control.requests('pair1-a')
    assert [(e['type'], e['command']) for e in log['entries']] == [('keygen', ''), ('op', 'show system info')]
    assert log['state_changing'] == 0


@pytest.mark.parametrize('params, allowed', [
    ({'type': 'keygen', 'user': 'admin', 'password': 'x'}, True),
    ({'type': 'op', 'cmd': '<show><system><info/></system></show>'}, True),
    ({'type': 'op', 'cmd': '<check><pending-changes/></check>'}, True),
    ({'type': 'op', 'cmd': '<request><license><info/></license></request>'}, True),
    ({'type': 'op', 'cmd': '<request><license><info></info></license></request>'}, True),
    ({'type': 'config', 'action': 'get', 'xpath': '/config'}, True),
    ({'type': 'config', 'action': 'show', 'xpath': '/config'}, True),
    ({'type': 'op', 'cmd': '<request><license><fetch/></license></request>'}, False),
    ({'type': 'op', 'cmd': '<request><license><info/><fetch/></license></request>'}, False),
    ({'type': 'op', 'cmd': '<request><master-key><new-master-key>x</new-master-key></master-key></request>'}, False),
    ({'type': 'op', 'cmd': '<request><high-availability><state><suspend/></state></high-availability></request>'},
     False),
    ({'type': 'op', 'cmd': '<set><cli><pager>off</pager></cli></set>'}, False),
    ({'type': 'op', 'cmd': '<test><security-policy-match/></test>'}, False),
    ({'type': 'op', 'cmd': '<debug><software/></debug>'}, False),
    ({'type': 'op', 'cmd': 'show system info'}, False),
    ({'type': 'op', 'cmd': '<show><a/></show><commit/>'}, False),
    ({'type': 'op'}, False),
    ({'type': 'config', 'action': 'set', 'xpath': '/config', 'element': '<x/>'}, False),
    ({'type': 'config', 'action': 'edit', 'xpath': '/config', 'element': '<x/>'}, False),
    ({'type': 'config', 'action': 'delete', 'xpath': '/config'}, False),
    ({'type': 'config', 'action': 'complete', 'xpath': '/config'}, False),
    ({'type': 'commit', 'cmd': '<commit/>'}, False),
    ({'type': 'import', 'category': 'configuration'}, False),
    ({'type': 'export', 'category': 'configuration'}, False),
    ({'type': 'user-id', 'cmd': '<uid-message/>'}, False),
    ({}, False),
])
def test_the_guard_verdicts(params, allowed):
    assert guard.verdict(params)[0] is allowed
    if not allowed:
        with pytest.raises(guard.ReadOnlyViolation) as caught:
            guard.check(params)
        assert 'password' not in caught.value.params and 'key' not in caught.value.params


def test_a_pair_that_cannot_be_read_stops_the_run_with_one_message(emulator):
    peer = emulator.peer(0, 0)
    env = clean_env()
    env.update({'HAPAIR_CONFORMANCE_HOST': peer['host'], 'HAPAIR_CONFORMANCE_PORT': str(peer['port']),
                'HAPAIR_CONFORMANCE_CA_PATH': emulator.ca_file, 'HAPAIR_CONFORMANCE_PASSWORD': 'not-the-password'})
    done = subprocess.run([sys.executable, RUNNER], cwd=paths.ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 3, done.stdout + done.stderr
    assert 'cannot read the pair from %s: Authentication failed' % peer['host'] in done.stdout + done.stderr
    assert 'not-the-password' not in done.stdout + done.stderr


def test_recording_never_replaces_a_curated_manifest(tmp_path):
    (tmp_path / 'MANIFEST.yml').write_text('- file: x.xml\n')
    with pytest.raises(record.RecordError, match='did not write'):
        record.check_target(str(tmp_path))
    env = clean_env()
    env.update({'HAPAIR_CONFORMANCE_HOST': '192.0.2.1', 'HAPAIR_CONFORMANCE_PASSWORD': 'x'})
    done = subprocess.run([sys.executable, RUNNER, '--record', str(tmp_path)], cwd=paths.ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and 'did not write' in done.stderr, done.stderr
    assert (tmp_path / 'MANIFEST.yml').read_text() == '- file: x.xml\n'


# ------------------------------------------------------------------------------------------- no pair set

def test_without_a_host_the_runner_says_what_to_set():
    done = subprocess.run([sys.executable, RUNNER], cwd=paths.ROOT, env=clean_env(), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    for name in ('HAPAIR_CONFORMANCE_HOST', 'HAPAIR_CONFORMANCE_USERNAME', 'HAPAIR_CONFORMANCE_PASSWORD',
                 'HAPAIR_CONFORMANCE_API_KEY', 'HAPAIR_CONFORMANCE_PEER', 'HAPAIR_CONFORMANCE_CA_PATH'):
        assert name in done.stderr, done.stderr


def test_without_a_host_the_real_pair_suite_is_not_collected():
    done = subprocess.run([sys.executable, '-m', 'pytest', os.path.join(HERE, 'test_real_pair.py'), '-q',
                           '-p', 'no:cacheprovider'], cwd=paths.ROOT, env=clean_env(), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 5, done.stdout + done.stderr   # no tests collected
    assert 'conformance suite not run' in done.stdout and 'HAPAIR_CONFORMANCE_HOST' in done.stdout, done.stdout
