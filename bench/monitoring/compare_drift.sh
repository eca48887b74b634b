#!/usr/bin/env bash
# Drift on ROWS x 20 numeric columns: the whole `relearn monitor drift --reference --current --format json` process
# against the Python peer (pandas read_csv + scipy, Evidently's choice of tests: drift_peer.py) on the same CSV
# files, side by side in one run. Each cell is the fastest of REPEAT runs (wall), with that run's CPU time
# (user + sys) and peak resident memory from /usr/bin/time, and the CPU share other processes took meanwhile.
# Also checks both sides chose the same test per column and agree on the statistics (max abs difference).
# Usage: bench/monitoring/compare_drift.sh   (ROWS="200000 1000000" REPEAT=3)
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/common.sh"
ROWS="${ROWS:-200000 1000000}"
REPEAT="${REPEAT:-3}"
command -v /usr/bin/time >/dev/null || { log "installing time"; apt-get install -y -qq time >/dev/null; }
"$PYTHON" -c 'import scipy, pandas' 2>/dev/null || { log "installing python3-scipy python3-pandas"; apt-get install -y -qq python3-scipy python3-pandas >/dev/null; }
ensure_relearn
WORK=$(mktemp -d)
trap 'stop_all_servers; rm -rf "$WORK"' EXIT

# measure NAME CMD...: runs CMD with /usr/bin/time, keeps the fastest wall time; sets BEST_<NAME> to "wall cpu rss_mb others".
measure() {
    local name=$1 best="" i out
    shift
    for ((i = 0; i < REPEAT; i++)); do
        monitor_start
        /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" "$@" >"$WORK/$name.json"
        monitor_stop
        out=$(awk -v o="$OTHERS_PCT" '{printf "%.2f %.2f %.0f %s", $1, $2 + $3, $4 / 1024, o}' "$WORK/time")
        log "$name run $((i + 1)): wall s, cpu s, peak MB, others % = $out"
        if [[ -z "$best" || $(awk -v a="${out%% *}" -v b="${best%% *}" 'BEGIN{print (a < b)}') == 1 ]]; then best=$out; fi
    done
    printf -v "BEST_$name" '%s' "$best"
}

log "$(machine)"
log "$(build_info)"
echo "| rows × 20 columns | relearn wall s | relearn CPU s | relearn peak MB | pandas+scipy wall s | pandas+scipy CPU s | pandas+scipy peak MB | wall ratio | CPU ratio | same tests and verdicts | max abs stat diff | others' CPU % (relearn / python) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for rows in $ROWS; do
    data="$RELEARN_BENCH/monitoring/$rows"
    if [[ ! -f "$data/current.csv" ]]; then
        log "generating $rows rows"
        "$PYTHON" "$BENCH_DIR/monitoring/make_data.py" "$rows" "$data"
    fi
    measure relearn dotnet "$RELEARN_DLL" monitor drift --reference "$data/reference.csv" --current "$data/current.csv" --format json --home "$WORK/home"
    measure python "$PYTHON" "$BENCH_DIR/monitoring/drift_peer.py" "$data/reference.csv" "$data/current.csv"
    agree=$("$PYTHON" - "$WORK/relearn.json" "$WORK/python.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
same = a["dataset_drift"] == b["dataset_drift"] and all(x["test"] == y["test"] and x["drift"] == y["drift"] for x, y in zip(a["columns"], b["columns"]))
print("yes" if same else "NO", "%.1e" % max(abs(x["statistic"] - y["statistic"]) for x, y in zip(a["columns"], b["columns"])))
PY
)
    read -r rw rc rm ro <<<"$BEST_relearn"
    read -r pw pc pm po <<<"$BEST_python"
    printf '| %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f | %s | %s | %s / %s |\n' "$rows" "$rw" "$rc" "$rm" "$pw" "$pc" "$pm" \
        "$(awk -v a="$rw" -v b="$pw" 'BEGIN{print a / b}')" "$(awk -v a="$rc" -v b="$pc" 'BEGIN{print a / b}')" ${agree% *} ${agree#* } "$ro" "$po"
done
