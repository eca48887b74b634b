"""Reference values for the expectation suite tests, computed with pandas as Great Expectations' pandas engine does.

Run with Debian's python3 (apt python3-pandas python3-numpy; pandas 1.5.3, numpy 1.24.2 when written):
    /usr/bin/python3 make_expectation_values.py
Writes expectations-table.csv (the data) and expectation-values.json (what GE would report on it):
- per-row expectations: unexpected_count over the present values, unexpected_percent = unexpected / non-missing * 100
  (great_expectations/expectations/expectation.py, _format_map_output), partial_unexpected_list = first 20;
- aggregates: Series.mean(), .median(), .std() (ddof=1), .min(), .max(), .quantile(q, interpolation="nearest")
  (GE column_quantile_values.py), nunique()/count() for the proportion of unique values.
"""
import json
import re

import numpy as np
import pandas as pd

rng = np.random.default_rng(13)
n = 250
ids = np.arange(1, n + 1)
ids[[10, 20]] = ids[5]                       # id 6 three times: unique fails on 3 rows
score = rng.normal(50, 12, n).round(3)
score_text = [f"{s}" for s in score]
for i in [3, 77, 140, 199]:
    score_text[i] = ""                       # missing: left out of every per-row count
category = rng.choice(["red", "green", "blue", "purple"], n, p=[0.4, 0.3, 0.25, 0.05]).astype(object)
category[[8, 9]] = "NA"                      # pandas reads NA as missing
name = [f"user_{i:03d}" if i % 17 else f"User-{i}" for i in range(n)]
name[30] = "x"
group = rng.integers(0, 5, n)
code = rng.integers(0, 60, n)

frame = pd.DataFrame({"id": ids, "score": score_text, "category": category, "name": name, "group": group, "code": code})
frame.to_csv("expectations-table.csv", index=False)

df = pd.read_csv("expectations-table.csv")


def map_values(column, unexpected_mask, nonnull=True):
    col = df[column]
    present = col.notna() if nonnull else pd.Series(True, index=col.index)
    unexpected = col[present & unexpected_mask]
    count = int(unexpected.shape[0])
    denominator = int(present.sum())
    values = [None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in unexpected.head(20)]
    return {"element_count": int(len(col)), "unexpected_count": count,
            "unexpected_percent": count / denominator * 100, "partial_unexpected_list": values}


score_col = df["score"]
values = {
    "rows": int(len(df)),
    "columns": list(df.columns),
    "dtypes": {c: str(df[c].dtype) for c in df.columns},
    "not_null_score": {"element_count": int(len(df)), "unexpected_count": int(score_col.isna().sum()),
                       "unexpected_percent": float(score_col.isna().sum() / len(df) * 100)},
    "unique_id": map_values("id", df["id"].duplicated(keep=False)),
    "between_score_40_60": map_values("score", ~score_col.between(40, 60)),
    "in_set_category": map_values("category", ~df["category"].isin(["red", "green", "blue"])),
    "not_in_set_category": map_values("category", df["category"].isin(["purple"])),
    "regex_name": map_values("name", ~df["name"].astype(str).str.contains(r"^user_\d+$", regex=True)),
    "lengths_name_5_8": map_values("name", ~df["name"].str.len().between(5, 8)),
    "compound_group_code": None,
    "mean_score": float(score_col.mean()),
    "median_score": float(score_col.median()),
    "stdev_score": float(score_col.std()),
    "min_score": float(score_col.min()),
    "max_score": float(score_col.max()),
    "quantiles": [0.05, 0.25, 0.5, 0.75, 0.95],
    "quantile_values_score": [float(v) for v in score_col.quantile([0.05, 0.25, 0.5, 0.75, 0.95], interpolation="nearest")],
    "proportion_unique_group": float(df["group"].nunique() / df["group"].count()),
    "proportion_unique_category": float(df["category"].nunique() / df["category"].count()),
}
dup = df.duplicated(subset=["group", "code"], keep=False)
values["compound_group_code"] = {"element_count": int(len(df)), "unexpected_count": int(dup.sum()),
                                 "unexpected_percent": float(dup.sum() / len(df) * 100)}
with open("expectation-values.json", "w") as f:
    json.dump(values, f, indent=2)
print(json.dumps({k: v for k, v in values.items() if not isinstance(v, dict)}, indent=1)[:1500])
