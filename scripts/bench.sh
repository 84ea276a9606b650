#!/usr/bin/env bash
# make bench: the national-scale benchmark of docs/PERFORMANCE.md.
#
#  1. builds bin/parkpi and bin/benchload;
#  2. generates the synthetic national dataset (5,000 agencies x 10 years)
#     and a larger one (20,000 x 5) once (bench/, git-ignored), and works on
#     fresh copies of them;
#  3. runs the store's Go benchmarks with -benchmem on the national copy;
#  4. times the province summary through the CLI, with peak memory, at both
#     sizes;
#  5. starts `parkpi serve` on loopback on the national copy and runs
#     benchload (another process on the same file, as a second instance
#     would be): the overview JSON uncached (a commit before each request)
#     for state=all and state=approved, 50 concurrent savers, the import of
#     a template, the API import of 1,000 agency-quarters with a token, the
#     mixed load (wrk while savers commit), a commune moved
#     while saves run, the cockpit, the summary against bare excelize
#     writing the same cells (values, formulas and styles); then
#     wrk on the cached overview; then the same overview and cockpit on the
#     20,000-agency copy;
#  6. copies the national dataset into PostgreSQL (a throwaway cluster,
#     scripts/pg-throwaway.sh, or the empty database PARKPI_BENCH_POSTGRES
#     names), starts two instances on it and runs the overview latency, 50
#     savers, the mixed load and wrk on the cached overview, wrk's 64
#     connections split over both instances;
#  7. prints one table, every target with its figure and met / not met.
# It stops by itself and stops the servers it started.
#
# Knobs: BENCH_AGENCIES (5000), BENCH_YEARS (10), BENCH_BIG_AGENCIES (20000),
# BENCH_BIG_YEARS (5), BENCH_DIR (bench), BENCH_PORT (18080),
# BENCH_WRK_SECONDS (20), BENCH_GOBENCH (1: run the Go benchmarks),
# PARKPI_BENCH_POSTGRES (an empty PostgreSQL database instead of the cluster).
set -euo pipefail
cd "$(dirname "$0")/.."

AGENCIES=${BENCH_AGENCIES:-5000}
YEARS=${BENCH_YEARS:-10}
BIG_AGENCIES=${BENCH_BIG_AGENCIES:-20000}
BIG_YEARS=${BENCH_BIG_YEARS:-5}
LAST_YEAR=2025
DIR=${BENCH_DIR:-bench}
ADDR=127.0.0.1:${BENCH_PORT:-18080}
BIGADDR=127.0.0.1:$(( ${BENCH_PORT:-18080} + 2 ))
WRK_SECONDS=${BENCH_WRK_SECONDS:-20}
PASSWORD=parkpi-bench-only
DATA=$DIR/national-${AGENCIES}x${YEARS}.db
BIG=$DIR/national-${BIG_AGENCIES}x${BIG_YEARS}.db
WORK=$DIR/work.db
BIGWORK=$DIR/work-big.db
mkdir -p "$DIR"

need() { # need COMMAND PACKAGE: install the Debian package when missing
	command -v "$1" >/dev/null 2>&1 && return
	echo "installing $2 ..."
	if [ "$(id -u)" = 0 ]; then apt-get install -y "$2" >/dev/null; else sudo apt-get install -y "$2" >/dev/null; fi
}
need wrk wrk
[ -x /usr/bin/time ] || need /usr/bin/time time

echo "== build"
go build -o bin/parkpi ./cmd/parkpi
go build -o bin/benchload ./scripts/benchload

# elapsed_s and maxrss_mib read a /usr/bin/time -v report.
elapsed_s() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; printf "%.1f", s}' "$1"; }
maxrss_mib() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }

