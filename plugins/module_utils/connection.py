# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one PAN-OS XML API client of hapair.panos. Nothing else speaks HTTP.

pan.xapi (pan-python) is the transport (on kept-alive connections: transport.py). This file owns what sits
around it: TLS, lazy keygen, retries with backoff on transient failures only (what a failure means and whether a
retry may help: api_errors.py), redaction of secrets, and per-device request counters. The ``provider`` option
it takes is built in provider_spec.py (documented in doc_fragments/provider.py).
"""

from __future__ import annotations

import functools
import os
import re
import ssl
import time
import traceback
from collections import Counter

from http.client import HTTPException
from urllib.parse import quote, quote_plus

try:
    import pan.xapi
    HAS_PAN_XAPI = True
    PAN_XAPI_IMPORT_ERROR = None
except ImportError:
    HAS_PAN_XAPI = False
    PAN_XAPI_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.hapair.panos.plugins.module_utils import transport
from ansible_collections.hapair.panos.plugins.module_utils.device_facts import lock_holders, read_locks
from ansible_collections.hapair.panos.plugins.module_utils.errors import (
    ApiError,
    AuthenticationFailed,
    ConnectionFailed,
    DeviceBusy,
    InvalidInput,
    MissingDependency,
)
from ansible_collections.hapair.panos.plugins.module_utils.redaction import SECRET_MASK
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import (
    build_element,
    find_text,
    op_element,
    to_int,
    to_string,
)

from ansible_collections.hapair.panos.plugins.module_utils.api_errors import (  # noqa: F401 (connection's API too)
    IDEMPOTENT, SAFE, classify_error)

if HAS_PAN_XAPI:
    # pan.xapi's requests through one opener per TLS context (module_utils/transport.py says why).
    transport.install()

DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 0.5  # seconds; delays are backoff * 2**attempt: 0.5, 1, 2

# "provider." not already part of "peer_provider." (how option names appear in messages and remedies).
_OPTION_RE = re.compile(r'(?<![A-Za-z_])provider\.')

# op commands whose root element marks them read-only, hence safe to repeat after an
# ambiguous failure (a timeout after the request was sent).
READ_ONLY_OP_ROOTS = ('show', 'check', 'test')
# Reads whose command starts with 'request' (no change on the device).
READ_ONLY_REQUEST_OPS = ('<request><license><info',)

# Every state-changing request that a device accepted in this module run (one module run is one process), so that a
# failure after something was sent still says what was sent and reports changed (module.run reads it).
_SENT = []

# The TLS contexts that verify against the system's CA store, by the environment variables that say where it is.
_SYSTEM_TRUST = {}


def system_trust_context():
    """The TLS context that verifies certificates against the system's CA store (provider.validate_certs true, no
    provider.ca_path): made once per process and location of the store, and shared by the connections of a module
    run. Why: loading the system CA store costs 30-35 ms of CPU, per peer and module run if made each time; a module
    run forked from the worker inherits the one made when the action plugin preloaded the module
    (plugin_utils/in_process.py). Keyed by SSL_CERT_FILE and SSL_CERT_DIR, as OpenSSL reads them when the store is
    loaded: a task whose environment points elsewhere gets its own."""
    where = (os.environ.get('SSL_CERT_FILE'), os.environ.get('SSL_CERT_DIR'))
    if where not in _SYSTEM_TRUST:
        _SYSTEM_TRUST[where] = ssl.create_default_context()
    return _SYSTEM_TRUST[where]


def sent_requests():
    """The state-changing requests accepted so far in this run: [{'device', 'request', 'job'}], oldest first."""
    return list(_SENT)


def forget_sent_requests():
    del _SENT[:]


# ---------------------------------------------------------------- secrets

def redact(text, secrets):
    """Replace every secret (raw and URL-encoded) in text by SECRET_MASK."""
    if text is None:
        return None
    text = str(text)
    variants = set()
    for secret in secrets or ():
        if not secret:
            continue
        secret = str(secret)
        variants.update((secret, quote_plus(secret), quote(secret, safe='')))
    # Longest first, so a secret containing another one is replaced whole.
    for variant in sorted(variants, key=len, reverse=True):
        text = text.replace(variant, SECRET_MASK)
    return text


# ---------------------------------------------------------------- the client

class Device:
    """One PAN-OS peer reached over the XML API.

    provider: a dict shaped like the ``provider`` option (defaults applied by the argspec).
    warn: callable(str) for warnings, normally ``module.warn``.
    retries / backoff / sleep: retry policy; tests pass a tiny backoff or a fake sleep.
    """

    def __init__(self, provider, warn=None, retries=DEFAULT_RETRIES, backoff=DEFAULT_BACKOFF, sleep=None,
                 option_name='provider'):
        if not HAS_PAN_XAPI:
            raise MissingDependency('pan-python', PAN_XAPI_IMPORT_ERROR)
        self._provider = dict(provider or {})
        # Which module option this device comes from: errors about the second peer name peer_provider.*.
        self.option_name = option_name
        # Set by Pair when a discovered peer got provider.api_key (no password, no peer_provider.api_key).
        self.reused_api_key = False
        self._warn = warn
        self.retries = max(0, int(retries))
        self.backoff = float(backoff)
        self._sleep = sleep or time.sleep

        self.host = (self._provider.get('ip_address') or '').strip()
        if not self.host:
            raise self._named(InvalidInput('provider.ip_address is required', option='provider.ip_address'))
        self.port = self._check_int('port', 443, 1, 65535)
        self.timeout = self._check_int('timeout', 30, 1, None)
        self._password = self._provider.get('password') or None
        self._given_key = self._provider.get('api_key') or None
        if not self._password and not self._given_key:
            raise self._named(InvalidInput('provider needs password or api_key (or PANOS_PASSWORD, ANSIBLE_NET_PASSWORD '
                                           'or PANOS_API_KEY in the environment)', option='provider.password', device=self.name))
        self._api_key = self._given_key
        self._secrets = set(s for s in (self._password, self._given_key) if s)
        self._xapi = None

        self.counters = Counter()
        self.request_log = []

    def _check_int(self, option, default, minimum, maximum):
        value = self._provider.get(option)
        if value is None:
            return default
        try:
            value = int(value)
        except (TypeError, ValueError):
            value = None
        if value is None or value < minimum or (maximum is not None and value > maximum):
            limits = f'{minimum}..{maximum}' if maximum is not None else f'>= {minimum}'
            raise self._named(InvalidInput(f'provider.{option} must be an integer {limits}, got '
                                           f'{self._provider.get(option)!r}', option=f'provider.{option}'))
        return value

    # -- identity

    @property
    def name(self):
        """ip:port, for messages and as the key of per-peer results."""
        host = self.host
        if ':' in host and not host.startswith('['):
            host = f'[{host}]'
        return f'{host}:{self.port}'

    @property
    def admin(self):
        """The admin user this device is used as (for partial commits)."""
        return self._provider.get('username') or 'admin'

    def add_secret(self, value):
        """Redact value from every message and log entry of this device from now on."""
        if value:
            self._secrets.add(str(value))

    def redact(self, text):
        return redact(text, self._secrets)

    # -- requests

    def op(self, cmd, vsys=None, secrets=(), idempotent=None):
        """Run an op command (XML text built with xmlutil, or a tag path list); return the <response> Element."""
        if isinstance(cmd, (list, tuple)):
            cmd = op_element(cmd)
        for secret in secrets:
            self.add_secret(secret)
        reads_only = _reads_only(cmd)
        if idempotent is None:
            idempotent = reads_only

        def call(xapi):
            xapi.op(cmd=cmd, vsys=vsys)
        return self._request('op', cmd, call, idempotent, changes_state=not reads_only)

    def config_get(self, xpath):
        """Candidate config at xpath: the <result> Element, or None when the node does not exist."""
        return self._config_read('get', xpath)

    def config_show(self, xpath):
        """Running config at xpath: the <result> Element, or None when the node does not exist.

        xpath None reads the whole running configuration (``type=config&action=show`` without an xpath).
        """
        return self._config_read('show', xpath)

    def config_set(self, xpath, element):
        """Merge element (Element or XML text) into the candidate at xpath. Returns the <response>."""
        element = _element_text(element)

        def call(xapi):
            xapi.set(xpath=xpath, element=element)
        return self._request('config_set', xpath, call, idempotent=True, changes_state=True)

    def config_edit(self, xpath, element):
        """Replace the candidate node at xpath with element. Returns the <response>."""
        element = _element_text(element)

        def call(xapi):
            xapi.edit(xpath=xpath, element=element)
        return self._request('config_edit', xpath, call, idempotent=True, changes_state=True)

    def config_delete(self, xpath, missing_ok=True):
        """Delete the candidate node at xpath. Returns the <response>, or None if it was already absent."""
        def call(xapi):
            xapi.delete(xpath=xpath)
        try:
            return self._request('config_delete', xpath, call, idempotent=True, changes_state=True)
        except ApiError as exc:
            if missing_ok and exc.not_found:
                return None
            raise

    def commit(self, partial_admins=None, description=None, exclude=()):
        """Commit; partial_admins limits it to those admins' changes, exclude leaves whole scopes out
        (device-and-network, shared-object, policy-and-objects: their changes stay uncommitted).

        Returns the job id (int), or None when there was nothing to commit.
        Never waits: poll the job with jobs.wait_for_job().
        """
        spec = {}
        if description:
            spec['description'] = description
        if partial_admins or exclude:
            spec['partial'] = {scope: 'excluded' for scope in exclude}
            if partial_admins:
                spec['partial']['admin'] = {'member': list(partial_admins)}
        cmd = to_string(build_element('commit', spec))
        # PAN-OS API guide: partial commits are sent as type=commit&action=partial.
        action = 'partial' if partial_admins or exclude else None

        def call(xapi):
            xapi.commit(cmd=cmd, action=action, sync=False)
        try:
            root = self._request('commit', cmd, call, idempotent=False, changes_state=True)
        except DeviceBusy as exc:
            if exc.reason == 'config_locked':
                raise self._name_commit_lock_holders(exc) from None
            raise
        return to_int(find_text(root, 'result/job'))

    def _name_commit_lock_holders(self, exc):
        """A commit refused for commit locks (code 14, "Other administrators are holding device wide commit
        locks.", which names nobody): say who holds them, read from show commit-locks."""
        try:
            holders = [admin for admin in lock_holders(read_locks(self, 'commit')) if admin != self.admin]
        except (ApiError, ConnectionFailed, AuthenticationFailed, DeviceBusy):
            holders = []
        if not holders:
            return exc
        return DeviceBusy('Commit refused: commit lock held by %s (%s)' % (', '.join(holders), exc.message),
                          device=self.name, reason=exc.reason, code=exc.code,
                          remedy='Ask %s to finish and release the commit lock, then re-run; nothing was committed.'
                                 % ', '.join(holders))

    def rekey(self):
        """Forget the API key and generate a new one (a master-key change invalidates API keys)."""
        if not self._password:
            raise self._named(AuthenticationFailed(
                'Cannot generate a new API key: only provider.api_key was given', device=self.name,
                remedy='Give provider.password (or PANOS_PASSWORD) so the key can be regenerated, '
                       'or supply a new provider.api_key.'))
        self._api_key = None
        if self._xapi is not None:
            self._xapi.api_key = None
        self._ensure_key()

    # -- internals

    def _config_read(self, action, xpath):
        def call(xapi):
            getattr(xapi, action)(xpath=xpath)
        try:
            root = self._request('config_' + action, xpath or '(the whole configuration)', call, idempotent=True)
        except ApiError as exc:
            if exc.not_found:
                return None
            raise
        result = root.find('result')
        # Missing node: code 7 with an empty <result/> (PAN-OS 6+), code 19 with an
        # empty <result/> (PAN-OS 5), or "No such node" (show; raised above).
        if result is None or (len(result) == 0 and not (result.text or '').strip()):
            return None
        return result

    def _transport(self):
        if self._xapi is None:
            kwargs = {
                'hostname': f'[{self.host}]' if ':' in self.host and not self.host.startswith('[') else self.host,
                'port': self.port,
                'timeout': self.timeout,
                'ssl_context': self._ssl_context(),
            }
            if self._password:
                # Kept even when an api_key is given, so rekey() can run keygen.
                kwargs['api_username'] = self.admin
                kwargs['api_password'] = self._password
            if self._api_key:
                kwargs['api_key'] = self._api_key
            try:
                xapi = pan.xapi.PanXapi(**kwargs)
            except pan.xapi.PanXapiError as exc:
                raise InvalidInput(f'Invalid provider: {self.redact(str(exc))}', option='provider', device=self.name) from None
            # pan.xapi merges ~/.panrc; never let it retarget requests through Panorama.
            xapi.serial = None
            self._xapi = xapi
        return self._xapi

    def _ssl_context(self):
        ca_path = self._provider.get('ca_path')
        validate = self._provider.get('validate_certs')
        if validate is None:
            validate = True
        if not validate:
            if self._warn:
                self._warn(f'TLS certificate verification is disabled for {self.name} (provider.validate_certs=false); '
                           'set provider.ca_path instead.')
            # Not create_default_context(): it would load the system CA store (30-35 ms) only to ignore it.
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            return context
        if ca_path:
            if os.path.isdir(ca_path):
                raise self._named(InvalidInput(
                    f'provider.ca_path {ca_path} is a directory; it must be a file', option='provider.ca_path',
                    device=self.name, remedy='Give the PEM file of the CA that signed the device certificate (a '
                                             'bundle of several CAs in one file is fine).'))
            if not os.path.isfile(ca_path):
                raise self._named(InvalidInput(f'provider.ca_path {ca_path} does not exist', option='provider.ca_path',
                                               device=self.name))
            try:
                return ssl.create_default_context(cafile=ca_path)
            except (ssl.SSLError, OSError) as exc:
                raise self._named(InvalidInput(f'provider.ca_path {ca_path} is not a PEM CA bundle ({exc})',
                                               option='provider.ca_path', device=self.name)) from None
        return system_trust_context()

    def _ensure_key(self):
        xapi = self._transport()
        if self._api_key:
            xapi.api_key = self._api_key
            return

        def call(xapi):
            xapi.keygen()
        self._request('keygen', f'keygen user={self.admin}', call, idempotent=True, needs_key=False)
        self._api_key = xapi.api_key
        self.add_secret(self._api_key)

    def _request(self, kind, what, call, idempotent, needs_key=True, changes_state=False):
        had_key = self._api_key is not None  # a key generated for this very request is not stale
        try:
            root = self._attempts(kind, what, call, idempotent, needs_key)
        except AuthenticationFailed:
            # The API key stopped working (a master-key change, an admin invalidating keys, a stale provider.api_key):
            # with a password, generate a new key and send once more. A 403 means the request was refused, not run.
            if not needs_key or not self._password or not had_key:
                raise
            self.rekey()
            root = self._attempts(kind, what, call, idempotent, needs_key)
            if self._warn:
                self._warn('%s refused the API key; a new one was generated with the password and the request sent '
                           'again.' % self.name)
        if changes_state:
            _SENT.append({'device': self.name, 'request': _shorten(self.redact(what), 120),
                          'job': to_int(find_text(root, 'result/job')) if root is not None else None})
        return root

    def _attempts(self, kind, what, call, idempotent, needs_key):
        """Send one request, retrying transient failures within provider.timeout. Returns the <response>."""
        if needs_key:
            self._ensure_key()
        xapi = self._transport()
        # provider.timeout bounds the whole request, its retries and their backoff included: a hung peer costs one
        # timeout, not one per attempt.
        deadline = time.monotonic() + self.timeout
        attempt = 0
        while True:
            attempt += 1
            xapi.timeout = self.timeout if attempt == 1 else max(0.1, deadline - time.monotonic())
            self.counters[kind] += 1
            self.counters['total'] += 1
            self.request_log.append({'kind': kind, 'what': _shorten(self.redact(what)), 'attempt': attempt})
            try:
                call(xapi)
                return xapi.element_root
            except pan.xapi.PanXapiError as exc:
                retry_class, error = classify_error(self.redact(str(exc)), status=getattr(xapi, 'status', None),
                                                    code=getattr(xapi, 'status_code', None), device=self.name)
            except (OSError, HTTPException) as exc:
                # urllib lets errors raised while reading the answer escape pan.xapi
                # (read timeout, connection reset): the request may have run.
                detail = self.redact(str(exc)) or 'no detail'
                retry_class, error = IDEMPOTENT, ConnectionFailed(
                    f'No answer ({type(exc).__name__}: {detail}; provider.timeout={self.timeout}s)', device=self.name)
            retryable = retry_class == SAFE or (retry_class == IDEMPOTENT and idempotent)
            delay = self.backoff * (2 ** (attempt - 1))
            if retryable and attempt <= self.retries and time.monotonic() + delay < deadline:
                self._sleep(delay)
                continue
            if retryable:
                error = error.replace(
                    message=f'{error.message} (gave up after {attempt} attempts within provider.timeout={self.timeout}s)')
            if isinstance(error, AuthenticationFailed) and self.reused_api_key:
                error = error.replace(remedy='This peer was found by discovery and given provider.api_key, but each '
                                             'firewall has API keys of its own: set peer_provider.api_key (or give a '
                                             'password).')
            raise self._named(error)

    def _named(self, error):
        """An error about this device, its option names as the module user wrote them (peer_provider.*)."""
        if self.option_name == 'provider':
            return error
        rename = functools.partial(_OPTION_RE.sub, self.option_name + '.')
        renamed = {'message': rename(error.message)}
        if error.remedy:
            renamed['remedy'] = rename(error.remedy)
        if getattr(error, 'option', None):
            renamed['option'] = rename(error.option)
        return error.replace(**renamed)


def _reads_only(cmd):
    """Whether an op command only reads: show / check / test, and the few 'request' reads (licence info)."""
    return _root_tag(cmd) in READ_ONLY_OP_ROOTS or re.sub(r'\s+', '', cmd or '').startswith(READ_ONLY_REQUEST_OPS)


def _root_tag(cmd):
    match = re.match(r'\s*<\s*([A-Za-z_][\w.\-]*)', cmd or '')
    return match.group(1) if match else None


def _element_text(element):
    if isinstance(element, str):
        return element
    return to_string(element)


def _shorten(text, limit=300):
    return text if len(text) <= limit else text[:limit] + '...'
