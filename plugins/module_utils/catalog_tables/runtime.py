# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The runtime information HA synchronizes between peers, per mode and HA link (data table)."""

from __future__ import annotations

from .records import runtime

_PAN_OS_MISMATCH = "If the PAN-OS versions on the HA peers don't match, the %s config information won't sync."

# "System Runtime Information Synchronized Between HA Peers", every row, in the seed's order.
RUNTIME_ITEMS = (
    runtime(
        key='user_group_mappings',
        title='User to Group Mappings',
        plane='management',
        active_passive=True,
        active_active=True,
        link='HA1',
    ),
    runtime(
        key='user_mappings_across_vsys',
        title='User Mappings across Virtual Systems',
        plane='management',
        active_passive=True,
        active_active=True,
        link='HA1',
    ),
    runtime(
        key='user_ip_mappings',
        title='User to IP Address Mappings',
        plane='management',
        active_passive=True,
        active_active=True,
        link='HA1',
        note=(
            'In A/A only the active-primary peer connects to User-ID servers or agents; if it is suspended or '
            'offline, the active-secondary peer connects.'
        ),
    ),
    runtime(
        key='dhcp_server_leases',
        title='DHCP Lease (as server)',
        plane='management',
        active_passive=True,
        active_active=True,
        link='HA1',
        note=_PAN_OS_MISMATCH % 'DHCP Lease (as server)',
    ),
    runtime(
        key='dns_cache',
        title='DNS Cache',
        plane='management',
        active_passive=False,
        active_active=False,
        link=None,
    ),
    runtime(
        key='fqdn_refresh',
        title='FQDN Refresh',
        plane='management',
        active_passive=False,
        active_active=False,
        link=None,
    ),
    runtime(
        key='ike_sa_phase1',
        title='IKE SAs [Security Associations] (phase 1)',
        plane='management',
        active_passive=False,
        active_active=False,
        link=None,
    ),
    runtime(
        key='fib',
        title='Forward Information Base (FIB)',
        plane='management',
        active_passive=True,
        active_active=False,
        link='HA1',
    ),
    runtime(
        key='mfib',
        title='Multicast FIB (MFIB)',
        plane='management',
        active_passive=True,
        active_active=False,
        link='HA1',
    ),
    runtime(
        key='pandb_url_cache',
        title='PAN-DB URL Cache',
        plane='management',
        active_passive=True,
        active_active=False,
        link='HA1',
        note=(
            'Synchronized upon database backup to disk (every eight hours, when the URL database version updates) '
            'or when the firewall reboots.'
        ),
    ),
    runtime(
        key='content_manual_sync',
        title='Content (manual sync)',
        plane='management',
        active_passive=True,
        active_active=True,
        link='HA1',
    ),
    runtime(
        key='pppoe',
        title='PPPoE, PPPoE Lease',
        plane='management',
        active_passive=True,
        active_active=True,
        link='HA1',
    ),
    runtime(
        key='dhcp_client',
        title='DHCP Client Settings and Lease',
        plane='management',
        active_passive=True,
        active_active=True,
        link='HA1',
        note=_PAN_OS_MISMATCH % 'DHCP Client Settings and Lease',
    ),
    runtime(
        key='ssl_vpn_users',
        title='SSL VPN Logged in User List',
        plane='management',
        active_passive=True,
        active_active=True,
        link='HA1',
    ),
    runtime(
        key='session_table',
        title='Session Table',
        plane='dataplane',
        active_passive=True,
        active_active=True,
        link='HA2',
        note=(
            'The seed\'s Details cell for this row is empty. `request high-availability runtime-state` forces '
            'its synchronization (seed 001).'
        ),
    ),
    runtime(
        key='arp_table',
        title='ARP Table',
        plane='dataplane',
        active_passive=True,
        active_active=False,
        link='HA2',
    ),
    runtime(
        key='multicast_session_table',
        title='Multicast Session Table',
        plane='dataplane',
        active_passive=True,
        active_active=False,
        link='HA2',
    ),
    runtime(
        key='nd_table',
        title='Neighbor Discovery (ND) Table',
        plane='dataplane',
        active_passive=True,
        active_active=False,
        link='HA2',
    ),
    runtime(
        key='mac_table',
        title='MAC Table',
        plane='dataplane',
        active_passive=True,
        active_active=False,
        link='HA2',
    ),
    runtime(
        key='ipsec_sa_phase2',
        title='IPSec SAs [Security Associations] (phase 2)',
        plane='dataplane',
        active_passive=True,
        active_active=True,
        link='HA2',
    ),
    runtime(
        key='ipsec_sequence_number',
        title='IPSec Sequence Number (anti-replay)',
        plane='dataplane',
        active_passive=True,
        active_active=True,
        link='HA2',
    ),
    runtime(
        key='dos_block_list',
        title='DoS Block List Entries',
        plane='dataplane',
        active_passive=False,
        active_active=False,
        link=None,
    ),
    runtime(
        key='virtual_mac',
        title='Virtual MAC',
        plane='dataplane',
        active_passive=True,
        active_active=True,
        link='HA2',
    ),
    runtime(
        key='sctp_associations',
        title='SCTP Associations',
        plane='dataplane',
        active_passive=True,
        active_active=False,
        link='HA2',
    ),
)
