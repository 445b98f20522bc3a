import Foundation
import MarketData

/// How a signal in [−1, 1] and a probability in [0, 1] correspond.
public enum ProbabilityMapping: Sendable, Equatable {
    /// `p = (s + 1) / 2` and `s = 2p − 1`: exact inverses on [−1, 1] ↔ [0, 1].
    case linear
    /// `p = 1 / (1 + e^(−k·s))` and `s = clip(ln(p / (1 − p)) / k)`; k > 0 is the steepness.
    case logistic(steepness: Double)
}

extension Alpha {
    /// A signal as a probability of an up move.
    ///
    ///     .linear:            p[t] = (s[t] + 1) / 2
    ///     .logistic(k):       p[t] = 1 / (1 + exp(−k · s[t]))
    ///
    /// Linear maps [−1, 1] onto [0, 1] (values outside are clipped to [−1, 1] first); logistic maps [−1, 1] onto
    /// [σ(−k), σ(k)]. NaN stays NaN. Pointwise, O(count).
    public static func toProbability(_ signal: Series, mapping: ProbabilityMapping = .linear) throws(AlphaError)
        -> Series
    {
        let out: [Double]
        switch mapping {
        case .linear: out = signal.values.map { (clip($0) + 1) / 2 }
        case .logistic(let k):
            try requirePositive("to_probability", "k", k)
            out = signal.values.map { 1 / (1 + Foundation.exp(-k * $0)) }
        }
        return signal.with(values: out, name: "probability")
    }

    /// A probability as a signal in [−1, 1]; the inverse of ``toProbability(_:mapping:)``.
    ///
    ///     .linear:            s[t] = 2 · p[t] − 1                         (p clipped to [0, 1] first)
    ///     .logistic(k):       s[t] = clip( ln(p[t] / (1 − p[t])) / k )     (p = 0 → −1, p = 1 → +1)
    ///
    /// NaN stays NaN. Pointwise, O(count).
    public static func toSignal(_ probability: Series, mapping: ProbabilityMapping = .linear) throws(AlphaError)
        -> Series
    {
        let out: [Double]
        switch mapping {
        case .linear: out = probability.values.map { p in p.isNaN ? .nan : 2 * Swift.min(1, Swift.max(0, p)) - 1 }
        case .logistic(let k):
            try requirePositive("to_signal", "k", k)
            out = probability.values.map { p in p.isNaN ? .nan : clip(Foundation.log(p / (1 - p)) / k) }
        }
        return probability.with(values: out, name: "signal")
    }

    static func requirePositive(_ function: String, _ name: String, _ value: Double) throws(AlphaError) {
        guard value > 0, value.isFinite else {
            throw .invalidParameter(function: function, name: name, value: value, requirement: "positive and finite")
        }
    }
}
