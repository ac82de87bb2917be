"""Make build/docsite buildable offline: an intersphinx inventory of the Ansible docs labels the pages use.

    python tools/docsite_inventory.py build/docsite

sphinx-init's conf.py fetches intersphinx inventories from docs.python.org and docs.ansible.com, which CI cannot
reach, and Sphinx (warnings as errors) then fails on every :ref: into the Ansible docs that antsibull-docs
writes (the common return values, the configuration settings). This writes those labels, with their real
docs.ansible.com addresses, as a local inventory and points conf.py at it, so the links work on the site.
A label missing here fails the build ("undefined label"): add it with its page.
"""

import sys
import zlib
from pathlib import Path

BASE = "https://docs.ansible.com/projects/ansible/devel/"
# label: (page under BASE, anchor, title)
LABELS = {
    "common_return_values": ("reference_appendices/common_return_values.html", "common-return-values",
                             "Return Values"),
    "ansible_configuration_settings": ("reference_appendices/config.html", "ansible-configuration-settings",
                                       "Ansible Configuration Settings"),
    "module_defaults": ("playbook_guide/playbooks_module_defaults.html", "module-defaults", "Module defaults"),
    # antsibull-docs links the "action plugin" note of a module that has one (every module since the in-process
    # actions; report and fleet_report are action plugins only)
    "action_plugins": ("plugins/action.html", "action-plugins", "Action plugins"),
}


def main(docsite):
    docsite = Path(docsite)
    lines = ["%s std:label -1 %s#%s %s" % (label, page, anchor, title) for label, (page, anchor, title)
             in sorted(LABELS.items())]
    header = (b"# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n"
              b"# The remainder of this file is compressed using zlib.\n")
    (docsite / "ansible_devel.inv").write_bytes(header + zlib.compress(("\n".join(lines) + "\n").encode()))
    with open(docsite / "conf.py", "a") as conf:
        conf.write("\n# tools/docsite_inventory.py: offline, the Ansible labels from a local inventory only\n"
                   "intersphinx_mapping = {'ansible_devel': (%r, '../ansible_devel.inv')}\n" % BASE)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
