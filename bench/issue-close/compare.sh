#!/usr/bin/env bash
# Side by side on the same issues and the same time-ordered split: Relearn (LightGBM + TPE, 30 trials)
# against the seed project's stack (XGBoost + Optuna TPE, 30 trials) on Debian's python3-xgboost/optuna.
# Both run 2 trials at a time. Prints a markdown table: stack | test AUC | PR AUC | logloss | wall seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
TRIALS="${TRIALS:-30}"
SAMPLE=samples/github/huggingface-datasets-issues-2020-2023.jsonl.gz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! /usr/bin/python3 -c 'import xgboost, optuna, sklearn, scipy' 2>/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q python3-xgboost python3-optuna python3-sklearn python3-scipy
fi
dotnet publish src/Relearn -c Release -o "$work/relearn" -v quiet -nologo >/dev/null
relearn() { dotnet "$work/relearn/relearn.dll" --home "$work/home" "$@"; }

start=$(date +%s.%N)
relearn train issue-close --data "$SAMPLE" --trials "$TRIALS" --parallelism 2 --format json > "$work/relearn.json"
end=$(date +%s.%N)
relearn datasets export issue-close:1 --output "$work/examples.jsonl" 2>/dev/null

/usr/bin/python3 bench/issue-close/xgboost_optuna.py "$work/examples.jsonl" --trials "$TRIALS" --jobs 2 > "$work/xgb.json"
/usr/bin/python3 bench/issue-close/xgboost_optuna.py "$work/examples.jsonl" --trials "$TRIALS" --jobs 2 --no-text > "$work/xgb-numeric.json"

/usr/bin/python3 - "$work" "$start" "$end" <<'PY'
import json, sys
work, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
r = json.load(open(f"{work}/relearn.json"))
rows = [("relearn (LightGBM + TPE)", r["metrics"]["auc"], r["metrics"]["pr_auc"], r["metrics"]["logloss"], end - start)]
for name in ("xgb", "xgb-numeric"):
    x = json.load(open(f"{work}/{name}.json"))
    rows.append((x["stack"], x["auc"], x["pr_auc"], x["logloss"], x["seconds"]))
print("| stack | test AUC | PR AUC | logloss | wall seconds |")
print("|---|---|---|---|---|")
for s, auc, pr, ll, sec in rows:
    print(f"| {s} | {auc:.4f} | {pr:.4f} | {ll:.4f} | {sec:.1f} |")
print(f"\ntest set: {r['metrics']['n']:.0f} newest issues; relearn wall time includes process start, reading the gzip, featurizing and the final refit")
PY
