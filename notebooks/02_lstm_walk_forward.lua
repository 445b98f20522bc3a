-- %% [markdown]
-- # Notebook 02: the LSTM, evaluated honestly, and a walk-forward backtest
-- Small sizes so the notebook runs in seconds; raise `bars`, the units and the epochs for real research.
-- Accuracy is always shown next to the base rate: a model that guesses the majority class scores the base rate.

-- %%
bars = lunar.data.synthetic{ bars = 1500, seed = 3, interval = "5m" }
model = lunar.nn.lstm{ units = { 16 }, dense = { 8 }, sequence = 20, seed = 1 }
print(model:summary())
history = model:fit(bars, { epochs = 3, patience = 2, verbose = false })
lunar.plot.training(history)

-- %%
local unseen = lunar.data.synthetic{ bars = 600, seed = 4, interval = "5m" }
local e = model:evaluate(unseen)
print(("unseen bars: accuracy %.3f vs base rate %.3f; AUC %.3f; log-loss %.4f; Brier %.4f"):format(
  e.accuracy, e.base_rate, e.auc, e.log_loss, e.brier))

-- %% [markdown]
-- ## Walk-forward: refit on each training window, trade the next test window
-- Folds have a gap of 5 bars (the label horizon); costs are IBKR's by default.

-- %%
wf = lunar.backtest.walk_forward{
  bars = bars, train = 600, test = 200, gap = 5, threshold = 0.04,
  fit = function(train)
    local m = lunar.nn.lstm{ units = { 8 }, dense = { 4 }, sequence = 20, seed = 1 }
    m:fit(train, { epochs = 1, verbose = false })
    return m
  end,
  signal = function(m, upto) return m:predict_series(upto) end,
}
print(wf)
lunar.plot.equity(wf:result(), { title = "Walk-forward, out of sample" })

-- %%
wf:report(os.tmpname() .. ".html", { title = "Walk-forward tearsheet" })
#wf:folds()
