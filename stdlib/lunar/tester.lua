-- lunar.tester: torch.Tester-style assertions for Lua-level tests (stdlib/tests/*.lua).
--
--   local T = require "lunar.tester"
--   local suite = T.suite("pretty")
--   function suite.nested_tables() T.eq(lunar.pretty.format({1, {2}}), "{1, {2}}") end
--   return suite
local T = {}

--- suite(name): a table of test cases (functions), run in the order they were added.
function T.suite(name)
  local order = {}
  return setmetatable({}, {
    __name = "suite " .. name,
    __newindex = function(t, k, v) order[#order + 1] = k; rawset(t, k, v) end,
    __index = { _order = order, _name = name },
  })
end

local function fail(msg, level) error(msg, (level or 1) + 2) end

--- ok(cond [, msg])
function T.ok(cond, msg) if not cond then fail(msg or "assertion failed") end end

--- eq(actual, expected [, msg]): equality (tables compared deeply).
function T.eq(actual, expected, msg)
  local function deq(a, b)
    if type(a) ~= "table" or type(b) ~= "table" then return a == b end
    for k, v in pairs(a) do if not deq(v, b[k]) then return false end end
    for k in pairs(b) do if a[k] == nil then return false end end
    return true
  end
  if not deq(actual, expected) then
    local pretty = require "lunar.pretty"
    fail(string.format("%sexpected %s, got %s", msg and (msg .. ": ") or "", pretty.format(expected),
      pretty.format(actual)))
  end
end

--- near(actual, expected, tol [, msg]): |actual - expected| <= tol.
function T.near(actual, expected, tol, msg)
  if not (math.abs(actual - expected) <= tol) then
    fail(string.format("%sexpected %.17g ± %g, got %.17g", msg and (msg .. ": ") or "", expected, tol, actual))
  end
end

--- raises(fn, pattern [, msg]): fn() must raise an error whose message contains pattern (plain text).
function T.raises(fn, pattern, msg)
  local ok, err = pcall(fn)
  if ok then fail((msg and (msg .. ": ") or "") .. "expected an error") end
  if pattern and not tostring(err):find(pattern, 1, true) then
    fail(string.format("%serror %q does not contain %q", msg and (msg .. ": ") or "", tostring(err), pattern))
  end
end

--- run(suite [, label]): runs every case; prints failures with tracebacks; returns passed, failed.
function T.run(suite, label)
  local passed, failed = 0, 0
  local mt = getmetatable(suite)
  local order = mt and mt.__index._order or {}
  for _, name in ipairs(order) do
    local ok, err = xpcall(suite[name], debug.traceback)
    if ok then
      passed = passed + 1
    else
      failed = failed + 1
      io.stderr:write(string.format("FAIL %s: %s\n%s\n", label or "", name, err))
    end
  end
  return passed, failed
end

return T