generate() { # generate FILE AGENCIES YEARS NAME: the dataset, once
	if [ ! -f "$1" ]; then
		echo "== generate $2 agencies x $3 years into $1"
		rm -f "$1.part" "$1.part-wal" "$1.part-shm"
		/usr/bin/time -v bin/parkpi gen --agencies "$2" --years "$3" --last-year "$LAST_YEAR" --db "$1.part" \
			> "$DIR/$4.out" 2> "$DIR/$4.time"
		cat "$DIR/$4.out"
		mv "$1.part" "$1"
	else
		echo "== reuse $1 (delete it to regenerate)"
	fi
}
generate "$DATA" "$AGENCIES" "$YEARS" gen
generate "$BIG" "$BIG_AGENCIES" "$BIG_YEARS" gen-big
GEN_LINE=$(cat "$DIR/gen.out" 2>/dev/null || echo "reused")
GEN_S=$( [ -f "$DIR/gen.time" ] && elapsed_s "$DIR/gen.time" || echo "?")
VALUES=$(sed -n 's/.*agencies, \([0-9]*\) values.*/\1/p' "$DIR/gen.out" 2>/dev/null | head -1)
BYTES=$(stat -c %s "$DATA")
PER_VALUE=$(awk -v b="$BYTES" -v v="${VALUES:-0}" 'BEGIN {if (v > 0) printf "%.0f", b/v; else print "?"}')

fresh() { # fresh SRC DST: a working copy with the bench leader
	rm -f "$2" "$2-wal" "$2-shm"
	cp "$1" "$2"
	bin/parkpi user add bench --role leader --agency VN --name "Benchmark" --password "$PASSWORD" --db "$2" >/dev/null
}
fresh "$DATA" "$WORK"
fresh "$BIG" "$BIGWORK"
# The API import writes as an officer of the whole tree, with a token.
bin/parkpi user add bench.import --role officer --agency VN --name "Benchmark import" --password "$PASSWORD" --db "$WORK" >/dev/null
TOKEN=$(bin/parkpi token create bench.import --name "make bench" --days 1 --db "$WORK" | tail -n 1)

if [ "${BENCH_GOBENCH:-1}" = 1 ]; then
	echo "== Go benchmarks (-benchmem) on $WORK"
	PARKPI_BENCH_DB="$(cd "$DIR" && pwd)/work.db" go test -run '^$' -bench . -benchmem -benchtime 2s ./internal/store | tee "$DIR/gobench.txt"
fi

echo "== province summary through the CLI"
export_row() { # export_row NAME DB: time and peak memory of the summary export
	if /usr/bin/time -v bin/parkpi export summary --year "$LAST_YEAR" --db "$2" -o "$DIR/$1.xlsx" > "$DIR/$1.out" 2> "$DIR/$1.time"; then
		echo "$(elapsed_s "$DIR/$1.time") $(maxrss_mib "$DIR/$1.time")"
	else
		echo "? ?"
	fi
}
read -r SUM_S SUM_MIB <<< "$(export_row summary "$WORK")"
read -r BIGSUM_S BIGSUM_MIB <<< "$(export_row summary-big "$BIGWORK")"

SERVERS=()
trap 'for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
serve() { # serve ADDR DB LOG
	bin/parkpi serve --addr "$1" --db "$2" > "$DIR/$3" 2>&1 &
	SERVERS+=($!)
	for _ in $(seq 1 150); do curl -fsS "http://$1/healthz" >/dev/null 2>&1 && return; sleep 0.2; done
	echo "the server on $1 did not start"; cat "$DIR/$3"; exit 1
}

echo "== serve $WORK on $ADDR"
serve "$ADDR" "$WORK" serve.log
SERVER=${SERVERS[0]}
echo "== load on the national dataset"
bin/benchload -db "$WORK" -url "http://$ADDR" -user bench -password "$PASSWORD" -samples 100 -token "$TOKEN" \
	-steps app,approved,saves,import,apiimport,mixed,move,cockpit,xlsx -wrk-seconds "$WRK_SECONDS" | tee "$DIR/load.txt"
val() { awk -F= -v k="$1" '$1 == k {print $2}' "${2:-$DIR/load.txt}"; }

echo "== wrk: ${WRK_SECONDS}s, 64 connections, cached overview"
COOKIE=$(curl -sS -o /dev/null -D - -d "username=bench&password=$PASSWORD&next=/" "http://$ADDR/login" |
	awk -F'[ ;]' 'tolower($1) == "set-cookie:" && $2 ~ /^parkpi_session=/ {print $2}')
wrk -t2 -c64 -d"${WRK_SECONDS}s" --latency -H "Cookie: $COOKIE" "http://$ADDR/api/v1/overview?year=$LAST_YEAR" | tee "$DIR/wrk-cached.txt"
CACHED_RPS=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$DIR/wrk-cached.txt")
SERVER_HWM=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$SERVER/status" 2>/dev/null || echo "?")

