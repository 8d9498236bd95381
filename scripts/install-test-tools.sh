#!/usr/bin/env bash
# What only the tests need beyond Debian packages: playwright-core from npm,
# driving Debian's /usr/bin/chromium (never a downloaded browser).
set -euo pipefail
cd "$(dirname "$0")/../tests/browser"
if [[ ! -d node_modules/playwright-core ]]; then
  npm install --no-audit --no-fund --silent
fi
