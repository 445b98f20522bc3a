-- lunar.fusion: fusion rules written in Lua, evaluated bar by bar into a lunar.Series.
--
--   local fusion = require "lunar.fusion"          -- or lunar.fusion
--   fusion.rule("trend_confirmed", function(x, t, back)
--     if x.p > 0.55 and x.mom > 0.2 and back("mom", 1) > 0 then return 1 end
--     return 0
--   end)
--   local sig = fusion.apply("trend_confirmed", {p = p_lstm, mom = lunar.alpha.momentum(bars)})
--   local result = lunar.backtest.run{bars = bars, target = fusion.signal_to_position(sig, {threshold = 0.5})}
--
-- A rule sees the inputs at bar t only (x.name), plus back(name, k) for the value k >= 0 bars earlier, so a rule
-- cannot look ahead. Heavy signals live in Swift (lunar.alpha); rules combine them.
local fusion = { rules = {} }

local Rule = { __name = "lunar.FusionRule" }
Rule.__index = Rule
function Rule:__tostring() return "FusionRule '" .. self.name .. "' (nan = '" .. self.nan .. "')" end

local function isseries(v)
  local mt = type(v) == "userdata" and getmetatable(v)
  return type(mt) == "table" and rawget(mt, "__name") == "lunar.Series"
end

local function argerror(fname, i, msg) error(string.format("bad argument #%d to '%s' (%s)", i, fname, msg), 3) end

--- rule(name, fn [, {nan='skip'}]): registers fn(x, t, back) -> signal (a number, or nil for NaN) as fusion.rules[name].
-- nan = 'skip' (default): bars where an input is NaN give NaN without calling fn; 'pass': fn sees the NaN.
function fusion.rule(name, fn, opts)
  if type(name) ~= "string" then argerror("rule", 1, "string expected, got " .. type(name)) end
  if type(fn) ~= "function" then argerror("rule", 2, "function expected, got " .. type(fn)) end
  opts = opts or {}
  local nan = opts.nan or "skip"
  if nan ~= "skip" and nan ~= "pass" then argerror("rule", 3, "field 'nan': 'skip' or 'pass' expected, got " .. tostring(nan)) end
  local rule = setmetatable({ name = name, fn = fn, nan = nan }, Rule)
  fusion.rules[name] = rule
  return rule
end

--- apply(rule, inputs [, n]) -> Series: evaluates the rule at every bar 1..n.
-- rule: a registered name, a rule from fusion.rule, or a plain function (nan = 'skip').
-- inputs: {name = Series or number}; n defaults to the Series' common length (required if all inputs are numbers).
-- The result is named after the rule and has the time index of the first Series input (by sorted name).
function fusion.apply(rule, inputs, n)
  if type(rule) == "string" then
    local r = fusion.rules[rule]
    if not r then argerror("apply", 1, "no fusion rule named '" .. rule .. "'") end
    rule = r
  elseif type(rule) == "function" then
    rule = setmetatable({ name = "rule", fn = rule, nan = "skip" }, Rule)
  elseif getmetatable(rule) ~= Rule then
    argerror("apply", 1, "rule name, fusion rule or function expected, got " .. type(rule))
  end
  if type(inputs) ~= "table" then argerror("apply", 2, "table of inputs expected, got " .. type(inputs)) end
  if n ~= nil and (math.type(n) ~= "integer" or n < 0) then argerror("apply", 3, "non-negative integer expected") end

  local names, values, constants, template = {}, {}, {}, nil
  for k in pairs(inputs) do
    if type(k) ~= "string" then argerror("apply", 2, "inputs must be named: {name = Series or number}") end
    names[#names + 1] = k
  end
  table.sort(names)
  for _, k in ipairs(names) do
    local v = inputs[k]
    if type(v) == "number" then
      constants[k] = v
    elseif isseries(v) then
      if n == nil then n = #v end
      if #v ~= n then argerror("apply", 2, string.format("input '%s' has %d values, expected %d", k, #v, n)) end
      values[k] = v:totable()
      if template == nil and v:time(1) ~= nil then template = v end
    else
      argerror("apply", 2, string.format("input '%s': lunar.Series or number expected, got %s", k, type(v)))
    end
  end
  if n == nil then argerror("apply", 3, "the number of bars is needed when every input is a number") end

  local t = 0
  local function back(name, k)
    k = k or 0
    if math.type(k) ~= "integer" or k < 0 then error("back('" .. tostring(name) .. "', k): k must be an integer >= 0 (a rule cannot look ahead)", 2) end
    if constants[name] then return constants[name] end
    local column = values[name]
    if not column then error("back: no input named '" .. tostring(name) .. "'", 2) end
    local i = t - k
    if i < 1 then return nil end
    return column[i]
  end

  local out, skip = {}, rule.nan == "skip"
  for i = 1, n do
    t = i
    local x, missing = {}, false
    for _, k in ipairs(names) do
      local v = constants[k] or values[k][i]
      if v ~= v then missing = true end
      x[k] = v
    end
    local s
    if missing and skip then
      s = 0 / 0
    else
      s = rule.fn(x, i, back)
      if s == nil then s = 0 / 0 end
      if type(s) ~= "number" then
        error(string.format("fusion rule '%s' returned %s at bar %d (number or nil expected)", rule.name, type(s), i), 2)
      end
    end
    out[i] = s
  end
  local result = lunar.data.series(out, rule.name)
  if template then
    -- Adding a zero Series that carries the time index gives the result that index (values unchanged).
    result = result + (template * 0):fillna(0)
  end
  return result
end

--- signal_to_position(signal [, {threshold=0, exit=threshold, short=false}]) -> Series of +1 / 0 / -1 (a target).
-- Long from a bar where s > threshold until s <= exit; with short=true, short from s < -threshold until s >= -exit.
-- NaN is flat. Bar t depends on bars <= t only. Feed it to lunar.backtest.run{target = ...}.
function fusion.signal_to_position(signal, opts)
  if not isseries(signal) then argerror("signal_to_position", 1, "lunar.Series expected, got " .. type(signal)) end
  opts = opts or {}
  local enter = opts.threshold or 0
  local exit = opts.exit or enter
  if type(enter) ~= "number" or enter < 0 then argerror("signal_to_position", 2, "field 'threshold': number >= 0 expected") end
  if type(exit) ~= "number" or exit > enter then argerror("signal_to_position", 2, "field 'exit': number <= threshold expected") end
  local short = opts.short == true
  local s, out, pos = signal:totable(), {}, 0
  for i = 1, #s do
    local v = s[i]
    if v ~= v then
      pos = 0
    elseif v > enter then
      pos = 1
    elseif short and v < -enter then
      pos = -1
    elseif (pos == 1 and v <= exit) or (pos == -1 and v >= -exit) then
      pos = 0
    end
    out[i] = pos
  end
  local result = lunar.data.series(out, "position")
  if signal:time(1) ~= nil then result = result + (signal * 0):fillna(0) end
  return result
end

return fusion
