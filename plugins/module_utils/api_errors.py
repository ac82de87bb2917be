# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a failed request means: the mapping of every transport and API failure onto errors.py, with the retry class
that says whether connection.Device may send the request again."""

from __future__ import annotations

import re

from ansible_collections.hapair.panos.plugins.module_utils import failure_reasons
from ansible_collections.hapair.panos.plugins.module_utils.errors import (
    ApiError,
    AuthenticationFailed,
    ConnectionFailed,
    DeviceBusy,
    TlsVerificationFailed,
)

# ---------------------------------------------------------------- error mapping
#
# Retry classes:
#   SAFE       the request certainly did not run (connection refused, no route, DNS
#              temporarily failing, HTTP 502/503, session timed out): retry any request.
#   IDEMPOTENT the request may have run (timeout or reset while waiting for the answer,
#              HTTP 500/504): retry only requests that can safely run twice.
#   None       retrying cannot help (TLS, credentials, API errors): fail at once.

SAFE = 'safe'
IDEMPOTENT = 'idempotent'

_TLS_MARKERS = ('CERTIFICATE_VERIFY_FAILED', 'certificate verify failed', 'ssl.CertificateError', 'Hostname mismatch')
_DNS_PERMANENT = ('Name or service not known', 'nodename nor servname', 'getaddrinfo failed', 'No address associated')
_BAD_RESPONSE = ('no content-type response header', 'ParseError', 'no handler for content-type',
                 'no response element status attribute')
_URLERROR_CODE_RE = re.compile(r'^URLError: code: (\d+)(?: reason: (.*))?$', re.DOTALL)
_URLERROR_REASON_RE = re.compile(r'^URLError: reason: (.*)$', re.DOTALL)


def classify_error(text, status=None, code=None, device=None):
    """Map one failure reported by pan.xapi to (retry_class, HapairError).

    text is the (already redacted) PanXapiError text; status/code are the response
    status and code attributes when the device answered with an XML envelope.
    """
    text = (text or '').strip()

    from_transport = text.startswith('URLError') or text.startswith('ssl.')
    if from_transport and any(marker in text for marker in _TLS_MARKERS):
        return None, TlsVerificationFailed(f'TLS certificate verification failed: {_strip_urlerror(text)}', device=device)

    match = _URLERROR_CODE_RE.match(text)
    if match:
        return _classify_http(int(match.group(1)), (match.group(2) or '').strip(), device)

    match = _URLERROR_REASON_RE.match(text)
    if match:
        return _classify_socket(match.group(1).strip(), device)

    if any(marker in text for marker in _BAD_RESPONSE):
        return None, ConnectionFailed(
            f'The device did not answer like the PAN-OS XML API ({text})', device=device,
            remedy='Check that provider.ip_address and provider.port point at the management interface of a firewall.')

    return _classify_api(text, status, code, device)


def _classify_http(http_code, reason, device):
    what = f'HTTP {http_code} {reason}'.strip()
    if http_code in (401, 403):
        return None, AuthenticationFailed(f'Authentication failed ({what})', device=device)
    if http_code in (502, 503):
        return SAFE, ConnectionFailed(f'The management plane answered {what}', device=device,
                                      remedy='The device is busy or restarting its management server; retry later.')
    if http_code in (500, 504):
        return IDEMPOTENT, ConnectionFailed(f'The management plane answered {what}', device=device,
                                            remedy='Check the management plane health of the device (show system resources).')
    if http_code == 400:
        return None, ApiError(400, reason or None, device=device)
    return None, ConnectionFailed(
        f'Unexpected {what} from the XML API', device=device,
        remedy='Check that provider.ip_address and provider.port point at the management interface of a firewall.')


def _classify_socket(reason, device):
    if any(marker in reason for marker in _DNS_PERMANENT):
        return None, ConnectionFailed(f'Cannot resolve the device address ({reason})', device=device,
                                      remedy='Check provider.ip_address.')
    if reason.startswith('[SSL'):
        return None, ConnectionFailed(f'TLS handshake failed ({reason})', device=device,
                                      remedy='Check that provider.port is the HTTPS management port of the device.')
    # Anything else urllib wraps in URLError happened while connecting or sending
    # (refused, unreachable, timed out connecting, reset): the request did not run.
    return SAFE, ConnectionFailed(f'Cannot connect ({reason})', device=device)


def _classify_api(text, status, code, device):
    code = _int(code)
    first_line = text.splitlines()[0] if text else ''
    if code == 403 or first_line.startswith('Invalid credentials') or first_line.startswith('Invalid Credential'):
        return None, AuthenticationFailed('Authentication failed (%s)' % (first_line or 'code 403'), device=device)
    if code == 22 or first_line.startswith('Session timed out'):
        return SAFE, ApiError(22, text or None, device=device)
    classified = failure_reasons.classify_lines(text.splitlines())
    if classified['busy']:
        return None, DeviceBusy(text, device=device, remedy=classified['remedy'], reason=classified['reason'], code=code)
    return None, ApiError(code, text or None, device=device)


def _strip_urlerror(text):
    match = _URLERROR_REASON_RE.match(text)
    return match.group(1).strip() if match else text


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
