# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""show system masterkey-properties answers for the master_key and master_key_info tests."""

from __future__ import annotations


def totals(seconds):
    """The three counters of a duration as PAN-OS reports them: each the whole duration in its unit (REAL:
    287 / 17265 / 1035946 for 11.99 days, demisto/content get_master_key.xml)."""
    return (seconds // 3600, seconds // 60, seconds)


def props_xml(expire='0', remind='0', expiry=0, lead=0, on_hsm='no', auto_renew='0', counters=True):
    """A show system masterkey-properties answer in the element order of the real sample (get_master_key.xml):
    expiry = seconds to expiry, lead = reminder lead time (expire-at minus remind-at) in seconds."""
    fields = [('expire-at', expire), ('remind-at', remind)]
    if counters:
        fields += list(zip(('hours-to-expiry', 'minutes-to-expiry', 'seconds-to-expiry'), map(str, totals(expiry)),
                           strict=True))
        fields += list(zip(('hours-to-reminder', 'minutes-to-reminder', 'seconds-to-reminder'), map(str, totals(lead)),
                           strict=True))
    fields += [('on-hsm', on_hsm), ('auto-renew-mkey', auto_renew)]
    body = ''.join('<%s>%s</%s>' % (tag, value, tag) for tag, value in fields)
    return ('<response status="success"><result>%s</result></response>' % body).encode()


# expire-at minus remind-at: 28 days (February 2027)
CHANGED = dict(expire='2027/03/01 10:00:00', remind='2027/02/01 10:00:00', expiry=8760 * 3600, lead=28 * 86400)


def changed_xml(**overrides):
    """props_xml of a changed key (CHANGED), some fields overridden."""
    args = dict(CHANGED)
    args.update(overrides)
    return props_xml(**args)
