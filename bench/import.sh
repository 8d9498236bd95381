#!/usr/bin/env bash
# District-sized ledger import: generates 640,000 households in 6,747 grids
# (20 streets), imports them into a fresh database, then re-imports the same
# file (which must change nothing). Prints wall time, peak RSS and DB size,
# and first the bare ceiling: reading and validating the same file without
# writing it (bench_parse_ledger, rows streamed as the import reads them).
# With --xlsx, the same ledger is also written as an .xlsx workbook (openpyxl,
# Debian's python3-openpyxl) and imported into another fresh database.
# Usage: bench/import.sh [BUILD_DIR] [--xlsx]   (default build)
# The import streams its rows into one transaction (issue 16). On the 2-vCPU
# machine, 2026-12-05, one run after the other (wall s / peak RSS MB):
#              first      re-import  xlsx       bare CSV   bare xlsx
#   streaming  3.1 / 109  1.7 / 108  7.2 / 69   0.8 / 73   5.0 / 33
#   before     5.1 / 548  4.6 / 548  8.3 / 703  1.5 / 331  6.6 / 424
# ("before": the whole ledger held as rows, then again as store records; its
# bare figures keep every row, as read_ledger still does.) By hand: the same
# ledger as GBK CSV 3.3 s / 120 MB; on PostgreSQL (tests/pg/cluster.sh, same
# machine) first 37.5 s / 110 MB, re-import 4.2 s / 114 MB (before 44.6 s /
# 548 MB and 4.8 s / 551 MB).
set -euo pipefail
build=${1:-build}
xlsx=${2:-}
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
/usr/bin/time -f "bare (read and validate only): wall %e s, peak RSS %M KiB" \
  "$build/bench_parse_ledger" "$work/district.csv" 2>&1 | grep -E "^bare"
for run in first re-import; do
  /usr/bin/time -f "$run: wall %e s, peak RSS %M KiB" "$build/gridbot" import --config "$work/c.toml" "$work/district.csv" 2>&1 |
    grep -E "^$run|households:"
done
echo "database: $(du -b "$work/g.db" | cut -f1) bytes"
if [[ $xlsx == --xlsx ]]; then
  /usr/bin/python3 - "$work/district.csv" "$work/district.xlsx" <<'EOP'
import csv, sys, openpyxl
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("台账")
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for i, row in enumerate(csv.reader(f)):
        # phones as numbers, as Excel makes them when typed
        ws.append([int(c) if i and c.isdigit() and len(c) == 11 else c for c in row])
wb.save(sys.argv[2])
EOP
  echo "workbook: $(du -h "$work/district.xlsx" | cut -f1)"
  /usr/bin/time -f "xlsx bare (read and validate only): wall %e s, peak RSS %M KiB" \
    "$build/bench_parse_ledger" "$work/district.xlsx" 2>&1 | grep -E "^xlsx bare"
  sed -i "s|$work/g.db|$work/x.db|" "$work/c.toml"
  /usr/bin/time -f "xlsx: wall %e s, peak RSS %M KiB" "$build/gridbot" import --config "$work/c.toml" "$work/district.xlsx" 2>&1 |
    grep -E "^xlsx|households:"
fi
