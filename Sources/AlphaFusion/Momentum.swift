import Foundation
import MarketData

extension Alpha {
    /// Momentum: the n-bar log return in units of its own noise, squashed to [−1, 1].
    ///
    /// With prices `C`, one-bar log returns `r[k] = ln(C[k] / C[k−1])`, period `n` and volatility window `w`:
    ///
    ///     R[t] = ln(C[t] / C[t−n])                      (the n-bar log return = r[t−n+1] + … + r[t])
    ///     σ[t] = sample std (ddof 1) of r[t−w+1] … r[t]
    ///     s[t] = tanh( R[t] / (σ[t] · √n) )
    ///
    /// `R / (σ√n)` is the z-score of the n-bar return under a random walk with per-bar volatility σ (with w = n it
    /// is the t-statistic of the mean return over the window). A zero σ gives the limit: 0 when R = 0, else ±1.
    ///
    /// Causal: s[t] reads `C[t − max(n, w)] … C[t]`. NaN for `t < max(n, w)` and where a price in that span is NaN.
    /// O(count · w).
    ///
    /// - Parameters:
    ///   - close: prices (a close column).
    ///   - period: n ≥ 1, the return horizon in bars.
    ///   - volatilityPeriod: w ≥ 2, the volatility window in bars (default `max(n, 2)`).
    public static func momentum(_ close: Series, period: Int = 20, volatilityPeriod: Int? = nil)
        throws(AlphaError) -> Series
    {
        try require("momentum", "period", period, atLeast: 1)
        let w = volatilityPeriod ?? Swift.max(period, 2)
        try require("momentum", "volatility", w, atLeast: 2)
        let c = close.values
        let count = c.count
        var r = [Double](repeating: .nan, count: count)
        for k in 1..<Swift.max(1, count) { r[k] = Foundation.log(c[k] / c[k - 1]) }
        var out = [Double](repeating: .nan, count: count)
        let first = Swift.max(period, w)
        if first < count {
            for t in first..<count {
                let total = Foundation.log(c[t] / c[t - period])
                let (_, sigma) = meanAndStd(r, t - w + 1, t + 1)
                out[t] = tanhRatio(total, sigma * Double(period).squareRoot())
            }
        }
        return close.with(values: out, name: "momentum_\(period)")
    }

    /// Momentum of the bars' close; see ``momentum(_:period:volatilityPeriod:)``.
    public static func momentum(_ bars: BarSeries, period: Int = 20, volatilityPeriod: Int? = nil)
        throws(AlphaError) -> Series
    {
        try momentum(closeSeries(bars), period: period, volatilityPeriod: volatilityPeriod)
    }

    /// The close column of `bars` on their time index.
    static func closeSeries(_ bars: BarSeries) -> Series {
        Series(name: "close", time: bars.time, values: bars.close)
    }
}
