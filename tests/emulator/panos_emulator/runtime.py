"""Runtime state of one firewall that HA synchronizes outside the config: each sync-to-remote target
(and runtime-state) has an observable effect on one of these tables."""

import copy
import hashlib
import secrets


def _digest(obj):
    return hashlib.sha256(repr(sorted(obj.items()) if isinstance(obj, dict) else obj).encode()).hexdigest()[:16]


class Runtime:
    def __init__(self, name):
        self.user_ip = {}  # ip -> user (User-ID mappings; HA1)
        self.sessions = {}  # id -> {"src":..,"dst":..,"dport":..,"app":..} (session table; HA2)
        # disk-state: objects not saved in config, e.g. custom response pages (seed 001)
        self.disk_state = {"response-pages/url-block-page.html": "<html><body>Blocked (%s)</body></html>" % name}
        self.id_manager = {}  # object name -> numeric id assigned by the management plane
        self.ha_ssh_key = secrets.token_hex(16)  # each device generates its own until synced

    def summary(self):
        return {
            "user_ip_mappings": len(self.user_ip),
            "sessions": len(self.sessions),
            "disk_state_digest": _digest(self.disk_state),
            "id_manager_digest": _digest(self.id_manager),
            "ha_ssh_key_fingerprint": hashlib.sha256(self.ha_ssh_key.encode()).hexdigest()[:16],
        }

    def put_user(self, ip, user):
        """A User-ID mapping; returns the table."""
        self.user_ip[ip] = user
        return dict(self.user_ip)

    def add_session(self, session, sid=None):
        """A session under ``sid`` (default: the next free id); returns the id."""
        sid = sid or str(max([int(k) for k in self.sessions] + [0]) + 1)
        self.sessions[sid] = session
        return sid

    def put_disk_state(self, name, content):
        """An object on disk (what sync-to-remote disk-state copies); returns the names on disk."""
        self.disk_state[name] = content
        return sorted(self.disk_state)

    def put_id(self, name, number):
        """An id-manager entry (what sync-to-remote id-manager copies); returns the table."""
        self.id_manager[name] = int(number)
        return dict(self.id_manager)

    def copy_from(self, other, what):
        if what == "user_ip":
            self.user_ip = dict(other.user_ip)
        elif what == "sessions":
            self.sessions = copy.deepcopy(other.sessions)
        elif what == "disk_state":
            self.disk_state = dict(other.disk_state)
        elif what == "id_manager":
            self.id_manager = dict(other.id_manager)
        elif what == "ha_ssh_key":
            self.ha_ssh_key = other.ha_ssh_key
        else:
            raise ValueError(what)
