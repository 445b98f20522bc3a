import Foundation
import MarketData

extension Alpha {
    /// Volume surprise signed by the bar's direction: heavy volume on an up bar is bullish, on a down bar bearish.
    ///
    /// With the previous n volumes as the baseline (bar t excluded, so the surprise is against what was known):
    ///
    ///     μ[t], σ[t] = mean and sample std (ddof 1) of V[t−n] … V[t−1]
    ///     z[t] = (V[t] − μ[t]) / σ[t]
    ///     s[t] = tanh( z[t] · sign(C[t] − C[t−1]) )
    ///
    /// sign(0) = 0, so an unchanged close gives 0; volume below its average on an up bar is mildly bearish (z < 0).
    /// A zero σ gives the limit: 0 when V[t] = μ[t], else ±1. Causal: reads bars t−n … t. NaN for t < n and where a
    /// volume or close in the window is NaN. O(count · n).
    ///
    /// - Parameters:
    ///   - bars: close and volume are used.
    ///   - period: n ≥ 2, the baseline window in bars.
    public static func volumeSurprise(_ bars: BarSeries, period: Int = 20) throws(AlphaError) -> Series {
        try require("volume", "period", period, atLeast: 2)
        let v = bars.volume, c = bars.close
        let count = bars.count
        var out = [Double](repeating: .nan, count: count)
        if period < count {
            for t in period..<count {
                let (mean, std) = meanAndStd(v, t - period, t)
                let direction = sign(c[t] - c[t - 1])
                if v[t].isNaN || direction.isNaN { continue }
                out[t] = tanhRatio((v[t] - mean) * direction, std)
            }
        }
        return Series(name: "volume_\(period)", time: bars.time, values: out)
    }
}
