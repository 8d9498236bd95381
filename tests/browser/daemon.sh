# Sourced by the browser tests (run.sh, dashboard.sh), from the repository
# root, with `gridbot` set to the binary. Sets `shots` (build/screenshots,
# beside the binary) and `work` (a temporary folder removed on exit, holding
# c.toml: config/example.toml on a free port with its database in `work`).
# start_daemon imports the sample district into it, starts `gridbot serve`
# and sets `url` (and `pid`, killed on exit).
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

# playwright-core from npm, once: the browser tests run in parallel under
# ctest, and two npm installs into one folder would trip over each other.
ensure_playwright() {
  (
    cd tests/browser
    flock 9
    [[ -d node_modules/playwright-core ]] || npm install --no-audit --no-fund --silent
  ) 9> "${TMPDIR:-/tmp}/gridbot-browser-npm.lock"
}

start_daemon() {
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
}
