/// Population standard deviation over a window times `nbDev` (TA-Lib `STDDEV`): `sqrt(VAR)·nbDev`.
public enum STDDEV {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 5) -> Int { timePeriod - 1 }

    /// Writes the standard deviation of `input` into `output` (same count), NaN before the lookback.
    public static func compute(
        _ input: UnsafeBufferPointer<Double>, timePeriod: Int, nbDev: Double = 1.0,
        into output: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(output.count >= input.count && timePeriodRange.contains(timePeriod))
        guard let x = input.baseAddress, let out = output.baseAddress else { return }
        fillNaN(out, lookback(timePeriod: timePeriod), input.count)
        kernel(x, input.count, period: timePeriod, nbDev: nbDev, start: 0, out)
    }

    /// Writes `out[max(start, lookback)..<n]`.
    static func kernel(
        _ x: UnsafePointer<Double>, _ n: Int, period: Int, nbDev: Double, start: Int,
        _ out: UnsafeMutablePointer<Double>
    ) {
        // sqrt(variance) · nbDev, the multiply skipped when nbDev is 1 (as TA-Lib).
        VAR.kernel(x, n, period: period, start: Swift.max(start, period - 1), out, sqrtOutput: true, scale: nbDev)
    }
}

extension TA {
    /// Standard deviation of `real` (TA-Lib `STDDEV`, defaults 5 and 1.0).
    public static func stddev(_ real: [Double], timePeriod: Int = 5, nbDev: Double = 1.0)
        throws(IndicatorError) -> [Double]
    {
        try check("STDDEV", "timeperiod", timePeriod, STDDEV.timePeriodRange)
        try check("STDDEV", "nbdev", nbDev, -3e37...3e37)
        return run1(real) { x, n, o in
            fillNaN(o, STDDEV.lookback(timePeriod: timePeriod), n)
            STDDEV.kernel(x, n, period: timePeriod, nbDev: nbDev, start: 0, o)
        }
    }
}
