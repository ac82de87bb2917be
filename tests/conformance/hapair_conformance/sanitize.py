# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Masking of recorded answers before they leave the lab.

The answer's text is rewritten in place, token by token (tags, attribute values, text, CDATA), so structure,
tag names, order, whitespace, quoting (``status = 'success'``) and every value that is not masked stay
byte-for-byte as received. Masked:

  secret    the text of elements (and attributes) whose name is a secret (key, password, secret, community,
            phash, hash, passphrase, psk, ... see SECRET_WORDS), anything that looks like a PAN-OS encrypted
            value (-AQ==...), crypt hashes ($1$ / $5$ / $6$ ...), and the run's own password and API key
            wherever they appear                                      -> MASKED-SECRET-<8 hex>
  serial    text of serial, serial-number, serial-num and *-serial elements, and any 12-16 digit number
                                                                        -> same length, 0000<digits>
  ipv4      any IPv4 address (a /prefix is kept), except 0.0.0.0, 255.255.255.255 and netmasks
                                                                        -> 192.0.2.1-254 (RFC 5737)
  ipv6      any IPv6 address (prefix kept), except :: and ::1       -> 2001:db8::<hex> (RFC 3849)
  mac       any MAC address, except all-zero / broadcast              -> 00:00:5e:00:53:<hex> (RFC 7042)
  hostname  text of hostname / devicename / *-hostname elements, and every other occurrence of the hostnames
            learned from them (and of the names given with ``hostnames=``)   -> host-<6 hex>

Deterministic: the replacement is a keyed hash (HMAC-SHA256) of the original, so the same original gets the
same mask in every answer of both peers (a peer's mgmt-ip in the other's HA state matches its own
show system info). Within one Sanitizer two originals never share a mask (the next free one is taken); with
the same key and the same answers in the same order the output is identical. The key is random per run unless
given (HAPAIR_CONFORMANCE_MASK_KEY), so masks cannot be reversed by hashing guesses.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import re

SECRET_WORDS = frozenset(('password', 'passwd', 'secret', 'community', 'phash', 'hash', 'passphrase', 'psk',
                          'token', 'privkey'))
# A tag is secret when one of its '-'/'_' separated words is in SECRET_WORDS, or its last word is 'key'
# (key, api-key, pre-shared-key, private-key; not auto-renew-mkey or key-lifetime).
HOSTNAME_TAG = re.compile(r'^(hostname|devicename|device-name|host-name|[\w.-]+-hostname)$', re.I)
SERIAL_TAG = re.compile(r'^(serial|serial-number|serial-num|serialno|[\w.-]+-serial|[\w.-]+-serial-(number|num))$', re.I)
SERIAL_KEEP = re.compile(r'^(|unknown|none|n/?a|[#*x]+)$', re.I)

_ENCRYPTED = r'-AQ==[A-Za-z0-9+/=]*'
_CRYPT = r'\$(?:1|2[aby]?|5|6|y)\$[A-Za-z0-9./$]+'
_MAC = r'(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}(?P<sep>[:-])[0-9A-Fa-f]{2}(?:(?P=sep)[0-9A-Fa-f]{2}){4}(?![0-9A-Fa-f]|[:-][0-9A-Fa-f])'
_IPV4 = r'(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?!\d|\.\d)'
_IPV6 = r'(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?:%[\w.]+)?(?:/\d{1,3})?(?![\w:])'
_LONG_NUMBER = r'(?<!\d)\d{12,16}(?!\d)'
_VALUE = re.compile('(?P<encrypted>%s)|(?P<crypt>%s)|(?P<mac>%s)|(?P<ipv4>%s)|(?P<ipv6>%s)|(?P<serial>%s)' % (
    _ENCRYPTED, _CRYPT, _MAC, _IPV4, _IPV6, _LONG_NUMBER))

_TOKEN = re.compile(r'<!\[CDATA\[(?P<cdata>.*?)\]\]>|<!--.*?-->|<\?.*?\?>|<!.*?>'
                    r'|<(?P<end>/)?(?P<tag>[^\s/>!?]+)(?P<attrs>[^>]*?)(?P<empty>/)?>|(?P<text>[^<]+)', re.S)