# PostgreSQL: the national dataset copied into a throwaway cluster (or the
# empty database PARKPI_BENCH_POSTGRES names), two instances on it, and the
# same load, wrk split over both.
PG_PORT=$(( ${BENCH_PORT:-18080} + 10 ))
PGADDR1=127.0.0.1:$(( ${BENCH_PORT:-18080} + 4 ))
PGADDR2=127.0.0.1:$(( ${BENCH_PORT:-18080} + 6 ))
PG_DIR=$(mkdir -p "$DIR/pg" && cd "$DIR/pg" && pwd)
if [ -n "${PARKPI_BENCH_POSTGRES:-}" ]; then
	PGURL=$PARKPI_BENCH_POSTGRES
else
	echo "== PostgreSQL: a throwaway cluster in $PG_DIR on port $PG_PORT"
	PGURL=$(scripts/pg-throwaway.sh start "$PG_DIR" "$PG_PORT")
	trap 'for p in "${SERVERS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; scripts/pg-throwaway.sh stop "$PG_DIR"' EXIT
fi
echo "== parkpi copy $DATA into PostgreSQL"
/usr/bin/time -v bin/parkpi copy --from "$DATA" --to "$PGURL" > "$DIR/pg-copy.out" 2> "$DIR/pg-copy.time"
cat "$DIR/pg-copy.out"
PG_COPY_S=$(elapsed_s "$DIR/pg-copy.time")
bin/parkpi user add bench --role leader --agency VN --name "Benchmark" --password "$PASSWORD" --db "$PGURL" >/dev/null
echo "== serve PostgreSQL on $PGADDR1 and $PGADDR2 (two instances, one database)"
serve "$PGADDR1" "$PGURL" pg-serve1.log
serve "$PGADDR2" "$PGURL" pg-serve2.log
# The cluster started here runs on this machine: the saves report its CPU too.
PG_PID=()
[ -z "${PARKPI_BENCH_POSTGRES:-}" ] && PG_PID=(-server-pid "$(head -1 "$PG_DIR/data/postmaster.pid")")
bin/benchload -db "$PGURL" -url "http://$PGADDR1" -url2 "http://$PGADDR2" -user bench -password "$PASSWORD" -samples 100 \
	-steps app,approved,saves,mixed,cached -wrk-seconds "$WRK_SECONDS" ${PG_PID[@]+"${PG_PID[@]}"} | tee "$DIR/load-pg.txt"
pg() { val "$1" "$DIR/load-pg.txt"; }
for p in "${SERVERS[@]:1}"; do kill "$p" 2>/dev/null || true; done

echo "== serve $BIGWORK on $BIGADDR"
serve "$BIGADDR" "$BIGWORK" serve-big.log
bin/benchload -db "$BIGWORK" -url "http://$BIGADDR" -user bench -password "$PASSWORD" -samples 100 \
	-steps app,approved,cockpit | tee "$DIR/load-big.txt"
big() { val "$1" "$DIR/load-big.txt"; }

# verdict VALUE OP TARGET: met when VALUE OP TARGET (le: <=, ge: >=, eq: =).
verdict() {
	awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
		gsub(/ms$/, "", v); if (v ~ /s$/ && v !~ /ms$/) { sub(/s$/, "", v); v = v * 1000 }
		if (v == "" || v == "?") { print "?"; exit }
		ok = (op == "le" && v + 0 <= t + 0) || (op == "ge" && v + 0 >= t + 0) || (op == "eq" && v == t)
		print (ok ? "met" : "not met") }'
}
both() { [ "$1" = met ] && [ "$2" = met ] && echo met || echo "not met"; }
RATIO_LIMIT=1.3
CORES=$(nproc); CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
cat <<TABLE

parkpi national-scale benchmark — $CORES cores ($CPU), $(date -u +%Y-%m-%d), load average at the end: $LOAD
dataset: $GEN_LINE
large dataset: $(cat "$DIR/gen-big.out" 2>/dev/null || echo reused)
Savers and moves run in benchload, another process on the same file (as a second instance would):
the server sees their commits through PRAGMA data_version and the changes log.

