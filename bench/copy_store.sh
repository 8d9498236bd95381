#!/usr/bin/env bash
# `gridbot copy-store` at district scale (issue 18): imports the
# 640,000-household ledger (bench_gen_ledger) into a SQLite store, copies it
# into a fresh PostgreSQL database twice (the second run finds every row there
# and writes none), and, as the bare ceiling in the same run, loads the same
# households table with PostgreSQL's own COPY (sqlite3 -csv | psql \copy) into
# a third database. Prints rows/s of each and copy-store's ratio to COPY.
# Usage: BENCH_PG_URL="host=127.0.0.1 port=P user=U dbname=postgres" \
#        bench/copy_store.sh [GRIDBOT_BINARY] [BUILD_DIR]
# (a cluster of tests/pg/cluster.sh: its DIR/url). Needs sqlite3 and psql.
set -euo pipefail
bin=${1:-build/gridbot}
build=${2:-build}
: "${BENCH_PG_URL:?set BENCH_PG_URL to a conninfo with dbname=postgres}"
work=$(mktemp -d /tmp/gridbot-bench-copy.XXXXXX)
a="bench_copy_$$" c="bench_copy_ceiling_$$"
trap 'rm -rf "$work"; for d in $a $c; do psql "$BENCH_PG_URL" -qc "DROP DATABASE IF EXISTS $d" >/dev/null; done' EXIT
cat > "$work/c.toml" <<EOT
[district]
code = "nangang"
name = "南岗区"
[store]
path = "$work/g.db"
EOT
"$build/bench_gen_ledger" "$work/district.csv" >/dev/null
"$bin" import --config "$work/c.toml" "$work/district.csv" >/dev/null
for d in $a $c; do psql "$BENCH_PG_URL" -qc "CREATE DATABASE $d" >/dev/null; done
export GRIDBOT_BENCH_PG="${BENCH_PG_URL/dbname=postgres/dbname=$a}"
ceiling_url="${BENCH_PG_URL/dbname=postgres/dbname=$c}"
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >"$work/out" 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
rows=$(sqlite3 "$work/g.db" "SELECT (SELECT COUNT(*) FROM households) + (SELECT COUNT(*) FROM nodes)")
first=$(seconds "$bin" copy-store --from "sqlite:$work/g.db" --to postgresql:env:GRIDBOT_BENCH_PG)
grep -E '^(households|nodes|total) ' "$work/out"
second=$(seconds "$bin" copy-store --from "sqlite:$work/g.db" --to postgresql:env:GRIDBOT_BENCH_PG)
tail -1 "$work/out"
# The ceiling: the same schema (migrated by copy-store's first run on $a), then COPY.
pg_dump --schema-only "$GRIDBOT_BENCH_PG" | psql -q "$ceiling_url" >/dev/null
ceiling() {
  for t in nodes households; do
    sqlite3 -csv "$work/g.db" "SELECT * FROM $t ORDER BY id" |
      psql -q "$ceiling_url" -c "\\copy $t FROM STDIN WITH (FORMAT csv)"
  done
}
bare=$(seconds ceiling)
rate() { echo "$rows / $1" | bc; }
echo "rows (nodes + households):      $rows"
echo "copy-store, first run:          ${first} s, $(rate "$first") rows/s"
echo "copy-store, second run (0 new): ${second} s, $(rate "$second") rows/s"
echo "ceiling, sqlite3 | psql COPY:   ${bare} s, $(rate "$bare") rows/s"
echo "copy-store / ceiling:           $(echo "scale=2; $first / $bare" | bc)x the time"
