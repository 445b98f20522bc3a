/// ATR one bar at a time, bit-identical to `TA.atr` on the same bars.
public struct ATRStream: Sendable {
    let period: Int
    var seen = 0
    var prevClose = 0.0
    var total = 0.0
    var value = Double.nan

    /// A stream with TA-Lib's `timeperiod`.
    public init(timePeriod: Int = 14) throws(IndicatorError) {
        try TA.check("ATR", "timeperiod", timePeriod, ATR.timePeriodRange)
        period = timePeriod
    }

    /// Adds a bar; returns the ATR, NaN for the first `timePeriod` bars.
    public mutating func update(high: Double, low: Double, close: Double) -> Double {
        defer {
            prevClose = close
            seen += 1
        }
        if seen == 0 { return .nan }
        let tr = trueRange(high, low, prevClose)
        if period == 1 { return tr }
        if seen < period {
            total += tr
            return .nan
        }
        if seen == period {
            total += tr
            value = total / Double(period)
        } else {
            let beta = Double(period - 1) / Double(period)
            value = ((1.0 - beta) * tr).addingProduct(beta, value)
        }
        return value
    }
}
