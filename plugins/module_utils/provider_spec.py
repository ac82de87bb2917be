# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``provider`` and ``peer_provider`` options: their argument spec and environment fallbacks (documented in
doc_fragments/provider.py). connection.Device takes the dict they produce."""

from __future__ import annotations

import os

from ansible.module_utils.errors import AnsibleFallbackNotFound

# Environment variables read when a provider option is not given, first set wins. The PANOS_* names are what the
# collection's AWX credential type injects (extensions/awx/credential_type.yml); ANSIBLE_NET_USERNAME/PASSWORD are
# what AWX's built-in Network credential injects.
PROVIDER_ENV = {
    'username': ('PANOS_USERNAME', 'ANSIBLE_NET_USERNAME'),
    'password': ('PANOS_PASSWORD', 'ANSIBLE_NET_PASSWORD'),
    'api_key': ('PANOS_API_KEY',),
    'validate_certs': ('PANOS_VALIDATE_CERTS',),
    'ca_path': ('PANOS_CA_PATH',),
}


# ---------------------------------------------------------------- argument spec

def set_env_fallback(*names):
    """The first of the environment variables that is set and not empty.

    Unlike Ansible's env_fallback, an empty variable counts as unset: an AWX credential injects every field of its
    type, the ones left blank as empty strings (an empty PANOS_USERNAME must mean admin, not a user named '').
    """
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    raise AnsibleFallbackNotFound


def _env(option):
    return (set_env_fallback, list(PROVIDER_ENV[option]))


def provider_options():
    """Suboptions of ``provider``; shape-compatible with paloaltonetworks.panos."""
    return {
        'ip_address': {'type': 'str', 'required': True},
        'port': {'type': 'int', 'default': 443},
        'username': {'type': 'str', 'default': 'admin', 'fallback': _env('username')},
        'password': {'type': 'str', 'no_log': True, 'fallback': _env('password')},
        'api_key': {'type': 'str', 'no_log': True, 'fallback': _env('api_key')},
        'validate_certs': {'type': 'bool', 'default': True, 'fallback': _env('validate_certs')},
        'ca_path': {'type': 'path', 'fallback': _env('ca_path')},
        'timeout': {'type': 'int', 'default': 30},
        # Accepted so paloaltonetworks.panos inventories validate; a firewall pair
        # is never reached through Panorama here, so it is ignored.
        'serial_number': {'type': 'str', 'no_log': False},
    }


def peer_provider_options():
    """Suboptions of ``peer_provider``: same names, no defaults or env fallbacks.

    Every option left unset is inherited from ``provider`` (see pair.peer_params),
    so ``peer_provider: {ip_address: 192.0.2.2}`` reuses port, credentials and TLS settings.
    """
    options = provider_options()
    for spec in options.values():
        spec.pop('default', None)
        spec.pop('fallback', None)
    return options


def provider_argument_spec():
    """Argument spec for modules that talk to one peer."""
    return {
        'provider': {
            'type': 'dict',
            'required': True,
            'options': provider_options(),
            'required_one_of': [['password', 'api_key']],
        },
    }


def pair_argument_spec():
    """Argument spec for pair-level modules: provider plus optional peer_provider."""
    spec = provider_argument_spec()
    spec['peer_provider'] = {
        'type': 'dict',
        'required': False,
        'options': peer_provider_options(),
    }
    return spec
