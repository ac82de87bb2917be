"""What AWX puts in a job's private data directory, built the way AWX builds it, for ansible_runner.run().

AWX (awx/main/models/credential.py, CredentialType.inject_credential) renders a credential type's injectors with a
Jinja2 ImmutableSandboxedEnvironment: each ``file`` injector ``template.<name>`` is written to a new file under
``<private_data_dir>/env`` (mode 0600) whose path becomes ``tower.filename.<name>``; each ``env`` injector is
rendered with the credential's inputs (fields left blank are undefined and render empty, unset booleans are False)
and ends up in ``env/envvars``. A job's inventory is ``inventory/hosts`` (an executable script printing the
inventory as JSON), its survey answers and extra variables ``env/extravars``, and its project a copy under
``project/`` (the playbook's directory, and ansible-runner's working directory).
"""

import json
import os
import stat
import sys
import tempfile
from pathlib import Path

import yaml
from jinja2 import sandbox

REPO = Path(__file__).resolve().parents[2]
CREDENTIAL_TYPE = REPO / "extensions" / "awx" / "credential_type.yml"

# AWX's built-in "Network" credential type (awx/main/models/credential.py, ManagedCredentialType 'net'): the env
# injectors its username and password get.
NETWORK_CREDENTIAL_TYPE = {
    "inputs": {"fields": [{"id": "username", "type": "string"}, {"id": "password", "type": "string", "secret": True}]},
    "injectors": {"env": {"ANSIBLE_NET_USERNAME": "{{ username }}", "ANSIBLE_NET_PASSWORD": "{{ password }}"}},
}


class _Namespace:
    """AWX's TowerNamespace: attributes set as the file injectors are written."""


def collection_credential_type():
    return yaml.safe_load(CREDENTIAL_TYPE.read_text())


def inject(credential_type, inputs, private_data_dir):
    """The environment variables a credential of credential_type with these inputs injects (AWX's rendering)."""
    env_dir = Path(private_data_dir) / "env"
    env_dir.mkdir(parents=True, exist_ok=True)
    namespace = {"tower": _Namespace()}
    for field in credential_type["inputs"].get("fields", []):
        if field["id"] in inputs:
            namespace[field["id"]] = inputs[field["id"]]
        elif field.get("type") == "boolean":
            namespace[field["id"]] = False
    jinja = sandbox.ImmutableSandboxedEnvironment()
    for label, template in credential_type["injectors"].get("file", {}).items():
        handle, path = tempfile.mkstemp(dir=env_dir)
        with os.fdopen(handle, "w") as out:
            out.write(jinja.from_string(template).render(**namespace))
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        if "." not in label:
            namespace["tower"].filename = path
        else:
            if not hasattr(namespace["tower"], "filename"):
                namespace["tower"].filename = _Namespace()
            setattr(namespace["tower"].filename, label.split(".", 1)[1], path)
    return {name: jinja.from_string(template).render(**namespace)
            for name, template in credential_type["injectors"].get("env", {}).items()}


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
