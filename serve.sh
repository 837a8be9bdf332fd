#!/usr/bin/env bash
# Quick start 1: set everything up (idempotent) and serve the platform at http://127.0.0.1:8000
# on the embedded SQLite store, loading demo organisations, users and units on a fresh instance.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup.sh
scripts/system-packages.sh runtime
exec .venv/bin/registry serve "$@"
