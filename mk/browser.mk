# Headless Chromium, for the fleet report's browser check (issue 13; docs/fleet-report.md). The tier renders the fleet
# page of a 10-pair sync run in Chromium, checks its DOM and takes a screenshot (build/fleet-report.png):
#
#   make fleet-report   tests/integration/test_fleet_report.py: the 10-pair run, its JSON and JUnit files, the page
#                       in headless Chromium (one run of the runbook for all of them; `make integration` leaves this
#                       file to this tier)
#
# Chromium comes from the distribution's packages (Debian's `chromium`): installed with apt-get when no `chromium` is
# on PATH, as root or with password-less sudo; otherwise the tier stops and says how to install it.

CHROMIUM_STAMP := $(COLLECTIONS_ROOT)/.hapair-chromium.stamp
CHROMIUM_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium

$(CHROMIUM_STAMP):
	@if command -v chromium >/dev/null 2>&1; then \
	  echo "chromium: $$(command -v chromium)"; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
	  echo "make: the fleet-report tier needs Chromium on PATH (as 'chromium'); this system has no apt-get:" \
	       "install your distribution's chromium package, then run make again" >&2; exit 1; \
	else \
	  if [ "$$(id -u)" = 0 ]; then as_root=; \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root="sudo"; \
	  else echo "make: the fleet-report tier needs Chromium: run 'sudo apt-get install --no-install-recommends chromium'" \
	            "(Debian's package; this user is not root and sudo asks for a password), then run make again" >&2; exit 1; fi; \
	  echo "installing Debian's chromium package: $$as_root $(CHROMIUM_INSTALL)"; \
	  $$as_root env $(CHROMIUM_INSTALL) || { $$as_root apt-get update -qq && $$as_root env $(CHROMIUM_INSTALL); }; \
	  command -v chromium >/dev/null 2>&1 || { echo "make: chromium is still not on PATH after apt-get install" >&2; exit 1; }; \
	fi
	@mkdir -p $(@D) && touch $@

.PHONY: chromium fleet-report
chromium: $(CHROMIUM_STAMP)

# No -n: the tests share one module-scoped 10-pair run.
fleet-report: venv collection $(CHROMIUM_STAMP)
	$(WITH_COLLECTION) pytest tests/integration/test_fleet_report.py -q -p no:cacheprovider $(PYTEST_ARGS)
	@echo "fleet report screenshot: $(COLLECTIONS_ROOT)/fleet-report.png"

EXTRA_TEST_TIERS += fleet-report
