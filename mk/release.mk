# Release checks (docs/dev/releasing.md).
#
#   make importer        galaxy-importer with Automation Hub's settings (tools/galaxy-importer.cfg) on the built
#                        artefact; any warning or error it reports fails the tier (tools/check_importer.py)
#   make importer-lock   re-resolve tests/requirements/importer.txt (GALAXY_IMPORTER_VERSION=...)
#
# galaxy-importer pins its own ansible-lint and ansible-core range, so it gets a venv of its own.

IMPORTER_VENV := .venv-importer
IMPORTER_BIN := $(CURDIR)/$(IMPORTER_VENV)/bin
IMPORTER_STAMP := $(IMPORTER_VENV)/.hapair-venv.stamp
IMPORTER_REQUIREMENTS := tests/requirements/importer.txt
IMPORTER_OUT := $(COLLECTIONS_ROOT)/importer
GALAXY_IMPORTER_VERSION ?= 0.4.44

$(IMPORTER_STAMP): $(IMPORTER_REQUIREMENTS)
	@$(IMPORTER_BIN)/python -c '' 2>/dev/null || { echo "creating $(IMPORTER_VENV)"; rm -rf $(IMPORTER_VENV); $(PYTHON) -m venv $(IMPORTER_VENV); }
	$(IMPORTER_BIN)/python -m pip install --quiet --disable-pip-version-check -r $(IMPORTER_REQUIREMENTS)
	touch $@

# The importer runs from build/importer: it writes importer_result.json into its working directory.
# Its ansible-doc and ansible-lint come from its own venv (first on PATH). Exit status and log are
# kept so that the checker judges both; the log is printed in full, as Hub's import page shows it.
.PHONY: importer
importer: venv collection $(IMPORTER_STAMP)
	pytest tests/release -q -p no:cacheprovider
	rm -rf $(IMPORTER_OUT)
	mkdir -p $(IMPORTER_OUT)/tmp $(IMPORTER_OUT)/ansible-tmp
	cd $(IMPORTER_OUT) && rc=0 && \
	  env PATH="$(IMPORTER_BIN):$$PATH" \
	    GALAXY_IMPORTER_CONFIG=$(CURDIR)/tools/galaxy-importer.cfg \
	    GALAXY_IMPORTER_TMP_ROOT_DIR=$(IMPORTER_OUT)/tmp \
	    GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP=$(IMPORTER_OUT)/ansible-tmp \
	    $(IMPORTER_BIN)/python -m galaxy_importer.main $$(ls $(DIST_DIR)/hapair-panos-*.tar.gz) \
	    > importer.log 2>&1 || rc=$$?; \
	  cat importer.log; \
	  $(PY) $(CURDIR)/tools/check_importer.py --log importer.log --result importer_result.json \
	    --galaxy $(CURDIR)/galaxy.yml --rc $$rc

# Re-resolve the importer's pins: a scratch venv gets galaxy-importer and its `pip freeze` becomes the
# requirements file (comment header kept). Review the diff, then commit.
.PHONY: importer-lock
importer-lock:
	rm -rf build/importer-lock-venv
	$(PYTHON) -m venv build/importer-lock-venv
	build/importer-lock-venv/bin/python -m pip install --quiet galaxy-importer==$(GALAXY_IMPORTER_VERSION)
	{ sed -n '/^#/p' $(IMPORTER_REQUIREMENTS); \
	  build/importer-lock-venv/bin/python -m pip freeze --all --exclude pip --exclude setuptools --exclude wheel; \
	} > $(IMPORTER_REQUIREMENTS).new
	mv $(IMPORTER_REQUIREMENTS).new $(IMPORTER_REQUIREMENTS)
	rm -rf build/importer-lock-venv

.PHONY: importer-distclean
distclean: importer-distclean
importer-distclean:
	rm -rf $(IMPORTER_VENV)

EXTRA_TEST_TIERS += importer
