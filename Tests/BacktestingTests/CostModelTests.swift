import XCTest

@testable import Backtesting

/// Cost models against numbers computed by hand.
final class CostModelTests: XCTestCase {
    func testPercentCommission() {
        XCTAssertEqual(CostModel.percent(0.002).commission(shares: 100, price: 50), 10, accuracy: 1e-12)
        XCTAssertEqual(CostModel.percent(0.002).regulatoryFees(shares: 100, price: 50, isSell: true), 0)
    }

    func testIBKRFixedMinimumAndMaximum() {
        let ibkr = CostModel.ibkrFixed
        XCTAssertEqual(ibkr.commission(shares: 100, price: 50), 1.00, accuracy: 1e-12)  // 0.50 → min $1
        XCTAssertEqual(ibkr.commission(shares: 1000, price: 50), 5.00, accuracy: 1e-12)  // 0.005 × 1000
        XCTAssertEqual(ibkr.commission(shares: 10, price: 5), 0.50, accuracy: 1e-12)  // 1% of $50 caps the $1 min
        XCTAssertEqual(ibkr.commission(shares: 100_000, price: 1), 500, accuracy: 1e-9)  // under 1% of $100,000
        XCTAssertEqual(ibkr.commission(shares: 100_000, price: 0.4), 400, accuracy: 1e-9)  // 1% of $40,000 < $500
    }

    func testIBKRTieredTableByMonthlyVolume() {
        let tiered = CostModel.ibkrTiered
        // 1000 × $0.0035 + clearing 1000 × $0.0002.
        XCTAssertEqual(tiered.commission(shares: 1000, price: 20, monthlySharesBefore: 0), 3.70, accuracy: 1e-12)
        // Second tier once 300,000 shares were traded this month: 1000 × $0.002 + $0.20.
        XCTAssertEqual(tiered.commission(shares: 1000, price: 20, monthlySharesBefore: 500_000), 2.20, accuracy: 1e-12)
        XCTAssertEqual(tiered.commission(shares: 1000, price: 20, monthlySharesBefore: 150_000_000), 0.70,
                       accuracy: 1e-12)
        // Minimum $0.35 plus clearing 10 × $0.0002.
        XCTAssertEqual(tiered.commission(shares: 10, price: 20, monthlySharesBefore: 0), 0.352, accuracy: 1e-12)
    }

    func testSECFeeAndFINRATAFOnSellsOnly() {
        let ibkr = CostModel.ibkrFixed
        // $50,000 × $20.60 per million = $1.03; 1000 × $0.000195 = $0.195 → $0.20 (rounded up to the cent).
        XCTAssertEqual(ibkr.regulatoryFees(shares: 1000, price: 50, isSell: true), 1.23, accuracy: 1e-12)
        XCTAssertEqual(ibkr.regulatoryFees(shares: 1000, price: 50, isSell: false), 0)
        // TAF capped at $9.79: 100,000 × $0.000195 = $19.50; SEC $100,000 × 20.6e-6 = $2.06.
        XCTAssertEqual(ibkr.regulatoryFees(shares: 100_000, price: 1, isSell: true), 2.06 + 9.79, accuracy: 1e-12)
        var unrounded = ibkr
        unrounded.roundFeesUpToCent = false
        XCTAssertEqual(unrounded.regulatoryFees(shares: 1000, price: 50, isSell: true), 1.03 + 0.195, accuracy: 1e-12)
    }

    func testRoundUpToCent() {
        XCTAssertEqual(CostModel.roundUpToCent(1.03), 1.03)
        XCTAssertEqual(CostModel.roundUpToCent(0.0001), 0.01)
        XCTAssertEqual(CostModel.roundUpToCent(0.195), 0.20)
        XCTAssertEqual(CostModel.roundUpToCent(0), 0)
    }

