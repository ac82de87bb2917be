# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The master_key module's task: change the master key of one peer, or of both at once.

prepare_change checks every precondition with reads only (config sync disabled on both peers, a password to re-key
with, the current key possible, no commit queued); apply_change sends the change, re-keys the session, waits for
the commit the device started and proves the change from the properties read back (master_key_info's reader).

Facts (real recorded responses, tests/real_samples/corpus):
  * ``request master-key`` (demisto/content test_data/create_master_key.xml) answers success with a text
    result and no code and no ``result/job``: "Master key changed successfully. All key material has been
    re-encrypted with new master key and committed via jobid 1234". The change itself is synchronous; the
    device then commits it as a job whose id is only in that text (COMMITTED_JOB_RE). When a release answers
    without one, the commit is found in the job list (the first Commit job newer than before the request).
  * Changing the master key invalidates API keys (they are encrypted with it): the session is re-keyed at once.
Assumptions (ASSUMED, no real sample): a wrong current key is an API error whose text names the current master
key (WRONG_CURRENT_PATTERNS); re-applying the key a peer already holds (current = new) is accepted.
"""

from __future__ import annotations

import re
import threading
import time

from ansible_collections.hapair.panos.plugins.module_utils import jobs
from ansible_collections.hapair.panos.plugins.module_utils.change_guard import assert_commit_queue_empty
from ansible_collections.hapair.panos.plugins.module_utils.connection import sent_requests
from ansible_collections.hapair.panos.plugins.module_utils.errors import (
    ApiError,
    AuthenticationFailed,
    ConnectionFailed,
    HapairError,
    InvalidInput,
    JobFailed,
    PeersFailed,
    Refused,
    VerificationFailed,
)
from ansible_collections.hapair.panos.plugins.module_utils.master_key_info import (
    DEFAULT_TOLERANCE_HOURS,
    FACTORY_DEFAULT_KEY,
    compare,
    current_key_possible,
    human_duration,
    read_properties,
)
from ansible_collections.hapair.panos.plugins.module_utils.selection import select_devices
from ansible_collections.hapair.panos.plugins.module_utils.task import Plan, Task
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import find_text, op_element, to_int

# ---------------------------------------------------------------- the rules for a new key (one place)

# Exactly this many characters: "enter a 16-character string" (PAN-OS 7.1 web interface help). Newer
# releases reportedly accept longer keys for AES-256 encryption levels; that is not verified from a primary
# source, so 16 is the rule until it is.
KEY_LENGTH = 16
# Printable ASCII without whitespace ('!' .. '~'): the key is typed on the CLI and in the web interface of
# both peers, where a space splits a CLI argument and non-ASCII characters have no unambiguous length.
KEY_CHARS = re.compile(r'^[\x21-\x7e]*$')
KEY_CHARS_TEXT = 'printable ASCII characters without spaces (! to ~)'
# FACTORY_DEFAULT_KEY (master_key_info: a never-changed peer holds it) is never accepted as a new key.

LIFETIME_MIN = 1
LIFETIME_MAX = 17520  # hours = 730 days (web interface help: 1-730 days)

DEFAULT_TIMEOUT = 600

# How PAN-OS says the current key is wrong (ASSUMED wording, see module docstring).
WRONG_CURRENT_PATTERNS = (
    re.compile(r'current master[- ]?key\b.*\b(incorrect|invalid|wrong|does not match|mismatch|not match)', re.I),
    re.compile(r'\b(incorrect|invalid|wrong)\b.*\bcurrent master[- ]?key', re.I),
)

# "... committed via jobid 1234" (REAL text of request master-key).
COMMITTED_JOB_RE = re.compile(r'\bjob\s*id\s*(\d+)', re.I)


# ---------------------------------------------------------------- change: validation (nothing sent yet)

def _check_key(option, value):
    if not isinstance(value, str) or not value:
        raise InvalidInput(f'{option} must be a non-empty string', option=option,
                           remedy=f'Give a {KEY_LENGTH}-character key of {KEY_CHARS_TEXT}.')
    if len(value) != KEY_LENGTH:
        raise InvalidInput(f'{option} must be exactly {KEY_LENGTH} characters, got {len(value)}', option=option,
                           remedy=f'Give a {KEY_LENGTH}-character key of {KEY_CHARS_TEXT}.')
    if not KEY_CHARS.match(value):
        position = next(i for i, char in enumerate(value, 1) if not KEY_CHARS.match(char))
        raise InvalidInput(f'{option} has a character that is not allowed at position {position}', option=option,
                           remedy=f'Use only {KEY_CHARS_TEXT}.')


def validate_change(new_key, current_key=None, lifetime=None, reminder=None, timeout=DEFAULT_TIMEOUT):
    """Check the options of master_key before any request; raise InvalidInput saying what to fix.

    Messages name the option and the rule, never the key.
    """
    _check_key('new_master_key', new_key)
    if new_key == FACTORY_DEFAULT_KEY:
        raise InvalidInput('new_master_key is the PAN-OS factory default master key', option='new_master_key',
                           remedy='Choose a key of your own.')
    if current_key is not None:
        _check_key('current_master_key', current_key)
        if current_key == new_key:
            raise InvalidInput('new_master_key is the same as current_master_key', option='new_master_key',
                               remedy='Give a different new key. To complete a rotation that may already have set '
                                      'the new key on this peer, give the old key as current_master_key and set '
                                      'already_rotated_ok=true.')
    if lifetime is None or not LIFETIME_MIN <= lifetime <= LIFETIME_MAX:
        raise InvalidInput(f'lifetime must be {LIFETIME_MIN}..{LIFETIME_MAX} hours (1 hour to 730 days), '
                           f'got {lifetime}', option='lifetime',
                           remedy='Give the lifetime of the new key in hours, for example 8760 for one year.')
    if reminder is not None and not 1 <= reminder < lifetime:
        raise InvalidInput(f'reminder must be 1..{lifetime - 1} hours (shorter than lifetime={lifetime}), '
                           f'got {reminder}', option='reminder',
                           remedy='Give a reminder shorter than the lifetime, or omit it.')
    if timeout is None or timeout < 1:
        raise InvalidInput(f'timeout must be at least 1 second, got {timeout}', option='timeout',
                           remedy='Give the number of seconds to wait for the master-key job.')


def request_xml(new_key, current_key, lifetime, reminder=None, on_hsm=False):
    """``<request><master-key>...</master-key></request>``; keys travel as escaped element text."""
    spec = {'new-master-key': new_key}
    if current_key is not None:
        spec['current-master-key'] = current_key
    spec['lifetime'] = int(lifetime)
    if reminder is not None:
        spec['reminder'] = int(reminder)
    spec['on-hsm'] = bool(on_hsm)
    return op_element(['request', 'master-key'], children=spec)


def is_wrong_current_key(exc):
    """True when an ApiError says the current master key is wrong."""
    text = getattr(exc, 'text', None) or ''
    return isinstance(exc, ApiError) and any(p.search(text) for p in WRONG_CURRENT_PATTERNS)


# ---------------------------------------------------------------- change: preconditions (reads only)

def config_sync_states(pair):
    """{peer name: config sync enabled (bool or None)} from ``show high-availability all`` of each peer read."""
    return {name: ha['local']['config_sync_enabled'] for name, ha in sorted(pair.ha.items())}


def require_config_sync_disabled(pair, allow=False, warn=None):
    """Refuse while configuration sync is (or may be) enabled on either peer; returns the states read."""
    states = config_sync_states(pair)
    if not pair.enabled:
        return states  # a standalone firewall: there is no peer to push config to
    enabled = sorted(name for name, value in states.items() if value)
    unread = [d for d in (pair.first, pair.second) if d is not None and d.name not in pair.ha]
    unknown = pair.second is None or bool(unread)
    if allow:
        if (enabled or unknown) and warn:
            warn('Changing the master key with configuration synchronization enabled (%s), because '
                 'allow_config_sync=true.' % (', '.join(enabled) or 'the other peer could not be read'))
        return states
    remedy = ('Disable config sync on both peers first (hapair.panos.sync_settings with config_sync=false), change '
              'the master key on each peer, then enable config sync again; the vendor requires this order.')
    if enabled:
        raise Refused('Configuration synchronization is enabled on %s' % ', '.join(enabled),
                      reason='config_sync_enabled', remedy=remedy + ' No change was made.')
    if unknown:
        error = next((pair.error_of(d) for d in unread if pair.error_of(d) is not None), None)
        detail = error.msg if error is not None else 'its address is unknown'
        raise Refused('Cannot tell whether configuration synchronization is disabled on the other peer (%s)'
                      % detail.rstrip('.'), reason='config_sync_unknown',
                      remedy='Make the other peer reachable (or set peer_provider), or set allow_config_sync=true '
                             'if you know config sync is disabled on it. No change was made.')
    return states


def validate_credentials(params):
    """Before any request: a password must be there to re-key after the change (API keys stop working)."""
    provider = params.get('provider') or {}
    peer_provider = params.get('peer_provider') or {}
    if provider.get('password') or (params.get('peer') != 'provider' and peer_provider.get('password')):
        return
    raise InvalidInput('master_key needs a password: changing the master key invalidates API keys, so the module '
                       'must generate a new one', option='provider.password',
                       remedy='Give provider.password (or peer_provider.password, or PANOS_PASSWORD).')


def has_password(params, device, pair):
    """Whether a password is configured for this device (needed to re-key after the change)."""
    provider = params.get('provider') or {}
    if device is pair.first:
        return bool(provider.get('password'))
    peer_provider = params.get('peer_provider') or {}
    return bool(peer_provider.get('password') or provider.get('password'))


# ---------------------------------------------------------------- change: the request, the job, the new session

def _send(device, new_key, current_key, lifetime, reminder, on_hsm):
    try:
        return device.op(request_xml(new_key, current_key, lifetime, reminder, on_hsm), secrets=[new_key, current_key])
    except ConnectionFailed as exc:
        # Not retried (not idempotent): the device may have started the change before the answer was lost.
        raise exc.replace(
            message=f'The master-key request got no usable answer, so it may or may not have run: {exc.message}',
            remedy='Check the peer with hapair.panos.master_key_info (an expiry about lifetime hours ahead means the '
                   'change ran), then re-run with already_rotated_ok=true.') from None


def _submit(device, new_key, current_key, lifetime, reminder, on_hsm, already_rotated_ok):
    """Send the change; returns (response, already_had_new_key). Raises ApiError(reason=wrong_current_key)."""
    try:
        return _send(device, new_key, current_key, lifetime, reminder, on_hsm), False
    except ApiError as exc:
        if not is_wrong_current_key(exc):
            raise
        first = exc
    given = 'the given current_master_key' if current_key is not None else \
        'the factory default key (current_master_key was not given)'
    if not already_rotated_ok:
        raise ApiError(first.code, first.text, device=device.name, reason='wrong_current_key',
                       remedy=f'The peer does not hold {given}; nothing was changed. Give the key the peer holds as '
                              'current_master_key. If an earlier run may already have set new_master_key on this '
                              'peer, re-run with already_rotated_ok=true.')
    try:
        return _send(device, new_key, new_key, lifetime, reminder, on_hsm), True
    except ApiError as exc:
        if not is_wrong_current_key(exc):
            raise
        raise ApiError(exc.code, exc.text, device=device.name, reason='wrong_current_key',
                       remedy=f'The peer holds neither {given} nor new_master_key (both were tried); nothing was '
                              'changed. Find the key this peer holds (your change records, or the key of the other '
                              'peer) and give it as current_master_key.') from None


def committed_job_id(response):
    """The id of the commit the device started for the change: "... committed via jobid 1234" (REAL text), or
    ``result/job`` (a release answering like other job-starting commands); None when the reply names none."""
    text = find_text(response, 'result') or ''
    match = COMMITTED_JOB_RE.search(text)
    if match:
        return int(match.group(1))
    return to_int(find_text(response, 'result/job'))


def find_committed_job(device, before_id):
    """The commit the change started, when the reply did not name it: the first Commit job after before_id."""
    new = jobs.find_jobs(device, types=('Commit',), newer_than_id=before_id)
    return new[-1]['id'] if new else None


def _wait(device, job_id, timeout, poll_schedule, clock, sleep):
    """Wait for the commit job; re-key once more if the API key stops working meanwhile. Returns the job."""
    deadline = clock() + timeout
    rekeyed = False
    while True:
        try:
            return jobs.wait_for_job(device, job_id, timeout=max(0.0, deadline - clock()),
                                     poll_schedule=poll_schedule, clock=clock, sleep=sleep)
        except AuthenticationFailed:
            if rekeyed:
                raise
            device.rekey()
            rekeyed = True
        except JobFailed as exc:
            job = dict(exc.job, reason='master_key_commit_failed', remedy=MASTER_KEY_JOB_REMEDY)
            raise jobs.job_failed(job, device=device.name, reason='master_key_commit_failed',
                                  remedy=MASTER_KEY_JOB_REMEDY) from None


MASTER_KEY_JOB_REMEDY = ('The device changed the master key and re-encrypted its key material, but the commit it '
                         'started for that failed: read the job details, fix the cause, then commit on the peer and '
                         'check it with hapair.panos.master_key_info (an expiry about lifetime hours ahead means the '
                         'new key is in place). Re-run with already_rotated_ok=true to complete a rotation.')
EXPIRY_TOLERANCE_SECONDS = 3600


def verify(props, lifetime, on_hsm, device_name):
    """Prove the change from the properties read with the new session; returns warnings, raises when not applied."""
    warnings = []
    if props['expire_at'] is None:
        raise VerificationFailed('After the master-key change the peer still reports no key expiry (expire-at 0)',
                                 device=device_name, reason='not_applied',
                                 remedy='Check the master-key job with hapair.panos.job_info and the peer with '
                                        'hapair.panos.master_key_info, then re-run with already_rotated_ok=true.')
    expected = lifetime * 3600
    seconds = props['seconds_to_expiry']
    if seconds is None:
        warnings.append(f'{device_name} reports no expiry counters; the new expiry {props["expire_at"]} was not '
                        f'compared with lifetime={lifetime} hours.')
    elif not expected - EXPIRY_TOLERANCE_SECONDS <= seconds <= expected + 60:
        warnings.append(f'{device_name} reports the master key expires in {human_duration(seconds)}, expected about '
                        f'{lifetime} hours after the change.')
    if props['on_hsm'] != bool(on_hsm):
        warnings.append(f"{device_name} reports on_hsm={props['on_hsm']}, on_hsm={bool(on_hsm)} was requested.")
    return warnings


def change(device, new_key, current_key, lifetime, reminder=None, on_hsm=False, already_rotated_ok=False,
           timeout=DEFAULT_TIMEOUT, poll_schedule=None, clock=None, sleep=None):
    """Change the master key of one device, re-key, wait for the commit the device started, read back.

    The change is synchronous (the reply says it is done); the old API key stops working at once, so the session
    is re-keyed before anything else is read. Returns {job, already_had_new_key, rekeyed, properties, warnings}.
    """
    clock = clock or time.monotonic
    before_id = jobs.newest_job_id(device)
    response, already = _submit(device, new_key, current_key, lifetime, reminder, on_hsm, already_rotated_ok)
    job_id = committed_job_id(response)
    job = None
    try:
        device.rekey()
        if job_id is None:
            job_id = find_committed_job(device, before_id)
        if job_id is not None:
            job = jobs.describe_job(_wait(device, job_id, timeout, poll_schedule, clock, sleep))
        properties = read_properties(device)
    except JobFailed:
        raise
    except HapairError as exc:
        what = 'The master key was changed' + ('' if job_id is None else f' (commit job {job_id})')
        raise _prefixed(exc, what) from None
    warnings = verify(properties, lifetime, on_hsm, device.name)
    if job_id is None:
        warnings.append(f'{device.name} named no commit job for the master-key change and none was found in its job '
                        'list; the change itself was confirmed from the properties read back.')
    return {'job': job, 'already_had_new_key': already, 'rekeyed': True, 'properties': properties,
            'warnings': warnings, 'message': find_text(response, 'result')}


def _prefixed(exc, what):
    """The same error with what had already happened in front of its message."""
    return exc.replace(message=f'{what}, then: {exc.message}')


def prepare_change(pair, device, params, warn=None):
    """Every read-only precondition of a key change on device; returns the result a change then completes."""
    for peer in (pair.first, pair.second):
        if peer is not None:
            for secret in (params['new_master_key'], params.get('current_master_key')):
                peer.add_secret(secret)
    if not has_password(params, device, pair):
        raise InvalidInput('master_key needs a password for %s: changing the master key invalidates API keys, so the '
                           'module must generate a new one' % device.name, option='provider.password',
                           device=device.name,
                           remedy='Give provider.password (or peer_provider.password, or PANOS_PASSWORD).')
    states = require_config_sync_disabled(pair, params.get('allow_config_sync', False), warn=warn)
    before = read_properties(device)
    if params.get('current_master_key') is None and not before['default_key'] and \
            not params.get('already_rotated_ok'):
        raise InvalidInput('current_master_key is required: the master key of %s was changed before (it expires at %s)'
                           % (device.name, before['expire_at']), option='current_master_key', device=device.name,
                           remedy='Give the key the peer holds as current_master_key. No change was made.')
    if current_key_possible(before, params.get('current_master_key')) is False:
        raise InvalidInput('current_master_key cannot be the master key of %s: its key was never changed (no expiry '
                           'set), so it holds the factory default key' % device.name, option='current_master_key',
                           device=device.name, reason='wrong_current_key',
                           remedy='Give the factory default key as current_master_key. No change was made.')
    assert_commit_queue_empty(device)
    return {'changed': True, 'peer': device.name, 'config_sync': states, 'before': before, 'job': None,
            'properties': before, 'already_had_new_key': False, 'rekeyed': False}


def apply_change(device, params, result, warn=None, poll_schedule=None):
    """Change the key of device (after prepare_change); returns result completed with what was read back."""
    done = change(device, params['new_master_key'], params.get('current_master_key'), params['lifetime'],
                  params.get('reminder'), params.get('on_hsm', False), params.get('already_rotated_ok', False),
                  params.get('timeout') or DEFAULT_TIMEOUT, poll_schedule=poll_schedule)
    for message in done.pop('warnings'):
        if warn:
            warn(message)
    result.update(done)
    return result


class MasterKey(Task):
    """The master_key module. peer=both: every precondition on both peers first (nothing is changed when one fails),
    then both key changes at once, one thread per peer. With config sync disabled on both peers neither change
    reaches the other peer, so the run waits through one key-change job instead of two (the rotation's critical
    path) and is one task (the controller's cost). Its result is then {'changed', 'peers': {'provider': result,
    'peer_provider': result}, 'pair': agreement(peers)}; when a change fails, PeersFailed names the first failure,
    with each peer's result (or its failure) in ``peers``. One peer: that peer's result."""

    def __init__(self, params, warn=None, poll_schedule=None):
        super().__init__(params, warn)
        validate_credentials(params)  # every input error before the first request
        validate_change(params['new_master_key'], params['current_master_key'], params['lifetime'],
                        params['reminder'], params['timeout'])
        self.poll_schedule = poll_schedule

    def plan(self, pair):
        if self.params['peer'] == 'both':
            labelled = (('provider', pair.require_first()), ('peer_provider', pair.require_peer()))
        else:
            labelled = ((None, select_devices(pair, self.params['peer'], single=True)[0]),)
        prepared = {label: prepare_change(pair, device, self.params, warn=self.warn) for label, device in labelled}
        return Plan(changes=[device.name for _label, device in labelled], operations=labelled,
                    facts={'prepared': prepared})

    def apply(self, plan):
        prepared, outcomes, failures = plan.facts['prepared'], {}, {}

        def work(label, device):
            try:
                outcomes[label] = apply_change(device, self.params, prepared[label], warn=self.warn,
                                               poll_schedule=self.poll_schedule)
            except HapairError as exc:
                if len(plan.operations) == 1:
                    raise
                failures[label] = exc
                outcomes[label] = dict(exc.to_fail_kwargs(), failed=True, peer=device.name,
                                       changed=any(s['device'] == device.name for s in sent_requests()))

        if len(plan.operations) == 1:
            work(*plan.operations[0])
            return outcomes
        threads = [threading.Thread(target=work, args=labelled) for labelled in plan.operations]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            first = failures.get('provider') or failures['peer_provider']
            raise PeersFailed(first, outcomes)
        return outcomes

    def result(self, plan, applied, verified, check_mode):
        outcomes = applied if applied is not None else plan.facts['prepared']
        if None in outcomes:  # one peer
            return dict(outcomes[None], elapsed_seconds=self.elapsed_seconds())
        return {'changed': True, 'peers': outcomes, 'pair': agreement(outcomes), 'elapsed_seconds': self.elapsed_seconds()}


def agreement(outcomes):
    """Whether both peers' properties, as read back after their changes (in check mode, before), agree, by
    master_key_info's one rule (compare): the rotation verifies the pair from this instead of reading the properties
    again in another module run (issue 13). Master-key properties do not sync, so a later HA-Sync does not change them."""
    properties = {outcome['peer']: outcome['properties'] for outcome in outcomes.values()}
    agree, differences = compare(properties)
    return {'agree': agree, 'differences': differences, 'tolerance_hours': DEFAULT_TOLERANCE_HOURS}
