"""Tests of what AWX / Automation Controller takes from this collection: the execution environment's build
context, the credential type, the example AWX project (extensions/awx). Run by `make ee` (mk/awx.mk).

The collection is imported from the build (`make collection`), as shipped: build/ goes on sys.path.
"""

import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
BUILD = REPO / "build"
if not (BUILD / "ansible_collections" / "hapair" / "panos" / "MANIFEST.json").is_file():
    pytest.exit("tests/awx need the built collection: run `make collection` (or `make ee`)", returncode=2)
sys.path.insert(0, str(BUILD))

AWX = REPO / "extensions" / "awx"
PROJECT = AWX / "project"


def load_yaml(path):
    return yaml.safe_load(Path(path).read_text())
