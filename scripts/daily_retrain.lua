#!/usr/bin/env lunar
-- daily_retrain.lua: retrain, evaluate and promote one model per symbol of lunar.toml (`lunar retrain` runs it).
--
--   lunar retrain [--config lunar.toml] [--dry-run] [--shard i/n] [--symbols A,B]
--   lunar scripts/daily_retrain.lua [the same options]
--
-- Per symbol (symbols.universe, or --symbols; sorted; --shard i/n keeps those whose index mod n is i-1):
--   1. refresh data: [data] source = "csv" reads <data.dir>/<SYMBOL>.csv; "yahoo" and "tws" download
--      history_days of bar_size bars and cache them there (not in --dry-run);
--   2. hold out the most recent retrain.test_bars bars (after a gap of retrain.horizon bars) and train a
--      candidate (retrain.model = "lstm" or "ensemble") on the bars before them;
--   3. evaluate the candidate and the deployed model on that same window with lunar.backtest.walk_forward
--      (one fold, default IBKR costs, long when p > 0.5 + threshold/2): sharpe, return, drawdown, trades, AUC;
--   4. decide with the [models] policy (sanity bounds, then "better by more than promote_margin");
--   5. register the candidate in the registry and promote it, or mark it rejected (not in --dry-run).
-- A report goes to state_dir/reports/retrain-<UTC time>[-shard-i-of-n].{md,json} (stdout only in --dry-run).
-- Exit status (for cron): 0 every symbol ran (promoted or kept), 1 some symbol failed (the others were still
-- processed), 2 usage or configuration error.
--
-- Test hooks (documented in docs/retrain-and-deploy.md; never set them in production):
--   LUNAR_RETRAIN_TEST_CANDIDATE=constant  the candidate predicts 0.5 everywhere (no trades): it must be refused;
--   LUNAR_RETRAIN_TEST_CANDIDATE=corrupt   the saved candidate file is truncated: registration must refuse it;
--   LUNAR_RETRAIN_TEST_CANDIDATE=noise     the candidate trains on unrelated synthetic bars (a weaker model to deploy first);
--   HOOK:SYM1,SYM2 applies the hook to those symbols only.

local EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

local USAGE = [[
usage: lunar retrain [--config FILE] [--dry-run] [--shard i/n] [--symbols A,B]
  --config FILE   lunar.toml to use (default: $LUNAR_CONFIG, else lunar.toml)
  --dry-run       train and evaluate, but register, promote and write nothing (the report goes to stdout)
  --shard i/n     only symbols whose index in the sorted list, mod n, is i-1 (1 <= i <= n)
  --symbols A,B   only these symbols
exit status: 0 all symbols ran, 1 some symbol failed, 2 usage or configuration error
]]

local function usage_error(message)
  io.stderr:write("daily_retrain: " .. message .. "\n" .. USAGE)
  os.exit(EXIT_USAGE)
end

-- MARK: arguments

local opts = { config = os.getenv("LUNAR_CONFIG") or "lunar.toml", dry_run = false }
do
  local argv = { ... }
  local i = 1
  local function value(name)
    i = i + 1
    if argv[i] == nil then usage_error(name .. " needs a value") end
    return argv[i]
  end
  while i <= #argv do
    local a = argv[i]
    local key, inline = a:match("^(%-%-[%w-]+)=(.*)$")
    if key then a = key end
    local function v(name) return inline or value(name) end
    if a == "--config" then opts.config = v(a)
    elseif a == "--dry-run" then opts.dry_run = true
    elseif a == "--shard" then opts.shard = v(a)
    elseif a == "--symbols" then opts.symbols = v(a)
    elseif a == "-h" or a == "--help" then io.write(USAGE); os.exit(EXIT_OK)
    else usage_error("unknown argument '" .. a .. "'") end
    i = i + 1
  end
end

local shard_i, shard_n = 1, 1
if opts.shard then
  local i, n = opts.shard:match("^(%d+)/(%d+)$")
  i, n = tonumber(i), tonumber(n)
  if not i or n < 1 or i < 1 or i > n then
    usage_error("--shard: expected i/n with 1 <= i <= n (e.g. 1/4), got '" .. opts.shard .. "'")
  end
  shard_i, shard_n = i, n
end

local ok, cfg = pcall(lunar.models.config, opts.config)
if not ok then
  io.stderr:write("daily_retrain: invalid configuration:\n" .. tostring(cfg):gsub("^[^\n]-:%d+: ", "") .. "\n")
  os.exit(EXIT_USAGE)
end
local rt, data_cfg = cfg.retrain, cfg.data

