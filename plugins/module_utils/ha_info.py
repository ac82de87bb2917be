# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ha_info module: both peers as discovery read them (pair.describe_peers), with session counts if asked."""

from __future__ import annotations

from ansible_collections.hapair.panos.plugins.module_utils.pair import describe_peers
from ansible_collections.hapair.panos.plugins.module_utils.task import Plan, Task


class HaInfo(Task):
    """Read-only: its plan is what discovery read; it never has changes."""

    def plan(self, pair):
        return Plan(facts={'peers': describe_peers(pair, sessions=self.params['sessions'])})

    def result(self, plan, applied, verified, check_mode):
        return dict(plan.facts['peers'])
