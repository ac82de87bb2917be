# The oldest and the newest ansible-core of meta/runtime.yml's range (2.16 through 2.20; docs/compatibility.md),
# each in its own venv on a controller Python it supports, pinned by tests/requirements/core-<version>.txt:
#
#   sanity-cores     ansible-test sanity (all tests) on the built collection with each core
#   runbooks-cores   the sync, preflight, health, rotate_master_key and failover_test runbooks against the emulator with each core
#                    (tests/integration/test_runbooks_on_cores.py; pytest and the emulator run from .venv)
#
# The pinned core of .venv (requirements-dev.txt) runs every other tier.

CORE_VERSIONS := 2.16 2.20
# Controller Pythons to look for, first found wins: ansible-core 2.16 supports 3.10-3.12, 2.20 needs >= 3.12.
CORE_PYTHONS_2.16 := 3.11 3.12 3.10
CORE_PYTHONS_2.20 := 3.12 3.13
CORE_VENV = $(CURDIR)/.venv-core-$(1)

# The first pythonX.Y (of the versions in $(1)) that runs: on PATH, else under ~/.pyenv/versions/*/bin (and root's,
# for CI images that install pyenv there). A pyenv shim on PATH whose version is not selected does not run: skipped.
core_python = $(firstword $(foreach v,$(1),$(foreach p,$(shell command -v python$(v) 2>/dev/null) \
  $(wildcard $(HOME)/.pyenv/versions/*/bin/python$(v) /root/.pyenv/versions/*/bin/python$(v)),\
  $(if $(shell $(p) -c 'import venv' 2>/dev/null && echo ok),$(p)))))

.PHONY: core-venvs
core-venvs: $(foreach v,$(CORE_VERSIONS),.venv-core-$(v)/.hapair-venv.stamp)

.venv-core-%/.hapair-venv.stamp: tests/requirements/core-%.txt
	@py='$(call core_python,$(CORE_PYTHONS_$*))'; \
	if [ -z "$$py" ]; then \
	  echo "make: ansible-core $* needs one of Python $(CORE_PYTHONS_$*) (none runs on PATH or under ~/.pyenv/versions):" \
	       "install one, e.g. 'pyenv install $(firstword $(CORE_PYTHONS_$*))' or 'apt-get install python$(firstword $(CORE_PYTHONS_$*))-venv'" >&2; \
	  exit 1; fi; \
	echo "creating .venv-core-$* with $$py"; rm -rf .venv-core-$*; "$$py" -m venv .venv-core-$*
	.venv-core-$*/bin/python -m pip install --quiet --disable-pip-version-check -r $<
	.venv-core-$*/bin/python -m pip check
	touch $@

# ansible-test runs with the core venv's Python (PATH: its python3.X first, then .venv's shellcheck). Each core's
# ansible-test asks for its own pip version: get_pip_shim.py, run with that core, places the stand-in for it.
# (sanity-core-<version> cannot be .PHONY: make applies no pattern rule to a phony target.)
.PHONY: sanity-cores
sanity-cores: $(foreach v,$(CORE_VERSIONS),sanity-core-$(v))
sanity-core-%: venv collection .venv-core-%/.hapair-venv.stamp
	$(call CORE_VENV,$*)/bin/python $(CURDIR)/tools/get_pip_shim.py --install-into-cache
	cd $(COLLECTION_DIR) && PATH=$(call CORE_VENV,$*)/bin:$$PATH ansible-test sanity --local \
	  --python $$($(call CORE_VENV,$*)/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])') $(ANSIBLE_TEST_ARGS)

# The cores run at the same time, each with its own emulator (the runs mostly wait for the emulator's jobs).
.PHONY: runbooks-cores
runbooks-cores: venv collection core-venvs
	@mkdir -p tests/output
	vs=($(CORE_VERSIONS)); pids=(); for v in "$${vs[@]}"; do \
	  HAPAIR_ANSIBLE_BIN=$(CURDIR)/.venv-core-$$v/bin HAPAIR_EXPECT_CORE=$$v $(WITH_COLLECTION) \
	    pytest tests/integration/test_runbooks_on_cores.py -q -p no:cacheprovider $(PYTEST_ARGS) \
	    > tests/output/runbooks-core-$$v.log 2>&1 & pids+=($$!); done; \
	rc=0; for i in "$${!vs[@]}"; do log=tests/output/runbooks-core-$${vs[$$i]}.log; \
	  if wait "$${pids[$$i]}"; then echo "ansible-core $${vs[$$i]}: $$(tail -n 1 $$log)"; \
	  else rc=1; echo "---- ansible-core $${vs[$$i]} failed ($$log):"; cat $$log; fi; done; exit $$rc

EXTRA_TEST_TIERS += sanity-cores runbooks-cores

# make distclean removes the core venvs too.
.PHONY: distclean-cores
distclean-cores:
	rm -rf $(foreach v,$(CORE_VERSIONS),.venv-core-$(v))
distclean: distclean-cores
