#!/usr/bin/env bash
# Sentiment on a domain the model never saw, side by side in one run: leave-one-domain-out accuracy over the shipped
# sources (train on yelp, test on all of amazon; train on amazon, test on all of yelp; the figure is the mean) for
#   - relearn train sentiment --featurizer auto: its TF-IDF + logistic regression candidate, its all-MiniLM-L6-v2
#     embeddings + lexicon scores + logistic regression candidate, the one it chose, and its lexicon rule
#     (VADER + AFINN-165 with negation and "but" rules, no training)
#   - scikit-learn TfidfVectorizer + MultinomialNB with defaults (the seed's model, sklearn_train.py)
# Prints a markdown table on stdout (progress on stderr), with the wall time of each command.
# Usage: bench/sentiment/lodo.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../common.sh"

ensure_apt_packages
ensure_relearn
WORK="$(mktemp -d "${TMPDIR:-/tmp}/relearn-lodo-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
YELP="$SAMPLES/yelp_labelled.txt"
AMAZON="$SAMPLES/amazon_cells_labelled.txt"

log "scikit-learn TF-IDF + MultinomialNB"
started=$(now)
sk_amazon=$("$PYTHON" "$BENCH_DIR/sentiment/sklearn_train.py" --train "$YELP" --test "$AMAZON" | json_get accuracy)
sk_yelp=$("$PYTHON" "$BENCH_DIR/sentiment/sklearn_train.py" --train "$AMAZON" --test "$YELP" | json_get accuracy)
sk_wall=$(elapsed "$started" "$(now)")

log "relearn train sentiment --featurizer auto"
started=$(now)
relearn train sentiment --home "$WORK/home" --featurizer auto --data "$YELP" "$AMAZON" --no-register --format json > "$WORK/relearn.json"
relearn_wall=$(elapsed "$started" "$(now)")

"$PYTHON" - "$WORK/relearn.json" "$sk_yelp" "$sk_amazon" "$sk_wall" "$relearn_wall" "$(machine)" "$(build_info)" <<'PY'
import json, sys
relearn, sk_yelp, sk_amazon, sk_wall, relearn_wall, machine, build = sys.argv[1:]
m = json.load(open(relearn))["metrics"]
chosen = next(c for c in ("embeddings", "tfidf") if m[f"lodo_accuracy_{c}"] == m["lodo_accuracy"])
print(f"Machine: {machine}")
print(f"Build: {build}")
print()
print("Leave-one-domain-out accuracy on the shipped UCI sources: each column is a domain the model never saw (trained on")
print("all 1,000 sentences of the other source, tested on all 1,000 of this one); the figure is the mean.")
print()
print("| model | test on yelp (trained on amazon) | test on amazon (trained on yelp) | mean |")
print("|---|---:|---:|---:|")
def row(name, y, a):
    print(f"| {name} | {y:.3f} | {a:.3f} | {(y + a) / 2:.3f} |")
for c, name in (("embeddings", "relearn: all-MiniLM-L6-v2 embeddings + lexicon scores + logistic regression"),
                ("tfidf", "relearn: TF-IDF word 1-2 + char 2-5 grams + L-BFGS logistic regression"),
                ("lexicon", "relearn: lexicon rule (VADER + AFINN-165, negation and 'but' rules; no training)")):
    row(name + (" **(chosen)**" if c == chosen else ""), m[f"lodo_accuracy_{c}_yelp_labelled"], m[f"lodo_accuracy_{c}_amazon_cells_labelled"])
row("scikit-learn TfidfVectorizer + MultinomialNB (defaults; the seed's model)", float(sk_yelp), float(sk_amazon))
print()
print(f"Wall time: relearn train sentiment --featurizer auto (both candidates' folds, the lexicon rule, the final fit on an")
print(f"80% split and its in-domain evaluation, all stores) {float(relearn_wall):.1f} s; scikit-learn's two fits and")
print(f"evaluations (two Python processes) {float(sk_wall):.1f} s.")
PY
