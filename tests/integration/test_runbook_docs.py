"""The runbook commands of the docs run, as written, against the emulator: a doc edit cannot drift silently.

Every `ansible-playbook hapair.panos.<name> ...` of docs/runbook-*.md, docs/connection.md and README.md (inline code
and fenced shell blocks; README's `<name>` is expanded with its playbook table) is extracted, checked (the playbook
exists, every -e variable is one the playbook or its roles' meta/argument_specs.yml declare) and run with the flags
as written. What the docs give as inventory (fenced yaml blocks headed `# host_vars/...`, `# group_vars/...`) is the
inventory, with only the addresses, port, user and CA replaced by the emulator's and the `vault_*` variables it
references defined; `-e @vault.yml` gets a generated file with the roles' required (secret) variables. Documented
plays (fenced yaml lists of plays) run too. Expected rc: 0 on the healthy pair (report-only, check mode, the gate
that fails only on blockers); 2 with "missing required arguments" for a command that does not give a role's
required variables (README's generic line for rotate_master_key).
"""

import ast
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import AE1_518, COLLECTIONS_PATH, DEV, REPO, clear_requests, emu_names, state_changing_requests
from panos_emulator.masterkey import DEFAULT_KEY, fingerprint

DOC_FILES = sorted((REPO / "docs").glob("runbook-*.md")) + [REPO / "docs" / "connection.md", REPO / "README.md"]
PLAYBOOKS = sorted(p.stem for p in (REPO / "playbooks").glob("*.yml"))
NEW_KEY = "Docs-NewKey-0123"
# Values for the roles' required variables, given through `-e @vault.yml` (a required variable missing here fails
# test_vault_values_cover_every_required_variable, so a new one cannot be forgotten).
VAULT_VALUES = {"master_key_rotation_current_key": DEFAULT_KEY, "master_key_rotation_new_key": NEW_KEY}
VAULT_PASSWORD = "docs-vault-password"
COMMAND_RE = re.compile(r"ansible-playbook\s+hapair\.panos\.")
FENCE_RE = re.compile(r"^\s*```(\w*)")
SECTION_RE = re.compile(r"^#\s*(?:inventory/)?(host_vars|group_vars)/([\w.-]+?)\.ya?ml\b")


# ---------------------------------------------------------------- extraction


def _rel(path):
    return str(Path(path).relative_to(REPO))


def _section_names(lines, index):
    """Backticked names of the next table after line `index` (README's playbook table): the column headed
    `playbook`, else the first column."""
    names, column = [], None
    for line in lines[index + 1:]:
        if line.startswith("#"):
            break
        if not line.startswith("|") or re.match(r"^\|\s*-", line):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if column is None:
            column = cells.index("playbook") if "playbook" in cells else 0
            if "playbook" in cells:
                continue
        names += re.findall(r"`([^`]+)`", cells[column])
    return names


def _commands_in_line(text, in_fence):
    """(command text, trailing comment) of each ansible-playbook command on a line."""
    if in_fence:
        stripped = re.sub(r"^\s*\$\s*", "", text)
        if COMMAND_RE.match(stripped.strip()):
            command, _hash, comment = stripped.strip().partition("#")
            return [(command.strip(), comment.strip())]
        return []
    return [(span.strip(), "") for span in re.findall(r"`([^`]+)`", text) if COMMAND_RE.match(span.strip())]


def extract():
    """Commands and yaml blocks of the doc files."""
    commands, blocks = [], []
    for path in DOC_FILES:
        lines = path.read_text().splitlines()
        fence, block = None, None
        for index, line in enumerate(lines):
            match = FENCE_RE.match(line)
            if match:
                if fence is None:
                    fence = match.group(1) or "text"
                    intro = next((ln for ln in reversed(lines[:index]) if ln.strip()), "")
                    block = (index + 2, [], intro)
                else:
                    if fence in ("yaml", "yml"):
                        blocks.append({"doc": _rel(path), "line": block[0], "text": "\n".join(block[1]),
                                       "active_active": "active/active" in block[2].lower()})
                    fence, block = None, None
                continue
            if fence is not None:
                block[1].append(line)
                if fence not in ("sh", "bash", "shell", "console", "text"):
                    continue
            for text, comment in _commands_in_line(line, fence is not None):
                names = [None]
                placeholder = next((p for p in ("<name>", "<playbook>") if p in text), None)
                if placeholder:
                    names = _section_names(lines, index)
                    assert names, "%s:%d: %r has %s but no playbook table follows" % (_rel(path), index + 1, text, placeholder)
                for name in names:
                    concrete = text.replace(placeholder, name) if name else text
                    commands.append({"doc": _rel(path), "line": index + 1, "text": concrete, "comment": comment})
    return commands, blocks


