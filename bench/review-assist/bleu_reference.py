#!/usr/bin/python3
"""Reference BLEU-4 values from CodeReviewer's own evaluator, for ReviewBleuTests.

Runs `bleu_fromstr` of CodeReviewer/code/evaluator/smooth_bleu.py (microsoft/CodeBERT, commit 5488f12b, MIT)
on fixed prediction/reference sets and writes what it returns (rounded to 2 places, as it returns it) and the
unrounded average. The original is not copied into this repository: pass the folder holding its
smooth_bleu.py and stopwords.txt (stopwords.txt is also in src/Relearn.GitHub/Tasks/ReviewAssist/Evaluation/).

    /usr/bin/python3 bench/review-assist/bleu_reference.py --evaluator DIR \
        > tests/Relearn.GitHub.Tests/ReviewAssist/bleu-reference.json

nltk is not installed from Debian here; when it is missing, `nltk.wordpunct_tokenize` is stood in for by
nltk's own definition of it (WordPunctTokenizer: the pattern r"\\w+|[^\\w\\s]+").
"""
import argparse, importlib, json, os, re, sys, types

HERE = os.path.dirname(os.path.realpath(__file__))
SAMPLES = os.path.join(HERE, "..", "..", "samples", "code-review")

PAIRS = [
    ("Why is this needed?", "Why is this needed?"),
    ("Why is this needed?", "Please log once here at Error level \"Failed to connect to Typha, will retry...\""),
    ("", "nit: typo"),
    ("nit: typo", ""),
    ("This should be `Desired`, not `finfo`.", "is this supposed to be `Desired`?"),
    ("Use 3.14 or 1,000 - 2-3 items; a.b,c", "use 3.14, not 1,000; 2-3 items are fine"),
    ("&lt;T&gt; &amp; &quot;x&quot; <skipped> line-\nbreak", "<T> & \"x\" line-break"),
    ("The The the THE", "the"),
    ("Can't we just use `os.Stat` here? It's simpler.", "can't we use os.Stat here? it's simpler"),
    ("Ünïcödé naïve café — résumé", "naïve café résumé"),
    ("a b c d e f g h", "a b c d x f g h"),
    ("tab\tseparated\ttext", "tab separated text"),
]


def load(name):
    with open(os.path.join(SAMPLES, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--evaluator", required=True, help="folder with CodeReviewer's smooth_bleu.py and stopwords.txt")
    args = parser.parse_args()
    try:
        import nltk  # noqa: F401
    except ImportError:
        shim = types.ModuleType("nltk")
        shim.wordpunct_tokenize = lambda text: re.findall(r"\w+|[^\w\s]+", text)
        sys.modules["nltk"] = shim
    sys.path.insert(0, args.evaluator)
    smooth_bleu = importlib.import_module("smooth_bleu")

    def score(predictions, golds):
        rounded = smooth_bleu.bleu_fromstr(predictions, golds, rmstop=True)
        smooth_bleu.round = lambda x, n: x  # the same call, unrounded
        try:
            exact = smooth_bleu.bleu_fromstr(predictions, golds, rmstop=True)
        finally:
            del smooth_bleu.round
        return rounded, exact

    golds = [r["msg"] for r in load("msg-test-100.jsonl")]
    retrieved = [r["msg"] for r in load("comment-generation-329.jsonl")][: len(golds)]
    cases = []
    for i, (p, g) in enumerate(PAIRS):
        rounded, exact = score([p], [g])
        cases.append({"name": f"pair-{i}", "predictions": [p], "golds": [g], "bleu": rounded, "exact": exact})
    for name, predictions in [
        ("constant-why-is-this-needed", ["Why is this needed?"] * len(golds)),
        ("comment-generation-first-100-against-msg-test-100", retrieved),
        ("self", golds),
    ]:
        rounded, exact = score(predictions, golds)
        cases.append({"name": name, "predictions": predictions, "golds": golds, "bleu": rounded, "exact": exact})
    json.dump({"source": "microsoft/CodeBERT CodeReviewer/code/evaluator/smooth_bleu.py bleu_fromstr(rmstop=True), commit 5488f12b",
               "cases": cases}, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
