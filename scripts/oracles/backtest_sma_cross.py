#!/usr/bin/env python3
"""Oracle for Lunar's backtester: runs backtesting.py 0.6.6 on the SMA cross and writes the expected results.

    python3 -m venv /tmp/btvenv && /tmp/btvenv/bin/pip install "backtesting==0.6.6" pandas numpy
    /tmp/btvenv/bin/python scripts/oracles/backtest_sma_cross.py

Writes, under Tests/BacktestingTests/Fixtures/:
  aapl_sma_cross_expected.json     SMA 10/20 cross on ../shared/data/AAPL_daily_2004_2018.csv, commission 0.2%
  spy_sma_cross_expected.json      the same on SPY_daily_2008_2017.csv (SMA 10/30, commission 0.1%)
  sp500_1min_sma_cross_expected.json  SMA 10/20 on the 1-minute SP500 file (intraday resampling path)
  synthetic_ties_expected.json     integer prices where SMA ties swallow crosses (bars included in the file)

Assumptions (docs: ../shared/spec/backtest-metrics.md): cash 10,000, trade_on_close=False,
exclusive_orders=True, finalize_trades=False, spread 0, SMA = pandas rolling mean.
Floats are written with repr (round-trip exact); NaN as null; timedeltas as seconds.
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import pandas as pd

import backtesting
from backtesting import Backtest, Strategy
from backtesting.lib import crossover

assert backtesting.__version__.startswith("0.6.6"), backtesting.__version__

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "Tests", "BacktestingTests", "Fixtures")


def sma(values, n):
    return pd.Series(values).rolling(n).mean()


class SmaCross(Strategy):
    n1 = 10
    n2 = 20

    def init(self):
        close = self.data.Close
        self.sma1 = self.I(sma, close, self.n1)
        self.sma2 = self.I(sma, close, self.n2)

    def next(self):
        if crossover(self.sma1, self.sma2):
            self.buy()
        elif crossover(self.sma2, self.sma1):
            self.position.close()


def load(name):
    df = pd.read_csv(os.path.join(DATA, name))
    df.columns = [c.strip().lower() for c in df.columns]
    out = pd.DataFrame({
        "Open": df["open"].astype(float), "High": df["high"].astype(float),
        "Low": df["low"].astype(float), "Close": df["close"].astype(float),
        "Volume": df["volume"].astype(float),
    })
    out.index = pd.DatetimeIndex(pd.to_datetime(df["date"]))
    return out


def num(x):
    if x is None:
        return None
    if isinstance(x, pd.Timedelta):
        return None if pd.isna(x) else x.total_seconds()
    if isinstance(x, pd.Timestamp):
        return int(x.value // 10**9)
    if isinstance(x, (np.integer,)):
        return int(x)
    x = float(x)
    return None if math.isnan(x) or math.isinf(x) else x


STAT_KEYS = {
    "Start": "start_time", "End": "end_time", "Duration": "duration_seconds",
    "Exposure Time [%]": "exposure_pct", "Equity Final [$]": "equity_final", "Equity Peak [$]": "equity_peak",
    "Commissions [$]": "commissions", "Return [%]": "return_pct", "Buy & Hold Return [%]": "buy_hold_return_pct",
    "Return (Ann.) [%]": "return_ann_pct", "Volatility (Ann.) [%]": "volatility_ann_pct", "CAGR [%]": "cagr_pct",
    "Sharpe Ratio": "sharpe", "Sortino Ratio": "sortino", "Calmar Ratio": "calmar", "Alpha [%]": "alpha_pct",
    "Beta": "beta", "Max. Drawdown [%]": "max_drawdown_pct", "Avg. Drawdown [%]": "avg_drawdown_pct",
    "Max. Drawdown Duration": "max_drawdown_duration_seconds",
    "Avg. Drawdown Duration": "avg_drawdown_duration_seconds", "# Trades": "trades",
    "Win Rate [%]": "win_rate_pct", "Best Trade [%]": "best_trade_pct", "Worst Trade [%]": "worst_trade_pct",
    "Avg. Trade [%]": "avg_trade_pct", "Max. Trade Duration": "max_trade_duration_seconds",
    "Avg. Trade Duration": "avg_trade_duration_seconds", "Profit Factor": "profit_factor",
    "Expectancy [%]": "expectancy_pct", "SQN": "sqn", "Kelly Criterion": "kelly_criterion",
}


def run_case(data, n1, n2, commission, out_name, include_bars=False, note=""):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bt = Backtest(data, SmaCross, cash=10_000, commission=commission, exclusive_orders=True,
                      trade_on_close=False, finalize_trades=False)
        stats = bt.run(n1=n1, n2=n2)
    metrics = {}
    for key, name in STAT_KEYS.items():
        metrics[name] = num(stats[key]) if key in stats.index else None
    trades = stats["_trades"]
    trade_rows = [{
        "size": int(r.Size), "entry_bar": int(r.EntryBar), "exit_bar": int(r.ExitBar),
        "entry_price": float(r.EntryPrice), "exit_price": float(r.ExitPrice), "pnl": float(r.PnL),
        "commission": float(r.Commission), "return_pct": float(r.ReturnPct),
        "entry_time": num(r.EntryTime), "exit_time": num(r.ExitTime),
    } for r in trades.itertuples()]
    strategy = stats["_strategy"]
    open_trades = [{"size": int(t.size), "entry_bar": int(t.entry_bar), "entry_price": float(t.entry_price)}
                   for t in strategy._broker.trades]
    equity = stats["_equity_curve"]["Equity"].values
    doc = {
        "generator": "scripts/oracles/backtest_sma_cross.py",
        "backtesting_version": backtesting.__version__, "pandas_version": pd.__version__,
        "numpy_version": np.__version__, "note": note,
        "params": {"n1": n1, "n2": n2, "commission": commission, "cash": 10_000},
        "bar_count": len(data), "metrics": metrics, "trades": trade_rows, "open_trades": open_trades,
        "equity": [float(v) for v in equity],
    }
    if include_bars:
        doc["bars"] = {
            "time": [int(t.value // 10**9) for t in data.index],
            "open": data.Open.tolist(), "high": data.High.tolist(), "low": data.Low.tolist(),
            "close": data.Close.tolist(), "volume": data.Volume.tolist(),
        }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, out_name), "w") as f:
        json.dump(doc, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"{out_name}: {len(trade_rows)} trades, return {metrics['return_pct']:.6f}%, "
          f"sharpe {metrics['sharpe']}", file=sys.stderr)


def synthetic_ties():
    """Integer-valued prices: SMA sums are exact, so sma10 == sma20 happens and swallows crosses."""
    rng = np.random.default_rng(7)
    n = 800
    close = 100 + np.cumsum(rng.integers(-2, 3, size=n))
    close = np.maximum(close, 5).astype(float)
    open_ = np.r_[close[0], close[:-1]] + rng.integers(-1, 2, size=n)
    open_ = np.maximum(open_, 1.0)
    high = np.maximum(open_, close) + rng.integers(0, 2, size=n)
    low = np.maximum(np.minimum(open_, close) - rng.integers(0, 2, size=n), 0.5)
    index = pd.bdate_range("2001-01-01", periods=n)
    return pd.DataFrame({"Open": open_, "High": high, "Low": low, "Close": close,
                         "Volume": np.full(n, 1000.0)}, index=index)


def main():
    run_case(load("AAPL_daily_2004_2018.csv"), 10, 20, 0.002, "aapl_sma_cross_expected.json",
             note="SMA 10/20 cross on AAPL daily, commission 0.2%: the key oracle of issue 5")
    run_case(load("SPY_daily_2008_2017.csv"), 10, 30, 0.001, "spy_sma_cross_expected.json")
    run_case(load("SP500_1min_2019-11.csv"), 10, 20, 0.0002, "sp500_1min_sma_cross_expected.json",
             note="intraday: daily returns are resampled to one value per calendar day")
    data = synthetic_ties()
    s1, s2 = sma(data.Close.values, 10).values, sma(data.Close.values, 20).values
    ties = int(np.sum(s1[19:] == s2[19:]))
    run_case(data, 10, 20, 0.002, "synthetic_ties_expected.json", include_bars=True,
             note=f"synthetic integer prices with {ties} SMA ties (sma10 == sma20)")


if __name__ == "__main__":
    main()
