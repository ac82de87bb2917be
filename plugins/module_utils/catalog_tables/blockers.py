# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Why synchronization does not happen (SYNC_BLOCKERS) and the findings about the preflight itself (data table).

Blocker codes are a public, stable interface: hapair.panos.preflight reports them, job_info's failure reasons use
the same codes. ``fires_when`` and ``in_practice`` are the columns of the preflight runbook's check table
(docs/runbook-preflight.md, rendered by tools/gen_preflight_doc.py).
"""

from __future__ import annotations

from .records import HA, blocker, finding

_HA_STATE = 'show high-availability state: '

# "Reasons That Synchronization Doesn't Happen" (seed 000): every bullet, text verbatim, then the extra
# documented causes the collection also checks (source says where each is documented). Codes are a
# public, stable interface (preflight returns them; job_info's failure_reasons use the same codes).
SYNC_BLOCKERS = (
    blocker(
        code='state_sync_disabled',
        applies_to='sessions',
        text='If you disable session (state) synchronization.',
        remediation='Enable state synchronization on both peers (hapair.panos.sync_settings state_sync=true).',
        evidence='config ' + HA + '/group/state-synchronization/enabled',
        fires_when='off on a peer',
        in_practice='`hapair.panos.sync_settings state_sync=true`',
    ),
    blocker(
        code='ha2_down',
        applies_to='sessions',
        text='If the HA2 link or connection is down.',
        remediation='Restore the HA2 link (or HA2 backup) between the peers: check cabling, ports and HA2 addresses.',
        evidence=_HA_STATE + 'peer-info/conn-ha2/conn-status',
        fires_when='no HA2 connection is up',
        in_practice='sessions do not sync; fix HA2',
    ),
    blocker(
        code='config_sync_disabled',
        applies_to='config',
        text='If you disabled configuration synchronization on either HA peer.',
        remediation='Enable configuration synchronization on both peers (hapair.panos.sync_settings config_sync=true).',
        evidence=_HA_STATE + 'group/running-sync-enabled',
        fires_when='config sync is off on a peer',
        in_practice=(
            '`hapair.panos.sync_settings config_sync=true` (it is off on purpose only during a master-key '
            'rotation)'
        ),
    ),
    blocker(
        code='version_incompatible',
        applies_to='config',
        text='If the PAN-OS versions are incompatible on HA peers.',
        remediation='Install the same PAN-OS version on both peers, then sync.',
        evidence=(
            'show system info: sw-version of both peers (major.minor must match); '
            + _HA_STATE + 'local-info/build-compat'
        ),
        fires_when='e.g. 10.2.x vs 11.0.x (10.2.9 vs 10.2.11 is fine)',
        in_practice='finish the upgrade of both peers first',
    ),
    blocker(
        code='config_not_synchronized',
        applies_to='config',
        text='If configurations on HA peers are not already synchronized.',
        remediation=(
            'Push the configuration from the active peer (hapair.panos.sync_to_remote target=running-config), '
            'then verify running-sync is synchronized.'
        ),
        evidence=_HA_STATE + 'group/running-sync',
        fires_when='neither `synchronized` nor `synchronization in progress` (also `unknown` with HA1 down)',
        in_practice=(
            'a commit will not sync by itself: run the `hapair.panos.sync` runbook (sync-to-remote '
            'running-config), then preflight again'
        ),
    ),
    blocker(
        code='multi_vsys_mismatch',
        applies_to='config',
        text='If Multi Virtual System Capability is enabled on one HA peer and not the other.',
        remediation='Enable (or disable) Multi Virtual System Capability on both peers alike.',
        evidence='show system info: system/multi-vsys of both peers',
        fires_when='on/off differ',
        in_practice='enable or disable multi-vsys on both (license + setting on each peer)',
    ),
    # show system info fields gtp / sctp: ASSUMED names (no real sample shows them; tests/emulator/ASSUMPTIONS.md).
    blocker(
        code='gtp_mismatch',
        applies_to='config',
        text='If GTP is enabled on one HA peer and not the other.',
        remediation='Enable (or disable) GTP on both peers alike.',
        evidence='show system info: system/gtp of both peers (field name assumed)',
        fires_when='on/off differ',
        in_practice=(
            'enable GTP security on both peers or neither. The field name is an assumption (no PAN-OS sample); a '
            'device that does not report it gives `passed: null`'
        ),
    ),
    blocker(
        code='sctp_mismatch',
        applies_to='config',
        text='If SCTP is enabled on one HA peer and not the other.',
        remediation='Enable (or disable) SCTP on both peers alike.',
        evidence='show system info: system/sctp of both peers (field name assumed)',
        fires_when='on/off differ',
        in_practice=(
            'enable SCTP security on both peers or neither. The field name is an assumption (no PAN-OS sample); a '
            'device that does not report it gives `passed: null`'
        ),
    ),
    blocker(
        code='vpn_mismatch',
        applies_to='config',
        text='If VPN is enabled on one HA peer and not the other.',
        remediation='Enable (or disable) VPN on both peers alike.',
        evidence='show system info: system/vpn-disable-mode of both peers',
        fires_when='differ',
        in_practice='same VPN mode on both',
    ),
    blocker(
        code='features_mismatch',
        applies_to='config',
        text="If the same features aren't enabled on both HA peers.",
        remediation='Enable the same features on both peers.',
        evidence='show system info: every other on/off flag of system/ (e.g. advanced-routing) of both peers',
        fires_when='a flag differs (a flag a peer does not report counts as off)',
        in_practice='enable the same features (and reboot where the feature needs it)',
    ),
    blocker(
        code='dataplane_not_ready',
        applies_to='config',
        text="If the dataplane and slots aren't ready on an HA peer.",
        remediation='Wait until the dataplane and all slots are up on both peers (show chassis-ready), then sync.',
        evidence='show chassis-ready on each peer (yes when ready)',
        fires_when='not `yes`',
        in_practice='wait for the dataplane/slots (after a reboot or upgrade), then re-run',
    ),
    blocker(
        code='url_db_incompatible',
        applies_to='config',
        text='If the URL databases are incompatible on the HA peers.',
        remediation='Use the same URL filtering database vendor and a compatible version on both peers.',
        evidence=_HA_STATE + 'local-info/url-compat; show system info: url-db',
        fires_when='differ',
        in_practice=(
            'same URL filtering vendor on both. A `url-compat: Mismatch` from content versions alone does not '
            'block sync and is not reported'
        ),
    ),
    blocker(
        code='license_mismatch',
        applies_to='config',
        text="If the licenses aren't the same on the HA peers.",
        remediation='Install the same licenses and subscriptions on both peers.',
        evidence='request license info of both peers; ' + _HA_STATE + 'local-info/vm-license-compat',
        fires_when='the sets differ (evidence: what only each peer has)',
        in_practice='install the same licenses/subscriptions',
    ),
    blocker(
        code='plugin_mismatch',
        applies_to='config',
        text='Additionally, a plugin mismatch might (not always) prevent configurations from synchronizing.',
        remediation='Install the same plugin versions on both peers.',
        severity='warning',
        evidence='show system info: system/plugin_versions (or show plugins packages) of both peers',
        fires_when=(
            'the installed plugins or versions differ, or HA reports a plugin Mismatch on either peer (PAN-OS 10: '
            "`local-info/<PLUGIN>` Match/Mismatch with the peer's version in `peer-info/<PLUGIN>`)"
        ),
        in_practice='"might (not always)" block sync: align the plugin versions',
    ),
    # --- extra documented causes
    blocker(
        code='jumbo_frame_mismatch',
        applies_to='config',
        text='The issue may be caused by an Jumbo Frame settings mismatch.',
        remediation=(
            'Set Enable Jumbo Frame (Device > Setup > Session) the same on both peers '
            '(hapair.panos.peer_settings jumbo_frames), then sync.'
        ),
        source='seed 001 (PAN KB "Active to Passive Configuration Sync Failing for High Availability")',
        evidence=(
            'show system setting jumbo-frame of both peers; HA-Sync job detail '
            '"device is not in jumbo-frame mode but interface ... mtu is greater than 1500"'
        ),
        fires_when='on/off differ',
        in_practice=(
            'the receiving peer\'s HA-Sync job fails ("device is not in jumbo-frame mode but interface ... mtu is '
            'greater than 1500") as soon as an interface with an MTU above 1500 syncs to the peer without jumbo '
            'frames: `hapair.panos.peer_settings jumbo_frames` on both'
        ),
    ),
    # Text: the seed 000 Master Key row, with the GUI path separators the extraction dropped restored.
    blocker(
        code='master_key_mismatch',
        applies_to='config',
        text=(
            'The master key must be identical on each firewall in the HA pair, but you must manually enter it on '
            'each firewall (Device > Master Key and Diagnostics).'
        ),
        remediation=(
            'Set the same master key on both peers with config sync disabled on both, then re-enable config sync '
            '(hapair.panos.master_key).'
        ),
        source='seed 000 (Master Key row of both tables)',
        evidence='show system masterkey-properties of both peers (the key itself cannot be read)',
        fires_when=(
            'one key changed and the other not, keys set at different times (`expire-at` more than 24 h apart), '
            'HSM on one peer only'
        ),
        in_practice=(
            'the key itself cannot be read, its expiry shows when it was set: rotate both with the [master-key '
            'rotation runbook](runbook-master-key-rotation.md)'
        ),
    ),
    blocker(
        code='ha1_down',
        applies_to='config',
        text=(
            'Configuration: Configuration changes to either active or passive unit are '
            'synchronized to peer device.'
        ),
        remediation='Restore the HA1 link (or HA1 backup) between the peers: check cabling, ports and HA1 addresses.',
        source='seed 001 ("Control Plane Synchronization Over HA1 link"): configuration syncs over HA1',
        evidence=_HA_STATE + 'peer-info/conn-ha1/conn-status',
        fires_when='no HA1 connection is up',
        in_practice=(
            'configuration syncs over HA1: fix cabling/ports/addresses of HA1 (or HA1 backup). Give '
            "`peer_provider`: with HA1 down the other peer's address cannot be discovered"
        ),
    ),
    blocker(
        code='commit_pending',
        applies_to='config',
        text=(
            'Any configuration in the commit queue at the time of an HA sync will '
            'not be synchronized.'
        ),
        remediation='Wait for queued and running commits to finish (hapair.panos.job_info), then sync.',
        severity='warning',
        source='seed 000 (introduction: only committed configurations synchronize)',
        evidence='show jobs all: Commit jobs not FIN',
        fires_when="someone's commit is queued or running",
        in_practice='only committed configuration syncs: wait for it (`hapair.panos.job_info`)',
    ),
    blocker(
        code='sync_in_progress',
        applies_to='config',
        text='An HA-Sync job is running: the peers are being synchronized.',
        remediation=(
            'Wait for the HA-Sync job on the receiving peer to finish (hapair.panos.job_info types=[HA-Sync]), '
            'then run the preflight again.'
        ),
        source=(
            'hapair.panos policy: while one sync runs PAN-OS refuses another ("Another sync is in progress", '
            'pan-os-python PanHASyncInProgress), and the outcome of the running one is not known yet'
        ),
        evidence=_HA_STATE + 'group/running-sync ("synchronization in progress")',
        fires_when=(
            '`synchronization in progress`: an HA-Sync job is running (e.g. the automatic sync after a commit made '
            'with config sync on)'
        ),
        in_practice=(
            'wait for the HA-Sync job to finish (`hapair.panos.job_info` types `[HA-Sync]`), then preflight again'
        ),
    ),
    blocker(
        code='config_locked',
        applies_to='config',
        text='Another administrator holds a config or commit lock on a peer.',
        remediation=(
            'Ask the administrator named in the evidence to finish and release the lock (or remove it with '
            'request config-lock remove / request commit-lock remove), then re-run.'
        ),
        source=(
            'hapair.panos policy: never commit while another administrator holds a config or commit lock '
            '(PAN-OS refuses other administrators\' changes and commits while it is held)'
        ),
        evidence='show config-locks and show commit-locks of each peer (locks of other admins)',
        fires_when='another admin holds a lock (our own locks are fine)',
        in_practice="ask them to release it; this collection never commits past someone else's lock",
    ),
    blocker(
        code='uncommitted_changes',
        applies_to='config',
        text='The candidate configuration of a peer has uncommitted changes.',
        remediation=(
            'Commit or revert the pending changes on that peer before the change window; only committed '
            'configuration synchronizes, and a full commit would push them.'
        ),
        severity='warning',
        source='seed 000 (introduction: only committed configurations synchronize)',
        evidence='check pending-changes on each peer',
        fires_when='the candidate has uncommitted changes',
        in_practice='have them committed or reverted; `skip: [uncommitted_changes]` when they are your own',
    ),
    blocker(
        code='ha_disabled',
        applies_to='config',
        text='High availability is not enabled on a peer.',
        remediation='Enable HA on both peers (Device > High Availability > General > Setup), then re-run.',
        source='no HA, no synchronization (show high-availability all: enabled)',
        evidence='show high-availability all: enabled of each peer',
        fires_when='HA is off on a peer',
        in_practice='enable HA on both peers; the other HA checks are not judged on that peer',
    ),
)

BLOCKERS_BY_CODE = {b['code']: b for b in SYNC_BLOCKERS}

# Findings that are about the preflight itself, not a reason sync would not happen (so not blockers).
PREFLIGHT_FINDINGS = {f['code']: f for f in (
    finding(
        code='peer_unreachable',
        severity='blocker',
        text='A peer could not be read over the XML API, so the pair could not be checked.',
        remediation=(
            'Make the management interface of that peer reachable from the controller (or give '
            'peer_provider), then re-run the preflight.'
        ),
        fires_when=(
            "a peer's XML API could not be read (refused, timeout, TLS, credentials), or the other peer is unknown "
            '(HA1 down and no `peer_provider`); the checks needing its data show `passed: null`'
        ),
        in_practice='make its management interface reachable from the controller, or give `peer_provider`; re-run',
    ),
    finding(
        code='not_evaluated',
        severity='warning',
        text='A check could not be evaluated on a peer (the device did not answer the command).',
        remediation=(
            'Read the error in the evidence; check that the peer runs a supported PAN-OS version and that '
            'the admin role may run the command.'
        ),
        fires_when='a peer answered one command with an error (e.g. an older release that lacks it); `check` names the check',
        in_practice='read the error in the evidence; the other checks are unaffected',
    ),
)}
