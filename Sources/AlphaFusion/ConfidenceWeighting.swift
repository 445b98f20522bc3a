import MarketData

extension Alpha {
    /// The model's signal scaled by a confidence: strong only when the model is both decided and trusted.
    ///
    ///     f[t] = (2 · P[t] − 1) · clamp(c[t], 0, 1)
    ///
    /// with P the model's probability and c a confidence in [0, 1] (values outside are clamped), e.g. the
    /// ensemble's ``agreement(_:center:)`` or `1 − 2·std` from `lunar.nn` ensembles. NaN in P or c gives NaN.
    /// Pointwise, so causal when the inputs are. O(count).
    public static func confidenceWeighted(probability: Series, confidence: Series) throws(AlphaError) -> Series {
        try requireAligned("confidence_weighted", probability, confidence, "confidence")
        var out = [Double](repeating: .nan, count: probability.count)
        for t in 0..<probability.count {
            out[t] = weighted(probability.values[t], confidence.values[t])
        }
        return probability.with(values: out, name: "confidence_weighted")
    }

    /// The model's signal scaled by one constant confidence; see ``confidenceWeighted(probability:confidence:)``.
    public static func confidenceWeighted(probability: Series, confidence: Double) -> Series {
        probability.with(values: probability.values.map { weighted($0, confidence) }, name: "confidence_weighted")
    }

    @inline(__always)
    private static func weighted(_ p: Double, _ c: Double) -> Double {
        if p.isNaN || c.isNaN { return .nan }
        return (2 * p - 1) * Swift.min(1, Swift.max(0, c))
    }

    /// How much an ensemble agrees on the direction: 1 when all members point the same way, 0 when split evenly.
    ///
    /// For members x₁ … x_m (signals, or probabilities with center 0.5) and M[t] the members not NaN at t:
    ///
    ///     a[t] = | Σ_{i∈M[t]} sign(x_i[t] − center) |  /  |M[t]|          (NaN when M[t] is empty)
    ///
    /// A member exactly at the center counts as undecided (sign 0). For an ensemble without undecided members this
    /// is `2 · share − 1`, where share is the fraction of members on the majority's side. Pointwise, so causal when
    /// the inputs are. The output takes the first member's time index. O(count · m).
    public static func agreement(_ members: [Series], center: Double = 0) throws(AlphaError) -> Series {
        guard let first = members.first else {
            throw .missingInput(function: "agreement", detail: "no members")
        }
        guard center.isFinite else {
            throw .invalidParameter(function: "agreement", name: "center", value: center, requirement: "finite")
        }
        for (k, m) in members.enumerated() { try requireAligned("agreement", first, m, "member \(k + 1)") }
        var out = [Double](repeating: .nan, count: first.count)
        for t in 0..<first.count {
            var total = 0.0, present = 0
            for m in members where !m.values[t].isNaN {
                total += sign(m.values[t] - center)
                present += 1
            }
            if present > 0 { out[t] = Swift.abs(total) / Double(present) }
        }
        return first.with(values: out, name: "agreement")
    }
}
