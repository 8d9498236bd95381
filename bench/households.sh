#!/usr/bin/env bash
# The households list at district scale (issue 14, item 2): imports the
# 640,000-household ledger (bench_gen_ledger), starts the daemon on it and times
# GET /api/v1/nodes/<code>/households pages with curl: the district's first
# page, a page deep in the walk (its cursor taken from the walk), one street's
# first page and a status-filtered page. Prints each request's median of 5.
# Usage: bench/households.sh [GRIDBOT_BINARY] [BUILD_DIR]   (default build/gridbot build)
# On PostgreSQL: BENCH_PG_URL="host=127.0.0.1 port=P user=U dbname=postgres" (a
# cluster of tests/pg/cluster.sh: its DIR/url) runs it on a fresh database there.
set -euo pipefail
bin=${1:-build/gridbot}
build=${2:-build}
work=$(mktemp -d /tmp/gridbot-bench-households.XXXXXX)
token="bench-households-token"
sha=$(printf %s "$token" | sha256sum | cut -d' ' -f1)
port=$((20000 + RANDOM % 20000))
store="[store]
path = \"$work/g.db\""
if [ -n "${BENCH_PG_URL:-}" ]; then
  db="bench_households_$$"
  psql "$BENCH_PG_URL" -qc "CREATE DATABASE $db" >/dev/null
  export GRIDBOT_PG_URL="${BENCH_PG_URL/dbname=postgres/dbname=$db}"
  store="[store]
engine = \"postgresql\"
url = \"env:GRIDBOT_PG_URL\""
fi
cat > "$work/c.toml" <<EOT
[server]
bind = "127.0.0.1"
port = $port
[district]
code = "nangang"
name = "南岗区"
$store
[[tokens]]
name = "bench"
sha256 = "$sha"
role = "district"
node = "nangang"
EOT
"$build/bench_gen_ledger" "$work/district.csv" >/dev/null
if [ -n "${BENCH_PG_URL:-}" ]; then "$bin" migrate --config "$work/c.toml" >/dev/null 2>&1; fi
"$bin" import --config "$work/c.toml" "$work/district.csv" >/dev/null
"$bin" serve --config "$work/c.toml" >"$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"; [ -z "${db:-}" ] || psql "$BENCH_PG_URL" -qc "DROP DATABASE $db" >/dev/null' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
get() { curl -sf -o "$work/out" -w '%{time_total}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port$1"; }
median() {  # median wall time of 5 requests, in ms
  for _ in 1 2 3 4 5; do get "$1"; echo; done | sort -n | sed -n 3p | awk '{printf "%.0f ms", $1 * 1000}'
}
base=/api/v1/nodes/nangang/households
# A cursor deep in the list: 100 pages of 5000 in (480,000 rows before it).
cursor=""
for _ in $(seq 100); do
  get "$base?limit=1000${cursor:+&cursor=$cursor}" >/dev/null
  cursor=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["next_cursor"] or "")' "$work/out")
done
echo "district, first page of 500:      $(median "$base")"
echo "district, first page of 1000:     $(median "$base?limit=1000")"
echo "district, page 101 of 1000:       $(median "$base?limit=1000&cursor=$cursor")"
echo "street s01, first page of 500:    $(median /api/v1/nodes/nangang/s01/households)"
echo "district, status=zero (none):     $(median "$base?status=zero")"
echo "daemon RSS after: $(grep VmRSS /proc/$pid/status | awk '{print $2}') KiB"
