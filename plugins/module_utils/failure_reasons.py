# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Why a PAN-OS job or request failed: a table of message patterns, as data.

One table serves two readers: jobs.classify_job_failure() (the detail lines of a
FAIL job, e.g. an HA-Sync job on the receiving peer) and connection.Device (the
text of an error response, to tell "device busy" from other API errors).

Reason codes are a public, stable interface (modules return them and users write
``when:`` conditions on them): snake_case, never renamed. Add rows, don't reword
codes. Order matters: the first row whose pattern matches any line wins, so the
specific rows come before the generic ones.
"""

from __future__ import annotations

import re


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
        'patterns': (
            r'(configuration|config|commit)\b.*\bis (currently )?locked by',
            r'\blocked by\b',
            r'uncommitted changes',
        ),
        'remedy': ('Another administrator holds a config or commit lock or has uncommitted changes; '
                   'ask them to commit or release it, then retry.'),
        'busy': True,
    },
    {
        'code': 'invalid_config',
        # Real Validate FIN/FAIL lines: "Validation Error:", " address -> address-3 ... are mutually exclusive".
        'patterns': (
            r'validation error',
            r'\bis invalid\b',
            r'mutually exclusive',
            r'configuration error',
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
