# Shared helpers for the bench scripts; sourced, not run. Every script that sources this runs with set -euo pipefail.
# Paths can be overridden from the environment:
#   RELEARN_REPO    repository root (default: the folder above bench/)
#   RELEARN_BENCH   scratch folder for builds, data splits and homes (default /tmp/relearn-bench)
#   RELEARN_DLL     the relearn CLI to run (default $RELEARN_BENCH/bin/relearn.dll, published in Release if missing)
#   PYTHON          the interpreter with scikit-learn, FastAPI and uvicorn (default /usr/bin/python3)

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RELEARN_REPO="${RELEARN_REPO:-$(cd "$BENCH_DIR/.." && pwd)}"
RELEARN_BENCH="${RELEARN_BENCH:-/tmp/relearn-bench}"
RELEARN_DLL="${RELEARN_DLL:-$RELEARN_BENCH/bin/relearn.dll}"
PYTHON="${PYTHON:-/usr/bin/python3}"
SAMPLES="$RELEARN_REPO/samples/sentiment"

log() { printf '%s\n' "$*" >&2; }

# Installs the Debian packages the benchmarks need when any is missing (needs root or sudo, and apt).
ensure_apt_packages() {
    local missing=()
    "$PYTHON" -c 'import sklearn' 2>/dev/null || missing+=(python3-sklearn)
    "$PYTHON" -c 'import fastapi' 2>/dev/null || missing+=(python3-fastapi)
    "$PYTHON" -c 'import uvicorn' 2>/dev/null || missing+=(python3-uvicorn)
    # What "pip install uvicorn[standard]" adds: the uvloop event loop and the httptools parser, uvicorn's fast path.
    "$PYTHON" -c 'import uvloop' 2>/dev/null || missing+=(python3-uvloop)
    "$PYTHON" -c 'import httptools' 2>/dev/null || missing+=(python3-httptools)
    command -v wrk >/dev/null || missing+=(wrk)
    command -v curl >/dev/null || missing+=(curl)
    if ((${#missing[@]})); then
        local sudo=""
        [[ $(id -u) -eq 0 ]] || sudo="sudo"
        log "installing ${missing[*]} with apt-get"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# Publishes the CLI in Release to $RELEARN_BENCH/bin unless it is there already (REBUILD=1 forces a publish).
ensure_relearn() {
    if [[ ! -f "$RELEARN_DLL" || "${REBUILD:-0}" == 1 ]]; then
        log "publishing relearn (Release) to $(dirname "$RELEARN_DLL")"
        dotnet publish "$RELEARN_REPO/src/Relearn" -c Release -o "$(dirname "$RELEARN_DLL")" >&2
    fi
}

relearn() { dotnet "$RELEARN_DLL" "$@"; }

# Which relearn build is measured: the commit checked out and when the CLI was published (src/ changes fast).
build_info() {
    local commit dirty=""
    commit=$(git -C "$RELEARN_REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
    [[ -n "$(git -C "$RELEARN_REPO" status --porcelain -- src 2>/dev/null)" ]] && dirty=" (src/ had uncommitted changes)"
    printf 'relearn at commit %s%s; CLI published %s\n' "$commit" "$dirty" \
        "$(date -u -r "$RELEARN_DLL" '+%Y-%m-%d %H:%M UTC' 2>/dev/null || echo '?')"
}

# Reads one field of a JSON document on stdin: json_get metrics.accuracy
json_get() {
    "$PYTHON" -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value[key]
print(value)' "$1"
}

# A free loopback TCP port.
free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until a URL answers 2xx, up to $2 seconds (default 60).
wait_http() {
    local url=$1 limit=${2:-60} i
    for ((i = 0; i < limit * 5; i++)); do
        curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
        sleep 0.2
    done
    log "timed out after ${limit}s waiting for $url"
    return 1
}

# Seconds since the epoch with nanoseconds, for wall-clock timing.
now() { date +%s.%N; }
elapsed() { "$PYTHON" -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.2f}")' "$1" "$2"; }

# Machine description for the reports.
machine() {
    printf 'nproc=%s; %s; %s; .NET %s; %s\n' "$(nproc)" \
        "$(lscpu | grep 'Model name' | sed 's/  */ /g')" \
        "$(free -g | awk '/^Mem:/ {print $2 " GiB RAM"}')" \
        "$(dotnet --version 2>/dev/null || echo '?')" \
        "$("$PYTHON" --version 2>&1)"
}

# Background servers started by a script: start_server LOGFILE CMD... sets SERVER_PID; stop_server PID ends one;
# stop_all_servers (the EXIT trap) ends whatever is left. Only the processes started here are signalled, by id.
SERVER_PIDS=()
start_server() {
    local logfile=$1
    shift
    "$@" >"$logfile" 2>&1 &
    SERVER_PID=$!
    SERVER_PIDS+=("$SERVER_PID")
}
stop_server() {
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
}
stop_all_servers() {
    local pid
    if [[ -n "$MONITOR_PID" ]]; then
        kill -TERM "$MONITOR_PID" 2>/dev/null || true
        wait "$MONITOR_PID" 2>/dev/null || true
    fi
    for pid in "${SERVER_PIDS[@]}"; do
        stop_server "$pid"
    done
    SERVER_PIDS=()
}

# CPU used by other processes (outside this script's process tree) while something runs: monitor_start, then
# monitor_stop sets OTHERS_PCT to the share of the whole machine they used, in percent (see cpu_monitor.py).
# Call both in the same shell (not in $(...)): the monitor is a child of the shell that started it.
MONITOR_PID=""
monitor_start() {
    MONITOR_OUT=$(mktemp "${TMPDIR:-/tmp}/relearn-cpu.XXXXXX")
    "$PYTHON" "$BENCH_DIR/cpu_monitor.py" --exclude "$$" --out "$MONITOR_OUT" &
    MONITOR_PID=$!
}
monitor_stop() {
    OTHERS_PCT=0
    [[ -n "$MONITOR_PID" ]] || return 0
    kill -TERM "$MONITOR_PID" 2>/dev/null || true
    wait "$MONITOR_PID" 2>/dev/null || true
    MONITOR_PID=""
    if [[ -s "$MONITOR_OUT" ]]; then
        OTHERS_PCT=$(json_get others_pct <"$MONITOR_OUT")
        log "other processes: $(cat "$MONITOR_OUT")"
    fi
    rm -f "$MONITOR_OUT"
}

# Runs wrk with bench/serving/post.lua: run_wrk URL DURATION [THREADS] [CONNECTIONS]. The full wrk report goes
# to stderr; stdout gets the one-line JSON summary printed by post.lua's done(), plus "others_pct": the CPU share
# other processes took meanwhile (0 on a quiet machine).
run_wrk() {
    local url=$1 duration=$2 threads=${3:-2} connections=${4:-32} out
    monitor_start
    out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$BENCH_DIR/serving/post.lua" "$url")
    monitor_stop
    printf '%s\n' "$out" >&2
    grep '^RESULT ' <<<"$out" | sed 's/^RESULT //; s/}$/,"others_pct":'"$OTHERS_PCT"'}/'
}

# Percentage of all CPU time that was busy (not idle/iowait) over the next $1 seconds (default 1), from /proc/stat.
cpu_busy_pct() {
    local a b
    a=$(head -n 1 /proc/stat)
    sleep "${1:-1}"
    b=$(head -n 1 /proc/stat)
    awk -v a="$a" -v b="$b" 'BEGIN {
        n = split(a, x); split(b, y); total = 0
        for (i = 2; i <= n; i++) total += y[i] - x[i]
        idle = (y[5] - x[5]) + (y[6] - x[6])
        printf "%.0f\n", (total > 0) ? 100 * (total - idle) / total : 0 }'
}

# Benchmarks on a small shared machine are only meaningful when nothing else is running: waits up to
# WAIT_QUIET seconds (default 180) for the CPUs to be under 15% busy, then goes on with a warning.
wait_quiet() {
    local limit=${WAIT_QUIET:-180} waited=0 busy
    while :; do
        busy=$(cpu_busy_pct 2)
        ((busy < 15)) && return 0
        if ((waited >= limit)); then
            log "WARNING: CPUs still ${busy}% busy with other work after ${limit}s; measuring anyway (figures will be low and noisy)"
            return 0
        fi
        ((waited == 0)) && log "waiting for the machine to be idle (CPUs ${busy}% busy with other work)"
        waited=$((waited + 2))
    done
}
