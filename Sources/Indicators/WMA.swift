/// Linearly weighted moving average (TA-Lib `WMA`): weights 1...n, the newest value weighted n.
public enum WMA {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 30) -> Int { timePeriod - 1 }

    /// Writes the WMA of `input` into `output` (same count), NaN before the lookback.
    public static func compute(
        _ input: UnsafeBufferPointer<Double>, timePeriod: Int, into output: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(output.count >= input.count && timePeriodRange.contains(timePeriod))
        guard let x = input.baseAddress, let out = output.baseAddress else { return }
        fillNaN(out, lookback(timePeriod: timePeriod), input.count)
        kernel(x, input.count, period: timePeriod, start: 0, out)
    }

    /// Writes `out[max(start, lookback)..<n]` with TA-Lib's running weighted sum.
    @inline(__always)
    static func kernel(
        _ x: UnsafePointer<Double>, _ n: Int, period: Int, start: Int, _ out: UnsafeMutablePointer<Double>
    ) {
        let lb = period - 1
        let s = Swift.max(start, lb)
        guard s < n else { return }
        if period == 1 {
            (out + s).update(from: x + s, count: n - s)
            return
        }
        let divider = Double(period) * Double(period + 1) / 2.0
        var trailing = s - lb
        var periodSub = 0.0
        var periodSum = 0.0
        var i = trailing
        var w = 1.0
        while i < s {
            let v = x[i]
            periodSub += v
            periodSum += v * w
            w += 1
            i += 1
        }
        var trailingValue = 0.0
        let p = Double(period)
        var barsSinceReseed = 8 * period
        while i < n {
            let v = x[i]
            periodSub += v
            periodSub -= trailingValue
            periodSum += v * p
            // TA-Lib 0.8 rebuilds both running sums from the window every 8·period bars.
            barsSinceReseed -= 1
            if barsSinceReseed <= 0 {
                barsSinceReseed = 8 * period
                periodSub = 0
                periodSum = 0
                var rw = 1.0
                var j = i - lb
                while j <= i {
                    let t = x[j]
                    periodSub += t
                    periodSum += t * rw
                    rw += 1
                    j += 1
                }
            }
            trailingValue = x[trailing]
            trailing += 1
            out[i] = periodSum / divider
            periodSum -= periodSub
            i += 1
        }
    }
}

extension TA {
    /// Weighted moving average of `real` (TA-Lib `WMA`, default period 30).
    public static func wma(_ real: [Double], timePeriod: Int = 30) throws(IndicatorError) -> [Double] {
        try check("WMA", "timeperiod", timePeriod, WMA.timePeriodRange)
        return run1(real) { x, n, o in
            fillNaN(o, WMA.lookback(timePeriod: timePeriod), n)
            WMA.kernel(x, n, period: timePeriod, start: 0, o)
        }
    }
}
