/// Commodity channel index (TA-Lib `CCI`): `(tp − mean(tp)) / (0.015 · mean |tp − mean(tp)|)`, `tp = (h+l+c)/3`.
public enum CCI {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 14) -> Int { timePeriod - 1 }

    /// Writes the CCI into `output` (same count as the inputs), NaN before the lookback.
    public static func compute(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        timePeriod: Int = 14, into output: UnsafeMutableBufferPointer<Double>
    ) {
        let n = close.count
        precondition(high.count == n && low.count == n && output.count >= n && timePeriodRange.contains(timePeriod))
        guard n > 0 else { return }
        kernel(high.baseAddress!, low.baseAddress!, close.baseAddress!, n, period: timePeriod, output.baseAddress!)
    }

    /// Writes all `n` slots. Like TA-Lib, each bar re-sums the circular window of typical prices.
    static func kernel(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ n: Int,
        period: Int, _ out: UnsafeMutablePointer<Double>
    ) {
        let lb = period - 1
        fillNaN(out, lb, n)
        guard lb < n else { return }
        let buf = UnsafeMutablePointer<Double>.allocate(capacity: period)
        defer { buf.deallocate() }
        var idx = 0
        var i = 0
        while i < lb {
            buf[idx] = (h[i] + l[i] + c[i]) / 3
            idx += 1
            i += 1
        }
        let p = Double(period)
        while i < n {
            let last = (h[i] + l[i] + c[i]) / 3
            buf[idx] = last
            var avg = 0.0
            for j in 0..<period { avg += buf[j] }
            avg /= p
            var dev = 0.0
            for j in 0..<period { dev += abs(buf[j] - avg) }
            let t = last - avg
            out[i] = (!taIsZero(t) && !taIsZero(dev)) ? t / (0.015 * (dev / p)) : 0.0
            idx += 1
            if idx == period { idx = 0 }
            i += 1
        }
    }
}

extension TA {
    /// Commodity channel index of the bars (TA-Lib `CCI`, default period 14).
    public static func cci(high: [Double], low: [Double], close: [Double], timePeriod: Int = 14)
        throws(IndicatorError) -> [Double]
    {
        try check("CCI", "timeperiod", timePeriod, CCI.timePeriodRange)
        try checkLengths("CCI", [high, low, close])
        return run([high, low, close], outputs: 1) { x, n, o in
            CCI.kernel(x[0], x[1], x[2], n, period: timePeriod, o[0])
        }[0]
    }
}
