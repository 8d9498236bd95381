#!/usr/bin/env bash
# Installs the Debian packages gridbot builds against (DESIGN.md §2).
# Idempotent: when every package is already installed it only checks and exits.
# Usage: scripts/install-deps.sh [--test]   (--test adds what only the tests need)
set -euo pipefail

runtime_pkgs=(
  cmake g++ make pkg-config
  libcurl4-openssl-dev libcpp-httplib-dev nlohmann-json3-dev libsqlite3-dev
  doctest-dev libssl-dev libtomlplusplus-dev libkainjow-mustache-dev
  libspdlog-dev libcli11-dev libgoogle-perftools-dev libsystemd-dev
  libzip-dev libexpat1-dev libhowardhinnant-date-dev tzdata libxlsxwriter-dev libpq-dev
  libqrencode-dev libespeak-ng-dev golang-github-mozillazg-go-pinyin-dev libopencc-dev
)
# Only the tests: clang's fuzzer and sanitizer runtime, clang-format (the
# "sources formatted" check), the browser for the
# sandbox page test with a CJK and an emoji font (without them the page's
# Chinese renders as empty boxes), node for playwright-core; zbarimg and pdftoppm read the printed posters' QR codes back.
test_pkgs=(clang clang-format postgresql postgresql-client python3-openpyxl zbar-tools poppler-utils libclang-rt-14-dev chromium fonts-noto-cjk fonts-noto-color-emoji)
# A machine may carry its own Node.js (e.g. nodesource's, which conflicts with
# Debian's npm package); only install Debian's when there is no node at all.
if ! command -v npm >/dev/null 2>&1; then
  test_pkgs+=(nodejs npm)
fi

pkgs=("${runtime_pkgs[@]}")
if [[ "${1:-}" == "--test" ]]; then
  pkgs+=("${test_pkgs[@]}")
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo_cmd=(sudo)
  else
    echo "install-deps: not root and no sudo; missing packages: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! { "${sudo_cmd[@]}" apt-get update -qq &&
       "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"; }; then
  still=()
  for p in "${missing[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || still+=("$p")
  done
  echo "install-deps: could not install: ${still[*]}" >&2
  exit 1
fi
