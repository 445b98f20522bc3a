/// Bollinger bands (SMA middle) one value at a time, bit-identical to `TA.bbands(matype: 0)`; also gives
/// TA-Lib's VAR for the same window.
public struct BBANDSStream: Sendable {
    let period: Int
    let up: Double
    let dn: Double
    var sma: SMAStream
    var buffer: [Double]
    var seen = 0
    var variance: ShiftedVariance? = nil

    /// A stream with TA-Lib's `timeperiod`, `nbdevup`, `nbdevdn` (SMA middle band).
    public init(timePeriod: Int = 5, nbDevUp: Double = 2, nbDevDn: Double = 2) throws(IndicatorError) {
        try TA.check("BBANDS", "timeperiod", timePeriod, BBANDS.timePeriodRange)
        period = timePeriod
        up = nbDevUp
        dn = nbDevDn
        sma = try SMAStream(timePeriod: timePeriod)
        buffer = []
        buffer.reserveCapacity(4 * timePeriod)
    }

    /// Adds `x`; returns `(upper, middle, lower)`, NaN until `timePeriod` values have arrived.
    public mutating func update(_ x: Double) -> (upper: Double, middle: Double, lower: Double) {
        let middle = sma.update(x)
        // Keep a sliding copy of the recent values (at most 2·period + a little) for the variance state.
        buffer.append(x)
        seen += 1
        guard seen >= period else { return (.nan, .nan, .nan) }
        var v = 0.0
        buffer.withUnsafeBufferPointer { b in
            let p = b.baseAddress!
            let i = b.count - 1
            if variance == nil { variance = ShiftedVariance(p, start: i, period: period) }
            v = variance!.step(p, i)
        }
        if buffer.count >= 3 * period {
            // Drop the oldest values; rebase the state's indices.
            let drop = buffer.count - period
            buffer.removeFirst(drop)
            variance!.trailing -= drop
        }
        let sd = v != 0 ? v.squareRoot() : 0
        if up == dn {
            let t = sd * up
            return (middle + t, middle, middle - t)
        }
        return (middle.addingProduct(sd, up), middle, middle - sd * dn)
    }
}
