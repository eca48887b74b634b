#!/usr/bin/env bash
# relearn serve with an embedding model (all-MiniLM-L6-v2 + lexicon scores + logistic regression, trained on both
# shipped sources) at fixed offered loads, with adaptive micro-batching on (the default) and off
# (Relearn__Serving__MicroBatching=false): achieved requests/s and p50/p90/p99 latency measured from when each request
# was due (fixed_rate.py, wrk2's open-loop method). Prediction log off, console log level Warning, as compare_serving.sh.
# Prints a markdown table on stdout (progress on stderr).
# Usage: bench/serving/micro_batching.sh        RATES="50 100 200 400" DURATION=15 WARMUP=5 CONNECTIONS=64
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

RATES="${RATES:-50 100 200 400}"
DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-5}"
CONNECTIONS="${CONNECTIONS:-64}"
ensure_apt_packages
ensure_relearn
WORK="$(mktemp -d "${TMPDIR:-/tmp}/relearn-batching-bench.XXXXXX")"
cleanup() {
    stop_all_servers
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log "training the embedding model"
relearn train sentiment --home "$WORK/home" --featurizer embeddings \
    --data "$SAMPLES/yelp_labelled.txt" "$SAMPLES/amazon_cells_labelled.txt" --promote production >&2

echo "Machine: $(machine)"
echo "Build: $(build_info)"
echo
echo "Offered load for ${DURATION}s at each rate over $CONNECTIONS keep-alive connections, after ${WARMUP}s of warm-up at 20 req/s;"
echo "latency counts from when each request was due (open loop), so a server that falls behind pays for its queue."
echo "'other CPU %' is the share of the machine other processes used meanwhile."
echo
echo "| micro-batching | offered req/s | achieved req/s | p50 ms | p90 ms | p99 ms | statuses | other CPU % |"
echo "|---|---:|---:|---:|---:|---:|---|---:|"
for mode in on off; do
    port=$(free_port)
    enabled=true
    [[ $mode == off ]] && enabled=false
    start_server "$WORK/serve-$mode.log" env Relearn__Serving__MicroBatching=$enabled Relearn__Serving__PredictionLog=false \
        Logging__Console__LogLevel__Default=Warning Logging__LogLevel__Default=Warning \
        dotnet "$RELEARN_DLL" serve --home "$WORK/home" --urls "http://127.0.0.1:$port"
    pid=$SERVER_PID
    wait_http "http://127.0.0.1:$port/health/ready" 120
    url="http://127.0.0.1:$port/api/v1/models/sentiment/predict"
    "$PYTHON" "$BENCH_DIR/serving/fixed_rate.py" --url "$url" --rate 20 --duration "$WARMUP" --connections 4 >/dev/null
    for rate in $RATES; do
        log "micro-batching $mode, $rate req/s"
        monitor_start
        result=$("$PYTHON" "$BENCH_DIR/serving/fixed_rate.py" --url "$url" --rate "$rate" --duration "$DURATION" \
            --connections "$CONNECTIONS" --texts "$SAMPLES/amazon_cells_labelled.txt")
        monitor_stop
        log "$result"
        "$PYTHON" - "$mode" "$result" "$OTHERS_PCT" <<'PY'
import json, sys
mode, r, others = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
statuses = ", ".join(f"{k}: {v}" for k, v in r["statuses"].items()) + (f", socket errors: {r['errors']}" if r["errors"] else "")
print(f"| {mode} | {r['offered_rps']:.0f} | {r['achieved_rps']} | {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | {statuses} | {others} |")
PY
    done
    stop_server "$pid"
done
