#!/usr/bin/env bash
# The test command: installs missing system libraries, builds everything (executables included, which the
# integration tests start as real processes) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
swift test --skip-build "$@"
