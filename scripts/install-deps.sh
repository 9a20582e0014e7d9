#!/usr/bin/env bash
# Installs the system libraries aisched builds against (libsqlite3-dev, libnuma-dev) and the openssl command the
# TLS tests make certificates with, when they are missing. With --browser, also Debian's chromium and its WebDriver
# (chromium-driver), which the dashboard's browser tests drive (scripts/test.sh asks for them). The browser is
# optional: when it cannot be installed (no package mirror), the build goes on and those tests say they were skipped.
set -euo pipefail
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
updated=""

missing() {  # the packages of "$@" that are not installed
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install() {
  echo "installing $*" >&2
  [ -n "$updated" ] || { $sudo apt-get update -qq && updated=1; }
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

required=$(missing libsqlite3-dev libnuma-dev openssl)
[ -z "$required" ] || install $required

if [ "${1:-}" = "--browser" ]; then
  browser=$(missing chromium chromium-driver)
  if [ -n "$browser" ] && ! install $browser; then
    echo "could not install $browser: the dashboard's browser tests will be skipped" >&2
  fi
fi
exit 0
