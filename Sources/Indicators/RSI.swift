/// Relative strength index (TA-Lib `RSI`): Wilder-smoothed gains over gains plus losses, in 0...100.
public enum RSI {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 14) -> Int { timePeriod }

    /// Writes the RSI of `input` into `output` (same count), NaN before the lookback.
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
        let s = Swift.max(start, period)
        guard s < n else { return }
        let inv = 1.0 / Double(period)
        let m1 = Double(period - 1)
        var today = s - period
        var prev = x[today]
        today += 1
        var gain = 0.0
        var loss = 0.0
        for _ in 0..<period {
            let v = x[today]
            today += 1
            let d = v - prev
            prev = v
            if d < 0 { loss -= d } else { gain += d }
        }
        loss *= inv
        gain *= inv
        var t = gain + loss
        out[s] = t != 0 ? 100.0 * (gain / t) : 0.0
        while today < n {
            let v = x[today]
            let d = v - prev
            prev = v
            loss *= m1
            gain *= m1
            // Branch-free form of `if d < 0 { loss -= d } else { gain += d }` (adding 0 is exact: neither sum is
            // ever -0). The loss side is written as an addition of `-d`, which is the same IEEE operation as
            // subtracting `d`; as a subtraction the compiler folds the select after it (`d < 0 ? loss - d : loss`),
            // putting a blend on the smoothing chain, while `x + 0.0` cannot be folded so the select stays off it.
            loss += d < 0 ? -d : 0.0
            gain += d < 0 ? 0.0 : d
            loss *= inv
            gain *= inv
            t = gain + loss
            out[today] = t != 0 ? 100.0 * (gain / t) : 0.0
            today += 1
        }
    }
}

extension TA {
    /// Relative strength index of `real` (TA-Lib `RSI`, default period 14).
    public static func rsi(_ real: [Double], timePeriod: Int = 14) throws(IndicatorError) -> [Double] {
        try check("RSI", "timeperiod", timePeriod, RSI.timePeriodRange)
        return run1(real) { x, n, o in
            fillNaN(o, RSI.lookback(timePeriod: timePeriod), n)
            RSI.kernel(x, n, period: timePeriod, start: 0, o)
        }
    }
}
