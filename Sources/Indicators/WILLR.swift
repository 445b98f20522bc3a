/// Williams' %R (TA-Lib `WILLR`): `(highest − c) / ((highest − lowest) / −100)`, 0 on a zero range.
public enum WILLR {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 14) -> Int { timePeriod - 1 }

    /// Writes %R into `output` (same count as the inputs), NaN before the lookback.
    public static func compute(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        timePeriod: Int = 14, into output: UnsafeMutableBufferPointer<Double>
    ) {
        let n = close.count
        precondition(high.count == n && low.count == n && output.count >= n && timePeriodRange.contains(timePeriod))
        guard n > 0 else { return }
        kernel(high.baseAddress!, low.baseAddress!, close.baseAddress!, n, period: timePeriod, output.baseAddress!)
    }

    /// Writes all `n` slots (window extremes by a block scan, O(1) per bar).
    static func kernel(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ n: Int,
        period: Int, _ out: UnsafeMutablePointer<Double>
    ) {
        let lb = period - 1
        fillNaN(out, lb, n)
        guard lb < n else { return }
        var sink = Sink(close: c, out: out)
        SlidingExtremes.run(h, l, n, window: period, into: &sink)
    }

    /// Turns each window's extremes into %R.
    struct Sink: SlidingExtremes.Sink {
        let close: UnsafePointer<Double>
        let out: UnsafeMutablePointer<Double>

        @inline(__always)
        mutating func emit(_ i: Int, max hh: Double, min ll: Double) {
            let diff = (hh - ll) / -100.0
            out[i] = diff != 0.0 ? ((hh - close[i]) / (hh - ll)) * -100.0 : 0.0
        }
    }
}

extension TA {
    /// Williams' %R of the bars (TA-Lib `WILLR`, default period 14).
    public static func willr(high: [Double], low: [Double], close: [Double], timePeriod: Int = 14)
        throws(IndicatorError) -> [Double]
    {
        try check("WILLR", "timeperiod", timePeriod, WILLR.timePeriodRange)
        try checkLengths("WILLR", [high, low, close])
        return run([high, low, close], outputs: 1) { x, n, o in
            WILLR.kernel(x[0], x[1], x[2], n, period: timePeriod, o[0])
        }[0]
    }
}
