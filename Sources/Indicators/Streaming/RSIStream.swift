/// RSI one value at a time, bit-identical to `TA.rsi` on the same sequence.
public struct RSIStream: Sendable {
    let period: Int
    var seen = 0
    var prev = 0.0
    var gain = 0.0
    var loss = 0.0

    /// A stream with TA-Lib's `timeperiod`.
    public init(timePeriod: Int = 14) throws(IndicatorError) {
        try TA.check("RSI", "timeperiod", timePeriod, RSI.timePeriodRange)
        period = timePeriod
    }

    /// Adds a close; returns the RSI, NaN for the first `timePeriod` values.
    public mutating func update(_ x: Double) -> Double {
        defer {
            prev = x
            seen += 1
        }
        if seen == 0 { return .nan }
        let d = x - prev
        let inv = 1.0 / Double(period)
        if seen < period {
            if d < 0 { loss -= d } else { gain += d }
            return .nan
        }
        if seen == period {
            if d < 0 { loss -= d } else { gain += d }
            loss *= inv
            gain *= inv
        } else {
            loss *= Double(period - 1)
            gain *= Double(period - 1)
            loss -= d < 0 ? d : 0.0
            gain += d < 0 ? 0.0 : d
            loss *= inv
            gain *= inv
        }
        let t = gain + loss
        return t != 0 ? 100.0 * (gain / t) : 0.0
    }
}
