#!/usr/bin/env bash
# make demo: run tools/demo.py with the project's venv (make venv collection has run before).
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/python tools/demo.py
