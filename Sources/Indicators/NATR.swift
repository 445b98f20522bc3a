/// Normalized average true range (TA-Lib `NATR`): `ATR / close · 100`, 0 where the close is 0.
public enum NATR {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 14) -> Int { timePeriod }

    /// Writes the NATR into `output` (same count as the inputs), NaN before the lookback.
    public static func compute(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        timePeriod: Int = 14, into output: UnsafeMutableBufferPointer<Double>
    ) {
        let n = close.count
        precondition(high.count == n && low.count == n && output.count >= n && timePeriodRange.contains(timePeriod))
        guard n > 0 else { return }
        ATR.kernel(high.baseAddress!, low.baseAddress!, close.baseAddress!, n, period: timePeriod,
                   output.baseAddress!, normalized: true)
    }
}

extension TA {
    /// Normalized average true range of the bars (TA-Lib `NATR`, default period 14).
    public static func natr(high: [Double], low: [Double], close: [Double], timePeriod: Int = 14)
        throws(IndicatorError) -> [Double]
    {
        try check("NATR", "timeperiod", timePeriod, NATR.timePeriodRange)
        try checkLengths("NATR", [high, low, close])
        return run([high, low, close], outputs: 1) { x, n, o in
            ATR.kernel(x[0], x[1], x[2], n, period: timePeriod, o[0], normalized: true)
        }[0]
    }
}