    /// One round trip with every cost on: the breakdown adds up to the hand-computed net.
    func testRoundTripBreakdownByHand() throws {
        let bars = try BacktestBars(
            time: [0, 86_400, 172_800, 259_200], open: [100, 101, 102, 103], high: [100, 101, 102, 103],
            low: [100, 101, 102, 103], close: [100, 101, 102, 103])
        var config = BacktestConfig()
        config.costs = .ibkrFixed
        config.costs.halfSpread = .bps(5)
        config.costs.slippage = .bps(2)
        config.sizing = .fixedShares(100)
        config.cash = 100_000
        let result = try Backtest.run(
            bars: bars, signals: .entriesExits(entries: [true, false, false, false], exits: [false, true, false, false]),
            config: config)
        let trade = try XCTUnwrap(result.trades.first)
        // Entry at open[1] = 101: + half-spread 0.0505 + slippage 0.0202. Exit at open[2] = 102: − 0.051 − 0.0204.
        XCTAssertEqual(trade.entryPrice, 101.0707, accuracy: 1e-9)
        XCTAssertEqual(trade.exitPrice, 101.9286, accuracy: 1e-9)
        XCTAssertEqual(trade.costs.gross, 100, accuracy: 1e-9)
        XCTAssertEqual(trade.costs.spread, 10.15, accuracy: 1e-9)
        XCTAssertEqual(trade.costs.slippage, 4.06, accuracy: 1e-9)
        XCTAssertEqual(trade.costs.commissions, 2.00, accuracy: 1e-12)  // $1 minimum on each leg
        XCTAssertEqual(trade.costs.fees, 0.23, accuracy: 1e-12)  // SEC $0.20997 → $0.21, TAF $0.0195 → $0.02
        XCTAssertEqual(trade.pnl, 83.56, accuracy: 1e-9)
        XCTAssertEqual(trade.costs.net, trade.pnl, accuracy: 1e-9)
        XCTAssertEqual(result.metrics.equityFinal, 100_083.56, accuracy: 1e-9)
        XCTAssertEqual(result.costs.net, result.metrics.equityFinal - 100_000, accuracy: 1e-9)
        XCTAssertEqual(result.metrics.fees, 0.23, accuracy: 1e-12)
    }

    /// Costs are charged on fills only: holding a position for many bars costs nothing more.
    func testNoCostWhileHolding() throws {
        let n = 50
        let bars = try BacktestBars(
            time: (0..<n).map { Int64($0) * 86_400 }, open: [Double](repeating: 10, count: n),
            high: [Double](repeating: 10, count: n), low: [Double](repeating: 10, count: n),
            close: [Double](repeating: 10, count: n))
        var entries = [Bool](repeating: false, count: n)
        entries[0] = true
        var config = BacktestConfig()
        config.sizing = .fixedShares(100)
        let result = try Backtest.run(
            bars: bars, signals: .entriesExits(entries: entries, exits: [Bool](repeating: false, count: n)),
            config: config)
        // Only the $1 entry commission, whatever the holding time.
        XCTAssertEqual(result.equity.last!, 10_000 - 1, accuracy: 1e-12)
        XCTAssertEqual(result.equity[1], result.equity[n - 1])
    }

    func testHalfSpreadFromQuotes() throws {
        let bars = try BacktestBars(
            time: [0, 86_400, 172_800], open: [10, 10, 10], high: [10, 10, 10], low: [10, 10, 10], close: [10, 10, 10],
            bid: [9.9, 9.95, 9.9], ask: [10.1, 10.05, 10.1])
        var config = BacktestConfig()
        config.costs = CostModel(halfSpread: .fromQuotes(fallbackBps: 0))
        config.sizing = .fixedShares(10)
        let result = try Backtest.run(
            bars: bars, signals: .entriesExits(entries: [true, false, false], exits: [false, true, false]),
            config: config)
        let trade = try XCTUnwrap(result.trades.first)
        XCTAssertEqual(trade.entryPrice, 10.05, accuracy: 1e-12)  // (10.05 − 9.95) / 2 at the fill bar 1
        XCTAssertEqual(trade.exitPrice, 9.9, accuracy: 1e-12)  // (10.1 − 9.9) / 2 at bar 2
        XCTAssertEqual(trade.costs.spread, 10 * (0.05 + 0.1), accuracy: 1e-12)
    }

    func testWilderATR() throws {
        let bars = try BacktestBars(
            time: [0, 1, 2, 3], open: [10, 10, 10, 10], high: [11, 12, 11, 13], low: [9, 10, 10, 10],
            close: [10, 11, 10, 12])
        let atr = Broker.wilderATR(bars: bars, period: 2)
        // TR: 2, max(2, |12−10|, |10−10|) = 2, max(1, 0, 1) = 1, max(3, 3, 2) = 3.
        XCTAssertEqual(atr[0], 2)
        XCTAssertEqual(atr[1], 2)
        XCTAssertEqual(atr[2], (2 * 1 + 1) / 2)
        XCTAssertEqual(atr[3], (1.5 * 1 + 3) / 2)
    }
}
