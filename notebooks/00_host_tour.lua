-- %% [markdown]
-- # Notebook 00: a tour of the Lunar host
-- Run it with `lunar notebooks/00_host_tour.lua`, or step through it with `lunar -i notebooks/00_host_tour.lua`.
-- Cells follow the jupytext percent format (`-- %%` code, `-- %% [markdown]` prose).

-- %% [markdown]
-- ## Values print as the REPL shows them

-- %%
local pretty = lunar.pretty
local t = { symbol = "AAPL", closes = { 101.5, 102.25, 99.75 }, meta = { source = "synthetic", bars = 3 } }
print(pretty.format(t))

-- %% [markdown]
-- ## Documentation is part of every binding

-- %%
print(lunar.core.doc("lunar.core.docs"))

-- %% [markdown]
-- ## Errors raised in Swift are ordinary Lua errors

-- %%
local ok, err = pcall(lunar.core.summary, nil)
assert(not ok and err:find("bad argument #1 to", 1, true), err)
print("caught:", err)

-- %% [markdown]
-- ## Timing an idea

-- %%
local t0 = lunar.core.clock()
local s = 0
for i = 1, 1e6 do s = s + i end
print(string.format("sum = %d in %.1f ms", s, (lunar.core.clock() - t0) * 1e3))
