/// Average true range (TA-Lib `ATR`): Wilder smoothing of the true range, seeded with its mean over `n` bars.
public enum ATR {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 14) -> Int { timePeriod }

    /// Writes the ATR into `output` (same count as the inputs), NaN before the lookback.
    public static func compute(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        timePeriod: Int = 14, into output: UnsafeMutableBufferPointer<Double>
    ) {
        let n = close.count
        precondition(high.count == n && low.count == n && output.count >= n && timePeriodRange.contains(timePeriod))
        guard n > 0 else { return }
        kernel(high.baseAddress!, low.baseAddress!, close.baseAddress!, n, period: timePeriod, output.baseAddress!)
    }

    /// Writes all `n` slots; with `normalized` the output is `ATR / close · 100` (NATR).
    @inline(__always)
    static func kernel(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ n: Int,
        period: Int, _ out: UnsafeMutablePointer<Double>, normalized: Bool = false
    ) {
        fillNaN(out, period, n)
        guard period < n else { return }
        if period == 1 {
            var i = 1
            while i < n {
                let tr = trueRange(h[i], l[i], c[i - 1])
                out[i] = normalized ? natr(tr, c[i]) : tr
                i += 1
            }
            return
        }
        var total = 0.0
        var i = 1
        while i <= period {
            total += trueRange(h[i], l[i], c[i - 1])
            i += 1
        }
        var atr = total / Double(period)
        out[period] = normalized ? natr(atr, c[period]) : atr
        let beta = Double(period - 1) / Double(period)
        let alpha = 1.0 - beta
        while i < n {
            let tr = trueRange(h[i], l[i], c[i - 1])
            atr = (alpha * tr).addingProduct(beta, atr)
            out[i] = normalized ? natr(atr, c[i]) : atr
            i += 1
        }
    }

    @inline(__always)
    static func natr(_ atr: Double, _ close: Double) -> Double {
        close != 0 ? (atr / close) * 100.0 : 0.0
    }
}

extension TA {
    /// Average true range of the bars (TA-Lib `ATR`, default period 14).
    public static func atr(high: [Double], low: [Double], close: [Double], timePeriod: Int = 14)
        throws(IndicatorError) -> [Double]
    {
        try check("ATR", "timeperiod", timePeriod, ATR.timePeriodRange)
        try checkLengths("ATR", [high, low, close])
        return run([high, low, close], outputs: 1) { x, n, o in
            ATR.kernel(x[0], x[1], x[2], n, period: timePeriod, o[0])
        }[0]
    }
}
