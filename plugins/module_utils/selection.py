# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which peer(s) a task acts on, named the way operators think: by role, not by address."""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput, Refused

ROLE_CHOICES = ('both', 'active', 'passive', 'provider', 'peer_provider')


def select_devices(pair, which, single=False, option='peer'):
    """Devices for ``which``: both | active | passive | provider | peer_provider | a peer's management address.

    single: the option names one peer (``both`` is refused, and not offered in the error)."""
    choices = [c for c in ROLE_CHOICES if not (single and c == 'both')]
    if single and which == 'both':
        raise InvalidInput('%s names one peer, not both: give one of %s, or a peer\'s management address (run the task '
                           'once per peer, for example in a loop)' % (option, ', '.join(choices)), option=option)
    if which == 'both':
        return [pair.require_first(), pair.require_peer()]
    if which == 'active':
        return [pair.require_active()]
    if which == 'passive':
        pair.require_active()
        passive = pair.passive
        if passive is None:
            raise Refused('No passive (or active-secondary) peer: %s' % pair.summary['states'], reason='no_passive_peer',
                          remedy='Make both peers functional first, or name the peer by its management address.')
        return [passive]
    if which == 'provider':
        return [pair.require_first()]
    if which == 'peer_provider':
        return [pair.require_peer()]
    for device in (pair.first, pair.second):
        if device is not None and which in (device.host, device.name):
            return [pair.require_peer() if device is pair.second else pair.require_first()]
    raise InvalidInput('%s %r is neither a role (%s) nor the address of a peer of this pair'
                       % (option, which, ', '.join(choices)), option=option)
