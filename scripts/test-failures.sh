#!/usr/bin/env bash
# After a failed `ctest`, prints what failed in each failed test once more, last,
# from ctest's own log (BUILD/Testing/Temporary/LastTest.log): a doctest test's
# failed assertions with their test cases and values, any other test's last
# lines of output. A long run's log is often read from its end only (CI keeps
# the head and the tail of it), where ctest's summary names the failed tests
# but not what failed in them.
#   scripts/test-failures.sh BUILD
set -euo pipefail
log="${1:?BUILD}/Testing/Temporary/LastTest.log"
[ -f "$log" ] || { echo "test-failures.sh: no $log" >&2; exit 0; }
echo "== what failed (from $log) =="
awk '
  / Testing: / { test = $0; sub(/^[0-9]+\/[0-9]+ Testing: /, "", test); n = 0; m = 0; next }
  /^<end of output>$/ || /^Test time/ || /^-+$/ { next }
  /^Test Failed\./ {
    print "-- " test
    if (m > 0) { for (i = 0; i < m; i++) print errs[i] }
    else { for (i = (n > 8 ? n - 8 : 0); i < n; i++) print out[i] }
    next
  }
  { out[n++] = $0 }
  /TEST CASE: / { tcase = $0 }
  /: (ERROR|FATAL ERROR): / {
    if (tcase != shown) { errs[m++] = tcase; shown = tcase }
    errs[m++] = $0; left = 2; next
  }
  left > 0 { if ($0 != "") errs[m++] = $0; left-- }
' "$log" | head -n 80
