-- SMA 10/20 crossover, long only, 100 shares: the smallest complete strategy.
-- lunar trade examples/strategies/sma_cross.lua --mode backtest --data ../shared/data/SP500_1min_2019-11.csv --max-bars 2000
return {
  name = "sma_cross",
  params = { fast = 10, slow = 20, qty = 100 },

  on_bar = function(ctx, bar)
    local close = ctx:bars(bar.symbol).close
    local n = #close
    if n < ctx.params.slow + 1 then return end
    local fast = ctx.ta.sma(close, ctx.params.fast)
    local slow = ctx.ta.sma(close, ctx.params.slow)
    if fast[n] > slow[n] and fast[n - 1] <= slow[n - 1] then
      ctx:target_position(bar.symbol, ctx.params.qty)
    elseif fast[n] < slow[n] and fast[n - 1] >= slow[n - 1] then
      ctx:target_position(bar.symbol, 0)
    end
  end,

  on_stop = function(ctx)
    ctx:log("final equity %.2f", ctx:equity())
  end,
}
