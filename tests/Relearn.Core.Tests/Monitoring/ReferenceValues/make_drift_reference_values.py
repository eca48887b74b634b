"""Reference values for Relearn's drift tests, computed with scipy/numpy the way Evidently's stat tests do.

Evidently is not packaged for Debian, so each of its tests is written out here from its source
(evidently/calculations/stattests/*.py and utils.get_binned_data) and evaluated with scipy and numpy.
Run: /usr/bin/python3 make_drift_reference_values.py > drift-reference-values.json
"""
import json
import sys

import numpy as np
import pandas as pd
import scipy
from scipy import stats
from scipy.spatial import distance


def binned(ref, cur, kind, fill):
    # evidently.calculations.stattests.utils.get_binned_data
    if kind == "num" and ref.nunique() > 20:
        bins = np.histogram_bin_edges(pd.concat([ref, cur], axis=0).values, bins="sturges")
        r = np.histogram(ref, bins)[0] / len(ref)
        c = np.histogram(cur, bins)[0] / len(cur)
    else:
        keys = list(set(ref.dropna().unique()) | set(cur.dropna().unique()))
        rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
        cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
        r = np.array([rd[k] / len(ref) for k in keys])
        c = np.array([cd[k] / len(cur) for k in keys])
    if fill:
        np.place(r, r == 0, min(r[r != 0]) / 10**6 if min(r[r != 0]) <= 0.0001 else 0.0001)
        np.place(c, c == 0, min(c[c != 0]) / 10**6 if min(c[c != 0]) <= 0.0001 else 0.0001)
    return r, c


def ks(ref, cur, kind):
    res = stats.ks_2samp(ref, cur)
    return res.statistic, res.pvalue


def chisquare(ref, cur, kind):
    keys = list(set(ref.dropna().unique()) | set(cur.dropna().unique()))
    rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
    cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
    k = cur.shape[0] / ref.shape[0]
    res = stats.chisquare([cd[x] for x in keys], [rd[x] * k for x in keys])
    return res[0], res[1]


def z(ref, cur, kind):
    if ref.nunique() == 1 and cur.nunique() == 1 and ref.unique()[0] == cur.unique()[0]:
        return 0.0, 1.0
    keys = sorted(set(list(ref.unique()) + list(cur.unique())))
    r = ref.apply(lambda x: 0 if x == keys[0] else 1)
    c = cur.apply(lambda x: 0 if x == keys[0] else 1)
    n1, n2 = len(r), len(c)
    p1, p2 = float(sum(r)) / n1, float(sum(c)) / n2
    P = float(p1 * n1 + p2 * n2) / (n1 + n2)
    zs = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    return zs, 2 * (1 - stats.norm.cdf(np.abs(zs)))


def wasserstein(ref, cur, kind):
    return stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001), None


def jensenshannon(ref, cur, kind):
    r, c = binned(ref, cur, kind, False)
    return distance.jensenshannon(r, c, 2), None


def psi(ref, cur, kind):
    r, c = binned(ref, cur, kind, True)
    return float(sum((r[i] - c[i]) * np.log(r[i] / c[i]) for i in range(len(r)))), None


def kl_div(ref, cur, kind):
    r, c = binned(ref, cur, kind, True)
    return stats.entropy(r, c), None


def hellinger(ref, cur, kind):
    keys = list(set(ref.unique()) | set(cur.unique()))
    if kind == "cat":
        rs = (ref.value_counts() / len(ref)).to_dict()
        cs = (cur.value_counts() / len(cur)).to_dict()
        h = sum(np.sqrt(rs.get(k, 0) * cs.get(k, 0)) for k in keys)
    else:
        bins = np.histogram_bin_edges(keys, bins="sturges")
        h1 = np.histogram(ref.values, bins=bins, density=True)[0]
        h2 = np.histogram(cur.values, bins=bins, density=True)[0]
        width = (max(keys) - min(keys)) / len(h1)
        h = sum(np.sqrt(h1[i] * h2[i]) * width for i in range(len(h1)))
    return np.sqrt(1 - np.clip(h, 0, 1)), None


TESTS = dict(ks=ks, chisquare=chisquare, z=z, wasserstein=wasserstein, jensenshannon=jensenshannon,
             psi=psi, kl_div=kl_div, hellinger=hellinger)

rng = np.random.default_rng(20261205)
cases = []


