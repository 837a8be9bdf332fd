#!/usr/bin/env bash
# Debian packages the platform and its tests need, installed when missing and possible (root or
# passwordless sudo); with CI=true a missing one is fatal.
#   fonts-wqy-zenhei, fonts-hanazono: the CJK faces embedded in certificates (Hanazono B: CJK Ext-B)
#   poppler-utils (pdfsig, pdftotext, pdffonts, pdftoppm), zbar-tools (zbarimg): outsiders' checks in tests
#   libnss3-tools (certutil): a trust store for pdfsig in tests
#   chromium: browser tests through Playwright
# Usage: system-packages.sh [runtime]   (runtime: only what serving needs)
set -euo pipefail
need=()
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || need+=(fonts-wqy-zenhei)
[ -f /usr/share/fonts/truetype/hanazono/HanaMinB.ttf ] || need+=(fonts-hanazono)
if [ "${1:-}" != "runtime" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdfsig >/dev/null 2>&1 || need+=(poppler-utils)
  command -v zbarimg >/dev/null 2>&1 || need+=(zbar-tools)
  command -v certutil >/dev/null 2>&1 || need+=(libnss3-tools)
fi
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
for pkg in "${need[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Could not install: ${missing[*]} (need root or sudo)." >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
fi
