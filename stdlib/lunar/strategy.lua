--- lunar.strategy — one strategy file, four venues: backtest, sim, paper, live.
--
-- A strategy is a table of callbacks, all optional:
--
--   return {
--     name = "sma_cross", symbols = {"AAPL"}, bar_size = "1 min", warmup = 100, params = {fast = 10},
--     model = "registry",                     -- optional: load each symbol's promoted model at the start of each day
--     on_start = function(ctx) end,
--     on_bar   = function(ctx, bar) end,      -- bar = {symbol, time, open, high, low, close, volume}
--     on_tick  = function(ctx, tick) end,     -- {symbol, bid, ask, last}
--     on_book  = function(ctx, book) end,     -- {symbol, bids = {{price, size}, ...}, asks = ...}
--     on_fill  = function(ctx, fill) end,     -- {id, symbol, side, qty, price, commission, time}
--     on_order = function(ctx, ev) end,       -- status changes and rejections {type, id, status | rule, reason, code}
--     on_stop  = function(ctx) end,
--   }
--
-- `run` drives it: Swift's TradingSession (lunar.trade) owns the risk manager, the journal and the venue; events
-- come to Lua only when this loop asks for them, so every callback runs on the Lua thread. An error in a callback
-- is logged with its traceback, the session cancels open orders (and flattens with flatten_on_error) and the run
-- stops: a strategy that failed never trades blind.
local trade = require("lunar.trade")

local M = {}

local Ctx = {}
Ctx.__index = Ctx

local function side_order(ctx, side, symbol, qty, opts)
  opts = opts or {}
  local spec = { symbol = symbol, side = side, qty = qty, id = opts.id }
  if opts.limit and opts.stop then
    spec.type, spec.limit, spec.stop = "stop_limit", opts.limit, opts.stop
  elseif opts.limit then
    spec.type, spec.limit = "limit", opts.limit
  elseif opts.stop then
    spec.type, spec.stop = "stop", opts.stop
  end
  return ctx:order(spec)
end

--- Sends an order table {symbol, side, qty, type, limit, stop}; returns its id, or nil, reason, rule.
function Ctx:order(spec)
  if spec.qty == nil or spec.qty <= 0 then return nil, "quantity must be positive", "invalid_order" end
  local id, reason, rule = self.session:submit(spec)
  if id then
    self._orders[id] = spec
  else
    self:log("order refused (%s): %s", tostring(rule), tostring(reason))
  end
  return id, reason, rule
end

--- Buys qty shares (opts: limit=, stop=): market unless a price is given.
function Ctx:buy(symbol, qty, opts) return side_order(self, "buy", symbol or self.symbol, qty, opts) end
--- Sells qty shares (opts: limit=, stop=).
function Ctx:sell(symbol, qty, opts) return side_order(self, "sell", symbol or self.symbol, qty, opts) end
--- A limit order.
function Ctx:limit(symbol, side, qty, price) return side_order(self, side, symbol, qty, { limit = price }) end
--- A stop order.
function Ctx:stop_order(symbol, side, qty, price) return side_order(self, side, symbol, qty, { stop = price }) end

--- Net shares still to come from working orders of symbol (buys positive).
function Ctx:pending(symbol)
  local net = 0
  for _, o in ipairs(self.session:open_orders()) do
    if o.symbol == symbol then net = net + (o.side == "buy" and o.remaining or -o.remaining) end
  end
  return net
end

--- Trades toward a target position (signed shares), counting working orders; returns the order id or nil.
function Ctx:target_position(symbol, target, opts)
  symbol = symbol or self.symbol
  local current = self:position(symbol) + self:pending(symbol)
  local delta = target - current
  if math.abs(delta) < 1e-9 then return nil, "at target" end
  if delta > 0 then return self:buy(symbol, delta, opts) end
  return self:sell(symbol, -delta, opts)
end

--- A bracket: an entry (market, or limit at opts.entry) and, once it fills, a take-profit limit and a stop-loss
--- stop on the other side; when one of the two fills the other is cancelled. Returns the entry id.
function Ctx:bracket(symbol, side, qty, opts)
  assert(opts and opts.take_profit and opts.stop_loss, "bracket: take_profit and stop_loss are required")
  local id, reason, rule = side_order(self, side, symbol, qty, { limit = opts.entry })
  if id then
    self._brackets[id] = { symbol = symbol, side = side, qty = qty, tp = opts.take_profit, sl = opts.stop_loss,
                           filled = 0 }
  end
  return id, reason, rule
end

function Ctx:cancel(id) return self.session:cancel(id) end
function Ctx:cancel_all() return self.session:cancel_all() end