local symbols = {}
if opts.symbols then
  local universe = {}
  for _, s in ipairs(cfg.symbols.universe) do universe[s] = true end
  for s in opts.symbols:gmatch("[^,%s]+") do
    if #cfg.symbols.universe > 0 and not universe[s] then
      usage_error("--symbols: " .. s .. " is not in symbols.universe of " .. opts.config)
    end
    symbols[#symbols + 1] = s
  end
else
  for _, s in ipairs(cfg.symbols.universe) do symbols[#symbols + 1] = s end
end
if #symbols == 0 then usage_error("no symbols: set symbols.universe in " .. opts.config .. " or pass --symbols") end
table.sort(symbols)
local mine = {}
for k, s in ipairs(symbols) do
  if (k - 1) % shard_n == shard_i - 1 then mine[#mine + 1] = s end
end

-- LUNAR_RETRAIN_TEST_CANDIDATE=HOOK or HOOK:SYM1,SYM2 (the hook applies to those symbols only).
local function test_hook_for(symbol)
  local text = os.getenv("LUNAR_RETRAIN_TEST_CANDIDATE")
  if not text or text == "" then return nil end
  local hook, list = text:match("^(%w+):(.*)$")
  if not hook then return text end
  for s in list:gmatch("[^,%s]+") do if s == symbol then return hook end end
  return nil
end

-- MARK: helpers

local function log(fmt, ...) io.stderr:write(("[retrain] " .. fmt .. "\n"):format(...)) end

local function json(v, indent)
  indent = indent or ""
  local t = type(v)
  if v == nil then return "null"
  elseif t == "boolean" then return tostring(v)
  elseif t == "number" then
    if v ~= v or v == math.huge or v == -math.huge then return "null" end
    if math.type(v) == "integer" then return tostring(v) end
    return ("%.17g"):format(v)
  elseif t == "string" then
    return '"' .. v:gsub('[%c"\\]', function(c)
      local named = { ['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\t"] = "\\t", ["\r"] = "\\r" }
      return named[c] or ("\\u%04x"):format(c:byte())
    end) .. '"'
  elseif t == "table" then
    local inner = indent .. "  "
    if #v > 0 or next(v) == nil then
      if next(v) == nil then return "[]" end
      local items = {}
      for _, x in ipairs(v) do items[#items + 1] = inner .. json(x, inner) end
      return "[\n" .. table.concat(items, ",\n") .. "\n" .. indent .. "]"
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = tostring(k) end
    table.sort(keys)
    local items = {}
    for _, k in ipairs(keys) do items[#items + 1] = inner .. json(k) .. ": " .. json(v[k], inner) end
    return "{\n" .. table.concat(items, ",\n") .. "\n" .. indent .. "}"
  end
  return json(tostring(v))
end

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

-- Bars of a symbol from the configured source; downloads are cached as <data.dir>/<SYMBOL>.csv.
local function refresh_data(symbol)
  local path = data_cfg.dir .. "/" .. symbol .. ".csv"
  local bars
  if data_cfg.source == "csv" then
    bars = lunar.data.csv(path, { order = "dedupe" })
  else
    if data_cfg.source == "yahoo" then
      local intervals = { ["1 day"] = "1d", ["1 hour"] = "1h", ["5 mins"] = "5m", ["1 min"] = "1m", ["15 mins"] = "15m" }
      bars = lunar.data.yahoo(symbol, { period = data_cfg.history_days .. "d", interval = intervals[data_cfg.bar_size] or "1d" })
    else  -- tws
      local conn <close> = lunar.ib.connect{ host = cfg.connection.host, port = cfg.connection.port,
                                             client_id = cfg.connection.client_id }
      local days = data_cfg.history_days
      local duration = days > 365 and (math.ceil(days / 365) .. " Y") or (days .. " D")
      bars = conn:history(symbol, { duration = duration, bar = data_cfg.bar_size })
    end
    if not opts.dry_run then
      local tmp = os.tmpname()
      bars:write_csv(tmp)
      lunar.models.write_atomic(path, read_file(tmp))
      os.remove(tmp)
    end
  end
  return bars
end

local function new_candidate()
  if rt.model == "ensemble" then
    return lunar.nn.ensemble{ n = rt.ensemble_size, seed = rt.seed, sequence = rt.sequence }
  end
  return lunar.nn.lstm{ units = rt.units, dense = rt.dense, sequence = rt.sequence, horizon = rt.horizon, seed = rt.seed }
end

local KEPT_METRICS = { "sharpe", "sortino", "calmar", "return_pct", "cagr_pct", "sqn", "profit_factor", "expectancy_pct",
  "max_drawdown_pct", "trades", "win_rate_pct", "exposure_pct", "buy_hold_return_pct", "commissions_total", "fees",
  "net_pnl" }

-- Walk-forward with one fold: fit(train_bars) on the bars before the window, then trade the window after costs.
-- Returns the metrics (with auc), the fitted model and the window's probabilities.
local function evaluate(eval_bars, train_n, gap, test, fit)
  local model, probabilities
  local wf = lunar.backtest.walk_forward{
    bars = eval_bars, train = train_n, test = test, gap = gap, step = test,
    threshold = rt.threshold, allow_short = false,
    fit = function(train_bars) model = fit(train_bars); return model end,
    signal = function(m, bars)
      local p
      if m == "constant" then
        p = lunar.data.series((function() local t = {} for k = 1, #bars do t[k] = 0.5 end return t end)())
      else
        p = m:predict_series(bars)
      end
      probabilities = p:slice(-test):totable()
      return p
    end,
  }
  local all, m = wf:metrics(), {}
  for _, k in ipairs(KEPT_METRICS) do m[k] = all[k] end
  -- AUC of the window's probabilities against the direction labels close[t + h] > close[t].
  local closes = eval_bars.close
  local n, labels = #eval_bars, {}
  local first = n - test + 1
  for t = first, n do
    labels[#labels + 1] = (t + rt.horizon <= n) and ((closes[t + rt.horizon] > closes[t]) and 1 or 0) or (0 / 0)
  end
  m.auc = lunar.models.auc(probabilities, labels)
  return m, model
end

-- MARK: one symbol

local registry = lunar.models.open(cfg.models.registry, {
  journal = (not opts.dry_run) and (cfg.state_dir .. "/journal.sqlite") or nil, time_zone = cfg.time_zone,
  metric = cfg.models.promote_metric, margin = cfg.models.promote_margin, min_trades = cfg.models.min_trades,
  max_drawdown_pct = cfg.models.max_drawdown_pct, min_auc = cfg.models.min_auc,
})

local function process(symbol, record)
  local test_hook = test_hook_for(symbol)
  local bars = refresh_data(symbol)
  local n, test, gap = #bars, rt.test_bars, rt.horizon
  local train_n = n - gap - test
  if rt.train_bars > 0 then train_n = math.min(train_n, rt.train_bars) end
  local need = rt.sequence + 100
  if train_n < need then
    error(("%s: %d bars are too few: test_bars %d + horizon %d + at least %d training bars (sequence %d + 100) are needed")
      :format(symbol, n, test, gap, need, rt.sequence), 0)
  end
  local eval_bars = bars:slice(n - (train_n + gap + test) + 1)
  record.data = { bars = n, train_bars = train_n, test_bars = test, gap = gap,
                  test_first = os.date("!%Y-%m-%d %H:%M:%S", eval_bars:time(train_n + gap + 1)),
                  test_last = os.date("!%Y-%m-%d %H:%M:%S", eval_bars:time(#eval_bars)) }

  -- The candidate, trained only on bars before the window.
  local started = lunar.core.clock()
  local cand_metrics, candidate = evaluate(eval_bars, train_n, gap, test, function(train_bars)
    local m = new_candidate()
    local fit_opts = { epochs = rt.epochs, patience = rt.patience }
    if rt.model ~= "ensemble" then fit_opts.verbose = false end
    if test_hook == "noise" then train_bars = lunar.data.synthetic { bars = #train_bars, seed = 1 } end
    m:fit(train_bars, fit_opts)
    return m
  end)
  if test_hook == "constant" then
    cand_metrics = evaluate(eval_bars, train_n, gap, test, function() return "constant" end)
  end
  record.train_seconds = lunar.core.clock() - started
  record.candidate = cand_metrics

  -- The deployed model on the same window.
  local dep_metrics
  local deployed = registry:deployed(symbol)
  if deployed then
    record.deployed_version = deployed.version
    local okd, err = pcall(function()
      local model = lunar.models.load_deployed(cfg.models.registry, symbol)
      dep_metrics = evaluate(eval_bars, train_n, gap, test, function() return model end)
    end)
    if not okd then
      dep_metrics = {}  -- deployed but not scorable: the policy says so instead of "nothing deployed"
      record.deployed_error = tostring(err)
      log("%s: the deployed model %s could not be evaluated: %s", symbol, deployed.version, tostring(err))
    end
  end
  record.deployed = dep_metrics

  local decision = registry:decide(cand_metrics, dep_metrics)
  record.decision = decision
  if opts.dry_run then
    record.status = decision.promote and "would_promote" or "would_keep"
    return
  end

  local file = os.tmpname()
  local path = file .. ".safetensors"
  local okr, err = pcall(function()
    candidate:save(path)
    if test_hook == "corrupt" then
      local bytes = read_file(path)
      local f = assert(io.open(path, "wb"))
      f:write(bytes:sub(1, #bytes // 2))
      f:close()
    end
    local v = registry:register(path, symbol, cand_metrics, { note = decision.message })
    record.version = v.version
    if decision.promote then
      registry:promote(symbol, v.version, decision.message)
      record.status = "promoted"
    else
      registry:reject(symbol, v.version, decision.message)
      record.status = "kept"
    end
  end)
  os.remove(path)
  os.remove(file)
  if not okr then error(err, 0) end
end

-- MARK: run

local run_started = os.time()
local stamp = os.date("!%Y%m%d-%H%M%S", run_started)
log("%d symbol(s) of %d in shard %d/%d%s: %s", #mine, #symbols, shard_i, shard_n, opts.dry_run and " (dry run)" or "",
    table.concat(mine, ", "))
local records, failed = {}, 0
for _, symbol in ipairs(mine) do
  local record = { symbol = symbol }
  local t0 = lunar.core.clock()
  local okp, err = xpcall(process, debug.traceback, symbol, record)
  record.seconds = lunar.core.clock() - t0
  if not okp then
    record.status = "failed"
    record.error = tostring(err)
    failed = failed + 1
  end
  records[#records + 1] = record
  log("%s: %s — %s", symbol, record.status,
      record.error and record.error:match("^[^\n]*") or (record.decision and record.decision.message) or "")
end

-- MARK: report

local function fmt(x, f) if x == nil or x ~= x then return "-" end return (f or "%.3f"):format(x) end
local lines = {
  ("# Retrain %s UTC%s"):format(os.date("!%Y-%m-%d %H:%M:%S", run_started), opts.dry_run and " (dry run)" or ""),
  "",
  ("Config `%s`, registry `%s`, shard %d/%d, model %s, %d epochs, test window %d bars, threshold %g. Policy: %s must beat the deployed model by more than %g; min_trades %d, max_drawdown_pct %g, min_auc %g.")
    :format(opts.config, cfg.models.registry, shard_i, shard_n, rt.model, rt.epochs, rt.test_bars, rt.threshold,
            cfg.models.promote_metric, cfg.models.promote_margin, cfg.models.min_trades, cfg.models.max_drawdown_pct,
            cfg.models.min_auc),
  "",
  "| symbol | status | version | deployed before | cand. sharpe | dep. sharpe | cand. return % | cand. max dd % | trades | AUC | reason |",
  "|---|---|---|---|---|---|---|---|---|---|---|",
}
for _, r in ipairs(records) do
  local c, d = r.candidate or {}, r.deployed or {}
  local reason = r.error and r.error:match("^[^\n]*") or (r.decision and r.decision.message) or ""
  lines[#lines + 1] = ("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |"):format(
    r.symbol, r.status, r.version or "-", r.deployed_version or "-", fmt(c.sharpe), fmt(d.sharpe), fmt(c.return_pct, "%.2f"),
    fmt(c.max_drawdown_pct, "%.2f"), fmt(c.trades, "%.0f"), fmt(c.auc), (reason:gsub("|", "/")))
end
lines[#lines + 1] = ""
lines[#lines + 1] = ("%d symbol(s), %d failed. Exit status %d."):format(#records, failed, failed > 0 and EXIT_FAILED or EXIT_OK)
local markdown = table.concat(lines, "\n") .. "\n"
local report = {
  started_at = os.date("!%Y-%m-%dT%H:%M:%SZ", run_started), config = opts.config, registry = cfg.models.registry,
  dry_run = opts.dry_run, shard = { i = shard_i, n = shard_n }, symbols = mine, retrain = rt,
  policy = registry:policy(), results = records, failed = failed,
  exit_status = failed > 0 and EXIT_FAILED or EXIT_OK,
}
if opts.dry_run then
  io.write(markdown)
else
  local prefix = ("%s/reports/retrain-%s%s"):format(cfg.state_dir, stamp,
    shard_n > 1 and ("-shard-%d-of-%d"):format(shard_i, shard_n) or "")
  local base, k = prefix, 1
  local function exists(path)
    local f = io.open(path)
    if f then f:close() end
    return f ~= nil
  end
  while exists(base .. ".json") do  -- two runs in the same second keep both reports
    k = k + 1
    base = prefix .. "-" .. k
  end
  lunar.models.write_atomic(base .. ".json", json(report) .. "\n")
  lunar.models.write_atomic(base .. ".md", markdown)
  io.write(markdown)
  log("report: %s.md, %s.json", base, base)
end
os.exit(failed > 0 and EXIT_FAILED or EXIT_OK)
