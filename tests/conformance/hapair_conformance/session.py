# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One conformance run against a pair: the guard installed, the pair discovered once through the collection's
own Pair, and every read path of the collection exercised on both peers. Results are cached, so the pytest
suite's tests (and the report at the end) share one set of requests."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

from . import paths
from .guard import Transport

paths.setup()

from readers import READERS  # noqa: E402  (tests/real_samples/readers.py)

from ansible_collections.hapair.panos.plugins.module_utils import (  # noqa: E402
    jobs,
    master_key_info,
    peer_settings_info,
    preflight,
)
from ansible_collections.hapair.panos.plugins.module_utils.errors import HapairError  # noqa: E402
from ansible_collections.hapair.panos.plugins.module_utils.pair import Pair  # noqa: E402

READ_ONLY_READERS = tuple(name for name, reader in READERS.items() if reader.read_only)
# What Device.request_log may show in a conformance run (connection.Device's request kinds).
READ_KINDS = ('op', 'config_get', 'config_show', 'keygen')
PEERS = ('host', 'peer')   # HAPAIR_CONFORMANCE_HOST, and the other peer (given or discovered)


class Run:
    def __init__(self, settings):
        self.settings = settings
        self.transport = Transport()
        self.started = datetime.datetime.now(datetime.UTC)
        self.warnings = []
        self.pair = None
        self.discovery_error = None
        self._cache = {}
        self.fidelity_rows = []        # fidelity.Row, filled by the fidelity tests
        self.fidelity_note = ''
        self.fidelity_skipped = 0

    # -- lifecycle

    def start(self):
        self.transport.install()
        self.pair = Pair(self.settings.provider(), self.settings.peer_provider(), warn=self.warnings.append)
        try:
            self.pair.discover()
        except HapairError as exc:
            self.discovery_error = exc
        return self

    def stop(self):
        self.transport.uninstall()

    # -- peers

    def device(self, which):
        """'host' (HAPAIR_CONFORMANCE_HOST) or 'peer' (the other one); None when it is not known."""
        if self.pair is None:
            return None
        return self.pair.first if which == 'host' else self.pair.second

    def devices(self):
        return [d for d in (self.device('host'), self.device('peer')) if d is not None]

    def role(self, device):
        """What the peer says it is (active, passive, active-primary, active-secondary, ...), for file names."""
        state = self.pair.local_state(device) if self.pair is not None else None
        if state:
            return str(state).replace(' ', '-').lower()
        return 'host' if device is self.device('host') else 'peer'

    def roles(self):
        """{host (as the exchanges name it): role label}, unique labels."""
        out = {}
        for device in self.devices():
            label = self.role(device)
            if label in out.values():
                label = '%s-%s' % (label, 'host' if device is self.device('host') else 'peer')
            out[device.host.strip('[]').lower()] = label
        return out

    # -- the read paths (each computed once)

    def _once(self, key, compute):
        if key not in self._cache:
            try:
                self._cache[key] = ('ok', compute())
            except HapairError as exc:
                self._cache[key] = ('error', exc)
        status, value = self._cache[key]
        if status == 'error':
            raise value
        return value

    def reader(self, name, which):
        """A reader's result on one peer (errors are data: {'error': kind, ...}, as Reader.run returns them)."""
        device = self.device(which)
        if device is None:
            raise LookupError('%s is not known' % which)
        key = ('reader', name, which)
        if key not in self._cache:
            before = len(self.transport.by_host(device.host))
            result = READERS[name].run(device)
            answers = self.transport.by_host(device.host)[before:]
            self._cache[key] = ('ok', (result, answers))
        return self._cache[key][1][0]

    def reader_answer(self, name, which):
        """The raw answer (Exchange) the reader parsed: the one to its own request, else the last it caused."""
        self.reader(name, which)
        answers = self._cache[('reader', name, which)][1][1]
        request = READERS[name].request
        for exchange in answers:
            if request is not None and exchange.type == 'op' and exchange.cmd == request:
                return exchange
        return answers[-1] if answers else None

    def pair_report(self):
        return self._once('pair_report', self.pair.report)

    def preflight(self):
        return self._once('preflight', lambda: preflight.run_checks(self.pair, preflight.select_checks()))

    def master_key_info(self):
        return self._once('master_key_info', lambda: master_key_info.info(self.pair.devices, warn=self.warnings.append))

    def peer_settings_info(self):
        return self._once('peer_settings_info', lambda: peer_settings_info.report(self.pair))

    def find_jobs(self, which):
        return self._once(('find_jobs', which), lambda: jobs.find_jobs(self.device(which), types=None))

    # -- facts for the record

    def system_info(self, host):
        """model and sw-version from the first show system info answer host gave."""
        for exchange in self.transport.by_host(host):
            if exchange.type == 'op' and exchange.cmd and '<info' in exchange.cmd and '<system>' in exchange.cmd:
                try:
                    root = ET.fromstring(exchange.body)
                except ET.ParseError:
                    continue
                system = root.find('result/system')
                if system is not None:
                    return {tag: (system.findtext(tag) or '').strip() for tag in ('model', 'sw-version', 'family')}
        return {}

    def summary(self):
        """The run in a few lines: the pair as discovered, the requests sent (all reads), warnings."""
        lines = ['Pair: %s' % self.settings.describe()]
        if self.discovery_error is not None:
            lines.append('  discovery failed: %s' % self.discovery_error)
        for which in PEERS:
            device = self.device(which)
            if device is None:
                lines.append('  %-4s (unknown)' % which)
                continue
            info = self.system_info(device.host)
            lines.append('  %-4s %-28s %-18s %s %s' % (which, device.name, self.role(device), info.get('model', '?'),
                                                       info.get('sw-version', '?')))
        kinds = {}
        for exchange in self.transport.exchanges:
            label = exchange.type if exchange.type != 'config' else 'config %s' % exchange.action
            kinds[label] = kinds.get(label, 0) + 1
        lines.append('Requests: %d sent, all reads (%s); refused by the read-only guard: %d' % (
            len(self.transport.exchanges), ', '.join('%s %d' % kv for kv in sorted(kinds.items())),
            len(self.transport.refused)))
        for warning in dict.fromkeys(self.warnings):
            lines.append('warning: %s' % warning)
        return '\n'.join(lines)

