#!/usr/bin/python3
"""The seed project's stack on Relearn's issue-close examples: XGBoost tuned by Optuna's TPE.

Reads the examples Relearn trained on (`relearn datasets export issue-close:1`), makes the same
time-ordered split (newest 20% by created_at, then number, is the test set), computes the same at-open
features (the regexes of src/Relearn.GitHub/Tasks/IssueClose/IssueFeatures.cs, plus TF-IDF over the title and
body limited to 3000 words), tunes with Optuna's default TPE sampler and median pruner on the same three
expanding-window folds, refits the best trial on the whole training period and prints one JSON line.
"""
import argparse, json, math, re, sys, time

import numpy as np
import optuna
import xgboost as xgb
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import average_precision_score, log_loss, roc_auc_score

ASSOC = ["OWNER", "MEMBER", "COLLABORATOR", "CONTRIBUTOR", "FIRST_TIME_CONTRIBUTOR", "FIRST_TIMER", "NONE"]
R = {k: re.compile(v, f) for k, (v, f) in {
    "word": (r"\w+", 0),
    "error": (r"\b(error|fail|fails|failed|failing|bug|crash|broken|exception|wrong|cannot|can't|doesn't|not working)\b", 0),
    "feature": (r"\b(add|support|feature|request|allow|enable|improve|proposal|new)\b", 0),
    "inline": (r"(?<!`)`[^`\n]+`(?!`)", 0),
    "link": (r"https?://", 0),
    "image": (r"!\[|<img\b", re.I),
    "heading": (r"^\s{0,3}#{1,6}\s", re.M),
    "checkbox": (r"^\s*[-*]\s\[[ xX]\]", re.M),
    "mention": (r"(?<![\w/])@[A-Za-z0-9-]+", 0),
    "ref": (r"(?<![\w/&])#\d+\b", 0),
}.items()}


def features(e):
    t, b = e["title"], e["body"]
    tl, bl = t.lower(), b.lower()
    created = np.datetime64(e["created_at"].replace("Z", "").split("+")[0])
    weekday = (created.astype("datetime64[D]").astype(int) + 4) % 7  # 1970-01-01 was a Thursday; Sunday = 0
    hour = int(str(created)[11:13]) if len(str(created)) > 12 else 0
    f = [len(t), len(R["word"].findall(t)), "?" in t, t.lstrip().startswith("["), bool(R["error"].search(tl)), bool(R["feature"].search(tl)),
         min(len(b), 100000), 0 if not b else b.count("\n") + 1, not b.strip(), b.count("```") // 2, len(R["inline"].findall(b)),
         len(R["link"].findall(b)), len(R["image"].findall(b)), len(R["heading"].findall(b)), len(R["checkbox"].findall(b)),
         len(R["mention"].findall(b)), len(R["ref"].findall(b)), "traceback" in bl or "error:" in bl,
         "describe the bug" in bl or "steps to reproduce" in bl, "feature request" in bl or "motivation" in bl,
         "adding a dataset" in bl or "dataset description" in bl, "environment info" in bl or "platform:" in bl, weekday, hour]
    f += [e["author_association"].upper() == a for a in ASSOC]
    return [float(x) for x in f]


def matrix(rows, vectorizer, fit):
    text = [r["title"] + "\n" + r["body"][:4000] for r in rows]
    tfidf = vectorizer.fit_transform(text) if fit else vectorizer.transform(text)
    return sparse.hstack([sparse.csr_matrix(np.array([features(r) for r in rows])), tfidf]).tocsr()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("examples")
    p.add_argument("--trials", type=int, default=30)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--no-text", action="store_true", help="numeric features only, like the seed project")
    a = p.parse_args()
    started = time.time()
    rows = [json.loads(l) for l in open(a.examples) if l.strip()]
    rows.sort(key=lambda r: (r["created_at"], r["number"]))
    n_test = round(len(rows) * 0.2)
    train, test = rows[:-n_test], rows[-n_test:]
    y = lambda rs: np.array([1 if r["closed_within_7_days"] else 0 for r in rs])

    def vec():
        return TfidfVectorizer(lowercase=True, max_features=3000, norm="l2") if not a.no_text else None

    def X(rs, v, fit):
        return matrix(rs, v, fit) if v is not None else sparse.csr_matrix(np.array([features(r) for r in rs]))

    chunks = 5
    bounds = [round(len(train) * c / chunks) for c in range(chunks + 1)]
    folds = []
    for k in range(3):
        tr, va = train[:bounds[k + 2]], train[bounds[k + 2]:bounds[k + 3]]
        v = vec()
        folds.append((X(tr, v, True), y(tr), X(va, v, False), y(va)))

    def params(trial):
        return dict(n_estimators=trial.suggest_int("n_estimators", 50, 600, log=True),
                    max_depth=trial.suggest_int("max_depth", 2, 8),
                    learning_rate=trial.suggest_float("learning_rate", 0.005, 0.2, log=True),
                    min_child_weight=trial.suggest_float("min_child_weight", 0.5, 20, log=True),
                    colsample_bytree=trial.suggest_float("colsample_bytree", 0.3, 1.0),
                    reg_lambda=trial.suggest_float("reg_lambda", 0.01, 10, log=True))

    def objective(trial):
        ps, total = params(trial), 0.0
        for step, (xt, yt, xv, yv) in enumerate(folds):
            model = xgb.XGBClassifier(**ps, tree_method="hist", n_jobs=1, random_state=a.seed, eval_metric="logloss")
            model.fit(xt, yt)
            total += roc_auc_score(yv, model.predict_proba(xv)[:, 1])
            trial.report(total / (step + 1), step)
            if trial.should_prune():
                raise optuna.TrialPruned()
        return total / len(folds)

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=a.seed), pruner=optuna.pruners.MedianPruner())
    study.optimize(objective, n_trials=a.trials, n_jobs=a.jobs)
    v = vec()
    model = xgb.XGBClassifier(**study.best_params, tree_method="hist", n_jobs=1, random_state=a.seed, eval_metric="logloss")
    model.fit(X(train, v, True), y(train))
    prob = model.predict_proba(X(test, v, False))[:, 1]
    yt = y(test)
    print(json.dumps({"stack": "xgboost+optuna" + (" (numeric features)" if a.no_text else ""), "trials": a.trials,
                      "best_validation_auc": study.best_value, "auc": roc_auc_score(yt, prob),
                      "pr_auc": average_precision_score(yt, prob), "logloss": log_loss(yt, prob), "n": len(test),
                      "seconds": time.time() - started}))


if __name__ == "__main__":
    main()
