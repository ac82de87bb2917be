"""Every module's EXAMPLES, run as written against the emulator (issue 10 finding 17: examples that did not run, a
``when:`` that is not boolean on ansible-core 2.19, a folded xpath). Each module's examples run in one play, in
their order, on a freshly reset pair; SETUP lists what a module's examples assume about the pair (stated in the
examples' own names), VARS the variables they use."""

import ast
import glob
import os
import re

import pytest
import yaml
from conftest import task

MODULES = os.path.join(os.path.dirname(__file__), '..', '..', 'plugins', 'modules')
VARS = {"vault_new_master_key": "Ex4mple-N3w-Key!", "vault_old_master_key": "p1a2l3o4a5l6t7o8",
        "vault_snmp_community": "ex4mple-community"}
# What the examples of a module assume: the master-key examples follow "disable config sync on both peers first".
SETUP = {"master_key": [task("disable config sync first, as the examples say", "sync_settings", {"config_sync": False})]}


def examples(path):
    tree = ast.parse(open(path, encoding="utf-8").read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "EXAMPLES" for t in node.targets):
            return yaml.safe_load(node.value.value)
    raise AssertionError("%s has no EXAMPLES" % path)


AA = re.compile(r'active/active|\bA/A\b')
NAMES = sorted(os.path.basename(p)[:-3] for p in glob.glob(os.path.join(MODULES, "*.py")))


@pytest.mark.parametrize("module", NAMES)
def test_the_examples_run_as_written(emulator, emulator_aa, play, module):
    every = examples(os.path.join(MODULES, module + ".py"))
    # An example whose name says active/active runs on an active/active pair, the others on active/passive.
    for emu, tasks in ((emulator, [t for t in every if not AA.search(t["name"])]),
                       (emulator_aa, [t for t in every if AA.search(t["name"])])):
        if not tasks:
            continue
        emu.control.reset()
        result = play(emu, SETUP.get(module, []) + tasks, with_peer=True, extra_vars=VARS, expect_rc=None)
        failed = {name: r.get("msg") for name, r in result.tasks.items() if r["_status"] == "failed"}
        assert result.rc == 0 and not failed, (module, failed, result.stdout[-3000:], result.stderr[-2000:])
        assert result.tasks, module
