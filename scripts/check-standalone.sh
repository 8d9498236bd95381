#!/usr/bin/env bash
# Fails when a tracked file reaches outside the repository for something it
# needs (a fresh clone has nothing beside it). Run by `make test` (ctest).
set -euo pipefail
cd "$(dirname "$0")/.."
pattern='\.\./shared|/work/shared|SHARED_DIR'
if hits=$(git grep -nE "$pattern" -- . ':!scripts/check-standalone.sh'); then
  echo "tracked files reach outside the repository (copy what they need into tests/data/):"
  echo "$hits"
  exit 1
fi
echo "checkout stands alone: no tracked file names a path outside the repository"
