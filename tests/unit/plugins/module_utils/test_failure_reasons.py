# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import re

import pytest

from ansible_collections.hapair.panos.plugins.module_utils import failure_reasons
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.fakes import fixture_bytes


def cli_detail_lines(name):
    """The 'Details:' lines of a CLI-text job capture (comment lines start with '#')."""
    text = fixture_bytes(name).decode('utf-8')
    body = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith('#')]
    start = next(i for i, line in enumerate(body) if line.startswith('Details:'))
    return [body[start][len('Details:'):].strip()] + body[start + 1:]


def test_codes_are_stable_snake_case_and_unique():
    codes = failure_reasons.reason_codes()
    assert len(codes) == len(set(codes))
    assert codes[-1] == 'unknown'
    for code in codes:
        assert re.match(r'^[a-z][a-z0-9_]*$', code)
    for required in ('jumbo_frame_mismatch', 'master_key_mismatch', 'version_incompatible', 'config_locked',
                     'commit_in_progress', 'unknown'):
        assert required in codes


def test_every_row_has_a_remedy_sentence():
    for row in failure_reasons.FAILURE_REASONS:
        assert row['remedy'].endswith('.') and row['patterns'] and isinstance(row['busy'], bool)


def test_recorded_ha_sync_jumbo_frame_failure():
    lines = cli_detail_lines('op_show_jobs_id.ha-sync.fail.cli-text.txt')
    assert lines == ['device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500',
                     'interface configuration error', 'Commit failed']
    result = failure_reasons.classify_lines(lines)
    assert result['reason'] == 'jumbo_frame_mismatch'
    assert result['evidence'] == lines[0]
    assert 'Enable jumbo frames (Device > Setup > Session) on the peer or lower the interface MTU' in result['remedy']
    assert result['busy'] is False


@pytest.mark.parametrize('line, reason, busy', [
    ('Failed to decrypt configuration: the master key does not match', 'master_key_mismatch', False),
    ('Unable to decrypt private key', 'master_key_mismatch', False),
    ('Peer PAN-OS software version is incompatible', 'version_incompatible', False),
    ('Another commit/validate is in progress. Please try again later', 'commit_in_progress', True),
    ('A commit is in progress.', 'commit_in_progress', True),
    ('Another sync is in progress. Please try again later', 'sync_in_progress', True),
    ('HA synchronization is already in progress. running configuration will not be synchronized with HA peer',
     'sync_in_progress', True),
    ('You cannot commit while an install is in progress. Please try again later.', 'install_in_progress', True),
    ('Configuration is locked by admin2', 'config_locked', True),
    ('Commit is locked by admin2', 'config_locked', True),
    ('Config for scope shared is currently locked by bob', 'config_locked', True),
    ('Validation Error:', 'invalid_config', False),
    ('Commit failed', 'unknown', False),
])
def test_classify_lines(line, reason, busy):
    result = failure_reasons.classify_lines([line])
    assert (result['reason'], result['busy']) == (reason, busy)


def test_first_row_wins_over_later_lines():
    # The jumbo line also comes with "interface configuration error" (invalid_config): jumbo is more specific.
    assert failure_reasons.classify_lines(['interface configuration error',
                                           'device is not in jumbo-frame mode but interface ae1 mtu is greater than 1500'])[
        'reason'] == 'jumbo_frame_mismatch'


def test_empty_and_string_input():
    assert failure_reasons.classify_lines([])['reason'] == 'unknown'
    assert failure_reasons.classify_lines(None)['evidence'] is None
    assert failure_reasons.classify_lines('A commit is in progress.')['reason'] == 'commit_in_progress'


def test_remedy_for():
    assert failure_reasons.remedy_for('jumbo_frame_mismatch').startswith('Enable jumbo frames')
    assert failure_reasons.remedy_for('nope') == failure_reasons.UNKNOWN_REASON['remedy']


# ------------------------------------------------------------------ the codes shared with hapair.panos.preflight

# Codes that only describe a failed job or request (no preflight check can see them beforehand).
JOB_ONLY_CODES = {'commit_in_progress', 'sync_in_progress', 'install_in_progress', 'invalid_config', 'unknown'}


def test_every_reason_is_a_preflight_code_or_job_only():
    from ansible_collections.hapair.panos.plugins.module_utils import catalog

    for code in failure_reasons.reason_codes():
        assert code in catalog.BLOCKERS_BY_CODE or code in JOB_ONLY_CODES, code
    for code in ('jumbo_frame_mismatch', 'master_key_mismatch', 'version_incompatible', 'config_locked', 'ha1_down',
                 'multi_vsys_mismatch', 'license_mismatch', 'plugin_mismatch', 'url_db_incompatible'):
        assert code in failure_reasons.reason_codes()


def test_new_shared_rows_use_the_catalog_remedy():
    from ansible_collections.hapair.panos.plugins.module_utils import catalog

    for code in ('multi_vsys_mismatch', 'gtp_mismatch', 'sctp_mismatch', 'vpn_mismatch', 'features_mismatch',
                 'dataplane_not_ready', 'url_db_incompatible', 'license_mismatch', 'plugin_mismatch', 'ha_disabled',
                 'config_sync_disabled', 'ha1_down', 'ha2_down', 'state_sync_disabled'):
        assert failure_reasons.remedy_for(code) == catalog.get_blocker(code)['remediation']


