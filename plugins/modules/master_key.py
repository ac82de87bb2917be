#!/usr/bin/python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: master_key
short_description: Change the master key of one peer, or of both peers at once, of a PAN-OS HA pair
version_added: 1.0.0
description:
  - Runs C(request master-key) on one peer (O(peer)), waits for the job, starts a new API session (a master-key
    change invalidates API keys, so the module generates a new one from the password) and reads
    C(show system masterkey-properties) back to prove the change (an expiry is now set, about O(lifetime) hours
    ahead).
  - The master key does not sync between HA peers, yet both peers must hold the same key or HA synchronization
    fails. Change it on each peer with the same O(new_master_key), either in one task per peer or in one task with
    O(peer=both), which checks every precondition on both peers before changing either key, then changes both at
    once (one thread per peer, so the task waits through one key-change job, not two). The result is then in
    RV(peers), one entry per peer, and the top-level per-peer values (RV(peer), RV(job), RV(properties) ...)
    are absent. The role hapair.panos.master_key_rotation runs the whole sequence.
  - The vendor requires config sync to be disabled on both peers while the keys are changed. The module reads
    C(show high-availability all) on both peers and refuses (C(reason) V(config_sync_enabled)) while it is
    enabled on either, unless O(allow_config_sync=true). Disable it first with hapair.panos.sync_settings
    (C(config_sync=false)) and enable it again after both peers have the new key.
  - It also refuses while a commit or HA-Sync job is queued or running on the peer.
  - Options are validated before anything is sent; messages name the option and the rule, never the key.
    The keys are C(no_log) and are redacted from every error and log line.
  - Not idempotent. The key cannot be read over the API, so every run changes the key (C(changed) is always
    true) and re-starts its lifetime. To finish a rotation that failed half-way, re-run with
    O(already_rotated_ok=true). A peer that already holds O(new_master_key) is then recognised
    (RV(already_had_new_key)) instead of failing.
  - Requires a password (O(provider.password) or O(peer_provider.password), or E(PANOS_PASSWORD)) for the
    selected peer, because the API key stops working after the change.
  - Failures carry a C(reason). V(wrong_current_key) means the peer does not hold O(current_master_key) and nothing
    was changed. V(master_key_change_failed) means the master-key job failed; the task returns the job and its
    detail lines. V(config_sync_enabled) and V(config_sync_unknown) are the config-sync refusals.
author: hapair.panos developers (@hapair)
extends_documentation_fragment:
  - hapair.panos.provider
  - hapair.panos.provider.pair
  - hapair.panos.peers.peer
  - hapair.panos.attributes
  - hapair.panos.attributes.state_changing
attributes:
  check_mode:
    details: Validates the options, reads config sync, the job queue and the master-key properties, applies the
      same refusals and predicts C(changed=true); sends no state-changing request.
options:
  new_master_key:
    description:
      - The new master key. Exactly 16 characters (the PAN-OS rule documented for the web interface; newer releases
        may accept longer keys, which this module does not support), printable ASCII without spaces
        (C(!) to C(~)). Must differ from O(current_master_key) and from the factory default key.
    type: str
    required: true
  current_master_key:
    description:
      - The key the peer holds now, validated like O(new_master_key).
      - Required unless the peer still has the factory default key (never changed; hapair.panos.master_key_info
        reports C(default_key) true). When it is omitted and the peer's key has an expiry (so it was changed), the
        module refuses before sending anything, unless O(already_rotated_ok=true).
    type: str
  lifetime:
    description:
      - Lifetime of the new key in hours, 1 to 17520 (730 days). When the key expires the firewall reboots into
        maintenance mode, so rotate before then.
    type: int
    required: true
  reminder:
    description:
      - Hours before expiry at which the device starts reminding, 1 to O(lifetime) - 1. No reminder when omitted.
    type: int
  on_hsm:
    description:
      - Whether the master key is encrypted by a hardware security module.
    type: bool
    default: false
  allow_config_sync:
    description:
      - Change the key even though configuration synchronization is enabled on a peer (or cannot be read on the
        other peer). Not recommended; the module warns.
    type: bool
    default: false
  already_rotated_ok:
    description:
      - When the peer rejects O(current_master_key) as wrong, retry once with the current key set to
        O(new_master_key). If the peer accepts, it already had the new key (an earlier run changed it); the key is
        re-applied with the requested O(lifetime) and RV(already_had_new_key) is true.
      - If the peer rejects both keys the task fails with C(reason) V(wrong_current_key) and nothing was changed.
    type: bool
    default: false
  timeout:
    description:
      - Seconds to wait for the master-key job.
    type: int
    default: 600
seealso:
  - module: hapair.panos.master_key_info
  - module: hapair.panos.sync_settings
'''

EXAMPLES = r'''
- name: Disable config sync on both peers
  hapair.panos.sync_settings:
    provider: "{{ provider }}"
    config_sync: false

- name: Change the master key on the peer of provider
  hapair.panos.master_key:
    provider: "{{ provider }}"
    peer: provider
    current_master_key: "{{ vault_old_master_key }}"
    new_master_key: "{{ vault_new_master_key }}"
    lifetime: 8760
    reminder: 720

