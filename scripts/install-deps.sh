#!/usr/bin/env bash
# Installs the Debian 12 packages Zapas needs to build, run and test.
# Idempotent: when every package is present it does nothing (no apt-get call at all).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  clang libclang-rt-14-dev clang-format
  libpoco-dev libsqlite3-dev libpq-dev libboost-dev libsodium-dev libhpdf-dev libqrencode-dev libicu-dev
  libzint-dev
  libgtest-dev libgmock-dev
  fonts-dejavu-core
  sqlite3 postgresql curl openssl poppler-utils qpdf zbar-tools dmtx-utils mupdf-tools hledger libxml2-utils
  chromium
  lintian python3-prometheus-client systemd file
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# Node.js and npm build the web UI. Any Node.js 18 or later already installed
# will do: a NodeSource build brings its own npm, which Debian's npm conflicts with.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "zapas: installing missing packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