| target | measured | met |
|---|---|---|
| mixed load: wrk 64 conn. ${WRK_SECONDS}s on the overview JSON while 50 savers commit ($(val mixed_commits_per_s) commits/s; the middle of $(val mixed_rounds) runs by p99, all below) | $(val mixed_rps) req/s, p99 $(val mixed_p99_ms), $(val mixed_errors) errors, next request shows every save: $(val mixed_dashboard_shows) | $(both "$(verdict "$(val mixed_rps)" ge 3000)" "$(verdict "$(val mixed_p99_ms)" le 50)") |
| mixed load at ~10 commits/s ($(val mixed10_commits_per_s) commits/s) | $(val mixed10_rps) req/s, p99 $(val mixed10_p99_ms), $(val mixed10_errors) errors, shows every save: $(val mixed10_dashboard_shows) | $(both "$(verdict "$(val mixed10_rps)" ge 3000)" "$(verdict "$(val mixed10_p99_ms)" le 50)") |
| uncached overview p99, ${AGENCIES} agencies, state=all (p50) | $(val uncached_p99_ms) ms ($(val uncached_p50_ms)) | $(verdict "$(val uncached_p99_ms)" le 20) |
| uncached overview p99, ${AGENCIES} agencies, state=approved (p50) | $(val approved_uncached_p99_ms) ms ($(val approved_uncached_p50_ms)) | $(verdict "$(val approved_uncached_p99_ms)" le 20) |
| uncached overview p99, ${BIG_AGENCIES} agencies, state=all (p50) | $(big uncached_p99_ms) ms ($(big uncached_p50_ms)) | $(verdict "$(big uncached_p99_ms)" le 30) |
| uncached overview p99, ${BIG_AGENCIES} agencies, state=approved (p50) | $(big approved_uncached_p99_ms) ms ($(big approved_uncached_p50_ms)) | $(verdict "$(big approved_uncached_p99_ms)" le 30) |
| cockpit at ${BIG_AGENCIES} agencies: size, p99 (p50) | $(big cockpit_bytes) bytes, $(big cockpit_p99_ms) ms ($(big cockpit_p50_ms)) | $(both "$(verdict "$(big cockpit_bytes)" le 51200)" "$(verdict "$(big cockpit_p99_ms)" le 50)") |
| moving commune $(val move_commune) to another province and back, while 10 savers commit | $(val move_ms) / $(val move_back_ms) ms; slowest save meanwhile $(val move_saves_worst_ms) ms; "locked" errors $(val move_locked_errors), other $(val move_other_errors) | $(both "$(verdict "$(val move_ms)" le 1000)" "$(verdict "$(val move_saves_worst_ms)" le 1000)") |
| province summary .xlsx, ${AGENCIES} agencies (figures read, book built and written), vs bare excelize writing the same $(val xlsx_cells) cells of every sheet (values, formulas, styles; same zip writer) | $(val xlsx_summary_ms) ms vs $(val xlsx_bare_ms) ms: ×$(val xlsx_ratio) | $(verdict "$(val xlsx_ratio)" le $RATIO_LIMIT) |
| province summary .xlsx, ${BIG_AGENCIES} agencies, CLI (process included) | ${BIGSUM_S} s, peak ${BIGSUM_MIB} MiB (${AGENCIES}: ${SUM_S} s, ${SUM_MIB} MiB) | $(both "$(verdict "$BIGSUM_S" le 1)" "$(verdict "$BIGSUM_MIB" le 100)") |
| 50 concurrent savers, 20-value forms ($(val saves) saves; the middle of $(val saves_rounds) runs by rate, all below) | $(val saves_tx_per_s) tx/s, p99 $(val saves_p99_ms) ms; $(val saves_cpu_ms_per_save) ms of benchload's CPU a save | $(verdict "$(val saves_tx_per_s)" ge 1000) |
| ... busy errors / other errors / lost writes; next overview shows the saves | $(val saves_busy_errors) / $(val saves_other_errors) / $(val saves_lost); $(val saves_dashboard_shows) | $(both "$(verdict "$(( $(val saves_busy_errors) + $(val saves_other_errors) + $(val saves_lost) ))" eq 0)" "$(verdict "$(val saves_dashboard_shows)" eq true)") |
| PostgreSQL: uncached overview p99, ${AGENCIES} agencies, state=all (p50); a commit through another connection before each request | $(pg uncached_p99_ms) ms ($(pg uncached_p50_ms)) | $(verdict "$(pg uncached_p99_ms)" le 50) |
| PostgreSQL: uncached overview p99, state=approved (p50) | $(pg approved_uncached_p99_ms) ms ($(pg approved_uncached_p50_ms)) | $(verdict "$(pg approved_uncached_p99_ms)" le 50) |
| PostgreSQL: cached overview, wrk 64 conn. ${WRK_SECONDS}s over two instances (32 each) | $(pg cached_rps) req/s, p99 $(pg cached_wrk_p99_ms), $(pg cached_errors) errors (one client: p50/p99 $(pg cached_p50_ms) / $(pg cached_p99_ms) ms) | $(both "$(verdict "$(pg cached_rps)" ge 5000)" "$(verdict "$(pg cached_errors)" eq 0)") |
| PostgreSQL: mixed load over two instances: wrk 64 conn. while 50 savers commit ($(pg mixed_commits_per_s) commits/s; the middle of $(pg mixed_rounds) runs by p99, all below) | $(pg mixed_rps) req/s, p99 $(pg mixed_p99_ms), $(pg mixed_errors) errors, both instances show every save within the 1 s totals lag: $(pg mixed_dashboard_shows) (after $(pg mixed_dashboard_shows_after_ms) ms) | $(both "$(verdict "$(pg mixed_rps)" ge 3000)" "$(verdict "$(pg mixed_p99_ms)" le 50)") |
| PostgreSQL: 50 concurrent savers, 20-value forms ($(pg saves) saves; the middle of $(pg saves_rounds) runs by rate, all below) | $(pg saves_tx_per_s) tx/s, p99 $(pg saves_p99_ms) ms; $(pg saves_cpu_ms_per_save) ms of benchload's CPU and $(pg saves_server_cpu_ms_per_save) ms of the server's a save | $(verdict "$(pg saves_tx_per_s)" ge 1000) |
| ... errors / lost writes / retried (deadlocks, serialization failures); both instances show the saves | $(( $(pg saves_busy_errors) + $(pg saves_other_errors) )) / $(pg saves_lost) / $(pg saves_retries); $(pg saves_dashboard_shows) | $(both "$(verdict "$(( $(pg saves_busy_errors) + $(pg saves_other_errors) + $(pg saves_lost) + $(pg saves_retries) ))" eq 0)" "$(verdict "$(pg saves_dashboard_shows)" eq true)") |
| storage: bytes per stored value (${BYTES} bytes / ${VALUES:-?} values) | ${PER_VALUE} | $(verdict "$PER_VALUE" le 150) |
| parkpi gen --agencies ${AGENCIES} --years ${YEARS} | ${GEN_S} s | $(verdict "$GEN_S" le 60) |

