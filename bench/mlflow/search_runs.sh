#!/usr/bin/env bash
# runs/search latency over many runs (issue 4): seeds RUNS runs (3 params, 3 metrics — auc logged at steps 0..2, so
# "latest value" matters — and 2 tags each) into a fresh store with plain batched inserts (python sqlite3
# executemany for SQLite, psql COPY for PostgreSQL; the schema comes from `relearn serve` itself), then times
# POST /api/2.0/mlflow/runs/search with
#   filter "metrics.auc > 0.8 and params.model = 'lgbm'", order_by ["metrics.auc DESC"], max_results 100
# REQUESTS times for page 1 and REQUESTS times for page 2 (its next_page_token), one keep-alive connection, and
# prints p50/p95/p99 in ms plus the CPU share other processes took meanwhile.
# The servers are started as `dotnet relearn.dll` (not through a shell function) so that stopping them stops the process.
# Usage: bench/mlflow/search_runs.sh [runs=100000] [requests=200] [store]
# The store is SQLite in a temporary home by default; a postgresql://user:pass@host:port/db URI benchmarks
# PostgreSQL instead (a fresh database relearn_bench_<pid> is created there and dropped at the end):
#   bench/mlflow/search_runs.sh 100000 200 postgresql://postgres:postgres@127.0.0.1:55432/relearn
# BASELINE_DLL=/path/to/other/relearn.dll compares two builds on the same seeded store under the same machine load:
# ROUNDS rounds (default 4), each restarting the server on the baseline build and then on RELEARN_DLL and timing
# REQUESTS/ROUNDS requests per page on each, then prints percentiles per build over all rounds.
# Needs python3 (and psql for PostgreSQL); publishes relearn in Release to $RELEARN_BENCH/bin when missing
# (REBUILD=1 republishes, see bench/common.sh).
set -euo pipefail
source "$(dirname "$0")/../common.sh"
runs=${1:-100000}
requests=${2:-200}
server_uri=${3:-}
ensure_relearn
home=$(mktemp -d)
port=$(free_port)
store="$home/relearn.db"
cleanup_db=""
if [[ -n "$server_uri" ]]; then
  db="relearn_bench_$$"
  admin="${server_uri%/*}/postgres"
  psql "$admin" -qc "CREATE DATABASE $db"
  store="${server_uri%/*}/$db"
  cleanup_db="psql '$admin' -qc 'DROP DATABASE IF EXISTS $db WITH (FORCE)'"
fi
trap 'stop_all_servers; eval "$cleanup_db"; rm -rf "$home"' EXIT
log "$(build_info)"
log "$(machine)"

# First start creates the schema and the experiment; the server is stopped while rows are inserted behind its back.
start_server "$home/serve1.log" dotnet "$RELEARN_DLL" serve --home "$home" --store "$store" --urls "http://127.0.0.1:$port"
wait_http "http://127.0.0.1:$port/health/live"
experiment=$(curl -fsS -H 'Content-Type: application/json' -d '{"name":"search-bench"}' \
  "http://127.0.0.1:$port/api/2.0/mlflow/experiments/create" | json_get experiment_id)
stop_server "$SERVER_PID"

start=$(now)
"$PYTHON" - "$store" "$experiment" "$runs" <<'PY'
import io, random, subprocess, sys
store, experiment, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(42)
models = ["lgbm", "sdca", "fasttree", "lbfgs"]
run_rows, param_rows, metric_rows, tag_rows = [], [], [], []
for i in range(runs):
    run_id = f"{i:032x}"
    t = 1_700_000_000_000 + i * 1000
    run_rows.append((run_id, experiment, f"run-{i}", "Finished", t, t + 500, "active"))
    param_rows += [(run_id, "model", rnd.choice(models)), (run_id, "lr", f"{rnd.uniform(0.01, 0.3):.3f}"),
                   (run_id, "num_leaves", str(rnd.choice([8, 16, 31, 63])))]
    auc = rnd.uniform(0.5, 0.95)
    metric_rows += [(run_id, "auc", auc - 0.1, 0, t), (run_id, "auc", auc - 0.05, 1, t + 1), (run_id, "auc", auc, 2, t + 2),
                    (run_id, "accuracy", rnd.uniform(0.5, 0.9), 2, t + 2), (run_id, "logloss", rnd.uniform(0.2, 0.7), 2, t + 2)]
    tag_rows += [(run_id, "team", rnd.choice(["search", "ads", "feed"])), (run_id, "mlflow.source.type", "LOCAL")]
tables = [("runs (run_id, experiment_id, name, status, start_time, end_time, lifecycle_stage)", run_rows),
          ("params (run_id, key, value)", param_rows), ("metrics (run_id, key, value, step, timestamp)", metric_rows),
          ("tags (run_id, key, value)", tag_rows)]