COMMANDS, YAML_BLOCKS = extract()


def normalized(command):
    """The argv the test runs (an inventory is always given); identical commands in several docs run once."""
    argv = shlex.split(command["text"])
    if not any(a in ("-i", "--inventory") or a.startswith(("-i", "--inventory=")) for a in argv[1:]):
        argv += ["-i", "inventory.yml"]
    return argv


def unique_commands():
    seen = {}
    for command in COMMANDS:
        key = tuple(normalized(command))
        if key in seen:
            seen[key]["also"].append("%s:%d" % (command["doc"], command["line"]))
        else:
            seen[key] = dict(command, argv=list(key), also=[])
    return list(seen.values())


UNIQUE = unique_commands()


def command_id(command):
    return "%s:%d:%s" % (command["doc"], command["line"], " ".join(command["argv"][1:]).replace(" ", "_"))


def playbook_of(argv):
    return argv[1][len("hapair.panos."):] if argv[1].startswith("hapair.panos.") else None


def inventory_sections(active_active=False):
    """(kind, name, vars) of every inventory example: fenced yaml blocks that are mappings, split at their
    `# host_vars/NAME.yml` / `# group_vars/NAME.yml` headers (a block without one is host vars). The blocks the
    docs introduce as what active/active pairs add come only with active_active=True."""
    sections = []
    for block in YAML_BLOCKS:
        data = yaml.safe_load(block["text"])
        if not isinstance(data, dict) or (block["active_active"] and not active_active):
            continue
        if set(data) <= {"collections", "roles"}:
            continue  # a requirements.yml, not an inventory
        groups = {name: group for name, group in data.items() if isinstance(group, dict) and "hosts" in group}
        if groups:
            # A whole inventory file (README): each host's vars are host vars, each group's vars group vars.
            for group in groups.values():
                for host, host_vars in (group.get("hosts") or {}).items():
                    sections.append({"doc": block["doc"], "line": block["line"], "kind": "host_vars", "name": host,
                                     "vars": host_vars or {}, "active_active": block["active_active"]})
                if group.get("vars"):
                    sections.append({"doc": block["doc"], "line": block["line"], "kind": "group_vars", "name": None,
                                     "vars": group["vars"], "active_active": block["active_active"]})
            continue
        current, chunks = ("host_vars", None), []
        parts = []
        for line in block["text"].splitlines():
            match = SECTION_RE.match(line)
            if match:
                if chunks:
                    parts.append((current, "\n".join(chunks)))
                current, chunks = (match.group(1), match.group(2)), []
            chunks.append(line)
        parts.append((current, "\n".join(chunks)))
        for (kind, name), text in parts:
            data = yaml.safe_load(text)
            if data:
                sections.append({"doc": block["doc"], "line": block["line"], "kind": kind, "name": name, "vars": data,
                                 "active_active": block["active_active"]})
    return sections


def play_examples():
    return [b for b in YAML_BLOCKS if isinstance(yaml.safe_load(b["text"]), list)]


# ---------------------------------------------------------------- what exists


def argument_spec(role):
    path = REPO / "roles" / role / "meta" / "argument_specs.yml"
    return yaml.safe_load(path.read_text())["argument_specs"]["main"]["options"] if path.is_file() else None


def _included_roles(tasks):
    """Roles a task list runs with include_role/import_role (in blocks too), not their other entry points."""
    for entry in tasks or []:
        yield from _included_roles(entry.get("block", []) + entry.get("rescue", []) + entry.get("always", []))
        for key in ("ansible.builtin.include_role", "ansible.builtin.import_role", "include_role", "import_role"):
            if key in entry and "tasks_from" not in entry[key]:
                yield entry[key]["name"]


