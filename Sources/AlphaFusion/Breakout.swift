import MarketData

/// How ``Alpha/breakout(_:period:mode:)`` reads the Donchian channel.
public enum BreakoutMode: String, Sendable, CaseIterable {
    /// Where the close sits in the channel of the last n bars (including bar t), mapped to [−1, 1].
    case position
    /// +1 on a close above the previous n bars' highest high, −1 below their lowest low, else 0.
    case newExtreme = "break"
}

extension Alpha {
    /// Breakout: the close relative to the Donchian channel.
    ///
    /// `.position` (default), with the channel of the last n bars including bar t:
    ///
    ///     H[t] = max(high[t−n+1] … high[t]),  L[t] = min(low[t−n+1] … low[t])
    ///     s[t] = clip( 2 · (C[t] − L[t]) / (H[t] − L[t]) − 1 )      (0 when H = L)
    ///
    /// so a close at the channel top is +1, at the bottom −1, in the middle 0. NaN for t < n − 1.
    ///
    /// `.newExtreme` (`"break"`), with the channel of the n bars *before* t:
    ///
    ///     s[t] = +1 if C[t] > max(high[t−n] … high[t−1])
    ///            −1 if C[t] < min(low[t−n] … low[t−1])
    ///             0 otherwise                                        NaN for t < n.
    ///
    /// Causal: reads bars t−n … t only. NaN where a value in the window is NaN. O(count · n).
    ///
    /// - Parameters:
    ///   - bars: high, low and close are used.
    ///   - period: n ≥ 1 (≥ 2 for `.position` to be informative).
    ///   - mode: `.position` or `.newExtreme`.
    public static func breakout(_ bars: BarSeries, period: Int = 20, mode: BreakoutMode = .position)
        throws(AlphaError) -> Series
    {
        try breakout(high: bars.high, low: bars.low, close: bars.close, time: bars.time, period: period, mode: mode)
    }

    /// Breakout of a single price series (high = low = close); see ``breakout(_:period:mode:)``.
    public static func breakout(_ close: Series, period: Int = 20, mode: BreakoutMode = .position)
        throws(AlphaError) -> Series
    {
        try breakout(high: close.values, low: close.values, close: close.values, time: close.time, period: period,
                     mode: mode)
    }

    static func breakout(high: [Double], low: [Double], close: [Double], time: [Int64], period: Int,
                         mode: BreakoutMode) throws(AlphaError) -> Series
    {
        try require("breakout", "period", period, atLeast: 1)
        let count = close.count
        var out = [Double](repeating: .nan, count: count)
        // Window [t − lag − n + 1, t − lag]: lag 0 for the position (includes t), 1 for a new extreme.
        let lag = mode == .position ? 0 : 1
        let first = period - 1 + lag
        if first < count {
            for t in first..<count {
                var h = -Double.infinity
                var l = Double.infinity
                var missing = close[t].isNaN
                for k in (t - lag - period + 1)...(t - lag) {
                    if high[k].isNaN || low[k].isNaN { missing = true; break }
                    h = Swift.max(h, high[k])
                    l = Swift.min(l, low[k])
                }
                if missing { continue }
                switch mode {
                case .position: out[t] = h > l ? clip(2 * (close[t] - l) / (h - l) - 1) : 0
                case .newExtreme: out[t] = close[t] > h ? 1 : (close[t] < l ? -1 : 0)
                }
            }
        }
        return Series(name: "breakout_\(period)", time: time, values: out)
    }
}
