import Foundation
import MarketData
import XCTest

@testable import AlphaFusion

/// Converters and fusion rules against their formulas; the gate against its full truth table.
final class FusionRulesTests: XCTestCase {
    func testLinearConvertersAreInverse() throws {
        let s = series([-1, -0.5, 0, 0.25, 1, .nan, 3])
        let p = try Alpha.toProbability(s)
        assertValues(p.values, [0, 0.25, 0.5, 0.625, 1, .nan, 1], "to_probability")
        assertValues(try Alpha.toSignal(p).values, [-1, -0.5, 0, 0.25, 1, .nan, 1], "round trip")
        assertValues(try Alpha.toSignal(series([0.9, -0.2])).values, [0.8, -1], "to_signal clips p")
    }

    func testLogisticConverters() throws {
        let s = series([-1, -0.3, 0, 0.6, 1])
        let p = try Alpha.toProbability(s, mapping: .logistic(steepness: 4))
        assertValues(p.values, s.values.map { 1 / (1 + exp(-4 * $0)) }, "logistic")
        assertValues(try Alpha.toSignal(p, mapping: .logistic(steepness: 4)).values, s.values, tolerance: 1e-12, "inverse")
        assertValues(try Alpha.toSignal(series([0, 1, 0.5]), mapping: .logistic(steepness: 2)).values, [-1, 1, 0], "ends")
        XCTAssertThrowsError(try Alpha.toProbability(s, mapping: .logistic(steepness: 0)))
    }

    func testWeightedAverageNormalisesWeightsAndHandlesNaNExplicitly() throws {
        let a = series([1, 0.5, .nan, .nan, -1])
        let b = series([0, -0.5, 0.4, .nan, 1])
        let inputs: [(signal: Series, weight: Double)] = [(a, 3), (b, 1)]
        // skip: (3a + b)/4 where both present; b alone (weight renormalised) at t=2; NaN at t=3.
        assertValues(try Alpha.weightedAverage(inputs).values, [0.75, 0.25, 0.4, .nan, -0.5], "skip")
        assertValues(try Alpha.weightedAverage(inputs, missing: .propagate).values, [0.75, 0.25, .nan, .nan, -0.5], "propagate")
        assertValues(try Alpha.weightedAverage(inputs, missing: .zero).values, [0.75, 0.25, 0.1, 0, -0.5], "zero")
        // A negative weight flips a signal and the sum of |w| keeps the result in [−1, 1].
        assertValues(try Alpha.weightedAverage([(a, 1), (b, -1)]).values, [0.5, 0.5, -0.4, .nan, -1], "negative")
        XCTAssertThrowsError(try Alpha.weightedAverage([(a, 0), (b, 0)]))
        XCTAssertThrowsError(try Alpha.weightedAverage([]))
        XCTAssertThrowsError(try Alpha.weightedAverage([(a, 1), (series([1, 2]), 1)])) {
            XCTAssertTrue("\($0)".hasPrefix("weighted: inputs are not aligned (signal 2"), "\($0)")
        }
    }

    func testGateTruthTable() throws {
        // Every combination of P below 1−p, between, at the thresholds, above p (and NaN) with A below −q, at −q,
        // between, at q, above q (and NaN), p = 0.6, q = 0.2.
        let ps: [Double] = [0.3, 0.4, 0.5, 0.6, 0.7, .nan]
        let alphas: [Double] = [-0.5, -0.2, 0, 0.2, 0.5, .nan]
        var P: [Double] = [], A: [Double] = [], expected: [Double] = [], longOnly: [Double] = []
        for p in ps {
            for a in alphas {
                P.append(p)
                A.append(a)
                let long = p > 0.6 && a > 0.2, short = p < 0.4 && a < -0.2
                expected.append(long ? 1 : (short ? -1 : 0))
                longOnly.append(long ? 1 : 0)
            }
        }
        // Spelled out: long only at (0.7, 0.5), short only at (0.3, −0.5).
        XCTAssertEqual(expected.filter { $0 == 1 }.count, 1)
        XCTAssertEqual(expected.filter { $0 == -1 }.count, 1)
        let g = try Alpha.gate(probability: series(P), alpha: series(A), probabilityThreshold: 0.6, alphaThreshold: 0.2)
        XCTAssertEqual(g.values, expected)
        XCTAssertEqual(g.values[4 * 6 + 4], 1)
        XCTAssertEqual(g.values[0 * 6 + 0], -1)
        let l = try Alpha.gate(probability: series(P), alpha: series(A), probabilityThreshold: 0.6, alphaThreshold: 0.2,
                               allowShort: false)
        XCTAssertEqual(l.values, longOnly)
        XCTAssertThrowsError(try Alpha.gate(probability: series(P), alpha: series(A), probabilityThreshold: 0.4))
        XCTAssertThrowsError(try Alpha.gate(probability: series(P), alpha: series(A), alphaThreshold: -0.1))
    }

    func testConfidenceWeighting() throws {
        let p = series([0.9, 0.2, 0.5, .nan, 0.7])
        let c = series([1, 0.5, 1, 1, 2])
        assertValues(try Alpha.confidenceWeighted(probability: p, confidence: c).values, [0.8, -0.3, 0, .nan, 0.4], "series")
        assertValues(Alpha.confidenceWeighted(probability: p, confidence: 0.5).values, [0.4, -0.3, 0, .nan, 0.2], "number")
    }

    func testAgreementOfAnEnsemble() throws {
        let m1 = series([0.7, 0.7, 0.7, 0.5, .nan])
        let m2 = series([0.6, 0.4, 0.8, 0.6, .nan])
        let m3 = series([0.9, 0.3, .nan, 0.4, .nan])
        // t0: all up → 1; t1: one up, two down → 1/3; t2: two up (one NaN) → 1; t3: 0 + 1 − 1 → 0; t4: none → NaN.
        assertValues(try Alpha.agreement([m1, m2, m3], center: 0.5).values, [1, 1.0 / 3, 1, 0, .nan], "agreement")
        // Signals centred on 0.
        assertValues(try Alpha.agreement([series([0.2, -0.1]), series([0.5, 0.3])]).values, [1, 0], "signals")
    }
}
