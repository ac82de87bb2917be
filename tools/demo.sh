#!/usr/bin/env bash
# Placeholder: `make demo` will start the PAN-OS HA pair emulator and run the
# sync runbook against it.
echo "demo not yet implemented" >&2
exit 1
