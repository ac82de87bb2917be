"""Config and commit locks of one firewall (scope shared: no vsys scoping is emulated).

A refusal raises LockHeld / LockNotHeld; their replies (REAL: rautanen-io/netbox-panorama-configpump-plugin
tests/test_push.py, recorded from a Panorama 11.1.6) are in error_envelopes.py, a success's text in opcommands.py.
``show config-locks`` / ``show commit-locks`` entries are
``<entry name="ADMIN"><type>shared</type><name>shared</name><created/><last-activity/><loggedin/><comment/>``.
"""

from .exceptions import LockHeld, LockNotHeld

SCOPE = "shared"


class Lock:
    def __init__(self, admin, comment, when):
        self.admin = admin
        self.comment = comment or ""
        self.created = when
        self.last_activity = when


class LockTable:
    def __init__(self, kind, clock):
        self.kind = kind  # "config" | "commit"
        self._clock = clock
        self.held = {}  # admin -> Lock

    def __contains__(self, admin):
        return admin in self.held

    def __iter__(self):
        return iter(sorted(self.held))

    def __bool__(self):
        return bool(self.held)

    def others(self, admin):
        return [a for a in sorted(self.held) if a != admin]

    def add(self, admin, comment=""):
        """Take the lock for ``admin``; an admin that holds it already takes it again (known difference: a real
        device answers 'You already own a config lock for scope shared', see ASSUMPTIONS.md §6)."""
        others = self.others(admin)
        if others:
            raise LockHeld(self.kind, others[0])
        self.held[admin] = Lock(admin, comment, self._clock())

    def remove(self, admin):
        if admin not in self.held:
            raise LockNotHeld(self.kind, SCOPE)
        del self.held[admin]

    def touch(self, admin):
        if admin in self.held:
            self.held[admin].last_activity = self._clock()

    def entries(self):
        """(admin, fields) of show config-locks / show commit-locks, in the order of the REAL entry."""
        fmt = "%Y/%m/%d %H:%M:%S"
        return [(a, [("type", SCOPE), ("name", SCOPE), ("created", lock.created.strftime(fmt)),
                     ("last-activity", lock.last_activity.strftime(fmt)), ("loggedin", "yes"),
                     ("comment", lock.comment or "(null)")])
                for a, lock in sorted(self.held.items())]
