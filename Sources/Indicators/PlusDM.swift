/// Plus directional movement (TA-Lib `PLUS_DM`): Wilder-smoothed upward moves of the high.
public enum PlusDM {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 14) -> Int {
        DirectionalMovement.lookback(.plusDM, period: timePeriod)
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
                                   output: .plusDM, output.baseAddress!)
    }
}

extension TA {
    /// Plus directional movement of the bars (TA-Lib `PLUS_DM`, default period 14).
    public static func plusDM(high: [Double], low: [Double], timePeriod: Int = 14) throws(IndicatorError) -> [Double] {
        try check("PLUS_DM", "timeperiod", timePeriod, PlusDM.timePeriodRange)
        try checkLengths("PLUS_DM", [high, low])
        return run([high, low], outputs: 1) { x, n, o in
            DirectionalMovement.kernel(x[0], x[1], nil, n, period: timePeriod, output: .plusDM, o[0])
        }[0]
    }
}
