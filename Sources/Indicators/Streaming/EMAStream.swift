/// EMA one value at a time, bit-identical to `TA.ema` on the same sequence.
public struct EMAStream: Sendable {
    let period: Int
    let k: Double
    var seen = 0
    var total = 0.0
    var value = Double.nan

    /// A stream with TA-Lib's `timeperiod`.
    public init(timePeriod: Int = 30) throws(IndicatorError) {
        try TA.check("EMA", "timeperiod", timePeriod, EMA.timePeriodRange)
        period = timePeriod
        k = EMA.k(timePeriod)
    }

    /// Adds `x`; returns the EMA, NaN until `timePeriod` values have arrived (seeded with their mean).
    public mutating func update(_ x: Double) -> Double {
        seen += 1
        if seen < period {
            total += x
            return .nan
        }
        if seen == period {
            total += x
            value = total / Double(period)
        } else {
            value = value.addingProduct(x - value, k)
        }
        return value
    }
}
