# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which peer(s) a task acts on, named the way operators think: by role, not by address."""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils.errors import InvalidInput, Refused

ROLE_CHOICES = ('both', 'active', 'passive', 'provider', 'peer_provider')

# The peer-selection option of each variant of the doc fragment hapair.panos.peers: (name, default). The names and
# defaults are the ones the modules have always had (users' playbooks name them); a unit test keeps this table and
# the fragment in agreement.
VARIANTS = {
    'peers': ('peers', 'both'),                # config_lock, job_info, master_key_info, sync_settings
    'peer': ('peer', 'provider'),              # master_key, peer_settings
    'peer_by_state': ('peer', None),           # ha_state: the default depends on the state asked for
}


def selection_argument_spec(variant='peers'):
    """The argument spec of the peer-selection option of ``variant`` (a key of VARIANTS), to merge into a module's."""
    name, default = VARIANTS[variant]
    spec = dict(type='str')
    if default is not None:
        spec['default'] = default
    return {name: spec}


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
