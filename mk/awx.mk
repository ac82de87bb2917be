# Execution environment and AWX: `ansible-builder create` on the standalone EE definition
# (extensions/ee/execution-environment.yml) and the tests of tests/awx (the build context, the AWX credential
# type, the example AWX project). Building the image itself needs a container engine and a registry for the base
# image: not part of `make test` (docs/awx.md).

EE_VENV := .venv-ee
EE_VENV_STAMP := $(EE_VENV)/.hapair-venv.stamp
EE_DEFINITION := extensions/ee/execution-environment.yml
EE_DIR := $(COLLECTIONS_ROOT)/ee
EE_CONTEXT := $(EE_DIR)/context

# ansible-builder has pins of its own (tests/requirements/builder.txt): a venv of its own.
$(EE_VENV_STAMP): tests/requirements/builder.txt
	rm -rf $(EE_VENV)
	$(PYTHON) -m venv $(EE_VENV)
	$(EE_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r tests/requirements/builder.txt
	touch $@

# The definition installs the artefact from build/ee/hapair-panos.tar.gz: staged under a fixed name, so the
# version lives only in galaxy.yml.
.PHONY: ee
ee: venv collection $(EE_VENV_STAMP)
	rm -rf $(EE_DIR)
	mkdir -p $(EE_DIR)
	cp $(DIST_DIR)/hapair-panos-*.tar.gz $(EE_DIR)/hapair-panos.tar.gz
	$(EE_VENV)/bin/ansible-builder create --file $(EE_DEFINITION) --context $(EE_CONTEXT) \
	  --output-filename Containerfile --verbosity 2
	HAPAIR_EE_CONTEXT=$(EE_CONTEXT) pytest tests/awx -q -p no:cacheprovider $(PYTEST_ARGS)

EXTRA_TEST_TIERS += ee
