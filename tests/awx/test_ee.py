"""The build context `ansible-builder create` made from extensions/ee/execution-environment.yml (`make ee`).

Building the image needs a container engine and the base image's registry, out of reach in CI; what can be
checked without them is checked here: the Containerfile, the files of the context, and the two steps of the build
that matter to this collection, replayed outside a container: the galaxy stage (ansible-galaxy installs the
context's requirements.yml) and the builder stage's introspection (the EE's Python requirements, read from the
installed collections' meta/execution-environment.yml).
"""

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from conftest import REPO, load_yaml
from packaging.requirements import Requirement

CONTEXT = Path(os.environ.get("HAPAIR_EE_CONTEXT", REPO / "build" / "ee" / "context"))
DEFINITION = load_yaml(REPO / "extensions" / "ee" / "execution-environment.yml")
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def context():
    if not (CONTEXT / "Containerfile").is_file():
        pytest.fail(f"no build context at {CONTEXT}: run `make ee` (it runs ansible-builder create first)")
    return CONTEXT


@pytest.fixture(scope="module")
def containerfile(context):
    return (context / "Containerfile").read_text()


def _requirements_txt():
    lines = (REPO / "requirements.txt").read_text().splitlines()
    return [Requirement(line) for line in lines if line.strip() and not line.lstrip().startswith("#")]


def test_meta_execution_environment_names_requirements_txt():
    meta = load_yaml(REPO / "meta" / "execution-environment.yml")
    assert meta["dependencies"] == {"python": "requirements.txt"}
    # No system packages are needed; a bindep.txt would also be picked up by ansible-builder.
    assert not (REPO / "bindep.txt").exists()
    assert [r.name for r in _requirements_txt()] == ["pan-python"]


def test_containerfile_installs_core_runner_and_the_collection(containerfile):
    assert f'ARG EE_BASE_IMAGE="{DEFINITION["images"]["base_image"]["name"]}"' in containerfile
    assert 'ARG PYCMD="/usr/bin/python3.12"' in containerfile
    refs = next(line for line in containerfile.splitlines() if line.startswith("ARG ANSIBLE_INSTALL_REFS="))
    assert "ansible-core>=2.16,<2.21" in refs and "ansible-runner>=2.4,<2.5" in refs
    assert "RUN $PYCMD -m pip install --no-cache-dir $ANSIBLE_INSTALL_REFS" in containerfile
    # galaxy stage: the context's _build (requirements.yml and the staged artefact) installed as collections
    assert "COPY _build /build" in containerfile
    assert any(
        "ansible-galaxy collection install" in line and "-r requirements.yml" in line
        and '--collections-path "/usr/share/ansible/collections"' in line
        for line in containerfile.splitlines())
    # builder stage: the Python requirements come from introspecting the installed collections
    assert "RUN $PYCMD /output/scripts/introspect.py introspect" in containerfile
    assert "COPY --from=galaxy /usr/share/ansible /usr/share/ansible" in containerfile


def test_context_holds_the_built_artefact(context):
    requirements = load_yaml(context / "_build" / "requirements.yml")
    assert requirements == {"collections": [{"name": "collections/hapair-panos.tar.gz", "type": "file"}]}
    staged = context / "_build" / "collections" / "hapair-panos.tar.gz"
    # ansible-builder create only warns when an additional_build_files source is missing.
    assert staged.is_file(), "the artefact was not staged into the build context (make ee stages it)"
    with tarfile.open(staged) as tar:
        info = json.load(tar.extractfile("MANIFEST.json"))["collection_info"]
        files = json.load(tar.extractfile("FILES.json"))
    # The same content as the collection built from this tree (FILES.json: every file's checksum; the
    # artefact's bytes differ from build to build by their timestamps).
    built = REPO / "build" / "ansible_collections" / "hapair" / "panos" / "FILES.json"
    assert files == json.loads(built.read_text())
    galaxy = load_yaml(REPO / "galaxy.yml")
    assert (info["namespace"], info["name"], info["version"]) == ("hapair", "panos", galaxy["version"])


def test_galaxy_and_builder_stages_yield_pan_python(context, tmp_path):
    """ansible-galaxy installs the context's requirements.yml; introspection then finds pan-python in the collection."""
    collections = tmp_path / "collections"
    subprocess.run(
        [str(BIN / "ansible-galaxy"), "collection", "install", "--offline", "-r", "requirements.yml",
         "--collections-path", str(collections)],
        cwd=context / "_build", check=True, capture_output=True, text=True)
    installed = collections / "ansible_collections" / "hapair" / "panos"
    assert (installed / "meta" / "execution-environment.yml").is_file()

    pip_out, bindep_out = tmp_path / "requirements.txt", tmp_path / "bindep.txt"
    subprocess.run(
        [sys.executable, str(context / "_build" / "scripts" / "introspect.py"), "introspect",
         f"--write-pip={pip_out}", f"--write-bindep={bindep_out}", str(collections)],
        check=True, capture_output=True, text=True)
    lines = [line for line in pip_out.read_text().splitlines() if line.strip()]
    assert all(line.endswith("# from collection hapair.panos") for line in lines), lines
    introspected = [Requirement(line.split("#", 1)[0]) for line in lines]
    assert [(r.name, r.specifier) for r in introspected] == [(r.name, r.specifier) for r in _requirements_txt()]
    # No system packages: introspection writes no bindep file at all.
    assert not bindep_out.exists() or not bindep_out.read_text().strip()


def test_final_stage_compiles_the_installed_collection(containerfile):
    """The image's users cannot write the collection's directory: its .pyc are made at build time, in the final
    stage (after the collections are copied in), for the image's Python and at the galaxy stage's install path."""
    final = containerfile.rsplit("\nFROM ", 1)[-1]
    assert "COPY --from=galaxy /usr/share/ansible /usr/share/ansible" in final
    compile_line = next(line for line in final.splitlines() if "compileall" in line)
    assert compile_line.startswith("RUN /usr/bin/python3.12 -m compileall")
    assert compile_line.endswith("/usr/share/ansible/collections/ansible_collections/hapair/panos/plugins")
    assert final.index("COPY --from=galaxy /usr/share/ansible") < final.index(compile_line)
