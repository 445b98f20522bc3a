/// Double exponential moving average (TA-Lib `DEMA`): `2·EMA(x) − EMA(EMA(x))`.
public enum DEMA {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 30) -> Int { 2 * (timePeriod - 1) }

    /// Writes the DEMA of `input` into `output` (same count), NaN before the lookback.
    public static func compute(
        _ input: UnsafeBufferPointer<Double>, timePeriod: Int, into output: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(output.count >= input.count && timePeriodRange.contains(timePeriod))
        guard let x = input.baseAddress, let out = output.baseAddress else { return }
        fillNaN(out, lookback(timePeriod: timePeriod), input.count)
        kernel(x, input.count, period: timePeriod, start: 0, out)
    }

    /// Writes `out[max(start, lookback)..<n]`.
    static func kernel(
        _ x: UnsafePointer<Double>, _ n: Int, period: Int, start: Int, _ out: UnsafeMutablePointer<Double>
    ) {
        let lbe = period - 1
        let s = Swift.max(start, 2 * lbe)
        guard s < n else { return }
        let k = EMA.k(period)
        // Warm-up on the prefix [0, s] exactly as two chained EMA calls, then one fused loop.
        let m = s + 1
        let e1 = UnsafeMutablePointer<Double>.allocate(capacity: m)
        defer { e1.deallocate() }
        let f = s - lbe
        EMA.kernel(x, m, period: period, k: k, start: f, e1)
        EMA.kernel(e1 + f, m - f, period: period, k: k, start: 0, out + f)
        var a = e1[s]
        var b = out[s]
        out[s] = 2.0 * a - b
        var i = s + 1
        while i < n {
            a = a.addingProduct(x[i] - a, k)
            b = b.addingProduct(a - b, k)
            out[i] = 2.0 * a - b
            i += 1
        }
    }
}

extension TA {
    /// Double exponential moving average of `real` (TA-Lib `DEMA`, default period 30).
    public static func dema(_ real: [Double], timePeriod: Int = 30) throws(IndicatorError) -> [Double] {
        try check("DEMA", "timeperiod", timePeriod, DEMA.timePeriodRange)
        return run1(real) { x, n, o in
            fillNaN(o, DEMA.lookback(timePeriod: timePeriod), n)
            DEMA.kernel(x, n, period: timePeriod, start: 0, o)
        }
    }
}
