/// Average directional movement index (TA-Lib `ADX`): Wilder-smoothed DX, first value at `2·n − 1`.
public enum ADX {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 14) -> Int { 2 * timePeriod - 1 }

    /// Writes the ADX into `output` (same count as the inputs), NaN before the lookback.
    public static func compute(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        timePeriod: Int = 14, into output: UnsafeMutableBufferPointer<Double>
    ) {
        let n = close.count
        precondition(high.count == n && low.count == n && output.count >= n && timePeriodRange.contains(timePeriod))
        guard n > 0 else { return }
        kernel(high.baseAddress!, low.baseAddress!, close.baseAddress!, n, period: timePeriod, output.baseAddress!)
    }

    /// Writes all `n` slots.
    static func kernel(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ n: Int,
        period: Int, _ out: UnsafeMutablePointer<Double>
    ) {
        let lb = lookback(timePeriod: period)
        fillNaN(out, lb, n)
        guard lb < n else { return }
        let p = Double(period)
        var prevHigh = h[0]
        var prevLow = l[0]
        var prevClose = c[0]
        var plusDM = 0.0
        var minusDM = 0.0
        var tr = 0.0
        var today = 0
        for _ in 0..<(period - 1) {
            today += 1
            let diffP = h[today] - prevHigh
            prevHigh = h[today]
            let diffM = prevLow - l[today]
            prevLow = l[today]
            let d = DirectionalMovement.dm1(diffP, diffM)
            minusDM += d.minus
            plusDM += d.plus
            tr += trueRange(prevHigh, prevLow, prevClose)
            prevClose = c[today]
        }
        var sumDX = 0.0
        for _ in 0..<period {
            today += 1
            let diffP = h[today] - prevHigh
            prevHigh = h[today]
            let diffM = prevLow - l[today]
            prevLow = l[today]
            minusDM = minusDM - minusDM / p
            plusDM = plusDM - plusDM / p
            let d = DirectionalMovement.dm1(diffP, diffM)
            minusDM += d.minus
            plusDM += d.plus
            tr = tr - tr / p + trueRange(prevHigh, prevLow, prevClose)
            prevClose = c[today]
            if tr > 0.0 {
                let minusDI = 100.0 * (minusDM / tr)
                let plusDI = 100.0 * (plusDM / tr)
                let sum = minusDI + plusDI
                if !taIsZero(sum) { sumDX += 100.0 * (abs(minusDI - plusDI) / sum) }
            }
        }
        var adx = sumDX / Double(period)
        out[today] = adx
        while today < n - 1 {
            today += 1
            let diffP = h[today] - prevHigh
            prevHigh = h[today]
            let diffM = prevLow - l[today]
            prevLow = l[today]
            minusDM = minusDM - minusDM / p
            plusDM = plusDM - plusDM / p
            let d = DirectionalMovement.dm1(diffP, diffM)
            minusDM += d.minus
            plusDM += d.plus
            tr = tr - tr / p + trueRange(prevHigh, prevLow, prevClose)
            prevClose = c[today]
            if tr > 0.0 {
                let minusDI = 100.0 * (minusDM / tr)
                let plusDI = 100.0 * (plusDM / tr)
                let sum = minusDI + plusDI
                if !taIsZero(sum) {
                    let dx = 100.0 * (abs(minusDI - plusDI) / sum)
                    adx = (adx * (p - 1) + dx) / p
                }
            }
            out[today] = adx
        }
    }
}

extension TA {
    /// Average directional movement index of the bars (TA-Lib `ADX`, default period 14).
    public static func adx(high: [Double], low: [Double], close: [Double], timePeriod: Int = 14)
        throws(IndicatorError) -> [Double]
    {
        try check("ADX", "timeperiod", timePeriod, ADX.timePeriodRange)
        try checkLengths("ADX", [high, low, close])
        return run([high, low, close], outputs: 1) { x, n, o in
            ADX.kernel(x[0], x[1], x[2], n, period: timePeriod, o[0])
        }[0]
    }
}
