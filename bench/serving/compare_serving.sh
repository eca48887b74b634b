#!/usr/bin/env bash
# Serving throughput and tail latency: relearn serve (Release build) versus FastAPI + uvicorn serving the seed's
# scikit-learn TF-IDF + MultinomialNB pipeline, one sentence per POST.
#
# For each server: start it on a free loopback port, wait until it is ready, send one request, warm up with wrk
# for WARMUP (default 15s: relearn's throughput climbs for about 10 s while .NET tiers up its JIT code), then
# measure: wrk -t2 -c32 -d10s --latency -s post.lua. Before each server the script waits for the machine to be idle,
# reports the CPU share other processes took during the measurement, and repeats a measurement that other work
# disturbed (more than MAX_OTHERS=3 percent, up to ATTEMPTS=4 runs).
# Servers measured:
#   relearn, defaults (prediction log on, default logging)            <- the headline relearn figure
#   relearn, Relearn__Serving__PredictionLog=false
#   relearn, Logging__LogLevel__Default=Warning (no per-request console log lines)
#   relearn, defaults, with a live canary rollout (50% to sentiment v2, random split): the rollout router on the hot path
#   relearn, defaults, with a live shadow rollout (the champion answers, v2 scores every request off the request path)
#   Kestrel, no model (bench/serving/kestrel-ceiling): the same JSON POST parsed and a fixed answer; the ceiling
#   FastAPI + uvicorn (uvloop, httptools, --no-access-log), 1 worker and 2 workers
# The rollouts are started with relearn models rollout start and gates that can never decide (a billion labels), so
# the split holds for the whole measurement; sentiment v2 is trained like v1 (featurizer tfidf, both sources) with
# another seed.
# Prints a markdown table on stdout; the full wrk reports go to stderr.
# Usage: bench/serving/compare_serving.sh           (DURATION=10s WARMUP=15s THREADS=2 CONNECTIONS=32 to change)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-15s}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
ATTEMPTS="${ATTEMPTS:-4}"
MAX_OTHERS="${MAX_OTHERS:-3}"

ensure_apt_packages
ensure_relearn
log "building the Kestrel ceiling (Release)"
dotnet build "$BENCH_DIR/serving/kestrel-ceiling" -c Release -o "$RELEARN_BENCH/kestrel-ceiling" >&2

