"""AWX's rules for custom credential types, restated for the tests (no AWX code is imported or copied).

What AWX checks when a credential type is saved (awx/main/fields.py: CredentialTypeInputField,
CredentialTypeInjectorField; the credential type serializer) and what it does when a job runs
(CredentialType.inject_credential in awx/main/models/credential), as this collection relies on them:

- inputs: only `fields` and `required`; a field has `id` (a variable name, not `tower`, unique) and `label`, and
  may have type (string or boolean; string when absent), help_text, secret, multiline, format, choices,
  ask_at_runtime, default (of the field's type); choices, multiline, format and secret only on strings.
- injectors: only `file`, `env`, `extra_vars`. File keys are `template` or `template.<name>` (not both forms);
  env names are variable names, not ANSIBLE_* ("may affect Ansible configuration") and not AWX's reserved
  ones; every template must render in a sandbox with StrictUndefined where each field is a placeholder string
  and `tower.filename[.<name>]` exists for the file injectors.
- custom types are of kind `cloud` or `net`.
- at run time the namespace holds the credential's non-empty strings and its booleans; a boolean the credential
  does not hold is False (whatever the field's `default`), a blank or absent string is undefined and renders
  empty; each file template is written to a file under the job's private data dir `env/` and
  `tower.filename.<name>` is its path; the env templates render with that namespace.
- job_env (what AWX stores and shows) masks variables whose name matches API|TOKEN|KEY|SECRET|PASS.
"""

import os
import re
import tempfile
import types

from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

VARIABLE_NAME = re.compile(r"^[a-zA-Z_]+[a-zA-Z0-9_]*$")
FILE_KEY = re.compile(r"^template(\.[a-zA-Z_]+[a-zA-Z0-9_]*)?$")
FIELD_KEYS = {"id", "label", "type", "help_text", "secret", "multiline", "format", "choices", "ask_at_runtime",
              "default"}
STRING_ONLY = ("choices", "multiline", "format", "secret")
# Names AWX sets itself for a job (settings.ENV_BLOCKLIST); a credential may not inject them.
RESERVED_ENV = {"VIRTUAL_ENV", "PATH", "PYTHONPATH", "JOB_ID", "INVENTORY_ID", "INVENTORY_SOURCE_ID",
                "INVENTORY_UPDATE_ID", "AD_HOC_COMMAND_ID", "REST_API_URL", "REST_API_TOKEN", "MAX_EVENT_RES",
                "CALLBACK_QUEUE", "CALLBACK_CONNECTION", "CACHE", "JOB_CALLBACK_DEBUG", "INVENTORY_HOSTVARS",
                "AWX_HOST", "PROJECT_REVISION", "SUPERVISOR_CONFIG_PATH"}
JOB_ENV_MASKED = re.compile(r"API|TOKEN|KEY|SECRET|PASS", re.I)


def type_errors(credential_type):
    """Every reason AWX would refuse to save this credential type (empty when it accepts it)."""
    errors = []
    if credential_type.get("kind") not in ("cloud", "net"):
        errors.append(f"kind {credential_type.get('kind')!r}: custom types are cloud or net")
    inputs = credential_type.get("inputs", {})
    errors += [f"inputs: unknown key {key}" for key in set(inputs) - {"fields", "required"}]
    ids = []
    for field in inputs.get("fields", []):
        fid = field.get("id")
        errors += [f"{fid}: unknown key {key}" for key in set(field) - FIELD_KEYS]
        errors += [f"{fid}: {key} missing" for key in ("id", "label") if key not in field]
        if not isinstance(fid, str) or not VARIABLE_NAME.match(fid) or fid == "tower":
            errors.append(f"{fid!r}: not a valid field id")
        if fid in ids:
            errors.append(f"{fid}: duplicate id")
        ids.append(fid)
        ftype = field.get("type", "string")
        if ftype not in ("string", "boolean"):
            errors.append(f"{fid}: type {ftype!r}")
            continue
        if "default" in field and not isinstance(field["default"], {"string": str, "boolean": bool}[ftype]):
            errors.append(f"{fid}: default {field['default']!r} is not a {ftype}")
        errors += [f"{fid}: {key} not allowed for {ftype}" for key in STRING_ONLY if key in field and ftype != "string"]
        errors += [f"{fid}: {key} must be a boolean" for key in ("secret", "multiline", "ask_at_runtime")
                   if key in field and not isinstance(field[key], bool)]
    errors += [f"required: {name} is not a field" for name in inputs.get("required", []) if name not in ids]

    injectors = credential_type.get("injectors", {})
    errors += [f"injectors: unknown key {key}" for key in set(injectors) - {"file", "env", "extra_vars"}]
    files = list(injectors.get("file", {}))
    errors += [f"file injector {key!r}: not template or template.<name>" for key in files if not FILE_KEY.match(key)]
    if "template" in files and len(files) > 1:
        errors.append("file injectors: template and template.<name> mixed")
    for name in injectors.get("env", {}):
        if not VARIABLE_NAME.match(name) or name.startswith("ANSIBLE_") or name in RESERVED_ENV:
            errors.append(f"env injector {name}: not allowed")
    for name, template in injectors.get("env", {}).items():
        if not template.isascii():
            errors.append(f"env injector {name}: not ASCII")

    namespace = {fid: "EXAMPLE" for fid in ids}
    namespace["tower"] = types.SimpleNamespace(filename=(
        "EXAMPLE_FILENAME" if files == ["template"]
        else types.SimpleNamespace(**{key.split(".", 1)[1]: "EXAMPLE_FILENAME" for key in files if "." in key})))
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for kind, templates in injectors.items():
        for key, template in templates.items():
            try:
                strict.from_string(template).render(namespace)
            except Exception as exc:  # UndefinedError, TemplateSyntaxError, SecurityError: AWX refuses all three
                errors.append(f"{kind} injector {key}: {exc}")
    return errors


def fields_used(template):
    """Names a template reads (its undeclared variables)."""
    from jinja2 import meta
    return meta.find_undeclared_variables(ImmutableSandboxedEnvironment().parse(template))


def inject(credential_type, inputs, private_data_dir):
    """(env, job_env) of a job that has a credential of this type holding `inputs`, as AWX builds them."""
    fields = credential_type["inputs"]["fields"]
    namespace = {}
    for name, value in inputs.items():
        if isinstance(value, bool) or value:
            namespace[name] = value
    for field in fields:
        if field.get("type") == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = False
    sandbox = ImmutableSandboxedEnvironment()
    tower = types.SimpleNamespace()
    namespace["tower"] = tower
    env_dir = os.path.join(private_data_dir, "env")
    os.makedirs(env_dir, exist_ok=True)
    for key, template in credential_type["injectors"].get("file", {}).items():
        handle, path = tempfile.mkstemp(dir=env_dir)
        with os.fdopen(handle, "w") as out:
            out.write(sandbox.from_string(template).render(**namespace))
        os.chmod(path, 0o600)
        if "." in key:
            if not hasattr(tower, "filename"):
                tower.filename = types.SimpleNamespace()
            setattr(tower.filename, key.split(".", 1)[1], path)
        else:
            tower.filename = path
    env = {name: sandbox.from_string(template).render(**namespace)
           for name, template in credential_type["injectors"].get("env", {}).items()}
    job_env = {name: ("**********" if JOB_ENV_MASKED.search(name) else value) for name, value in env.items()}
    return env, job_env
