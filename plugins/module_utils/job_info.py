# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The job_info module: recent jobs (or one job) of the selected peers, described the same way everywhere
(jobs.describe_job), with a warning for a job type nobody has or a job id a peer does not know."""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils.connection import Device
from ansible_collections.hapair.panos.plugins.module_utils.errors import ApiError
from ansible_collections.hapair.panos.plugins.module_utils.jobs import (
    KNOWN_JOB_TYPES,
    describe_job,
    find_jobs,
    get_job,
    unknown_types,
)
from ansible_collections.hapair.panos.plugins.module_utils.selection import select_devices
from ansible_collections.hapair.panos.plugins.module_utils.task import Plan, Task


class JobInfo(Task):
    """Read-only: its plan is the jobs read; it never has changes."""

    def discover(self, module):
        if self.params['peers'] == 'provider':
            return [Device(self.params['provider'], warn=module.warn)]  # one device: no need to discover the pair
        return select_devices(super().discover(module), self.params['peers'], option='peers')

    def plan(self, pair):
        jobs = []
        for device in pair:
            found = self.one_job(device) if self.params['job_id'] is not None else self.recent_jobs(device)
            jobs.extend(dict(describe_job(job), device=device.name) for job in found)
        return Plan(facts={'jobs': jobs})

    def one_job(self, device):
        job_id = self.params['job_id']
        try:
            found = [job for job in [get_job(device, job_id)] if job]
        except ApiError:  # that peer has no such job
            found = []
        if not found:
            self.warn('%s has no job %s (it answers "job %s not found")' % (device.name, job_id, job_id))
        return found

    def recent_jobs(self, device):
        every = find_jobs(device, types=None)
        unknown = unknown_types(self.params['types'], [job['type'] for job in every])
        if unknown:
            self.warn('job type(s) %s are not known and %s has none: check the spelling (known: %s)'
                      % (', '.join(unknown), device.name, ', '.join(KNOWN_JOB_TYPES)))
        wanted = set(self.params['types'] or ())
        found = [job for job in every if not wanted or job['type'] in wanted]
        return found[:self.params['limit']] if self.params['limit'] > 0 else found

    def result(self, plan, applied, verified, check_mode):
        jobs = plan.facts['jobs']
        return {'jobs': jobs, 'failed_count': sum(1 for job in jobs if job['result'] == 'FAIL')}