Other figures: cached overview, wrk 64 connections ${WRK_SECONDS} s: ${CACHED_RPS} req/s; overview JSON $(val overview_bytes) bytes;
cached p50/p99 one client $(val cached_p50_ms) / $(val cached_p99_ms) ms; template import ($(val import_rows) rows): $(val import_ms) ms;
API bulk import, $(val apiimport_agency_quarters) agency-quarters ($(val apiimport_rows) rows, one transaction): $(val apiimport_ms) ms (dry run $(val apiimport_dry_ms) ms, changed nothing: $(val apiimport_dry_changed_nothing); all stored: $(val apiimport_all_stored));
server peak RSS (VmHWM) ${SERVER_HWM} MiB. PostgreSQL: parkpi copy of the national dataset ${PG_COPY_S} s; the cluster and both
instances on this machine (synchronous_commit=off, as SQLite's synchronous=NORMAL; scripts/pg-throwaway.sh).
Mixed load with 50 savers, every run: SQLite $(grep '^mixed_round[0-9]' "$DIR/load.txt" | cut -d= -f2 | paste -sd';' -);
PostgreSQL $(grep '^mixed_round[0-9]' "$DIR/load-pg.txt" | cut -d= -f2 | paste -sd';' -).
50 concurrent savers, every run: SQLite $(grep '^saves_round[0-9]' "$DIR/load.txt" | cut -d= -f2 | paste -sd';' -);
PostgreSQL $(grep '^saves_round[0-9]' "$DIR/load-pg.txt" | cut -d= -f2 | paste -sd';' -).
Go benchmarks: $DIR/gobench.txt; raw outputs in $DIR/.
TABLE
