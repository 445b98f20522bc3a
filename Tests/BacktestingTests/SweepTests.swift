import Foundation
import XCTest

@testable import Backtesting

/// Parallel sweeps: same answers as sequential runs, thread caps, objective validation.
final class SweepTests: XCTestCase {
    func testParallelMapKeepsOrderAndRethrows() throws {
        XCTAssertEqual(try ParameterSweep.parallelMap(count: 100, threads: 4) { $0 * $0 }, (0..<100).map { $0 * $0 })
        struct Boom: Error {}
        XCTAssertThrowsError(try ParameterSweep.parallelMap(count: 10) { i -> Int in if i == 7 { throw Boom() }; return i })
    }

    func testThreadCap() {
        setenv(ParameterSweep.threadsEnvironmentVariable, "1", 1)
        XCTAssertEqual(ParameterSweep.threadCount(), 1)
        unsetenv(ParameterSweep.threadsEnvironmentVariable)
        XCTAssertEqual(ParameterSweep.threadCount(), ProcessInfo.processInfo.activeProcessorCount)
        XCTAssertEqual(ParameterSweep.threadCount(requested: 1), 1)
    }

    func testSweepMatchesSingleRuns() throws {
        let bars = TestData.randomWalk(count: 3000, seed: 8)
        var config = BacktestConfig.backtestingPy(commission: 0.001)
        config.periodsPerYear = 252
        let (grid, parallel) = try ParameterSweep.smaCross(
            bars: bars, fast: [5, 8, 30], slow: [20, 25], config: config, threads: 2)
        XCTAssertEqual(grid, [SMACrossParameters(fast: 5, slow: 20), SMACrossParameters(fast: 5, slow: 25),
                              SMACrossParameters(fast: 8, slow: 20), SMACrossParameters(fast: 8, slow: 25)])
        let (_, sequential) = try ParameterSweep.smaCross(
            bars: bars, fast: [5, 8, 30], slow: [20, 25], config: config, threads: 1)
        XCTAssertEqual(parallel.metrics, sequential.metrics)
        for (i, p) in grid.enumerated() {
            let single = try Backtest.run(
                bars: bars, signals: SMACross.signals(close: bars.close, fast: p.fast, slow: p.slow), config: config)
            XCTAssertEqual(parallel.metrics[i], single.metrics)
        }
        let sharpes = parallel.metrics.map(\.sharpe)
        XCTAssertEqual(parallel.bestIndex, sharpes.indices.max { sharpes[$0] < sharpes[$1] })
        XCTAssertNotNil(parallel.deflatedSharpe)
        XCTAssertEqual(parallel.overfitting?.strategies, 4)
    }

    func testUnknownObjectiveSuggestsAKey() throws {
        let bars = TestData.randomWalk(count: 100)
        XCTAssertThrowsError(
            try ParameterSweep.run(bars: bars, signals: [.targetPosition([Double](repeating: 1, count: 100))],
                                   config: BacktestConfig(), objective: "sharp")
        ) { error in
            XCTAssertEqual("\(error)", "unknown option 'sharp'; did you mean 'sharpe'?")
        }
    }
}
