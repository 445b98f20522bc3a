import MarketData

/// What a fusion rule does at a bar where some inputs are NaN.
public enum MissingValuePolicy: String, Sendable, CaseIterable {
    /// Average over the inputs present at that bar, with their weights renormalised (NaN only if none is present).
    case skip
    /// NaN as soon as any input is NaN.
    case propagate
    /// A missing input counts as 0 (neutral) with its full weight.
    case zero
}

extension Alpha {
    /// Weighted average of signals, with weights normalised by the sum of their absolute values.
    ///
    /// For inputs s₁ … s_m with weights w₁ … w_m and A[t] the inputs used at bar t:
    ///
    ///     f[t] = Σ_{i∈A[t]} w_i · s_i[t]  /  Σ_{i∈A[t]} |w_i|
    ///
    /// - `.skip` (default): A[t] = inputs not NaN at t; f[t] = NaN when A[t] is empty or its weights are all 0.
    /// - `.propagate`: f[t] = NaN when any input is NaN at t, else A[t] = all inputs.
    /// - `.zero`: NaN inputs count as 0 and A[t] = all inputs.
    ///
    /// Dividing by Σ|w| keeps f in [−1, 1] when the inputs are; a negative weight flips a signal. Pointwise, so
    /// causal when the inputs are. The output takes the first input's time index. O(count · m).
    ///
    /// - Throws: when there are no inputs, a weight is not finite, all weights are 0, or inputs are not aligned.
    public static func weightedAverage(_ inputs: [(signal: Series, weight: Double)],
                                       missing: MissingValuePolicy = .skip) throws(AlphaError) -> Series
    {
        guard let first = inputs.first?.signal else {
            throw .missingInput(function: "weighted", detail: "no signals to average")
        }
        for (k, input) in inputs.enumerated() {
            guard input.weight.isFinite else {
                throw .invalidParameter(function: "weighted", name: "weight \(k + 1)", value: input.weight,
                                        requirement: "finite")
            }
            try requireAligned("weighted", first, input.signal, "signal \(k + 1)")
        }
        guard inputs.contains(where: { $0.weight != 0 }) else {
            throw .invalidParameter(function: "weighted", name: "sum of |weights|", value: 0, requirement: "positive")
        }
        var out = [Double](repeating: .nan, count: first.count)
        for t in 0..<first.count {
            var numerator = 0.0, denominator = 0.0, anyMissing = false
            for input in inputs {
                var x = input.signal.values[t]
                if x.isNaN {
                    anyMissing = true
                    if missing != .zero { continue }
                    x = 0
                }
                numerator += input.weight * x
                denominator += Swift.abs(input.weight)
            }
            if missing == .propagate && anyMissing { continue }
            if denominator > 0 { out[t] = numerator / denominator }
        }
        return first.with(values: out, name: "weighted")
    }
}
