# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Why a PAN-OS job or request failed: a table of message patterns, as data.

One table serves two readers: jobs.classify_job_failure() (the detail lines of a
FAIL job, e.g. an HA-Sync job on the receiving peer) and connection.Device (the
text of an error response, to tell "device busy" from other API errors).

Reason codes are a public, stable interface (modules return them and users write
``when:`` conditions on them): snake_case, never renamed. Add rows, don't reword
codes. Order matters: the first row whose pattern matches any line wins, so the
specific rows come before the generic ones.

A cause that hapair.panos.preflight can see before a sync uses the preflight code
(catalog.SYNC_BLOCKERS), so a failed HA-Sync job and the preflight report name it
the same way; test_failure_reasons.py checks every such code exists in the catalog.
Texts of real HA-Sync failures are rare (one is known, seed 001); the other
patterns are written for the wording of the PAN-OS CLI and of the emulator
(tests/emulator/panos_emulator/messages.py, ASSUMED texts).
"""

from __future__ import annotations

import re

from ansible_collections.hapair.panos.plugins.module_utils import catalog


def _catalog_remedy(code):
    """Codes shared with hapair.panos.preflight (catalog.SYNC_BLOCKERS) share its remediation sentence too."""
    return catalog.get_blocker(code)['remediation']


# Each row: code, regex patterns (searched case-insensitively in every line),
# remedy (one sentence saying what to do), busy (True when the cause is a
# temporary condition on the device that a later retry may not hit: another
# admin's commit or lock, a sync or install already running).
FAILURE_REASONS = (
    {
        'code': 'jumbo_frame_mismatch',
        # Real HA-Sync detail line (PAN KB, see reference op_show_jobs_id.ha-sync.fail.cli-text.txt):
        # "device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500"
        'patterns': (
            r'jumbo-frame mode but interface \S+ mtu is greater than \d+',
            r'jumbo[- ]frame',
        ),
        'remedy': ('Enable jumbo frames (Device > Setup > Session) on the peer or lower the interface MTU, '
                   'then re-sync.'),
        'busy': False,
    },
    {
        'code': 'master_key_mismatch',
        'patterns': (
            r'master[- ]?key',
            r'\bmkey\b',
            r'(unable|failed) to (decrypt|encrypt)',
            r'decrypt(ion)? (error|failed)',
        ),
        'remedy': ('Set the same master key on both HA peers (hapair.panos.master_key), '
                   'then re-sync.'),
        'busy': False,
    },
    {
        'code': 'url_db_incompatible',
        # Before version_incompatible: "URL databases are incompatible" must not read as a PAN-OS version problem.
        'patterns': (
            r'\burl\b.*\b(database|db)s?\b.*\b(incompatible|mismatch|differ)',
            r'\burl[- ]compat',
        ),
        'remedy': _catalog_remedy('url_db_incompatible'),
        'busy': False,
    },
    {
        'code': 'multi_vsys_mismatch',
        'patterns': (
            r'multi[- ]?vsys',
            r'multi(ple)? virtual system',
        ),
        'remedy': _catalog_remedy('multi_vsys_mismatch'),
        'busy': False,
    },
    {
        'code': 'gtp_mismatch',
        'patterns': (r'\bgtp\b.*\b(enabled|disabled|differ|mismatch|one (ha )?peer)',),
        'remedy': _catalog_remedy('gtp_mismatch'),
        'busy': False,
    },
    {
        'code': 'sctp_mismatch',
        'patterns': (r'\bsctp\b.*\b(enabled|disabled|differ|mismatch|one (ha )?peer)',),
        'remedy': _catalog_remedy('sctp_mismatch'),
        'busy': False,
    },
    {
        'code': 'vpn_mismatch',
        'patterns': (
            r'\bvpn is (enabled|disabled)',
            r'vpn-disable-mode',
        ),
        'remedy': _catalog_remedy('vpn_mismatch'),
        'busy': False,
    },
    {
        'code': 'plugin_mismatch',
        # Before version_incompatible: "plugin version mismatch" is about plugins.
        'patterns': (r'\bplugins?\b.*\b(differ|mismatch|missing|version)',),
        'remedy': _catalog_remedy('plugin_mismatch'),
        'busy': False,
    },
    {
        'code': 'license_mismatch',
        'patterns': (
            r'\blicen[cs]es?\b.*\b(differ|mismatch|not the same)',
            r'\blicen[cs]e[- ]compat',
        ),
        'remedy': _catalog_remedy('license_mismatch'),
        'busy': False,
    },
    {
        'code': 'features_mismatch',
        'patterns': (
            r'\bfeatures?\b.*\b(differ|mismatch|not the same)',
            r'same features',
        ),
        'remedy': _catalog_remedy('features_mismatch'),
        'busy': False,
    },
    {
        'code': 'dataplane_not_ready',
        'patterns': (
            r'\b(dataplane|data plane|slots?|chassis)\b.*\bnot ready',
        ),
        'remedy': _catalog_remedy('dataplane_not_ready'),
        'busy': False,
    },
    {
        'code': 'ha_disabled',
        'patterns': (r'\b(ha|high[- ]availability) is not enabled',),
        'remedy': _catalog_remedy('ha_disabled'),
        'busy': False,
    },
    {
        'code': 'config_sync_disabled',
        'patterns': (r'config(uration)? sync(hroni[sz]ation)? is disabled',),
        'remedy': _catalog_remedy('config_sync_disabled'),
        'busy': False,
    },
    {
        'code': 'ha1_down',
        'patterns': (
            r'\bpeer is (not reachable|unreachable|not connected)',
            r'\bha1\b.*\bdown\b',
        ),
        'remedy': _catalog_remedy('ha1_down'),
        'busy': False,
    },
    {
        'code': 'ha2_down',
        # Before state_sync_disabled: the emulator's "not available (HA2 down or state sync disabled)" names both.
        'patterns': (r'\bha2\b.*\bdown\b',),
        'remedy': _catalog_remedy('ha2_down'),
        'busy': False,
    },
    {
        'code': 'state_sync_disabled',
        'patterns': (r'(state|session) sync(hroni[sz]ation)? (is )?disabled',),
        'remedy': _catalog_remedy('state_sync_disabled'),
        'busy': False,
    },
    {
        'code': 'version_incompatible',
        'patterns': (
            r'incompatible',
            r'not compatible',
            r'version mismatch',
            r'(software|pan-os|content|app|threat|antivirus|url) version',
        ),
        'remedy': ('Run the same PAN-OS, content and plugin versions on both peers '
                   '(compare the *_compat fields of hapair.panos.ha_info), then re-sync.'),
        'busy': False,
    },
    {
        'code': 'commit_in_progress',
        'patterns': (
            r'commit(/validate)? is in progress',
            r'another commit',
        ),
        'remedy': 'Wait for the running commit to finish (hapair.panos.job_info shows it), then retry.',
        'busy': True,
    },
    {
        'code': 'sync_in_progress',
        'patterns': (
            r'another sync is in progress',
            r'synchroni[sz]ation is already in progress',
        ),
        'remedy': 'Wait for the running HA-Sync job on the peer to finish, then check the pair with hapair.panos.ha_info.',
        'busy': True,
    },
    {
        'code': 'install_in_progress',
        'patterns': (
            r'install is in progress',
        ),
        'remedy': 'Wait for the software or content install to finish, then retry.',
        'busy': True,
    },
    {
        'code': 'config_locked',
        # REAL (Panorama 11.1, netbox-panorama-configpump-plugin tests): "Config lock is already held by X",
        # "Commit lock is already held by X" (no code), and a commit refused with code 14 "Other administrators
        # are holding device wide commit locks.".
        'patterns': (
            r'(configuration|config|commit)\b.*\bis (currently )?locked by',
            r'\blocked by\b',
            r'\block is (already )?held by\b',
            r'holding (device[- ]wide )?(config|commit) locks?',
            r'uncommitted changes',
        ),
        'remedy': ('Another administrator holds a config or commit lock or has uncommitted changes; '
                   'ask them to commit or release it, then retry.'),
        'busy': True,
    },
    {
        'code': 'invalid_config',
        # Real Validate FIN/FAIL lines: "Validation Error:", " address -> address-3 ... are mutually exclusive".
        # Real commit failures (pan-python issue 25): "Error: vsys1 decryption: forward decrypt trust cert is not
        # configured", "Error: Failed to parse decryption policy", "(Module: device)", "Commit failed"; PAN-OS 5:
        # "Bad config", "Commit failed".
        'patterns': (
            r'validation error',
            r'\bis invalid\b',
            r'mutually exclusive',
            r'configuration error',
            r'^\s*error:\s',
            r'failed to parse',
            r'\bis not configured\b',
            r'^\s*bad config\b',
            r'\(module: [\w-]+\)',
        ),
        'remedy': 'Fix the configuration error named in the job details on the peer that reported it, then retry.',
        'busy': False,
    },
)

UNKNOWN_REASON = {
    'code': 'unknown',
    'remedy': 'Read the job details lines; if they do not explain the failure, check the system log of the peer.',
    'busy': False,
}

_COMPILED = tuple(
    (row, tuple(re.compile(p, re.IGNORECASE) for p in row['patterns']))
    for row in FAILURE_REASONS
)


def reason_codes():
    """Every code this table can return, UNKNOWN_REASON last."""
    return tuple(row['code'] for row in FAILURE_REASONS) + (UNKNOWN_REASON['code'],)


def remedy_for(code):
    """The remedy sentence of a reason code (UNKNOWN_REASON's for an unknown code)."""
    for row in FAILURE_REASONS:
        if row['code'] == code:
            return row['remedy']
    return UNKNOWN_REASON['remedy']


# Detail lines that say only *that* something failed, never why: skipped when a headline is chosen.
_GENERIC_LINES = re.compile(
    r'^\s*(commit failed|validation error:?|validation failed|configuration is invalid|\(module: [\w-]+\)|'
    r'[\w .-]+ is invalid|interface configuration error|failed to commit.*|commit failed.*)\s*\.?\s*$', re.I)


def _meaningful(line):
    # A single word ("vsys1", the context line PAN-OS prints before a vsys's errors) names no cause either.
    return not _GENERIC_LINES.match(line) and ' ' in line


def headline(lines):
    """The first meaningful detail line: the one that names the cause (e.g. "Error: vsys1 decryption: forward
    decrypt trust cert is not configured"), not "vsys1", "Validation Error:", "(Module: device)" or "Commit
    failed". The line that classified the failure comes first when there is one. Falls back on the first
    non-empty line; None when there is none."""
    lines = [line.strip() for line in (lines or ()) if line and line.strip()]
    evidence = classify_lines(lines)['evidence']
    if evidence and _meaningful(evidence):
        return evidence
    meaningful = [line for line in lines if _meaningful(line)]
    return (meaningful or lines or [None])[0]


def classify_lines(lines):
    """Classify message/detail lines.

    Returns a dict ``{reason, remedy, busy, evidence}``; ``evidence`` is the first
    line that matched (None for ``unknown``).
    """
    if isinstance(lines, str):
        lines = [lines]
    lines = [line for line in (lines or ()) if line]
    for row, regexes in _COMPILED:
        for line in lines:
            for regex in regexes:
                if regex.search(line):
                    return {'reason': row['code'], 'remedy': row['remedy'], 'busy': row['busy'], 'evidence': line.strip()}
    return {'reason': UNKNOWN_REASON['code'], 'remedy': UNKNOWN_REASON['remedy'], 'busy': False, 'evidence': None}
