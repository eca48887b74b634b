#!/usr/bin/python3
"""The seed's baseline: scikit-learn TfidfVectorizer + MultinomialNB.

Usage: sklearn_train.py --train FILE [FILE...] --test FILE [FILE...] [--save-model PATH]

Trains on the --train files, evaluates on the --test files (sentence<TAB>label, no header) and prints
one JSON object: {"accuracy", "auc", "train_seconds", "train_rows", "test_rows"}. train_seconds times
only the fit of the pipeline (vectorizer + classifier), not reading files or Python start-up.
"""
import argparse
import json
import pickle
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline


def read(paths):
    texts, labels = [], []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                line = line.rstrip("\r\n")
                if not line.strip():
                    continue
                text, sep, label = line.rpartition("\t")
                if not sep or label.strip() not in ("0", "1"):
                    sys.exit(f"{path} line {number}: expected sentence<TAB>0|1")
                texts.append(text.strip())
                labels.append(int(label))
    return texts, labels


def pipeline():
    """The seed's model, with scikit-learn defaults: word unigrams, TF-IDF, multinomial naive Bayes."""
    return make_pipeline(TfidfVectorizer(), MultinomialNB())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", nargs="+", required=True)
    parser.add_argument("--test", nargs="+")
    parser.add_argument("--save-model", help="pickle the fitted pipeline to this path")
    args = parser.parse_args()

    x_train, y_train = read(args.train)
    model = pipeline()
    started = time.perf_counter()
    model.fit(x_train, y_train)
    train_seconds = time.perf_counter() - started
    result = {"train_seconds": round(train_seconds, 4), "train_rows": len(x_train)}
    if args.test:
        x_test, y_test = read(args.test)
        proba = model.predict_proba(x_test)[:, list(model.classes_).index(1)]
        predicted = [1 if p >= 0.5 else 0 for p in proba]
        result.update({
            "accuracy": round(accuracy_score(y_test, predicted), 4),
            "auc": round(roc_auc_score(y_test, proba), 4),
            "test_rows": len(x_test),
        })
    if args.save_model:
        with open(args.save_model, "wb") as f:
            pickle.dump(model, f)
        result["model_path"] = args.save_model
    print(json.dumps(result))


if __name__ == "__main__":
    main()
