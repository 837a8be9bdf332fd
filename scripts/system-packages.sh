#!/usr/bin/env bash
# Debian packages the tests drive: chromium (browser tests through Playwright).
# Installs what is missing when it can (root or passwordless sudo); with CI=true a missing one is fatal.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="unavailable"; fi
fi
if [ "$SUDO" != "unavailable" ]; then
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null \
    || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null; } \
    || true
fi
missing=()
for pkg in "${need[@]}"; do command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Could not install: ${missing[*]} (need root or sudo)." >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
fi
