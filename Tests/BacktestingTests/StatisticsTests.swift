import XCTest

@testable import Backtesting

/// Statistics helpers against small hand-computed cases (the full set is checked against backtesting.py in
/// BacktestOracleTests).
final class StatisticsTests: XCTestCase {
    func testGeometricMean() {
        XCTAssertEqual(Statistics.geometricMean([0.1, -0.1]), (1.1 * 0.9).squareRoot() - 1, accuracy: 1e-15)
        XCTAssertEqual(Statistics.geometricMean([0.5, -1]), 0)  // a return of −100% makes it 0, as backtesting.py
        XCTAssertTrue(Statistics.geometricMean([]).isNaN)
    }

    func testDrawdown() {
        XCTAssertEqual(Statistics.drawdown(equity: [100, 120, 90, 120, 130]), [0, 0, 0.25, 0, 0])
    }

    func testPeriodsPerYear() {
        let day: Int64 = 86_400
        let monday: Int64 = 4 * day  // 1970-01-05
        let weekdays = (0..<200).compactMap { i -> Int64? in i % 7 < 5 ? monday + Int64(i) * day : nil }
        XCTAssertEqual(Statistics.periodsPerYear(times: weekdays), 252)
        XCTAssertEqual(Statistics.periodsPerYear(times: (0..<200).map { monday + Int64($0) * day }), 365)
        XCTAssertEqual(Statistics.periodsPerYear(times: (0..<50).map { monday + Int64($0) * 7 * day }), 52)
        XCTAssertEqual(CalendarMath.dayOfWeek(monday), 0)
        XCTAssertEqual(CalendarMath.dayOfWeek(monday - day), 6)
    }

    func testIntradayEquityIsResampledToDays() {
        let t0: Int64 = 18_000 * 86_400 + 9 * 3600
        let times = [t0, t0 + 60, t0 + 86_400, t0 + 86_460, t0 + 2 * 86_400]
        let returns = Statistics.periodReturns(equity: [100, 101, 103, 104, 102], times: times)
        XCTAssertEqual(returns.count, 2)
        XCTAssertEqual(returns[0], 104.0 / 101 - 1, accuracy: 1e-15)
        XCTAssertEqual(returns[1], 102.0 / 104 - 1, accuracy: 1e-15)
    }

    func testDurationsCeilToTheDataResolution() {
        XCTAssertEqual(Statistics.resolutionSeconds(period: 86_400), 86_400)
        XCTAssertEqual(Statistics.resolutionSeconds(period: 60), 60)
        XCTAssertEqual(Statistics.ceilMean(sum: 3 * 86_400 + 1, count: 1, unit: 86_400), 4 * 86_400)
        XCTAssertEqual(Statistics.ceilMean(sum: 10 * 86_400, count: 4, unit: 86_400), 3 * 86_400)
        XCTAssertEqual(Statistics.ceilMean(sum: 8 * 86_400, count: 4, unit: 86_400), 2 * 86_400)
    }

    func testPairwiseSumFollowsNumPy() {
        XCTAssertEqual(NumericSum.pairwise([1, 2, 3]), 6)
        let values = (0..<1000).map { 1.0 / Double($0 + 1) }
        XCTAssertEqual(NumericSum.pairwise(values), values.reduce(0, +), accuracy: 1e-12)
        // 0.1 added ten times: NumPy's 8-accumulator order gives exactly 1.0 where a running sum does not.
        let tenths = [Double](repeating: 0.1, count: 10)
        XCTAssertEqual(NumericSum.pairwise(tenths), 1.0)
        XCTAssertNotEqual(tenths.reduce(0, +), 1.0)
        XCTAssertEqual(NumericSum.variance([1, 2, 3, 4], ddof: 1), 5.0 / 3, accuracy: 1e-15)
    }

    func testMetricKeysIncludeTheIssueKeys() {
        for key in ["return_pct", "equity_final", "trades", "win_rate_pct", "max_drawdown_pct", "sharpe", "sortino",
                    "calmar", "exposure_pct", "profit_factor", "avg_trade_pct", "expectancy_pct", "sqn", "commissions",
                    "buy_hold_return_pct", "cagr_pct", "volatility_ann_pct", "max_drawdown_duration_days", "turnover"] {
            XCTAssertTrue(BacktestMetrics.keys.contains(key), key)
        }
        XCTAssertEqual(Set(BacktestMetrics.keys).count, BacktestMetrics.keys.count)
    }
}