def add(name, test, kind, ref, cur):
    r, c = pd.Series(ref), pd.Series(cur)
    statistic, p = TESTS[test](r, c, kind)
    cases.append(dict(name=name, test=test, kind=kind,
                      reference=[x if kind == "cat" else float(x) for x in ref],
                      current=[x if kind == "cat" else float(x) for x in cur],
                      statistic=float(statistic), p_value=None if p is None else float(p)))


def normal(n, loc=0.0, scale=1.0, decimals=3):
    return np.round(rng.normal(loc, scale, n), decimals)


# KS: exact (auto, n <= 10000), unequal and equal sizes, ties, strong drift; asymptotic with small and large en.
add("ks exact 50 vs 70", "ks", "num", normal(50), normal(70, 0.3))
add("ks exact equal sizes 400", "ks", "num", normal(400), normal(400, 0.1))
add("ks exact ties", "ks", "num", np.round(rng.normal(0, 2, 300)), np.round(rng.normal(0.3, 2, 450)))
add("ks exact strong drift", "ks", "num", normal(800), normal(3000, 0.4))
add("ks exact 1000 vs 9000", "ks", "num", normal(1000), normal(9000, 0.05))
add("ks asymptotic en 100 (n <= 140 branch)", "ks", "num", normal(100), normal(20000, 0.2))
add("ks asymptotic en 480", "ks", "num", normal(500), normal(12000, 0.05))
add("ks asymptotic en 12000", "ks", "num", normal(20000, decimals=2), normal(30000, 0.02, decimals=2))
add("ks asymptotic tiny p", "ks", "num", normal(900), normal(15000, 0.5))
# Counts tests.
cats = np.array(["a", "b", "c", "d", "e"])
add("chisquare categories", "chisquare", "cat", list(rng.choice(cats, 600, p=[.3, .3, .2, .1, .1])), list(rng.choice(cats, 500, p=[.25, .3, .2, .15, .1])))
add("chisquare new category in current", "chisquare", "cat", list(rng.choice(cats[:3], 300)), list(rng.choice(cats[:4], 200)))
add("chisquare numeric few values", "chisquare", "num", rng.integers(0, 4, 500).astype(float), rng.integers(0, 4, 400).astype(float))
add("z two categories", "z", "cat", list(rng.choice(["no", "yes"], 700, p=[.6, .4])), list(rng.choice(["no", "yes"], 650, p=[.5, .5])))
add("z numeric binary", "z", "num", rng.integers(0, 2, 300).astype(float), rng.integers(0, 2, 320).astype(float))
# Distances.
add("wasserstein", "wasserstein", "num", normal(5000), normal(4000, 0.15, 1.1))
add("wasserstein constant reference (std floor)", "wasserstein", "num", np.full(2000, 3.0), normal(1500, 3, 0.01))
add("jensenshannon numeric binned", "jensenshannon", "num", normal(3000), normal(2500, 0.2))
add("jensenshannon numeric few values", "jensenshannon", "num", rng.integers(0, 5, 3000).astype(float), rng.integers(0, 5, 2000).astype(float))
add("jensenshannon categories", "jensenshannon", "cat", list(rng.choice(cats, 3000)), list(rng.choice(cats, 2000, p=[.4, .15, .15, .15, .15])))
add("psi numeric binned", "psi", "num", normal(3000), normal(2500, 0.3))
add("psi categories with a missing category", "psi", "cat", list(rng.choice(cats[:4], 1000)), list(rng.choice(cats, 800)))
add("kl_div numeric binned", "kl_div", "num", normal(3000), normal(2500, 0.3, 1.2))
add("kl_div categories", "kl_div", "cat", list(rng.choice(cats, 1000)), list(rng.choice(cats, 800, p=[.1, .2, .3, .2, .2])))
add("hellinger numeric", "hellinger", "num", normal(2000, decimals=2), normal(1800, 0.25, decimals=2))
add("hellinger categories", "hellinger", "cat", list(rng.choice(cats, 1000)), list(rng.choice(cats, 900, p=[.1, .2, .3, .2, .2])))

json.dump(dict(generated_by=f"python3-scipy {scipy.__version__}, numpy {np.__version__}, pandas {pd.__version__} (Debian apt); "
                            "stat tests as in Evidently's evidently/calculations/stattests",
               cases=cases), sys.stdout)
