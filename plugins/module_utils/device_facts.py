# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One reader per device fact, and one rule per verdict that every module shares.

Each op command the collection reads is sent and parsed here, in exactly one place (HA state is parsed in
ha_status.py, master-key properties in master_key_info.py, jobs in jobs.py). preflight, peer_settings_info's drift
report, peer_settings, sync_to_remote and the lock module all call these readers, so two modules can never
disagree about what a device said. Each ``parse_*`` takes the ``<response>`` Element (tested directly on
recorded real responses, tests/real_samples); each ``read_*`` sends the command and parses it.

Verdicts (``*_rule``/``active_*``): the one rule that turns a reading into what the checks compare, e.g. which
licenses count (not expired) and which plugins count (installed: yes).
"""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils.xmlutil import find_text, op_element, to_int, yes_no

SHOW_SYSTEM_INFO = op_element(['show', 'system', 'info'])
SHOW_CHASSIS_READY = op_element(['show', 'chassis-ready'])
REQUEST_LICENSE_INFO = op_element(['request', 'license', 'info'])
SHOW_PLUGINS = op_element(['show', 'plugins', 'packages'])
SHOW_JUMBO_FRAME = op_element(['show', 'system', 'setting', 'jumbo-frame'])
CHECK_PENDING_CHANGES = op_element(['check', 'pending-changes'])
SHOW_SESSION_INFO = op_element(['show', 'session', 'info'])
SHOW_LOCKS = {'config': op_element(['show', 'config-locks']), 'commit': op_element(['show', 'commit-locks'])}

# ------------------------------------------------------------------------------------- show system info

# show system info (result/system/<tag>) fields read by name. 'gtp' and 'sctp' are ASSUMED names: no real sample
# shows how a firewall reports GTP or SCTP security (tests/emulator/ASSUMPTIONS.md).
SYSTEM_INFO_FIELDS = {
    'hostname': 'hostname',
    'ip_address': 'ip-address',
    'serial': 'serial',
    'model': 'model',
    'sw_version': 'sw-version',
    'multi_vsys': 'multi-vsys',
    'vpn_disable_mode': 'vpn-disable-mode',
    'gtp': 'gtp',
    'sctp': 'sctp',
    'url_db': 'url-db',
    'global_protect_client_package_version': 'global-protect-client-package-version',
    'app_version': 'app-version',
    'threat_version': 'threat-version',
    'av_version': 'av-version',
    'wildfire_version': 'wildfire-version',
    'url_filtering_version': 'url-filtering-version',
}
# Fields that are on/off by nature but are compared by their own check, not as "features".
_NOT_FEATURE_FLAGS = ('multi-vsys', 'vpn-disable-mode', 'gtp', 'sctp')
FLAG_VALUES = ('on', 'off')


def parse_system_info(response):
    """``show system info`` as {<SYSTEM_INFO_FIELDS keys>, flags: {tag: on|off}, plugins: {name: version}|None}.

    flags: every other leaf whose value is on/off (advanced-routing, high-speed-log-forwarding-mode, ...), the
    features compared by features_mismatch. plugins: ``plugin_versions`` (PAN-OS 10 and later:
    ``<entry name="dlp" version="3.0.9">``); None when the release does not report it (then read
    ``show plugins packages``).
    """
    system = response.find('result/system') if response is not None else None
    parsed = {key: find_text(system, tag) for key, tag in SYSTEM_INFO_FIELDS.items()}
    parsed['flags'] = {}
    for child in (system if system is not None else ()):
        text = (child.text or '').strip().lower()
        if len(child) == 0 and text in FLAG_VALUES and child.tag not in _NOT_FEATURE_FLAGS:
            parsed['flags'][child.tag] = text
    plugins = system.find('plugin_versions') if system is not None else None
    parsed['plugins'] = None if plugins is None else {
        entry.get('name'): entry.get('version') for entry in plugins.findall('entry') if entry.get('name')}
    return parsed


def read_system_info(device):
    return parse_system_info(device.op(SHOW_SYSTEM_INFO))


# ------------------------------------------------------------------------------------- licenses

def parse_licenses(response):
    """``request license info``: every licence as {feature, description, expires, expired (bool|None)}."""
    licenses = []
    for entry in response.findall('result/licenses/entry'):
        feature = find_text(entry, 'feature')
        if not feature:
            continue
        licenses.append({'feature': feature, 'description': find_text(entry, 'description'),
                         'expires': find_text(entry, 'expires'), 'expired': yes_no(find_text(entry, 'expired'))})
    return licenses


def active_license_features(licenses):
    """The rule every check uses: the sorted feature names of the licences that have not expired.

    An expired licence no longer enables its feature, so it is not a difference that matters for HA.
    """
    return sorted({lic['feature'] for lic in licenses if lic['expired'] is not True})


def read_license_features(device):
    return active_license_features(parse_licenses(device.op(REQUEST_LICENSE_INFO)))


# ------------------------------------------------------------------------------------- plugins

def parse_plugin_packages(response):
    """``show plugins packages``: every package as {name, version, installed (bool|None), downloaded}."""
    packages = []
    for entry in response.findall('result/plugins/entry'):
        name = find_text(entry, 'name')
        if name:
            packages.append({'name': name, 'version': find_text(entry, 'version'),
                             'installed': yes_no(find_text(entry, 'installed')),
                             'downloaded': yes_no(find_text(entry, 'downloaded'))})
    return packages


def installed_plugins(packages):
    """The rule every check uses: {name: version} of the packages whose ``installed`` is yes.

    A package that is only downloaded does not run, so it is not part of what the peers must share.
    """
    return {pkg['name']: pkg['version'] for pkg in packages if pkg['installed'] is True}


def read_plugins(device):
    """{name: version} of the plugins installed, from show plugins packages. Releases with plugin_versions in show
    system info (PAN-OS 10+) need no such read: readings.PeerReadings.plugins() takes them from there."""
    return installed_plugins(parse_plugin_packages(device.op(SHOW_PLUGINS)))


# ------------------------------------------------------------------------------------- sessions

# show session info (a flat result/<tag> of counters and settings; REAL: op_show_session_info.xml, a PA-VM): the
# counters read, by the name they are returned under. num-active counts the sessions in the table (what an HA
# failover must keep: state synchronization copies them to the peer over HA2).
SESSION_COUNTERS = {
    'active': 'num-active',
    'installed': 'num-installed',
    'max': 'num-max',
    'tcp': 'num-tcp',
    'udp': 'num-udp',
    'icmp': 'num-icmp',
    'cps': 'cps',
    'pps': 'pps',
    'kbps': 'kbps',
}


def parse_session_info(response):
    """``show session info`` as {<SESSION_COUNTERS keys>: int or None} (None: the release does not report it)."""
    result = response.find('result') if response is not None else None
    return {key: to_int(find_text(result, tag)) for key, tag in SESSION_COUNTERS.items()}


def read_session_info(device):
    return parse_session_info(device.op(SHOW_SESSION_INFO))


# ------------------------------------------------------------------------------------- text results

def result_text(response):
    """A text result (jumbo-frame on|off, chassis-ready yes|no in CDATA, pending-changes yes|no), lower case."""
    text = find_text(response, 'result')
    return text.lower() if text else None


def parse_jumbo_frame(response):
    """``show system setting jumbo-frame``: 'on' / 'off' (None when the answer holds neither)."""
    text = result_text(response)
    return text if text in ('on', 'off') else None


def read_jumbo_frame(device):
    return parse_jumbo_frame(device.op(SHOW_JUMBO_FRAME))


def parse_chassis_ready(response):
    """``show chassis-ready``: True (yes), False (no), None (anything else)."""
    return yes_no(result_text(response))


def read_chassis_ready(device):
    return parse_chassis_ready(device.op(SHOW_CHASSIS_READY))


def parse_pending_changes(response):
    """``check pending-changes``: True when the candidate has uncommitted changes (of any administrator)."""
    return yes_no(result_text(response)) is True


def read_pending_changes(device):
    return parse_pending_changes(device.op(CHECK_PENDING_CHANGES))


# ------------------------------------------------------------------------------------- the whole configuration

# ------------------------------------------------------------------------------------- locks

def parse_locks(response):
    """``show config-locks`` / ``show commit-locks``: every lock as {admin, scope, type, created, last_activity,
    loggedin, comment}.

    Real entries (Panorama 11.1, netbox-panorama-configpump-plugin tests) are ``<entry name="ADMIN">`` with
    ``<type>shared</type>`` and ``<name>shared</name>``: the entry's name attribute is the administrator, its
    ``<name>`` child the lock's scope (never the admin). A lock taken without a comment reads
    ``<comment><![CDATA[(null)]]></comment>`` (C's rendering of a NULL string): that is no comment.
    """
    locks = []
    for entry in response.iter('entry'):
        admin = (entry.get('name') or '').strip()
        if not admin:
            continue
        locks.append({'admin': admin, 'scope': find_text(entry, 'name'), 'type': find_text(entry, 'type'),
                      'created': find_text(entry, 'created'), 'last_activity': find_text(entry, 'last-activity'),
                      'loggedin': yes_no(find_text(entry, 'loggedin')), 'comment': _comment(entry)})
    return locks


def _comment(entry):
    text = find_text(entry, 'comment')
    return None if text == NULL_COMMENT else text


NULL_COMMENT = '(null)'


def read_locks(device, kind):
    """The locks of one kind ('config' or 'commit') on device."""
    return parse_locks(device.op(SHOW_LOCKS[kind]))


def lock_holders(locks):
    """The administrators holding the locks, in the device's order, each once."""
    return list(dict.fromkeys(lock['admin'] for lock in locks))


def read_foreign_locks(device):
    """[(kind, admin)] of config/commit locks held by administrators other than ours."""
    found = []
    for kind in ('config', 'commit'):
        found.extend((kind, admin) for admin in lock_holders(read_locks(device, kind)) if admin != device.admin)
    return found


def describe_foreign_locks(device):
    """read_foreign_locks as the sentences findings and refusals show: ['config lock held by bob', ...]."""
    return ['%s lock held by %s' % lock for lock in read_foreign_locks(device)]
