/// Minus directional movement (TA-Lib `MINUS_DM`): Wilder-smoothed downward moves of the low.
public enum MinusDM {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 14) -> Int {
        DirectionalMovement.lookback(.minusDM, period: timePeriod)
    }

    /// Writes the indicator into `output` (same count as the inputs), NaN before the lookback.
    public static func compute(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, timePeriod: Int = 14,
        into output: UnsafeMutableBufferPointer<Double>
    ) {
        let n = high.count
        precondition(low.count == n && output.count >= n && timePeriodRange.contains(timePeriod))
        guard n > 0 else { return }
        DirectionalMovement.kernel(high.baseAddress!, low.baseAddress!, nil, n, period: timePeriod,
                                   output: .minusDM, output.baseAddress!)
    }
}

extension TA {
    /// Minus directional movement of the bars (TA-Lib `MINUS_DM`, default period 14).
    public static func minusDM(high: [Double], low: [Double], timePeriod: Int = 14) throws(IndicatorError) -> [Double] {
        try check("MINUS_DM", "timeperiod", timePeriod, MinusDM.timePeriodRange)
        try checkLengths("MINUS_DM", [high, low])
        return run([high, low], outputs: 1) { x, n, o in
            DirectionalMovement.kernel(x[0], x[1], nil, n, period: timePeriod, output: .minusDM, o[0])
        }[0]
    }
}
