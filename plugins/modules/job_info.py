#!/usr/bin/python
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r'''
module: job_info
short_description: Read and diagnose jobs (HA-Sync, Commit, ...) on the peers of a PAN-OS HA pair
version_added: 1.0.0
description:
  - Reads C(show jobs all) (or C(show jobs id N)) on one or both peers and returns each job parsed, newest first.
  - A failed job gets a classified RV(jobs[].reason) (for example C(jumbo_frame_mismatch),
    C(master_key_mismatch), C(version_incompatible), C(config_locked), C(unknown)) and a remediation sentence.
  - An HA-Sync job runs on the peer that receives the configuration, so look there for a failed sync.
  - With O(peers=provider) only the peer of O(provider) is read; the other peer is not needed.
  - Read-only.
author: hapair.panos developers (@hapair)
extends_documentation_fragment:
  - hapair.panos.provider
  - hapair.panos.provider.pair
  - hapair.panos.peers
  - hapair.panos.attributes
  - hapair.panos.attributes.info_module
options:
  job_id:
    description:
      - Read only this job (on each selected peer that has it).
    type: int
  types:
    description:
      - Job types to return. An empty list returns every type.
    type: list
    elements: str
    default: [HA-Sync, Commit]
  limit:
    description:
      - At most this many jobs per peer, newest first. V(0) returns all.
    type: int
    default: 10
'''

EXAMPLES = r'''
- name: Why did the last sync fail?
  hapair.panos.job_info:
    provider: "{{ provider }}"
    types: [HA-Sync]
    limit: 1
  register: jobs

- name: Show failed jobs with their reason
  ansible.builtin.debug:
    msg: "{{ item.device }} job {{ item.id }}: {{ item.reason }} - {{ item.remedy }}"
  loop: "{{ jobs.jobs | selectattr('result', 'equalto', 'FAIL') }}"
'''

RETURN = r'''
jobs:
  description: Jobs of every selected peer, newest first per peer.
  returned: always
  type: list
  elements: dict
  contains:
    device:
      description: Name of the peer the job ran on.
      type: str
    id:
      description: Job id.
      type: int
    type:
      description: Job type (C(HA-Sync), C(Commit), ...).
      type: str
    status:
      description: C(PEND), C(ACT) or C(FIN).
      type: str
    result:
      description: C(PEND), C(OK) or C(FAIL).
      type: str
    progress:
      description: Percent done (null when the device reports a timestamp there).
      type: int
    details:
      description: Detail lines.
      type: list
      elements: str
    warnings:
      description: Warning lines.
      type: list
      elements: str
    reason:
      description: Classified failure reason; null unless the job failed.
      type: str
    remedy:
      description: What to do about the failure; null unless the job failed.
      type: str
  sample:
    - device: "192.0.2.12:443"
      id: 280
      type: HA-Sync
      status: FIN
      result: FAIL
      details: ["device: device is not in jumbo-frame mode but interface ae1.518 mtu is greater than 1500",
                "interface configuration error", "Commit failed"]
      reason: jumbo_frame_mismatch
failed_count:
  description: Number of failed jobs returned (a failed job is reported, not a module failure).
  returned: always
  type: int
'''

from ansible_collections.hapair.panos.plugins.module_utils.job_info import JobInfo
from ansible_collections.hapair.panos.plugins.module_utils.module import pair_module
from ansible_collections.hapair.panos.plugins.module_utils.selection import selection_argument_spec
from ansible_collections.hapair.panos.plugins.module_utils.task import run_task


def main():
    module = pair_module(
        dict(
            **selection_argument_spec('peers'),
            job_id=dict(type='int'),
            types=dict(type='list', elements='str', default=['HA-Sync', 'Commit']),
            limit=dict(type='int', default=10),
        ),
        supports_check_mode=True,
    )
    run_task(module, JobInfo)


if __name__ == '__main__':
    main()
