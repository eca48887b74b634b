#!/usr/bin/env bash
# Side by side on the same issues and the same time-ordered split: Relearn (LightGBM + TPE, 30 trials)
# against the seed project's stack (XGBoost + Optuna TPE, 30 trials) on Debian's python3-xgboost/optuna.
# Both run 2 trials at a time and then the same rolling-origin backtests (each quarter start T in the test period:
# train on issues opened before T - 7 days, test on the next quarter). The Python side runs on Relearn's features
# (the exported point-in-time `context` + text) and on the seed's (no repository history; with and without text).
# Prints a markdown table: stack | backtest AUC mean ± sd | test AUC | PR AUC | tuning wall s | total wall s.
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

/usr/bin/python3 bench/issue-close/xgboost_optuna.py "$work/examples.jsonl" --trials "$TRIALS" --jobs 2 --context > "$work/xgb-same.json"
/usr/bin/python3 bench/issue-close/xgboost_optuna.py "$work/examples.jsonl" --trials "$TRIALS" --jobs 2 > "$work/xgb.json"
/usr/bin/python3 bench/issue-close/xgboost_optuna.py "$work/examples.jsonl" --trials "$TRIALS" --jobs 2 --no-text > "$work/xgb-numeric.json"

/usr/bin/python3 - "$work" "$start" "$end" <<'PY'
import json, sys
work, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
r = json.load(open(f"{work}/relearn.json"))
m = r["metrics"]
rows = [("relearn (LightGBM + TPE, point-in-time features)", m["backtest_auc_mean"], m["backtest_auc_std"], m["auc"], m["pr_auc"], m["tune_seconds"], end - start),
        ("relearn's baseline: same settings, seed's features", m["backtest_baseline_auc_mean"], m["backtest_baseline_auc_std"], float("nan"), float("nan"), float("nan"), float("nan"))]
for name in ("xgb-same", "xgb", "xgb-numeric"):
    x = json.load(open(f"{work}/{name}.json"))
    rows.append((x["stack"], x["backtest_auc_mean"], x["backtest_auc_std"], x["auc"], x["pr_auc"], x["tune_seconds"], x["seconds"]))
print("| stack | backtest AUC (mean ± sd) | test AUC | PR AUC | tuning wall s | total wall s |")
print("|---|---|---|---|---|---|")
f = lambda v, d=4: "–" if v != v else f"{v:.{d}f}"
for s, bm, bs, auc, pr, tune, total in rows:
    print(f"| {s} | {bm:.4f} ± {bs:.4f} | {f(auc)} | {f(pr)} | {f(tune, 1)} | {f(total, 1)} |")
print(f"\ntest set: {m['n']:.0f} newest issues; backtests: {m['backtest_origins']:.0f} quarters of the test period. "
      "Tuning wall = 30 trials from featurizing to the best trial (Relearn: its tune_seconds metric); total wall includes process start, "
      "reading the data, the refit and the backtests")
PY
