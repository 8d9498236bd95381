#!/usr/bin/env bash
# The sandbox page in headless Chromium against the real daemon: imports the
# sample district into a temporary database, starts `gridbot serve` on a free
# port, types as a resident, waits for the bot's answer, checks that its Chinese
# is drawn with a CJK font, and saves build/screenshots/sandbox-1280.png.
# Usage: tests/browser/run.sh PATH/TO/gridbot      (run from the repository root)
set -euo pipefail
gridbot=$1
root=$(pwd)
# The screenshot is kept beside the binary (build/screenshots/) to be looked at.
shots=$(cd "$(dirname "$gridbot")" && pwd)/screenshots
mkdir -p "$shots"
work=$(mktemp -d /tmp/gridbot-browser.XXXXXX)
pid=
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

sed -e "s|^port = 8080|port = 0|" -e "s|var/gridbot.db|$work/g.db|" config/example.toml > "$work/c.toml"
"$gridbot" import --config "$work/c.toml" config/sample-ledger.csv > /dev/null
"$gridbot" serve --config "$work/c.toml" 2> "$work/daemon.log" &
pid=$!
for _ in $(seq 1 500); do
  url=$(grep -o 'event=running url=http://[0-9.:]*' "$work/daemon.log" | sed 's/.*url=//' || true)
  [[ -n "$url" ]] && break
  sleep 0.02
done
if [[ -z "${url:-}" ]]; then
  echo "daemon did not start:"; cat "$work/daemon.log"; exit 1
fi
cd "$root/tests/browser"
[[ -d node_modules/playwright-core ]] || npm install --no-audit --no-fund --silent
GRIDBOT_URL=$url GRIDBOT_GROUP=longtai-g01 GRIDBOT_TEXT=帮助 GRIDBOT_SCREENSHOT=$shots/sandbox-1280.png \
  node sandbox.test.mjs
