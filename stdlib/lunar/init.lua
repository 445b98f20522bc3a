-- lunar: the global table of the Lunar host (require "lunar").
--
-- Swift modules live in package.preload as "lunar.<name>" and are loaded on first use:
-- lunar.ta, lunar.nn, ... need no explicit require.
local core = require "lunar.core"

local lunar = {
  version = core.version,
  core = core,
}

lunar.pretty = require "lunar.pretty"

local function module_exists(name)
  if package.preload[name] then return true end
  return package.searchpath(name, package.path) ~= nil
end

setmetatable(lunar, {
  __index = function(t, key)
    if type(key) ~= "string" then return nil end
    local name = "lunar." .. key
    if module_exists(name) then
      local m = require(name)
      rawset(t, key, m)
      return m
    end
    return nil
  end,
})

--- help([x]): documentation of a value (function, module, object) or of a qualified name; a list without argument.
function lunar.help(x)
  if x == nil then
    print("Lunar " .. lunar.version .. " -- Lua 5.4 for trading research.")
    print("")
    print("Modules (lunar.<name>, loaded on first use):")
    for _, name in ipairs(core.docs("lunar.")) do
      if not name:find("[.:]", 7) then
        print(string.format("  %-22s %s", name, core.summary(name) or ""))
      end
    end
    print("")
    print("help(x) documents a value, e.g. help(lunar.core.doc) or help('lunar.core').")
    print("In the REPL: Tab completes names, a trailing ';' hides the result, Ctrl-C interrupts, Ctrl-D exits.")
    return
  end
  local text = core.doc(x)
  if text then print(text); return end
  if type(x) == "table" then
    local doc = core.doc(x)
    if doc then print(doc); return end
    local keys = {}
    for k in pairs(x) do if type(k) == "string" then keys[#keys + 1] = k end end
    table.sort(keys)
    print(string.format("table with %d named fields: %s", #keys, table.concat(keys, ", ")))
    return
  end
  if type(x) == "string" then
    local matches = core.docs(x)
    if #matches > 0 then
      print("No entry '" .. x .. "'. Entries starting with it:")
      for _, n in ipairs(matches) do print("  " .. n) end
      return
    end
  end
  print("No documentation for " .. lunar.pretty.format(x) .. " (" .. type(x) .. ").")
end

--- who(): the user-defined globals and their types.
function lunar.who()
  local names = {}
  for k in pairs(_G) do
    if type(k) == "string" and not lunar._builtin_globals[k] then names[#names + 1] = k end
  end
  table.sort(names)
  for _, k in ipairs(names) do
    print(string.format("  %-20s %s", k, lunar.pretty.summary(_G[k])))
  end
end

lunar._builtin_globals = {}
for k in pairs(_G) do lunar._builtin_globals[k] = true end
lunar._builtin_globals.lunar = true
lunar._builtin_globals.help = true
lunar._builtin_globals.who = true
lunar._builtin_globals._LAST = true

--- test([pattern]): runs the Lua tests in stdlib/tests (files matching pattern); returns passed, failed.
function lunar.test(pattern)
  local Tester = require "lunar.tester"
  local dir = core.stdlib() .. "/tests"
  local files = assert(core.listdir(dir))
  local passed, failed = 0, 0
  for _, file in ipairs(files) do
    if file:match("%.lua$") and (not pattern or file:find(pattern, 1, true)) then
      local chunk = assert(loadfile(dir .. "/" .. file))
      local suite = chunk()
      local p, f = Tester.run(suite, file)
      passed, failed = passed + p, failed + f
    end
  end
  print(string.format("%d passed, %d failed", passed, failed))
  return passed, failed
end

return lunar
