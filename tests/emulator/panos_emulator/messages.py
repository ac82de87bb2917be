"""Every PAN-OS message text the emulator sends, in one place.

Texts marked REAL are copied from samples in shared/reference/panos-xml (see ASSUMPTIONS.md for the rest).
"""

# --- authentication (REAL: keygen.invalid-credential.xml)
INVALID_CREDENTIAL = "Invalid Credential"

# --- generic (REAL: error_code18.malformed-request.xml, error_code17.unexpected-command.xml)
MALFORMED_REQUEST = "Malformed Request"
UNEXPECTED = " {path} is unexpected"  # e.g. " show -> redistribution  is unexpected"
MISSING_PARAM = 'Parameter "{name}" is required'  # shape of error_code400.bad-request.export.xml
ILLEGAL_VALUE = 'Illegal value for parameter "{name}" [{value}].'  # ASSUMED wording
NO_SUCH_NODE = "No such node"  # REAL: config_show.missing-xpath.no-such-node.xml
COMMAND_SUCCEEDED = "command succeeded"  # REAL: config_set-edit-delete.success.code20.xml
BAD_XPATH = "Bad Xpath"  # ASSUMED: code table name
OBJECT_NOT_PRESENT = "Object not present"  # ASSUMED: code table name
INVALID_OBJECT = " {path} is invalid"  # shape of error_code12.invalid-object.multiline.xml

# --- config API (configstore.py)
# REAL (strongly indicative): pango pango_test.go multi-config fixture, a delete of an absent node answers
# <response status="success" code="7"><msg>Object doesn't exist</msg></response> (plain <msg>, no <line>).
OBJECT_DOESNT_EXIST = "Object doesn't exist"
OBJECT_NOT_UNIQUE = "Object not unique"  # ASSUMED: code table name (code 8)
EDIT_MISMATCH = " edit breaks config validity"  # ASSUMED (code 12, CDATA line like error_code12 sample)
NAME_NOT_UNIQUE = " {name} is not unique"  # ASSUMED (code 12): rename onto an existing sibling name
NOT_RENAMABLE = " {tag} cannot be renamed"  # ASSUMED (code 12): rename of a node without a name
MOVE_RELATIVE_TO_SELF = "Cannot move an object relative to itself"  # ASSUMED (code 14)
MOVE_DST_NOT_PRESENT = "Move destination {dst} is not present"  # ASSUMED (code 7)
ROOT_NOT_POSSIBLE = "Operation not possible on the configuration root"  # ASSUMED (code 14): delete/move of /config

# --- commit (REAL: commit.*.xml)
COMMIT_ENQUEUED = "Commit job enqueued with jobid {jobid}"
NO_CHANGES = "There are no changes to commit."
COMMIT_IN_PROGRESS = "Another commit/validate is in progress. Please try again later"  # REAL text clients match
COMMIT_OK = "Configuration committed successfully"  # REAL: op_show_jobs_id.commit.fin-ok.pan-os-8.1.xml
COMMIT_FAILED = "Commit failed"  # REAL: HA-Sync CLI text last line
CONFIG_LOCKED = "Configuration is locked by {admin}"  # prefix REAL (pan-os-python PanLockError)
COMMIT_LOCKED = "Commit is locked by {admin}"  # ASSUMED, shaped like CONFIG_LOCKED

# --- locks (REAL: op_request_config-lock_add.xml / _remove.xml; commit-lock texts ASSUMED by analogy)
CONFIG_LOCK_ADDED = ("Successfully acquired lock. Other administrators will not be able to modify configuration "
                     "for scope shared until lock is released")
CONFIG_LOCK_REMOVED = "Config lock released for scope shared"
COMMIT_LOCK_ADDED = ("Successfully acquired lock. Other administrators will not be able to commit configuration "
                     "until lock is released")
COMMIT_LOCK_REMOVED = "Commit lock released"
# Lock refusals: the prefixes pan-os-python matches (panos/base.py add/remove_config_lock, add/remove_commit_lock,
# turned into PanLockError or a quiet False), so real texts start this way; the rest of each sentence is ASSUMED.
LOCK_HELD_BY_OTHER = "Config for scope shared is currently locked by {admin}"
LOCK_NOT_HELD = "Config is not currently locked for scope shared"
COMMIT_LOCK_HELD_BY_OTHER = "Commit lock is already held by {admin}"
COMMIT_LOCK_NOT_HELD = "Commit lock is not currently held by {admin}"

# --- HA (REAL: sync-to-remote messages.md, state_suspend/functional samples)
HA_SYNC_QUEUED = "HA synchronization job has been queued on peer. Please check job status on peer."
HA_SYNC_IN_PROGRESS = "Another sync is in progress. Please try again later"
HA_SYNC_FAILED = "Failed to synchronize running configuration with HA peer"
HA_NOT_ENABLED = "HA is not enabled"  # ASSUMED
HA_PEER_UNREACHABLE = "HA peer is not reachable"  # ASSUMED
HA_CONFIG_SYNC_DISABLED = "Configuration synchronization is disabled"  # ASSUMED
HA_SUSPEND_OK = "Successfully changed HA state to suspended"  # REAL: state_suspend sample
HA_FUNCTIONAL_OK = "Successfully changed HA state to functional"  # REAL: state_functional sample
HA_SYNC_CLOCK_OK = "Clock synchronized to HA peer"  # ASSUMED
HA_SYNC_JOB_QUEUED = "HA synchronization job has been queued on peer. Please check job status on peer."
HA_RUNTIME_STATE_OK = "Runtime state synchronization requested"  # ASSUMED

# --- HA-Sync job failures (REAL: op_show_jobs_id.ha-sync.fail.cli-text.txt)
JUMBO_MISMATCH = "device: device is not in jumbo-frame mode but interface {iface} mtu is greater than 1500"
INTERFACE_CONFIG_ERROR = "interface configuration error"
MASTER_KEY_MISMATCH = "Failed to decrypt configuration: the master key does not match"  # ASSUMED
HA_SYNC_OK = "Configuration committed successfully"  # ASSUMED: same as a commit

# --- master key (ASSUMED; no sample, see reference/panos-xml/masterkey.md)
MASTER_KEY_CHANGED = "Master key change job enqueued with jobid {jobid}"
MASTER_KEY_WRONG_CURRENT = "Current master key is incorrect"
MASTER_KEY_BAD_LENGTH = "Master key must be 16 characters"
MASTER_KEY_BAD_LIFETIME = "lifetime must be between 1 and 17520 hours"
MASTER_KEY_BAD_REMINDER = "reminder must be between 1 hours and the lifetime"
MASTER_KEY_OK = "Master key changed successfully"

# --- clock (REAL form of show clock is a text result)
CLOCK_SET = "Clock set"  # ASSUMED
LOCK_PENDING_CHANGES = "Cannot acquire lock: administrator {admin} has uncommitted changes"  # ASSUMED
HA_SYNC_TARGET_OK = "Successfully synchronized {target} to HA peer"  # ASSUMED
HA_STATE_SYNC_UNAVAILABLE = "Session state synchronization is not available (HA2 down or state sync disabled)"  # ASSUMED
