"""extensions/awx/credential_type.yml: accepted by AWX's rules, and what its injectors give the modules.

The injectors are rendered as AWX renders them (awx_rules.inject), then the environment they set is read by the
provider argument spec of the built collection (the same validation every module runs), for the credentials an
operator makes: complete, password only, API key only, without CA certificates, without TLS verification.
"""

import copy

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from awx_rules import fields_used, inject, type_errors
from conftest import AWX, load_yaml

from ansible_collections.hapair.panos.plugins.module_utils.provider_spec import PROVIDER_ENV, provider_argument_spec

CREDENTIAL_TYPE = load_yaml(AWX / "credential_type.yml")
FIELDS = {field["id"]: field for field in CREDENTIAL_TYPE["inputs"]["fields"]}
PEM = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUEXAMPLE\n-----END CERTIFICATE-----\n"
ADDRESS = "192.0.2.10"


def test_awx_accepts_the_type():
    assert type_errors(CREDENTIAL_TYPE) == []


def _with(env=None, field=None):
    """The credential type with one env injector or one input field added."""
    mutated = copy.deepcopy(CREDENTIAL_TYPE)
    mutated["injectors"]["env"].update(env or {})
    mutated["inputs"]["fields"] += [field] if field else []
    return mutated


def test_the_rules_catch_what_awx_refuses():
    """The checker is not vacuous: each of these is refused by AWX, and by it for that reason alone."""
    broken = {
        "ANSIBLE_ env": _with(env={"ANSIBLE_NET_USERNAME": "{{ username }}"}),
        "reserved env": _with(env={"JOB_ID": "{{ username }}"}),
        "undefined field": _with(env={"PANOS_TIMEOUT": "{{ timeout }}"}),
        "undefined file": _with(env={"PANOS_KEY_PATH": "{{ tower.filename.key }}"}),
        "secret boolean": _with(field={"id": "flag", "label": "Flag", "type": "boolean", "secret": True}),
        "bad default": _with(field={"id": "flag", "label": "Flag", "type": "boolean", "default": "yes"}),
        "duplicate id": _with(field={"id": "username", "label": "User"}),
        "no label": _with(field={"id": "flag", "type": "boolean"}),
    }
    for what, mutated in broken.items():
        assert len(type_errors(mutated)) == 1, (what, type_errors(mutated))


def test_fields_secrets_and_types():
    assert set(FIELDS) == {"username", "password", "api_key", "ca_cert", "skip_tls_verify"}
    assert {fid for fid, field in FIELDS.items() if field.get("secret")} == {"password", "api_key"}
    assert FIELDS["skip_tls_verify"]["type"] == "boolean"
    # AWX ignores a boolean's default at run time (absent = False): the field must not pretend otherwise.
    assert "default" not in FIELDS["skip_tls_verify"]
    assert FIELDS["ca_cert"].get("multiline") is True
    assert CREDENTIAL_TYPE["inputs"]["required"] == []


def test_injectors_read_only_defined_fields_and_set_what_the_modules_read():
    injectors = CREDENTIAL_TYPE["injectors"]
    for template in list(injectors["env"].values()) + list(injectors["file"].values()):
        assert fields_used(template) <= set(FIELDS) | {"tower"}
    assert set(injectors["file"]) == {"template.ca_cert"}
    read_by_modules = {name for names in PROVIDER_ENV.values() for name in names if name.startswith("PANOS_")}
    assert set(injectors["env"]) == read_by_modules
    # Every secret goes into a variable AWX masks in the job's stored environment.
    assert {name for name, template in injectors["env"].items()
            if fields_used(template) & {"password", "api_key"}} == {"PANOS_PASSWORD", "PANOS_API_KEY"}