def roles_of(playbook):
    roles = []
    for play in yaml.safe_load((REPO / "playbooks" / (playbook + ".yml")).read_text()):
        for role in play.get("roles", []):
            name = role["role"] if isinstance(role, dict) else role
            roles.append(name.split(".")[-1])
        roles += [name.split(".")[-1] for name in _included_roles(play.get("tasks"))]
    return roles


# Play keywords a runbook may template from variables (failover_test's change-window knobs).
PLAY_KEYWORDS = ("hosts", "serial", "max_fail_percentage", "order")


def known_variables(playbook):
    """What a documented -e may set for this playbook: its roles' argument_specs options, the play's own vars and
    the variables its `hosts:` pattern and other play keywords read."""
    known = {"hapair_panos_report_dir"}  # every runbook's report directory (roles/*/defaults/main.yml)
    for play in yaml.safe_load((REPO / "playbooks" / (playbook + ".yml")).read_text()):
        known |= set(play.get("vars") or {})
        for keyword in PLAY_KEYWORDS:
            known |= set(re.findall(r"\{\{\s*(\w+)", str(play.get(keyword, ""))))
    for role in roles_of(playbook):
        known |= set(argument_spec(role) or {})
    return known


def required_variables(playbook):
    return {name for role in roles_of(playbook) for name, spec in (argument_spec(role) or {}).items()
            if spec.get("required")}


def extra_var_names(argv):
    """Variable names of -e/--extra-vars k=v arguments (@file ones: the file's, which the test generates)."""
    names, files = [], []
    for flag, value in zip(argv, argv[1:], strict=False):
        if flag not in ("-e", "--extra-vars"):
            continue
        if value.startswith("@"):
            files.append(value[1:])
        elif value.lstrip().startswith("{"):
            names += list(yaml.safe_load(value))
        else:
            names += [pair.split("=", 1)[0] for pair in value.split()]
    return names, files


def _documentation(path):
    tree = ast.parse(Path(path).read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "DOCUMENTATION":
            return yaml.safe_load(node.value.value)
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.Assign) and getattr(item.targets[0], "id", None) == "DOCUMENTATION":
                    return yaml.safe_load(item.value.value)
    raise AssertionError("no DOCUMENTATION in %s" % path)


PROVIDER_OPTIONS = set(_documentation(REPO / "plugins" / "doc_fragments" / "provider.py")["options"]["provider"]["suboptions"])
PEER_SETTINGS_OPTIONS = _documentation(REPO / "plugins" / "modules" / "peer_settings.py")["options"]
# What the role passes on to the module (roles/peer_settings/tasks/*.yml: `settings.<option> | default(omit)`).
PEER_SETTINGS_ROLE_KEYS = set(re.findall(r"\.settings\.(\w+)", "".join(
    path.read_text() for path in sorted((REPO / "roles" / "peer_settings" / "tasks").glob("*.yml")))))


