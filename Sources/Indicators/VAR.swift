/// Population variance over a window (TA-Lib `VAR`, 0.8.x cancellation-free shifted sums with re-anchoring).
public enum VAR {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 5) -> Int { timePeriod - 1 }

    /// Writes the variance of `input` into `output` (same count), NaN before the lookback.
    public static func compute(
        _ input: UnsafeBufferPointer<Double>, timePeriod: Int, into output: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(output.count >= input.count && timePeriodRange.contains(timePeriod))
        guard let x = input.baseAddress, let out = output.baseAddress else { return }
        fillNaN(out, lookback(timePeriod: timePeriod), input.count)
        kernel(x, input.count, period: timePeriod, start: 0, out)
    }

    /// Writes `out[max(start, lookback)..<n]`.
    ///
    /// Keeps sums of deviations from a shift (first window value); re-anchors the shift on the window mean with a
    /// fresh two-pass sum when the variance falls under 1e-6 of the mean squared deviation, when the removed term
    /// dwarfs the sum, or every 32·period bars; a re-anchored variance under 1e-12 of it is set to 0.
    @inline(__always)
    static func kernel(
        _ x: UnsafePointer<Double>, _ n: Int, period: Int, start: Int, _ out: UnsafeMutablePointer<Double>,
        sqrtOutput: Bool = false
    ) {
        let lb = period - 1
        let s = Swift.max(start, lb)
        guard s < n else { return }
        let inv = 1.0 / Double(period)
        var trailing = s - lb
        var shift = x[trailing]
        var t1 = 0.0
        var t2 = 0.0
        var j = trailing
        while j < s {
            var t = x[j] - shift
            t1 += t
            t *= t
            t2 += t
            j += 1
        }
        var i = s
        var barsSinceReseed = 32 * period
        while i < n {
            var t = x[i] - shift
            t1 += t
            t *= t
            t2 += t
            var mean = t1 * inv
            var variance = t2 * inv - mean * mean
            t = x[trailing] - shift
            t1 -= t
            t *= t
            t2 -= t
            trailing += 1
            barsSinceReseed -= 1
            if variance < 0.000001 * (t2 * inv) || t > 1_000_000.0 * t2 || barsSinceReseed <= 0 {
                barsSinceReseed = 32 * period
                let ws = i - lb
                var sum = 0.0
                j = ws
                while j <= i {
                    sum += x[j]
                    j += 1
                }
                shift = sum * inv
                t1 = 0
                t2 = 0
                j = ws
                while j <= i {
                    var d = x[j] - shift
                    t1 += d
                    d *= d
                    t2 += d
                    j += 1
                }
                mean = t1 * inv
                variance = t2 * inv - mean * mean
                if variance < 0.000000000001 * (t2 * inv) { variance = 0 }
                var d = x[ws] - shift
                t1 -= d
                d *= d
                t2 -= d
            }
            out[i] = sqrtOutput ? (variance != 0 ? variance.squareRoot() : 0) : variance
            i += 1
        }
    }
}

extension TA {
    /// Population variance of `real` over `timePeriod` bars (TA-Lib `VAR`; `nbDev` is accepted and unused).
    public static func variance(_ real: [Double], timePeriod: Int = 5, nbDev: Double = 1.0)
        throws(IndicatorError) -> [Double]
    {
        try check("VAR", "timeperiod", timePeriod, VAR.timePeriodRange)
        try check("VAR", "nbdev", nbDev, -3e37...3e37)
        return run1(real) { x, n, o in
            fillNaN(o, VAR.lookback(timePeriod: timePeriod), n)
            VAR.kernel(x, n, period: timePeriod, start: 0, o)
        }
    }
}
