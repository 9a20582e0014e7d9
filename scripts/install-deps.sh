#!/usr/bin/env bash
# Installs the system libraries aisched builds against (libsqlite3-dev, libnuma-dev) and the openssl command the
# TLS tests make certificates with, when they are missing. With --browser, also Debian's chromium and its WebDriver
# (chromium-driver), which the dashboard's browser tests drive (scripts/test.sh asks for them).
set -euo pipefail
packages=(libsqlite3-dev libnuma-dev openssl)
[ "${1:-}" = "--browser" ] && packages+=(chromium chromium-driver)
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
