#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, ASan and UBSan (library included)
# in build-fuzz/ and runs one fuzzer.
#   scripts/fuzz.sh [target] [runs]    target: parse (default), ledger, wecom_inbound,
#                                      dingtalk_inbound, feishu_inbound, telegram_inbound
# Crash inputs are written to tests/fuzz/regressions/<area>/ so the normal
# test run replays them.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-parse}"
runs="${2:-1000000}"
area="${target%_inbound}"
jobs="${JOBS:-2}"
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DGRIDBOT_FUZZ=ON -DGRIDBOT_BENCH=OFF \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
    >/dev/null
cmake --build build-fuzz -j"$jobs" --target "fuzz_$target"
corpus="build-fuzz/corpus-$target"
mkdir -p "$corpus"
# Seeds: the labelled replies and the kept regressions.
if [ "$target" = parse ]; then
    n=0
    while IFS= read -r line; do
        n=$((n + 1))
        printf '%s' "$line" | sed -e 's/^{"text": "//' -e 's/", "kind".*$//' >"$corpus/sample-$n"
    done <tests/data/parse/replies-sample.jsonl
fi
cp tests/fuzz/regressions/"$area"/* "$corpus/" 2>/dev/null || true
export GRIDBOT_LEXICON="$PWD/config/lexicon/zh-CN.toml"
start=$(date +%s)
./build-fuzz/fuzz_"$target" -runs="$runs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix=tests/fuzz/regressions/"$area"/crash- "$corpus"
echo "fuzz_$target: $runs runs in $(( $(date +%s) - start ))s, no crash"
