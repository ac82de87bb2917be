"""What AWX puts in a job's private data directory, built the way AWX builds it, for ansible_runner.run().

A credential's injected variables (tests/awx/awx_rules.py renders them as AWX's CredentialType.inject_credential
does, the CA certificate's file injector included) end up in ``env/envvars``. A job's inventory is
``inventory/hosts`` (an executable script printing the inventory as JSON), its survey answers and extra variables
``env/extravars``, and its project a copy under ``project/`` (the playbook's directory, and ansible-runner's
working directory).
"""

import json
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "awx"))

import awx_rules  # noqa: E402

CREDENTIAL_TYPE = REPO / "extensions" / "awx" / "credential_type.yml"

# AWX's built-in "Network" credential type (awx/main/models/credential.py, ManagedCredentialType 'net'): the env
# injectors its username and password get.
NETWORK_CREDENTIAL_TYPE = {
    "inputs": {"fields": [{"id": "username", "type": "string"}, {"id": "password", "type": "string", "secret": True}]},
    "injectors": {"env": {"ANSIBLE_NET_USERNAME": "{{ username }}", "ANSIBLE_NET_PASSWORD": "{{ password }}"}},
}


def collection_credential_type():
    return yaml.safe_load(CREDENTIAL_TYPE.read_text())


def inject(credential_type, inputs, private_data_dir):
    """The environment variables a credential of credential_type with these inputs injects: AWX's rendering as
    tests/awx/awx_rules.py restates it (file injectors written under env/, tower.filename.<name>)."""
    env, _job_env = awx_rules.inject(credential_type, inputs, str(private_data_dir))
    return env


def write_private_data_dir(private_data_dir, project, inventory, extravars, envvars, settings):
    """inventory/hosts (a script, as AWX writes it), env/extravars, env/envvars, env/settings, project/."""
    root = Path(private_data_dir)
    (root / "inventory").mkdir(parents=True, exist_ok=True)
    (root / "env").mkdir(parents=True, exist_ok=True)
    hosts = root / "inventory" / "hosts"
    hosts.write_text("#!%s\nimport json\nprint(%r)\n" % (sys.executable, json.dumps(inventory)))
    hosts.chmod(0o700)
    (root / "env" / "extravars").write_text(json.dumps(extravars))
    (root / "env" / "envvars").write_text(json.dumps(envvars))
    (root / "env" / "settings").write_text(json.dumps(settings))
    (root / "project").mkdir(exist_ok=True)
    for playbook in Path(project).glob("*.yml"):
        (root / "project" / playbook.name).write_text(playbook.read_text())
    return root
