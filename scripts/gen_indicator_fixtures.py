#!/usr/bin/env python3
"""Generate TA-Lib reference fixtures for Tests/IndicatorsTests/Fixtures.

Usage: pip install ta-lib numpy && python3 scripts/gen_indicator_fixtures.py

Each input set is written as <set>_inputs.csv (time,open,high,low,close,volume) and
<set>_talib.csv, whose column headers name the TA-Lib call: FUNC(param=value;...)[output].
The Swift tests parse those headers and call the same indicator through IndicatorSpec.
Floats are repr() (shortest round-trip); NaN is an empty cell.
"""
import os
import numpy as np
import talib

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "IndicatorsTests", "Fixtures")

PRICE = ("close",)
HLC = ("high", "low", "close")
HL = ("high", "low")
HLCV = ("high", "low", "close", "volume")
CV = ("close", "volume")

CALLS = [
    ("SMA", PRICE, {"timeperiod": 7}), ("SMA", PRICE, {"timeperiod": 1}), ("EMA", PRICE, {"timeperiod": 1}), ("EMA", PRICE, {"timeperiod": 9}), ("WMA", PRICE, {"timeperiod": 6}),
    ("DEMA", PRICE, {"timeperiod": 10}), ("DEMA", PRICE, {"timeperiod": 3}),
    ("TEMA", PRICE, {"timeperiod": 8}), ("TEMA", PRICE, {"timeperiod": 30}),
    ("KAMA", PRICE, {"timeperiod": 30}), ("KAMA", PRICE, {"timeperiod": 10}),
    ("RSI", PRICE, {"timeperiod": 9}), ("RSI", PRICE, {"timeperiod": 2}),
    ("MACD", PRICE, {"fastperiod": 5, "slowperiod": 13, "signalperiod": 4}),
    ("MACD", PRICE, {"fastperiod": 26, "slowperiod": 12, "signalperiod": 9}),
    ("BBANDS", PRICE, {"timeperiod": 10, "nbdevup": 1.5, "nbdevdn": 2.5, "matype": 0}),
    ("BBANDS", PRICE, {"timeperiod": 5, "nbdevup": 2.0, "nbdevdn": 2.0, "matype": 1}),
    ("STDDEV", PRICE, {"timeperiod": 5, "nbdev": 2.0}), ("STDDEV", PRICE, {"timeperiod": 2, "nbdev": 1.0}),
    ("VAR", PRICE, {"timeperiod": 5, "nbdev": 1.0}), ("VAR", PRICE, {"timeperiod": 12, "nbdev": 1.0}),
    ("ATR", HLC, {"timeperiod": 5}), ("ATR", HLC, {"timeperiod": 1}), ("NATR", HLC, {"timeperiod": 7}),
    ("TRANGE", HLC, {}),
    ("STOCH", HLC, {"fastk_period": 5, "slowk_period": 3, "slowk_matype": 0, "slowd_period": 3, "slowd_matype": 0}),
    ("STOCH", HLC, {"fastk_period": 9, "slowk_period": 4, "slowk_matype": 1, "slowd_period": 2, "slowd_matype": 2}),
    ("STOCHF", HLC, {"fastk_period": 5, "fastd_period": 3, "fastd_matype": 0}),
    ("STOCHRSI", PRICE, {"timeperiod": 14, "fastk_period": 5, "fastd_period": 3, "fastd_matype": 0}),
    ("STOCHRSI", PRICE, {"timeperiod": 8, "fastk_period": 3, "fastd_period": 4, "fastd_matype": 1}),
    ("ADX", HLC, {"timeperiod": 14}), ("ADX", HLC, {"timeperiod": 5}), ("ADXR", HLC, {"timeperiod": 6}),
    ("DX", HLC, {"timeperiod": 9}),
    ("PLUS_DI", HLC, {"timeperiod": 14}), ("PLUS_DI", HLC, {"timeperiod": 1}),
    ("MINUS_DI", HLC, {"timeperiod": 14}), ("MINUS_DI", HLC, {"timeperiod": 1}),
    ("PLUS_DM", HL, {"timeperiod": 14}), ("MINUS_DM", HL, {"timeperiod": 7}),
    ("CCI", HLC, {"timeperiod": 20}), ("CCI", HLC, {"timeperiod": 5}),
    ("WILLR", HLC, {"timeperiod": 7}), ("MFI", HLCV, {"timeperiod": 5}), ("MFI", HLCV, {"timeperiod": 14}),
    ("OBV", CV, {}),
    ("ROC", PRICE, {"timeperiod": 3}), ("ROCP", PRICE, {"timeperiod": 4}), ("ROCR", PRICE, {"timeperiod": 4}),
    ("ROCR100", PRICE, {"timeperiod": 4}), ("MOM", PRICE, {"timeperiod": 1}),
    ("AROON", HL, {"timeperiod": 14}), ("AROON", HL, {"timeperiod": 5}), ("AROONOSC", HL, {"timeperiod": 10}),
    ("SAR", HL, {"acceleration": 0.02, "maximum": 0.2}), ("SAR", HL, {"acceleration": 0.05, "maximum": 0.3}),
    ("MAX", PRICE, {"timeperiod": 8}), ("MIN", PRICE, {"timeperiod": 8}), ("SUM", PRICE, {"timeperiod": 6}),
]


