#!/usr/bin/env bash
# Installs the Debian packages Footnote builds and runs with, only those that are missing.
set -euo pipefail
packages=(pkg-config libsqlite3-dev libstemmer-dev libxml2-dev libopenblas-dev libcurl4-openssl-dev libpq-dev zlib1g-dev poppler-utils time chromium wrk)
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing missing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
