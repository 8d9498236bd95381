#!/usr/bin/env bash
# Runs every benchmark in bench/ against a Release build. Usage: scripts/run-bench.sh BUILD_DIR
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
for b in bench/*.sh; do
  echo "== $b"
  "$b" "$build"
done
