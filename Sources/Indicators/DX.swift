/// Directional movement index (TA-Lib `DX`): 100 · |+DI − −DI| / (+DI + −DI).
public enum DX {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 14) -> Int {
        DirectionalMovement.lookback(.dx, period: timePeriod)
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
                                   output: .dx, output.baseAddress!)
    }
}

extension TA {
    /// Directional movement index of the bars (TA-Lib `DX`, default period 14).
    public static func dx(high: [Double], low: [Double], close: [Double], timePeriod: Int = 14)
        throws(IndicatorError) -> [Double]
    {
        try check("DX", "timeperiod", timePeriod, DX.timePeriodRange)
        try checkLengths("DX", [high, low, close])
        return run([high, low, close], outputs: 1) { x, n, o in
            DirectionalMovement.kernel(x[0], x[1], x[2], n, period: timePeriod, output: .dx, o[0])
        }[0]
    }
}
