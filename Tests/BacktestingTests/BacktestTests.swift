import XCTest

@testable import Backtesting

/// Engine behaviour on small hand-made bars.
final class BacktestTests: XCTestCase {
    /// Bars from (open, high, low, close) tuples, one per day.
    private func bars(_ ohlc: [(Double, Double, Double, Double)]) throws -> BacktestBars {
        try BacktestBars(
            time: ohlc.indices.map { Int64($0) * 86_400 }, open: ohlc.map(\.0), high: ohlc.map(\.1),
            low: ohlc.map(\.2), close: ohlc.map(\.3))
    }

    private func flags(_ count: Int, _ on: [Int]) -> [Bool] {
        var out = [Bool](repeating: false, count: count)
        for i in on { out[i] = true }
        return out
    }

    private var frictionless: BacktestConfig {
        var config = BacktestConfig()
        config.costs = .zero
        config.sizing = .fixedShares(10)
        return config
    }

    func testNextOpenFillByDefaultAndLabelledCloseFill() throws {
        let b = try bars([(10, 10, 10, 11), (12, 12, 12, 13), (14, 14, 14, 15), (16, 16, 16, 17)])
        let signals = Signals.entriesExits(entries: flags(4, [0]), exits: flags(4, [2]))
        let nextOpen = try Backtest.run(bars: b, signals: signals, config: frictionless)
        XCTAssertEqual(nextOpen.trades.first?.entryBar, 1)
        XCTAssertEqual(nextOpen.trades.first?.entryPrice, 12)
        XCTAssertEqual(nextOpen.trades.first?.exitPrice, 16)
        var config = frictionless
        config.fill = .close
        let close = try Backtest.run(bars: b, signals: signals, config: config)
        XCTAssertEqual(close.trades.first?.entryBar, 0)
        XCTAssertEqual(close.trades.first?.entryPrice, 11)
        XCTAssertEqual(close.trades.first?.exitPrice, 15)
        XCTAssertTrue(close.description.contains("close fill"))
    }

    func testLongShortReversal() throws {
        let b = try bars([(10, 10, 10, 10), (10, 10, 10, 10), (12, 12, 12, 12), (8, 8, 8, 8), (8, 8, 8, 8)])
        var config = frictionless
        config.direction = .longShort
        let result = try Backtest.run(
            bars: b, signals: .entriesExits(entries: flags(5, [0]), exits: flags(5, [1])), config: config)
        // Long at open[1] = 10, reversed at open[2] = 12: +20; short from 12, marked at 8 at the end: +40.
        XCTAssertEqual(result.trades.count, 1)
        XCTAssertEqual(result.trades[0].exitReason, .reversal)
        XCTAssertEqual(result.trades[0].pnl, 20)
        XCTAssertEqual(result.openTrades.first?.side, -1)
        XCTAssertEqual(result.metrics.equityFinal, 10_000 + 20 + 40)
    }

    func testStopLossAtLevelAndGapAtOpen() throws {
        // Entry at open[1] = 100; 5% stop at 95. Bar 2 trades down to 94: exit at 95.
        let b = try bars([(100, 100, 100, 100), (100, 101, 99, 100), (99, 100, 94, 96), (96, 96, 96, 96)])
        var config = frictionless
        config.exits.stopLoss = 0.05
        let result = try Backtest.run(
            bars: b, signals: .entriesExits(entries: flags(4, [0]), exits: flags(4, [])), config: config)
        XCTAssertEqual(result.trades.first?.exitReason, .stopLoss)
        XCTAssertEqual(result.trades.first?.exitPrice, 95)
        XCTAssertEqual(result.trades.first?.exitBar, 2)
        // A gap below the stop fills at the open, not at the level.
        let gap = try bars([(100, 100, 100, 100), (100, 101, 99, 100), (90, 92, 89, 91), (91, 91, 91, 91)])
        let gapped = try Backtest.run(
            bars: gap, signals: .entriesExits(entries: flags(4, [0]), exits: flags(4, [])), config: config)
        XCTAssertEqual(gapped.trades.first?.exitPrice, 90)
    }

    func testStopAssumedFirstWhenBothStopAndTargetAreTouched() throws {
        let b = try bars([(100, 100, 100, 100), (100, 100, 100, 100), (100, 111, 94, 100), (100, 100, 100, 100)])
        var config = frictionless
        config.exits = ExitRules(stopLoss: 0.05, takeProfit: 0.10)
        let result = try Backtest.run(
            bars: b, signals: .entriesExits(entries: flags(4, [0]), exits: flags(4, [])), config: config)
        XCTAssertEqual(result.trades.first?.exitReason, .stopLoss)
        XCTAssertEqual(result.trades.first?.exitPrice, 95)
    }

