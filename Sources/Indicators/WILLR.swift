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

    /// Writes all `n` slots.
    static func kernel(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ n: Int,
        period: Int, _ out: UnsafeMutablePointer<Double>
    ) {
        let lb = period - 1
        fillNaN(out, lb, n)
        guard lb < n else { return }
        var today = lb
        var trailing = 0
        var lowestIdx = -1
        var highestIdx = -1
        var lowest = 0.0
        var highest = 0.0
        var diff = 0.0
        while today < n {
            var tmp = l[today]
            if lowestIdx < trailing {
                lowestIdx = trailing
                lowest = l[lowestIdx]
                var i = lowestIdx + 1
                while i <= today {
                    tmp = l[i]
                    if tmp < lowest {
                        lowestIdx = i
                        lowest = tmp
                    }
                    i += 1
                }
                diff = (highest - lowest) / -100.0
            } else if tmp <= lowest {
                lowestIdx = today
                lowest = tmp
                diff = (highest - lowest) / -100.0
            }
            tmp = h[today]
            if highestIdx < trailing {
                highestIdx = trailing
                highest = h[highestIdx]
                var i = highestIdx + 1
                while i <= today {
                    tmp = h[i]
                    if tmp > highest {
                        highestIdx = i
                        highest = tmp
                    }
                    i += 1
                }
                diff = (highest - lowest) / -100.0
            } else if tmp >= highest {
                highestIdx = today
                highest = tmp
                diff = (highest - lowest) / -100.0
            }
            out[today] = diff != 0.0 ? ((highest - c[today]) / (highest - lowest)) * -100.0 : 0.0
            trailing += 1
            today += 1
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
