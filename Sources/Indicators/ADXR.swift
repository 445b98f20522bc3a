/// Average directional movement rating (TA-Lib `ADXR`): `(ADX[t] + ADX[t − n + 1]) / 2`.
public enum ADXR {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 14) -> Int { ADX.lookback(timePeriod: timePeriod) + timePeriod - 1 }

    /// Writes all `n` slots.
    static func kernel(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ n: Int,
        period: Int, _ out: UnsafeMutablePointer<Double>
    ) {
        let lb = lookback(timePeriod: period)
        fillNaN(out, n, n)
        guard lb < n else { return }
        let adx = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer { adx.deallocate() }
        ADX.kernel(h, l, c, n, period: period, adx)
        var i = lb
        while i < n {
            out[i] = (adx[i] + adx[i - (period - 1)]) / 2.0
            i += 1
        }
    }
}

extension TA {
    /// Average directional movement rating of the bars (TA-Lib `ADXR`, default period 14).
    public static func adxr(high: [Double], low: [Double], close: [Double], timePeriod: Int = 14)
        throws(IndicatorError) -> [Double]
    {
        try check("ADXR", "timeperiod", timePeriod, ADXR.timePeriodRange)
        try checkLengths("ADXR", [high, low, close])
        return run([high, low, close], outputs: 1) { x, n, o in
            ADXR.kernel(x[0], x[1], x[2], n, period: timePeriod, o[0])
        }[0]
    }
}