--- Signed shares held in symbol.
function Ctx:position(symbol) return (self.session:position(symbol or self.symbol)) end
function Ctx:positions() return self.session:positions() end
function Ctx:cash() return self.session:cash() end
function Ctx:equity() return self.session:equity() end
function Ctx:day_pnl() return self.session:day_pnl() end
function Ctx:now() return self.session:now() end
function Ctx:open_orders() return self.session:open_orders() end
--- The risk limits in force (a copy: changing it changes nothing).
function Ctx:limits() return self.session:config().risk end

--- The rolling window of bars of symbol (a lunar.BarSeries, oldest first), built once per event.
function Ctx:bars(symbol)
  symbol = symbol or self.symbol
  local b = self._bars[symbol]
  if not b then
    b = self.session:bars(symbol)
    self._bars[symbol] = b
  end
  return b
end

--- Uses model (anything with :predict(bars)) for symbol's predictions.
function Ctx:set_model(symbol, model) self.models[symbol or self.symbol] = model end

--- Loads the promoted model of symbol from the registry ([models] registry in lunar.toml).
function Ctx:load_model(symbol)
  symbol = symbol or self.symbol
  local ok, models = pcall(require, "lunar.models")
  if not ok then error("load_model: the model registry (lunar.models) is not available", 2) end
  local registry = self.session:config().models.registry
  local model, version = models.load_deployed(registry, symbol)
  self.models[symbol] = model
  if type(version) == "table" and version.version then
    self.session:record_model(symbol, version.version, version.path)
  end
  return model, version
end

--- The model's probability at the last bar of symbol's window (nil without a model or enough bars).
function Ctx:predict(symbol)
  symbol = symbol or self.symbol
  local model = self.models[symbol]
  if not model then return nil end
  local ok, p = pcall(model.predict, model, self:bars(symbol))
  if ok then return p end
  return nil, p
end

