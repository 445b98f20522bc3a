-- %% [markdown]
-- # Notebook 03: alpha fusion with costs, and a parameter sweep
-- Three alphas normalised to [-1, 1], fused by a weighted average and gated by the LSTM's probability.
-- The sweep reports the deflated Sharpe ratio of the best combination and the probability of backtest overfitting.

-- %%
bars = lunar.data.synthetic{ bars = 2000, seed = 5 }
local function squash(s) return (s / 2):clip(-1, 1) end
momentum = squash(bars.close:pct_change(20):rolling(60):zscore())
reversion = squash((50 - lunar.ta.rsi(bars.close, 14)) / 10)
breakout = squash((bars.close - bars.close:rolling(20):max()) / lunar.ta.atr(bars, 14) + 1)
print(momentum:describe().mean, reversion:describe().mean, breakout:describe().mean)

-- %%
model = lunar.nn.lstm{ units = { 8 }, dense = { 4 }, sequence = 20, seed = 2 }
model:fit(bars:slice(1, 1200), { epochs = 2, verbose = false })   -- train on the first 1200 bars only
p = model:predict_series(bars)

-- %% [markdown]
-- ## One fused rule
-- Long when the fused alpha is above `t` and the model is more bullish than its recent average; costs on (IBKR fixed + fees).

-- %%
function fused(w) return momentum * w[1] + reversion * w[2] + breakout * w[3] end
local score = fused({ 0.4, 0.3, 0.3 })
agree = p:gt(p:rolling(100):mean())   -- the model more bullish than its recent average
result = lunar.backtest.run{ bars = bars:slice(1201), entries = score:gt(0.2):and_(agree):slice(1201),
                             exits = score:lt(0):slice(1201) }
print(result)
lunar.plot.equity(result, { title = "Fused rule vs buy-and-hold (out of sample)" })

-- %% [markdown]
-- ## Sweep weights and threshold (out of sample: bars 1201 onward)

-- %%
local test = bars:slice(1201)
sweep = lunar.backtest.sweep{
  bars = test, grid = { w_mom = { 0.2, 0.5, 0.8 }, threshold = { 0.1, 0.2, 0.3 } },
  signal = function(q, b)
    local s = (fused({ q.w_mom, (1 - q.w_mom) / 2, (1 - q.w_mom) / 2 })):slice(1201)
    return { entries = s:gt(q.threshold):and_(agree:slice(1201)), exits = s:lt(0) }
  end,
}
print(sweep)
local d = sweep:deflated_sharpe()
print(d and ("deflated Sharpe probability %.3f over %d trials"):format(d.probability, d.trials)
  or "deflated Sharpe: undefined (the best combination never traded or its returns have no variance)")
print("probability of backtest overfitting (CSCV): " .. tostring(sweep:pbo()))
sweep:best()
