# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The vocabulary of the catalog and its record types, as keyword-only constructors.

Each constructor returns a plain dict (callers and the doc generator read ``item['key']``) and refuses a value
outside the vocabulary, so a typo in a data table fails at import instead of in a drift report. The vocabulary
is explained in the package docstring (catalog/__init__.py).
"""

from __future__ import annotations

DEVICE_ROOT = "/config/devices/entry[@name='localhost.localdomain']"

MODES = ('active-passive', 'active-active')
SYNCS = 'yes'
NOT_SYNCED = 'no'
KINDS = ('config', 'op_state', 'not_config')
CONFIDENCES = ('code', 'sample', 'weak', 'missing')
RELATIONSHIPS = ('must_match', 'must_differ', 'may_differ', 'mixed')
SEVERITIES = ('blocker', 'warning')
APPLIES_TO = ('config', 'sessions')

# XPaths of the HA configuration (xpaths.md section 1, PAN-OS >= 8.1 single-group layout), relative to DEVICE_ROOT.
HA = 'deviceconfig/high-availability'
AA = HA + '/group/mode/active-active'


def _one_of(record, field, value, allowed):
    if value not in allowed:
        raise ValueError('%s: %s %r is not one of %s' % (record, field, value, ', '.join(map(str, allowed))))
    return value


def part(*, name, title, xpaths, relationship, peer_settings_option=None):
    """A part of an item whose settings do not all follow one drift rule."""
    return {'name': name, 'title': title, 'xpaths': tuple(xpaths),
            'relationship': _one_of(name, 'relationship', relationship, RELATIONSHIPS[:-1]),
            'peer_settings_option': peer_settings_option}


def union(parts):
    """The XPaths of all the parts, in order: the XPaths of their item."""
    return tuple(x for p in parts for x in p['xpaths'])


def item(*, key, title, modes, where, note, kind, xpaths=(), confidence=None, xpath_source=None,
         peer_settings_option=None, relationship='may_differ', op_read=None, parts=(), caveat=None):
    """A configuration item of the vendor's "What doesn't sync" tables (``modes``: per mode SYNCS, NOT_SYNCED or
    the name of a condition)."""
    if set(modes) != set(MODES):
        raise ValueError('%s: modes must give %s' % (key, ' and '.join(MODES)))
    _one_of(key, 'kind', kind, KINDS)
    if confidence is not None:
        _one_of(key, 'confidence', confidence, CONFIDENCES)
    _one_of(key, 'relationship', relationship, RELATIONSHIPS)
    return {
        'key': key,
        'title': title,
        'modes': dict(modes),
        'where': where,
        'note': note,
        'kind': kind,
        'xpaths': tuple(xpaths),
        'confidence': confidence,
        'xpath_source': xpath_source,
        'peer_settings_option': peer_settings_option,
        'relationship': relationship,
        'op_read': op_read,
        'parts': tuple(parts),
        'caveat': caveat,
    }


def modes(*, active_passive, active_active):
    """The ``modes`` of an item, by keyword."""
    return {'active-passive': active_passive, 'active-active': active_active}


def runtime(*, key, title, plane, active_passive, active_active, link, note=''):
    """A row of "System Runtime Information Synchronized Between HA Peers"."""
    _one_of(key, 'plane', plane, ('management', 'dataplane'))
    return {'key': key, 'title': title, 'plane': plane,
            'synced': {'active-passive': active_passive, 'active-active': active_active}, 'link': link, 'note': note}


def target(*, name, description, source, op_path, link=None):
    """A manual synchronization command: ``op_path`` is its op command's element names, outermost first."""
    return {'name': name, 'description': description, 'source': source, 'op_path': tuple(op_path),
            'cli': ' '.join(op_path), 'link': link}


def blocker(*, code, applies_to, text, remediation, evidence, severity='blocker', source='seed 000',
            fires_when=None, in_practice=None):
    """A reason synchronization does not happen. ``fires_when`` and ``in_practice`` are the preflight runbook's
    columns (docs/runbook-preflight.md is rendered from them)."""
    return {'code': code, 'applies_to': _one_of(code, 'applies_to', applies_to, APPLIES_TO), 'text': text,
            'severity': _one_of(code, 'severity', severity, SEVERITIES), 'remediation': remediation,
            'source': source, 'evidence': evidence, 'fires_when': fires_when, 'in_practice': in_practice}


def finding(*, code, severity, text, remediation, fires_when, in_practice):
    """A finding about the preflight itself, not a reason sync fails (so not a blocker)."""
    return {'code': code, 'severity': _one_of(code, 'severity', severity, SEVERITIES), 'text': text,
            'remediation': remediation, 'fires_when': fires_when, 'in_practice': in_practice}
