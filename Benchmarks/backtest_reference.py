#!/usr/bin/env python3
"""Reference timings for `lunar bench backtest`: vectorbt and backtesting.py on the same bars, same SMA cross.

Usage: backtest_reference.py BARS.f64 SWEEP_BARS BT_PY_BARS  (BARS.f64 written by `lunar bench backtest`: n, then
open, high, low, close as float64). Prints one JSON object. Needs: pip install vectorbt backtesting.
"""
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")


def best(fn, reps=3):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    raw = np.fromfile(sys.argv[1], dtype=np.float64)
    sweep_bars, btpy_bars = int(sys.argv[2]), int(sys.argv[3])
    n = int(raw[0])
    o, h, l, c = (raw[1 + k * n: 1 + (k + 1) * n] for k in range(4))
    index = pd.date_range("2000-01-03", periods=n, freq="min")
    close = pd.Series(c, index=index)
    out = {"bars": n}

    import vectorbt as vbt
    out["vectorbt_version"] = vbt.__version__
    fast, slow = close.rolling(10).mean(), close.rolling(20).mean()
    entries = (fast > slow) & (fast.shift() <= slow.shift())
    exits = (fast < slow) & (fast.shift() >= slow.shift())

    def vbt_run(cl, en, ex):
        return vbt.Portfolio.from_signals(cl, en, ex, fees=0.002, init_cash=10_000, freq="1min")

    vbt_run(close.iloc[:1000], entries.iloc[:1000], exits.iloc[:1000])  # numba compilation, not timed
    out["vectorbt_simulation_s"] = best(lambda: vbt_run(close, entries, exits))

    sc = close.iloc[:sweep_bars]

    def vbt_sweep():
        # vectorbt's idiom: all 100 combinations as columns of one broadcast portfolio.
        fast = vbt.MA.run(sc, window=list(np.repeat(np.arange(5, 15), 10))).ma.values
        slow = vbt.MA.run(sc, window=list(np.tile(np.arange(20, 30), 10))).ma.values
        prev_f, prev_s = np.roll(fast, 1, axis=0), np.roll(slow, 1, axis=0)
        prev_f[0], prev_s[0] = np.nan, np.nan
        columns = pd.MultiIndex.from_arrays([np.repeat(np.arange(5, 15), 10), np.tile(np.arange(20, 30), 10)],
                                            names=["fast", "slow"])
        en = pd.DataFrame((fast > slow) & (prev_f <= prev_s), index=sc.index, columns=columns)
        ex = pd.DataFrame((fast < slow) & (prev_f >= prev_s), index=sc.index, columns=columns)
        return vbt_run(sc, en, ex).sharpe_ratio()

    vbt_sweep()  # compile the broadcast paths, not timed
    out["vectorbt_sweep_s"] = best(vbt_sweep, reps=3)

    import backtesting
    from backtesting import Backtest, Strategy
    from backtesting.lib import crossover
    out["backtesting_version"] = backtesting.__version__

    class SmaCross(Strategy):
        def init(self):
            price = pd.Series(self.data.Close)
            self.a = self.I(lambda: price.rolling(10).mean())
            self.b = self.I(lambda: price.rolling(20).mean())

        def next(self):
            if crossover(self.a, self.b):
                self.position.close()
                self.buy()
            elif crossover(self.b, self.a):
                self.position.close()

    df = pd.DataFrame({"Open": o[:btpy_bars], "High": h[:btpy_bars], "Low": l[:btpy_bars], "Close": c[:btpy_bars]},
                      index=index[:btpy_bars])
    bt = Backtest(df, SmaCross, cash=10_000, commission=0.002, finalize_trades=False)
    out["backtesting_py_s"] = best(lambda: bt.run(), reps=1)
    out["backtesting_py_bars"] = btpy_bars
    print(json.dumps(out))


if __name__ == "__main__":
    main()
