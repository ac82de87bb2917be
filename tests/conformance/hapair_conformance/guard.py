# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The suite's only way out to the pair: a wrapper over ``pan.xapi.urlopen`` (what PanXapi sends every request
with) that

- refuses, *before anything is sent*, every request that is not a read (``ReadOnlyViolation``). Allowed:
    type=keygen;
    type=op whose cmd is one XML element rooted at <show> or <check>, or exactly <request><license><info/>;
    type=config with action=get or action=show.
  Everything else (config set/edit/delete/..., commit, other op roots such as <request>, <set>, <debug>,
  <test>, <clear>, import/export/user-id, ...) raises;
- keeps every answer's raw bytes as received (``Exchange``), for the fidelity comparison and ``--record``.

ReadOnlyViolation is deliberately not an OSError or a PanXapiError: neither pan.xapi nor the collection's
connection.Device catches it, so a refused request fails the run loudly instead of being retried or reported
as a device error.
"""

from __future__ import annotations

import threading
import time
import xml.etree.ElementTree as ET
from urllib.error import HTTPError
from urllib.parse import parse_qsl, urlsplit

try:
    import pan.xapi as _xapi
except ImportError:  # pragma: no cover - pan-python is in requirements.txt
    _xapi = None

ALLOWED_OP_ROOTS = ('show', 'check')
ALLOWED_CONFIG_ACTIONS = ('get', 'show')
SECRET_PARAMS = ('key', 'password')


class ReadOnlyViolation(Exception):
    """A request that is not a read was about to be sent; it was not."""

    def __init__(self, reason, params):
        self.reason = reason
        self.params = public_params(params)
        super().__init__('conformance guard refused a request that is not read-only (%s): %s' % (
            reason, describe(self.params)))


def public_params(params):
    """The request parameters without credentials (api key, password)."""
    return {k: v for k, v in params.items() if k not in SECRET_PARAMS}


def describe(params):
    """type=op cmd=<show>...</show> / type=config action=show xpath=... / type=keygen."""
    order = ('type', 'action', 'cmd', 'xpath', 'element', 'vsys')
    keys = [k for k in order if k in params] + sorted(k for k in params if k not in order and k != 'user')
    return ' '.join('%s=%s' % (k, params[k]) for k in keys)


def request_params(request):
    """The query of a urllib Request (POST body and URL query string) or URL as a dict."""
    if isinstance(request, str):
        url, data = request, None
    else:
        url, data = request.full_url, request.data
    params = dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))
    if data:
        if isinstance(data, bytes):
            data = data.decode('utf-8', 'replace')
        params.update(parse_qsl(data, keep_blank_values=True))
    return params


def _is_license_info(root):
    if root.tag != 'request' or len(root) != 1 or (root.text or '').strip():
        return False
    lic = root[0]
    if lic.tag != 'license' or len(lic) != 1 or (lic.text or '').strip() or (lic.tail or '').strip():
        return False
    info = lic[0]
    return info.tag == 'info' and len(info) == 0 and not (info.text or '').strip() and not (info.tail or '').strip()


def verdict(params):
    """(allowed, reason) for one request's parameters. Pure: sends nothing."""
    kind = params.get('type')
    if kind == 'keygen':
        return True, 'keygen'
    if kind == 'op':
        cmd = params.get('cmd')
        if not cmd:
            return False, 'op without cmd'
        try:
            root = ET.fromstring(cmd)
        except ET.ParseError:
            return False, 'op cmd is not one XML element'
        if root.tag in ALLOWED_OP_ROOTS:
            return True, 'op <%s>' % root.tag
        if _is_license_info(root):
            return True, 'op request license info'
        return False, 'op <%s> is not a read (only <show>, <check>, <request><license><info>)' % root.tag
    if kind == 'config':
        action = params.get('action')
        if action in ALLOWED_CONFIG_ACTIONS:
            return True, 'config %s' % action
        return False, 'config action=%s is not a read (only get, show)' % action
    return False, 'type=%s is not a read' % kind


def check(params):
    """Raise ReadOnlyViolation unless the request is a read."""
    allowed, reason = verdict(params)
    if not allowed:
        raise ReadOnlyViolation(reason, params)
    return reason


