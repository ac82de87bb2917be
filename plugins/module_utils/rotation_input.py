# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The master-key rotation's rules on its input, checked before anything is sent (role hapair.panos.master_key_rotation,
the gate's first task): what is wrong, one sentence per broken rule, each naming the variable and the rule.

Why in Python: the same six rules as an assert loop cost every pair six templated items (issue 13: the largest
controller-side task of the gate). The sentences never hold a key, only the variables' names and the rules.
"""

from __future__ import annotations

LIFETIME_HOURS = (1, 17520)  # PAN-OS: up to 730 days

RULES = (
    ('new key length', 'master_key_rotation_new_key must be exactly 16 characters.'),
    ('current key length', 'master_key_rotation_current_key must be exactly 16 characters: the key both peers hold now '
                           '(the factory default key if it was never changed).'),
    ('keys differ', 'master_key_rotation_new_key must differ from master_key_rotation_current_key.'),
    ('lifetime', 'master_key_rotation_lifetime must be 1-17520 hours (up to 730 days).'),
    ('reminder', 'master_key_rotation_reminder must be at least 1 hour and shorter than master_key_rotation_lifetime.'),
    ('password', 'A password is needed (API keys stop working when the master key changes, so new ones are generated): '
                 'set master_key_rotation_provider.password, or PANOS_PASSWORD in the environment.'),
)


def _key_length(value):
    # As the role's Jinja did it: default('', true) | string | length (an unset, null or empty key has length 0).
    return len(str(value)) if value else 0


def _hours(value):
    # As Jinja's int filter: a number, a numeric string ("24", "24.0"), or 0 for anything else.
    try:
        return int(value)
    except (TypeError, ValueError):
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return 0


def broken_rules(new_key, current_key, lifetime, reminder, password_given):
    """The names of the rules the input breaks, in RULES order (empty when the input can be used)."""
    lifetime_hours, reminder_hours = _hours(lifetime), _hours(reminder)
    ok = {
        'new key length': _key_length(new_key) == 16,
        'current key length': _key_length(current_key) == 16,
        # Only when both are given: a missing key is said once, by its own rule.
        'keys differ': not (new_key and current_key) or new_key != current_key,
        'lifetime': LIFETIME_HOURS[0] <= lifetime_hours <= LIFETIME_HOURS[1],
        'reminder': 1 <= reminder_hours < lifetime_hours,
        'password': bool(password_given),
    }
    return [rule[0] for rule in RULES if not ok[rule[0]]]


def problems(new_key, current_key, lifetime, reminder, password_given):
    """One sentence per broken rule (what to fix), in RULES order; [] when the input can be used."""
    messages = dict(RULES)
    return [messages[name] for name in broken_rules(new_key, current_key, lifetime, reminder, password_given)]
