import Foundation
import Indicators
import MarketData
import XCTest

@testable import AlphaFusion

/// Each signal against its formula written out by hand on tiny inputs.
final class SignalsTests: XCTestCase {
    func testMomentumMatchesClosedFormOnTinyInput() throws {
        let close = [100.0, 101, 99, 102, 104]
        // period 2, window 2: R = r[t−1] + r[t] and σ·√2 = |r[t−1] − r[t]| (sample std of two values × √2).
        let r = [Double.nan] + (1..<close.count).map { log(close[$0] / close[$0 - 1]) }
        var expected = [Double](repeating: .nan, count: close.count)
        for t in 2..<close.count { expected[t] = tanh((r[t - 1] + r[t]) / abs(r[t - 1] - r[t])) }
        let s = try Alpha.momentum(series(close), period: 2)
        assertValues(s.values, expected, "momentum(2)")
        XCTAssertEqual(s.name, "momentum_2")

        // period 1, window 3: tanh(r[t] / std(r[t−2], r[t−1], r[t])).
        let m = try Alpha.momentum(series(close), period: 1, volatilityPeriod: 3)
        func std3(_ a: Double, _ b: Double, _ c: Double) -> Double {
            let mean = (a + b + c) / 3
            return (((a - mean) * (a - mean) + (b - mean) * (b - mean) + (c - mean) * (c - mean)) / 2).squareRoot()
        }
        assertValues(m.values, [.nan, .nan, .nan, tanh(r[3] / std3(r[1], r[2], r[3])), tanh(r[4] / std3(r[2], r[3], r[4]))],
                     "momentum(1, vol 3)")
    }

    func testMomentumLimitsWithZeroVolatility() throws {
        XCTAssertEqual(Array(try Alpha.momentum(series([5, 5, 5, 5]), period: 2).values.dropFirst(2)), [0, 0])
        let growth = (0..<6).map { 100 * pow(1.01, Double($0)) }  // constant log return: σ ≈ 0
        let s = try Alpha.momentum(series(growth), period: 2).values
        for t in 2..<6 { XCTAssertEqual(s[t], 1, accuracy: 1e-12) }
    }

    func testRSIReversionIsFiftyMinusTALibRSIOverFifty() throws {
        let b = syntheticBars(400)
        for period in [2, 14, 30] {
            let rsi = try TA.rsi(b.close, timePeriod: period)
            let s = try Alpha.rsiReversion(b, period: period)
            assertValues(s.values, rsi.map { (50 - $0) / 50 }, tolerance: 0, "rsi_reversion(\(period))")
            XCTAssertEqual(s.time, b.time)
        }
        // RSI 100 (only gains) → −1; RSI 0 (only losses) → +1.
        XCTAssertEqual(try Alpha.rsiReversion(series([1, 2, 3, 4, 5]), period: 2).values.last, -1)
        XCTAssertEqual(try Alpha.rsiReversion(series([5, 4, 3, 2, 1]), period: 2).values.last, 1)
        XCTAssertThrowsError(try Alpha.rsiReversion(series([1, 2, 3]), period: 1))
    }

    func testBreakoutPositionInTheDonchianChannel() throws {
        let b = try bars(high: [10, 12, 11, 13], low: [8, 9, 7, 10], close: [9, 11, 8, 12])
        // t=1: channel [8, 12], close 11 → 2·3/4 − 1; t=2: [7, 12], 8 → 2·1/5 − 1; t=3: [7, 13], 12 → 2·5/6 − 1.
        assertValues(try Alpha.breakout(b, period: 2).values, [.nan, 0.5, -0.6, 2.0 * 5 / 6 - 1], "position")
        // A flat channel is neutral.
        assertValues(try Alpha.breakout(series([3, 3, 3]), period: 2).values, [.nan, 0, 0], "flat")
    }