_ATTR = re.compile(r'''(?P<name>[^\s=]+)(?P<eq>\s*=\s*)(?P<q>['"])(?P<value>.*?)(?P=q)''', re.S)

MODEL_TAGS = ('model', 'platform-model')
DOC_MACS = '00:00:5e:00:53:'
KEEP_MACS = ('00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff')
KEEP_IPV6 = (ipaddress.IPv6Address('::'), ipaddress.IPv6Address('::1'))


def is_secret_name(name):
    words = [w for w in re.split(r'[-_.:]', (name or '').lower()) if w]
    return bool(words) and (words[-1] == 'key' or any(w in SECRET_WORDS for w in words))


def _is_netmask(value):
    number = int(ipaddress.IPv4Address(value))
    inverted = ~number & 0xffffffff
    return number >> 24 == 0xff and (inverted & (inverted + 1)) == 0


class Masking:
    """One replacement: what kind, where (element path relative to the root, '@attr' for attributes), to what."""

    def __init__(self, kind, where, mask):
        self.kind = kind
        self.where = where
        self.mask = mask

    def __repr__(self):
        return 'Masking(%r, %r, %r)' % (self.kind, self.where, self.mask)


class Sanitizer:
    def __init__(self, key=None, secrets=(), hostnames=()):
        self.key = key if key is not None else os.urandom(32)
        if isinstance(self.key, str):
            self.key = self.key.encode()
        self._maps = {}
        self._used = {}
        self.secrets = set()
        self.hostnames = set()
        # Model names (PA-VM, PA-5250): a hostname left at its default (the model) is masked in hostname
        # elements only, not wherever the model is named.
        self.models = set()
        for secret in secrets:
            self.add_secret(secret)
        for name in hostnames:
            self.add_hostname(name)

    # -- what to mask everywhere

    def add_secret(self, value):
        if value and len(str(value)) >= 4:
            self.secrets.add(str(value))

    def add_hostname(self, name):
        name = (name or '').strip()
        if name and not SERIAL_KEEP.match(name) and not _VALUE.fullmatch(name):
            self.hostnames.add(name)

    def learn(self, body):
        """Collect the hostnames of an answer (hostname/devicename elements) before sanitizing any answer, so a
        hostname mentioned in an earlier answer is masked too."""
        for kind, tag, _path, text in _leaves(_decode(body)):
            if kind == 'text' and HOSTNAME_TAG.match(tag):
                self.add_hostname(_unescape(text.strip()))
            elif kind == 'text' and tag in MODEL_TAGS and text.strip():
                self.models.add(_unescape(text.strip()).lower())

    # -- masks

    def _digest(self, kind, value):
        return hmac.new(self.key, ('%s\0%s' % (kind, value)).encode('utf-8', 'surrogateescape'),
                        hashlib.sha256).digest()

    def _allocate(self, kind, original, candidates):
        """The first free candidate (a generator of masks, hash-ordered) for original; the same one next time."""
        known = self._maps.setdefault(kind, {})
        if original in known:
            return known[original]
        used = self._used.setdefault(kind, set())
        first = mask = None
        for candidate in candidates:
            first = candidate if first is None else first
            if candidate not in used:
                mask = candidate
                break
        if mask is None:  # the space is full: share the first (not with a pair's worth of answers)
            mask = first
        used.add(mask)
        known[original] = mask
        return mask

    def _hex(self, kind, value, length):
        return self._digest(kind, value).hex()[:length]

    def mask_secret(self, value):
        return self._allocate('secret', value, ('MASKED-SECRET-%s' % self._hex('secret', value + '#%d' % n, 8)
                                                for n in range(1000)))

    def mask_hostname(self, value):
        value = value.lower()
        return self._allocate('hostname', value, ('host-%s' % self._hex('hostname', value + '#%d' % n, 6)
                                                  for n in range(1000)))

    def mask_serial(self, value):
        if value.isdigit() and len(value) > 4:
            width = len(value) - 4

            def digits(n):
                return '0000' + str(int.from_bytes(self._digest('serial', value + '#%d' % n), 'big') % 10 ** width).zfill(width)
            return self._allocate('serial', value, (digits(n) for n in range(1000)))
        return self._allocate('serial', value, ('MASKED-SERIAL-%s' % self._hex('serial', value + '#%d' % n, 8)
                                                for n in range(1000)))

    def mask_ipv4(self, address):
        start = int.from_bytes(self._digest('ipv4', address)[:4], 'big')
        pools = ('192.0.2.', '198.51.100.', '203.0.113.')
        return self._allocate('ipv4', address, (pool + str((start + n) % 254 + 1) for pool in pools for n in range(254)))

    def mask_ipv6(self, address):
        start = int.from_bytes(self._digest('ipv6', address)[:4], 'big')
        return self._allocate('ipv6', address, (str(ipaddress.IPv6Address('2001:db8::') + (start + n) % 0xffffffff + 1)
                                                for n in range(1000)))

    def mask_mac(self, mac):
        start = self._digest('mac', mac)[0]
        return self._allocate('mac', mac, (DOC_MACS + '%02x' % ((start + n) % 256) for n in range(256)))

    # -- values

    def _value(self, text, where, found):
        """Mask what looks like an address, a MAC, a serial or a secret anywhere in a text."""
        def replace(match):
            kind = match.lastgroup
            original = match.group(0)
            masked = self._one(kind, original)
            if masked != original:
                found.append(Masking('secret' if kind in ('encrypted', 'crypt') else kind, where, masked))
            return masked
        text = self._literals(text, where, found)
        return _VALUE.sub(replace, text)

    def _one(self, kind, original):
        if kind in ('encrypted', 'crypt'):
            return self.mask_secret(original)
        if kind == 'mac':
            separator = original[2]
            normal = original.lower().replace('-', ':')
            if normal in KEEP_MACS:
                return original
            return self.mask_mac(normal).replace(':', separator)
        if kind == 'ipv4':
            address, _, prefix = original.partition('/')
            try:
                parsed = ipaddress.IPv4Address(address)
            except ValueError:
                return original   # 300.1.2.3 or 1.2.3.04: not an address
            if str(parsed) in ('0.0.0.0', '255.255.255.255') or (not prefix and _is_netmask(address)):
                return original
            return self.mask_ipv4(str(parsed)) + ('/' + prefix if prefix else '')
        if kind == 'ipv6':
            address, _, prefix = original.partition('/')
            address = address.split('%', 1)[0]
            try:
                parsed = ipaddress.IPv6Address(address)
            except ValueError:
                return original   # a time (15:14:34) or something else with colons
            if parsed in KEEP_IPV6:
                return original
            return self.mask_ipv6(parsed.compressed) + ('/' + prefix if prefix else '')
        if kind == 'serial':
            return self.mask_serial(original)
        return original

    def _literals(self, text, where, found):
        for secret in sorted(self.secrets, key=len, reverse=True):
            if secret in text:
                masked = self.mask_secret(secret)
                text = text.replace(secret, masked)
                found.append(Masking('secret', where, masked))
        for name in sorted(self.hostnames, key=len, reverse=True):
            if name.lower() in self.models:
                continue
            pattern = re.compile(r'(?<![\w-])%s(?![\w-])' % re.escape(name), re.I)
            if pattern.search(text):
                masked = self.mask_hostname(name)
                text = pattern.sub(masked, text)
                found.append(Masking('hostname', where, masked))
        return text

    def _leaf(self, tag, text, where, found):
        """The text of element ``tag`` (raw, entities as received)."""
        stripped = text.strip()
        if not stripped:
            return text
        lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        if is_secret_name(tag):
            masked = self.mask_secret(_unescape(stripped))
            found.append(Masking('secret', where, masked))
            return lead + masked + trail
        if HOSTNAME_TAG.match(tag):
            self.add_hostname(_unescape(stripped))
            masked = self.mask_hostname(_unescape(stripped))
            found.append(Masking('hostname', where, masked))
            return lead + masked + trail
        if SERIAL_TAG.match(tag) and not SERIAL_KEEP.match(stripped):
            masked = self.mask_serial(_unescape(stripped))
            found.append(Masking('serial', where, masked))
            return lead + masked + trail
        return self._value(text, where, found)

    def text(self, text, where='request'):
        """Mask a free text (a request line, a host name given by the operator). Returns (text, maskings)."""
        found = []
        return self._value(text, where, found), found

    def host(self, host):
        """The operator's host (an address or a name), masked."""
        if _VALUE.fullmatch(host):
            return self.text(host)[0]
        self.add_hostname(host)
        return self.mask_hostname(host)

    # -- documents

    def sanitize(self, body):
        """(sanitized bytes, [Masking]) of one raw answer."""
        text = _decode(body)
        found = []
        out = []
        stack = []
        for match in _TOKEN.finditer(text):
            if match.group('tag') is not None:
                tag = match.group('tag')
                if match.group('end'):
                    if stack:
                        stack.pop()
                    out.append(match.group(0))
                    continue
                where = '/'.join(stack[1:] + [tag]) if stack else ''
                attrs = match.group('attrs')
                if attrs:
                    attrs = _ATTR.sub(lambda m, w=where: self._attr(m, w, found), attrs)
                out.append('<%s%s%s>' % (tag, attrs, '/' if match.group('empty') else ''))
                if not match.group('empty'):
                    stack.append(tag)
            elif match.group('text') is not None:
                where = '/'.join(stack[1:])
                out.append(self._leaf(stack[-1] if stack else '', match.group('text'), where, found))
            elif match.group('cdata') is not None:
                where = '/'.join(stack[1:])
                out.append('<![CDATA[%s]]>' % self._leaf(stack[-1] if stack else '', match.group('cdata'), where,
                                                         found))
            else:
                out.append(match.group(0))
        joined = ''.join(out)
        return joined.encode('utf-8', 'surrogateescape'), found

    def _attr(self, match, where, found):
        name, value = match.group('name'), match.group('value')
        at = '%s/@%s' % (where, name) if where else '@' + name
        if is_secret_name(name) and value.strip():
            masked = self.mask_secret(value)
            found.append(Masking('secret', at, masked))
        elif HOSTNAME_TAG.match(name) and value.strip():
            masked = self.mask_hostname(value)
            found.append(Masking('hostname', at, masked))
        elif SERIAL_TAG.match(name) and not SERIAL_KEEP.match(value.strip()):
            masked = self.mask_serial(value)
            found.append(Masking('serial', at, masked))
        else:
            masked = self._value(value, at, found)
        return '%s%s%s%s%s' % (name, match.group('eq'), match.group('q'), masked, match.group('q'))


