# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures shared by the module_utils tests (the fakes live in fakes.py)."""

from __future__ import annotations

import pan.xapi
import pytest

from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.fakes import FakeHttp, Sleeps


@pytest.fixture
def fake_http(monkeypatch):
    """Replace urlopen inside pan.xapi: requests are answered from recorded responses."""
    fake = FakeHttp()
    monkeypatch.setattr(pan.xapi, 'urlopen', fake)
    return fake


@pytest.fixture
def provider():
    """A provider dict as the argspec leaves it (defaults applied)."""
    return {
        'ip_address': '192.0.2.10',
        'port': 443,
        'username': 'admin',
        'password': 'S3cr3t!pass&word',
        'api_key': None,
        'validate_certs': True,
        'ca_path': None,
        'timeout': 30,
        'serial_number': None,
    }


@pytest.fixture
def sleeps():
    return Sleeps()
