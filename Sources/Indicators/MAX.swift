/// Highest value over a period (TA-Lib `MAX`).
public enum MAX {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 30) -> Int { timePeriod - 1 }

    /// Writes the rolling max of `input` into `output` (same count), NaN before the lookback.
    public static func compute(
        _ input: UnsafeBufferPointer<Double>, timePeriod: Int = 30, into output: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(output.count >= input.count && timePeriodRange.contains(timePeriod))
        guard let x = input.baseAddress, let out = output.baseAddress else { return }
        kernel(x, input.count, period: timePeriod, out)
    }

    /// Writes all `n` slots, tracking the extreme's index and rescanning only when it leaves the window.
    static func kernel(_ x: UnsafePointer<Double>, _ n: Int, period: Int, _ out: UnsafeMutablePointer<Double>) {
        let lb = period - 1
        fillNaN(out, lb, n)
        var today = lb
        var trailing = 0
        var idx = -1
        var best = 0.0
        while today < n {
            let tmp = x[today]
            if idx < trailing {
                idx = trailing
                best = x[idx]
                var i = idx + 1
                while i <= today {
                    let v = x[i]
                    if v > best {
                        idx = i
                        best = v
                    }
                    i += 1
                }
            } else if tmp >= best {
                idx = today
                best = tmp
            }
            out[today] = best
            trailing += 1
            today += 1
        }
    }
}

extension TA {
    /// Highest value over a period of `real` (TA-Lib `MAX`, default period 30).
    public static func max(_ real: [Double], timePeriod: Int = 30) throws(IndicatorError) -> [Double] {
        try check("MAX", "timeperiod", timePeriod, MAX.timePeriodRange)
        return run1(real) { x, n, o in MAX.kernel(x, n, period: timePeriod, o) }
    }
}