    func testTakeProfitAndShortStops() throws {
        let b = try bars([(100, 100, 100, 100), (100, 100, 100, 100), (100, 111, 99, 105), (100, 100, 100, 100)])
        var config = frictionless
        config.exits = ExitRules(stopLoss: 0.05, takeProfit: 0.10)
        let long = try Backtest.run(
            bars: b, signals: .entriesExits(entries: flags(4, [0]), exits: flags(4, [])), config: config)
        XCTAssertEqual(long.trades.first?.exitReason, .takeProfit)
        XCTAssertEqual(long.trades.first!.exitPrice, 110, accuracy: 1e-12)
        // Short: the same bar's high of 111 touches the 5% stop at 105.
        config.direction = .shortOnly
        let short = try Backtest.run(
            bars: b, signals: .entriesExits(entries: flags(4, [0]), exits: flags(4, [])), config: config)
        XCTAssertEqual(short.trades.first?.exitReason, .stopLoss)
        XCTAssertEqual(short.trades.first!.exitPrice, 105, accuracy: 1e-12)
        XCTAssertEqual(short.trades.first!.pnl, -50, accuracy: 1e-9)
    }

    func testTrailingStopFollowsThePreviousHigh() throws {
        // Entry 100; highs 110 (bar 1), 120 (bar 2); bar 3 low 107 < 120 × 0.9 = 108 → exit at 108.
        let b = try bars([
            (100, 100, 100, 100), (100, 110, 100, 109), (109, 120, 108.5, 118), (118, 118, 107, 110), (110, 110, 110, 110),
        ])
        var config = frictionless
        config.exits.trailingStop = 0.10
        let result = try Backtest.run(
            bars: b, signals: .entriesExits(entries: flags(5, [0]), exits: flags(5, [])), config: config)
        XCTAssertEqual(result.trades.first?.exitReason, .trailingStop)
        XCTAssertEqual(result.trades.first!.exitPrice, 108, accuracy: 1e-12)
        XCTAssertEqual(result.trades.first?.exitBar, 3)
    }

    func testHoldingHorizon() throws {
        let b = try bars(Array(repeating: (10, 10, 10, 10), count: 10))
        var config = frictionless
        config.exits.maxHoldingBars = 3
        let result = try Backtest.run(
            bars: b, signals: .entriesExits(entries: flags(10, [0]), exits: flags(10, [])), config: config)
        XCTAssertEqual(result.trades.first?.barsHeld, 3)
        XCTAssertEqual(result.trades.first?.exitReason, .holdingPeriod)
        config.fill = .close
        let atClose = try Backtest.run(
            bars: b, signals: .entriesExits(entries: flags(10, [0]), exits: flags(10, [])), config: config)
        XCTAssertEqual(atClose.trades.first?.barsHeld, 3)
    }

    func testProbabilitiesWithConfidenceThreshold() throws {
        let b = try bars(Array(repeating: (10, 10, 10, 10), count: 6))
        // t = 0.2: long above 0.6, short below 0.4, flat between.
        let p = [0.55, 0.65, 0.62, 0.5, 0.3, 0.35]
        var config = frictionless
        config.direction = .longShort
        let result = try Backtest.run(
            bars: b, signals: .probabilities(p, threshold: 0.2, allowShort: true), config: config)
        XCTAssertEqual(result.trades.map(\.entryBar), [2])
        XCTAssertEqual(result.trades.map(\.exitBar), [4])  // flat at bar 3 → exit at open[4]
        XCTAssertEqual(result.openTrades.first?.side, -1)  // short from p = 0.3 at bar 4 → open[5]
        XCTAssertEqual(result.openTrades.first?.entryBar, 5)
        XCTAssertEqual(
            Signals.targets(probabilities: p, threshold: 0.2, allowShort: false, neutral: .hold).map { $0.isNaN ? 9 : $0 },
            [9, 1, 1, 9, 0, 0])
    }

    func testTargetPositionIsEdgeTriggered() throws {
        let b = try bars(Array(repeating: (10, 10, 10, 10), count: 6))
        var config = frictionless
        config.exits.maxHoldingBars = 1
        let result = try Backtest.run(bars: b, signals: .targetPosition([.nan, 1, 1, 1, 0, 0]), config: config)
        // One entry when the target turns long; the horizon exit is not followed by a re-entry while it stays 1.
        XCTAssertEqual(result.trades.count, 1)
        XCTAssertEqual(result.trades[0].entryBar, 2)
        XCTAssertEqual(result.simulation.firstDecisionBar, 1)
    }

