/// Runs a backtest over bars: signals in, equity curve, trades and metrics out.
///
/// Bar loop, for each bar i (NaN bars are skipped whole: equity carries over, pending orders wait):
/// 1. next-open fills: orders decided at the previous valid bar fill at `open[i]` (a close before a new entry);
/// 2. price stops (stop-loss, take-profit, trailing) are checked against bar i's open, high and low;
/// 3. with `FillTiming.close`, the decision at bar i fills at `close[i]` now;
/// 4. equity is marked at `close[i]`;
/// 5. with `FillTiming.nextOpen`, the decision at bar i (signals up to i only) is queued for the next bar.
public enum Backtest {
    /// Simulates and computes every metric. Complexity: O(n) time, O(n) memory.
    public static func run(bars: BacktestBars, signals: Signals, config: BacktestConfig = BacktestConfig())
        throws -> BacktestResult
    {
        let simulation = try simulate(bars: bars, signals: signals, config: config)
        return BacktestResult(bars: bars, simulation: simulation, config: config)
    }

    /// Simulates only (equity curve, trades, costs), without metrics: the part timed by `lunar bench backtest`.
    public static func simulate(bars: BacktestBars, signals: Signals, config: BacktestConfig = BacktestConfig())
        throws -> Simulation
    {
        try config.validate()
        let flags = try SignalFlags(signals, direction: config.direction, barCount: bars.count)
        let warmup = config.warmupBars ?? flags.firstDefinedBar
        let periodsPerYear = config.periodsPerYear ?? Statistics.periodsPerYear(times: bars.time)
        var engine = Engine(
            bars: bars, flags: flags, config: config, firstDecisionBar: min(warmup, bars.count - 1),
            periodsPerYear: periodsPerYear)
        try engine.run()
        return engine.result()
    }
}

/// The raw output of a simulation: what happened, before any statistics.
public struct Simulation: Sendable {
    /// Equity marked at each bar's close (bars before the first decision hold the starting cash).
    public var equity: [Double]
    /// Closed trades in exit order.
    public var trades: [Trade]
    /// Trades still open at the end, marked at the last close.
    public var openTrades: [Trade]
    /// PnL breakdown over closed and open trades: `net` equals final equity − starting cash.
    public var costs: CostBreakdown
    /// Bars skipped because a price was NaN.
    public var skippedBars: Int
    /// Entries cancelled (size 0: not enough cash, no edge for Kelly, no volatility estimate yet).
    public var cancelledOrders: Int
    /// Sum of |shares × fill price| over all fills.
    public var tradedValue: Double
    /// First bar on which decisions were taken (the warm-up); buy-and-hold starts at its close.
    public var firstDecisionBar: Int
    /// Bar at which equity reached zero and the run stopped, if it did.
    public var outOfMoneyBar: Int?
    /// Periods per year used for annualization and volatility targeting.
    public var periodsPerYear: Double
    /// Starting cash.
    public var initialCash: Double
}

/// The bar loop. Kept as a struct over unsafe buffers so the per-bar path is a few loads, compares and a store.
struct Engine {
    let bars: BacktestBars
    let flags: SignalFlags
    let config: BacktestConfig
    let firstDecisionBar: Int
    let periodsPerYear: Double
    var broker: Broker
    var equity: [Double]
    var skippedBars = 0
    var outOfMoneyBar: Int?

    // Pending next-open order.
    var pendingClose: ExitReason?
    var pendingOpenSide = 0
    var pendingDecisionBar = -1

    init(bars: BacktestBars, flags: SignalFlags, config: BacktestConfig, firstDecisionBar: Int,
         periodsPerYear: Double) {
        self.bars = bars
        self.flags = flags
        self.config = config
        self.firstDecisionBar = firstDecisionBar
        self.periodsPerYear = periodsPerYear
        self.broker = Broker(config: config, bars: bars, periodsPerYear: periodsPerYear)
        self.equity = [Double](repeating: config.cash, count: bars.count)
    }

