#!/usr/bin/env bash
# pg-throwaway.sh start DIR PORT | stop DIR: a PostgreSQL cluster of its own
# for make bench, in DIR (initdb, trust on loopback only), on 127.0.0.1:PORT,
# run as the postgres user when this is root (initdb and the server refuse
# root). start prints the URL of its database "parkpi" (created empty).
#
# Settings, and why: synchronous_commit=off is what SQLite's
# synchronous=NORMAL in WAL mode gives the SQLite rows (a commit is not
# flushed to disk one by one; a crash loses the last moments, never
# corrupts); fsync stays on. shared_buffers holds the national dataset's hot
# tables; max_connections leaves room for two instances' pools.
set -euo pipefail
cmd=$1 dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || bin=$(dirname "$(command -v initdb)")
as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case $cmd in
start)
	port=$3
	rm -rf "$dir"; mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres: "$dir"
	as "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
	as "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 \
		-c synchronous_commit=off -c shared_buffers=512MB -c max_connections=200 -c max_wal_size=4GB \
		-c checkpoint_timeout=15min" start >/dev/null
	as "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres parkpi
	echo "postgres://postgres@127.0.0.1:$port/parkpi?sslmode=disable"
	;;
stop)
	[ -d "$dir/data" ] && as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
	;;
*) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
