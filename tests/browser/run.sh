#!/usr/bin/env bash
# The sandbox page in headless Chromium against the real daemon: imports the
# sample district into a temporary database, starts `gridbot serve` on a free
# port, types as a resident, waits for the bot's answer, checks that its Chinese
# is drawn with a CJK font, and saves build/screenshots/sandbox-1280.png.
# Usage: tests/browser/run.sh PATH/TO/gridbot      (run from the repository root)
set -euo pipefail
gridbot=$1
root=$(pwd)
source tests/browser/daemon.sh
ensure_playwright
start_daemon
cd "$root/tests/browser"
GRIDBOT_URL=$url GRIDBOT_GROUP=longtai-g01 GRIDBOT_TEXT=帮助 GRIDBOT_SCREENSHOT=$shots/sandbox-1280.png \
  node sandbox.test.mjs
