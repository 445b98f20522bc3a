#!/usr/bin/env python3
"""Generate Tests/IndicatorsTests/Fixtures/extremes_nan.csv: TA-Lib MAX/MIN on inputs with NaN gaps, ties and
signed zeros (TA-Lib 0.6's block algorithm decides how a NaN inside a window propagates and which zero wins).

Usage: pip install ta-lib numpy && python3 scripts/gen_extremes_nan_fixture.py
Columns: x (the input; leading NaNs are skipped as the TA-Lib Python wrapper does), then FUNC(timeperiod=p)[0].
Floats are repr(); NaN is an empty cell; -0.0 is written as -0.0.
"""
import os
import numpy as np
import talib

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "IndicatorsTests", "Fixtures", "extremes_nan.csv")


def main():
    rng = np.random.default_rng(2024)
    n = 400
    x = np.round(np.cumsum(rng.normal(0, 1, n)), 1)  # rounding makes ties common
    x[rng.choice(n, 40, replace=False)] = np.nan  # isolated NaNs
    x[200:206] = np.nan  # a gap longer than the short periods
    x[rng.choice(n, 20, replace=False)] = 0.0
    x[rng.choice(n, 20, replace=False)] = -0.0
    x[:3] = np.nan  # leading NaNs: the wrapper starts at the first number
    cols = {"x": x}
    for p in (2, 3, 4, 5, 7, 8, 30):
        cols[f"MAX(timeperiod={p})[0]"] = talib.MAX(x, p)
        cols[f"MIN(timeperiod={p})[0]"] = talib.MIN(x, p)
    names = list(cols)
    with open(OUT, "w") as f:
        f.write(",".join(names) + "\n")
        for i in range(n):
            f.write(",".join("" if np.isnan(cols[k][i]) else repr(float(cols[k][i])) for k in names) + "\n")


if __name__ == "__main__":
    main()