- name: Then on the other peer (recognises a peer an earlier, interrupted run already changed)
  hapair.panos.master_key:
    provider: "{{ provider }}"
    peer: peer_provider
    current_master_key: "{{ vault_old_master_key }}"
    new_master_key: "{{ vault_new_master_key }}"
    lifetime: 8760
    reminder: 720
    already_rotated_ok: true

- name: Enable config sync again
  hapair.panos.sync_settings:
    provider: "{{ provider }}"
    config_sync: true
'''

RETURN = r'''
peers:
  description:
    - With O(peer=both), what the change did on each peer, keyed V(provider) and V(peer_provider). Each entry has
      the keys a one-peer run returns at the top level (C(peer), C(job), C(message), C(properties), C(before),
      C(config_sync), C(already_had_new_key), C(rekeyed), C(changed)).
    - When the task failed, the entry of a peer whose change failed has instead C(failed=true), C(msg), C(error),
      C(reason), C(remedy), C(peer) and C(changed) (whether a request to change it was accepted), so a caller can
      tell which peer holds which key.
  returned: O(peer=both)
  type: dict
  sample: {provider: {peer: "192.0.2.11:443", changed: true, already_had_new_key: false,
                      job: {id: 1234, type: Commit, status: FIN, result: OK}},
           peer_provider: {peer: "192.0.2.12:443", failed: true, changed: false, reason: wrong_current_key,
                           msg: "The device rejected current_master_key ..."}}
pair:
  description:
    - With O(peer=both), whether the two peers' master-key properties read back after the changes (in check mode,
      the current ones) agree, by the rule of RV(hapair.panos.master_key_info#module:pair) (expiry and reminder
      times within C(tolerance_hours) of each other, the same HSM and auto-renew settings). Agreement does not prove that both peers hold the same
      key; only a successful HA sync does.
  returned: O(peer=both), when the task succeeded
  type: dict
  contains:
    agree:
      description: True when the properties agree.
      type: bool
    differences:
      description: Each property that differs, as C(field), C(values) (per peer) and C(message).
      type: list
      elements: dict
    tolerance_hours:
      description: How far apart (hours) the two peers' times may be and still agree.
      type: int
  sample: {agree: true, differences: [], tolerance_hours: 24}
elapsed_seconds:
  description: Wall time of the module's run, from reading the pair to the properties read back after the change(s).
  returned: when the task succeeded
  type: float
  sample: 16.4
peer:
  description: Name (C(address:port)) of the peer whose key was changed.
  returned: when O(peer) names one peer
  type: str
  sample: "192.0.2.11:443"
job:
  description:
    - The commit job the device started for the change, parsed as hapair.panos.job_info does. PAN-OS changes
      the key synchronously, re-encrypts its key material and commits it as a job whose id is in the reply's
      text (C(... committed via jobid 1234)); the module waits for that job.
    - Null in check mode, or when the device named no job and none was found in its job list.
  returned: when O(peer) names one peer
  type: dict
  sample: {id: 1234, type: Commit, status: FIN, result: OK, details: ["Configuration committed successfully"]}
message:
  description: The device's reply to the change, for example C(Master key changed successfully. All key material
    has been re-encrypted with new master key and committed via jobid 1234). Absent in check mode.
  returned: changed, when O(peer) names one peer
  type: str
properties:
  description: The master-key properties read with the new API session after the change (in check mode, the
    current ones). Same keys as RV(hapair.panos.master_key_info#module:peers).
  returned: when O(peer) names one peer
  type: dict
  sample:
    expire_at: "2027/03/01 10:00:00"
    remind_at: "2027/02/01 10:00:00"
    seconds_to_expiry: 31535990
    reminder_lead_seconds: 2592000
    seconds_to_reminder: 28943990
    days_to_expiry: 365.0
    expired: false
    on_hsm: false
    auto_renew: 0
    default_key: false
before:
  description: The master-key properties read before the change.
  returned: when O(peer) names one peer
  type: dict
already_had_new_key:
  description: True when the peer rejected O(current_master_key) but accepted O(new_master_key) as its current
    key (only with O(already_rotated_ok=true)).
  returned: when O(peer) names one peer
  type: bool
rekeyed:
  description: True when a new API key was generated after the change.
  returned: when O(peer) names one peer
  type: bool
config_sync:
  description: Configuration synchronization enabled (true/false, null when unknown) per peer, as read before the change.
  returned: when O(peer) names one peer
  type: dict
  sample: {"192.0.2.11:443": false, "192.0.2.12:443": false}
'''

from ansible_collections.hapair.panos.plugins.module_utils.master_key import DEFAULT_TIMEOUT, MasterKey
from ansible_collections.hapair.panos.plugins.module_utils.module import pair_module
from ansible_collections.hapair.panos.plugins.module_utils.selection import selection_argument_spec
from ansible_collections.hapair.panos.plugins.module_utils.task import run_task


def main():
    module = pair_module(
        dict(
            **selection_argument_spec('peer'),
            new_master_key=dict(type='str', required=True, no_log=True),
            current_master_key=dict(type='str', no_log=True),
            lifetime=dict(type='int', required=True),
            reminder=dict(type='int'),
            on_hsm=dict(type='bool', default=False),
            allow_config_sync=dict(type='bool', default=False),
            already_rotated_ok=dict(type='bool', default=False),
            timeout=dict(type='int', default=DEFAULT_TIMEOUT),
        ),
        supports_check_mode=True,
    )
    run_task(module, MasterKey)


if __name__ == '__main__':
    main()
