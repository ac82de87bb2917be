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
