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

print("6. A backtest with honest costs (IBKR fixed + SEC/FINRA fees, fills at the next open) vs buy-and-hold:")
local fast, slow = lunar.ta.ema(bars.close, 12), lunar.ta.sma(bars.close, 50)
local result = lunar.backtest.run{ bars = bars, entries = fast:cross_above(slow), exits = fast:cross_below(slow) }
print(result)
local m = result:metrics()
print(("   strategy %.2f%% vs buy-and-hold %.2f%%; %d trades; costs %.2f"):format(
  m.return_pct, m.buy_hold_return_pct, m.trades, result:costs().commissions + result:costs().fees))
print()

print("7. A Level-2 order book fed by synthetic depth (TWS operations), with its 17 features:")
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

print("8. The Lua-level test suite:")
local passed, failed = lunar.test()
if failed > 0 then os.exit(1) end
print()
print("Next: run `lunar` for the REPL (Tab completes, help() documents, Ctrl-C interrupts).")
