#!/usr/bin/env lunar
-- Notebook 00: a tour of the Lunar host. Run: lunar notebooks/00_host_tour.lua
local pretty = lunar.pretty

-- ## Values print as the REPL shows them
local t = { symbol = "AAPL", closes = { 101.5, 102.25, 99.75 }, meta = { source = "synthetic", bars = 3 } }
print(pretty.format(t))

-- ## Documentation is part of every binding
print(lunar.core.doc("lunar.core.docs"))

-- ## Errors raised in Swift are ordinary Lua errors with a position
local ok, err = pcall(lunar.core.summary, nil)
assert(not ok and err:find("bad argument #1 to", 1, true), err)
print("caught:", err)

-- ## Timing an idea
local t0 = lunar.core.clock()
local s = 0
for i = 1, 1e6 do s = s + i end
print(string.format("sum = %d in %.1f ms", s, (lunar.core.clock() - t0) * 1e3))