def _provider(monkeypatch, env, **given):
    for names in PROVIDER_ENV.values():
        for name in names:
            monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = ArgumentSpecValidator(provider_argument_spec()).validate({"provider": {"ip_address": ADDRESS, **given}})
    assert not result.error_messages, result.error_messages
    provider = result.validated_parameters["provider"]
    return {key: provider[key] for key in ("username", "password", "api_key", "ca_path", "validate_certs")}


CASES = {
    "all fields": (
        {"username": "automation", "password": "Pa55-word", "api_key": "LUFRPT1key==", "ca_cert": PEM,
         "skip_tls_verify": False},
        {"username": "automation", "password": "Pa55-word", "api_key": "LUFRPT1key==", "ca_path": "<ca file>",
         "validate_certs": True}),
    "username and password only (as the UI saves it: blanks and the unticked box)": (
        {"username": "automation", "password": "Pa55-word", "api_key": "", "ca_cert": "", "skip_tls_verify": False},
        {"username": "automation", "password": "Pa55-word", "api_key": None, "ca_path": None, "validate_certs": True}),
    "username and password only (as the API saves it: other fields absent)": (
        {"username": "automation", "password": "Pa55-word"},
        {"username": "automation", "password": "Pa55-word", "api_key": None, "ca_path": None, "validate_certs": True}),
    "API key only": (
        {"api_key": "LUFRPT1key=="},
        {"username": "admin", "password": None, "api_key": "LUFRPT1key==", "ca_path": None, "validate_certs": True}),
    "blank CA": (
        {"username": "automation", "password": "Pa55-word", "ca_cert": ""},
        {"username": "automation", "password": "Pa55-word", "api_key": None, "ca_path": None, "validate_certs": True}),
    "TLS verification skipped": (
        {"password": "Pa55-word", "skip_tls_verify": True},
        {"username": "admin", "password": "Pa55-word", "api_key": None, "ca_path": None, "validate_certs": False}),
}


@pytest.mark.parametrize("inputs, expected", CASES.values(), ids=CASES.keys())
def test_provider_from_the_injected_environment(inputs, expected, tmp_path, monkeypatch):
    env, job_env = inject(CREDENTIAL_TYPE, inputs, str(tmp_path))
    # Every variable is injected, blanks as empty strings (which the modules treat as unset).
    assert set(env) == set(CREDENTIAL_TYPE["injectors"]["env"])
    provider = _provider(monkeypatch, env)
    if expected["ca_path"] == "<ca file>":
        assert provider["ca_path"] == env["PANOS_CA_PATH"]
        with open(provider["ca_path"]) as ca:
            assert ca.read() == PEM
        expected = {**expected, "ca_path": provider["ca_path"]}
    assert provider == expected
    for secret in (inputs.get("password"), inputs.get("api_key")):
        if secret:
            assert secret not in job_env.values()


def test_provider_options_win_over_the_credential(tmp_path, monkeypatch):
    env = inject(CREDENTIAL_TYPE, {"username": "automation", "password": "Pa55-word", "skip_tls_verify": True},
                 str(tmp_path))[0]
    provider = _provider(monkeypatch, env, username="operator", validate_certs=True)
    assert (provider["username"], provider["validate_certs"]) == ("operator", True)


def test_awx_network_credential(monkeypatch):
    """AWX's built-in Network credential injects ANSIBLE_NET_USERNAME / ANSIBLE_NET_PASSWORD."""
    provider = _provider(monkeypatch, {"ANSIBLE_NET_USERNAME": "netops", "ANSIBLE_NET_PASSWORD": "Pa55-word"})
    assert provider == {"username": "netops", "password": "Pa55-word", "api_key": None, "ca_path": None,
                        "validate_certs": True}
    # The collection's own credential wins over the Network credential when a job has both.
    provider = _provider(monkeypatch, {"ANSIBLE_NET_USERNAME": "netops", "ANSIBLE_NET_PASSWORD": "other",
                                       "PANOS_USERNAME": "automation", "PANOS_PASSWORD": "Pa55-word"})
    assert (provider["username"], provider["password"]) == ("automation", "Pa55-word")
