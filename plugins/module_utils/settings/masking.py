# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets: which values are secret, how they are shown, and when a wanted secret equals the device's."""

from __future__ import annotations

# The mask and the secret-leaf pattern are module_utils/redaction.py's (one of each for the collection).

# Encrypted config values start with it (reference: API keys and encrypted leaves of PAN-OS).
ENCRYPTED_PREFIX = '-AQ=='
UPDATE_SECRETS = ('changed', 'always')


def same_secret(wanted, have, ctx, where):
    """Whether a wanted secret needs no write; a secret the device shows only encrypted is noted in ctx."""
    if ctx.update_secrets == 'always' or have is None:
        return False
    if have.startswith(ENCRYPTED_PREFIX):
        # The device shows only its encrypted form: it cannot be compared, so it is left alone.
        ctx.uncompared_secrets.append(where)
        return True
    return have == wanted
