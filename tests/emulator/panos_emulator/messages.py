"""Every PAN-OS message text the emulator sends, in one place.

Each text is marked REAL (copied from a recorded response: shared/reference/panos-xml or a fixture named in
tests/emulator/tests/fixtures/README.md), indicative (what real clients match on) or ASSUMED (see ASSUMPTIONS.md).
"""

# --- authentication (REAL: keygen.invalid-credential.xml)
INVALID_CREDENTIAL = "Invalid Credential"

# --- HTTP layer (server.py): bodies of the non-XML replies (ASSUMED: the web server's plain pages)
HTTP_NOT_FOUND = "Not Found"
HTTP_TOO_LARGE = "Request Entity Too Large"

# --- generic (REAL: error_code18.malformed-request.xml, error_code17.unexpected-command.xml)
MALFORMED_REQUEST = "Malformed Request"
# The op/config parser names the command path up to the first element it did not expect, its words joined by " -> ",
# with two spaces before "is" (REAL: " show -> redistribution  is unexpected"; " a -> b  is invalid" in
# error_code12.invalid-object.multiline.xml). Sent as CDATA lines.
UNEXPECTED = " {path}  is unexpected"
INCOMPLETE = " {path}  is incomplete"  # indicative: same parser, a required argument missing
INVALID = " {path}  is invalid"  # shape of error_code12.invalid-object.multiline.xml (set clock with a bad value)
INTERNAL_ERROR = "Internal error: {kind}"  # ASSUMED (code 21): the emulator answers instead of crashing
MISSING_PARAM = 'Parameter "{name}" is required'  # indicative: shape of error_code400.bad-request.export.xml
ILLEGAL_VALUE = 'Illegal value for parameter "{name}" [{value}].'  # ASSUMED wording
NO_SUCH_NODE = "No such node"  # REAL: config_show.missing-xpath.no-such-node.xml
COMMAND_SUCCEEDED = "command succeeded"  # REAL: config_set-edit-delete.success.code20.xml
BAD_XPATH = "Bad Xpath"  # ASSUMED: code table name
OBJECT_NOT_PRESENT = "Object not present"  # ASSUMED: code table name

# --- config API (configstore.py)
# indicative: pango pango_test.go multi-config fixture, a delete of an absent node answers
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
COMMIT_OK = "Configuration committed successfully"  # REAL: op_show_jobs_id.commit.fin-ok.pan-os-8.1.xml
COMMIT_FAILED = "Commit failed"  # REAL: last detail line of every failed commit (seed 001, pan-python issue 25)
MODULE_DEVICE = "(Module: device)"  # REAL: pan-python issue 25, pan-os-ansible PR 405, netmiko issue 3033
CONFIG_LOCKED = "Configuration is locked by {admin}"  # indicative: the prefix pan-os-python classifies as PanLockError
# REAL (code 14): a commit while another administrator holds a commit lock (netbox-panorama-configpump-plugin
# tests/test_push.py "commit_nok", Panorama 11.1.6)
COMMIT_LOCKED_BY_OTHERS = "Other administrators are holding device wide commit locks."

# --- locks (REAL: netbox-panorama-configpump-plugin tests/test_push.py, Panorama 11.1.6; no code attribute)
CONFIG_LOCK_ADDED = ("Successfully acquired lock. Other administrators will not be able to modify configuration "
                     "until lock is released by {admin}.")
COMMIT_LOCK_ADDED = ("Successfully acquired lock. Other administrators will not be able to commit configuration "
                     "until lock is released by {admin}.")
CONFIG_LOCK_REMOVED = "Config lock released for {admin}"
COMMIT_LOCK_REMOVED = "Commit lock released for {admin}"
CONFIG_LOCK_HELD_BY_OTHER = "Config lock is already held by {admin}"
COMMIT_LOCK_HELD_BY_OTHER = "Commit lock is already held by {admin}"
CONFIG_LOCK_NOT_HELD = "Config is not currently locked for scope {scope}"
COMMIT_LOCK_NOT_HELD = "Commit is not currently locked for scope {scope}"
LOCK_PENDING_CHANGES = "Cannot acquire lock: administrator {admin} has uncommitted changes"  # ASSUMED

# --- jobs (REAL, code 7: netbox-panorama-configpump-plugin tests/test_push.py "show_jobs_nok")
JOB_NOT_FOUND = "job {jobid} not found"
# REAL: the AutoCom job of op_show_jobs_all.fin-ok.xml and the Failed-Job entry of
# op_show_jobs_all.with-failed-job-entry-no-id.xml (pan-os-upgrade-assurance tests/test_firewall_proxy.py)
AUTOCOM_DETAILS = ("Configuration committed successfully", "Successfully committed last configuration")
FAILED_JOB_DETAILS = ("job failed because of configd restart",)

