/// Money flow index (TA-Lib `MFI`): volume-weighted RSI of the typical price; 0 without money flow.
public enum MFI {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 14) -> Int { timePeriod }

    /// Writes the MFI into `output` (same count as the inputs), NaN before the lookback.
    public static func compute(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        volume: UnsafeBufferPointer<Double>, timePeriod: Int = 14, into output: UnsafeMutableBufferPointer<Double>
    ) {
        let n = close.count
        precondition(high.count == n && low.count == n && volume.count == n && output.count >= n)
        precondition(timePeriodRange.contains(timePeriod))
        guard n > 0 else { return }
        kernel(high.baseAddress!, low.baseAddress!, close.baseAddress!, volume.baseAddress!, n, period: timePeriod,
               output.baseAddress!)
    }

    /// Writes all `n` slots.
    static func kernel(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ c: UnsafePointer<Double>,
        _ v: UnsafePointer<Double>, _ n: Int, period: Int, _ out: UnsafeMutablePointer<Double>
    ) {
        fillNaN(out, period, n)
        guard period < n else { return }
        let pos = UnsafeMutablePointer<Double>.allocate(capacity: 2 * period)
        defer { pos.deallocate() }
        let neg = pos + period
        var idx = 0
        var today = 0
        var prev = (h[0] + l[0] + c[0]) / 3.0
        var posSum = 0.0
        var negSum = 0.0
        var nullRun = 0
        today += 1
        while today < n {
            if today > period {
                posSum -= pos[idx]
                negSum -= neg[idx]
            }
            var tp = (h[today] + l[today] + c[today]) / 3.0
            let d = tp - prev
            let scale = abs(tp) + abs(prev)
            prev = tp
            tp *= v[today]
            // A move within 1e-14 of the typical prices' magnitude is no move (TA-Lib 0.8).
            let flow = abs(d) <= 1e-14 * scale ? 0.0 : tp
            let p = d < 0.0 ? 0.0 : flow
            let m = d < 0.0 ? flow : 0.0
            pos[idx] = p
            neg[idx] = m
            posSum += p
            negSum += m
            // A full window without money flow: the sums are exactly zero, drop the residue.
            nullRun = flow == 0.0 ? nullRun + 1 : 0
            if nullRun >= period {
                nullRun = period
                posSum = 0
                negSum = 0
            }
            if today >= period {
                let t = posSum + negSum
                let clamped = posSum < 0.0 ? 0.0 : (posSum > t ? t : posSum)
                out[today] = t <= 0.0 ? 0.0 : 100.0 * (clamped / t)
            }
            idx += 1
            if idx == period { idx = 0 }
            today += 1
        }
    }
}

extension TA {
    /// Money flow index of the bars (TA-Lib `MFI`, default period 14).
    public static func mfi(high: [Double], low: [Double], close: [Double], volume: [Double], timePeriod: Int = 14)
        throws(IndicatorError) -> [Double]
    {
        try check("MFI", "timeperiod", timePeriod, MFI.timePeriodRange)
        try checkLengths("MFI", [high, low, close, volume])
        return run([high, low, close, volume], outputs: 1) { x, n, o in
            MFI.kernel(x[0], x[1], x[2], x[3], n, period: timePeriod, o[0])
        }[0]
    }
}
