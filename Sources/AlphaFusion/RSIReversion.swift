import Indicators
import MarketData

extension Alpha {
    /// RSI mean reversion: oversold is bullish, overbought bearish.
    ///
    ///     s[t] = (50 − RSI[t]) / 50
    ///
    /// with `RSI` the TA-Lib-exact Wilder RSI of period n (`Indicators.TA.rsi`). RSI ∈ [0, 100] gives s ∈ [−1, 1]:
    /// RSI 30 → +0.4, RSI 70 → −0.4. Causal (Wilder smoothing reads bars ≤ t); NaN for the RSI's lookback (t < n)
    /// and where TA-Lib's RSI is NaN. O(count).
    ///
    /// - Parameters:
    ///   - close: prices.
    ///   - period: n, the RSI period (2…100000, TA-Lib's range).
    public static func rsiReversion(_ close: Series, period: Int = 14) throws(AlphaError) -> Series {
        let rsi: [Double]
        do { rsi = try TA.rsi(close.values, timePeriod: period) } catch {
            throw .invalidParameter(function: "rsi_reversion", name: "period", value: Double(period),
                                    requirement: "in 2…100000")
        }
        return close.with(values: rsi.map { (50 - $0) / 50 }, name: "rsi_reversion_\(period)")
    }

    /// RSI mean reversion of the bars' close; see ``rsiReversion(_:period:)``.
    public static func rsiReversion(_ bars: BarSeries, period: Int = 14) throws(AlphaError) -> Series {
        try rsiReversion(closeSeries(bars), period: period)
    }
}
