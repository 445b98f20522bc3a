-- %% [markdown]
-- # Notebook 01: features and indicators
-- Real daily bars when `../shared/data` is beside the checkout, else the built-in synthetic market.
-- Every indicator is TA-Lib-exact; `seed19` is the prototype's feature set.

-- %%
local path = "../shared/data/AAPL_daily_2004_2018.csv"
local f = io.open(path)
bars = f and (f:close() and lunar.data.csv(path, { adjust = true })) or lunar.data.synthetic{ bars = 2500, seed = 1 }
bars

-- %% [markdown]
-- ## Trend and momentum at a glance

-- %%
local sma50, sma200 = lunar.ta.sma(bars.close, 50), lunar.ta.sma(bars.close, 200)
lunar.plot.line({ bars.close, sma50:rename("sma50"), sma200:rename("sma200") }, { title = "Close and moving averages", format = "price" })

-- %%
local rsi = lunar.ta.rsi(bars.close, 14)
local fwd = bars.close:shift(-5) / bars.close - 1            -- 5-bar forward return (for research only)
local oversold, overbought = rsi:lt(30), rsi:gt(70)
print(("bars %d; RSI<30 on %d bars, RSI>70 on %d bars"):format(#bars, oversold:sum(), overbought:sum()))
print(("mean 5-bar forward return: all %.4f, after RSI<30 %.4f, after RSI>70 %.4f"):format(
  fwd:mean(), fwd:where(oversold):mean(), fwd:where(overbought):mean()))

-- %% [markdown]
-- ## The seed19 feature matrix

-- %%
features = lunar.ta.features(bars, "seed19")
print(features)
features.volatility_20:describe()

-- %%
lunar.plot.hist(features.returns, { title = "Daily returns", bins = 60 })

-- %% [markdown]
-- ## A feature idea in one line of Lua

-- %%
lunar.ta.register_features("range", function(b)
  return { range_pct = (b.high - b.low) / b.close, range_z = ((b.high - b.low) / b.close):rolling(20):zscore(),
           order = { "range_pct", "range_z" } }
end)
lunar.ta.features(bars, "range")