class Exchange:
    """One request the suite sent and the raw answer it got (body: the bytes as received)."""

    def __init__(self, host, port, params, http_status, content_type, body, seconds):
        self.host = host
        self.port = port
        self.params = public_params(params)
        self.type = params.get('type')
        self.action = params.get('action')
        self.cmd = params.get('cmd')
        self.xpath = params.get('xpath')
        self.http_status = http_status
        self.content_type = content_type
        self.body = body
        self.seconds = seconds

    @property
    def request(self):
        """What was sent, as the corpus writes it (credentials never included)."""
        if self.type == 'keygen':
            return 'type=keygen (user and password not recorded)'
        return describe({k: v for k, v in self.params.items() if k != 'user'})

    @property
    def identity(self):
        """What makes two requests the same request."""
        return (self.type, self.action, self.cmd, self.xpath, self.params.get('vsys'))


class _Answer:
    """What urlopen returned, with its body already read (pan.xapi reads it once, so do we)."""

    def __init__(self, response, body):
        self._response = response
        self._body = body
        self.status = getattr(response, 'status', 200)
        self.headers = getattr(response, 'headers', None)

    def read(self, *args):
        body, self._body = self._body, b''
        return body

    def getheader(self, name, default=None):
        return self._response.getheader(name, default)

    def info(self):
        return self._response.info()

    def getcode(self):
        return self.status

    def close(self):
        self._response.close()


class Transport:
    """Install with ``with Transport() as transport:`` (or install()/uninstall()). Thread-safe: preflight reads
    both peers at the same time."""

    def __init__(self, real_urlopen=None):
        self._real = real_urlopen
        self._saved = None
        self._lock = threading.Lock()
        self.exchanges = []
        self.refused = []
        self.checked = 0
        # The credentials seen in requests (api keys, passwords): masked wherever they appear in a recording.
        self.secret_values = set()

    # -- installation

    def install(self):
        if _xapi is None:
            raise RuntimeError('pan.xapi (pan-python) is not installed')
        if self._saved is not None:
            return self
        self._saved = _xapi.urlopen
        if self._real is None:
            self._real = self._saved
        _xapi.urlopen = self
        return self

    def uninstall(self):
        if self._saved is not None and _xapi is not None and _xapi.urlopen is self:
            _xapi.urlopen = self._saved
        self._saved = None

    @property
    def installed(self):
        return _xapi is not None and _xapi.urlopen is self

    def __enter__(self):
        return self.install()

    def __exit__(self, *exc):
        self.uninstall()

    # -- the wrapper

    def __call__(self, url=None, data=None, timeout=None, context=None, **kwargs):
        request = url
        params = request_params(request)
        if data:
            params.update(parse_qsl(data.decode() if isinstance(data, bytes) else data, keep_blank_values=True))
        with self._lock:
            self.checked += 1
            self.secret_values.update(v for k, v in params.items() if k in SECRET_PARAMS and v)
        try:
            check(params)
        except ReadOnlyViolation as exc:
            with self._lock:
                self.refused.append(exc.params)
            raise
        target = urlsplit(request if isinstance(request, str) else request.full_url)
        call = {}
        if data is not None:
            call['data'] = data
        if timeout is not None:
            call['timeout'] = timeout
        if context is not None:
            call['context'] = context
        call.update(kwargs)
        started = time.monotonic()
        try:
            response = self._real(request, **call)
        except HTTPError as exc:
            body = exc.read() if exc.fp is not None else b''
            self._keep(target, params, exc.code, exc.headers.get('Content-Type') if exc.headers else None, body,
                       started)
            raise
        body = response.read()
        self._keep(target, params, getattr(response, 'status', 200), response.getheader('Content-Type'), body, started)
        return _Answer(response, body)

    def _keep(self, target, params, status, content_type, body, started):
        exchange = Exchange(target.hostname, target.port or 443, params, status, content_type, body,
                            round(time.monotonic() - started, 3))
        with self._lock:
            self.exchanges.append(exchange)

    # -- views

    def by_host(self, host):
        host = host.strip('[]').lower()
        return [e for e in self.exchanges if (e.host or '').lower() == host]

    def last_answer(self, host, identity):
        """The newest raw answer host gave to a request (type, action, cmd, xpath, vsys), or None."""
        for exchange in reversed(self.by_host(host)):
            if exchange.identity == identity:
                return exchange
        return None
