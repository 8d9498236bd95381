#!/usr/bin/env bash
# District-sized ledger import: generates 640,000 households in 6,747 grids
# (20 streets), imports them into a fresh database, then re-imports the same
# file (which must change nothing). Prints wall time, peak RSS and DB size.
# Usage: bench/import.sh [BUILD_DIR]   (default build)
set -euo pipefail
build=${1:-build}
work=$(mktemp -d /tmp/gridbot-bench-import.XXXXXX)
trap 'rm -rf "$work"' EXIT
cat > "$work/c.toml" <<EOT
[district]
code = "nangang"
name = "南岗区"
[store]
path = "$work/g.db"
EOT
"$build/bench_gen_ledger" "$work/district.csv" >/dev/null
echo "ledger: $(wc -l < "$work/district.csv") lines, $(du -h "$work/district.csv" | cut -f1)"
for run in first re-import; do
  /usr/bin/time -f "$run: wall %e s, peak RSS %M KiB" "$build/gridbot" import --config "$work/c.toml" "$work/district.csv" 2>&1 |
    grep -E "^$run|households:"
done
echo "database: $(du -b "$work/g.db" | cut -f1) bytes"
