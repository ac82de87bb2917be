"""The domain errors of the emulator: what went wrong, as data.

Models (device, pair, config store, locks, jobs, master key) and the request parsers raise these; none of them
carries a PAN-OS code, a message text or an envelope style. ``error_envelopes.py`` is the one place that turns each
into the code, the message lines (from ``messages.py``) and the envelope a real device answers with.
"""


class EmulatorError(Exception):
    """Base of every domain error. Fields are set by the subclasses; ``args`` keeps them for repr()."""


# ---------------------------------------------------------------------- request and authentication
class InvalidCredential(EmulatorError):
    """Bad user/password, or an API key no account of the device has (any more)."""


class MissingParam(EmulatorError):
    def __init__(self, name):
        super().__init__(name)
        self.name = name


class IllegalValue(EmulatorError):
    def __init__(self, name, value):
        super().__init__(name, value)
        self.name = name
        self.value = value


class MalformedRequest(EmulatorError):
    """An XML parameter (cmd, element) that does not parse."""


class UnexpectedCommand(EmulatorError):
    """The op/commit command parser met an element it does not know; ``words``: the path up to it."""

    def __init__(self, words):
        super().__init__(tuple(words))
        self.words = tuple(words)


class IncompleteCommand(UnexpectedCommand):
    """A known command without a required argument."""


class InvalidCommand(UnexpectedCommand):
    """A known command with an argument value it does not accept."""


class InternalError(EmulatorError):
    """A bug in the emulator, answered instead of crashing; ``kind``: the exception's class name."""

    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


# ---------------------------------------------------------------------- config store
class NoSuchNode(EmulatorError):
    """A config read matched nothing; ``tree``: "candidate" (action=get) or "running" (action=show)."""

    def __init__(self, tree):
        super().__init__(tree)
        self.tree = tree


class BadXpath(EmulatorError):
    pass


class ObjectNotPresent(EmulatorError):
    """A write names a node that does not exist and cannot be created."""


class ObjectNotUnique(EmulatorError):
    pass


class ObjectDoesntExist(EmulatorError):
    """A delete of an absent node (answered as an odd success)."""


class EditMismatch(EmulatorError):
    """An edit whose element does not match the node its xpath names."""


class NotRenamable(EmulatorError):
    def __init__(self, tag):
        super().__init__(tag)
        self.tag = tag


class NameNotUnique(EmulatorError):
    def __init__(self, name):
        super().__init__(name)
        self.name = name


class MoveRelativeToSelf(EmulatorError):
    pass


class MoveDestinationMissing(EmulatorError):
    def __init__(self, dst):
        super().__init__(dst)
        self.dst = dst


class RootNotPossible(EmulatorError):
    """A delete or move of /config itself."""


# ---------------------------------------------------------------------- locks and commits
class ConfigLocked(EmulatorError):
    """A config write while another admin holds the config lock."""

    def __init__(self, holder):
        super().__init__(holder)
        self.holder = holder


class CommitLocked(EmulatorError):
    """A commit while another admin holds a commit lock."""


class LockPendingChanges(EmulatorError):
    """A config lock requested while ``admin`` (someone else) has uncommitted changes."""

    def __init__(self, admin):
        super().__init__(admin)
        self.admin = admin


class LockHeld(EmulatorError):
    """A ``kind`` ("config" | "commit") lock requested while ``holder`` has it."""

    def __init__(self, kind, holder):
        super().__init__(kind, holder)
        self.kind = kind
        self.holder = holder


class LockNotHeld(EmulatorError):
    """A ``kind`` lock released that nobody of that name holds in ``scope``."""

    def __init__(self, kind, scope):
        super().__init__(kind, scope)
        self.kind = kind
        self.scope = scope


class JobNotFound(EmulatorError):
    def __init__(self, jobid):
        super().__init__(jobid)
        self.jobid = jobid


# ---------------------------------------------------------------------- master key
class MasterKeyRejected(EmulatorError):
    """``request master-key`` refused; ``reason``: one of REASONS."""

    REASONS = ("wrong_current", "bad_length", "bad_lifetime", "bad_reminder")

    def __init__(self, reason):
        if reason not in self.REASONS:
            raise ValueError(reason)
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------- high availability
class NotEnabled(EmulatorError):
    """An HA command on a device (or pair) with HA off."""


class PeerUnreachable(EmulatorError):
    """Runtime-state sync with HA1 down."""


class SyncInProgress(EmulatorError):
    """A config sync requested while another one runs."""


class Blocked(EmulatorError):
    """A config sync refused; ``codes``: the blocker codes (messages.BLOCKERS) in the order found."""

    def __init__(self, codes):
        super().__init__(tuple(codes))
        self.codes = tuple(codes)


class StateSyncUnavailable(EmulatorError):
    """Session (HA2) sync requested with HA2 down or state sync off on a peer."""
