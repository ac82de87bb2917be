# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An HA pair: find the second peer, read both HA states, resolve who is active.

Discovery never fails on the *state* of the pair (HA disabled, peer unreachable,
split brain): it records it, so read-only modules (ha_info) can report it.
State-changing modules call require_active() / require_peer() / require_first(),
which refuse with a message naming the problem.

Each peer is reached through its own connection: when the ``provider`` peer does
not answer and ``peer_provider.ip_address`` is given, the pair is read from the
other peer alone (the provider's error is kept in ``first_error``), so a task
addressed to ``peer_provider`` still works while ``provider`` is down (the
recovery of a change window). Without peer_provider.ip_address, the error
reaching the provider peer propagates: the other peer's address is unknown.
"""

from __future__ import annotations

import re

from ansible_collections.hapair.panos.plugins.module_utils.connection import Device
from ansible_collections.hapair.panos.plugins.module_utils.device_facts import read_session_info, read_system_info
from ansible_collections.hapair.panos.plugins.module_utils.errors import HapairError, Refused
from ansible_collections.hapair.panos.plugins.module_utils.ha_status import (
    SHOW_HA_ALL,
    describe_states,
    parse_ha_state,
    role_of,
    summarize_pair,
)

_IP_RE = re.compile(r'^[0-9.]+$|^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*$')


def peer_params(provider, peer_provider=None, discovered_address=None):
    """The provider dict for the second peer.

    Every peer_provider option left unset (None) is inherited from provider;
    without peer_provider, the discovered management address is used with the
    provider's port, credentials and TLS settings. Returns None when no address is known.
    """
    params = dict(provider)
    params['ip_address'] = discovered_address
    for key, value in (peer_provider or {}).items():
        if value is not None:
            params[key] = value
    if not params.get('ip_address'):
        return None
    return params


class Pair:
    """Both peers of an HA pair, built from the provider / peer_provider options."""

    def __init__(self, provider, peer_provider=None, warn=None, device_factory=None, **device_kwargs):
        self._provider = provider
        self._peer_provider = peer_provider
        self._warn = warn
        self._factory = device_factory or Device
        self._device_kwargs = device_kwargs
        self.first = None
        self.second = None
        self.ha = {}
        self.peer_error = None
        self.first_error = None
        self.summary = None

    @classmethod
    def from_module(cls, module, **kwargs):
        return cls(module.params['provider'], module.params.get('peer_provider'), warn=module.warn, **kwargs)

    def warn(self, message):
        """A warning for the module's result (nothing when the Pair was built without one)."""
        if self._warn:
            self._warn(message)

    def _device(self, params, option_name='provider'):
        return self._factory(params, warn=self._warn, option_name=option_name, **self._device_kwargs)

    def discover(self):
        """Read ``show high-availability all`` on both peers and summarize. Returns self."""
        self.first = self._device(self._provider)
        try:
            first_ha = parse_ha_state(self.first.op(SHOW_HA_ALL))
        except HapairError as exc:
            if not (self._peer_provider or {}).get('ip_address'):
                raise
            return self._discover_without_first(exc)
        discovered = first_ha['peer']['mgmt_ip'] or first_ha['peer']['mgmt_ipv6']
        params = peer_params(self._provider, self._peer_provider, discovered)
        if params is None:
            if first_ha['enabled']:
                self.peer_error = self._peer_unknown(first_ha)
        else:
            self.second = self._device(params, option_name='peer_provider')
            given = self._peer_provider or {}
            self.second.reused_api_key = bool(
                params.get('api_key') and not params.get('password') and not given.get('api_key'))
            self._check_peer_address(discovered)
        return self._read_peer_state(first_ha)

    def _discover_without_first(self, error):
        """The provider peer did not answer: read the pair from the peer_provider peer alone."""
        self.first_error = error
        self.second = self._device(peer_params(self._provider, self._peer_provider), option_name='peer_provider')
        return self._read_from_second()

    def _read_from_second(self):
        second_ha = parse_ha_state(self.second.op(SHOW_HA_ALL))  # neither peer answers: nothing to report
        self.ha = {self.second.name: second_ha}
        self.summary = summarize_pair(second_ha, None, local_name=self.second.name, peer_name=self.first.name,
                                      peer_error=self.first_error.msg)
        return self

    def _peer_unknown(self, first_ha):
        """Why the other peer cannot be reached when its address is unknown, judged from the one peer read."""
        connections = first_ha['peer'].get('connections') or {}
        ha1 = [connections[k]['status'] for k in ('ha1', 'ha1_backup') if k in connections and connections[k]['status']]
        state = first_ha['local']['state']
        if ha1 and 'up' not in ha1:
            split = ' and itself active' if role_of(state) == 'active' else ''
            return Refused(
                'The other peer cannot be found: %s reports every HA1 link down%s, so the pair may be in split brain '
                '(both peers active) or the other peer may be down; one peer cannot tell which'
                % (self.first.name, split), device=self.first.name, reason='peer_unknown',
                remedy='Restore the HA1 links (and HA1 backup), or set peer_provider.ip_address to the other '
                       "peer's management address so both peers can be read; nothing was changed.")
        return Refused('The peer management address is unknown (the peer has not connected over HA1)',
                       device=self.first.name, reason='peer_unknown',
                       remedy='Set peer_provider.ip_address to the management address of the other peer.')

    def refresh(self):
        """Re-read both peers' HA state over the sessions discover() opened (no new keygen). Returns self."""
        if self.first_error is not None:
            return self._read_from_second()
        if self.second is not None:
            self.peer_error = None
        return self._read_peer_state(parse_ha_state(self.first.op(SHOW_HA_ALL)))

    def _read_peer_state(self, first_ha):
        self.ha = {self.first.name: first_ha}
        second_ha = None
        if self.second is not None:
            try:
                second_ha = parse_ha_state(self.second.op(SHOW_HA_ALL))
                self.ha[self.second.name] = second_ha
            except HapairError as exc:
                self.peer_error = exc
        self.summary = summarize_pair(
            first_ha, second_ha, local_name=self.first.name,
            peer_name=self.second.name if self.second is not None else 'peer',
            peer_error=self.peer_error.msg if self.peer_error is not None else None)
        return self

    def _check_peer_address(self, discovered):
        given = (self._peer_provider or {}).get('ip_address')
        if given and discovered and _IP_RE.match(given) and given != discovered and self._warn:
            self._warn(f'peer_provider.ip_address {given} differs from the peer management address {discovered} reported by {self.first.name}; '
                       'check that peer_provider points at the HA peer.')

    # -- views

    @property
    def devices(self):
        """The peers whose HA state could be read (first, then second)."""
        return [d for d in (self.first, self.second) if d is not None and d.name in self.ha]

    def _by_name(self, name):
        for device in self.devices:
            if device.name == name:
                return device
        return None

    @property
    def active(self):
        """The active (A/P) or active-primary (A/A) Device; None if undetermined or split brain."""
        return self._by_name(self.summary['active']) if self.summary else None

    @property
    def passive(self):
        """The passive (A/P) or active-secondary (A/A) Device; None if undetermined."""
        return self._by_name(self.summary['passive']) if self.summary else None

    @property
    def enabled(self):
        """HA is enabled on the peer read first (the provider peer, or the other when provider did not answer)."""
        reference = self.first if self.first_error is None else self.second
        return bool(reference is not None and self.ha.get(reference.name, {}).get('enabled'))

    def error_of(self, device):
        """Why device could not be read (a HapairError), or None when it answered."""
        if device is None or device.name in self.ha:
            return None
        return self.first_error if device is self.first else self.peer_error

    @property
    def mode(self):
        return self.summary['mode'] if self.summary else None

    def local_state(self, device):
        """The HA state a device reports for itself ('active', 'passive', 'active-primary', ...)."""
        return self.ha[device.name]['local']['state'] if device.name in self.ha else None

    def role(self, device):
        """'active' / 'passive' (A/A: active-primary / active-secondary map to these) or None."""
        return role_of(self.local_state(device))

    def other(self, device):
        """The other peer of device (None when it is not known)."""
        for candidate in (self.first, self.second):
            if candidate is not None and candidate is not device:
                return candidate
        return None

    def report(self):
        """Per-peer HA state and the pair summary, ready to return from a module."""
        peers = {}
        for device in (self.first, self.second):
            if device is None:
                continue
            error = self.error_of(device)
            peers[device.name] = {
                'reachable': device.name in self.ha,
                'role': self.role(device),
                'error': error.to_fail_kwargs() if error is not None else None,
                'ha': self.ha.get(device.name),
            }
        return {'pair': self.summary, 'peers': peers}

    # -- preconditions for state-changing modules

    def require_enabled(self):
        for name, ha in sorted(self.ha.items()):
            if not ha['enabled']:
                raise Refused('HA is not enabled', device=name, reason='ha_disabled',
                              remedy='Enable high availability on both peers before using hapair.panos pair modules.')

    def require_first(self):
        """The provider Device, reachable; else raise the reason it is not."""
        self.require_enabled()
        if self.first_error is not None:
            raise self.first_error
        return self.first

    def require_peer(self):
        """The second Device, reachable; else raise the reason it is not."""
        self.require_enabled()
        if self.peer_error is not None:
            raise self.peer_error
        return self.second

    def require_active(self):
        """The active Device; refuse on HA disabled, split brain or no active peer."""
        self.require_enabled()
        states = describe_states(self.summary['states'])
        actives = [name for name, state in self.summary['states'].items() if role_of(state) == 'active']
        if len(actives) > 1:
            raise Refused(f'Both peers are active (split brain): {states}', reason='split_brain',
                          remedy='Restore the HA1 links (and HA1 backup) so the peers can elect one active peer, '
                                 'then re-run; no change was made.')
        active = self.active
        unread = self.first_error or self.peer_error
        if active is None and self.summary['active'] and unread is not None:
            # The peer we read says the other one is active, but we cannot reach it.
            raise unread
        if active is None:
            raise Refused(f'No active peer could be determined: {states}', reason='no_active_peer',
                          remedy='Wait for the election to finish or make one peer functional, then re-run.')
        return active


SYSTEM_FIELDS = ('hostname', 'serial', 'model', 'sw_version')


def describe_peers(pair, sessions=False):
    """pair.report() with each reachable peer's system identity (show system info) and a label per peer; with
    sessions, each reachable peer's session counters too (show session info; None when they could not be read)."""
    report = pair.report()
    labels = {}
    for device in (pair.first, pair.second):
        if device is None:
            continue
        system = None
        if device.name in pair.ha:
            try:
                info = read_system_info(device)
                system = {key: info.get(key) for key in SYSTEM_FIELDS}
            except HapairError:
                pass  # the identity only labels the peer; its HA state was read
        report['peers'][device.name]['system'] = system
        if sessions:
            report['peers'][device.name]['sessions'] = _sessions(pair, device)
        hostname = (system or {}).get('hostname')
        labels[device.name] = '%s (%s)' % (hostname, device.name) if hostname else device.name
    report['labels'] = labels
    return report


def _sessions(pair, device):
    if device.name not in pair.ha:
        return None
    try:
        return read_session_info(device)
    except HapairError as exc:
        pair.warn('The session counters of %s could not be read: %s' % (device.name, exc.msg))
        return None
