# The ansible-runner tier: every runbook run the way AWX runs it on an execution node (ansible_runner.run() on an
# AWX-shaped private data directory) against the emulator, success and failure paths, asserting set_stats, reports,
# exit status and that no secret appears in any job event (tests/runner). ansible-runner is pinned in
# requirements-dev.txt, so it is in .venv.
.PHONY: runner
runner: venv collection
	$(WITH_COLLECTION) pytest tests/runner -q -n $(TEST_WORKERS) -p no:cacheprovider $(PYTEST_ARGS)

EXTRA_TEST_TIERS += runner
