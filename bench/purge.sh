#!/bin/sh
# The retention purge at scale (docs/privacy.md): 21,400 households with thirty
# days of reports, day statuses and messages each (642,000 rows per table), all
# past the horizon (tests/data/store/purge-seed.sql); prints the purge's JSON
# (rows, batches, the longest batch) and the database's size before and after.
# Usage: bench/purge.sh [build/gridbot]   (from the repository root)
set -eu
gridbot=$(realpath "${1:-build/gridbot}")
dir=$(mktemp -d /tmp/gridbot-purge.XXXXXX)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir" <<'PY'
import sys
d = sys.argv[1]
with open(d + "/ledger.csv", "w") as f:
    f.write("区,街道,社区,网格,门牌,人数,联系人,电话,标签\n")
    for b in range(1, 215):
        for r in range(101, 201):
            f.write(f"南岗区,先锋街道,龙台社区,第一网格,{b}-1-{r},2,住户,13800000000,\n")
with open(d + "/g.toml", "w") as f:
    f.write(f'[server]\nbind = "127.0.0.1"\nport = 0\n\n[store]\npath = "{d}/g.db"\n\n'
            '[district]\ncode = "nangang"\nname = "南岗区"\n\n'
            '[[channels]]\nname = "sandbox"\nplatform = "sandbox"\n\n'
            '[[nodes]]\ncode = "nangang/xianfeng"\nname = "先锋街道"\n'
            '[[nodes]]\ncode = "nangang/xianfeng/longtai"\nname = "龙台社区"\n'
            '[[nodes]]\ncode = "nangang/xianfeng/longtai/g01"\nname = "第一网格"\n')
PY
"$gridbot" import --config "$dir/g.toml" "$dir/ledger.csv" >/dev/null 2>&1
sqlite3 "$dir/g.db" < tests/data/store/purge-seed.sql
echo "before: $(du -k "$dir/g.db" | cut -f1) KiB"
start=$(date +%s.%N)
"$gridbot" privacy purge --config "$dir/g.toml" 2>/dev/null
end=$(date +%s.%N)
echo "after: $(du -k "$dir/g.db" | cut -f1) KiB; $(echo "$end - $start" | bc) s"
