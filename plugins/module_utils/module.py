# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every hapair.panos module does the same way: build the argument spec, turn errors into fail_json.

A module's main() is: ``module = pair_module(spec)``; ``run_task(module, TheTask)`` (task.py), which calls
``run_module``.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.hapair.panos.plugins.module_utils.connection import forget_sent_requests, sent_requests
from ansible_collections.hapair.panos.plugins.module_utils.provider_spec import pair_argument_spec
from ansible_collections.hapair.panos.plugins.module_utils.errors import HapairError


def pair_module(argument_spec=None, **kwargs):
    """An AnsibleModule taking provider + peer_provider + the module's own options."""
    spec = pair_argument_spec()
    spec.update(argument_spec or {})
    return AnsibleModule(argument_spec=spec, **kwargs)


def run_module(module, work):
    """Call work(module) -> result dict and exit; every HapairError becomes fail_json with its own report.

    A failure after a device accepted a state-changing request reports changed=true and ``sent`` (device, request,
    job id), so the operator knows what was already done (for example the HA-Sync that ran before the failure)."""
    forget_sent_requests()
    try:
        result = work(module)
    except HapairError as exc:
        failure = exc.to_fail_kwargs()
        sent = sent_requests()
        if sent:
            failure.update(changed=True, sent=sent)
        module.fail_json(**failure)
    module.exit_json(**result)
