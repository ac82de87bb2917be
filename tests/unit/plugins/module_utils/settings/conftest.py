# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The settings tests' device: running_config's configuration through the transport seam (FakeHttp)."""

from __future__ import annotations

import pytest

from ansible_collections.hapair.panos.plugins.module_utils.configview import ConfigView
from ansible_collections.hapair.panos.plugins.module_utils.connection import Device
from ansible_collections.hapair.panos.tests.unit.plugins.module_utils.settings.running_config import (
    INTERFACE,
    NO_NODE,
    SETTING,
    SYSTEM,
    ZONES,
    show,
)


@pytest.fixture
def view(fake_http, provider, sleeps):
    fake_http.add('keygen', '', 'keygen.success.xml')
    fake_http.add('config', 'deviceconfig/system show', show(SYSTEM))
    fake_http.add('config', 'deviceconfig/setting show', show(SETTING))
    fake_http.add('config', 'network/interface show', show(INTERFACE))
    fake_http.add('config', "vsys/entry[@name='vsys1']/zone show", show(ZONES))
    fake_http.add('config', ' show', NO_NODE)
    return ConfigView(Device(provider, sleep=sleeps))
