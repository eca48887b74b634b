#!/usr/bin/python3
"""Seeded, stratified 80/20 split of the UCI sentiment files into TSV files.

Usage: make_splits.py [--samples DIR] [--out DIR] [--seed N] [--test-fraction F]

For each source (yelp, amazon) writes OUT/{source}_train.tsv and OUT/{source}_test.tsv in the
input format (sentence<TAB>label, no header). Only the standard library is used, so the split is
identical on every machine for the same seed.
"""
import argparse
import os
import random
import sys

SOURCES = {
    "yelp": "yelp_labelled.txt",
    "amazon": "amazon_cells_labelled.txt",
}


def read_rows(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            text, sep, label = line.rpartition("\t")
            if not sep or label.strip() not in ("0", "1"):
                sys.exit(f"{path} line {number}: expected sentence<TAB>0|1")
            rows.append((text.strip(), label.strip()))
    return rows


def split(rows, test_fraction, rng):
    train, test = [], []
    for label in ("0", "1"):
        group = [r for r in rows if r[1] == label]
        rng.shuffle(group)
        n_test = round(len(group) * test_fraction)
        test.extend(group[:n_test])
        train.extend(group[n_test:])
    rng.shuffle(train)
    rng.shuffle(test)
    return train, test


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for text, label in rows:
            f.write(f"{text}\t{label}\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", default=os.path.join(here, "..", "..", "samples", "sentiment"))
    parser.add_argument("--out", default="/tmp/relearn-bench/splits")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--test-fraction", type=float, default=0.2)
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    for source, file in SOURCES.items():
        rows = read_rows(os.path.join(args.samples, file))
        # One generator per source, seeded from (seed, source), so adding a source never changes another's split.
        rng = random.Random(f"{args.seed}:{source}")
        train, test = split(rows, args.test_fraction, rng)
        write(os.path.join(args.out, f"{source}_train.tsv"), train)
        write(os.path.join(args.out, f"{source}_test.tsv"), test)
        pos = lambda rs: sum(1 for r in rs if r[1] == "1")
        print(f"{source}: {len(rows)} rows -> train {len(train)} ({pos(train)} pos), test {len(test)} ({pos(test)} pos)")


if __name__ == "__main__":
    main()
