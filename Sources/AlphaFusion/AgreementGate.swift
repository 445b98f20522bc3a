import MarketData

extension Alpha {
    /// Agreement gating: trade only when the model's probability and an alpha signal agree strongly enough.
    ///
    /// With the model's probability P, the alpha A, thresholds p ∈ [0.5, 1] and q ∈ [0, 1]:
    ///
    ///     g[t] = +1  if P[t] > p       and A[t] > q
    ///            −1  if P[t] < 1 − p   and A[t] < −q      (only when short trades are allowed)
    ///             0  otherwise (including when P[t] or A[t] is NaN: a missing input keeps the gate closed)
    ///
    /// Inequalities are strict, so a value exactly at a threshold does not open the gate. Pointwise, so causal when
    /// the inputs are. The output is a target position (+1 long, −1 short, 0 flat) on P's time index. O(count).
    ///
    /// - Parameters:
    ///   - probability: the model's probability of an up move (e.g. the LSTM's `predict_series`).
    ///   - alpha: a signal in [−1, 1].
    ///   - probabilityThreshold: p (default 0.55).
    ///   - alphaThreshold: q (default 0.2).
    ///   - allowShort: whether the −1 branch is used (default true).
    public static func gate(probability: Series, alpha: Series, probabilityThreshold: Double = 0.55,
                            alphaThreshold: Double = 0.2, allowShort: Bool = true) throws(AlphaError) -> Series
    {
        try require("gate", "p", probabilityThreshold, in: 0.5...1)
        try require("gate", "q", alphaThreshold, in: 0...1)
        try requireAligned("gate", probability, alpha, "alpha")
        let p = probabilityThreshold, q = alphaThreshold
        var out = [Double](repeating: 0, count: probability.count)
        for t in 0..<probability.count {
            let P = probability.values[t], A = alpha.values[t]
            if P > p && A > q {
                out[t] = 1
            } else if allowShort && P < 1 - p && A < -q {
                out[t] = -1
            }
        }
        return probability.with(values: out, name: "gate")
    }
}