    func testBreakoutNewExtremes() throws {
        let b = try bars(high: [10, 12, 11, 15, 14], low: [8, 9, 5, 10, 9], close: [9, 11, 6, 14, 11])
        // t=2: previous channel [8, 12], close 6 < 8 → −1; t=3: [5, 12], 14 > 12 → +1; t=4: [5, 15], 11 → 0.
        assertValues(try Alpha.breakout(b, period: 2, mode: .newExtreme).values, [.nan, .nan, -1, 1, 0], "break")
        // Equal to the previous high is not a breakout.
        assertValues(try Alpha.breakout(series([1, 2, 2]), period: 2, mode: .newExtreme).values, [.nan, .nan, 0], "tie")
    }

    func testVolumeSurpriseSignedByDirection() throws {
        let b = try bars(high: [10, 11, 12, 11], low: [10, 11, 12, 11], close: [10, 11, 12, 11],
                         volume: [100, 200, 300, 100])
        // Baseline of the previous two volumes: mean 150 / 250, std 100/√2 both times; z = +150/(100/√2) on an up
        // bar, then −150/(100/√2) on a down bar: both +tanh(1.5·√2).
        let expected = tanh(1.5 * 2.0.squareRoot())
        assertValues(try Alpha.volumeSurprise(b, period: 2).values, [.nan, .nan, expected, expected], "volume")
        // An unchanged close gives 0; a zero-variance baseline gives ±1.
        let flat = try bars(high: [1, 1, 1, 2], low: [1, 1, 1, 2], close: [1, 1, 1, 2], volume: [5, 5, 9, 9])
        assertValues(try Alpha.volumeSurprise(flat, period: 2).values, [.nan, .nan, 0, tanh(2 / (2 * 2.0.squareRoot()))],
                     "unchanged close")
        let quiet = try bars(high: [1, 1, 1, 0.5], low: [1, 1, 1, 0.5], close: [1, 1, 1, 0.5], volume: [5, 5, 5, 9])
        assertValues(try Alpha.volumeSurprise(quiet, period: 2).values, [.nan, .nan, 0, -1], "zero-variance baseline")
    }

    func testImbalanceClipAndTanh() throws {
        let x = series([-2, -0.5, 0, 0.3, 1.5, .nan])
        assertValues(try Alpha.imbalance(x).values, [-1, -0.5, 0, 0.3, 1, .nan], "clip")
        assertValues(try Alpha.imbalance(x, scale: 2, squash: .tanh).values,
                     [tanh(-4), tanh(-1), 0, tanh(0.6), tanh(3), .nan], "tanh")
        XCTAssertThrowsError(try Alpha.imbalance(x, scale: 0))
    }

    func testEverySignalStaysInRange() throws {
        let b = syntheticBars(500, seed: 3)
        let signals = [
            try Alpha.momentum(b), try Alpha.momentum(b, period: 5, volatilityPeriod: 30), try Alpha.rsiReversion(b),
            try Alpha.breakout(b), try Alpha.breakout(b, mode: .newExtreme), try Alpha.volumeSurprise(b),
        ]
        for s in signals {
            XCTAssertEqual(s.count, b.count)
            XCTAssertEqual(s.time, b.time, s.name)
            let valid = s.values.filter { !$0.isNaN }
            XCTAssertGreaterThan(valid.count, 400, s.name)
            XCTAssertTrue(valid.allSatisfy { (-1...1).contains($0) }, s.name)
            XCTAssertGreaterThan(Set(valid).count, 2, "\(s.name) is not constant")
        }
    }

    func testInvalidParametersAreNamed() {
        XCTAssertThrowsError(try Alpha.momentum(series([1, 2]), period: 0)) {
            XCTAssertEqual("\($0)", "momentum: period = 0 must be at least 1")
        }
        XCTAssertThrowsError(try Alpha.volumeSurprise(syntheticBars(10), period: 1)) {
            XCTAssertEqual("\($0)", "volume: period = 1 must be at least 2")
        }
    }
}