    mutating func run() throws {
        let n = bars.count
        let hasStops = config.exits.hasStops
        let horizon = config.exits.maxHoldingBars ?? Int.max
        let closeFill = config.fill == .close
        let cancelCheck = config.shouldCancel
        var lastEquity = config.cash
        var lastValidBar = -1
        try bars.open.withUnsafeBufferPointer { open in
            try bars.high.withUnsafeBufferPointer { high in
                try bars.low.withUnsafeBufferPointer { low in
                    try bars.close.withUnsafeBufferPointer { close in
                        try flags.flags.withUnsafeBufferPointer { flag in
                            for i in 0..<n {
                                if i & 0xFFFF == 0xFFFF, let cancelCheck, cancelCheck() { throw BacktestError.cancelled }
                                let o = open[i], h = high[i], l = low[i], c = close[i]
                                if o.isNaN || h.isNaN || l.isNaN || c.isNaN {
                                    skippedBars += 1
                                    equity[i] = lastEquity
                                    continue
                                }
                                lastValidBar = i
                                if pendingDecisionBar >= 0 { fillPending(bar: i, open: o) }
                                if hasStops, broker.side != 0 { checkStops(bar: i, open: o, high: h, low: l) }
                                if closeFill, i >= firstDecisionBar {
                                    decide(bar: i, flag: flag[i], horizon: horizon, fillAtClose: c)
                                }
                                let e = broker.equity(markedAt: c)
                                equity[i] = e
                                lastEquity = e
                                if e <= 0 {
                                    goOutOfMoney(bar: i, close: c)
                                    return
                                }
                                if !closeFill, i >= firstDecisionBar, flag[i] != 0 || broker.side != 0 {
                                    decide(bar: i, flag: flag[i], horizon: horizon, fillAtClose: nil)
                                }
                            }
                        }
                    }
                }
            }
        }
        if config.closeAtEnd, lastValidBar >= 0, broker.side != 0, outOfMoneyBar == nil {
            broker.close(bar: lastValidBar, mid: bars.close[lastValidBar], decisionBar: lastValidBar,
                         reason: .endOfData)
            let e = broker.equity(markedAt: bars.close[lastValidBar])
            for j in lastValidBar..<n { equity[j] = e }
        }
    }

    /// Equity reached zero: close at the close, zero the rest of the curve and stop (as backtesting.py).
    mutating func goOutOfMoney(bar: Int, close: Double) {
        broker.close(bar: bar, mid: close, decisionBar: bar, reason: .outOfMoney)
        broker.cash = 0
        for j in bar..<equity.count { equity[j] = 0 }
        outOfMoneyBar = bar
    }

    /// Executes the order queued at the previous valid bar at this bar's open.
    mutating func fillPending(bar: Int, open: Double) {
        let decisionBar = pendingDecisionBar
        if let reason = pendingClose, broker.side != 0 {
            broker.close(bar: bar, mid: open, decisionBar: decisionBar, reason: reason)
        }
        if pendingOpenSide != 0, broker.side == 0 {
            broker.open(
                side: pendingOpenSide, bar: bar, mid: open, decisionBar: decisionBar,
                scale: flags.sizeScale?[decisionBar] ?? 1, probability: flags.probability?[decisionBar])
        }
        pendingClose = nil
        pendingOpenSide = 0
        pendingDecisionBar = -1
    }

    /// Takes the decision at the close of `bar`: fills now when `fillAtClose` is given, else queues it.
    mutating func decide(bar: Int, flag: UInt8, horizon: Int, fillAtClose: Double?) {
        let side = broker.side
        let wantLong = flag & SignalFlags.enterLong != 0
        let wantShort = flag & SignalFlags.enterShort != 0
        var close: ExitReason?
        var openSide = 0
        if wantLong != wantShort {
            let newSide = wantLong ? 1 : -1
            if side == newSide {
                if config.sameSideEntry == .reopen {
                    close = .reversal
                    openSide = newSide
                }
            } else {
                if side != 0 { close = .reversal }
                openSide = newSide
            }
        } else if side != 0 {
            if (side > 0 && flag & SignalFlags.exitLong != 0) || (side < 0 && flag & SignalFlags.exitShort != 0) {
                close = .signal
            }
        }
        if close == nil, openSide == 0, side != 0, horizon != Int.max {
            let heldAtFill = (fillAtClose == nil ? bar + 1 : bar) - broker.entryBar
            if heldAtFill >= horizon { close = .holdingPeriod }
        }
        guard close != nil || openSide != 0 else { return }
        if let price = fillAtClose {
            if let close { broker.close(bar: bar, mid: price, decisionBar: bar, reason: close) }
            if openSide != 0 {
                broker.open(
                    side: openSide, bar: bar, mid: price, decisionBar: bar, scale: flags.sizeScale?[bar] ?? 1,
                    probability: flags.probability?[bar])
            }
        } else {
            pendingClose = close
            pendingOpenSide = openSide
            pendingDecisionBar = bar
        }
    }

