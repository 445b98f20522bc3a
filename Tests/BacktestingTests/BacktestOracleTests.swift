import Foundation
import XCTest

@testable import Backtesting

/// The key oracle: backtesting.py 0.6.6 run by scripts/oracles/backtest_sma_cross.py, results committed as JSON.
final class BacktestOracleTests: XCTestCase {
    /// Runs the SMA n1/n2 cross with backtesting.py's assumptions and compares trades, equity and every metric.
    private func checkAgainstOracle(bars: BacktestBars, fixture name: String, file: StaticString = #filePath,
                                    line: UInt = #line) throws {
        let expected = try TestData.fixture(name)
        let params = try XCTUnwrap(expected["params"] as? [String: Any])
        let n1 = try XCTUnwrap(params["n1"] as? Int), n2 = try XCTUnwrap(params["n2"] as? Int)
        let commission = try XCTUnwrap(params["commission"] as? Double)
        XCTAssertEqual(bars.count, expected["bar_count"] as? Int, file: file, line: line)

        let fast = TestData.sma(bars.close, n1), slow = TestData.sma(bars.close, n2)
        var config = BacktestConfig.backtestingPy(cash: 10_000, commission: commission)
        config.warmupBars = n2 - 1
        let result = try Backtest.run(
            bars: bars,
            signals: .entriesExits(entries: TestData.crossover(fast, slow), exits: TestData.crossover(slow, fast)),
            config: config)

        // Trades, one by one.
        let trades = try XCTUnwrap(expected["trades"] as? [[String: Any]])
        XCTAssertEqual(result.trades.count, trades.count, "number of trades", file: file, line: line)
        for (i, (actual, want)) in zip(result.trades, trades).enumerated() {
            XCTAssertEqual(actual.entryBar, want["entry_bar"] as? Int, "trade \(i) entry bar", file: file, line: line)
            XCTAssertEqual(actual.exitBar, want["exit_bar"] as? Int, "trade \(i) exit bar", file: file, line: line)
            XCTAssertEqual(actual.size, Double(want["size"] as? Int ?? -1), "trade \(i) size", file: file, line: line)
            XCTAssertEqual(actual.entryTime, (want["entry_time"] as? NSNumber)?.int64Value, file: file, line: line)
            XCTAssertEqual(actual.exitTime, (want["exit_time"] as? NSNumber)?.int64Value, file: file, line: line)
            assertRelative(actual.entryPrice, want["entry_price"] as? Double, 1e-15, "trade \(i) entry price")
            assertRelative(actual.exitPrice, want["exit_price"] as? Double, 1e-15, "trade \(i) exit price")
            assertRelative(actual.pnl, want["pnl"] as? Double, 1e-9, "trade \(i) pnl")
            assertRelative(actual.commission, want["commission"] as? Double, 1e-9, "trade \(i) commission")
            assertRelative(actual.returnPct, want["return_pct"] as? Double, 1e-9, "trade \(i) return")
        }
        let open = try XCTUnwrap(expected["open_trades"] as? [[String: Any]])
        XCTAssertEqual(result.openTrades.count, open.count, "open trades", file: file, line: line)
        for (actual, want) in zip(result.openTrades, open) {
            XCTAssertEqual(actual.entryBar, want["entry_bar"] as? Int, file: file, line: line)
            XCTAssertEqual(actual.size, Double(want["size"] as? Int ?? -1), file: file, line: line)
        }

        // Equity curve, bar by bar.
        let equity = try XCTUnwrap(expected["equity"] as? [Double])
        XCTAssertEqual(result.equity.count, equity.count, file: file, line: line)
        var worst = 0.0
        for (a, e) in zip(result.equity, equity) { worst = max(worst, abs(a - e) / abs(e)) }
        XCTAssertLessThanOrEqual(worst, 1e-12, "largest relative equity difference", file: file, line: line)

        // Every metric of the spec.
        let metrics = try XCTUnwrap(expected["metrics"] as? [String: Any])
        var checked = 0
        for (key, value) in metrics.sorted(by: { $0.key < $1.key }) {
            let want = (value as? NSNumber)?.doubleValue
            let actual: Double
            switch key {
            case "duration_seconds": actual = Double(result.metrics.endTime - result.metrics.startTime)
            case let k where k.hasSuffix("_duration_seconds"):
                let daysKey = String(k.dropLast("_seconds".count)) + "_days"
                actual = try XCTUnwrap(result.metrics.value(forKey: daysKey), daysKey) * 86_400
            case "commissions" where want == nil:
                actual = result.metrics.commissions == 0 ? .nan : result.metrics.commissions
            default:
                actual = try XCTUnwrap(result.metrics.value(forKey: key), "metric \(key) missing")
            }
            assertRelative(actual, want, 1e-9, "\(name): \(key)", file: file, line: line)
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 30, file: file, line: line)
    }

    func testAAPLSMACrossMatchesBacktestingPy() throws {
        try checkAgainstOracle(bars: TestData.loadCSV("AAPL_daily_2004_2018.csv"),
                               fixture: "aapl_sma_cross_expected.json")
    }

    func testSPYSMACrossMatchesBacktestingPy() throws {
        try checkAgainstOracle(bars: TestData.loadCSV("SPY_daily_2008_2017.csv"), fixture: "spy_sma_cross_expected.json")
    }

    func testIntradaySMACrossMatchesBacktestingPy() throws {
        try checkAgainstOracle(bars: TestData.loadCSV("SP500_1min_2019-11.csv"),
                               fixture: "sp500_1min_sma_cross_expected.json")
    }

    /// Integer prices make sma10 == sma20 happen: a tie swallows a cross, and an up-cross while long closes and
    /// re-opens at the next open (two commissions), as backtesting.py does with exclusive orders.
    func testSMATiesAndReentryMatchBacktestingPy() throws {
        let expected = try TestData.fixture("synthetic_ties_expected.json")
        let b = try XCTUnwrap(expected["bars"] as? [String: Any])
        let bars = try BacktestBars(
            time: try XCTUnwrap(b["time"] as? [NSNumber]).map(\.int64Value),
            open: try XCTUnwrap(b["open"] as? [Double]), high: try XCTUnwrap(b["high"] as? [Double]),
            low: try XCTUnwrap(b["low"] as? [Double]), close: try XCTUnwrap(b["close"] as? [Double]))
        let fast = TestData.sma(bars.close, 10), slow = TestData.sma(bars.close, 20)
        XCTAssertGreaterThan(zip(fast, slow).filter { $0 == $1 }.count, 0, "the fixture must contain ties")
        try checkAgainstOracle(bars: bars, fixture: "synthetic_ties_expected.json")
        // And the re-entries are there.
        var config = BacktestConfig.backtestingPy(commission: 0.002)
        config.warmupBars = 19
        let result = try Backtest.run(
            bars: bars,
            signals: .entriesExits(entries: TestData.crossover(fast, slow), exits: TestData.crossover(slow, fast)),
            config: config)
        let reopened = zip(result.trades, result.trades.dropFirst()).filter { $0.exitBar == $1.entryBar }
        XCTAssertEqual(reopened.count, 3)
        XCTAssertTrue(reopened.allSatisfy { $0.0.exitReason == .reversal })
        // vectorbt's behaviour keeps the trade instead.
        config.sameSideEntry = .ignore
        let ignoring = try Backtest.run(
            bars: bars,
            signals: .entriesExits(entries: TestData.crossover(fast, slow), exits: TestData.crossover(slow, fast)),
            config: config)
        XCTAssertEqual(ignoring.trades.count, result.trades.count - 3)
    }
}
