"""The default running config every emulated firewall starts from (default_config.xml, shipped as package data),
and the XPaths of its device entry that the models read."""

from importlib import resources

DEV = "/config/devices/entry[@name='localhost.localdomain']"
HA = DEV + "/deviceconfig/high-availability"


def default_config_bytes() -> bytes:
    # importlib.resources works from a source checkout, an installed wheel and a zip alike.
    return resources.files(__package__).joinpath("default_config.xml").read_bytes()