    /// Checks stop-loss, take-profit and trailing stop against the bar (rule documented on `ExitRules`).
    mutating func checkStops(bar: Int, open: Double, high: Double, low: Double) {
        let rules = config.exits
        let entry = broker.entryPrice
        let decisionBar = max(bar - 1, 0)
        if broker.side > 0 {
            var stop = -Double.infinity
            var stopReason = ExitReason.stopLoss
            if let sl = rules.stopLoss { stop = entry * (1 - sl) }
            if let ts = rules.trailingStop {
                let trail = broker.bestPrice * (1 - ts)
                if trail > stop {
                    stop = trail
                    stopReason = .trailingStop
                }
            }
            let target = rules.takeProfit.map { entry * (1 + $0) } ?? .infinity
            if open <= stop {
                broker.close(bar: bar, mid: open, decisionBar: decisionBar, reason: stopReason)
            } else if open >= target {
                broker.close(bar: bar, mid: open, decisionBar: decisionBar, reason: .takeProfit)
            } else if low <= stop {
                broker.close(bar: bar, mid: stop, decisionBar: decisionBar, reason: stopReason)
            } else if high >= target {
                broker.close(bar: bar, mid: target, decisionBar: decisionBar, reason: .takeProfit)
            } else if high > broker.bestPrice {
                broker.bestPrice = high
            }
        } else {
            var stop = Double.infinity
            var stopReason = ExitReason.stopLoss
            if let sl = rules.stopLoss { stop = entry * (1 + sl) }
            if let ts = rules.trailingStop {
                let trail = broker.bestPrice * (1 + ts)
                if trail < stop {
                    stop = trail
                    stopReason = .trailingStop
                }
            }
            let target = rules.takeProfit.map { entry * (1 - $0) } ?? -.infinity
            if open >= stop {
                broker.close(bar: bar, mid: open, decisionBar: decisionBar, reason: stopReason)
            } else if open <= target {
                broker.close(bar: bar, mid: open, decisionBar: decisionBar, reason: .takeProfit)
            } else if high >= stop {
                broker.close(bar: bar, mid: stop, decisionBar: decisionBar, reason: stopReason)
            } else if low <= target {
                broker.close(bar: bar, mid: target, decisionBar: decisionBar, reason: .takeProfit)
            } else if low < broker.bestPrice {
                broker.bestPrice = low
            }
        }
    }

    func result() -> Simulation {
        var lastValid = bars.count - 1
        while lastValid > 0, bars.close[lastValid].isNaN { lastValid -= 1 }
        var openTrades: [Trade] = []
        if outOfMoneyBar == nil, let open = broker.openTrade(bar: lastValid, price: bars.close[lastValid]) {
            openTrades.append(open)
        }
        var costs = CostBreakdown()
        for trade in broker.trades { costs = costs + trade.costs }
        for trade in openTrades { costs = costs + trade.costs }
        return Simulation(
            equity: equity, trades: broker.trades, openTrades: openTrades, costs: costs, skippedBars: skippedBars,
            cancelledOrders: broker.cancelledOrders, tradedValue: broker.tradedValue,
            firstDecisionBar: firstDecisionBar, outOfMoneyBar: outOfMoneyBar, periodsPerYear: periodsPerYear,
            initialCash: config.cash)
    }
}
