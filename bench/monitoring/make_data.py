"""Seeded synthetic tables for the drift benchmark: ROWS rows x 20 numeric columns, reference and current.

Half the columns drift in the current table (shifted mean or wider spread), half do not; values have 6 decimals,
as a CSV export would. Usage: /usr/bin/python3 make_data.py ROWS OUT_DIR
"""
import os
import sys

import numpy as np
import pandas as pd

rows, out = int(sys.argv[1]), sys.argv[2]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(9)
columns = [f"x{i:02d}" for i in range(20)]
reference = pd.DataFrame({c: rng.normal(i, 1 + i / 10, rows) for i, c in enumerate(columns)})
current = pd.DataFrame({c: rng.normal(i + (0.3 if i % 2 else 0), (1 + i / 10) * (1.2 if i % 4 == 1 else 1), rows) for i, c in enumerate(columns)})
reference.to_csv(os.path.join(out, "reference.csv"), index=False, float_format="%.6f")
current.to_csv(os.path.join(out, "current.csv"), index=False, float_format="%.6f")
