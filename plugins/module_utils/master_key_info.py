# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The master key of each peer as the device reports it, and the master_key_info module's report on the pair.

The key itself can never be read over the API. What can be read is ``show system masterkey-properties``:
when the key expires, when the device reminds, whether it is on an HSM and the auto-renew period. Two peers
"agree" when those properties agree; the only proof that they hold the same key is a successful HA sync.
The reader (read_properties) and the rule of agreement (times_agree, compare) serve master_key (before and after a
change), preflight and peer_settings_info's drift report too.

Facts (real recorded responses, tests/real_samples/corpus):
  * ``show system masterkey-properties`` (demisto/content test_data/get_master_key.xml): ``expire-at`` and
    ``remind-at`` are device times (``2024/11/17 07:19:06``; ``0`` = unspecified, the key was never changed);
    ``hours-|minutes-|seconds-to-expiry`` are each the WHOLE remaining time in that unit (287 / 17265 /
    1035946 for 11.99 days), not hour/minute/second parts; ``*-to-reminder`` are the reminder lead time,
    expire-at minus remind-at (24 / 1440 / 86400), not a countdown. The countdown to the reminder is
    computed: seconds to expiry minus the lead time.
"""

from __future__ import annotations

from datetime import datetime

from ansible_collections.hapair.panos.plugins.module_utils.errors import HapairError, InvalidInput, MasterKeyCheckFailed
from ansible_collections.hapair.panos.plugins.module_utils.selection import select_devices
from ansible_collections.hapair.panos.plugins.module_utils.task import Plan, Task
from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import find_text, op_element, to_int, yes_no

SHOW_PROPERTIES = op_element(['show', 'system', 'masterkey-properties'])

# The publicly documented factory default key: the key of a peer whose key was never changed (master_key never
# accepts it as a new key).
FACTORY_DEFAULT_KEY = 'p1a2l3o4a5l6t7o8'

DEFAULT_TOLERANCE_HOURS = 24

# ---------------------------------------------------------------- properties

# result key -> (seconds tag, minutes tag, hours tag): each counter is the whole time in its unit (REAL sample);
# the most precise one present is used.
COUNTER_TAGS = {
    'seconds_to_expiry': ('seconds-to-expiry', 'minutes-to-expiry', 'hours-to-expiry'),
    'reminder_lead_seconds': ('seconds-to-reminder', 'minutes-to-reminder', 'hours-to-reminder'),
}
_UNIT_SECONDS = (1, 60, 3600)
TIME_FORMATS = ('%Y/%m/%d %H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d')


def _time_field(text):
    """'0' or empty -> None (unspecified); anything else as the device wrote it."""
    if text is None or text.strip() in ('', '0'):
        return None
    return text.strip()


def _counter(result, tags):
    """A duration in seconds from the first counter present (each counter is a total in its own unit)."""
    for tag, unit in zip(tags, _UNIT_SECONDS, strict=True):
        value = to_int(find_text(result, tag))
        if value is not None:
            return value * unit
    return None


def parse_properties(response):
    """The <response> (or <result>) of ``show system masterkey-properties`` as a dict.

    Keys: expire_at / remind_at (device text, None when unspecified); seconds_to_expiry (the device's total,
    None when there is no expiry or no counter); reminder_lead_seconds (expire-at minus remind-at, as the
    device reports it); seconds_to_reminder (countdown to remind-at: seconds_to_expiry minus the lead, 0 once
    passed); days_to_expiry, expired, reminder_passed, on_hsm (bool), auto_renew (hours), default_key (guess:
    True when no expiry is set), raw (every field as text).
    """
    result = response.find('result') if response is not None and response.tag == 'response' else response
    if result is None:
        raise HapairError('The answer to show system masterkey-properties has no <result>', reason='unexpected_answer',
                          remedy='Check that the device runs a supported PAN-OS version.')
    raw = {child.tag: (child.text or '').strip() for child in result if len(child) == 0}
    props = {
        'expire_at': _time_field(find_text(result, 'expire-at')),
        'remind_at': _time_field(find_text(result, 'remind-at')),
    }
    for key, tags in COUNTER_TAGS.items():
        props[key] = _counter(result, tags)
    if props['expire_at'] is None:
        props['seconds_to_expiry'] = None
    if props['remind_at'] is None:
        props['reminder_lead_seconds'] = None
    seconds, lead = props['seconds_to_expiry'], props['reminder_lead_seconds']
    props['seconds_to_reminder'] = None if seconds is None or lead is None else max(0, seconds - lead)
    props['days_to_expiry'] = None if seconds is None else round(seconds / 86400.0, 2)
    props['expired'] = props['expire_at'] is not None and seconds == 0
    props['reminder_passed'] = props['seconds_to_reminder'] == 0 and not props['expired']
    props['on_hsm'] = bool(yes_no(find_text(result, 'on-hsm')))
    props['auto_renew'] = to_int(find_text(result, 'auto-renew-mkey')) or 0
    props['default_key'] = props['expire_at'] is None
    props['raw'] = raw
    return props


def read_properties(device):
    return parse_properties(device.op(SHOW_PROPERTIES))


def parse_time(text):
    """A device time text as a naive datetime, None when no known format matches."""
    for fmt in TIME_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except (TypeError, ValueError):
            continue
    return None


def time_distance(a_text, b_text):
    """Seconds between two device times (expire-at / remind-at texts); None when either does not parse."""
    when_a, when_b = parse_time(a_text), parse_time(b_text)
    if when_a is None or when_b is None:
        return None
    return abs((when_a - when_b).total_seconds())


def times_agree(a_text, b_text, tolerance_hours=DEFAULT_TOLERANCE_HOURS):
    """The one rule for "the peers' master-key times agree" (preflight, master_key_info and the drift report).

    The keys of two peers are entered one after the other, so their expiry times are never equal: times within
    tolerance_hours agree. Unparsable texts agree only when equal; unset agrees only with unset.
    """
    if a_text is None or b_text is None:
        return a_text is None and b_text is None
    distance = time_distance(a_text, b_text)
    if distance is None:
        return a_text == b_text
    return distance <= tolerance_hours * 3600


# ---------------------------------------------------------------- the pair: agreement and expiry

def compare(peers, tolerance_hours=DEFAULT_TOLERANCE_HOURS):
    """Do two peers' properties agree? ``peers`` is {name: parsed properties} with exactly two entries.

    Returns (agree, differences); each difference is {field, values: {name: value}, message}.
    """
    (name_a, a), (name_b, b) = sorted(peers.items())
    differences = []

    def differ(field, message):
        differences.append({'field': field, 'values': {name_a: a[field], name_b: b[field]}, 'message': message})

    for field, what in (('expire_at', 'expiry'), ('remind_at', 'reminder')):
        if a[field] is None and b[field] is None:
            continue
        if a[field] is None or b[field] is None:
            has, lacks = (name_a, name_b) if b[field] is None else (name_b, name_a)
            extra = ' (its key was never changed: factory default?)' if field == 'expire_at' else ''
            differ(field, f'{has} has a master-key {what} time, {lacks} has none{extra}')
            continue
        if times_agree(a[field], b[field], tolerance_hours):
            continue
        distance = time_distance(a[field], b[field])
        if distance is None:
            differ(field, f'master-key {what} times differ: {name_a} {a[field]}, {name_b} {b[field]}')
        else:
            differ(field, f'master-key {what} times are {human_duration(distance)} apart '
                          f'(more than {tolerance_hours} hours): '
                          f'{name_a} {a[field]}, {name_b} {b[field]}')
    if a['on_hsm'] != b['on_hsm']:
        differ('on_hsm', f"the master key is on an HSM on {name_a if a['on_hsm'] else name_b} only")
    if a['auto_renew'] != b['auto_renew']:
        differ('auto_renew', f"master-key auto-renew differs: {name_a} {a['auto_renew']} hours, "
                             f"{name_b} {b['auto_renew']} hours")
    return not differences, differences


def thresholds(peers, warn_days=None, fail_days=None):
    """(warnings, failures): sentences about keys that expire within warn_days / fail_days days."""
    warnings, failures = [], []
    for name, props in sorted(peers.items()):
        seconds = props['seconds_to_expiry']
        if props['expire_at'] is None:
            continue
        if seconds is None:
            if warn_days is not None or fail_days is not None:
                warnings.append(f"the expiry of {name}'s master key ({props['expire_at']}) could not be checked "
                                'against warn_days/fail_days: the device reports no expiry counters')
            continue
        if props['expired']:
            sentence = f"the master key of {name} has expired ({props['expire_at']})"
        else:
            sentence = f"the master key of {name} expires in {human_duration(seconds)} ({props['expire_at']})"
        if fail_days is not None and seconds <= fail_days * 86400:
            failures.append(f'{sentence}, within fail_days={fail_days}')
        elif warn_days is not None and seconds <= warn_days * 86400:
            warnings.append(f'{sentence}, within warn_days={warn_days}')
        elif props['remind_at'] is not None and props['reminder_passed']:
            warnings.append(f"the master-key reminder time of {name} has passed ({props['remind_at']}); "
                            f'{sentence}')
    return warnings, failures


def human_duration(seconds):
    """'3 days 4 hours', '5 hours' or '12 minutes' (findings and warnings about key expiry)."""
    seconds = int(seconds)
    days, rest = divmod(seconds, 86400)
    hours = rest // 3600
    if days:
        return f'{days} days {hours} hours' if hours else f'{days} days'
    if hours:
        return f'{hours} hours'
    return f'{seconds // 60} minutes'


def current_key_possible(properties, current_key):
    """Whether current_key can be the key of a peer with these properties. PAN-OS cannot test a key without changing
    it; a peer whose key was never changed (no expiry set) holds the factory default, so any other key is wrong."""
    if current_key is None:
        return None
    return not (properties['default_key'] and current_key != FACTORY_DEFAULT_KEY)


# ---------------------------------------------------------------- the master_key_info module

def info(devices, warn_days=None, fail_days=None, fail_on_disagreement=False,
         tolerance_hours=DEFAULT_TOLERANCE_HOURS, warn=None, current_key=None, fail_on_impossible_key=False):
    """The master_key_info report for the selected devices. Raises MasterKeyCheckFailed on a threshold.

    Returns {'changed': False, 'peers': {...}, 'pair': {agree, differences, tolerance_hours}, 'findings': [...]}.
    Warnings go to warn() (module.warn: they land in the result's standard ``warnings`` list).
    """
    peers = {device.name: read_properties(device) for device in devices}
    for properties in peers.values():
        properties['current_key_possible'] = current_key_possible(properties, current_key)
    impossible = [name for name, properties in peers.items() if properties['current_key_possible'] is False]
    if len(peers) == 2:
        agree, differences = compare(peers, tolerance_hours)
    else:
        agree, differences = None, []
    warnings, failures = thresholds(peers, warn_days, fail_days)
    reasons = ['master_key_expiring'] if failures else []
    if differences:
        disagreement = 'the peers disagree on master-key properties: ' + '; '.join(d['message'] for d in differences)
        if fail_on_disagreement:
            failures.append(disagreement)
            reasons.append('master_key_disagreement')
        else:
            warnings.append(disagreement + ' (HA sync fails when the peers hold different master keys)')
    report = {
        'changed': False,
        'peers': peers,
        'pair': {'agree': agree, 'differences': differences, 'tolerance_hours': tolerance_hours},
        'findings': warnings + failures,
    }
    for message in warnings:
        if warn:
            warn(message)
    if impossible and fail_on_impossible_key:
        raise MasterKeyCheckFailed(
            'current_master_key cannot be the master key of %s: its key was never changed (no expiry set), so it '
            'holds the factory default key' % ', '.join(impossible), report, reason='wrong_current_key',
            remedy='Give the factory default key as current_master_key. Nothing was changed.')
    if failures:
        remedies = []
        if 'master_key_expiring' in reasons:
            remedies.append('Rotate the master key on both peers (role hapair.panos.master_key_rotation) '
                            'before it expires: an expired master key puts the firewall in maintenance mode.')
        if 'master_key_disagreement' in reasons:
            remedies.append('Set the same master key on both peers (hapair.panos.master_key, with config sync '
                            'disabled on both), then prove it with a successful HA sync.')
        raise MasterKeyCheckFailed('Master-key check failed: ' + '; '.join(failures), report,
                                   reason=reasons[0], remedy=' '.join(remedies))
    return report


class MasterKeyInfo(Task):
    """The master_key_info module: read-only (its plan never has changes); thresholds raise MasterKeyCheckFailed."""

    def __init__(self, params, warn=None):
        super().__init__(params, warn)
        for option in ('warn_days', 'fail_days', 'tolerance_hours'):
            if params[option] is not None and params[option] < 0:
                raise InvalidInput(f'{option} must be 0 or more, got {params[option]}', option=option)

    def plan(self, pair):
        p = self.params
        devices = select_devices(pair, p['peers'], option='peers')
        return Plan(facts={'report': info(devices, warn_days=p['warn_days'], fail_days=p['fail_days'],
                                          fail_on_disagreement=p['fail_on_disagreement'],
                                          tolerance_hours=p['tolerance_hours'], warn=self.warn,
                                          current_key=p['current_master_key'],
                                          fail_on_impossible_key=p['fail_on_impossible_key'])})

    def result(self, plan, applied, verified, check_mode):
        return plan.facts['report']
