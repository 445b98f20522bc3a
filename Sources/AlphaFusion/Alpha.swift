import Foundation
import MarketData

/// Namespace of the alpha signals and fusion rules.
///
/// **Signals** (``momentum(_:period:volatilityPeriod:)``, ``rsiReversion(_:period:)``,
/// ``breakout(_:period:mode:)``, ``volumeSurprise(_:period:)``, ``imbalance(_:scale:squash:)``) map market data to a
/// `Series` in [−1, 1]: +1 is the strongest bullish reading, −1 the strongest bearish one, 0 neutral, NaN where the
/// signal is not yet defined (warm-up) or an input is missing. Every signal is *causal*: its value at bar t is a
/// function of the inputs at bars ≤ t only, so changing bar t+1 or later never changes it.
///
/// **Converters** (``toProbability(_:mapping:)``, ``toSignal(_:mapping:)``) move between signals in [−1, 1] and
/// probabilities in [0, 1].
///
/// **Fusion rules** combine signals bar by bar: ``weightedAverage(_:missing:)``,
/// ``gate(probability:alpha:probabilityThreshold:alphaThreshold:allowShort:)``,
/// ``confidenceWeighted(probability:confidence:)`` with ``agreement(_:center:)``, and learned weights with
/// ``LogisticRegression``, fitted on an explicit training range only.
///
/// The formulas are written out on each function and in `docs/alpha-fusion.md`.
public enum Alpha {}

extension Alpha {
    /// Throws unless `value` is at least `minimum`.
    static func require(_ function: String, _ name: String, _ value: Int, atLeast minimum: Int) throws(AlphaError) {
        guard value >= minimum else {
            throw .invalidParameter(function: function, name: name, value: Double(value), requirement: "at least \(minimum)")
        }
    }

    /// Throws unless `value` is a finite number in `range`.
    static func require(_ function: String, _ name: String, _ value: Double, in range: ClosedRange<Double>)
        throws(AlphaError)
    {
        guard value.isFinite, range.contains(value) else {
            throw .invalidParameter(
                function: function, name: name, value: value,
                requirement: "in [\(format(range.lowerBound)), \(format(range.upperBound))]")
        }
    }

    /// A number for messages: integers without a decimal point.
    static func format(_ x: Double) -> String {
        x == x.rounded() && Swift.abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }

    /// Throws unless `b` has the length and time index of `a`.
    static func requireAligned(_ function: String, _ a: Series, _ b: Series, _ what: String) throws(AlphaError) {
        do { try a.checkAligned(b) } catch {
            throw .notAligned(function: function, detail: "\(what): \(error.description)")
        }
    }

    /// −1, 0 or +1 (NaN stays NaN).
    @inline(__always)
    static func sign(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return x > 0 ? 1 : (x < 0 ? -1 : 0)
    }

    /// `x` limited to [−1, 1] (NaN stays NaN).
    @inline(__always)
    static func clip(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        return Swift.min(1, Swift.max(-1, x))
    }

    /// Mean and sample standard deviation (ddof = 1) of `x[lo..<hi]`, NaN when any value is NaN or fewer than
    /// two values. Computed from scratch for each window (two passes), so the result depends on the window only.
    static func meanAndStd(_ x: [Double], _ lo: Int, _ hi: Int) -> (mean: Double, std: Double) {
        let m = hi - lo
        guard m >= 2 else { return (.nan, .nan) }
        var sum = 0.0
        for i in lo..<hi {
            if x[i].isNaN { return (.nan, .nan) }
            sum += x[i]
        }
        let mean = sum / Double(m)
        var ss = 0.0
        for i in lo..<hi {
            let d = x[i] - mean
            ss += d * d
        }
        return (mean, (ss / Double(m - 1)).squareRoot())
    }

    /// `numerator / denominator` squashed with tanh, where a zero denominator gives the limit: 0 when the numerator
    /// is 0 too, else ±1.
    @inline(__always)
    static func tanhRatio(_ numerator: Double, _ denominator: Double) -> Double {
        if numerator.isNaN || denominator.isNaN { return .nan }
        if denominator == 0 { return sign(numerator) }
        return Foundation.tanh(numerator / denominator)
    }
}

