#!/usr/bin/env bash
# What only the tests need beyond Debian packages: playwright-core from npm,
# driving Debian's /usr/bin/chromium (never a downloaded browser).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/tests/browser"
if [[ ! -d node_modules/playwright-core ]]; then
  npm install --no-audit --no-fund --silent
fi

# promtool, to check config/prometheus/gridbot-rules.yml: taken out of Debian's
# prometheus package without installing it (installing would also install and
# start a Prometheus server on this machine). promtool is a static binary.
cd "$root"
if [[ ! -x .tools/promtool ]]; then
  mkdir -p .tools/prometheus-deb
  (cd .tools/prometheus-deb && apt-get download prometheus >/dev/null)
  dpkg-deb -x .tools/prometheus-deb/prometheus_*.deb .tools/prometheus-deb/root
  cp .tools/prometheus-deb/root/usr/bin/promtool .tools/promtool
  rm -rf .tools/prometheus-deb
fi
