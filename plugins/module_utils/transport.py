# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How pan.xapi sends our requests: through one urllib opener per TLS context, built once.

pan.xapi sends every request with ``urllib.request.urlopen(request, context=..., timeout=...)``. Given a context,
urlopen builds a new opener for each call: ten handlers, one of them a ProxyHandler that reads every environment
variable looking for proxies. That is about 2 ms of controller CPU per request, more than the TLS handshake, and a
master-key rotation sends about 200-300 requests per pair (issue 13, docs/dev/benchmarks.md).

urlopen() below builds the same opener (``build_opener(HTTPSHandler(context=context))``, which is what urlopen does)
once per context and reuses it. The request, the TLS verification (the context is the connection's own), the
timeout and the proxies (read when the opener is built, at the connection's first request) are unchanged; a new
TCP and TLS connection is still made per request, as before.
"""

from __future__ import annotations

import socket
import threading
import urllib.request

_lock = threading.Lock()
# id(context) -> (context, opener); the context is kept so that its id is not reused while the entry exists.
_openers = {}


def urlopen(url, data=None, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, *, context=None, **kwargs):
    """urllib.request.urlopen with the opener of the context built once."""
    if context is None or kwargs:
        return urllib.request.urlopen(url, data, timeout, context=context, **kwargs)
    with _lock:
        entry = _openers.get(id(context))
        if entry is None or entry[0] is not context:
            entry = (context, urllib.request.build_opener(urllib.request.HTTPSHandler(context=context)))
            _openers[id(context)] = entry
    return entry[1].open(url, data, timeout)


def install():
    """Let pan.xapi send through urlopen() above. Only where pan.xapi calls urllib's urlopen by that name (a newer
    pan-python that sends otherwise, or a test's fake transport, is left alone)."""
    import pan.xapi  # only where pan-python is installed (connection.py checks first)

    if getattr(pan.xapi, 'urlopen', None) is urllib.request.urlopen:
        pan.xapi.urlopen = urlopen