def random_walk(rng, n, start=100.0, vol=0.015, decimals=4):
    c = start * np.exp(np.cumsum(rng.normal(0.0, vol, n)))
    o = np.r_[c[0], c[:-1]] * (1 + rng.normal(0, vol / 4, n))
    h = np.maximum(o, c) * (1 + np.abs(rng.normal(0, vol / 2, n)))
    l = np.minimum(o, c) * (1 - np.abs(rng.normal(0, vol / 2, n)))
    v = np.round(rng.lognormal(12, 0.5, n))
    return [np.round(a, decimals) for a in (o, h, l, c)] + [v]


def make_sets():
    rng = np.random.default_rng(20240607)
    sets = {}
    sets["walk200"] = random_walk(rng, 200)
    # edge160: random, a flat block, zero volume, a monotone ramp with o=h=l=c, a gap down, a spike.
    o, h, l, c, v = random_walk(rng, 160, start=50.0)
    o[40:70] = h[40:70] = l[40:70] = c[40:70] = 50.0
    v[70:95] = 0.0
    ramp = 40.0 + 0.25 * np.arange(25)
    o[95:120] = h[95:120] = l[95:120] = c[95:120] = ramp
    o[130:], h[130:], l[130:], c[130:] = o[130:] * 0.7, h[130:] * 0.7, l[130:] * 0.7, c[130:] * 0.7
    h[140] *= 1.5
    sets["edge160"] = [np.round(a, 4) for a in (o, h, l, c)] + [v]
    # tiny150: small prices (sub-cent), exercises scale-relative thresholds.
    sets["tiny150"] = random_walk(rng, 150, start=0.0005, vol=0.01, decimals=9)
    return sets


def fmt(x):
    return "" if np.isnan(x) else repr(float(x))


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (o, h, l, c, v) in make_sets().items():
        n = len(c)
        t = 1577836800 + 86400 * np.arange(n)
        cols = {"open": o, "high": h, "low": l, "close": c, "volume": v}
        with open(os.path.join(OUT, f"{name}_inputs.csv"), "w") as f:
            f.write("time,open,high,low,close,volume\n")
            for i in range(n):
                f.write(",".join([str(t[i])] + [fmt(cols[k][i]) for k in ("open", "high", "low", "close", "volume")]) + "\n")
        headers, outputs = [], []
        for func, inputs, params in CALLS:
            args = [np.asarray(cols[k], dtype=float) for k in inputs]
            res = getattr(talib, func)(*args, **params)
            res = list(res) if isinstance(res, tuple) else [res]
            p = ";".join(f"{k}={params[k]}" for k in params)
            for j, r in enumerate(res):
                headers.append(f"{func}({p})[{j}]")
                outputs.append(r)
        with open(os.path.join(OUT, f"{name}_talib.csv"), "w") as f:
            f.write("time," + ",".join(headers) + "\n")
            for i in range(n):
                f.write(",".join([str(t[i])] + [fmt(r[i]) for r in outputs]) + "\n")
        print(name, n, "rows,", len(headers), "columns")


if __name__ == "__main__":
    main()
