# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options, documented once.

Modules use ``extends_documentation_fragment: [hapair.panos.provider]`` and, for
pair-level modules, also ``hapair.panos.provider.pair``. The argument specs are
built by plugins/module_utils/provider_spec.py (provider_argument_spec,
pair_argument_spec); a unit test keeps the two in agreement.
"""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r'''
options:
  provider:
    description:
      - How to reach one peer of the HA pair over the PAN-OS XML API (HTTPS).
      - Same shape as the O(provider) option of the C(paloaltonetworks.panos) collection, so existing
        inventories work; O(provider.validate_certs), O(provider.ca_path) and O(provider.timeout) are additions.
      - Set it once for every module of this collection with
        C(module_defaults) and the C(group/hapair.panos.all) action group.
    type: dict
    required: true
    suboptions:
      ip_address:
        description:
          - Management IP address or host name of the peer.
        type: str
        required: true
      port:
        description:
          - HTTPS port of the management interface.
        type: int
        default: 443
      username:
        description:
          - Administrator used to generate an API key and as the admin whose changes a partial commit includes.
          - If not set, the value of the E(PANOS_USERNAME) environment variable is used, then E(ANSIBLE_NET_USERNAME)
            (what AWX's Network credential sets), then V(admin).
        type: str
        default: admin
      password:
        description:
          - Password of O(provider.username).
          - If not set, the value of the E(PANOS_PASSWORD) environment variable is used, then E(ANSIBLE_NET_PASSWORD)
            (what AWX's Network credential sets).
          - One of O(provider.password) and O(provider.api_key) is required. With a password, an API key is
            generated once per peer per task, and again after a master key change.
        type: str
      api_key:
        description:
          - API key to use instead of generating one from O(provider.username) and O(provider.password).
          - If not set, the value of the E(PANOS_API_KEY) environment variable is used.
          - A master key change invalidates API keys; give O(provider.password) as well when rotating the master key.
        type: str
      validate_certs:
        description:
          - Verify the TLS certificate of the management interface.
          - Setting this to V(false) is insecure; prefer O(provider.ca_path) for self-signed or private-CA certificates.
          - If not set, the value of the E(PANOS_VALIDATE_CERTS) environment variable is used (a boolean such as
            V(true) or V(false)), then V(true).
        type: bool
        default: true
      ca_path:
        description:
          - PEM file of the CA certificates to trust for the management interface, instead of the system CA store
            (several CAs may be concatenated in the file). A directory is refused.
          - If not set, the value of the E(PANOS_CA_PATH) environment variable is used (the collection's AWX credential
            type sets it to the file holding the CA certificates it was given).
        type: path
      timeout:
        description:
          - Seconds one API request may take, its retries included. A request that fails transiently (connection
            refused, HTTP 502/503, a read that timed out) is retried up to three times with backoff, within this
            time; requests that change state are not repeated when it is unknown whether they ran. A peer that
            does not answer costs one O(provider.timeout) per request, not one per attempt.
        type: int
        default: 30
      serial_number:
        description:
          - Accepted for compatibility with C(paloaltonetworks.panos) inventories and ignored;
            this collection always talks to the firewalls directly, never through Panorama.
        type: str
notes:
  - Secrets given in O(provider) are never returned or logged by this collection.
'''

    PAIR = r'''
options:
  peer_provider:
    description:
      - How to reach the other peer of the HA pair.
      - If omitted, the other peer is discovered from C(show high-availability all) on the peer of O(provider)
        (its peer management address) and reached with the port, credentials and TLS settings of O(provider).
      - Any suboption left unset is taken from O(provider).
      - Which peer is active is always determined at run time; O(provider) may point at either peer.
    type: dict
    suboptions:
      ip_address:
        description:
          - Management IP address or host name of the other peer.
        type: str
        required: true
      port:
        description:
          - HTTPS port of the management interface. Defaults to O(provider.port).
        type: int
      username:
        description:
          - Administrator on the other peer. Defaults to O(provider.username).
        type: str
      password:
        description:
          - Password on the other peer. Defaults to O(provider.password).
        type: str
      api_key:
        description:
          - API key for the other peer. Defaults to O(provider.api_key).
        type: str
      validate_certs:
        description:
          - Verify the TLS certificate of the other peer. Defaults to O(provider.validate_certs).
        type: bool
      ca_path:
        description:
          - CA certificates to trust for the other peer. Defaults to O(provider.ca_path).
        type: path
      timeout:
        description:
          - Seconds to wait for each API request to the other peer. Defaults to O(provider.timeout).
        type: int
      serial_number:
        description:
          - Accepted for compatibility and ignored.
        type: str
'''
