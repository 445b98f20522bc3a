/// One walk-forward fold: bar index ranges (0-based, half-open) for training and testing.
public struct WalkForwardFold: Sendable, Equatable {
    /// Fold number, from 0.
    public var index: Int
    /// Training bars.
    public var train: Range<Int>
    /// Test (out-of-sample) bars; starts `gap` bars after `train` ends.
    public var test: Range<Int>
}

/// Walk-forward analysis: fold windows, per-fold backtests and the stitched out-of-sample equity curve.
public enum WalkForward {
    /// Fold windows over `barCount` bars: train `train` bars, skip `gap`, test `test` bars, then move by `step`
    /// (default `test`). Rolling windows keep the training length; anchored ones keep its start at bar 0. Only
    /// folds whose test window fits entirely are produced. Choose `gap` ≥ the label horizon so no training label
    /// looks into the test window.
    public static func folds(
        barCount: Int, train: Int, test: Int, step: Int? = nil, gap: Int = 0, anchored: Bool = false
    ) throws -> [WalkForwardFold] {
        let step = step ?? test
        for (name, value, minimum) in [("train", train, 1), ("test", test, 1), ("step", step, 1), ("gap", gap, 0)]
        where value < minimum {
            throw BacktestError.invalidParameter(name: name, value: "\(value)", reason: "must be ≥ \(minimum)")
        }
        var folds: [WalkForwardFold] = []
        var k = 0
        while true {
            let trainStart = anchored ? 0 : k * step
            let trainEnd = anchored ? train + k * step : trainStart + train
            let testStart = trainEnd + gap
            let testEnd = testStart + test
            if testEnd > barCount { break }
            folds.append(WalkForwardFold(index: k, train: trainStart..<trainEnd, test: testStart..<testEnd))
            k += 1
        }
        if folds.isEmpty {
            throw BacktestError.invalidParameter(
                name: "train", value: "\(train)",
                reason: "train + gap + test = \(train + gap + test) bars exceed the \(barCount) bars available")
        }
        return folds
    }

    /// Chains equity curves that each start from their own capital into one curve starting at `initialCash`:
    /// fold k is scaled so it starts where fold k−1 ended (returns are preserved, levels compound).
    public static func stitch(equities: [[Double]], initialCash: Double) -> [Double] {
        var out: [Double] = []
        var level = initialCash
        for curve in equities {
            guard let first = curve.first, first != 0 else { continue }
            let scale = level / first
            for e in curve { out.append(e * scale) }
            level = out.last ?? level
        }
        return out
    }

    /// Runs every fold: `signals(fold)` gives the test window's signals (one per test bar; it may fit a model on
    /// `fold.train` and use any bar before `fold.test.upperBound`). Each fold starts flat with the previous fold's
    /// final equity as cash and closes any open trade at its last bar, so folds are independent and the test
    /// equity curves concatenate into the out-of-sample curve. Test windows must not overlap (step ≥ test).
    public static func run(
        bars: BacktestBars, folds: [WalkForwardFold], config: BacktestConfig,
        signals: (WalkForwardFold) throws -> Signals
    ) throws -> WalkForwardResult {
        for (a, b) in zip(folds, folds.dropFirst()) where b.test.lowerBound < a.test.upperBound {
            throw BacktestError.invalidParameter(
                name: "step", value: "\(b.test.lowerBound - a.test.lowerBound)",
                reason: "test windows overlap; use step ≥ test to stitch out-of-sample equity")
        }
        var results: [BacktestResult] = []
        var cash = config.cash
        var indices: [Int] = []
        var equity: [Double] = []
        var trades: [Trade] = []
        var tradedValue = 0.0, skipped = 0, cancelled = 0
        var costs = CostBreakdown()
        for fold in folds {
            let testBars = try bars.slice(fold.test)
            var foldConfig = config
            foldConfig.cash = cash
            foldConfig.closeAtEnd = true
            foldConfig.warmupBars = config.warmupBars ?? 0
            let result = try Backtest.run(bars: testBars, signals: try signals(fold), config: foldConfig)
            let offset = equity.count
            for var trade in result.trades {
                trade.entryBar += offset
                trade.exitBar += offset
                trades.append(trade)
            }
            equity += result.equity
            indices += Array(fold.test)
            tradedValue += result.simulation.tradedValue
            skipped += result.simulation.skippedBars
            cancelled += result.simulation.cancelledOrders
            costs = costs + result.costs
            cash = result.equity.last ?? cash
            results.append(result)
            if cash <= 0 { break }
        }
        let stitchedBars = try BacktestBars(
            time: indices.map { bars.time[$0] }, open: indices.map { bars.open[$0] },
            high: indices.map { bars.high[$0] }, low: indices.map { bars.low[$0] },
            close: indices.map { bars.close[$0] })
        let simulation = Simulation(
            equity: equity, trades: trades, openTrades: [], costs: costs, skippedBars: skipped,
            cancelledOrders: cancelled, tradedValue: tradedValue, firstDecisionBar: 0, outOfMoneyBar: nil,
            periodsPerYear: config.periodsPerYear ?? Statistics.periodsPerYear(times: bars.time),
            initialCash: config.cash)
        return WalkForwardResult(
            folds: Array(folds.prefix(results.count)), foldResults: results, barIndices: indices,
            outOfSample: BacktestResult(bars: stitchedBars, simulation: simulation, config: config))
    }
}

/// Per-fold results and the stitched out-of-sample backtest.
public struct WalkForwardResult: Sendable {
    /// The folds run.
    public var folds: [WalkForwardFold]
    /// Each fold's test-window backtest (metrics per fold).
    public var foldResults: [BacktestResult]
    /// Index into the original bars of each out-of-sample bar.
    public var barIndices: [Int]
    /// All test windows as one backtest: stitched equity, trades (bars index the stitched curve), metrics.
    public var outOfSample: BacktestResult
}
