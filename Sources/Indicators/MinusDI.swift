/// Minus directional indicator (TA-Lib `MINUS_DI`): 100 · smoothed −DM / smoothed true range.
public enum MinusDI {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 14) -> Int {
        DirectionalMovement.lookback(.minusDI, period: timePeriod)
    }

    /// Writes the indicator into `output` (same count as the inputs), NaN before the lookback.
    public static func compute(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        timePeriod: Int = 14, into output: UnsafeMutableBufferPointer<Double>
    ) {
        let n = close.count
        precondition(low.count == n && high.count == n && output.count >= n && timePeriodRange.contains(timePeriod))
        guard n > 0 else { return }
        DirectionalMovement.kernel(high.baseAddress!, low.baseAddress!, close.baseAddress!, n, period: timePeriod,
                                   output: .minusDI, output.baseAddress!)
    }
}

extension TA {
    /// Minus directional indicator of the bars (TA-Lib `MINUS_DI`, default period 14).
    public static func minusDI(high: [Double], low: [Double], close: [Double], timePeriod: Int = 14)
        throws(IndicatorError) -> [Double]
    {
        try check("MINUS_DI", "timeperiod", timePeriod, MinusDI.timePeriodRange)
        try checkLengths("MINUS_DI", [high, low, close])
        return run([high, low, close], outputs: 1) { x, n, o in
            DirectionalMovement.kernel(x[0], x[1], x[2], n, period: timePeriod, output: .minusDI, o[0])
        }[0]
    }
}
