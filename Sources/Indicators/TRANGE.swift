/// True range (TA-Lib `TRANGE`): `max(h − l, |h − c[t−1]|, |l − c[t−1]|)`, first value at index 1.
public enum TRANGE {
    /// Index of the first valid output.
    public static func lookback() -> Int { 1 }

    /// Writes the true range into `out` (all `n` slots).
    public static func compute(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        into output: UnsafeMutableBufferPointer<Double>
    ) {
        let n = close.count
        precondition(high.count == n && low.count == n && output.count >= n)
        guard n > 0 else { return }
        kernel(high.baseAddress!, low.baseAddress!, close.baseAddress!, n, output.baseAddress!)
    }

    /// Writes all `n` slots.
    @inline(__always)
    static func kernel(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ n: Int,
        _ out: UnsafeMutablePointer<Double>
    ) {
        fillNaN(out, 1, n)
        var i = 1
        while i < n {
            out[i] = trueRange(h[i], l[i], c[i - 1])
            i += 1
        }
    }
}

extension TA {
    /// True range of the bars (TA-Lib `TRANGE`).
    public static func trange(high: [Double], low: [Double], close: [Double]) throws(IndicatorError) -> [Double] {
        try checkLengths("TRANGE", [high, low, close])
        return run([high, low, close], outputs: 1) { x, n, o in TRANGE.kernel(x[0], x[1], x[2], n, o[0]) }[0]
    }
}
