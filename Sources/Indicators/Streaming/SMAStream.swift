/// SMA one value at a time, bit-identical to `TA.sma` on the same sequence.
public struct SMAStream: Sendable {
    let period: Int
    var window: RingBuffer
    var total = 0.0

    /// A stream with TA-Lib's `timeperiod`.
    public init(timePeriod: Int = 30) throws(IndicatorError) {
        try TA.check("SMA", "timeperiod", timePeriod, SMA.timePeriodRange)
        period = timePeriod
        window = RingBuffer(capacity: timePeriod)
    }

    /// Adds `x`; returns the SMA, NaN until `timePeriod` values have arrived.
    public mutating func update(_ x: Double) -> Double {
        total += x
        window.append(x)
        guard window.count == period else { return .nan }
        let t = total
        total -= window[0]
        return t / Double(period)
    }
}
