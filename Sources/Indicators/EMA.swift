/// Exponential moving average (TA-Lib `EMA`): `k = 2/(n+1)`, seeded with the SMA of the first `n` values.
public enum EMA {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 30) -> Int { timePeriod - 1 }

    /// TA-Lib's smoothing factor for a period: `2 / (period + 1)`.
    @inline(__always)
    public static func k(_ period: Int) -> Double { 2.0 / (Double(period) + 1.0) }

    /// Writes the EMA of `input` into `output` (same count), NaN before the lookback.
    public static func compute(
        _ input: UnsafeBufferPointer<Double>, timePeriod: Int, into output: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(output.count >= input.count && timePeriodRange.contains(timePeriod))
        guard let x = input.baseAddress, let out = output.baseAddress else { return }
        fillNaN(out, lookback(timePeriod: timePeriod), input.count)
        kernel(x, input.count, period: timePeriod, k: k(timePeriod), start: 0, out)
    }

    /// Writes `out[s..<n]`, `s = max(start, period-1)`, seeding with the mean of `x[s-period+1...s]`
    /// (TA-Lib's `TA_INT_EMA` with a start index) and stepping `e = fma(x - e, k, e)`.
    @inline(__always)
    static func kernel(
        _ x: UnsafePointer<Double>, _ n: Int, period: Int, k: Double, start: Int, _ out: UnsafeMutablePointer<Double>
    ) {
        let lb = period - 1
        let s = Swift.max(start, lb)
        guard s < n else { return }
        var total = 0.0
        var i = s - lb
        while i <= s {
            total += x[i]
            i += 1
        }
        var e = total / Double(period)
        out[s] = e
        while i < n {
            e = e.addingProduct(x[i] - e, k)
            out[i] = e
            i += 1
        }
    }
}

extension TA {
    /// Exponential moving average of `real` (TA-Lib `EMA`, default period 30).
    public static func ema(_ real: [Double], timePeriod: Int = 30) throws(IndicatorError) -> [Double] {
        try check("EMA", "timeperiod", timePeriod, EMA.timePeriodRange)
        return run1(real) { x, n, o in
            fillNaN(o, EMA.lookback(timePeriod: timePeriod), n)
            EMA.kernel(x, n, period: timePeriod, k: EMA.k(timePeriod), start: 0, o)
        }
    }
}
