# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The collection's read paths, by name: each reader sends one command through a real ``connection.Device`` and
parses the answer with the module_utils code the modules call. Nothing here parses XML itself, except the
whole-config read, which no module makes.

Two users:
- the real-samples tier (test_real_samples.py): the transport answers with a recorded real response, the
  reader's result is checked against the facts read from the sample by hand (MANIFEST.yml ``expect``);
- the conformance suite (tests/conformance): the same readers against a real lab pair.

A reader returns plain data (dicts, lists, scalars). When the device answers with an error, ``run`` returns
the error as data too ({'error': kind, 'reason', 'code', 'message'}), so error samples are checked the same way.
"""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils import (
    config_lock, device_facts, ha_status, jobs, master_key, master_key_info, sync_to_remote)
from ansible_collections.hapair.panos.plugins.module_utils.errors import HapairError, JobFailed
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import find_text, op_element, response_message


class Reader:
    """name: the reader; command: the CLI form; kind/request: what it sends (type=op cmd, type=commit cmd,
    type=config action+xpath); read(device): the collection's entry point; read_only: safe on a real pair."""

    def __init__(self, name, command, read, kind='op', request=None, read_only=True):
        self.name = name
        self.command = command
        self.read = read
        self.kind = kind
        self.request = request
        self.read_only = read_only

    def run(self, device, **args):
        try:
            return self.read(device, **args)
        except JobFailed as exc:
            return {'error': exc.kind, 'reason': exc.reason, 'message': exc.message, 'job': exc.job}
        except HapairError as exc:
            return {'error': exc.kind, 'reason': exc.reason, 'code': getattr(exc, 'code', None),
                    'message': exc.message}


def _job(device, job_id=None):
    """show jobs id N as the modules see it: the parsed job, and for a failed one the classified reason and the
    headline a module's failure message carries (wait_for_job raises JobFailed)."""
    job_id = job_id if job_id is not None else _first_job_id(device)
    job = jobs.get_job(device, job_id)
    if job is None:
        return {'found': False}
    described = jobs.describe_job(job)
    if job['finished'] and job['result'] == 'FAIL':
        try:
            jobs.wait_for_job(device, job_id, timeout=1)
        except JobFailed as exc:
            described['headline'] = exc.message
    return dict(described, found=True)


def _first_job_id(device):
    """The replayed sample decides the id; against a real pair, the newest job."""
    return jobs.newest_job_id(device) or 1


def _clock(device):
    value = sync_to_remote.read_clock(device)
    return {'clock': value.isoformat() if value else None}


def _commit(device):
    return {'job_id': device.commit(partial_admins=[device.admin], description='hapair.panos conformance')}


def _sync_reply(device):
    # Only ever replayed: sync-to-remote changes the peer, the conformance suite never sends it.
    reply = device.op(sync_to_remote.target_command('running-config'))
    return {'message': response_message(reply)}


def _ha_suspend_reply(device):
    reply = device.op(op_element(['request', 'high-availability', 'state', 'suspend']))
    return {'message': response_message(reply) or find_text(reply, 'result')}


def _lock(kind, state):
    def read(device):
        return {'message': config_lock.apply(device, kind, state, comment='hapair.panos' if state == 'present' else None)}
    return read


def _keygen(device):
    device.rekey()
    return {'key_starts': (device._api_key or '')[:6]}  # noqa: SLF001 - the reader checks the key it got


def _config(action):
    xpath = "/config/devices/entry[@name='localhost.localdomain']/deviceconfig/system"

    def read(device):
        result = getattr(device, 'config_' + action)(xpath)
        return {'found': result is not None, 'children': [] if result is None else [c.tag for c in result]}
    return read


# The modules never read these two (they read ``show high-availability all`` and config by container): the
# readers send them themselves so the recorded samples keep checking the transport and the emulator's answers.
SHOW_HA_STATE = op_element(['show', 'high-availability', 'state'])


