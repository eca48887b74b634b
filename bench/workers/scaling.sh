#!/usr/bin/env bash
# Scale-out of tuning on Hangfire + PostgreSQL: one 30-trial `relearn train issue-close --executor hangfire` run with
# 1, 2 and 4 `relearn worker` processes (one job at a time each) on this machine, then Hangfire's own dispatch overhead
# per empty job (bench/workers/HangfireDispatch). Each configuration gets a fresh database on the PostgreSQL server
# at $POSTGRES (default: the one scripts/postgres-up.sh starts). Prints a markdown table: workers | wall s | speed-up |
# trials per worker | best validation AUC | CPU other processes used; then the dispatch figures as JSON.
#   WORKERS="1 2 4"  TRIALS=30  POSTGRES=postgresql://postgres:postgres@127.0.0.1:55432/postgres
set -euo pipefail
source "$(dirname "$0")/../common.sh"
WORKERS="${WORKERS:-1 2 4}"
TRIALS="${TRIALS:-30}"
POSTGRES="${POSTGRES:-postgresql://postgres:postgres@127.0.0.1:55432/postgres}"
SAMPLE="$RELEARN_REPO/samples/github/huggingface-datasets-issues-2020-2023.jsonl.gz"
work=$(mktemp -d)
worker_pids=()
stop_workers() {
    for pid in "${worker_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${worker_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    worker_pids=()
}
trap 'stop_workers; monitor_stop; rm -rf "$work"' EXIT

ensure_relearn
"$RELEARN_REPO/scripts/postgres-up.sh" >&2 || true
psql_admin() { psql "$POSTGRES" -qAtc "$1"; }
server="${POSTGRES%/*}"

log "$(machine)"
log "$(build_info)"
echo "| workers | wall s | speed-up | trials per worker | best validation AUC | other processes' CPU % |"
echo "|---|---|---|---|---|---|"
base=""
for n in $WORKERS; do
    db="relearn_bench_workers_${n}_$$"
    psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)"
    psql_admin "CREATE DATABASE $db"
    store="$server/$db"
    home="$work/home-$n"
    mkdir -p "$home"
    # Migrate the schemas once, so the measured run does not include the first start.
    relearn models list --store "$store" --home "$home" >/dev/null
    for i in $(seq 1 "$n"); do
        dotnet "$RELEARN_DLL" worker --concurrency 1 --store "$store" --home "$home" >"$work/worker-$n-$i.log" 2>&1 &
        worker_pids+=($!)
    done
    for i in $(seq 1 "$n"); do
        until grep -q '^relearn worker ' "$work/worker-$n-$i.log"; do sleep 0.2; done
    done
    monitor_start
    start=$(now)
    relearn train issue-close --data "$SAMPLE" --trials "$TRIALS" --executor hangfire --alert-below 0 \
        --store "$store" --home "$home" --format json >"$work/train-$n.json"
    end=$(now)
    monitor_stop
    stop_workers
    wall=$(elapsed "$start" "$end")
    [[ -n "$base" ]] || base="$wall"
    split=$(psql "$store" -qAtc "SELECT string_agg(c::text, '/' ORDER BY c DESC) FROM (SELECT COUNT(*) c FROM tuning_trials GROUP BY worker) s")
    auc=$(json_get metrics.best_validation_auc <"$work/train-$n.json")
    speedup=$("$PYTHON" -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):.2f}")' "$base" "$wall")
    echo "| $n | $wall | ${speedup}x | $split | $auc | $OTHERS_PCT |"
    psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done

log "Hangfire dispatch overhead (empty jobs, one worker)"
db="relearn_bench_dispatch_$$"
psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)"
psql_admin "CREATE DATABASE $db"
dotnet build -c Release "$BENCH_DIR/workers/HangfireDispatch" -v quiet -nologo >&2
monitor_start
dotnet "$BENCH_DIR/workers/HangfireDispatch/bin/Release/net10.0/HangfireDispatch.dll" "$server/$db" "${JOBS:-400}"
monitor_stop
echo "other processes' CPU %: $OTHERS_PCT"
psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)"
