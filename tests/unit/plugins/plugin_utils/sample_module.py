# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A module for test_in_process.py: echoes its arguments, warns, masks a no_log value, fails or raises on request."""

from __future__ import annotations

import os

from ansible.module_utils.basic import AnsibleModule

COUNTER = []  # module-level state: a forked run must start from the imported (empty) state every time


def main():
    module = AnsibleModule(argument_spec=dict(
        name=dict(type='str', required=True),
        secret=dict(type='str', no_log=True),
        mode=dict(type='str', default='ok', choices=['ok', 'fail', 'raise', 'return']),
    ), supports_check_mode=True)
    COUNTER.append(1)
    p = module.params
    if p['mode'] == 'raise':
        raise RuntimeError('raised on purpose')
    if p['mode'] == 'return':
        return
    module.warn('a warning about %s' % p['name'])
    result = dict(changed=not module.check_mode, name=p['name'], echoed_secret=p['secret'], runs=len(COUNTER),
                  env=os.environ.get('HAPAIR_TEST_ENV'), pid=os.getpid())
    if p['mode'] == 'fail':
        module.fail_json(msg='failed on purpose', **result)
    module.exit_json(**result)
