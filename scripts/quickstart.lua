#!/usr/bin/env lunar
-- Lunar quickstart: a tour of the host. The capability modules (data, indicators, LSTM, backtest) extend it.
local pretty = lunar.pretty

print(("Lunar %s on %s"):format(lunar.version, _VERSION))
print()

print("1. Values print the way the REPL shows them (nested, sorted, cycles marked):")
local portfolio = { cash = 100000, positions = { AAPL = 120, SPY = -40 }, tags = { "paper", "daily" } }
portfolio.self = portfolio
print(pretty.format(portfolio))
print()

print("2. Every Lunar function documents itself (help(x) in the REPL):")
lunar.help(lunar.core.doc)
print()

print("3. Errors from Swift arrive as ordinary Lua errors, with position, and never crash the host:")
local ok, err = pcall(function() return lunar.core.listdir({}) end)
print("   pcall ->", ok, err)
print()

print("4. Modules load on first use: lunar.<name>. Available now:")
for _, name in ipairs(lunar.core.docs("lunar.")) do
  if not name:find("[.:]", 7) then print("   " .. name .. "  " .. (lunar.core.summary(name) or "")) end
end
print()

print("5. Bars and features. Built-in synthetic market (seeded, deterministic):")
local bars = lunar.data.synthetic{bars = 2000, seed = 7}
print(bars)
local features = lunar.ta.features(bars, "seed19")
print(features)
local rsi = lunar.ta.rsi(bars.close, 14)
local oversold = rsi:lt(30):and_(bars.close:gt(lunar.ta.sma(bars.close, 200)))
print(("   RSI(14) < 30 above the 200-bar SMA on %d of %d bars"):format(math.tointeger(oversold:sum()), #bars))
-- A real file, when ../shared/data is present beside the checkout.
local here = debug.getinfo(1, "S").source:match("^@(.*)/scripts/") or "."
local path = here .. "/../shared/data/AAPL_daily_2004_2018.csv"
local f = io.open(path)
if f then
  f:close()
  local aapl = lunar.data.csv(path, { adjust = true })
  print(aapl)
  local fa = lunar.ta.features(aapl, "seed19")
  local d = fa.rsi_14:describe()
  print(("   AAPL seed19: %d complete rows of %d; rsi_14 mean %.3f, std %.3f"):format(fa:complete_rows(), #fa, d.mean, d.std))
end
print()

-- `--small` (used by the tests on debug builds) trains a tiny model on fewer bars; the demo trains the prototype.
local small = arg and arg[1] == "--small"

print("6. The prototype's LSTM on built-in data: train, evaluate honestly, save and reload.")
local data = lunar.data.synthetic{ bars = small and 900 or 4680, seed = 7, interval = "5m" }
local model = small and lunar.nn.lstm{ units = { 8 }, dense = { 4 }, sequence = 20 } or lunar.nn.lstm{}
print(model:summary())
local history = model:fit(data, { epochs = small and 2 or 8, patience = 3, verbose = true })
print(("   %d epochs, best %d: val_loss %.4f, val_auc %.3f"):format(#history.loss, history.best_epoch or 0,
  history.val_loss[history.best_epoch or #history.val_loss], history.val_auc[history.best_epoch or #history.val_auc]))
-- Out of sample: bars the model never saw (another stretch of the synthetic market).
local unseen = lunar.data.synthetic{ bars = small and 600 or 2000, seed = 8, interval = "5m" }
local eval = model:evaluate(unseen)
print(("   out of sample: accuracy %.3f vs base rate %.3f (always guessing the majority class); AUC %.3f; log-loss %.4f; Brier %.4f"):format(
  eval.accuracy, eval.base_rate, eval.auc, eval.log_loss, eval.brier))
print(eval.auc > 0.55 and "   → some skill beyond the base rate" or "   → no real skill: accuracy near the base rate, AUC near 0.5")
local path = os.tmpname() .. ".safetensors"
model:save(path)
local reloaded = lunar.nn.load(path)
print(("   saved and reloaded %s: same prediction %s"):format(path, tostring(reloaded:predict(data) == model:predict(data))))
os.remove(path)
print()

print("7. Backtest the model's probabilities on the unseen bars (trade only when confident) with IBKR costs, vs buy-and-hold:")
local p = model:predict_series(unseen)
local result = lunar.backtest.run{ bars = unseen, probabilities = p, threshold = 0.04, allow_short = false }
print(result)
local m, c = result:metrics(), result:costs()
print(("   strategy %.2f%% vs buy-and-hold %.2f%%; %d trades; commissions %.2f, fees %.2f, spread %.2f, slippage %.2f"):format(
  m.return_pct, m.buy_hold_return_pct, m.trades, c.commissions, c.fees, c.spread, c.slippage))
if m.trades == 0 then
  print("   → the model was never confident enough to trade; with no skill, not trading is the right answer.")
end
-- The prototype's mistake, for contrast: act on every prediction (threshold 0), paying costs on every flip.
local naive = lunar.backtest.run{ bars = unseen, probabilities = p, threshold = 0, allow_short = false }
local nm, nc = naive:metrics(), naive:costs()
print(("   trading every prediction instead: %.2f%% after %d trades, commissions %.2f + fees %.2f"):format(
  nm.return_pct, nm.trades, nc.commissions, nc.fees))
print()

print("8. A Level-2 order book fed by synthetic depth (TWS operations), with its 17 features:")
local book = lunar.book.new{ depth = 10 }
local flow = lunar.book.synthetic{ seed = 7 }
local bf
for _ = 1, 200 do          -- 20,000 events, a feature snapshot every 100 (the rolling features need 20)
  flow:run(book, 100)
  bf = book:features()
end
print(book)
for _, name in ipairs(lunar.book.names()) do io.write(("   %-24s %10.4f\n"):format(name, bf[name])) end
print()

print("9. Paper trading plumbing: the TWS simulator, a connection, history, an order and positions:")
do
  local sim <close> = lunar.ib.sim{ port = 0, speed = 60 }
  local conn <close> = lunar.ib.connect{ port = sim:port(), client_id = 1 }
  print("   " .. tostring(conn))
  local hist = conn:history("AAPL", { duration = "1 D", bar = "5 mins" })
  print(("   AAPL: %d five-minute bars, last close %.2f"):format(#hist, hist.close[-1]))
  local order = conn:order{ symbol = "AAPL", action = "BUY", qty = 10, type = "MKT" }
  local status = order:wait(5)
  local fill = order:fills()[1]
  print(("   BUY 10 AAPL: %s at %.2f, commission %.2f"):format(status, fill.price, fill.commission or 0))
  for _, p in ipairs(conn:positions()) do print(("   position %s %g @ %.2f"):format(p.symbol, p.qty, p.avg_cost)) end
end
print()

print("10. The Lua-level test suite:")
local passed, failed = lunar.test()
if failed > 0 then os.exit(1) end
print()
print("11. Reports of the LSTM and its backtest (self-contained HTML), and the equity curve in the terminal:")
lunar.plot.equity(result, { title = "LSTM strategy vs buy-and-hold" }):show(78, 12)
local report_dir = os.getenv("LUNAR_REPORT_DIR") or "."
result:report(report_dir .. "/quickstart-backtest.html", { title = "Quickstart: LSTM strategy tearsheet" })
model:report(report_dir .. "/quickstart-model.html", unseen, { title = "Quickstart: LSTM model report" })
print(("   reports: %s/quickstart-model.html, %s/quickstart-backtest.html"):format(report_dir, report_dir))
print()
print("Next: run `lunar` for the REPL (Tab completes, help() documents, Ctrl-C interrupts).")
