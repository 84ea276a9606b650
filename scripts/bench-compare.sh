#!/usr/bin/env bash
# bench-compare.sh REF [ROUNDS]: make bench's measurements of the targets
# that change with the code, for REF (a git ref, built from `git archive`)
# and for the work tree, alternating round by round on their own copies of
# the same datasets, so that both see the same machine (on a shared machine
# one run of each minutes apart compares the neighbours' load, not the code).
#
# Per round and build: the province summary through the CLI at both sizes
# (time and peak memory), then `parkpi serve` on the national copy and that
# build's own benchload: the uncached overview (state=all and approved) and
# the mixed load (wrk while 50 savers commit, and at ~10 commits/s). Needs
# the datasets of `make bench` in bench/.
#
# Knobs: BENCH_DIR (bench), BENCH_AGENCIES/BENCH_YEARS and
# BENCH_BIG_AGENCIES/BENCH_BIG_YEARS as for make bench, BENCH_WRK_SECONDS (20),
# COMPARE_STEPS (app,approved,mixed).
set -euo pipefail
cd "$(dirname "$0")/.."

REF=${1:?usage: scripts/bench-compare.sh REF [ROUNDS]}
ROUNDS=${2:-2}
DIR=${BENCH_DIR:-bench}
DATA=$DIR/national-${BENCH_AGENCIES:-5000}x${BENCH_YEARS:-10}.db
BIG=$DIR/national-${BENCH_BIG_AGENCIES:-20000}x${BENCH_BIG_YEARS:-5}.db
STEPS=${COMPARE_STEPS:-app,approved,mixed}
WRK_SECONDS=${BENCH_WRK_SECONDS:-20}
PASSWORD=parkpi-bench-only
ADDR=127.0.0.1:18086
for f in "$DATA" "$BIG"; do
	[ -f "$f" ] || { echo "no $f: run make bench once first"; exit 1; }
done

echo "== build $REF and the work tree"
SRC=$DIR/compare-src
rm -rf "$SRC" && mkdir -p "$SRC" "$DIR/compare-ref" "$DIR/compare-new"
git archive "$REF" | tar -x -C "$SRC"
(cd "$SRC" && go build -o "../compare-ref/parkpi" ./cmd/parkpi && go build -o "../compare-ref/benchload" ./scripts/benchload)
go build -o "$DIR/compare-new/parkpi" ./cmd/parkpi
go build -o "$DIR/compare-new/benchload" ./scripts/benchload

for v in ref new; do # each build migrates its own copies
	for d in "$DATA" "$BIG"; do
		copy=$DIR/compare-$v/$(basename "$d")
		rm -f "$copy" "$copy-wal" "$copy-shm"
		cp "$d" "$copy"
		"$DIR/compare-$v/parkpi" user add bench --role leader --agency VN --name "Benchmark" --password "$PASSWORD" --db "$copy" >/dev/null
	done
done

SERVER=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true' EXIT
measure() { # measure ref|new: one round of one build
	local b=$DIR/compare-$1 out="" s
	for d in "$DATA" "$BIG"; do
		s=$( { /usr/bin/time -f "%e s %M KB" "$b/parkpi" export summary --year 2025 --db "$b/$(basename "$d")" -o "$b/summary.xlsx" >/dev/null; } 2>&1 | tail -1)
		out+="summary[$(basename "$d" .db)]=${s// /_} "
	done
	"$b/parkpi" serve --addr "$ADDR" --db "$b/$(basename "$DATA")" > "$b/serve.log" 2>&1 &
	SERVER=$!
	for _ in $(seq 1 150); do curl -fsS "http://$ADDR/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
	out+=$("$b/benchload" -db "$b/$(basename "$DATA")" -url "http://$ADDR" -user bench -password "$PASSWORD" -samples 100 \
		-steps "$STEPS" -wrk-seconds "$WRK_SECONDS" | grep -E 'uncached_p|mixed1?0?_(rps|p50_ms|p99_ms|commits_per_s|errors)=' | tr '\n' ' ')
	kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
	echo "$1 (load $(cut -d' ' -f1-3 /proc/loadavg)): $out"
}
for r in $(seq 1 "$ROUNDS"); do
	echo "== round $r"
	measure ref
	measure new
done
