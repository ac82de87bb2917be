# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The manual synchronization commands: the only list of hapair.panos.sync_to_remote's targets.

The module's ``target`` choices are TARGET_NAMES (its DOCUMENTATION lists them too, and a unit test keeps the two
equal) and the command it sends is the target's ``op_path``.
"""

from __future__ import annotations

from .records import target

_S2R = ('request', 'high-availability', 'sync-to-remote')

# `request high-availability sync-to-remote <target>` (descriptions: the CLI help in seed 000, or seed 001)
# plus the separate `request high-availability runtime-state` (seed 001). op_path: the op command's XML
# element names, outermost first (<request><high-availability><sync-to-remote><running-config/>...).
SYNC_TARGETS = (
    target(
        name='running-config',
        description='Sync running configuration to peer',
        source='seed 000 (CLI help)',
        op_path=_S2R + ('running-config',),
        link='HA1',
    ),
    target(
        name='candidate-config',
        description='Sync candidate configuration to peer',
        source='seed 000 (CLI help)',
        op_path=_S2R + ('candidate-config',),
        link='HA1',
    ),
    target(
        name='clock',
        description='Sync the local time and date to the peer',
        source='seed 000 (CLI help)',
        op_path=_S2R + ('clock',),
    ),
    target(
        name='ssh-key',
        description='Sync ha ssh key to peer',
        source='seed 000 (CLI help)',
        op_path=_S2R + ('ssh-key',),
    ),
    # The CLI help text of id-manager is just "id-manager" (the User-ID manager); the seed says no more.
    target(name='id-manager', description='id-manager', source='seed 000 (CLI help)', op_path=_S2R + ('id-manager',)),
    target(
        name='disk-state',
        description=(
            'Force the system to synchronize objects that are not saved as part of the system '
            'configuration, for example custom block and logon pages. This process operates over the HA control '
            'link.'
        ),
        source='seed 001',
        op_path=_S2R + ('disk-state',),
        link='HA1',
    ),
    target(
        name='runtime-state',
        description=(
            'Manually sync the runtime session state. This is normally automatically done, but if '
            'needed this command can be executed to force the synchronization of the session table'
        ),
        source='seed 001 (separate command, not a sync-to-remote target)',
        op_path=('request', 'high-availability', 'runtime-state'),
    ),
)

TARGETS_BY_NAME = {t['name']: t for t in SYNC_TARGETS}
TARGET_NAMES = tuple(t['name'] for t in SYNC_TARGETS)
