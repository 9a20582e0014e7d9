#!/usr/bin/env bash
# Installs the system libraries aisched builds against (libsqlite3-dev, libnuma-dev) and the openssl command the
# TLS tests make certificates with, when they are missing.
set -euo pipefail
missing=()
for pkg in libsqlite3-dev libnuma-dev openssl; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