# --- HA (REAL: sync-to-remote messages.md, state_suspend/functional samples)
HA_SYNC_QUEUED = "HA synchronization job has been queued on peer. Please check job status on peer."
HA_SYNC_IN_PROGRESS = "Another sync is in progress. Please try again later"  # indicative (pan-os-python)
HA_SYNC_FAILED = "Failed to synchronize running configuration with HA peer"  # indicative (pan-os-python)
HA_NOT_ENABLED = "HA is not enabled"  # ASSUMED
HA_PEER_UNREACHABLE = "HA peer is not reachable"  # ASSUMED
HA_CONFIG_SYNC_DISABLED = "Configuration synchronization is disabled"  # ASSUMED
HA_SUSPEND_OK = "Successfully changed HA state to suspended"  # REAL: state_suspend sample
HA_LAST_ERROR_SUSPENDED = ("suspended", "User requested")  # REAL: last-error-state/-reason, PA-VM 10.0.9 sample
# indicative: the pair of values a non-functional peer reports in the PA-5250 9.1.11 sample; the emulator reports it
# for a device its stay_down fault keeps non-functional after `state functional` (ASSUMPTIONS.md)
HA_LAST_ERROR_NOT_FUNCTIONAL = ("non-functional", "Link down")
HA_LINK_DOWN = "Link down"  # REAL as a last-error-reason (9.1.11 sample); as conn-down-reason of a link ASSUMED
HA_FUNCTIONAL_OK = "Successfully changed HA state to functional"  # REAL: state_functional sample
HA_SYNC_CLOCK_OK = "Clock synchronized to HA peer"  # ASSUMED
HA_RUNTIME_STATE_OK = "Runtime state synchronization requested"  # ASSUMED
HA_SYNC_TARGET_OK = "Successfully synchronized {target} to HA peer"  # ASSUMED
HA_STATE_SYNC_UNAVAILABLE = "Session state synchronization is not available (HA2 down or state sync disabled)"  # ASSUMED

# Why config sync would not happen (seed 000), by the blocker code the control API reports; a refused sync-to-remote
# answers HA_SYNC_FAILED followed by these lines. ha_disabled / ha1_down / config_sync_disabled: ASSUMED (above);
# the others ASSUMED wording of the documented conditions.
BLOCKERS = {
    "ha_disabled": HA_NOT_ENABLED,
    "ha1_down": HA_PEER_UNREACHABLE,
    "config_sync_disabled": HA_CONFIG_SYNC_DISABLED,
    "version_incompatible": "PAN-OS versions are incompatible",
    "multi_vsys_mismatch": "Multi-vsys capability differs",
    "gtp_mismatch": "GTP is enabled on one peer only",
    "sctp_mismatch": "SCTP is enabled on one peer only",
    "vpn_mismatch": "VPN is enabled on one peer only",
    "features_mismatch": "Enabled features differ",
    "dataplane_not_ready": "Dataplane or slots not ready",
    "url_db_incompatible": "URL databases are incompatible",
    "license_mismatch": "Licenses differ",
    "plugin_mismatch": "Plugins differ",
}

# --- commit/HA-Sync validation failures
# REAL (seed 001, the HA-Sync job of a jumbo-frame mismatch): kept exactly, followed by COMMIT_FAILED.
JUMBO_MISMATCH = "device: device is not in jumbo-frame mode but interface {iface} mtu is greater than 1500"
INTERFACE_CONFIG_ERROR = "interface configuration error"
# ASSUMED text in the REAL "Error: ..." / "(Module: device)" / "Commit failed" layout of a device-module failure
# (pan-python issue 25: "Error: vsys1 decryption: forward decrypt trust cert is not configured"); {path} is the
# first value the receiver's master key cannot decrypt, e.g. "shared -> server-profile -> ldap -> corp-ldap ->
# bind-password" (the " -> " path style of PAN-OS validation errors).
MASTER_KEY_MISMATCH = "Error: {path}: Failed to decrypt the value with the master key of this device"
HA_SYNC_OK = "Configuration committed successfully"  # ASSUMED: same as a commit
JOB_INTERNAL_ERROR = "internal error: {error}"  # ASSUMED: the detail line of a job whose model code raised

# --- master key
# REAL (demisto/content Packs/PAN-OS/Integrations/Panorama/test_data/create_master_key.xml): the text <result> of a
# successful request master-key; the commit of the re-encrypted configuration is the job named at its end.
MASTER_KEY_CHANGED = ("Master key changed successfully. All key material has been re-encrypted with new master key "
                      "and committed via jobid {jobid}")
# ASSUMED (no sample of a refused request; the rules come from the docs, reference/panos-xml/masterkey.md)
MASTER_KEY_WRONG_CURRENT = "Current master key is incorrect"
MASTER_KEY_BAD_LENGTH = "Master key must be 16 characters"
MASTER_KEY_BAD_LIFETIME = "lifetime must be between 1 and 17520 hours"
MASTER_KEY_BAD_REMINDER = "reminder must be between 1 hours and the lifetime"

# --- clock
# Answer to <revert><config>...: ASSUMED (no recorded answer found; the command itself is REAL).
REVERT_DONE = "Config reverted"