# Every failure text the emulator produces (tests/emulator/panos_emulator/messages.py and pair.blockers(), copied
# here because the emulator is not part of the built collection) and the code it must get. HA-Sync and commit
# job details end with "Commit failed", which alone is 'unknown'.
EMULATOR_FAILURES = [
    (['device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500',
      'interface configuration error', 'Commit failed'], 'jumbo_frame_mismatch'),
    (['Failed to decrypt configuration: the master key does not match', 'Commit failed'], 'master_key_mismatch'),
    (['HA peer is not reachable', 'Commit failed'], 'ha1_down'),
    (['Configuration is locked by bob'], 'config_locked'),
    (['Commit is locked by bob'], 'config_locked'),
    (['Commit lock is already held by bob'], 'config_locked'),
    (['Config for scope shared is currently locked by bob'], 'config_locked'),
    (['Cannot acquire lock: administrator bob has uncommitted changes'], 'config_locked'),
    (['Another commit/validate is in progress. Please try again later'], 'commit_in_progress'),
    (['Another sync is in progress. Please try again later'], 'sync_in_progress'),
    # request high-availability sync-to-remote refused by a blocker: "Failed to synchronize ..." + the reason
    (['Failed to synchronize running configuration with HA peer', 'PAN-OS versions are incompatible'],
     'version_incompatible'),
    (['Failed to synchronize running configuration with HA peer', 'Multi-vsys capability differs'],
     'multi_vsys_mismatch'),
    (['Failed to synchronize running configuration with HA peer', 'GTP is enabled on one peer only'], 'gtp_mismatch'),
    (['Failed to synchronize running configuration with HA peer', 'SCTP is enabled on one peer only'], 'sctp_mismatch'),
    (['Failed to synchronize running configuration with HA peer', 'VPN is enabled on one peer only'], 'vpn_mismatch'),
    (['Failed to synchronize running configuration with HA peer', 'Enabled features differ'], 'features_mismatch'),
    (['Failed to synchronize running configuration with HA peer', 'Dataplane or slots not ready'],
     'dataplane_not_ready'),
    (['Failed to synchronize running configuration with HA peer', 'URL databases are incompatible'],
     'url_db_incompatible'),
    (['Failed to synchronize running configuration with HA peer', 'Licenses differ'], 'license_mismatch'),
    (['Failed to synchronize running configuration with HA peer', 'Plugins differ'], 'plugin_mismatch'),
    (['Failed to synchronize running configuration with HA peer', 'Configuration synchronization is disabled'],
     'config_sync_disabled'),
    (['HA is not enabled'], 'ha_disabled'),
    (['Session state synchronization is not available (HA2 down or state sync disabled)'], 'ha2_down'),
    (['Commit failed'], 'unknown'),
]


@pytest.mark.parametrize('lines, reason', EMULATOR_FAILURES, ids=[reason + '-' + str(i) for i, (lines, reason) in enumerate(EMULATOR_FAILURES)])
def test_every_emulator_failure_is_classified(lines, reason):
    assert failure_reasons.classify_lines(lines)['reason'] == reason


@pytest.mark.parametrize('line, reason', [
    ('Peer URL database vendor is incompatible', 'url_db_incompatible'),
    ('url-compat mismatch', 'url_db_incompatible'),
    ('Multiple virtual systems capability mismatch with peer', 'multi_vsys_mismatch'),
    ('plugin version mismatch: vm_series', 'plugin_mismatch'),
    ('Peer PAN-OS software version is incompatible', 'version_incompatible'),
    ('vm-license-compat Mismatch', 'license_mismatch'),
    ('HA1 link is down', 'ha1_down'),
    ('State synchronization is disabled', 'state_sync_disabled'),
    ('chassis not ready', 'dataplane_not_ready'),
    ('GlobalProtect clientless VPN version mismatch', 'version_incompatible'),  # not read as vpn_mismatch
])
def test_wordings_of_the_same_causes(line, reason):
    assert failure_reasons.classify_lines([line])['reason'] == reason


# Real commit failure lines (kevinsteves/pan-python issue 25), leading spaces as the device sent them.
PAN_PYTHON_25 = ['vsys1', '    Error: vsys1 decryption: forward decrypt trust cert is not configured',
                 '    Error: Failed to parse decryption policy', '(Module: device)', 'Commit failed']


def test_real_commit_failure_is_a_configuration_error_with_the_failing_line_as_headline():
    classified = failure_reasons.classify_lines(PAN_PYTHON_25)
    assert classified['reason'] == 'invalid_config'
    assert failure_reasons.headline(PAN_PYTHON_25) == \
        'Error: vsys1 decryption: forward decrypt trust cert is not configured'


def test_headline_skips_generic_lines():
    validate = ['Validation Error:', ' address -> address-3 Node ip-netmask(line 30226) and ip-range(line 30227) '
                'are mutually exclusive', ' address is invalid', ' devices is invalid']
    assert failure_reasons.headline(validate).startswith('address -> address-3 Node ip-netmask')
    assert failure_reasons.headline(['Commit failed']) == 'Commit failed'
    assert failure_reasons.headline([]) is None
