-- Paper-trading demo: an LSTM + alpha-fusion strategy against the TWS simulator on synthetic data, behind the
-- risk limits of a lunar.toml, for one simulated session. Prints PnL, trades and risk events.
--
--   lunar run scripts/paper_trade.lua [--bars 240] [--symbol AAPL] [--state DIR] [--port P]
--
-- By default the simulator runs in-process on a stepped clock (`--mode sim` of `lunar trade`), so the session takes
-- seconds instead of 4 hours. With --port P the same strategy runs in paper mode against a separately started
-- simulator (`lunar sim --port P --speed 60`: one one-minute bar per second) or a paper TWS.
local strategy_runner = require("lunar.strategy")

local args = { bars = 240, symbol = "AAPL", state = os.getenv("TMPDIR") and (os.getenv("TMPDIR") .. "/lunar-paper") or "/tmp/lunar-paper" }
local i = 1
while arg and arg[i] do
  local key = arg[i]:match("^%-%-(.+)$")
  if not key or not arg[i + 1] then error("usage: lunar run scripts/paper_trade.lua [--bars N] [--symbol S] [--state DIR]", 0) end
  args[key] = tonumber(arg[i + 1]) or arg[i + 1]
  i = i + 2
end

-- The configuration: the limits every order passes, in Swift, whatever the strategy does.
os.execute("mkdir -p '" .. args.state .. "'")
local config = args.state .. "/lunar.toml"
local f = assert(io.open(config, "w"))
f:write(string.format([[
state_dir = "state"
[connection]
port = %d
[symbols]
universe = ["%s"]
[risk]
max_position = 300
max_order_qty = 200
max_notional = 60000
max_orders_per_minute = 10
daily_loss_limit = 1500
flatten_on_halt = true
[models]
registry = "models"
]], tonumber(args.port) or 7497, args.symbol))
f:close()

local strategy = {
  name = "lstm_fusion",
  symbols = { args.symbol },
  bar_size = "1 min",
  warmup = 600,                       -- history the simulator serves before the session, for training and indicators
  params = { p = 0.5, q = 0.1, size = 100 },

  on_start = function(ctx)
    local sym = ctx.symbol
    local ok = pcall(ctx.load_model, ctx, sym)          -- the promoted model, when a registry has one
    if ok and ctx.models[sym] then
      ctx:log("loaded the deployed model of %s from the registry", sym)
    else
      local history = ctx:bars(sym)
      ctx:log("no deployed model: training a small LSTM on %d bars of history", #history)
      local model = lunar.nn.lstm { units = { 16, 8 }, dense = { 8 }, sequence = 30, horizon = 5, seed = 3 }
      local h = model:fit(history, { epochs = 4, verbose = false })
      ctx:log("trained: val_loss %.4f, val_auc %.3f (no skill is 0.5)", h.val_loss[#h.val_loss], h.val_auc[#h.val_auc])
      ctx:set_model(sym, model)
    end
    -- Show the limits at work once: an order larger than max_order_qty is refused in Swift, with the numbers.
    local id, reason = ctx:buy(sym, 1000)
    ctx:log("limit check: an order for 1000 shares -> %s", id and "accepted?!" or ("refused: " .. reason))
  end,

  on_bar = function(ctx, bar)
    local bars = ctx:bars(bar.symbol)
    local p = ctx:predict(bar.symbol)
    if not p or p ~= p then return end
    local mom = lunar.alpha.momentum(bars, { period = 20 })
    local alpha = mom[#mom]
    if alpha ~= alpha then return end
    -- Agreement gate: long only when the LSTM and the momentum alpha agree; flat otherwise.
    local go = lunar.alpha.gate(lunar.data.series { p }, lunar.data.series { alpha },
                                { p = ctx.params.p, q = ctx.params.q, short = false })[1]
    ctx.state.bars = (ctx.state.bars or 0) + 1
    ctx.state.open = (ctx.state.open or 0) + (go > 0 and 1 or 0)
    ctx.state.psum = (ctx.state.psum or 0) + p
    local target = go > 0 and ctx.params.size or 0
    if #ctx:open_orders() == 0 and target ~= ctx:position(bar.symbol) then
      ctx:target_position(bar.symbol, target)
    end
  end,

  on_fill = function(ctx, fill)
    ctx:log("%s %g %s @ %.2f (commission %.2f)", fill.side, fill.qty, fill.symbol, fill.price, fill.commission)
  end,

  on_halt = function(ctx, ev) ctx:log("halted: %s", ev.reason) end,

  on_stop = function(ctx)
    local n = ctx.state.bars or 0
    ctx:log("%d bars: mean LSTM probability %.3f, gate open on %d", n, n > 0 and ctx.state.psum / n or 0, ctx.state.open or 0)
    ctx:cancel_all()
    if ctx:position(ctx.symbol) ~= 0 then ctx:target_position(ctx.symbol, 0) end  -- flat at the close
  end,
}

print(string.format("paper session: %s, %d one-minute bars, %s, limits from %s", args.symbol, args.bars,
  args.port and ("paper account at 127.0.0.1:" .. args.port) or "in-process simulator on synthetic prices", config))
local summary = strategy_runner.run(strategy, {
  mode = args.port and "paper" or "sim", config = config, data = "synthetic", max_bars = args.bars, quiet = false,
})
print()
strategy_runner.print_summary(summary)
print(string.format("trades: %d fills; realized PnL after costs %.2f; commissions %.2f", #summary.fills,
  summary.realized_pnl, summary.commissions))
print("risk events:")
if #summary.rejections == 0 and #summary.halts == 0 then print("  none") end
for _, r in ipairs(summary.rejections) do print(string.format("  rejected by %s: %s", r.rule, r.message)) end
for _, h in ipairs(summary.halts) do print("  halt: " .. h) end
local day = #summary.fills > 0 and os.date("!%Y-%m-%d", math.floor(summary.fills[1].time) - 5 * 3600) or "<day>"
print("journal: lunar journal --config " .. config .. (args.port and "" or (" --file " .. args.state .. "/state/journal-sim.sqlite"))
  .. " --day " .. day)
if summary.exit_status ~= 0 then os.exit(summary.exit_status) end
