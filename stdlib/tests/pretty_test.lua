local T = require "lunar.tester"
local pretty = require "lunar.pretty"
local suite = T.suite("pretty")

function suite.scalars()
  T.eq(pretty.format(1), "1")
  T.eq(pretty.format(1.5), "1.5")
  T.eq(pretty.format(2.0), "2.0")
  T.eq(pretty.format("a\nb"), '"a\\nb"')
  T.eq(pretty.format(nil), "nil")
  T.eq(pretty.format(true), "true")
end

function suite.sorted_keys_and_arrays()
  T.eq(pretty.format({ 3, 2, 1, b = 2, a = 1, [10] = "x" }), '{3, 2, 1, [10] = "x", a = 1, b = 2}')
  T.eq(pretty.format({ ["not id"] = 1, ["end"] = 2 }), '{["end"] = 2, ["not id"] = 1}')
end

function suite.nested_and_depth_limit()
  T.eq(pretty.format({ a = { b = { c = { d = 1 } } } }), "{a = {b = {c = {…1 items}}}}")
  T.eq(pretty.format({ a = { b = { c = { d = 1 } } } }, { depth = 5 }), "{a = {b = {c = {d = 1}}}}")
end

function suite.cycles_are_marked()
  local t = { name = "x" }
  t.self = t
  local s = pretty.format(t)
  T.ok(s:find("<cycle: table: ", 1, true), s)
  -- a shared (not cyclic) table prints twice, not as a cycle
  local shared = { 1 }
  T.eq(pretty.format({ a = shared, b = shared }), "{a = {1}, b = {1}}")
end

function suite.length_limit_counts_the_rest()
  local t = {}
  for i = 1, 100 do t[i] = i end
  local s = pretty.format(t, { items = 3 })
  T.eq(s, "{1, 2, 3, … (97 more)}")
end

function suite.long_tables_break_lines()
  local t = {}
  for i = 1, 30 do t["key" .. i] = i end
  local s = pretty.format(t, { items = 30, width = 40 })
  T.ok(s:find("\n  key1 = 1,", 1, true), s)
end

function suite.long_strings_are_cut()
  local s = pretty.format(string.rep("x", 10), { string = 4 })
  T.eq(s, '"xxxx"…(6 more bytes)')
end

function suite.tostring_metamethod_is_used()
  local obj = setmetatable({}, { __tostring = function() return "Obj<3>" end })
  T.eq(pretty.format({ obj }), "{Obj<3>}")
end

return suite
