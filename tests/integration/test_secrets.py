"""No secret in any output: the password and the API keys never appear in ansible-playbook output, not even at
-vvv with the default callback, on success and on failure paths."""

from urllib.parse import quote, quote_plus

import pytest

from conftest import emu_names, module_name, task, xapi


def api_keys(emu):
    keys = []
    for index in (0, 1):
        client = xapi(emu, index)
        client.keygen()
        keys.append(client.api_key)
    return keys


def variants(secret):
    return {secret, quote_plus(secret), quote(secret, safe="")}


def assert_absent(result, secrets):
    text = result.stdout + result.stderr
    for secret in secrets:
        for variant in variants(secret):
            assert variant not in text, "a secret appeared in ansible-playbook output"


def provider_with(emu, **changes):
    out = dict(emu.provider(0, 0), **changes)
    return {k: v for k, v in out.items() if v is not None}


@pytest.mark.parametrize("in_process", [True, False], ids=["fork-of-worker", "module-process"])
def test_vvv_default_callback_shows_no_password_or_api_key(emulator, play, in_process):
    """Password, provider.api_key and PANOS_PASSWORD from the environment (what an AWX credential injects), on
    success and refusal paths, at -vvv with the default callback; with the modules run in a fork of the worker (the
    default with connection local) and as module processes (HAPAIR_PANOS_IN_PROCESS=0)."""
    a, b = emu_names(emulator)
    password = emulator.peer(0, 0)["password"]
    keys = api_keys(emulator)
    assert len(set(keys)) == 2 and password not in keys
    # each emulated device issues its own keys, so the second peer gets its own
    with_keys = {"provider": provider_with(emulator, password=None, api_key=keys[0]),
                 "peer_provider": {"ip_address": emulator.peer(0, 1)["host"], "api_key": keys[1]}}
    tasks = [
        task("ha_info", "ha_info"),
        task("sync", "sync_to_remote", {"force": True}),
        task("settings", "sync_settings", {"config_sync": True}),
        task("jobs", "job_info"),
        task("refused", "sync_to_remote", {"source": "passive"}, ignore_errors=True),
        task("with api keys", "sync_to_remote", dict(with_keys, force=True)),
        task("password from the environment", "ha_info", {"provider": provider_with(emulator, password=None)}),
    ]
    env = {"PANOS_PASSWORD": password}
    if not in_process:
        env["HAPAIR_PANOS_IN_PROCESS"] = "0"
    result = play(emulator, tasks, verbosity=3, stdout_callback="default", env=env)
    assert result.rc == 0, result.stdout[-3000:]
    out = result.stdout
    # the run really was verbose and really did the work (otherwise this test proves nothing)
    assert '"module_args"' in out
    if in_process:
        assert "runs in a fork of the Ansible worker" in out and "ESTABLISH LOCAL CONNECTION" not in out
    else:
        assert "ESTABLISH LOCAL CONNECTION" in out and "runs as a module process: HAPAIR_PANOS_IN_PROCESS" in out
    assert out.count('"type": "HA-Sync"') >= 2 and "push_from_passive" in out and module_name(emulator, 1) in out
    assert "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER" in out
    assert "ok=7" in out and "failed=0" in out and "ignored=1" in out
    assert_absent(result, [password] + keys)


def test_failure_messages_carry_no_api_key(emulator, play):
    """Failing requests carry the API key (key= in the request): the error texts must not."""
    a, b = emu_names(emulator)
    keys = api_keys(emulator)
    emulator.control.fault(a, "http_error", status=500, count=4)  # exactly the 4 attempts of the first task
    result = play(emulator, [
        task("5xx", "ha_info", {"provider": provider_with(emulator, password=None, api_key=keys[0])},
             ignore_errors=True),
        # the other peer's key is not valid on this one
        task("invalid key", "ha_info", {"provider": provider_with(emulator, password=None, api_key=keys[1])},
             ignore_errors=True),
    ], verbosity=3, secrets=keys, expect_rc=0)
    assert result["5xx"]["error"] == "connection_failed" and "HTTP 500" in result["5xx"]["msg"]
    assert result["invalid key"]["error"] == "authentication_failed"
    result.assert_no_secrets()
    assert_absent(result, keys)
