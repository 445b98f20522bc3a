/// Rolling sum over a period (TA-Lib `SUM`).
public enum SUM {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 30) -> Int { timePeriod - 1 }

    /// Writes the rolling sum of `input` into `output` (same count), NaN before the lookback.
    public static func compute(
        _ input: UnsafeBufferPointer<Double>, timePeriod: Int = 30, into output: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(output.count >= input.count && timePeriodRange.contains(timePeriod))
        guard let x = input.baseAddress, let out = output.baseAddress else { return }
        kernel(x, input.count, period: timePeriod, out)
    }

    /// Writes all `n` slots.
    static func kernel(_ x: UnsafePointer<Double>, _ n: Int, period: Int, _ out: UnsafeMutablePointer<Double>) {
        let lb = period - 1
        fillNaN(out, lb, n)
        guard lb < n else { return }
        var total = 0.0
        var i = 0
        while i < lb {
            total += x[i]
            i += 1
        }
        var trailing = 0
        while i < n {
            total += x[i]
            let t = total
            total -= x[trailing]
            trailing += 1
            out[i] = t
            i += 1
        }
    }
}

extension TA {
    /// Rolling sum of `real` (TA-Lib `SUM`, default period 30).
    public static func sum(_ real: [Double], timePeriod: Int = 30) throws(IndicatorError) -> [Double] {
        try check("SUM", "timeperiod", timePeriod, SUM.timePeriodRange)
        return run1(real) { x, n, o in SUM.kernel(x, n, period: timePeriod, o) }
    }
}
