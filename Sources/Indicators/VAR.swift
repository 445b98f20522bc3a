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

    /// Writes `out[max(start, lookback)..<n]`: the variance, or with `sqrtOutput` its square root times `scale`.
    ///
    /// Keeps sums of deviations from a shift (first window value); re-anchors the shift on the window mean with a
    /// fresh two-pass sum when the variance falls under 1e-6 of the mean squared deviation, when the removed term
    /// dwarfs the sum, or every 32·period bars; a re-anchored variance under 1e-12 of it is set to 0.
    @inline(__always)
    static func kernel(
        _ x: UnsafePointer<Double>, _ n: Int, period: Int, start: Int, _ out: UnsafeMutablePointer<Double>,
        sqrtOutput: Bool = false, scale: Double = 1.0
    ) {
        let s = Swift.max(start, period - 1)
        guard s < n else { return }
        var state = ShiftedVariance(x, start: s, period: period)
        var i = s
        if !sqrtOutput {
            while i < n {
                out[i] = state.step(x, i)
                i += 1
            }
        } else if scale == 1.0 {
            while i < n {
                out[i] = state.step(x, i).squareRoot()
                i += 1
            }
        } else {
            while i < n {
                out[i] = state.step(x, i).squareRoot() * scale
                i += 1
            }
        }
    }
}

/// TA-Lib 0.8's running population variance (shifted sums with re-anchoring), one bar at a time.
struct ShiftedVariance {
    let period: Int
    let lb: Int
    let inv: Double
    var shift: Double
    var t1 = 0.0
    var t2 = 0.0
    var trailing: Int
    var barsSinceReseed: Int

    /// Prepares to emit the variance of the window ending at `start` (needs `x[start-period+1..<start]`).
    @inline(__always)
    init(_ x: UnsafePointer<Double>, start s: Int, period: Int) {
        self.period = period
        lb = period - 1
        inv = 1.0 / Double(period)
        trailing = s - lb
        shift = x[trailing]
        var j = trailing
        while j < s {
            var t = x[j] - shift
            t1 += t
            t *= t
            t2 += t
            j += 1
        }
        barsSinceReseed = 32 * period
    }

    /// The variance of the window ending at `i` (called for consecutive `i`).
    @inline(__always)
    mutating func step(_ x: UnsafePointer<Double>, _ i: Int) -> Double {
        var t = x[i] - shift
        t1 += t
        t *= t
        t2 += t
        let mean = t1 * inv
        let variance = t2 * inv - mean * mean
        t = x[trailing] - shift
        t1 -= t
        t *= t
        t2 -= t
        trailing += 1
        barsSinceReseed -= 1
        if variance < 0.000001 * (t2 * inv) || t > 1_000_000.0 * t2 || barsSinceReseed <= 0 {
            barsSinceReseed = 32 * period
            let r = Self.reseed(x, i, lb: lb, inv: inv)
            shift = r.shift
            t1 = r.t1
            t2 = r.t2
            return r.variance
        }
        return variance
    }

    /// Re-anchored state for the window ending at `i`: a fresh two-pass sum around the window mean, with the
    /// trailing value already removed; returns the fresh variance (0 under 1e-12 of the mean squared deviation).
    @inline(never)
    static func reseed(_ x: UnsafePointer<Double>, _ i: Int, lb: Int, inv: Double)
        -> (shift: Double, t1: Double, t2: Double, variance: Double)
    {
        let ws = i - lb
        var sum = 0.0
        var j = ws
        while j <= i {
            sum += x[j]
            j += 1
        }
        let shift = sum * inv
        var t1 = 0.0
        var t2 = 0.0
        j = ws
        while j <= i {
            var d = x[j] - shift
            t1 += d
            d *= d
            t2 += d
            j += 1
        }
        let mean = t1 * inv
        var variance = t2 * inv - mean * mean
        if variance < 0.000000000001 * (t2 * inv) { variance = 0 }
        var d = x[ws] - shift
        t1 -= d
        d *= d
        t2 -= d
        return (shift, t1, t2, variance)
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