def _running_config(device):
    # type=config&action=show without an xpath: PAN-OS answers <result><config ...> (``show config running`` and
    # type=export&category=configuration give the same tree).
    result = device.config_show(None)
    config = None if result is None else result if result.tag == 'config' else result.find('config')
    return {'found': config is not None, 'attributes': dict(config.attrib) if config is not None else None,
            'children': [c.tag for c in config] if config is not None else []}


READERS = {reader.name: reader for reader in (
    Reader('ha_state', 'show high-availability all', lambda d: ha_status.parse_ha_state(d.op(ha_status.SHOW_HA_ALL)),
           request=ha_status.SHOW_HA_ALL),
    Reader('ha_state_state', 'show high-availability state',
           lambda d: ha_status.parse_ha_state(d.op(SHOW_HA_STATE)), request=SHOW_HA_STATE),
    Reader('system_info', 'show system info', device_facts.read_system_info, request=device_facts.SHOW_SYSTEM_INFO),
    Reader('licenses', 'request license info',
           lambda d: {'licenses': device_facts.parse_licenses(d.op(device_facts.REQUEST_LICENSE_INFO)),
                      'active_features': device_facts.read_license_features(d)},
           request=device_facts.REQUEST_LICENSE_INFO),
    Reader('plugins', 'show plugins packages', lambda d: device_facts.read_plugins(d),
           request=device_facts.SHOW_PLUGINS),
    Reader('jumbo_frame', 'show system setting jumbo-frame', device_facts.read_jumbo_frame,
           request=device_facts.SHOW_JUMBO_FRAME),
    Reader('chassis_ready', 'show chassis-ready', device_facts.read_chassis_ready,
           request=device_facts.SHOW_CHASSIS_READY),
    Reader('session_info', 'show session info', device_facts.read_session_info,
           request=device_facts.SHOW_SESSION_INFO),
    Reader('pending_changes', 'check pending-changes', device_facts.read_pending_changes,
           request=device_facts.CHECK_PENDING_CHANGES),
    Reader('config_locks', 'show config-locks', lambda d: device_facts.read_locks(d, 'config'),
           request=device_facts.SHOW_LOCKS['config']),
    Reader('commit_locks', 'show commit-locks', lambda d: device_facts.read_locks(d, 'commit'),
           request=device_facts.SHOW_LOCKS['commit']),
    Reader('master_key_properties', 'show system masterkey-properties', master_key_info.read_properties,
           request=master_key_info.SHOW_PROPERTIES),
    Reader('master_key_change', 'request master-key',
           lambda d: {'job_id': master_key.committed_job_id(
               d.op(master_key.request_xml('Sample-Key-00001', 'Sample-Key-00000', 8760)))},
           read_only=False),
    Reader('jobs_all', 'show jobs all', lambda d: jobs.find_jobs(d, types=None),
           request=op_element(['show', 'jobs', 'all'])),
    Reader('job', 'show jobs id', _job),
    Reader('commit', 'commit', _commit, kind='commit', read_only=False),
    Reader('clock', 'show clock', _clock, request=op_element(['show', 'clock'])),
    Reader('sync_to_remote', 'request high-availability sync-to-remote', _sync_reply, read_only=False),
    Reader('ha_suspend', 'request high-availability state suspend', _ha_suspend_reply, read_only=False),
    Reader('config_lock_add', 'request config-lock add', _lock('config', 'present'), read_only=False),
    Reader('config_lock_remove', 'request config-lock remove', _lock('config', 'absent'), read_only=False),
    Reader('commit_lock_add', 'request commit-lock add', _lock('commit', 'present'), read_only=False),
    Reader('commit_lock_remove', 'request commit-lock remove', _lock('commit', 'absent'), read_only=False),
    Reader('keygen', 'keygen', _keygen, kind='keygen'),
    Reader('config_get', 'config get', _config('get'), kind='config'),
    Reader('config_show', 'config show', _config('show'), kind='config'),
    Reader('running_config', 'config show (the whole running configuration)', _running_config, kind='config'),
)}
