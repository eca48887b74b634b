#!/usr/bin/env bash
# Metrics per second into the metadata store: through the MLflow API's log-batch (1,000 metrics a request, one
# run) versus plain batched inserts (1,000 rows a transaction, one prepared statement) into the same database.
# Usage: bench/mlflow/log_batch.sh [requests=50] [store]. The store is SQLite in a temporary home by default;
# a postgresql://user:pass@host:port/db URI benchmarks PostgreSQL instead (a fresh database relearn_bench_<pid> is
# created on that server and dropped at the end; plain inserts go through psql). scripts/postgres-up.sh starts one:
#   bench/mlflow/log_batch.sh 50 postgresql://postgres:postgres@127.0.0.1:55432/relearn
# Needs a built relearn (dotnet build src/Relearn) and python3 (and psql for PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/../.."
requests=${1:-50}
server_uri=${2:-}
relearn=src/Relearn/bin/Debug/net10.0/relearn
[ -x "$relearn" ] || dotnet build src/Relearn -v q
home=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
store="$home/relearn.db"
cleanup_db=""
if [ -n "$server_uri" ]; then
  db="relearn_bench_$$"
  admin="${server_uri%/*}/postgres"
  psql "$admin" -qc "CREATE DATABASE $db"
  store="${server_uri%/*}/$db"
  cleanup_db="psql '$admin' -qc 'DROP DATABASE IF EXISTS $db WITH (FORCE)'"
fi
"$relearn" serve --home "$home" --store "$store" --urls "http://127.0.0.1:$port" >"$home/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; eval "$cleanup_db"; rm -rf "$home"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health/live" >/dev/null && break; sleep 0.2; done

python3 - "$port" "$requests" "$store" <<'PY'
import json, sqlite3, subprocess, sys, time, urllib.request
port, requests, db = sys.argv[1], int(sys.argv[2]), sys.argv[3]
base = f"http://127.0.0.1:{port}/api/2.0/mlflow/"
def call(path, body):
    req = urllib.request.Request(base + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
exp = call("experiments/create", {"name": "bench"})["experiment_id"]
run = call("runs/create", {"experiment_id": exp, "run_name": "bench"})["run"]["info"]["run_id"]
bodies = [json.dumps({"run_id": run, "metrics": [{"key": f"m{i % 10}", "value": i * 0.5, "timestamp": 1700000000000 + r * 1000 + i, "step": r * 100 + i // 10}
                                                 for i in range(1000)]}).encode() for r in range(requests)]
timings = []
start = time.perf_counter()
for i, body in enumerate(bodies):
    t = time.perf_counter()
    urllib.request.urlopen(urllib.request.Request(base + "runs/log-batch", body, {"Content-Type": "application/json"})).read()
    timings.append(time.perf_counter() - t)
api = time.perf_counter() - start
n = requests * 1000
first, last = sum(timings[:5]) / 5, sum(timings[-5:]) / 5
print(f"log-batch API : {n} metrics in {api:.2f} s = {n / api:,.0f} metrics/s  (first 5 requests {first * 1000:.1f} ms each, last 5 {last * 1000:.1f} ms: flat = no slowdown with run length)", flush=True)

if db.startswith("postgres"):
    # One psql session: a prepared INSERT executed 1,000 times a transaction, as the SQLite side does.
    script = ["PREPARE ins (text, text, double precision, bigint, bigint) AS INSERT INTO metrics (run_id, key, value, step, timestamp) VALUES ($1, $2, $3, $4, $5);"]
    for r in range(requests):
        script.append("BEGIN;")
        script.extend(f"EXECUTE ins ('{run}', 'd{i % 10}', {i * 0.5}, {r * 100 + i // 10}, {1700000000000 + r * 1000 + i});" for i in range(1000))
        script.append("COMMIT;")
    sql = "\n".join(script) + "\n"
    start = time.perf_counter()
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", db], input=sql.encode(), check=True, stdout=subprocess.DEVNULL)
    plain = time.perf_counter() - start
    print(f"plain inserts : {n} metrics in {plain:.2f} s = {n / plain:,.0f} metrics/s  (psql, prepared INSERT, 1,000 rows a transaction)")
else:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL"); conn.execute("PRAGMA synchronous=NORMAL"); conn.execute("PRAGMA busy_timeout=10000")
    start = time.perf_counter()
    for r in range(requests):
        rows = [(run, f"d{i % 10}", i * 0.5, r * 100 + i // 10, 1700000000000 + r * 1000 + i) for i in range(1000)]
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO metrics (run_id, key, value, step, timestamp) VALUES (?, ?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
    plain = time.perf_counter() - start
    print(f"plain inserts : {n} metrics in {plain:.2f} s = {n / plain:,.0f} metrics/s  (python sqlite3, 1,000 rows a transaction)")
print(f"API overhead  : {api / plain:.1f}x the plain insert time (JSON over HTTP, parsing, validation)")
PY
