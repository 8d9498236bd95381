#!/usr/bin/env bash
# The Debian package on this machine (containers are not available here):
# build it with CPack, install it with dpkg, run the packaged binary as the
# gridbot user with the packaged configuration and ask /healthz, then remove
# (configuration and state stay) and purge (nothing of it stays: the machine
# is as before). Needs root; exits 77 (skipped) otherwise or when a gridbot
# install is already on the machine, which it must not touch.
# Usage: tests/package/run.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)

skip() { echo "skipped: $*"; exit 77; }
[[ $(id -u) -eq 0 ]] || skip "needs root to install a package"
command -v dpkg >/dev/null && command -v cpack >/dev/null || skip "no dpkg or cpack"
if dpkg-query -W -f='${Status}' gridbot 2>/dev/null | grep -q 'installed'; then
  skip "a gridbot package is already installed on this machine"
fi
getent passwd gridbot >/dev/null && skip "a gridbot user already exists"
[[ -e /etc/gridbot || -e /var/lib/gridbot ]] && skip "/etc/gridbot or /var/lib/gridbot exists"

work=$(mktemp -d /tmp/gridbot-package.XXXXXX)
serve_pid=
fail() { echo "FAIL: $*"; exit 1; }
cleanup() {
  [[ -n $serve_pid ]] && kill "$serve_pid" 2>/dev/null || true
  # Whatever happened, leave the machine without the package.
  if dpkg-query -W -f='${Status}' gridbot 2>/dev/null | grep -q 'install\|config-files'; then
    dpkg --purge gridbot >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# What the package may touch, before: users, groups and its paths.
state() {
  getent passwd | sort
  getent group | sort
  for p in /usr/bin/gridbot /usr/share/gridbot /usr/share/doc/gridbot /etc/gridbot \
           /var/lib/gridbot /lib/systemd/system/gridbot.service; do
    [[ -e $p ]] && echo "exists $p"
  done
  return 0
}
state >"$work/before"

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/out/gridbot_*.deb)
echo "package: $(basename "$deb") ($(stat -c %s "$deb") bytes)"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libc6 libcurl4 libsqlite3-0 libssl3 libsystemd0 adduser; do
  [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib (shlibdeps)"
done

dpkg -i "$deb" >"$work/dpkg-i.log" 2>&1 || { cat "$work/dpkg-i.log"; fail "dpkg -i"; }
[[ -x /usr/bin/gridbot ]] || fail "no /usr/bin/gridbot"
[[ $(stat -c '%a %U' /var/lib/gridbot) == "700 gridbot" ]] || fail "/var/lib/gridbot is $(stat -c '%a %U' /var/lib/gridbot)"
[[ $(stat -c '%a %U %G' /etc/gridbot/gridbot.toml) == "640 root gridbot" ]] || fail "gridbot.toml mode"
dpkg-query -W -f='${Conffiles}' gridbot | grep -q /etc/gridbot/gridbot.toml || fail "gridbot.toml is not a conffile"
for d in templates/zh-CN templates/en lexicon calendar; do
  [[ -d /usr/share/gridbot/$d ]] || fail "no /usr/share/gridbot/$d"
done
if command -v systemd-analyze >/dev/null; then
  systemd-analyze verify /lib/systemd/system/gridbot.service || fail "systemd-analyze verify"
  # PID 1 is not systemd here: the unit's exposure from the file itself.
  exposure=$(systemd-analyze security --offline=true /lib/systemd/system/gridbot.service 2>&1 |
             sed -n 's/.*Overall exposure level for gridbot.service: \([0-9.]*\).*/\1/p')
  echo "systemd-analyze security: exposure $exposure"
  awk -v e="$exposure" 'BEGIN { exit !(e != "" && e <= 2.0) }' || fail "exposure ${exposure:-unknown} > 2.0"
fi

runuser -u gridbot -- /usr/bin/gridbot check-config --config /etc/gridbot/gridbot.toml >"$work/check.log" 2>&1 \
  || { cat "$work/check.log"; fail "check-config of the packaged configuration"; }
if curl -s -o /dev/null http://127.0.0.1:8080/healthz; then fail "port 8080 is taken; cannot run the packaged configuration"; fi
(cd / && exec runuser -u gridbot -- /usr/bin/gridbot serve --config /etc/gridbot/gridbot.toml) >"$work/serve.log" 2>&1 &
serve_pid=$!
for _ in $(seq 1 200); do
  curl -sf http://127.0.0.1:8080/healthz >"$work/healthz" 2>/dev/null && break
  sleep 0.1
done
[[ -s $work/healthz ]] || { cat "$work/serve.log"; fail "/healthz did not answer"; }
echo "healthz: $(cat "$work/healthz")"
[[ $(stat -c '%a %U' /var/lib/gridbot/gridbot.db) == "600 gridbot" ]] || fail "database mode $(stat -c '%a %U' /var/lib/gridbot/gridbot.db)"
# SIGTERM to the daemon itself (runuser passes its exit status on).
daemon_pid=$(pgrep -u gridbot -x gridbot) || fail "no gridbot process of the gridbot user"
kill -TERM "$daemon_pid"
wait "$serve_pid" || { cat "$work/serve.log"; fail "serve exited with $?"; }
serve_pid=

dpkg -r gridbot >"$work/remove.log" 2>&1 || { cat "$work/remove.log"; fail "dpkg -r"; }
[[ ! -e /usr/bin/gridbot ]] || fail "remove left /usr/bin/gridbot"
[[ -f /etc/gridbot/gridbot.toml && -f /var/lib/gridbot/gridbot.db ]] || fail "remove deleted the configuration or the state"

dpkg --purge gridbot >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "dpkg --purge"; }
state >"$work/after"
diff -u "$work/before" "$work/after" || fail "purge did not leave the machine as before"
echo "ok: installed, served /healthz as gridbot, removed (configuration and state kept), purged (nothing left)"
