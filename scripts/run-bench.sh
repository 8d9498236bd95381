#!/usr/bin/env bash
# Runs every benchmark against a Release build: bench/*.sh scripts and the
# bench_* programs that take no arguments. Usage: scripts/run-bench.sh BUILD_DIR
set -euo pipefail
build=${1:-build}
cd "$(dirname "$0")/.."
echo "== bench_parse (reply parser, one core)"
"$build/bench_parse"
echo "== bench_fanout (outbox + dispatcher vs bare libcurl multi)"
"$build/bench_fanout" 20000 1000 256 5
echo "== bench_notice (one notice to 6,747 groups vs bare libcurl multi; 10 % failing)"
"$build/bench_notice" 6747 256 5
echo "== bench_escalation (10,000 open incidents, time per scheduler tick)"
"$build/bench_escalation"
echo "== bench_morning (640,000 signed reports through the webhook route vs bare cpp-httplib)"
"$build/bench_morning"
for b in bench/*.sh; do
  echo "== $b"
  "$b" "$build"
done
