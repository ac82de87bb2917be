"""The one mapping from domain errors (exceptions.py) to what a real device answers: the PAN-OS code, the message
lines (messages.py), the HTTP status and the envelope style. ``serializer.error`` writes the result.

Envelope styles (reference/panos-xml/error_codes.md):
  "msg-lines"  <response status="error" code=".."><msg><line>..</line></msg></response> (lines as CDATA when
               ``cdata``, as the op/config parser's errors are)
  "msg"        <response status=".." code=".."><msg>..</msg></response> (plain text, "Object doesn't exist")
  "result-msg" <response status = 'error' code = '..'><result><msg>..</msg></result></response> (the single-quoted
               form of the keygen/auth layer and of HTTP 400 replies)
"""

from collections import namedtuple

from . import exceptions as X, messages as M

# code None: no code attribute ("No such node", the lock replies); status "success" for the odd replies that carry a
# code but succeed (a config get of a missing node answers status="success" code="7").
Envelope = namedtuple("Envelope", "code lines http_status style status cdata",
                      defaults=(200, "msg-lines", "error", False))


def _lines(code, *lines, cdata=False):
    return Envelope(code, list(lines), cdata=cdata)


def _single_quoted(http_status, text):
    return Envelope(http_status, [text], http_status, "result-msg")


def _path(words):
    return " -> ".join(words)


_LOCK_HELD = {"config": M.CONFIG_LOCK_HELD_BY_OTHER, "commit": M.COMMIT_LOCK_HELD_BY_OTHER}
_LOCK_NOT_HELD = {"config": M.CONFIG_LOCK_NOT_HELD, "commit": M.COMMIT_LOCK_NOT_HELD}
_MASTER_KEY = {"wrong_current": M.MASTER_KEY_WRONG_CURRENT, "bad_length": M.MASTER_KEY_BAD_LENGTH,
               "bad_lifetime": M.MASTER_KEY_BAD_LIFETIME, "bad_reminder": M.MASTER_KEY_BAD_REMINDER}

_TABLE = {
    # request and authentication
    X.InvalidCredential: lambda e: _single_quoted(403, M.INVALID_CREDENTIAL),
    X.MissingParam: lambda e: _single_quoted(400, M.MISSING_PARAM.format(name=e.name)),
    X.IllegalValue: lambda e: _single_quoted(400, M.ILLEGAL_VALUE.format(name=e.name, value=e.value)),
    X.MalformedRequest: lambda e: _lines(18, M.MALFORMED_REQUEST),
    X.UnexpectedCommand: lambda e: _lines(17, M.UNEXPECTED.format(path=_path(e.words)), cdata=True),
    X.IncompleteCommand: lambda e: _lines(17, M.INCOMPLETE.format(path=_path(e.words)), cdata=True),
    X.InvalidCommand: lambda e: _lines(17, M.INVALID.format(path=_path(e.words)), cdata=True),
    X.InternalError: lambda e: _lines(21, M.INTERNAL_ERROR.format(kind=e.kind)),
    # config store
    X.NoSuchNode: lambda e: (Envelope(7, [], status="success") if e.tree == "candidate"
                             else _lines(None, M.NO_SUCH_NODE)),
    X.BadXpath: lambda e: _lines(6, M.BAD_XPATH),
    X.ObjectNotPresent: lambda e: _lines(7, M.OBJECT_NOT_PRESENT),
    X.ObjectNotUnique: lambda e: _lines(8, M.OBJECT_NOT_UNIQUE),
    X.ObjectDoesntExist: lambda e: Envelope(7, [M.OBJECT_DOESNT_EXIST], style="msg", status="success"),
    X.EditMismatch: lambda e: _lines(12, M.EDIT_MISMATCH, cdata=True),
    X.NotRenamable: lambda e: _lines(12, M.NOT_RENAMABLE.format(tag=e.tag), cdata=True),
    X.NameNotUnique: lambda e: _lines(12, M.NAME_NOT_UNIQUE.format(name=e.name), cdata=True),
    X.MoveRelativeToSelf: lambda e: _lines(14, M.MOVE_RELATIVE_TO_SELF),
    X.MoveDestinationMissing: lambda e: _lines(7, M.MOVE_DST_NOT_PRESENT.format(dst=e.dst)),
    X.RootNotPossible: lambda e: _lines(14, M.ROOT_NOT_POSSIBLE),
    # locks, commits, jobs
    X.ConfigLocked: lambda e: _lines(15, M.CONFIG_LOCKED.format(admin=e.holder)),
    X.CommitLocked: lambda e: _lines(14, M.COMMIT_LOCKED_BY_OTHERS),  # REAL code and text
    X.LockPendingChanges: lambda e: _lines(None, M.LOCK_PENDING_CHANGES.format(admin=e.admin)),
    X.LockHeld: lambda e: _lines(None, _LOCK_HELD[e.kind].format(admin=e.holder)),
    X.LockNotHeld: lambda e: _lines(None, _LOCK_NOT_HELD[e.kind].format(scope=e.scope)),
    X.JobNotFound: lambda e: _lines(7, M.JOB_NOT_FOUND.format(jobid=e.jobid)),  # REAL code 7 and text
    # master key
    X.MasterKeyRejected: lambda e: _lines(17, _MASTER_KEY[e.reason]),
    # high availability
    X.NotEnabled: lambda e: _lines(15, M.HA_NOT_ENABLED),
    X.PeerUnreachable: lambda e: _lines(15, M.HA_PEER_UNREACHABLE),
    X.SyncInProgress: lambda e: _lines(15, M.HA_SYNC_IN_PROGRESS),
    X.Blocked: lambda e: _lines(15, M.HA_SYNC_FAILED, *[M.BLOCKERS[code] for code in e.codes]),
    X.StateSyncUnavailable: lambda e: _lines(15, M.HA_STATE_SYNC_UNAVAILABLE),
}


def envelope(err):
    """The Envelope a real device answers ``err`` (an exceptions.EmulatorError) with."""
    for cls in type(err).__mro__:
        if cls in _TABLE:
            return _TABLE[cls](err)
    raise TypeError("no envelope for %r" % (err,))


def text(err):
    """The message lines of ``err`` as one string (the control API's JSON error)."""
    return "; ".join(envelope(err).lines)
