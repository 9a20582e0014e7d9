#!/usr/bin/env bash
# The test command: installs missing system libraries (and chromium with its WebDriver, for the dashboard's browser
# tests), builds everything (executables included, which the integration tests start as real processes), runs the
# Python client against a live schedd (clients/python), and runs every Swift test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --browser
swift build --build-tests

# The Python client needs the protobuf runtime from PyPI (clients/python/README.md).
if ! python3 -c "import google.protobuf" 2>/dev/null; then
  echo "installing the protobuf Python package" >&2
  python3 -m pip install --quiet "protobuf>=4.21" 2>/dev/null \
    || python3 -m pip install --quiet --user --break-system-packages "protobuf>=4.21"
fi
AISCHED_BIN_DIR="$(swift build --show-bin-path)" python3 -m unittest discover -s clients/python/tests

swift test --skip-build "$@"
