# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""``--record DIR``: every distinct request the run sent to each peer, with the first answer it got, sanitized
(sanitize.py) and written in the real-sample corpus format (tests/real_samples/corpus):

  DIR/<command-slug>.<peer-role>.conformance.xml     the answer, masked, otherwise byte-for-byte as received
  DIR/MANIFEST.yml                                   one entry per file: file, command, request, device,
                                                     source, transform (what was masked), grade: real, facts: ''

Nothing unsanitized is ever written.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET

import yaml

from .sanitize import Sanitizer, summarize

SUFFIX = '.conformance.xml'
HEADER = """\
# Recorded by the hapair.panos conformance suite (tests/conformance/run_conformance.py --record) against a lab
# HA pair, sanitized (docs/conformance.md: what is masked). Review every file, write the facts you read from
# it, then add the files and these entries to tests/real_samples/corpus (see docs/conformance.md).
"""


class RecordError(RuntimeError):
    pass


def check_target(directory):
    """Refuse a directory whose MANIFEST.yml this suite did not write (e.g. tests/real_samples/corpus itself):
    recording there would replace a manifest someone curated."""
    manifest = os.path.join(directory, 'MANIFEST.yml')
    if os.path.isfile(manifest):
        with open(manifest, encoding='utf-8') as handle:
            first = handle.readline()
        if first != HEADER.splitlines(True)[0]:
            raise RecordError('%s holds a MANIFEST.yml the conformance suite did not write; record into an empty '
                              'directory and copy the files you reviewed (docs/conformance.md)' % directory)
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise RecordError('%s is not a directory' % directory)


_DEVICE_ROOT = re.compile(r"^/config/devices/entry(\[@name=['\"][^'\"]*['\"]\])?/?")
_PREDICATE = re.compile(r"\[[^\]]*\]")


def _cli_words(cmd):
    """<show><jobs><id>5</id></jobs></show> -> ['show', 'jobs', 'id'] (values dropped, as the corpus names them)."""
    try:
        node = ET.fromstring(cmd)
    except ET.ParseError:
        return ['unparsed']
    words = []
    while node is not None:
        words.append(node.tag)
        children = list(node)
        node = children[0] if len(children) == 1 else None
    return words


def command_of(exchange, readers=None):
    """The CLI form of what was sent (a reader's own command when the request is a reader's)."""
    if exchange.type == 'op' and exchange.cmd:
        for reader in (readers or {}).values():
            if reader.request == exchange.cmd:
                return reader.command
        return ' '.join(_cli_words(exchange.cmd))
    if exchange.type == 'config':
        return 'type=config %s' % exchange.action
    return exchange.type or 'unknown'


def slug_of(exchange):
    if exchange.type == 'op' and exchange.cmd:
        return 'op_' + '_'.join(_cli_words(exchange.cmd))
    if exchange.type == 'config':
        steps = [s for s in _PREDICATE.sub('', _DEVICE_ROOT.sub('', exchange.xpath or '')).split('/') if s and s != 'entry']
        return '_'.join(['config', exchange.action or 'read'] + steps[-3:])
    return re.sub(r'[^\w.-]+', '-', exchange.type or 'request')


def _system(exchange_list):
    for exchange in exchange_list:
        if exchange.type == 'op' and _cli_words(exchange.cmd or '<x/>') == ['show', 'system', 'info']:
            try:
                system = ET.fromstring(exchange.body).find('result/system')
            except ET.ParseError:
                continue
            if system is not None:
                return {tag: (system.findtext(tag) or '').strip() for tag in ('model', 'sw-version')}
    return {}


def _keygen_keys(exchanges):
    for exchange in exchanges:
        if exchange.type == 'keygen':
            try:
                key = ET.fromstring(exchange.body).findtext('result/key')
            except ET.ParseError:
                continue
            if key:
                yield key.strip()


def _is_address(text):
    return bool(re.match(r'^[\d.]+$|^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*$', text or ''))


def plan(exchanges, roles):
    """[(file name, exchange)]: the first answer (a 200 one if there is one) to each distinct request per peer."""
    chosen = {}
    order = []
    for exchange in exchanges:
        host = (exchange.host or '').lower()
        key = (host, exchange.identity)
        if key not in chosen:
            chosen[key] = exchange
            order.append(key)
        elif chosen[key].http_status != 200 and exchange.http_status == 200:
            chosen[key] = exchange
    names = set()
    out = []
    others = {}
    for key in order:
        exchange = chosen[key]
        role = roles.get(key[0]) or others.setdefault(key[0], 'other%d' % (len(others) + 1))
        base = slug_of(exchange)
        name, n = '%s.%s%s' % (base, role, SUFFIX), 1
        while name in names:
            n += 1
            name = '%s-%d.%s%s' % (base, n, role, SUFFIX)
        names.add(name)
        out.append((name, exchange))
    return out


def write(run, directory, readers=None, sanitizer=None):
    """Sanitize and write the run's answers into directory. Returns the manifest entries written."""
    check_target(directory)
    settings = run.settings
    exchanges = list(run.transport.exchanges)
    if sanitizer is None:
        sanitizer = Sanitizer(key=settings.mask_key)
    for secret in list(settings.secrets) + sorted(run.transport.secret_values) + list(_keygen_keys(exchanges)):
        sanitizer.add_secret(secret)
    for name in (settings.host, settings.peer):
        if name and not _is_address(name):
            sanitizer.add_hostname(name)
    for exchange in exchanges:
        sanitizer.learn(exchange.body)

    roles = run.roles()
    by_host = {}
    for exchange in exchanges:
        by_host.setdefault((exchange.host or '').lower(), []).append(exchange)
    mode = (run.pair.mode if run.pair is not None else None) or 'unknown-mode'
    date = run.started.strftime('%Y-%m-%d %H:%M UTC')

    os.makedirs(directory, exist_ok=True)
    entries = []
    for name, exchange in plan(exchanges, roles):
        host = (exchange.host or '').lower()
        body, maskings = sanitizer.sanitize(exchange.body)
        system = _system(by_host.get(host, []))
        device = '%s %s' % (system.get('model') or 'unknown model', system.get('sw-version') or 'unknown release')
        device += ' (%s peer of an %s HA pair)' % (roles.get(host, 'unknown'), mode)
        request, _ = sanitizer.text(exchange.request)
        entry = {
            'file': name,
            'command': command_of(exchange, readers),
            'request': request,
            'device': device,
            'source': 'conformance run %s against %s (tests/conformance/run_conformance.py)' % (
                date, sanitizer.host(exchange.host or settings.host)),
            'transform': summarize(maskings),
            'grade': 'real',
            'facts': '',
        }
        if exchange.http_status != 200:
            entry['http_status'] = exchange.http_status
        with open(os.path.join(directory, name), 'wb') as handle:
            handle.write(body)
        entries.append(entry)
    with open(os.path.join(directory, 'MANIFEST.yml'), 'w', encoding='utf-8') as handle:
        handle.write(HEADER)
        yaml.safe_dump(entries, handle, sort_keys=False, default_flow_style=False, allow_unicode=True, width=1000)
    return entries


def stale(directory, entries):
    """Recorded files of an earlier run in directory that this run did not write."""
    written = {e['file'] for e in entries}
    return sorted(f for f in os.listdir(directory) if f.endswith(SUFFIX) and f not in written)
