#!/usr/bin/env bash
# make bench: the national-scale benchmark of docs/PERFORMANCE.md.
#
#  1. builds bin/parkpi and bin/benchload;
#  2. generates the synthetic national dataset once (bench/, git-ignored)
#     and works on a fresh copy of it;
#  3. runs the store's Go benchmarks with -benchmem on that copy;
#  4. times the Excel exports through the CLI, with peak memory;
#  5. starts `parkpi serve` on loopback, measures the overview JSON
#     (benchload: uncached/cached latency, 50 concurrent savers, the import
#     of a template, the API import of 1,000 agency-quarters with a token),
#     then wrk for 20 s at 64 connections;
#  6. prints one table. It stops by itself and stops the server it started.
#
# Knobs: BENCH_AGENCIES (5000), BENCH_YEARS (10), BENCH_DIR (bench),
# BENCH_PORT (18080), BENCH_WRK_SECONDS (20).
set -euo pipefail
cd "$(dirname "$0")/.."

AGENCIES=${BENCH_AGENCIES:-5000}
YEARS=${BENCH_YEARS:-10}
LAST_YEAR=2025
DIR=${BENCH_DIR:-bench}
ADDR=127.0.0.1:${BENCH_PORT:-18080}
MINADDR=127.0.0.1:$(( ${BENCH_PORT:-18080} + 1 ))
WRK_SECONDS=${BENCH_WRK_SECONDS:-20}
PASSWORD=parkpi-bench-only
DATA=$DIR/national-${AGENCIES}x${YEARS}.db
WORK=$DIR/work.db
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
elapsed_s() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; printf "%.3f", s}' "$1"; }
maxrss_mib() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }

if [ ! -f "$DATA" ]; then
	echo "== generate $AGENCIES agencies x $YEARS years into $DATA"
	rm -f "$DATA.part" "$DATA.part-wal" "$DATA.part-shm"
	/usr/bin/time -v bin/parkpi gen --agencies "$AGENCIES" --years "$YEARS" --last-year "$LAST_YEAR" --db "$DATA.part" \
		> "$DIR/gen.out" 2> "$DIR/gen.time"
	cat "$DIR/gen.out"
	mv "$DATA.part" "$DATA"
else
	echo "== reuse $DATA (delete it to regenerate)"
fi
GEN_LINE=$(cat "$DIR/gen.out" 2>/dev/null || echo "reused")
GEN_S=$( [ -f "$DIR/gen.time" ] && elapsed_s "$DIR/gen.time" || echo "?")

rm -f "$WORK" "$WORK-wal" "$WORK-shm"
cp "$DATA" "$WORK"
bin/parkpi user add bench --role leader --agency VN --name "Benchmark" --password "$PASSWORD" --db "$WORK" >/dev/null
# The API import writes as an officer of the whole tree, with a token.
bin/parkpi user add bench.import --role officer --agency VN --name "Benchmark import" --password "$PASSWORD" --db "$WORK" >/dev/null
TOKEN=$(bin/parkpi token create bench.import --name "make bench" --days 1 --db "$WORK" | tail -n 1)

echo "== Go benchmarks (-benchmem) on $WORK"
PARKPI_BENCH_DB="$(cd "$DIR" && pwd)/work.db" go test -run '^$' -bench . -benchmem -benchtime 2s ./internal/store | tee "$DIR/gobench.txt"

echo "== Excel exports"
export_row() { # export_row NAME ARGS...: time and peak memory of one CLI export
	local name=$1; shift
	if bin/parkpi export --help >/dev/null 2>&1 && /usr/bin/time -v bin/parkpi export "$@" --db "$WORK" -o "$DIR/$name.xlsx" \
		> "$DIR/$name.out" 2> "$DIR/$name.time"; then
		echo "$(elapsed_s "$DIR/$name.time") s, peak $(maxrss_mib "$DIR/$name.time") MiB"
	else
		echo "not yet available"
	fi
}
SUMMARY=$(export_row summary summary --year "$LAST_YEAR")
AGENCY=$(export_row agency agency --code P01 --year "$LAST_YEAR")
echo "summary: $SUMMARY; agency-year: $AGENCY"

echo "== serve on $ADDR"
bin/parkpi serve --addr "$ADDR" --db "$WORK" > "$DIR/serve.log" 2>&1 &
SERVER=$!
bin/benchload -db "$WORK" -serve-minimal "$MINADDR" > "$DIR/minimal.log" 2>&1 &
MINIMAL=$!
trap 'kill "$SERVER" "$MINIMAL" 2>/dev/null || true; wait "$SERVER" "$MINIMAL" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
	curl -fsS "http://$ADDR/healthz" >/dev/null 2>&1 && curl -fsS -o /dev/null "http://$MINADDR/overview" 2>/dev/null && break
	sleep 0.2
done

echo "== load: overview latency, 50 concurrent savers, template import, API import"
bin/benchload -db "$WORK" -url "http://$ADDR" -minimal-url "http://$MINADDR" -user bench -password "$PASSWORD" \
	-token "$TOKEN" -samples 100 | tee "$DIR/load.txt"
val() { awk -F= -v k="$1" '$1 == k {print $2}' "$DIR/load.txt"; }

