"""The example AWX project (extensions/awx/project): wrappers, surveys, job templates, workflow, schedules.

Every name a survey, a workflow node or a schedule sets must be a variable its runbook takes (role argument
specs and defaults, the playbook's vars and hosts), with values the runbook accepts: a survey that asks for
something the runbook ignores, or offers a value it refuses, fails in AWX only when someone launches it.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.parsing.convert_bool import boolean
from conftest import PROJECT, REPO, load_yaml

from ansible_collections.hapair.panos.plugins.module_utils.preflight import CODES

COLLECTION = REPO / "build" / "ansible_collections" / "hapair" / "panos"
RUNBOOKS = sorted(path.stem for path in (COLLECTION / "playbooks").glob("*.yml"))
JOB_TEMPLATES = {jt["name"]: jt for jt in load_yaml(PROJECT / "controller" / "job_templates.yml")}
WORKFLOW = load_yaml(PROJECT / "controller" / "workflow_change_window.yml")
SCHEDULES = load_yaml(PROJECT / "controller" / "schedules.yml")
SURVEY_TYPES = {"text", "textarea", "password", "integer", "float", "multiplechoice", "multiselect"}
# Values of list options that have no choices in their argument spec.
LIST_CHOICES = {"preflight_checks": CODES, "preflight_skip": CODES}


def _hosts_variables(play):
    return set(re.findall(r"\{\{\s*(\w+)\s*\|\s*default\(", play["hosts"]))


def _included_roles(tasks):
    """Roles a play's tasks run with import_role or include_role (in blocks too; the runbooks do, to record a failed
    pair), not their other entry points (tasks_from: record)."""
    for task in tasks or []:
        yield from _included_roles(task.get("block", []) + task.get("rescue", []) + task.get("always", []))
        include = task.get("ansible.builtin.import_role") or task.get("ansible.builtin.include_role")
        if include and "tasks_from" not in include:
            yield include["name"]


def runbook(name):
    """{'options': the runbook's variables with their spec (role argument specs, or the play's own vars),
    'hosts': the variables its hosts come from}."""
    plays = load_yaml(COLLECTION / "playbooks" / f"{name}.yml")
    options, hosts = {}, set()
    for play in plays:
        hosts |= _hosts_variables(play)
        for var, value in (play.get("vars") or {}).items():
            options[var] = {"type": {bool: "bool", int: "int"}.get(type(value), "str"), "default": value}
        for role in [r["role"] for r in play.get("roles", [])] + list(_included_roles(play.get("tasks"))):
            role_dir = COLLECTION / "roles" / role.split(".")[-1]
            options.update(load_yaml(role_dir / "meta" / "argument_specs.yml")["argument_specs"]["main"]["options"])
            for var in load_yaml(role_dir / "defaults" / "main.yml"):
                options.setdefault(var, {})
    return {"options": options, "hosts": hosts}


def _playbook_of(job_template):
    """The collection runbook a job template's wrapper playbook imports."""
    (entry,) = load_yaml(PROJECT / job_template["playbook"])
    return entry["ansible.builtin.import_playbook"].removeprefix("hapair.panos.")


def test_a_wrapper_for_every_runbook():
    wrappers = {}
    for path in sorted(PROJECT.glob("*.yml")):
        plays = load_yaml(path)
        imports = [p["ansible.builtin.import_playbook"] for p in plays if "ansible.builtin.import_playbook" in p]
        if imports:
            assert len(plays) == 1 and imports[0].startswith("hapair.panos."), path
            wrappers[path.stem] = imports[0].removeprefix("hapair.panos.")
    assert wrappers == {name: name for name in RUNBOOKS}


def test_collection_requirement():
    assert [c["name"] for c in load_yaml(PROJECT / "collections" / "requirements.yml")["collections"]] == ["hapair.panos"]


