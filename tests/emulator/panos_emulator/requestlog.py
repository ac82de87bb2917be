"""Per-device log of XML API requests: what benchmarks and 'nothing was changed' tests read."""

import threading
import time
from collections import Counter

# Request kinds that change device state; check-mode tests assert none of these was sent.
READ_ONLY_CONFIG_ACTIONS = {"get", "show", "complete"}
READ_ONLY_OP_PREFIXES = ("show ", "check ")
READ_ONLY_OP_COMMANDS = ("request license info", "request config-lock show", "request commit-lock show")


class RequestLog:
    def __init__(self):
        self._lock = threading.Lock()
        self.entries = []

    def add(self, rtype, command, admin=None, status="success", http_status=200):
        entry = {"t": round(time.time(), 4), "type": rtype, "command": command, "admin": admin,
                 "status": status, "http_status": http_status, "changes_state": changes_state(rtype, command)}
        with self._lock:
            self.entries.append(entry)

    def clear(self):
        with self._lock:
            self.entries = []

    def snapshot(self):
        with self._lock:
            entries = list(self.entries)
        counts = Counter("%s %s" % (e["type"], e["command"]) for e in entries)
        return {"entries": entries, "counts": dict(counts), "total": len(entries),
                "state_changing": sum(1 for e in entries if e["changes_state"])}


def changes_state(rtype, command):
    if rtype in ("keygen", "version", "export"):
        return False
    if rtype == "config":
        return command.split(" ", 1)[0] not in READ_ONLY_CONFIG_ACTIONS
    if rtype == "op":
        return not command.startswith(READ_ONLY_OP_PREFIXES) and command not in READ_ONLY_OP_COMMANDS
    return True  # commit, import, ...
