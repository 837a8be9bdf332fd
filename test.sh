#!/usr/bin/env bash
# Quick start 2: set everything up (idempotent) and run the whole test suite:
# unit, integration (SQLite and PostgreSQL at 127.0.0.1:5432) and end-to-end (HTTP and headless Chromium).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
scripts/system-packages.sh
exec .venv/bin/python -m pytest "$@"
