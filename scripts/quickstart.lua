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

print("5. The Lua-level test suite:")
local passed, failed = lunar.test()
if failed > 0 then os.exit(1) end
print()
print("Next: run `lunar` for the REPL (Tab completes, help() documents, Ctrl-C interrupts).")
