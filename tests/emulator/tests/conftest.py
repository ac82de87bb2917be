"""Fixtures of the emulator suite: one emulator process per test module, reset before every test.

``emu`` speaks the default schema (10.2); ``emu91`` is a second emulator of the same module started with the older
schema (``--schema 9.1``, see panos_emulator/schema.py), only when a test asks for it.

The clients are the real ones (pan-os-python, pan.xapi) plus a raw ``http.client`` helper for the bytes-level
checks (quote style, HTTP status line); see emu_helpers.py.
"""

import sys
from pathlib import Path

import pytest

# Make tests/emulator importable (panos_emulator) when the package is not pip-installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from panos_emulator import testing  # noqa: E402

TEST_TIMEOUT = 60  # seconds per test (pytest-timeout): a hung emulator must not stall CI


def pytest_configure(config):
    config.addinivalue_line("markers", "mode(name): HA mode the pair is reset into (active-passive|active-active)")
    # pan.xapi probes ssl.PROTOCOL_SSLv23 whenever it is given an ssl_context: noise, not ours to fix
    config.addinivalue_line("filterwarnings", "ignore:ssl.PROTOCOL_TLS is deprecated:DeprecationWarning")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(TEST_TIMEOUT))


def _module_emulator(tmp_path_factory, name, **options):
    emu = testing.start(profile="fast", state_dir=tmp_path_factory.mktemp(name), **options)
    try:
        yield emu
    finally:
        emu.stop()


def _reset(emu, request):
    """The module's emulator, reset to its start state (active-passive unless the test is marked ``mode``)."""
    marker = request.node.get_closest_marker("mode")
    assert emu.process.poll() is None, "emulator process died"
    emu.control.reset(mode=marker.args[0] if marker else "active-passive")
    return emu


@pytest.fixture(scope="module")
def emu_process(request, tmp_path_factory):
    """One emulator subprocess per test module (a module may set EMULATOR_PAIRS = n)."""
    yield from _module_emulator(tmp_path_factory, "emu", pairs=getattr(request.module, "EMULATOR_PAIRS", 1))


@pytest.fixture
def emu(emu_process, request):
    return _reset(emu_process, request)


@pytest.fixture(scope="module")
def emu91_process(tmp_path_factory):
    """One emulator subprocess with the 9.1 schema per test module that uses it."""
    yield from _module_emulator(tmp_path_factory, "emu91", pairs=1, schema="9.1")


@pytest.fixture
def emu91(emu91_process, request):
    return _reset(emu91_process, request)