def _decode(body):
    if isinstance(body, str):
        return body
    return body.decode('utf-8', 'surrogateescape')


def _unescape(text):
    return (text.replace('&lt;', '<').replace('&gt;', '>').replace('&quot;', '"').replace('&apos;', "'")
            .replace('&amp;', '&'))


def _leaves(text):
    """(kind, enclosing tag, path, text) of every text and CDATA of a document."""
    stack = []
    for match in _TOKEN.finditer(text):
        if match.group('tag') is not None:
            if match.group('end'):
                if stack:
                    stack.pop()
            elif not match.group('empty'):
                stack.append(match.group('tag'))
        elif match.group('text') is not None and stack:
            yield 'text', stack[-1], '/'.join(stack[1:]), match.group('text')
        elif match.group('cdata') is not None and stack:
            yield 'text', stack[-1], '/'.join(stack[1:]), match.group('cdata')


def summarize(maskings):
    """The manifest's ``transform`` text for one file: exactly what was masked, where, and into what range."""
    if not maskings:
        return ('none: byte-for-byte as received (the conformance sanitizer found no secret, serial, address, MAC '
                'or hostname to mask)')
    ranges = {'secret': 'MASKED-SECRET-<hash>', 'serial': 'masked serial (0000<digits>, same length)',
              'ipv4': '192.0.2.0/24', 'ipv6': '2001:db8::/32', 'mac': '00:00:5e:00:53:xx',
              'hostname': 'host-<hash>'}
    parts = []
    for kind in ('secret', 'serial', 'hostname', 'ipv4', 'ipv6', 'mac'):
        where = list(dict.fromkeys(m.where or '(root)' for m in maskings if m.kind == kind))
        if where:
            parts.append('%s -> %s at %s' % (kind, ranges[kind], ', '.join(where)))
    return ('sanitized by tests/conformance (hapair_conformance/sanitize.py, keyed hash, consistent across the '
            'two peers of this run); masked: %s. Everything else byte-for-byte as received.' % '; '.join(parts))
