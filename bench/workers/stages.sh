#!/usr/bin/env bash
# Hangfire dispatch overhead per pipeline stage: a chain of $STAGES stages whose command does nothing (`true`), run by
# `relearn pipeline run` in-process and with `--executor hangfire` on one `relearn worker --concurrency 1`, both on the
# same fresh PostgreSQL database, so the difference is the dispatch (enqueue, a worker fetching the job, the
# coordinator seeing its result). A param changes every run so no stage is cached. Time per run is the run's own
# duration in the store (created_at to ended_at: no process start-up); $ROUNDS runs per executor, medians reported.
#   STAGES=20  ROUNDS=5  POSTGRES=postgresql://postgres:postgres@127.0.0.1:55432/postgres
set -euo pipefail
source "$(dirname "$0")/../common.sh"
STAGES="${STAGES:-20}"
ROUNDS="${ROUNDS:-5}"
POSTGRES="${POSTGRES:-postgresql://postgres:postgres@127.0.0.1:55432/postgres}"
work=$(mktemp -d)
worker_pid=""
trap '[[ -z "$worker_pid" ]] || { kill -TERM "$worker_pid" 2>/dev/null; wait "$worker_pid" 2>/dev/null; }; monitor_stop; rm -rf "$work"' EXIT

ensure_relearn
"$RELEARN_REPO/scripts/postgres-up.sh" >&2 || true
server="${POSTGRES%/*}"
db="relearn_bench_stages_$$"
psql "$POSTGRES" -qAtc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
psql "$POSTGRES" -qAtc "CREATE DATABASE $db"
store="$server/$db"
{
    echo "name: chain"
    echo "params: {n: \"0\"}"
    echo "stages:"
    echo "  s1: {run: \"true \${params.n}\"}"
    for i in $(seq 2 "$STAGES"); do echo "  s$i: {run: \"true \${params.n}\", after: [s$((i - 1))]}"; done
} >"$work/relearn.yaml"

log "$(machine)"
log "$(build_info)"
relearn models list --store "$store" --home "$work" >/dev/null   # migrate once, outside the measurement
dotnet "$RELEARN_DLL" worker --concurrency 1 --store "$store" --home "$work" >"$work/worker.log" 2>&1 &
worker_pid=$!
until grep -qs '^relearn worker ' "$work/worker.log"; do sleep 0.2; done

run_ms() {   # run_ms EXECUTOR N: one uncached run; prints its duration in ms from the store
    (cd "$work" && relearn pipeline run --file relearn.yaml --param "n=$2" --executor "$1" --store "$store" --home "$work" --format json >/dev/null)
    psql "$store" -qAtc "SELECT ended_at - created_at FROM pipeline_runs ORDER BY created_at DESC LIMIT 1"
}
median() { "$PYTHON" -c 'import statistics, sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }

n=0
monitor_start
for executor in in-process hangfire; do
    run_ms "$executor" $((n += 1)) >/dev/null   # warm-up: JIT, first connections
    times=()
    for _ in $(seq 1 "$ROUNDS"); do times+=("$(run_ms "$executor" $((n += 1)))"); done
    declare "median_${executor//-/_}=$(median "${times[@]}")"
    log "$executor: ${times[*]} ms"
done
monitor_stop
echo "| executor | run of $STAGES stages, median ms | per stage ms |"
echo "|---|---:|---:|"
for executor in in-process hangfire; do
    var="median_${executor//-/_}"
    echo "| $executor | ${!var} | $("$PYTHON" -c 'import sys; print(f"{float(sys.argv[1]) / int(sys.argv[2]):.1f}")' "${!var}" "$STAGES") |"
done
echo "dispatch overhead per stage: $("$PYTHON" -c 'import sys; print(f"{(float(sys.argv[2]) - float(sys.argv[1])) / int(sys.argv[3]):.1f}")' "$median_in_process" "$median_hangfire" "$STAGES") ms; other processes' CPU %: $OTHERS_PCT"
psql "$POSTGRES" -qAtc "DROP DATABASE IF EXISTS $db WITH (FORCE)"
