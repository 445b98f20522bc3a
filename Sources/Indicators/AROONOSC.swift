/// Aroon oscillator (TA-Lib `AROONOSC`): Aroon up − Aroon down, in −100...100.
public enum AROONOSC {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 14) -> Int { timePeriod }

    /// Writes the oscillator of the bars into `output` (same count), NaN before the lookback.
    public static func compute(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, timePeriod: Int = 14,
        into output: UnsafeMutableBufferPointer<Double>
    ) {
        let n = high.count
        precondition(low.count == n && output.count >= n && timePeriodRange.contains(timePeriod))
        guard n > 0 else { return }
        AROON.kernel(high.baseAddress!, low.baseAddress!, n, period: timePeriod, output.baseAddress!, nil)
    }
}

extension TA {
    /// Aroon oscillator of the bars (TA-Lib `AROONOSC`, default period 14).
    public static func aroonosc(high: [Double], low: [Double], timePeriod: Int = 14)
        throws(IndicatorError) -> [Double]
    {
        try check("AROONOSC", "timeperiod", timePeriod, AROONOSC.timePeriodRange)
        try checkLengths("AROONOSC", [high, low])
        return run([high, low], outputs: 1) { x, n, o in
            AROON.kernel(x[0], x[1], n, period: timePeriod, o[0], nil)
        }[0]
    }
}