    func testNaNBarsAreSkippedAndCounted() throws {
        let b = try bars([(10, 10, 10, 10), (.nan, .nan, .nan, .nan), (12, 12, 12, 12), (13, 13, 13, 13)])
        let result = try Backtest.run(
            bars: b, signals: .entriesExits(entries: flags(4, [0]), exits: flags(4, [])), config: frictionless)
        XCTAssertEqual(result.metrics.skippedBars, 1)
        XCTAssertEqual(result.openTrades.first?.entryBar, 2)  // the order waits for the next valid bar
        XCTAssertEqual(result.equity[1], 10_000)
        XCTAssertEqual(result.equity[3], 10_000 + 10)
        XCTAssertEqual(b.nanBarCount, 1)
    }

    func testAllCashSizingMatchesBacktestingPyFormula() throws {
        let b = try bars([(10, 10, 10, 10), (7, 7, 7, 7), (7, 7, 7, 7)])
        let result = try Backtest.run(
            bars: b, signals: .entriesExits(entries: flags(3, [0]), exits: flags(3, [])),
            config: .backtestingPy(commission: 0.002))
        // ⌊10000·(1 − 2⁻⁵²) / (7 · 1.002)⌋ = ⌊1425.719…⌋.
        XCTAssertEqual(result.openTrades.first?.size, 1425)
        XCTAssertEqual(pythonFloorDivide(7, 3.5), 2)
        XCTAssertEqual(pythonFloorDivide(-7, 2), -4)
        XCTAssertEqual(pythonFloorDivide(1, 0.1), 9)  // Python: 1 // 0.1 == 9.0
    }

    func testSizingRules() throws {
        let b = try bars(Array(repeating: (50, 50, 50, 50), count: 4))
        let signals = Signals.entriesExits(entries: flags(4, [0]), exits: flags(4, []))
        var config = frictionless
        config.sizing = .fixedFraction(0.5)
        XCTAssertEqual(try Backtest.run(bars: b, signals: signals, config: config).openTrades.first?.size, 100)
        config.sizing = .fixedShares(1_000)  // $50,000 > $10,000 cash: cancelled and counted
        let cancelled = try Backtest.run(bars: b, signals: signals, config: config)
        XCTAssertTrue(cancelled.openTrades.isEmpty)
        XCTAssertEqual(cancelled.metrics.cancelledOrders, 1)
        // Kelly: p = 0.75, b = 1 → f* = 0.5; half Kelly 0.25 of $10,000 = 50 shares at $50.
        config.sizing = .kelly(KellySizing(payoffRatio: 1, fraction: 0.5, cap: 0.3, winProbability: 0.75))
        XCTAssertEqual(try Backtest.run(bars: b, signals: signals, config: config).openTrades.first?.size, 50)
        XCTAssertEqual(KellySizing(payoffRatio: 2, fraction: 1, cap: 0.25).stake(winProbability: 0.6), 0.25)  // 0.4 capped
        XCTAssertEqual(KellySizing(payoffRatio: 1).stake(winProbability: 0.4), 0)
        XCTAssertEqual(KellySizing.estimatePayoffRatio(returns: [0.02, 0.04, -0.01, -0.03])!, 1.5, accuracy: 1e-12)
        config.wholeShares = false
        config.sizing = .fixedFraction(0.333)
        XCTAssertEqual(try Backtest.run(bars: b, signals: signals, config: config).openTrades.first!.size, 66.6,
                       accuracy: 1e-9)
    }

