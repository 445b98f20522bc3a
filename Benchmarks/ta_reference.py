#!/usr/bin/env python3
"""Reference timings for `lunar bench ta`: TA-Lib (C, via the ta-lib wheel) and NumPy on the same bars.

Usage: ta_reference.py BARS.f64 SPEC.json  (written by `lunar bench ta`; prints one JSON object)
BARS.f64 holds n, then open, high, low, close, volume as float64 columns. SPEC.json lists the indicators with the
parameters Lunar uses, so both sides compute the same thing. Needs: pip install ta-lib numpy.
"""
import json
import sys
import time

import numpy as np
import talib


def best(fn, reps):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def seed19(o, h, l, c, v):
    """The 19 features of shared/spec/features.md with TA-Lib and NumPy (as the prototype computed them)."""
    prev = np.concatenate(([np.nan], c[:-1]))
    returns = c / prev - 1
    log_returns = np.log(c / prev)
    hl = (h - l) / c
    co = (c - o) / o
    sma = [talib.SMA(c, n) / c - 1 for n in (5, 10, 20)]
    ema = [talib.EMA(c, n) / c - 1 for n in (5, 10, 20)]
    vol20 = np.sqrt(talib.VAR(returns, 20) * 20 / 19)
    atr = talib.ATR(h, l, c, 14) / c
    vsma = talib.SMA(v, 20)
    with np.errstate(divide="ignore", invalid="ignore"):
        vr = np.where(vsma == 0, np.nan, v / vsma)
    vpt = returns * vr
    rsi = talib.RSI(c, 14) / 100
    macd, sig, hist = talib.MACD(c, 12, 26, 9)
    up, mid, lo = talib.BBANDS(c, 20, 2, 2, 0)
    width = up - lo
    with np.errstate(divide="ignore", invalid="ignore"):
        bbp = np.where(width == 0, 0.5, (c - lo) / width)
    return np.column_stack([returns, log_returns, hl, co, *sma, *ema, vol20, atr, vr, vpt, rsi, macd / c, sig / c,
                            hist / c, bbp])


def main():
    raw = np.fromfile(sys.argv[1], dtype=np.float64)
    n = int(raw[0])
    o, h, l, c, v = (np.ascontiguousarray(raw[1 + k * n: 1 + (k + 1) * n]) for k in range(5))
    spec = json.load(open(sys.argv[2]))
    columns = {"real": c, "open": o, "high": h, "low": l, "close": c, "volume": v}
    reps = spec.get("repetitions", 5)
    out = {"talib_version": talib.__version__, "numpy_version": np.__version__, "bars": n, "indicators": {}}
    for item in spec["indicators"]:
        fn = getattr(talib, item["name"])
        args = [columns[i] for i in item["inputs"]]
        out["indicators"][item["name"]] = best(lambda: fn(*args, **item["parameters"]), reps)
    out["seed19"] = best(lambda: seed19(o, h, l, c, v), reps)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
