/// Rate of change ratio (TA-Lib `ROCR`): `x / x[t−n]`, 0 where x[t−n] is 0.
public enum ROCR {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 10) -> Int { timePeriod }

    /// Writes the indicator of `input` into `output` (same count), NaN before the lookback.
    public static func compute(
        _ input: UnsafeBufferPointer<Double>, timePeriod: Int = 10, into output: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(output.count >= input.count && timePeriodRange.contains(timePeriod))
        guard let x = input.baseAddress, let out = output.baseAddress else { return }
        kernel(x, input.count, period: timePeriod, out)
    }

    /// Writes all `n` slots.
    @inline(__always)
    static func kernel(_ x: UnsafePointer<Double>, _ n: Int, period: Int, _ out: UnsafeMutablePointer<Double>) {
        fillNaN(out, period, n)
        guard period < n else { return }
        let back = x - period
        for i in period..<n {
            let v = x[i]
            let prev = back[i]
            out[i] = prev != 0 ? v / prev : 0.0
        }
    }
}

extension TA {
    /// Rate of change ratio of `real` (TA-Lib `ROCR`, default period 10).
    public static func rocr(_ real: [Double], timePeriod: Int = 10) throws(IndicatorError) -> [Double] {
        try check("ROCR", "timeperiod", timePeriod, ROCR.timePeriodRange)
        return run1(real) { x, n, o in ROCR.kernel(x, n, period: timePeriod, o) }
    }
}