@pytest.mark.parametrize("name", RUNBOOKS)
def test_survey_shape_and_variables(name):
    survey = json.loads((PROJECT / "surveys" / f"{name}.json").read_text())
    assert set(survey) == {"name", "description", "spec"} and survey["spec"]
    options = runbook(name)["options"]
    variables = [q["variable"] for q in survey["spec"]]
    assert len(set(variables)) == len(variables)
    for q in survey["spec"]:
        var = q["variable"]
        assert {"question_name", "variable", "type", "required"} <= set(q), var
        assert q["type"] in SURVEY_TYPES and isinstance(q["required"], bool), var
        assert var in options, f"{name} survey asks for {var}, which the runbook does not take"
        spec = options[var]
        if spec.get("no_log"):
            assert q["type"] == "password" and q.get("default", "") == "", var
        if q["type"] in ("multiplechoice", "multiselect"):
            choices = q["choices"]
            assert isinstance(choices, list) and choices and len(set(choices)) == len(choices), var
            if spec.get("type") == "bool":
                assert sorted(choices) == ["false", "true"], var
            elif spec.get("type") == "list":
                assert set(choices) <= set(spec.get("choices") or LIST_CHOICES[var]), var
            else:
                assert set(choices) <= set(spec["choices"]), var
            defaults = [d for d in q.get("default", "").split("\n") if d]
            assert set(defaults) <= set(choices), var
        if q["type"] == "integer":
            assert spec["type"] == "int" and q["min"] <= q.get("default", q["min"]) <= q["max"], var
        if q["type"] in ("text", "textarea", "password", "integer") and "min" in q:
            assert q["min"] <= q["max"], var
        # The survey's default is the runbook's: launching with the defaults is running the runbook plainly.
        if "default" in spec and q.get("default") not in (None, ""):
            if spec.get("type") == "bool":
                assert boolean(q["default"]) is spec["default"], var
            elif spec.get("type") != "list":
                assert q["default"] == spec["default"], var
    # What the runbook requires, the survey asks for (and requires).
    for var, spec in options.items():
        if spec.get("required"):
            assert any(q["variable"] == var and q["required"] for q in survey["spec"]), var


def _answers(survey):
    """Answers as AWX passes them: strings for choices, a list for multiselect, ints for integers."""
    answers = {}
    for q in survey["spec"]:
        if q["type"] == "multiselect":
            answers[q["variable"]] = q["choices"][:2]
        elif q["type"] == "password":
            answers[q["variable"]] = "Kp4s-sample-key!"[: q["min"]].ljust(q["min"], "x")
        else:
            answers[q["variable"]] = q["default"]
    return answers


@pytest.mark.parametrize("name", RUNBOOKS)
def test_survey_answers_pass_the_role_argument_spec(name):
    """The role's own validation (validate_argument_spec) accepts every answer the survey can give."""
    survey = json.loads((PROJECT / "surveys" / f"{name}.json").read_text())
    answers = _answers(survey)
    if name == "rotate_master_key":
        answers["master_key_rotation_new_key"] = "Nw5-other-key-16"
    spec = {var: dict(opt) for var, opt in runbook(name)["options"].items() if opt}
    result = ArgumentSpecValidator(spec).validate(answers)
    assert not result.error_messages, result.error_messages
    # A choice question also offers every other choice: each must pass too.
    for q in survey["spec"]:
        for choice in q.get("choices") or () if q["type"] == "multiplechoice" else ():
            result = ArgumentSpecValidator(spec).validate({**answers, q["variable"]: choice})
            assert not result.error_messages, (q["variable"], choice, result.error_messages)


def test_job_templates_name_project_files():
    for name, jt in JOB_TEMPLATES.items():
        assert (PROJECT / jt["playbook"]).is_file(), name
        if "survey" in jt:
            assert (PROJECT / jt["survey"]).is_file(), name
            assert Path(jt["survey"]).stem == _playbook_of(jt), name
    assert sorted(_playbook_of(jt) for jt in JOB_TEMPLATES.values() if "survey" in jt) == RUNBOOKS


