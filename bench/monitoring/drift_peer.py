"""The Python peer of `relearn monitor drift --reference A --current B --format json`: pandas read_csv + scipy,
each column's test chosen as Evidently's _get_default_stattest does (evidently/calculations/stattests/registry.py)
and computed with Evidently's formulas (ks_2samp, chisquare with rescaled expected counts, proportions Z-test,
Wasserstein normed by the reference std, Jensen-Shannon of binned shares). Numeric and categorical columns.

Usage: /usr/bin/python3 drift_peer.py REFERENCE.csv CURRENT.csv > report.json
"""
import json
import sys

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance


def binned(ref, cur, kind):
    if kind == "num" and ref.nunique() > 20:
        bins = np.histogram_bin_edges(pd.concat([ref, cur], axis=0).values, bins="sturges")
        return np.histogram(ref, bins)[0] / len(ref), np.histogram(cur, bins)[0] / len(cur)
    keys = list(set(ref.unique()) | set(cur.unique()))
    rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
    cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
    return np.array([rd[k] / len(ref) for k in keys]), np.array([cd[k] / len(cur) for k in keys])


def column_drift(name, ref, cur):
    kind = "num" if pd.api.types.is_numeric_dtype(ref) else "cat"
    ref_missing, cur_missing = int(ref.isna().sum()), int(cur.isna().sum())
    ref, cur = ref.dropna(), cur.dropna()
    n_values = pd.concat([ref, cur]).nunique()
    if len(ref) <= 1000:
        test = "ks" if kind == "num" and n_values > 5 else ("chisquare" if n_values > 2 else "z")
    else:
        test = "wasserstein" if kind == "num" and n_values > 5 else "jensenshannon"
    p = None
    if test == "ks":
        statistic, p = stats.ks_2samp(ref, cur)
        drift, threshold = p <= 0.05, 0.05
    elif test == "chisquare":
        keys = list(set(ref.unique()) | set(cur.unique()))
        rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
        cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
        k = cur.shape[0] / ref.shape[0]
        statistic, p = stats.chisquare([cd[x] for x in keys], [rd[x] * k for x in keys])
        drift, threshold = p < 0.05, 0.05
    elif test == "z":
        if ref.nunique() == 1 and cur.nunique() == 1 and ref.unique()[0] == cur.unique()[0]:
            statistic, p = 0.0, 1.0
        else:
            first = sorted(set(ref.unique()) | set(cur.unique()))[0]
            n1, n2 = len(ref), len(cur)
            p1, p2 = float((ref != first).sum()) / n1, float((cur != first).sum()) / n2
            pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
            statistic = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2))
            p = 2 * (1 - stats.norm.cdf(np.abs(statistic)))
        drift, threshold = p < 0.05, 0.05
    elif test == "wasserstein":
        statistic = stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
        drift, threshold = statistic >= 0.1, 0.1
    else:
        r, c = binned(ref, cur, kind)
        statistic = distance.jensenshannon(r, c, 2)
        drift, threshold = statistic >= 0.1, 0.1
    return dict(column=name, type=kind, test=test, statistic=float(statistic), p_value=None if p is None else float(p),
                threshold=threshold, drift=bool(drift), reference_missing=ref_missing, current_missing=cur_missing)


reference = pd.read_csv(sys.argv[1])
current = pd.read_csv(sys.argv[2])
columns = [column_drift(c, reference[c], current[c]) for c in reference.columns]
drifted = sum(c["drift"] for c in columns)
share = drifted / len(columns)
json.dump(dict(dataset_drift=share >= 0.5, drifted_columns=drifted, share=share, columns=columns), sys.stdout, indent=1)
