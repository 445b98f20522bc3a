#!/usr/bin/env python3
"""Reference timings for `lunar bench ta`: TA-Lib (and TA-Lib + NumPy for the seed19 features) on the same
machine, in ns per bar. Usage: pip install ta-lib numpy && python3 scripts/bench_talib_reference.py [bars]

Prints one JSON object: {"bars": N, "indicators": {name: ns_per_bar}, "seed19": ns_per_bar}.
Each timing is the best of 5 runs after a warm-up, on a seeded random walk.
"""
import json
import sys
import time

import numpy as np
import talib

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
rng = np.random.default_rng(1)
c = 100 * np.exp(np.cumsum(rng.normal(0, 0.001, N)))
o = c * (1 + rng.normal(0, 0.0005, N))
h = np.maximum(o, c) * (1 + np.abs(rng.normal(0, 0.001, N)))
l = np.minimum(o, c) * (1 - np.abs(rng.normal(0, 0.001, N)))
v = np.round(rng.lognormal(10, 0.5, N))


def best(f, runs=5):
    f()
    t = 1e9
    for _ in range(runs):
        s = time.perf_counter()
        f()
        t = min(t, time.perf_counter() - s)
    return t * 1e9 / N


CALLS = {
    "SMA": lambda: talib.SMA(c, 20), "EMA": lambda: talib.EMA(c, 20), "WMA": lambda: talib.WMA(c, 20),
    "DEMA": lambda: talib.DEMA(c, 20), "TEMA": lambda: talib.TEMA(c, 20), "KAMA": lambda: talib.KAMA(c, 30),
    "RSI": lambda: talib.RSI(c, 14), "MACD": lambda: talib.MACD(c, 12, 26, 9), "BBANDS": lambda: talib.BBANDS(c, 20),
    "ATR": lambda: talib.ATR(h, l, c, 14), "NATR": lambda: talib.NATR(h, l, c, 14), "TRANGE": lambda: talib.TRANGE(h, l, c),
    "STDDEV": lambda: talib.STDDEV(c, 20), "VAR": lambda: talib.VAR(c, 20),
    "STOCH": lambda: talib.STOCH(h, l, c, 14, 3, 0, 3, 0), "STOCHRSI": lambda: talib.STOCHRSI(c, 14, 5, 3, 0),
    "ADX": lambda: talib.ADX(h, l, c, 14), "PLUS_DI": lambda: talib.PLUS_DI(h, l, c, 14),
    "MINUS_DI": lambda: talib.MINUS_DI(h, l, c, 14), "CCI": lambda: talib.CCI(h, l, c, 14),
    "WILLR": lambda: talib.WILLR(h, l, c, 14), "MFI": lambda: talib.MFI(h, l, c, v, 14), "OBV": lambda: talib.OBV(c, v),
    "ROC": lambda: talib.ROC(c, 10), "MOM": lambda: talib.MOM(c, 10), "AROON": lambda: talib.AROON(h, l, 14),
    "SAR": lambda: talib.SAR(h, l, 0.02, 0.2),
}


def seed19():
    r = np.empty(N); r[0] = np.nan; r[1:] = c[1:] / c[:-1] - 1
    lr = np.empty(N); lr[0] = np.nan; lr[1:] = np.log(c[1:] / c[:-1])
    out = [r, lr, (h - l) / c, (c - o) / o]
    out += [talib.SMA(c, p) / c - 1 for p in (5, 10, 20)] + [talib.EMA(c, p) / c - 1 for p in (5, 10, 20)]
    out.append(np.sqrt(talib.VAR(r, 20) * 20 / 19))
    out.append(talib.ATR(h, l, c, 14) / c)
    sv = talib.SMA(v, 20)
    with np.errstate(divide="ignore", invalid="ignore"):
        vr = np.where(sv == 0, np.nan, v / sv)
    out += [vr, r * vr, talib.RSI(c, 14) / 100]
    m, s, hh = talib.MACD(c, 12, 26, 9)
    out += [m / c, s / c, hh / c]
    u, _, lo = talib.BBANDS(c, 20, 2, 2, 0)
    w = u - lo
    with np.errstate(divide="ignore", invalid="ignore"):
        out.append(np.where(w == 0, 0.5, (c - lo) / w))
    return out


print(json.dumps({"bars": N, "indicators": {k: round(best(f), 3) for k, f in CALLS.items()},
                  "seed19": round(best(seed19), 3)}, indent=1))
