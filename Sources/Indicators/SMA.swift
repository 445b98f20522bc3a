/// Simple moving average (TA-Lib `SMA`): the mean of the last `timePeriod` values.
public enum SMA {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 30) -> Int { timePeriod - 1 }

    /// Writes the SMA of `input` into `output` (same count), NaN before the lookback.
    public static func compute(
        _ input: UnsafeBufferPointer<Double>, timePeriod: Int, into output: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(output.count >= input.count && timePeriodRange.contains(timePeriod))
        guard let x = input.baseAddress, let out = output.baseAddress else { return }
        fillNaN(out, lookback(timePeriod: timePeriod), input.count)
        kernel(x, input.count, period: timePeriod, start: 0, out)
    }

    /// Writes `out[max(start, lookback)..<n]`; the running sum is seeded on the window ending at that index.
    @inline(__always)
    static func kernel(
        _ x: UnsafePointer<Double>, _ n: Int, period: Int, start: Int, _ out: UnsafeMutablePointer<Double>
    ) {
        let lb = period - 1
        let s = Swift.max(start, lb)
        guard s < n else { return }
        var total = 0.0
        var trailing = s - lb
        var i = trailing
        while i < s {
            total += x[i]
            i += 1
        }
        let p = Double(period)
        while i < n {
            total += x[i]
            let t = total
            total -= x[trailing]
            trailing += 1
            out[i] = t / p
            i += 1
        }
    }
}

extension TA {
    /// Simple moving average of `real` over `timePeriod` bars (TA-Lib `SMA`, default 30).
    public static func sma(_ real: [Double], timePeriod: Int = 30) throws(IndicatorError) -> [Double] {
        try check("SMA", "timeperiod", timePeriod, SMA.timePeriodRange)
        return run1(real) { x, n, o in
            fillNaN(o, SMA.lookback(timePeriod: timePeriod), n)
            SMA.kernel(x, n, period: timePeriod, start: 0, o)
        }
    }
}
