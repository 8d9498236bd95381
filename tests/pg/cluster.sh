#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests (issue 18):
#   cluster.sh start DIR   initdb + pg_ctl start in DIR on a free loopback port,
#                          socket in DIR; writes DIR/url (a libpq conninfo)
#   cluster.sh stop DIR    pg_ctl stop
#   cluster.sh down DIR    stops the server, keeping the cluster (a database outage)
#   cluster.sh up DIR      starts it again on the same port
# Runs the server as the `postgres` user when started as root (CI), since the
# server refuses to run as root; the cluster then lives in a folder of its own
# under /tmp (DIR's parents may be closed to that user, as CI's mktemp folder
# is), named in DIR/home. Fails loudly, never skips.
set -euo pipefail
cmd=${1:?start|stop}
dir=$(realpath -m "${2:?DIR}")
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "cluster.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    if [ -f "$dir/home" ]; then "$0" stop "$dir" || true; fi
    rm -rf "$dir"
    mkdir -p "$dir"
    home=$dir
    if [ "$(id -u)" = 0 ]; then
      home=$(mktemp -d /tmp/gridbot-pg.XXXXXX)
      chown postgres "$home"
    fi
    echo "$home" >"$dir/home"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$home/data" -U gridbot --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; echo "cluster.sh: initdb failed" >&2; exit 1; }
    echo "$port" >"$dir/port"
    "$0" up "$dir"
    echo "host=127.0.0.1 port=$port user=gridbot dbname=postgres" >"$dir/url"
    echo "cluster.sh: PostgreSQL on 127.0.0.1:$port ($home)"
    ;;
  up)
    home=$(cat "$dir/home")
    port=$(cat "$dir/port")
    as_owner "$bin/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $home -c fsync=off -c max_connections=200" start >/dev/null \
      || { cat "$home/server.log" >&2; echo "cluster.sh: the server did not start" >&2; exit 1; }
    ;;
  down)
    home=$(cat "$dir/home")
    as_owner "$bin/pg_ctl" -D "$home/data" -m fast -w stop >/dev/null
    ;;
  stop)
    [ -f "$dir/home" ] || exit 0
    home=$(cat "$dir/home")
    if [ -d "$home/data" ]; then as_owner "$bin/pg_ctl" -D "$home/data" -m fast stop >/dev/null; fi
    [ "$home" != "$dir" ] && rm -rf "$home"
    rm -f "$dir/home"
    ;;
  *) echo "usage: cluster.sh start|stop|down|up DIR" >&2; exit 2 ;;
esac
