"""The default running config every emulated firewall starts from (default_config.xml, shipped as package data)."""

from importlib import resources


def default_config_bytes() -> bytes:
    # importlib.resources works from a source checkout, an installed wheel and a zip alike.
    return resources.files(__package__).joinpath("default_config.xml").read_bytes()