def unknown_keys(value, options, where):
    """Keys of a documented value that the module's options (recursively, suboptions) do not have."""
    unknown = []
    if isinstance(value, dict):
        for key, sub in value.items():
            if key not in options:
                unknown.append("%s.%s" % (where, key))
            else:
                unknown += unknown_keys(sub, options[key].get("suboptions") or {}, "%s.%s" % (where, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                unknown += unknown_keys(item, options, "%s[%d]" % (where, index))
    return unknown


# ---------------------------------------------------------------- the static checks


def test_commands_are_extracted_and_cover_every_playbook():
    assert COMMANDS, "no ansible-playbook hapair.panos.* command found in %s" % [_rel(p) for p in DOC_FILES]
    documented = {playbook_of(c["argv"]) for c in UNIQUE}
    assert set(PLAYBOOKS) <= documented, "playbooks no doc command runs: %s" % sorted(set(PLAYBOOKS) - documented)
    assert inventory_sections(), "no inventory example found in the docs"


def command_problems(command):
    """Why a documented command cannot be right: a playbook that does not exist, a variable it does not have."""
    argv = command["argv"]
    playbook = playbook_of(argv)
    if playbook not in PLAYBOOKS:
        return ["%s:%d: %r names a playbook that does not exist (playbooks/: %s)" % (
            command["doc"], command["line"], command["text"], PLAYBOOKS)]
    names, _files = extra_var_names(argv)
    unknown = sorted(set(names) - known_variables(playbook))
    return ["%s:%d: %r sets variables hapair.panos.%s does not have: %s" % (
        command["doc"], command["line"], command["text"], playbook, unknown)] if unknown else []


@pytest.mark.parametrize("command", UNIQUE, ids=command_id)
def test_documented_command_names_what_exists(command):
    assert not command_problems(command)


def test_the_checks_catch_a_wrong_playbook_or_variable():
    """The checks above are not vacuous: a renamed playbook or variable in a doc is caught."""
    def command(text):
        return dict({"doc": "x.md", "line": 1, "text": text, "comment": ""}, argv=normalized({"text": text}))

    assert command_problems(command("ansible-playbook hapair.panos.preflights -i inventory.yml"))
    assert command_problems(command("ansible-playbook hapair.panos.sync -e sync_forced=true"))
    assert command_problems(command("ansible-playbook hapair.panos.sync -e preflight_fail_on_blockers=false"))
    assert not command_problems(command("ansible-playbook hapair.panos.sync -e sync_force=true -e sync_hosts=all"))
    assert not command_problems(command("ansible-playbook hapair.panos.drift_report -e drift_report_fail=true"))
    assert not command_problems(command("ansible-playbook hapair.panos.failover_test -e hapair_panos_serial=2"))
    assert command_problems(command("ansible-playbook hapair.panos.preflight -e hapair_panos_serial=2"))


def test_documented_extra_vars_fragments_name_existing_variables():
    """`-e name=value` fragments in the prose (`-e sync_overwrite_peer_changes=true`, `-e preflight_hosts=<group>`)."""
    known = set().union(*(known_variables(p) for p in PLAYBOOKS))
    unknown = []
    for path in DOC_FILES:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for span in re.findall(r"`([^`]+)`", line):
                for name in re.findall(r"(?:^|\s)(?:-e|--extra-vars)\s+(\w+)=", span):
                    if name not in known:
                        unknown.append("%s:%d: %s" % (_rel(path), number, name))
    assert not unknown, unknown


def test_inventory_examples_name_existing_variables():
    known = set().union(*(known_variables(p) for p in PLAYBOOKS)) | {"provider", "peer_provider"}
    problems = []
    for section in inventory_sections(active_active=True):
        where = "%s:%d (%s/%s)" % (section["doc"], section["line"], section["kind"], section["name"])
        for key, value in section["vars"].items():
            if key not in known and not key.startswith("ansible_"):
                problems.append("%s: unknown variable %s" % (where, key))
            if key in ("provider", "peer_provider"):
                problems += ["%s: %s.%s is no provider option" % (where, key, k) for k in set(value) - PROVIDER_OPTIONS]
            settings = [value] if key == "peer_settings_common" else list(value.values()) if key == "peer_settings_peers" else []
            for entry in settings:
                problems += ["%s: %s: the role does not pass %s on" % (where, key, k) for k in set(entry) - PEER_SETTINGS_ROLE_KEYS]
                problems += ["%s: %s" % (where, u) for u in unknown_keys(entry, PEER_SETTINGS_OPTIONS, key)]
    assert not problems, problems


def test_vault_values_cover_every_required_variable():
    required = set().union(*(required_variables(p) for p in PLAYBOOKS))
    assert required <= set(VAULT_VALUES), sorted(required - set(VAULT_VALUES))


# ---------------------------------------------------------------- running them


def _substitute(section_vars, emu, addresses):
    """An inventory example pointed at the emulator: provider/peer_provider addresses, port, user and CA."""
    out = {}
    for key, value in section_vars.items():
        if key in ("provider", "peer_provider"):
            index = 0 if key == "provider" else 1
            peer = emu.peer(0, index)
            if "ip_address" in value:
                addresses[str(value["ip_address"])] = peer["host"]
            value = dict(value, ip_address=peer["host"], port=peer["port"], username=peer["username"],
                         ca_path=emu.ca_file)
            if "password" not in value or "{{" not in str(value["password"]):
                value["password"] = peer["password"]
        out[key] = value
    return out


def build_inventory(emu, workdir, path="inventory.yml", extra_sections=()):
    """One host (the pair) in ha_pairs, from the docs' inventory examples; returns (path, host name)."""
    addresses, host_vars, group_vars, host = {}, {}, {}, None
    for section in list(inventory_sections()) + list(extra_sections):
        values = _substitute(section["vars"], emu, addresses)
        if section["kind"] == "group_vars":
            group_vars.update(values)
        else:
            host = host or section["name"]
            for key, value in values.items():
                host_vars[key] = dict(host_vars[key], **value) if isinstance(value, dict) and key in host_vars else value
    if "peer_settings_peers" in host_vars:  # a peer keyed by its documented address: the emulator's address
        host_vars["peer_settings_peers"] = {addresses.get(k, k): v for k, v in host_vars["peer_settings_peers"].items()}
    text = yaml.safe_dump(host_vars) + yaml.safe_dump(group_vars)
    vault = {name: emu.peer(0, 0)["password"] if "password" in name else "docs-" + name.replace("_", "-")
             for name in re.findall(r"\{\{\s*(vault_\w+)", text)}
    group_vars.update(vault)
    inventory = {"all": {"children": {"ha_pairs": {"hosts": {host or "pair1": host_vars}, "vars": group_vars}}}}
    target = Path(workdir) / path
    if not target.suffix:
        target = target / "hosts.yml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(inventory, sort_keys=False))
    return target, host or "pair1"


def run_ansible(argv, workdir):
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_STDOUT_CALLBACK="default",
               ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_DEPRECATION_WARNINGS="0",
               ANSIBLE_HOME=str(Path(workdir) / ".ansible-home"))
    for var in ("PANOS_PASSWORD", "PANOS_API_KEY", "PANOS_USERNAME"):
        env.pop(var, None)
    argv = [str(Path(sys.executable).parent / argv[0])] + argv[1:]
    proc = subprocess.run(argv, cwd=workdir, capture_output=True, text=True, env=env, timeout=200, check=False)
    (Path(workdir) / "ansible-playbook.out").write_text(proc.stdout + "\n---- stderr\n" + proc.stderr)
    return proc


def prepare(command, emu, workdir):
    """The command's files (inventory, -e @files, vault password) in workdir; returns (argv, host, given vars)."""
    argv = list(command["argv"])
    inventory_arg = argv[argv.index("-i") + 1] if "-i" in argv else "inventory.yml"
    _inventory, host = build_inventory(emu, workdir, inventory_arg)
    names, files = extra_var_names(argv)
    given = set(names)
    playbook = playbook_of(argv)
    for name in files:
        values = {k: VAULT_VALUES[k] for k in required_variables(playbook)}
        (Path(workdir) / name).write_text(yaml.safe_dump(values))
        given |= set(values)
    if "--ask-vault-pass" in argv or "-J" in argv:
        (Path(workdir) / "vault-password").write_text(VAULT_PASSWORD)
        for name in files:
            subprocess.run([str(Path(sys.executable).parent / "ansible-vault"), "encrypt", "--vault-password-file",
                            "vault-password", name], cwd=workdir, check=True, capture_output=True)
        argv = [a for a in argv if a not in ("--ask-vault-pass", "-J")] + ["--vault-password-file", "vault-password"]
    return argv, host, given


@pytest.mark.parametrize("command", UNIQUE, ids=command_id)
def test_documented_command_runs(command, emulator, tmp_path):
    playbook = playbook_of(command["argv"])
    if playbook not in PLAYBOOKS:
        pytest.fail("%s:%d: no playbook %s" % (command["doc"], command["line"], playbook))
    argv, host, given = prepare(command, emulator, tmp_path)
    proc = run_ansible(argv, tmp_path)
    out = proc.stdout + proc.stderr
    missing = required_variables(playbook) - given
    where = "%s:%d%s: %s\n%s\n%s" % (command["doc"], command["line"], "".join(" (also %s)" % a for a in command["also"]),
                                     " ".join(argv), proc.stdout[-5000:], proc.stderr[-2000:])
    if missing:
        # e.g. README's generic `-i inventory.yml` for rotate_master_key: refused before anything is sent
        assert proc.returncode == 2 and "missing required arguments" in out and all(m in out for m in missing), where
        assert not any(state_changing_requests(emulator).values()), where
        return
    assert proc.returncode == 0, where
    reports = tmp_path / "reports"
    check = "--check" in argv or "-C" in argv
    if check:
        assert not any(state_changing_requests(emulator).values()), where
    if playbook == "preflight":
        assert (reports / ("preflight-%s.json" % host)).is_file(), where
    elif playbook == "drift_report":
        assert (reports / ("drift-%s-active-passive.json" % host)).is_file(), where
    elif playbook == "health":
        assert (reports / ("health-%s.json" % host)).is_file() and "health of %s: HEALTHY" % host in proc.stdout, where
        assert not any(state_changing_requests(emulator).values()), where
    elif playbook == "rotate_master_key":
        assert (reports / ("master-key-rotation-%s.json" % host)).is_file(), where
        names = emu_names(emulator)
        assert {emulator.control.device(n)["master_key_fingerprint"] for n in names} == {fingerprint(NEW_KEY)}, where
    elif playbook == "sync":
        # In check mode the role's final assertion is skipped; its summary says what it would have done.
        assert ("HA-Sync job: none (check mode)" if check else "is synchronized") in proc.stdout, where
    elif playbook == "failover_test":
        report = json.loads((reports / ("failover-test-%s.json" % host)).read_text())
        assert report["result"] == "ok" and report["check_mode"] is check, where
        assert (report["takeover"] is None) is check, where
    elif playbook == "peer_settings" and not check:
        assert "no unexpected drift" in proc.stdout, where


@pytest.mark.parametrize("block", play_examples(), ids=lambda b: "%s:%d" % (b["doc"], b["line"]))
def test_documented_play_runs(block, emulator, tmp_path):
    """Documented plays (preflight.md's gate before your change, connection.md's module_defaults) run as written."""
    build_inventory(emulator, tmp_path)
    (tmp_path / "play.yml").write_text(block["text"] + "\n")
    proc = run_ansible(["ansible-playbook", "-i", "inventory.yml", "play.yml"], tmp_path)
    assert proc.returncode == 0, (block["doc"], block["line"], proc.stdout[-5000:], proc.stderr[-2000:])


def _active_active_inventory_sections():
    """peer-settings.md's active/active example (peer_settings_peers of its own) merged over its inventory."""
    aa_blocks = [s for s in inventory_sections(active_active=True) if s["active_active"]]
    assert aa_blocks, "the active/active example of peer-settings.md is gone"
    base = [s for s in inventory_sections() if "peer_settings_peers" in s["vars"]]
    merged = []
    for section in base:
        peers = {k: dict(v) for k, v in section["vars"]["peer_settings_peers"].items()}
        for block in aa_blocks:
            for key, value in block["vars"]["peer_settings_peers"].items():
                peers.setdefault(key, {}).update(value)
        merged.append(dict(section, vars=dict(section["vars"], peer_settings_peers=peers)))
    return merged


def _active_active_pair(emu):
    """The pair the example assumes: only ethernet1/1 still has the same address on both peers (the emulator's
    A/A seed gives every layer 3 interface the same address on both; the example sets ethernet1/1 only)."""
    b = emu_names(emu)[1]
    emu.control.config(b, DEV + "/network/interface/ethernet/entry[@name='ethernet1/2']/layer3",
                       "<ip><entry name='10.1.0.2/24'/></ip>")
    emu.control.config(b, AE1_518, "<ip><entry name='10.5.18.2/24'/></ip>")


def _check_command():
    return next(c for c in UNIQUE if playbook_of(c["argv"]) == "peer_settings" and "--check" in c["argv"])["argv"]


def test_active_active_example_check_mode(emulator_aa, tmp_path):
    """The documented `--check --diff` run of the active/active example: shows what would change, sends nothing."""
    _active_active_pair(emulator_aa)
    clear_requests(emulator_aa)
    build_inventory(emulator_aa, tmp_path, extra_sections=_active_active_inventory_sections())
    argv = _check_command()
    proc = run_ansible(argv, tmp_path)
    assert not any(state_changing_requests(emulator_aa).values())
    assert proc.returncode == 0, (argv, proc.stdout[-6000:], proc.stderr[-2000:])


def test_active_active_example_runs(emulator_aa, tmp_path):
    """The active/active example applied for real (the documented command without --check): no drift left."""
    _active_active_pair(emulator_aa)
    build_inventory(emulator_aa, tmp_path, extra_sections=_active_active_inventory_sections())
    argv = [a for a in _check_command() if a not in ("--check", "--diff")]
    proc = run_ansible(argv, tmp_path)
    assert proc.returncode == 0, (argv, proc.stdout[-6000:], proc.stderr[-2000:])
    assert "no unexpected drift" in proc.stdout