# Builds with the latest_metrics table (schema step 4 on SQLite, 2 on PostgreSQL) keep each run's latest value per
# key there as metrics are logged; plain inserts must fill it too. Steps are in order, so the last row per key is it.
latest = {(m[0], m[1]): m for m in metric_rows}
latest_table = ("latest_metrics (run_id, key, value, step, timestamp)", list(latest.values()))
if store.startswith("postgres"):
    has_latest = subprocess.run(["psql", "-tAq", store, "-c", "SELECT to_regclass('latest_metrics') IS NOT NULL"],
                                check=True, capture_output=True, text=True).stdout.strip() == "t"
    for table, rows in tables + ([latest_table] if has_latest else []):
        text = "".join("\t".join(str(v) for v in row) + "\n" for row in rows)
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", store, "-c", f"COPY {table} FROM STDIN"],
                       input=text.encode(), check=True)
    subprocess.run(["psql", "-q", store, "-c", "ANALYZE"], check=True)
else:
    import sqlite3
    conn = sqlite3.connect(store, isolation_level=None)
    has_latest = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'latest_metrics'").fetchone() is not None
    conn.execute("BEGIN")
    for table, rows in tables + ([latest_table] if has_latest else []):
        conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
print(f"seeded {runs:,} runs: {len(param_rows):,} params, {len(metric_rows):,} metric values, {len(tag_rows):,} tags", file=sys.stderr)
PY
log "seeding took $(elapsed "$start" "$(now)") s (plain batched inserts)"

samples="$home/samples.jsonl"
# measure DLL LABEL REQUESTS: serves the seeded store with that build, times both pages, appends the samples.
measure() {
  local dll=$1 label=$2 count=$3
  start_server "$home/serve-$label.log" dotnet "$dll" serve --home "$home" --store "$store" --urls "http://127.0.0.1:$port"
  wait_http "http://127.0.0.1:$port/health/ready" 120
  "$PYTHON" - "$port" "$experiment" "$count" "$label" "$samples" <<'PY'
import http.client, json, sys, time
port, experiment, requests, label, out = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
conn = http.client.HTTPConnection("127.0.0.1", port)
query = {"experiment_ids": [experiment], "filter": "metrics.auc > 0.8 and params.model = 'lgbm'",
         "order_by": ["metrics.auc DESC"], "max_results": 100}
def search(body):
    conn.request("POST", "/api/2.0/mlflow/runs/search", json.dumps(body), {"Content-Type": "application/json"})
    response = conn.getresponse()
    data = json.loads(response.read())
    if response.status != 200:
        sys.exit(f"runs/search answered {response.status}: {data}")
    return data
first = search(query)
aucs = [next(m["value"] for m in r["data"]["metrics"] if m["key"] == "auc") for r in first["runs"]]
assert len(aucs) == 100 and aucs == sorted(aucs, reverse=True) and min(aucs) > 0.8, "page 1 is not the 100 best lgbm runs"
assert all(next(p["value"] for p in r["data"]["params"] if p["key"] == "model") == "lgbm" for r in first["runs"])
assert all(len(r["data"]["params"]) == 3 and len(r["data"]["metrics"]) == 3 and len(r["data"]["tags"]) >= 2 for r in first["runs"]), \
    "a run of page 1 lacks some of its params, metrics or tags"
second_query = dict(query, page_token=first["next_page_token"])
second = search(second_query)
assert max(next(m["value"] for m in r["data"]["metrics"] if m["key"] == "auc") for r in second["runs"]) <= aucs[-1]
with open(out, "a") as f:
    for page, body in [("page 1", query), ("page 2", second_query)]:
        for _ in range(5):
            search(body)  # warm-up
        for _ in range(requests):
            t = time.perf_counter()
            search(body)
            f.write(json.dumps({"build": label, "page": page, "s": time.perf_counter() - t}) + "\n")
PY
  stop_server "$SERVER_PID"
}

monitor_start
if [[ -n "${BASELINE_DLL:-}" ]]; then
  rounds=${ROUNDS:-4}
  log "comparing against the baseline build $BASELINE_DLL: $rounds alternating rounds of $((requests / rounds)) requests per page each"
  for ((round = 1; round <= rounds; round++)); do
    measure "$BASELINE_DLL" baseline $((requests / rounds))
    measure "$RELEARN_DLL" current $((requests / rounds))
  done
else
  measure "$RELEARN_DLL" current "$requests"
fi
monitor_stop
"$PYTHON" - "$samples" <<'PY'
import collections, json, sys
groups = collections.defaultdict(list)
for line in open(sys.argv[1]):
    row = json.loads(line)
    groups[(row["build"], row["page"])].append(row["s"])
def pct(samples, p):
    s = sorted(samples)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] * 1000
for (build, page), samples in sorted(groups.items()):
    prefix = "" if len(groups) == 2 else f"[{build}] "
    print(f"{prefix}runs/search {page}: p50 {pct(samples, 50):.1f} ms  p95 {pct(samples, 95):.1f} ms  p99 {pct(samples, 99):.1f} ms"
          f"  ({len(samples)} requests, 100 runs each with their params, metrics and tags)", flush=True)
PY
echo "other processes took ${OTHERS_PCT}% of the CPUs meanwhile"
