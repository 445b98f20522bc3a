-- lunar.alpha (Swift signals and fusion rules) and lunar.fusion (rules written in Lua).
local T = require "lunar.tester"
local fusion = require "lunar.fusion"
local suite = T.suite("alpha")

local nan = 0 / 0
local function S(t) return lunar.data.series(t) end
local function isnan(x) return x ~= x end
local function same(actual, expected, tol, what)
  T.eq(#actual, #expected, (what or "") .. " length")
  for i = 1, #expected do
    if isnan(expected[i]) then
      T.ok(isnan(actual[i]), string.format("%s[%d]: expected nan, got %s", what or "", i, tostring(actual[i])))
    else
      T.near(actual[i], expected[i], tol or 1e-12, string.format("%s[%d]", what or "", i))
    end
  end
end

local bars = lunar.data.synthetic{ bars = 300, seed = 4 }

function suite.signals_are_series_on_the_bars_in_range()
  local signals = {
    lunar.alpha.momentum(bars, { period = 10 }), lunar.alpha.momentum(bars.close),
    lunar.alpha.rsi_reversion(bars), lunar.alpha.breakout(bars, { period = 20 }),
    lunar.alpha.breakout(bars, { mode = "break" }), lunar.alpha.volume(bars, { period = 20 }),
  }
  for _, s in ipairs(signals) do
    T.eq(#s, #bars, s.name)
    T.eq(s:time(1), bars:time(1), s.name)
    local d = s:describe()
    T.ok(d.min >= -1 and d.max <= 1 and d.count > 250, s.name)
  end
end

function suite.rsi_reversion_is_fifty_minus_rsi_over_fifty()
  local expected = ((50 - lunar.ta.rsi(bars.close, 9)) / 50):totable()
  same(lunar.alpha.rsi_reversion(bars.close, { period = 9 }):totable(), expected, 0, "rsi_reversion")
end

function suite.momentum_closed_form()
  -- period 2, volatility 2: tanh((r1 + r2) / |r1 - r2|) with one-bar log returns r.
  local c = { 100, 101, 99, 102 }
  local r1, r2, r3 = math.log(101 / 100), math.log(99 / 101), math.log(102 / 99)
  local s = lunar.alpha.momentum(S(c), { period = 2 }):totable()
  same(s, { nan, nan, math.tanh((r1 + r2) / math.abs(r1 - r2)), math.tanh((r2 + r3) / math.abs(r2 - r3)) }, 1e-12, "momentum")
end

function suite.imbalance_and_converters()
  same(lunar.alpha.imbalance(S{ -3, 0.5, nan }):totable(), { -1, 0.5, nan }, 0, "clip")
  same(lunar.alpha.imbalance(S{ 0.5 }, { scale = 2, squash = "tanh" }):totable(), { math.tanh(1) }, 1e-15, "tanh")
  local s = S{ -1, -0.2, 0, 0.6, 1 }
  same(lunar.alpha.to_probability(s):totable(), { 0, 0.4, 0.5, 0.8, 1 }, 1e-15, "linear")
  same(lunar.alpha.to_signal(lunar.alpha.to_probability(s)):totable(), s:totable(), 1e-15, "round trip")
  local p = lunar.alpha.to_probability(s, { method = "logistic", k = 3 })
  T.near(p[4], 1 / (1 + math.exp(-1.8)), 1e-15)
  same(lunar.alpha.to_signal(p, { method = "logistic", k = 3 }):totable(), s:totable(), 1e-12, "logistic round trip")
end

function suite.weighted_average_and_missing_values()
  local a, b = S{ 1, 0.5, nan }, S{ 0, -0.5, 0.4 }
  same(lunar.alpha.weighted{ { a, 3 }, { b, 1 } }:totable(), { 0.75, 0.25, 0.4 }, 1e-15, "skip")
  same(lunar.alpha.weighted({ { a, 3 }, { b, 1 } }, { missing = "propagate" }):totable(), { 0.75, 0.25, nan }, 1e-15, "propagate")
  same(lunar.alpha.weighted({ { a, 3 }, { b, 1 } }, { missing = "zero" }):totable(), { 0.75, 0.25, 0.1 }, 1e-15, "zero")
  same(lunar.alpha.weighted{ a, b }:totable(), { 0.5, 0, 0.4 }, 1e-15, "bare series weigh 1")
end

function suite.gate_truth_table()
  local p = S{ 0.7, 0.7, 0.3, 0.3, 0.5, 0.55, nan }
  local a = S{ 0.5, 0.1, -0.5, 0.5, 0.9, 0.9, 0.9 }
  T.eq(lunar.alpha.gate(p, a, { p = 0.55, q = 0.2 }):totable(), { 1, 0, -1, 0, 0, 0, 0 })
  T.eq(lunar.alpha.gate(p, a, { p = 0.55, q = 0.2, short = false }):totable(), { 1, 0, 0, 0, 0, 0, 0 })
end

function suite.confidence_and_agreement()
  local conf = lunar.alpha.agreement({ S{ 0.7, 0.7 }, S{ 0.6, 0.4 }, S{ 0.9, 0.3 } }, { center = 0.5 })
  same(conf:totable(), { 1, 1 / 3 }, 1e-15, "agreement")
  same(lunar.alpha.confidence_weighted(S{ 0.9, 0.2 }, conf):totable(), { 0.8, -0.6 / 3 }, 1e-15, "series")
  same(lunar.alpha.confidence_weighted(S{ 0.9, 0.2 }, 0.5):totable(), { 0.4, -0.3 }, 1e-15, "number")
end

function suite.fit_logistic_learns_and_reads_only_the_training_bars()
  -- y = 1 exactly when x1 > 0 (x2 is noise): w1 > 0 and large, and labels after train_end are never read.
  local n, x1, x2, y = 200, {}, {}, {}
  for i = 1, n do
    x1[i] = math.sin(i * 0.7); x2[i] = math.cos(i * 1.3)
    y[i] = (x1[i] + 0.3 * math.sin(i * 2.1) > 0) and 1 or 0
  end
  local m = lunar.alpha.fit_logistic({ S(x1), S(x2) }, S(y), { train_end = 150, l2 = 1e-2 })
  T.ok(m.weights[1] > 2 and math.abs(m.weights[2]) < 1, "weights " .. m.weights[1] .. ", " .. m.weights[2])
  T.eq(m.rows, 150); T.eq(m.train_start, 1); T.eq(m.train_end, 150)
  for i = 151, n do y[i] = 1 - y[i] end
  local m2 = lunar.alpha.fit_logistic({ S(x1), S(x2) }, S(y), { train_end = 150, l2 = 1e-2 })
  T.eq(m2.weights, m.weights); T.eq(m2.intercept, m.intercept)
  local p = m:predict{ S(x1), S(x2) }
  T.eq(#p, n)
  T.near(p[7], 1 / (1 + math.exp(-(m.intercept + m.weights[1] * x1[7] + m.weights[2] * x2[7]))), 1e-12)
  -- Named features: weights by name, predict by name; purge drops rows from the end.
  local named = lunar.alpha.fit_logistic({ a = S(x1), b = S(x2) }, S(y), { train_end = 151, purge = 1, l2 = 1e-2 })
  T.eq(named.names, { "a", "b" }); T.eq(named.train_end, 150)
  T.near(named.weights.a, m.weights[1], 1e-12); T.near(named.weights.b, m.weights[2], 1e-12)
  T.near(named:predict{ b = S(x2), a = S(x1) }[9], p[9], 1e-12)
  T.ok(tostring(named):find("LogisticModel: p = σ(", 1, true), tostring(named))
end

function suite.lua_rules_see_the_present_and_the_past_only()
  local mom = lunar.alpha.momentum(bars, { period = 5 })
  local rsi = lunar.alpha.rsi_reversion(bars)
  fusion.rule("test_confirmed", function(x, t, back)
    local prev = back("mom", 1)
    if prev == nil or prev ~= prev then return nil end
    return (x.mom > 0 and prev > 0 and x.rsi > -0.5) and x.k or 0
  end)
  local sig = fusion.apply("test_confirmed", { mom = mom, rsi = rsi, k = 1 })
  T.eq(sig.name, "test_confirmed"); T.eq(#sig, #bars); T.eq(sig:time(#bars), bars:time(#bars))
  local m, r = mom:totable(), rsi:totable()
  for t = 1, #bars do
    local expected
    if isnan(m[t]) or isnan(r[t]) or t == 1 or isnan(m[t - 1]) then expected = nan
    else expected = (m[t] > 0 and m[t - 1] > 0 and r[t] > -0.5) and 1 or 0 end
    same({ sig[t] }, { expected }, 0, "bar " .. t)
  end
  -- Changing inputs after bar 150 leaves bars 1..150 unchanged.
  local later = {}
  for t = 1, #bars do later[t] = t > 150 and -m[t] or m[t] end
  local cut = fusion.apply("test_confirmed", { mom = S(later), rsi = rsi, k = 1 }):totable()
  local full = sig:totable()
  for t = 1, 150 do same({ cut[t] }, { full[t] }, 0, "causal " .. t) end
  -- A plain function rule, nan = 'pass'.
  local passed = fusion.apply(fusion.rule("test_pass", function(x) return x.a ~= x.a and 7 or x.a end, { nan = "pass" }),
    { a = S{ 1, nan } })
  T.eq(passed:totable(), { 1, 7 })
  T.eq(fusion.apply(function(x, t) return x.c * t end, { c = 2 }, 3):totable(), { 2, 4, 6 })
end

function suite.signal_to_position_with_hysteresis()
  local s = S{ 0.1, 0.6, 0.3, 0.05, -0.7, -0.3, 0, nan, 0.9 }
  T.eq(fusion.signal_to_position(s, { threshold = 0.5 }):totable(), { 0, 1, 0, 0, 0, 0, 0, 0, 1 })
  T.eq(fusion.signal_to_position(s, { threshold = 0.5, exit = 0.1, short = true }):totable(),
    { 0, 1, 1, 0, -1, -1, 0, 0, 1 })
  local pos = fusion.signal_to_position(lunar.alpha.momentum(bars), { threshold = 0.3 })
  T.eq(pos:time(1), bars:time(1))
  local result = lunar.backtest.run{ bars = bars, target = pos }
  T.ok(result:metrics() ~= nil)
end

function suite.bad_arguments_name_function_argument_and_type()
  T.raises(function() lunar.alpha.momentum(nil) end,
    "bad argument #1 to 'momentum' (lunar.BarSeries or lunar.Series expected, got nil)")
  T.raises(function() lunar.alpha.volume(bars.close) end,
    "bad argument #1 to 'volume' (lunar.BarSeries expected, got lunar.Series)")
  T.raises(function() lunar.alpha.momentum(bars, { period = 0 }) end,
    "bad argument #2 to 'momentum' (field 'period': must be at least 1, got 0)")
  T.raises(function() lunar.alpha.momentum(bars, { perod = 5 }) end,
    "bad argument #2 to 'momentum' (unknown option 'perod' (did you mean 'period'?))")
  T.raises(function() lunar.alpha.gate(bars.close, "x") end,
    "bad argument #2 to 'gate' (lunar.Series expected, got string)")
  T.raises(function() lunar.alpha.gate(bars.close, bars.close, { p = 0.3 }) end,
    "bad argument #3 to 'gate' (field 'p': must be in [0.5, 1], got 0.3)")
  T.raises(function() lunar.alpha.weighted{ { bars.close, "heavy" } } end,
    "bad argument #1 to 'weighted' (element 1: weight (number) expected, got string)")
  T.raises(function() lunar.alpha.fit_logistic({ bars.close }, bars.close:gt(0), {}) end,
    "bad argument #3 to 'fit_logistic' (field 'train_end': the last training bar (integer) is required)")
  T.raises(function() lunar.alpha.confidence_weighted(bars.close, {}) end,
    "bad argument #2 to 'confidence_weighted' (number or lunar.Series expected, got table)")
  T.raises(function() lunar.alpha.weighted{ { S{ 1, 2 }, 1 }, { S{ 1 }, 1 } } end, "weighted: inputs are not aligned")
  T.raises(function() fusion.apply("no_such_rule", {}) end, "bad argument #1 to 'apply' (no fusion rule named 'no_such_rule')")
  T.raises(function() fusion.apply(function(x, t, back) local v = back("a", -1) return v end, { a = S{ 1 } }) end,
    "a rule cannot look ahead")
end

function suite.every_function_is_documented()
  for _, name in ipairs{ "momentum", "rsi_reversion", "breakout", "volume", "imbalance", "to_probability", "to_signal",
    "weighted", "gate", "confidence_weighted", "agreement", "fit_logistic" } do
    local doc = lunar.core.doc(lunar.alpha[name])
    T.ok(doc and doc:find("lunar.alpha." .. name .. "(", 1, true), name)
  end
end

return suite
