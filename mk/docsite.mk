# The documentation site (issue 12): antsibull-docs lints the built collection's documentation (modules,
# roles' argument specs, extra docs, links.yml) and builds the HTML site from it with Sphinx, warnings as
# errors. antsibull-docs, Sphinx and the theme live in their own venv ($(DOCS_VENV)) from
# tests/requirements/docs.txt (exact pins, ansible-core the same as .venv's), so nothing else's pins move.
#
#   make docsite   lint, then build/docsite/build/html/index.html
#
# Offline (CI reaches only the package index): the intersphinx inventories sphinx-init points at
# docs.ansible.com are replaced by tools/docsite_inventory.py's, the few Ansible labels the pages use.

DOCS_VENV ?= .venv-docs
DOCS_BIN := $(CURDIR)/$(DOCS_VENV)/bin
DOCS_STAMP := $(DOCS_VENV)/.hapair-docs.stamp
DOCSITE_DIR := $(COLLECTIONS_ROOT)/docsite
# antsibull-docs runs `ansible` and `ansible-doc` from PATH: the docs venv's, on the built collection.
WITH_DOCS := PATH=$(DOCS_BIN):$$PATH $(WITH_COLLECTION)

$(DOCS_STAMP): tests/requirements/docs.txt
	@$(DOCS_BIN)/python -c '' 2>/dev/null || { rm -rf $(DOCS_VENV); $(PYTHON) -m venv $(DOCS_VENV); }
	$(DOCS_BIN)/python -m pip install --quiet --disable-pip-version-check -r tests/requirements/docs.txt
	touch $@

.PHONY: docsite docsite-lint
docsite-lint: venv collection $(DOCS_STAMP)
	$(WITH_DOCS) antsibull-docs lint-collection-docs --plugin-docs $(COLLECTION_DIR)

docsite: docsite-lint
	rm -rf $(DOCSITE_DIR)
	mkdir -m 700 -p $(DOCSITE_DIR)
	$(WITH_DOCS) antsibull-docs sphinx-init --use-current --fail-on-error --squash-hierarchy \
	  --project hapair.panos --title "hapair.panos collection" --copyright "hapair.panos contributors" \
	  --dest-dir $(DOCSITE_DIR) hapair.panos >/dev/null
	$(DOCS_BIN)/python tools/docsite_inventory.py $(DOCSITE_DIR)
	$(WITH_DOCS) $(DOCSITE_DIR)/build.sh
	@echo "docsite: $$(find $(DOCSITE_DIR)/build/html -name '*.html' | wc -l) HTML pages in $(DOCSITE_DIR)/build/html"

EXTRA_TEST_TIERS += docsite

# `make docs` also regenerates the docsite's RST pages from the Markdown user docs (docs-check tests them).
.PHONY: docsite-rst
docsite-rst: venv
	$(PY) tools/gen_docsite_rst.py
docs: docsite-rst