WORK="$(mktemp -d "${TMPDIR:-/tmp}/relearn-serving-bench.XXXXXX")"
cleanup() {
    stop_all_servers
    if [[ "${KEEP_WORK:-0}" == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# TF-IDF + logistic regression, the model FastAPI's TF-IDF + MultinomialNB is compared with (quickstart's sentiment
# pipeline picks its featurizer by leave-one-domain-out accuracy and may pick the embeddings model, which scores
# an order of magnitude slower; that is measured in "Serving an embedding model" in docs/benchmarks.md).
log "training and promoting sentiment (featurizer tfidf, both sources; home $WORK/home)"
relearn train sentiment --featurizer tfidf --data "$SAMPLES/yelp_labelled.txt" "$SAMPLES/amazon_cells_labelled.txt" --promote production \
    --home "$WORK/home" >&2
log "training the sklearn pipeline on yelp + amazon"
"$PYTHON" "$BENCH_DIR/sentiment/sklearn_train.py" --train "$SAMPLES/yelp_labelled.txt" "$SAMPLES/amazon_cells_labelled.txt" \
    --save-model "$WORK/nb.pkl" >&2

ROWS=()
# measure NAME URL: warm-up, then the measured run; appends a table row. A measured run during which other
# processes took more than MAX_OTHERS percent of the CPUs is repeated (up to ATTEMPTS times, after waiting for the
# machine to be idle again); the least disturbed run is kept.
measure() {
    local name=$1 url=$2 result attempt best=""
    wait_quiet
    log "== $name: one request"
    curl -fsS -X POST "$url" -H 'Content-Type: application/json' -d '{"text":"The food was great."}' >&2
    log ""
    log "== $name: warm-up $WARMUP"
    LAST_WARMUP=$(run_wrk "$url" "$WARMUP" "$THREADS" "$CONNECTIONS")
    MEASURE_TOTAL=$((1 + $(json_get requests <<<"$LAST_WARMUP")))
    for ((attempt = 1; attempt <= ATTEMPTS; attempt++)); do
        ((attempt == 1)) || wait_quiet
        log "== $name: measured $DURATION (attempt $attempt/$ATTEMPTS)"
        result=$(run_wrk "$url" "$DURATION" "$THREADS" "$CONNECTIONS")
        MEASURE_TOTAL=$((MEASURE_TOTAL + $(json_get requests <<<"$result")))
        best=$("$PYTHON" -c '
import json, sys
r, best = json.loads(sys.argv[1]), sys.argv[2]
print(json.dumps(r if not best or r["others_pct"] < json.loads(best)["others_pct"] else json.loads(best)))' "$result" "$best")
        if "$PYTHON" -c 'import json, sys; sys.exit(0 if json.loads(sys.argv[1])["others_pct"] <= float(sys.argv[2]) else 1)' "$result" "$MAX_OTHERS"; then
            break
        fi
        log "other processes took more than $MAX_OTHERS% of the CPUs during the run"
    done
    ROWS+=("$name|$best|$LAST_WARMUP")
    LAST_RESULT=$best
}

relearn_serve() {
    local name=$1
    shift
    local port
    port=$(free_port)
    start_server "$WORK/relearn-$port.log" env "$@" dotnet "$RELEARN_DLL" serve --urls "http://127.0.0.1:$port" --home "$WORK/home"
    wait_http "http://127.0.0.1:$port/health/ready" 60
    measure "$name" "http://127.0.0.1:$port/api/v1/models/sentiment/predict"
    stop_server "$SERVER_PID"
}

kestrel_serve() {
    local port
    port=$(free_port)
    start_server "$WORK/kestrel-$port.log" dotnet "$RELEARN_BENCH/kestrel-ceiling/KestrelCeiling.dll" --urls "http://127.0.0.1:$port"
    wait_http "http://127.0.0.1:$port/health" 60
    measure "Kestrel, no model (ceiling)" "http://127.0.0.1:$port/predict"
    stop_server "$SERVER_PID"
}

# rollout MODE: starts a rollout of sentiment v2 against production whose gate never decides (it waits for a billion labels).
rollout() {
    relearn models rollout start sentiment:2 --mode "$1" --share 0.5 --min-requests 1000000000 --min-labels 1000000000 \
        --max-duration 1000h --home "$WORK/home" >&2
}

fastapi_serve() {
    local workers=$1 port
    port=$(free_port)
    start_server "$WORK/uvicorn-$port.log" env MODEL_PATH="$WORK/nb.pkl" "$PYTHON" -m uvicorn fastapi_app:app \
        --app-dir "$BENCH_DIR/serving" --host 127.0.0.1 --port "$port" --workers "$workers" --no-access-log --log-level warning
    wait_http "http://127.0.0.1:$port/health" 60
    measure "FastAPI + uvicorn, $workers worker(s)" "http://127.0.0.1:$port/predict"
    stop_server "$SERVER_PID"
}

rm -rf "$WORK/home/predictions"
relearn_serve "relearn serve (defaults: prediction log on)"
RELEARN_DEFAULT=$LAST_RESULT
SENT=$MEASURE_TOTAL
LOGGED=$(cat "$WORK"/home/predictions/sentiment/*.jsonl 2>/dev/null | wc -l)
relearn_serve "relearn serve, prediction log off" Relearn__Serving__PredictionLog=false
relearn_serve "relearn serve, console log level Warning" Logging__LogLevel__Default=Warning
log "training sentiment v2 for the rollout rows (the same, seed 7)"
relearn train sentiment --featurizer tfidf --seed 7 --data "$SAMPLES/yelp_labelled.txt" "$SAMPLES/amazon_cells_labelled.txt" --home "$WORK/home" >&2
rollout canary
relearn_serve "relearn serve, canary 50% to v2 live"
RELEARN_CANARY=$LAST_RESULT
relearn models rollout abort sentiment --reason "benchmark row done" --home "$WORK/home" >&2
rollout shadow
relearn_serve "relearn serve, shadow of v2 live"
RELEARN_SHADOW=$LAST_RESULT
relearn models rollout abort sentiment --reason "benchmark row done" --home "$WORK/home" >&2
kestrel_serve
KESTREL=$LAST_RESULT
fastapi_serve 1
FASTAPI_1=$LAST_RESULT
fastapi_serve 2
FASTAPI_2=$LAST_RESULT

echo "Machine: $(machine); wrk $(wrk -v 2>&1 | head -n 1 | awk '{print $2}')"
echo "Build: $(build_info)"
echo "Load: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency -s bench/serving/post.lua (after a $WARMUP warm-up), client and server on the same machine."
echo
echo "| server | requests/s | p50 ms | p90 ms | p99 ms | max ms | requests | non-2xx/3xx | socket errors | warm-up requests/s | other processes' CPU % |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${ROWS[@]}"; do
    IFS='|' read -r name result warmup <<<"$row"
    "$PYTHON" -c '
import json, sys
r, w = json.loads(sys.argv[2]), json.loads(sys.argv[3])
errors = r["connect_errors"] + r["read_errors"] + r["write_errors"] + r["timeouts"] + w["connect_errors"] + w["read_errors"] + w["write_errors"] + w["timeouts"]
non2xx = r["non_2xx_3xx"] + w["non_2xx_3xx"]
print("| {} | {rps:.0f} | {p50_ms:.2f} | {p90_ms:.2f} | {p99_ms:.2f} | {max_ms:.2f} | {requests} | {} | {} | {:.0f} | {others_pct} |".format(sys.argv[1], non2xx, errors, w["rps"], **r))' "$name" "$result" "$warmup"
done
echo
echo "non-2xx/3xx and socket errors count the warm-up and the measured run together."
echo
"$PYTHON" -c '
import json, sys
relearn, f1, f2 = (json.loads(a) for a in sys.argv[1:4])
met = True
for name, f in (("FastAPI 1 worker", f1), ("FastAPI 2 workers", f2)):
    ratio = relearn["rps"] / f["rps"]
    met = met and ratio >= 10 and relearn["p99_ms"] < f["p99_ms"]
    print("relearn (defaults) vs {}: {:.2f}x requests/s; p99 {:.2f} ms vs {:.2f} ms.".format(name, ratio, relearn["p99_ms"], f["p99_ms"]))
print("Goal (>= 10x FastAPI throughput with a lower p99, against both FastAPI set-ups): " + ("MET" if met else "NOT MET") + ".")
' "$RELEARN_DEFAULT" "$FASTAPI_1" "$FASTAPI_2"
"$PYTHON" -c '
import json, sys
relearn, canary, shadow, kestrel = (json.loads(a) for a in sys.argv[1:5])
for name, r in (("defaults", relearn), ("canary live", canary), ("shadow live", shadow)):
    print("relearn ({}) vs the Kestrel ceiling: {:.2f}x requests/s; p99 {:.2f} ms.".format(name, r["rps"] / kestrel["rps"], r["p99_ms"]))
met = relearn["rps"] / kestrel["rps"] >= 0.4 and relearn["p99_ms"] < 10
print("Goal (issue 10: >= 0.4x the Kestrel ceiling with the prediction log on, p99 under 10 ms): " + ("MET" if met else "NOT MET") + ".")
' "$RELEARN_DEFAULT" "$RELEARN_CANARY" "$RELEARN_SHADOW" "$KESTREL"
echo "Prediction log after the default relearn run: $LOGGED lines for $SENT completed predictions (1 check + warm-up + measured runs; requests still in flight when wrk stops can add up to $CONNECTIONS per wrk run)."
