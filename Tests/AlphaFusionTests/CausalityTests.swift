import Foundation
import MarketData
import XCTest

@testable import AlphaFusion

/// "Changing the future never changes the past": for every signal, rule and the logistic fit, outputs at bars < c are
/// bit-identical when bars ≥ c are replaced by something else.
final class CausalityTests: XCTestCase {
    /// `bars` with every bar from `cut` on replaced by a different random bar (prices, range and volume).
    func perturbed(_ bars: BarSeries, from cut: Int, seed: UInt64) throws -> BarSeries {
        var rng = Xoshiro256(seed: seed)
        var o = bars.open, h = bars.high, l = bars.low, c = bars.close, v = bars.volume
        for i in cut..<bars.count {
            let base = 50 + 100 * rng.uniform()
            o[i] = base
            c[i] = base * (0.9 + 0.2 * rng.uniform())
            h[i] = max(o[i], c[i]) * (1 + 0.05 * rng.uniform())
            l[i] = min(o[i], c[i]) * (1 - 0.05 * rng.uniform())
            v[i] = 1e6 * rng.uniform()
        }
        return try BarSeries(time: bars.time, open: o, high: h, low: l, close: c, volume: v)
    }

    /// Every signal and rule computed from `bars`, by name.
    func everything(_ bars: BarSeries) throws -> [String: [Double]] {
        let close = Series(name: "close", time: bars.time, values: bars.close)
        let momentum = try Alpha.momentum(bars, period: 10)
        let reversion = try Alpha.rsiReversion(bars)
        let breakout = try Alpha.breakout(bars, period: 15)
        let volume = try Alpha.volumeSurprise(bars, period: 10)
        // A stand-in for a model probability and a book imbalance that are themselves causal.
        let probability = try Alpha.toProbability(Alpha.momentum(bars, period: 3), mapping: .logistic(steepness: 2))
        let imbalance = try Alpha.imbalance(close.combine(close.shift(1), .subtract), scale: 0.5, squash: .tanh)
        let fused = try Alpha.weightedAverage([(momentum, 0.5), (reversion, 0.3), (breakout, 0.2)])
        return [
            "momentum": momentum.values, "momentum(5, vol 30)": try Alpha.momentum(bars, period: 5, volatilityPeriod: 30).values,
            "rsi_reversion": reversion.values, "breakout": breakout.values,
            "breakout(break)": try Alpha.breakout(bars, period: 15, mode: .newExtreme).values,
            "breakout(close)": try Alpha.breakout(close, period: 7).values, "volume": volume.values,
            "imbalance": imbalance.values, "to_probability": try Alpha.toProbability(fused).values,
            "to_signal": try Alpha.toSignal(probability).values, "weighted": fused.values,
            "weighted(propagate)": try Alpha.weightedAverage([(momentum, 1), (volume, 1)], missing: .propagate).values,
            "gate": try Alpha.gate(probability: probability, alpha: fused).values,
            "confidence_weighted": try Alpha.confidenceWeighted(
                probability: probability, confidence: Alpha.agreement([momentum, reversion, breakout, volume])).values,
            "agreement": try Alpha.agreement([momentum, reversion, breakout]).values,
        ]
    }

    func testChangingLaterBarsNeverChangesEarlierOutputs() throws {
        let bars = syntheticBars(260, seed: 11)
        let original = try everything(bars)
        XCTAssertEqual(original.count, 15)
        for (k, cut) in [1, 2, 17, 40, 129, 200, 259].enumerated() {
            let changed = try everything(try perturbed(bars, from: cut, seed: UInt64(100 + k)))
            for (name, values) in original {
                let other = try XCTUnwrap(changed[name])
                assertIdentical(values, other, 0..<cut, "\(name) with bars from \(cut + 1) changed")
            }
        }
        // The check can fail: a signal that peeks one bar ahead changes at the bar before the cut.
        let ahead1 = Series(values: bars.close).shift(-1).values
        let ahead2 = Series(values: try perturbed(bars, from: 100, seed: 1).close).shift(-1).values
        XCTAssertNotEqual(ahead1[99], ahead2[99])
    }

    func testLogisticFitDoesNotReadPastTheTrainingRange() throws {
        let bars = syntheticBars(300, seed: 5)
        func fitAndPredict(_ b: BarSeries) throws -> (LogisticRegression, [Double]) {
            let features = [try Alpha.momentum(b, period: 10), try Alpha.rsiReversion(b), try Alpha.breakout(b)]
            // Label at t: the next close is higher (looks one bar ahead, hence purge = 1).
            var labels = [Double](repeating: .nan, count: b.count)
            for t in 0..<(b.count - 1) { labels[t] = b.close[t + 1] > b.close[t] ? 1 : 0 }
            let y = Series(time: b.time, values: labels)
            let model = try LogisticRegression.fit(features: features, labels: y, trainingRange: 0..<200, l2: 1e-2, purge: 1)
            return (model, try model.predict(features: features).values)
        }
        let (m1, p1) = try fitAndPredict(bars)
        XCTAssertEqual(m1.trainingRange, 0..<199)
        XCTAssertGreaterThan(m1.rowsUsed, 150)
        // Bars from 201 (0-based 200) on change: the label of row 199 (which reads bar 200) is purged, so the
        // weights are identical and so is every prediction before the change.
        let (m2, p2) = try fitAndPredict(try perturbed(bars, from: 200, seed: 9))
        XCTAssertEqual(m1, m2)
        assertIdentical(p1, p2, 0..<200, "logistic predictions")
        XCTAssertNotEqual(p1[250], p2[250], "later predictions do see the new bars")
        // Without the purge, row 199's label (which reads bar 200) is in the fit: flipping it changes the weights.
        let features = [try Alpha.momentum(bars, period: 10), try Alpha.rsiReversion(bars), try Alpha.breakout(bars)]
        var labels = (0..<bars.count).map { $0 + 1 < bars.count ? (bars.close[$0 + 1] > bars.close[$0] ? 1.0 : 0) : .nan }
        let a = try LogisticRegression.fit(features: features, labels: Series(time: bars.time, values: labels),
                                           trainingRange: 0..<200, l2: 1e-2)
        labels[199] = 1 - labels[199]
        let b = try LogisticRegression.fit(features: features, labels: Series(time: bars.time, values: labels),
                                           trainingRange: 0..<200, l2: 1e-2)
        XCTAssertNotEqual(a.weights, b.weights)
        let purged = try LogisticRegression.fit(features: features, labels: Series(time: bars.time, values: labels),
                                                trainingRange: 0..<200, l2: 1e-2, purge: 1)
        XCTAssertEqual(purged.weights, m1.weights)
    }
}
