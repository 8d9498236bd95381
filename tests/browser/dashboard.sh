#!/usr/bin/env bash
# The command dashboard in headless Chromium against the real daemon on the
# manual clock: imports the sample district, adds a grid leader's token and a
# webhook channel whose receiver refuses every post, starts `gridbot serve`,
# and runs dashboard.test.mjs (sign-in, drill-down, incidents, notices, the
# group registry, scoping per role, phone width). Screenshots are written to
# build/screenshots/dashboard-*.png to be looked at.
# Usage: tests/browser/dashboard.sh PATH/TO/gridbot   (run from the repository root)
set -euo pipefail
gridbot=$1
root=$(pwd)
source tests/browser/daemon.sh
ensure_playwright

# A receiver that refuses every post (a revoked robot key answers like this).
refuser_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
node -e "require('http').createServer((q,r)=>{q.resume();q.on('end',()=>{r.writeHead(404,{'content-type':'text/plain'});r.end('no such robot')})}).listen($refuser_port,'127.0.0.1')" &
refuser=$!
trap 'kill $refuser 2>/dev/null || true; cleanup' EXIT

grid_token=gb_test-grid-leader-longtai-g01
grid_hash=$(printf %s "$grid_token" | sha256sum | cut -d' ' -f1)
cat >> "$work/c.toml" <<TOML

[[tokens]]
name = "grid leader longtai g01"
sha256 = "$grid_hash"
role = "grid"
node = "nangang/xianfeng/longtai/g01"

[[channels]]
name = "refusing-webhook"
platform = "webhook"
settings = { secret = "test-secret", url = "http://127.0.0.1:$refuser_port/groups/{group}" }

[[groups]]
node = "nangang/huayuan/wenhua/g02"
channel = "refusing-webhook"
id = "wenhua-g02-robot"
audience = "residents"
name = "文化社区第二网格机器人群"

[debug]
manual_clock = true
start_time = "2026-12-07T08:20:00+08:00"
TOML
start_daemon
cd "$root/tests/browser"
GRIDBOT_URL=$url GRIDBOT_DISTRICT_TOKEN=gb_demo-district-token-for-the-sandbox-only \
  GRIDBOT_GRID_TOKEN=$grid_token GRIDBOT_LEDGER=$root/config/sample-ledger.csv \
  GRIDBOT_SHOTS=$shots node dashboard.test.mjs || { echo "--- daemon log"; tail -40 "$work/daemon.log"; exit 1; }
