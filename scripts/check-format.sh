#!/usr/bin/env bash
# Fails when a tracked C++ file differs from what .clang-format produces
# (Debian's clang-format). Run by `make test` (ctest). To fix:
#   git ls-files '*.cpp' '*.h' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null 2>&1; then
  echo "clang-format is not installed (scripts/install-deps.sh --test installs it)" >&2
  exit 1
fi
mapfile -t files < <(git ls-files '*.cpp' '*.h')
if ! out=$(clang-format --dry-run -Werror "${files[@]}" 2>&1); then
  echo "$out" | grep -E '^[^ ].*: error:' | cut -d: -f1 | sort -u | sed 's/^/not formatted: /'
  echo "run: git ls-files '*.cpp' '*.h' | xargs clang-format -i"
  exit 1
fi
echo "formatted: ${#files[@]} files match .clang-format"
