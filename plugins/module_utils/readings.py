# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a read-only module reads from one peer, each op command or config read at most once per module run.

preflight's checks (preflight_checks.py) and peer_settings_info's drift report (read_ops) ask a PeerReadings for
the readings they need by name; with both in one module run (preflight peer_settings=true, the health check), a
reading both need is sent once. Every reading is parsed by device_facts (or master_key_info, sync_settings, jobs):
the same reader and the same rule wherever it is used.
"""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils import device_facts
from ansible_collections.hapair.panos.plugins.module_utils import master_key_info
from ansible_collections.hapair.panos.plugins.module_utils.errors import AuthenticationFailed, ConnectionFailed, HapairError
from ansible_collections.hapair.panos.plugins.module_utils.jobs import find_jobs
from ansible_collections.hapair.panos.plugins.module_utils.sync_settings import read_switch as read_ha_switch


def _read_commits(device):
    return ['Commit %s (%s)' % (job['id'], job['status']) for job in find_jobs(device, types=('Commit',))
            if job['status'] != 'FIN']


def _read_locks(device):
    return device_facts.describe_foreign_locks(device)


# name -> callable(device) returning the parsed reading. 'ha' is filled from pair discovery.
READINGS = {
    'system': device_facts.read_system_info,
    'chassis': device_facts.read_chassis_ready,
    'licenses': device_facts.read_license_features,
    # show plugins packages: only where show system info has no plugin_versions (before PAN-OS 10; see plugins()).
    'plugins': device_facts.read_plugins,
    'jumbo': device_facts.read_jumbo_frame,
    'master_key': master_key_info.read_properties,
    'commits': _read_commits,
    'locks': _read_locks,
    'pending': device_facts.read_pending_changes,
    'state_sync': lambda d: read_ha_switch(d, 'state_sync'),
}

# Errors that mean the peer itself cannot be used (every later reading would fail the same way).
PEER_ERRORS = (ConnectionFailed, AuthenticationFailed)


class PeerReadings:
    """The readings of one peer, each fetched at most once, on first use. A reading that failed raises the same
    error again when asked for again; once the peer itself could not be used (PEER_ERRORS), every reading not yet
    fetched raises that error without another request."""

    def __init__(self, device, ha=None):
        self.device = device
        self.name = device.name
        self._cache = {'ha': ha}
        self._errors = {}
        self.unreachable = None  # the HapairError that made the peer unusable

    def get(self, reading):
        if reading in self._cache:
            return self._cache[reading]
        if self.unreachable is not None:
            raise self.unreachable
        if reading in self._errors:
            raise self._errors[reading]
        try:
            value = READINGS[reading](self.device)
        except PEER_ERRORS as exc:
            self.unreachable = exc
            raise
        except HapairError as exc:
            self._errors[reading] = exc
            raise
        self._cache[reading] = value
        return value

    def cached(self, reading):
        """The reading if it was fetched, else None (no request)."""
        return self._cache.get(reading)

    def plugins(self):
        """{name: version} of the installed plugins: show system info's plugin_versions (PAN-OS 10+), else
        show plugins packages (device_facts.read_plugins), each command read once. The one place of this rule."""
        system = self.get('system')
        return dict(system['plugins']) if system.get('plugins') is not None else self.get('plugins')

    # -- shortcuts for the HA checks: None when HA is not enabled on this peer (nothing to judge there)

    @property
    def ha(self):
        return self._cache['ha']

    def ha_enabled(self):
        return bool(self.ha.get('enabled'))

    def ha_local(self, key):
        return self.ha['local'].get(key) if self.ha_enabled() else None
