"""Small seeded tables for the `relearn monitor drift` CLI tests, and what the Python peer says about them.

Two pairs: 600 reference rows (Evidently picks ks / chisquare / z) and 1,500 (wasserstein / jensenshannon), each with
a continuous, a few-valued and a binary numeric column, a five- and a two-category column, and missing values.
Expected reports come from bench/monitoring/drift_peer.py (pandas + scipy, Evidently's choice of tests).
Run from this folder: /usr/bin/python3 make_monitor_data.py
"""
import subprocess
import sys

import numpy as np
import pandas as pd

rng = np.random.default_rng(99)


def table(n, shift):
    t = pd.DataFrame({
        "amount": np.round(rng.normal(10 + shift, 2, n), 3),
        "items": rng.integers(0, 4 + (1 if shift else 0), n),
        "returning": rng.integers(0, 2, n),
        "channel": rng.choice(["app", "email", "shop", "phone", "web"], n, p=[.3, .2, .2, .1, .2] if not shift else [.2, .2, .2, .2, .2]),
        "plan": rng.choice(["basic", "pro"], n, p=[.7, .3] if not shift else [.6, .4]),
    })
    t.loc[rng.choice(n, n // 50, replace=False), "amount"] = np.nan
    t.loc[rng.choice(n, n // 40, replace=False), "channel"] = None
    return t


for name, n in [("small", 600), ("large", 1500)]:
    table(n, 0).to_csv(f"{name}-reference.csv", index=False)
    table(n * 2 // 3, 0.4).to_csv(f"{name}-current.csv", index=False)
    with open(f"{name}-expected.json", "w") as out:
        subprocess.run([sys.executable, "../../../../bench/monitoring/drift_peer.py", f"{name}-reference.csv", f"{name}-current.csv"], stdout=out, check=True)
