/// Triple exponential moving average (TA-Lib `TEMA`): `3·E1 − 3·E2 + E3` with `E2 = EMA(E1)`, `E3 = EMA(E2)`.
public enum TEMA {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 30) -> Int { 3 * (timePeriod - 1) }

    /// Writes the TEMA of `input` into `output` (same count), NaN before the lookback.
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
        let s = Swift.max(start, 3 * lbe)
        guard s < n else { return }
        let k = EMA.k(period)
        // Warm-up on the prefix [0, s] exactly as three chained EMA calls, then one fused loop.
        let m = s + 1
        let e1 = UnsafeMutablePointer<Double>.allocate(capacity: 2 * m)
        defer { e1.deallocate() }
        let e2 = e1 + m
        let f1 = s - 2 * lbe
        EMA.kernel(x, m, period: period, k: k, start: f1, e1)
        EMA.kernel(e1 + f1, m - f1, period: period, k: k, start: 0, e2 + f1)
        let f2 = f1 + lbe
        EMA.kernel(e2 + f2, m - f2, period: period, k: k, start: 0, out + f2)
        var a = e1[s]
        var b = e2[s]
        var c = out[s]
        out[s] = c + (3.0 * a - 3.0 * b)
        var i = s + 1
        while i < n {
            a = a.addingProduct(x[i] - a, k)
            b = b.addingProduct(a - b, k)
            c = c.addingProduct(b - c, k)
            out[i] = c + (3.0 * a - 3.0 * b)
            i += 1
        }
    }
}

extension TA {
    /// Triple exponential moving average of `real` (TA-Lib `TEMA`, default period 30).
    public static func tema(_ real: [Double], timePeriod: Int = 30) throws(IndicatorError) -> [Double] {
        try check("TEMA", "timeperiod", timePeriod, TEMA.timePeriodRange)
        return run1(real) { x, n, o in
            fillNaN(o, TEMA.lookback(timePeriod: timePeriod), n)
            TEMA.kernel(x, n, period: timePeriod, start: 0, o)
        }
    }
}
