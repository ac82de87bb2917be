# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The operator's environment, read once: which pair, which credentials, TLS, where to record.

    HAPAIR_CONFORMANCE_HOST            required: management address (or name) of one peer
    HAPAIR_CONFORMANCE_PEER            optional: the other peer (else discovered from show high-availability all)
    HAPAIR_CONFORMANCE_PORT            optional: HTTPS port of the XML API (443)
    HAPAIR_CONFORMANCE_USERNAME        or PANOS_USERNAME (admin)
    HAPAIR_CONFORMANCE_PASSWORD        or PANOS_PASSWORD      } one of the two is required
    HAPAIR_CONFORMANCE_API_KEY         or PANOS_API_KEY       }
    HAPAIR_CONFORMANCE_PEER_API_KEY    optional: the other peer's API key, when it is not the same
    HAPAIR_CONFORMANCE_CA_PATH         optional: PEM CA bundle (file) or hashed CA directory
    HAPAIR_CONFORMANCE_VALIDATE_CERTS  optional: true (default) / false
    HAPAIR_CONFORMANCE_TIMEOUT         optional: seconds per request (30)
    HAPAIR_CONFORMANCE_RECORD          optional: directory to record sanitized answers into (--record DIR)
    HAPAIR_CONFORMANCE_MASK_KEY        optional: key of the sanitizer's hash (default: random per run)
    HAPAIR_CONFORMANCE_CORPUS          optional: another corpus MANIFEST.yml to compare with
"""

from __future__ import annotations

import os

PREFIX = 'HAPAIR_CONFORMANCE_'
HOST = PREFIX + 'HOST'
RECORD = PREFIX + 'RECORD'

VARIABLES = (
    ('HOST', 'required: management address of one peer'),
    ('PEER', 'optional: management address of the other peer (default: discovered from HA state)'),
    ('PORT', 'optional: XML API port (443)'),
    ('USERNAME', 'or PANOS_USERNAME (default admin)'),
    ('PASSWORD', 'or PANOS_PASSWORD; this or API_KEY is required'),
    ('API_KEY', 'or PANOS_API_KEY'),
    ('PEER_API_KEY', 'optional: the other peer\'s API key when only keys are given and they differ'),
    ('CA_PATH', 'optional: CA bundle to verify the peers\' certificates'),
    ('VALIDATE_CERTS', 'optional: true (default) or false'),
    ('TIMEOUT', 'optional: seconds per request (30)'),
    ('RECORD', 'optional: record sanitized answers into this directory (run_conformance.py --record DIR)'),
    ('MASK_KEY', 'optional: fixed key for the sanitizer (same masks across runs)'),
    ('CORPUS', 'optional: compare with this MANIFEST.yml instead of tests/real_samples/corpus'),
)

_TRUE = ('1', 'true', 'yes', 'on', 'y')
_FALSE = ('0', 'false', 'no', 'off', 'n')


class SettingsError(ValueError):
    pass


def usage():
    lines = ['The conformance suite runs against a real PAN-OS HA pair. Set, in the environment:']
    lines.extend('  %-34s %s' % (PREFIX + name, text) for name, text in VARIABLES)
    lines.append('e.g. HAPAIR_CONFORMANCE_HOST=192.0.2.10 HAPAIR_CONFORMANCE_USERNAME=admin '
                 'HAPAIR_CONFORMANCE_PASSWORD=... make conformance   (docs/conformance.md)')
    return '\n'.join(lines)


def configured(env=None):
    return bool((env if env is not None else os.environ).get(HOST, '').strip())


def _get(env, name, *fallbacks):
    for key in (PREFIX + name,) + fallbacks:
        value = env.get(key)
        if value is not None and value.strip() != '':
            return value.strip() if name not in ('PASSWORD', 'API_KEY', 'PEER_API_KEY') else value
    return None


def _bool(env, name, default):
    value = _get(env, name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise SettingsError('%s%s must be true or false, got %r' % (PREFIX, name, value))


def _int(env, name, default):
    value = _get(env, name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise SettingsError('%s%s must be an integer, got %r' % (PREFIX, name, value)) from None


class Settings:
    """host/peer/port/credentials/TLS from the environment; ``provider`` and ``peer_provider`` for Pair()."""

    def __init__(self, env=None):
        env = dict(os.environ if env is None else env)
        self.host = _get(env, 'HOST')
        if not self.host:
            raise SettingsError('%s is not set.\n%s' % (HOST, usage()))
        self.peer = _get(env, 'PEER')
        self.port = _int(env, 'PORT', 443)
        self.username = _get(env, 'USERNAME', 'PANOS_USERNAME') or 'admin'
        self.password = _get(env, 'PASSWORD', 'PANOS_PASSWORD')
        self.api_key = _get(env, 'API_KEY', 'PANOS_API_KEY')
        self.peer_api_key = _get(env, 'PEER_API_KEY')
        if not self.password and not self.api_key:
            raise SettingsError('Give %sPASSWORD (or PANOS_PASSWORD) or %sAPI_KEY (or PANOS_API_KEY).\n%s'
                                % (PREFIX, PREFIX, usage()))
        self.ca_path = _get(env, 'CA_PATH')
        if self.ca_path and not os.path.exists(self.ca_path):
            raise SettingsError('%sCA_PATH %s does not exist' % (PREFIX, self.ca_path))
        self.validate_certs = _bool(env, 'VALIDATE_CERTS', True)
        self.timeout = _int(env, 'TIMEOUT', 30)
        self.record = _get(env, 'RECORD')
        mask_key = _get(env, 'MASK_KEY')
        self.mask_key = mask_key.encode() if mask_key else None
        self.corpus = _get(env, 'CORPUS')

    @property
    def secrets(self):
        return [s for s in (self.password, self.api_key, self.peer_api_key) if s]

    def provider(self):
        return {'ip_address': self.host, 'port': self.port, 'username': self.username, 'password': self.password,
                'api_key': self.api_key, 'validate_certs': self.validate_certs, 'ca_path': self.ca_path,
                'timeout': self.timeout, 'serial_number': None}

    def peer_provider(self):
        """The address (and API key) of the other peer; every option left out is inherited from provider
        (pair.peer_params). Without an address the peer is discovered."""
        peer = {}
        if self.peer:
            peer['ip_address'] = self.peer
        if self.peer_api_key:
            peer['api_key'] = self.peer_api_key
        return peer or None

    def describe(self):
        return ('host %s, peer %s, port %d, user %s, auth %s, TLS %s' % (
            self.host, self.peer or '(discovered)', self.port, self.username,
            'password' if self.password else 'api key',
            ('verified with %s' % self.ca_path if self.ca_path else 'verified (system CAs)')
            if self.validate_certs else 'NOT verified'))