def test_workflow_graph():
    nodes = {node["identifier"]: node for node in WORKFLOW["workflow_nodes"]}
    assert len(nodes) == len(WORKFLOW["workflow_nodes"])
    edges = {}
    for identifier, node in nodes.items():
        assert node["unified_job_template"]["type"] == "job_template"
        assert node["unified_job_template"]["name"] in JOB_TEMPLATES, identifier
        related = node.get("related", {})
        assert set(related) <= {"success_nodes", "failure_nodes", "always_nodes"}
        edges[identifier] = [(kind, target["identifier"]) for kind, targets in related.items() for target in targets]
        assert all(target in nodes for _kind, target in edges[identifier]), identifier
        # Extra data only sets variables the node's runbook takes.
        jt = JOB_TEMPLATES[node["unified_job_template"]["name"]]
        if node.get("extra_data"):
            assert jt.get("ask_variables_on_launch"), identifier
            assert set(node["extra_data"]) <= set(runbook(_playbook_of(jt))["options"]), identifier
    # preflight -> gate -> change -> verify, each on success only, and nothing else.
    assert edges == {"preflight": [("success_nodes", "gate")], "gate": [("success_nodes", "change")],
                     "change": [("success_nodes", "verify")], "verify": []}
    assert nodes["preflight"]["extra_data"]["preflight_fail_on_blockers"] is False
    assert _playbook_of(JOB_TEMPLATES[nodes["change"]["unified_job_template"]["name"]]) in ("sync", "rotate_master_key")


def test_gate_hands_pairs_to_every_runbooks_hosts():
    gate = load_yaml(PROJECT / "change_gate.yml")[0]
    (stats,) = [t["ansible.builtin.set_stats"] for t in gate["tasks"] if "ansible.builtin.set_stats" in t]
    hosts_variables = set().union(*(runbook(name)["hosts"] for name in RUNBOOKS))
    assert set(stats["data"]) == hosts_variables and len(hosts_variables) == len(RUNBOOKS)


def test_schedules():
    for schedule in SCHEDULES:
        jt = JOB_TEMPLATES[schedule["unified_job_template"]]
        assert re.match(r"^DTSTART;TZID=\w+:\d{8}T\d{6} RRULE:FREQ=DAILY;INTERVAL=1$", schedule["rrule"])
        if schedule.get("extra_data"):
            assert set(schedule["extra_data"]) <= set(runbook(_playbook_of(jt))["options"])
    assert {_playbook_of(JOB_TEMPLATES[s["unified_job_template"]]) for s in SCHEDULES} == {"preflight", "drift_report",
                                                                                          "health"}


GATE_CASES = {
    "all ready": ({"a": {"result": "ok", "blockers": []}, "b": {"result": "ok", "blockers": []}}, {}, "a,b"),
    "one blocked": ({"a": {"result": "ok", "blockers": []},
                     "b": {"result": "blocked", "blockers": [{"code": "jumbo_frame_mismatch", "peer": "pair", "message": "..."}]}},
                    {}, None),
    "one blocked, go on with the rest": ({"a": {"result": "ok", "blockers": []},
                                          "b": {"result": "failed", "blockers": []}},
                                         {"hapair_panos_gate_require_all": False}, "a"),
    "no preflight results": (None, {}, None),
}


@pytest.mark.parametrize("stats, extra, ready", GATE_CASES.values(), ids=GATE_CASES.keys())
def test_gate(stats, extra, ready, tmp_path):
    extra_vars = {**extra, **({"hapair_panos_preflight": stats} if stats is not None else {})}
    env = {**os.environ, "ANSIBLE_SHOW_CUSTOM_STATS": "1", "ANSIBLE_LOCALHOST_WARNING": "0",
           "ANSIBLE_INVENTORY_UNPARSED_WARNING": "0", "ANSIBLE_NOCOLOR": "1"}
    run = subprocess.run(
        [str(Path(sys.executable).parent / "ansible-playbook"), "-i", "localhost,", str(PROJECT / "change_gate.yml"),
         "-e", json.dumps(extra_vars)], capture_output=True, text=True, env=env, cwd=tmp_path, check=False)
    if ready is None:
        assert run.returncode == 2, run.stdout
        assert "sync_hosts" not in run.stdout
        if stats:
            assert "Not ready: b" in run.stdout
            if stats["b"]["blockers"]:  # the blockers by code (the preflight records {code, peer, message})
                assert "blockers jumbo_frame_mismatch" in run.stdout, run.stdout
    else:
        assert run.returncode == 0, run.stdout + run.stderr
        assert f'"sync_hosts": "{ready}"' in run.stdout
