import Foundation
import XCTest

@testable import Backtesting

/// Prints the benchmark timings (assertions only on sanity; speed targets are checked by `lunar bench backtest`
/// in release builds, not here). Set LUNAR_BENCH=1 to run the full-size workloads.
final class BacktestBenchmarkTests: XCTestCase {
    func testBenchmarkWorkloadsRun() throws {
        let full = ProcessInfo.processInfo.environment["LUNAR_BENCH"] == "1"
        let simulationBars = try BacktestBenchmark.syntheticBars(count: full ? 1_000_000 : 20_000)
        let simulation = try BacktestBenchmark.smaCrossSimulation(bars: simulationBars, repetitions: full ? 7 : 1)
        XCTAssertGreaterThan(simulation.trades, 0)
        let endToEnd = try BacktestBenchmark.smaCrossEndToEnd(bars: simulationBars, repetitions: full ? 5 : 1)
        let sweepBars = try BacktestBenchmark.syntheticBars(count: full ? 100_000 : 5_000, seed: 2)
        let (sweep, result) = try BacktestBenchmark.smaCrossSweep(bars: sweepBars, repetitions: full ? 5 : 1)
        XCTAssertEqual(result.metrics.count, 100)
        XCTAssertNotNil(result.deflatedSharpe)
        XCTAssertNotNil(result.overfitting)
        for t in [simulation, endToEnd, sweep] {
            print(String(format: "BENCH %@ bars=%d best=%.4fs median=%.4fs ns/bar=%.2f trades=%d", t.name, t.bars,
                         t.seconds, t.medianSeconds, t.nanosecondsPerBar, t.trades))
        }
        print("BENCH sweep threads=\(result.threads) best=\(result.bestIndex) DSR=\(result.deflatedSharpe?.deflatedSharpe ?? .nan) PBO=\(result.overfitting?.pbo ?? .nan)")
    }
}