    func testVolatilityTargetSizing() throws {
        // Closes alternate ±1% → sample std of returns ≈ 0.01; annualized with 252 → ≈ 0.1587.
        var ohlc: [(Double, Double, Double, Double)] = []
        var price = 100.0
        for i in 0..<30 {
            price *= i % 2 == 0 ? 1.01 : 1 / 1.01
            ohlc.append((price, price, price, price))
        }
        let b = try bars(ohlc)
        var config = frictionless
        config.periodsPerYear = 252
        config.wholeShares = false
        config.sizing = .volatilityTarget(VolatilityTargetSizing(annualVolatility: 0.05, lookback: 20))
        let result = try Backtest.run(
            bars: b, signals: .entriesExits(entries: flags(30, [25]), exits: flags(30, [])), config: config)
        let returns = (6...25).map { b.close[$0] / b.close[$0 - 1] - 1 }
        let mean = returns.reduce(0, +) / 20
        let sd = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 19).squareRoot()
        let fraction = 0.05 / (sd * 252.0.squareRoot())
        let trade = try XCTUnwrap(result.openTrades.first)
        XCTAssertEqual(trade.size * trade.entryPrice, 10_000 * fraction, accuracy: 1e-6)
    }

    func testErrorsNameTheProblem() throws {
        let b = try bars(Array(repeating: (10, 10, 10, 10), count: 3))
        XCTAssertThrowsError(
            try Backtest.run(bars: b, signals: .entriesExits(entries: [true], exits: [false, false, false]))
        ) { error in
            XCTAssertEqual(error as? BacktestError, .lengthMismatch(name: "entries", count: 1, expected: 3))
            XCTAssertEqual("\(error)", "entries has 1 values but the bars have 3; give one value per bar")
        }
        XCTAssertThrowsError(
            try BacktestBars(time: [0, 1], open: [1, 0], high: [1, 1], low: [1, 1], close: [1, 1])
        ) { error in
            XCTAssertEqual(error as? BacktestError, .nonPositivePrice(field: "open", bar: 1, value: 0))
        }
        XCTAssertThrowsError(try BacktestBars(time: [0], open: [1, 2], high: [1], low: [1], close: [1])) { error in
            XCTAssertTrue("\(error)".contains("open has 2 values but the bars have 1"))
        }
        var config = BacktestConfig()
        config.cash = -5
        XCTAssertThrowsError(
            try Backtest.run(bars: b, signals: .targetPosition([1, 1, 1]), config: config)
        ) { XCTAssertEqual($0 as? BacktestError, .invalidCash(-5)) }
        XCTAssertThrowsError(try OptionNames.validate(["bars", "comission"], against: OptionNames.backtestRun)) {
            XCTAssertEqual("\($0)", "unknown option 'comission'; did you mean 'commission'?")
        }
        XCTAssertThrowsError(try b.checkAligned(name: "entries", times: [0, 86_400, 5])) {
            XCTAssertEqual($0 as? BacktestError, .timeMismatch(name: "entries", index: 2, time: 5, barTime: 172_800))
        }
        XCTAssertThrowsError(try BacktestBars(time: [5, 5], open: [1, 1], high: [1, 1], low: [1, 1], close: [1, 1]))
    }

    /// Property: changing any bar after t never changes the signals, fills or equity up to t.
    func testNoLookahead() throws {
        let base = TestData.randomWalk(count: 400, seed: 11)
        var rng = SplitMix64(seed: 99)
        var configs: [BacktestConfig] = []
        for fill in [FillTiming.nextOpen, .close] {
            var config = BacktestConfig()
            config.fill = fill
            config.direction = .longShort
            config.costs.halfSpread = .bps(3)
            config.costs.slippage = .atrFraction(0.1, period: 14)
            config.exits = ExitRules(stopLoss: 0.03, takeProfit: 0.06, trailingStop: 0.04, maxHoldingBars: 15)
            configs.append(config)
            config.sizing = .volatilityTarget(VolatilityTargetSizing(annualVolatility: 0.2))
            configs.append(config)
        }
        func signals(_ bars: BacktestBars) -> Signals {
            let fast = SMACross.rollingMean(bars.close, window: 5), slow = SMACross.rollingMean(bars.close, window: 12)
            return .entriesExits(entries: SMACross.crossover(fast, slow), exits: SMACross.crossover(slow, fast))
        }
        for trial in 0..<30 {
            let t = 20 + Int(rng.next() % 360)
            var open = base.open, high = base.high, low = base.low, close = base.close
            for i in (t + 1)..<base.count {
                let f = 0.7 + 0.6 * rng.nextDouble()
                open[i] *= f
                close[i] *= 0.7 + 0.6 * rng.nextDouble()
                high[i] = max(open[i], close[i]) * 1.01
                low[i] = min(open[i], close[i]) * 0.99
            }
            let changed = try BacktestBars(time: base.time, open: open, high: high, low: low, close: close)
            let s0 = signals(base), s1 = signals(changed)
            guard case let .entriesExits(e0, x0, _, _) = s0, case let .entriesExits(e1, x1, _, _) = s1 else { return }
            XCTAssertEqual(Array(e0[...t]), Array(e1[...t]), "signals up to \(t)")
            XCTAssertEqual(Array(x0[...t]), Array(x1[...t]))
            for config in configs {
                let r0 = try Backtest.simulate(bars: base, signals: s0, config: config)
                let r1 = try Backtest.simulate(bars: changed, signals: s1, config: config)
                XCTAssertEqual(Array(r0.equity[...t]), Array(r1.equity[...t]), "trial \(trial): equity up to \(t)")
                let fills0 = r0.trades.filter { $0.exitBar <= t }, fills1 = r1.trades.filter { $0.exitBar <= t }
                XCTAssertEqual(fills0, fills1, "closed trades up to \(t)")
                let entries0 = (r0.trades + r0.openTrades).filter { $0.entryBar <= t }.map { [$0.entryPrice, $0.size] }
                let entries1 = (r1.trades + r1.openTrades).filter { $0.entryBar <= t }.map { [$0.entryPrice, $0.size] }
                XCTAssertEqual(entries0, entries1, "entry fills up to \(t)")
            }
        }
    }
}