echo "== wrk: ${WRK_SECONDS}s, 64 connections, cached overview"
COOKIE=$(curl -sS -o /dev/null -D - -d "username=bench&password=$PASSWORD&next=/" "http://$ADDR/login" |
	awk -F'[ ;]' 'tolower($1) == "set-cookie:" && $2 ~ /^parkpi_session=/ {print $2}')
AGENCY_HTTP=$(curl -sS -o "$DIR/agency-http.xlsx" -w '%{http_code} %{time_total}' -H "Cookie: $COOKIE" \
	"http://$ADDR/export/agency/P01?year=$LAST_YEAR" | awk '$1 == 200 {printf "%.0f ms", $2*1000} $1 != 200 {print "HTTP " $1}')
run_wrk() { # run_wrk NAME URL [HEADER]: wrk at 64 connections; sets RPS ERRS P50 P99
	wrk -t2 -c64 -d"${WRK_SECONDS}s" --latency ${3:+-H "$3"} "$2" | tee "$DIR/wrk-$1.txt"
	RPS=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$DIR/wrk-$1.txt")
	local non2xx sock
	non2xx=$(awk '/Non-2xx/ {print $NF}' "$DIR/wrk-$1.txt"); sock=$(awk '/Socket errors/ {gsub(",", ""); print $4+$6+$8+$10}' "$DIR/wrk-$1.txt")
	ERRS=$(( ${non2xx:-0} + ${sock:-0} ))
	P50=$(awk '$1 == "50%" {print $2}' "$DIR/wrk-$1.txt"); P99=$(awk '$1 == "99%" {print $2}' "$DIR/wrk-$1.txt")
}
run_wrk app "http://$ADDR/api/v1/overview?year=$LAST_YEAR" "Cookie: $COOKIE"
APP_RPS=$RPS APP_ERRS=$ERRS APP_P50=$P50 APP_P99=$P99
echo "== wrk: ${WRK_SECONDS}s, 64 connections, store-only overview"
run_wrk minimal "http://$MINADDR/overview?year=$LAST_YEAR"
SERVER_HWM=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$SERVER/status" 2>/dev/null || echo "?")

CORES=$(nproc); CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
cat <<TABLE

parkpi national-scale benchmark — $CORES cores ($CPU), $(date -u +%Y-%m-%d)
dataset: $GEN_LINE (generated in ${GEN_S}s)
"app" = GET /api/v1/overview of the web app (issue 5's view: headline, groups,
trends, the ranking's top/bottom ten, completeness counts); "store" = the store half of
the overview (FiguresByKind + Figures of the year before + Years) behind a
bare handler (benchload -serve-minimal), which isolates the query layer.

| measure | result | target |
|---|---|---|
| overview JSON uncached p50 / p99, 1 client — app | $(val uncached_p50_ms) / $(val uncached_p99_ms) ms | p99 <= 50 ms |
| overview JSON uncached p50 / p99, 1 client — store | $(val minimal_uncached_p50_ms) / $(val minimal_uncached_p99_ms) ms | p99 <= 50 ms |
| overview JSON cached p50 / p99, 1 client — app | $(val cached_p50_ms) / $(val cached_p99_ms) ms | p99 <= 5 ms |
| overview JSON cached p50 / p99, 1 client — store | $(val minimal_cached_p50_ms) / $(val minimal_cached_p99_ms) ms | p99 <= 5 ms |
| 64 connections, ${WRK_SECONDS} s, cached — app | $APP_RPS req/s, $APP_ERRS errors (p50 $APP_P50, p99 $APP_P99) | >= 5,000 req/s, 0 errors |
| 64 connections, ${WRK_SECONDS} s, cached — store | $RPS req/s, $ERRS errors (p50 $P50, p99 $P99) | >= 5,000 req/s, 0 errors |
| overview JSON size — app / store | $(val overview_bytes) / $(val minimal_overview_bytes) bytes | |
| province summary .xlsx, every agency (CLI) | $SUMMARY | <= 1 s, <= 100 MiB |
| agency-year .xlsx — HTTP / CLI (process start included) | $AGENCY_HTTP / $AGENCY | <= 50 ms |
| import of a province's quarter template ($(val import_rows) rows, $(val import_changes) changes) | $(val import_ms) ms | <= 1.5 s for 10,000 rows |
| API bulk import, $(val apiimport_agency_quarters) agency-quarters ($(val apiimport_rows) rows, one transaction) | $(val apiimport_ms) ms (dry run $(val apiimport_dry_ms) ms, changed nothing: $(val apiimport_dry_changed_nothing); all stored: $(val apiimport_all_stored)) | |
| 50 concurrent savers, 20-value forms ($(val saves) saves) | $(val saves_tx_per_s) tx/s | >= 1,000 tx/s |
| ... busy errors / other errors / lost writes | $(val saves_busy_errors) / $(val saves_other_errors) / $(val saves_lost) | 0 / 0 / 0 |
| ... next overview request shows the saves | $(val saves_dashboard_shows) | true |
| app server peak RSS (VmHWM) | $SERVER_HWM MiB | |

Go benchmarks: $DIR/gobench.txt; raw outputs in $DIR/.
TABLE