--- Logs a line with the session time.
function Ctx:log(fmt, ...)
  local text = select("#", ...) > 0 and string.format(fmt, ...) or tostring(fmt)
  if self.quiet then
    self.lines[#self.lines + 1] = text
    return
  end
  io.stderr:write(string.format("[%s %s] %s\n", self.mode,
    os.date("!%Y-%m-%d %H:%M:%SZ", math.floor(self.time or self.session:now())), text))
end

--- Ends the run after the current event.
function Ctx:stop() self._stop = true end

local function new_ctx(session, strategy, opts)
  local symbols = session:symbols()
  return setmetatable({
    session = session, mode = session:mode(), symbols = symbols, symbol = symbols[1],
    params = strategy.params or {}, ta = require("lunar.ta"), models = {}, state = {},
    quiet = opts.quiet, lines = {}, _orders = {}, _brackets = {}, _children = {}, _bars = {},
  }, Ctx)
end

-- Bracket bookkeeping before the strategy sees a fill.
local function bracket_fill(ctx, fill)
  local b = ctx._brackets[fill.id]
  if b then
    b.filled = b.filled + fill.qty
    if b.filled + 1e-9 >= b.qty then
      local exit = b.side == "buy" and "sell" or "buy"
      local tp = ctx:limit(b.symbol, exit, b.qty, b.tp)
      local sl = ctx:stop_order(b.symbol, exit, b.qty, b.sl)
      if tp and sl then
        ctx._children[tp] = sl
        ctx._children[sl] = tp
      end
      ctx._brackets[fill.id] = nil
    end
    return
  end
  local other = ctx._children[fill.id]
  if other then
    ctx._children[fill.id], ctx._children[other] = nil, nil
    ctx:cancel(other)
  end
end

--- Loads a strategy: a table, or a file returning one.
function M.load(source)
  if type(source) == "table" then return source end
  if type(source) ~= "string" then
    error("bad argument #1 to 'load' (strategy table or file name expected, got " .. type(source) .. ")", 2)
  end
  local chunk, err = loadfile(source)
  if not chunk then error(err, 0) end
  local strategy = chunk()
  if type(strategy) ~= "table" then
    error(source .. ": a strategy file must return a table of callbacks (got " .. type(strategy) .. ")", 0)
  end
  strategy.name = strategy.name or source:match("([^/]+)%.lua$") or "strategy"
  return strategy
end

--- Runs a strategy (table or file) to the end of the data, a stop, a halt or Ctrl-C; returns the summary table
--- (fills, rejections, halts, realized_pnl, commissions, equity, positions, exit_status, error).
---
--- opts: mode ('backtest'), config (lunar.toml), data (CSV path, {SYM=path} or 'synthetic'), symbols, bar_size,
--- cash, max_bars, warmup, window, spread_bps, costs, flatten_on_error, quiet, timeout (seconds without any event
--- after which a paper/live run ends; default: never).
function M.run(source, opts)
  opts = opts or {}
  local strategy = M.load(source)
  local session = trade.session({
    mode = opts.mode, config = opts.config, data = opts.data, symbols = opts.symbols or strategy.symbols,
    bar_size = opts.bar_size or strategy.bar_size, cash = opts.cash, max_bars = opts.max_bars,
    warmup = opts.warmup or strategy.warmup, window = opts.window or strategy.window, strategy = strategy.name,
    spread_bps = opts.spread_bps, costs = opts.costs, flatten_on_error = opts.flatten_on_error, quiet = opts.quiet,
    journal = opts.journal, seed = opts.seed,
    book_rows = strategy.on_book and (opts.book_rows or strategy.book_rows or 10) or nil,
  })
  local ctx = new_ctx(session, strategy, opts)
  local failure

  local function call(name, ...)
    local fn = strategy[name]
    if not fn then return true end
    local ok, err = xpcall(fn, debug.traceback, ctx, ...)
    if not ok then
      failure = string.format("%s: %s", name, tostring(err))
      io.stderr:write("lunar: strategy error in " .. failure .. "\n")
      session:halt_error(failure)
    end
    return ok
  end

  -- The session logs its start-up report itself (stderr); quiet runs keep it in summary.log.
  for _, line in ipairs(session:start()) do
    if opts.quiet then ctx.lines[#ctx.lines + 1] = line end
  end
  local halted_exit
  local idle_since = os.time()
  -- model = "registry": the promoted version of each symbol is loaded at the start of every trading day.
  local model_day
  local function load_models()
    if strategy.model ~= "registry" then return true end
    local day = session:trading_day()
    if day == model_day then return true end
    model_day = day
    for _, sym in ipairs(ctx.symbols) do
      local ok, err = pcall(ctx.load_model, ctx, sym)
      if not ok then
        failure = string.format("load_model(%s): %s", sym, tostring(err))
        io.stderr:write("lunar: " .. failure .. "\n")
        session:halt_error(failure)
        return false
      end
    end
    return true
  end
  if load_models() and call("on_start") then
    while true do
      local ev = session:next(0.25)
      if ev == nil then
        if opts.timeout and os.time() - idle_since >= opts.timeout then break end
      else
        idle_since = os.time()
        local kind = ev.type
        local ok = true
        if kind == "bar" then
          ctx.time, ctx.bar, ctx._bars = ev.time, ev, {}
          ok = load_models() and call("on_bar", ev)
        elseif kind == "fill" then
          bracket_fill(ctx, ev)
          ok = call("on_fill", ev)
        elseif kind == "tick" then
          ok = call("on_tick", ev)
        elseif kind == "book" then
          ok = call("on_book", ev)
        elseif kind == "status" or kind == "rejected" then
          if kind == "rejected" then ctx:log("order %s rejected by %s: %s", ev.id, ev.rule, ev.reason) end
          ok = call("on_order", ev)
        elseif kind == "halt" then
          ctx:log("HALT: %s", ev.reason)
          ctx.halted = true
          if ev.exit_status then halted_exit = ev.exit_status; break end
          ok = call("on_halt", ev)
        elseif kind == "notice" then
          ctx:log("%s", ev.message)
        elseif kind == "end" then
          break
        end
        if not ok or ctx._stop then break end
      end
    end
  end
  if not failure then call("on_stop") end
  local summary = session:summary()
  summary.mode = ctx.mode
  summary.strategy = strategy.name
  summary.error = failure
  summary.exit_status = halted_exit or (failure and 1 or 0)
  summary.log = ctx.lines
  session:close()
  return summary
end

--- Prints a run's summary: PnL, trades, risk events.
function M.print_summary(s, out)
  out = out or io.stdout
  out:write(string.format("%s %s: %d fills, realized PnL %.2f after %.2f costs, equity %.2f\n", s.strategy or "strategy",
    s.mode or "", #s.fills, s.realized_pnl, s.commissions, s.equity))
  local open = {}
  for sym, qty in pairs(s.positions) do open[#open + 1] = string.format("%s %g", sym, qty) end
  table.sort(open)
  out:write("positions: " .. (#open > 0 and table.concat(open, ", ") or "flat") .. "\n")
  if #s.rejections > 0 then
    out:write(string.format("risk rejections: %d\n", #s.rejections))
    for i = 1, math.min(5, #s.rejections) do out:write("  " .. s.rejections[i].message .. "\n") end
  end
  if s.broker_rejections > 0 then out:write(string.format("broker rejections: %d\n", s.broker_rejections)) end
  for _, h in ipairs(s.halts) do out:write("halt: " .. h .. "\n") end
  if s.error then out:write("stopped by a strategy error: " .. s.error:match("[^\n]*") .. "\n") end
end

return M
