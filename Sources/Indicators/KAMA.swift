/// Kaufman adaptive moving average (TA-Lib `KAMA`): an EMA whose factor follows the efficiency ratio.
public enum KAMA {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 30) -> Int { timePeriod }

    /// Writes the KAMA of `input` into `output` (same count), NaN before the lookback.
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
        let constMax = 2.0 / (30.0 + 1.0)
        let constDiff = 2.0 / (2.0 + 1.0) - constMax
        var sumROC1 = 0.0
        var today = s - period
        var trailing = today
        for _ in 0..<period {
            let d = x[today] - x[today + 1]
            today += 1
            sumROC1 += abs(d)
        }
        var kama = x[today - 1]
        var v = x[today]
        var tv = x[trailing]
        trailing += 1
        var periodROC = v - tv
        var trailingValue = tv
        var er = (sumROC1 <= periodROC || taIsZero(sumROC1)) ? 1.0 : abs(periodROC / sumROC1)
        var sc = constMax.addingProduct(er, constDiff)
        sc *= sc
        kama = kama.addingProduct(x[today] - kama, sc)
        today += 1
        out[s] = kama
        while today < n {
            v = x[today]
            tv = x[trailing]
            trailing += 1
            periodROC = v - tv
            sumROC1 -= abs(trailingValue - tv)
            sumROC1 += abs(v - x[today - 1])
            trailingValue = tv
            er = (sumROC1 <= periodROC || taIsZero(sumROC1)) ? 1.0 : abs(periodROC / sumROC1)
            sc = constMax.addingProduct(er, constDiff)
            sc *= sc
            kama = kama.addingProduct(x[today] - kama, sc)
            out[today] = kama
            today += 1
        }
    }
}

extension TA {
    /// Kaufman adaptive moving average of `real` (TA-Lib `KAMA`, default period 30).
    public static func kama(_ real: [Double], timePeriod: Int = 30) throws(IndicatorError) -> [Double] {
        try check("KAMA", "timeperiod", timePeriod, KAMA.timePeriodRange)
        return run1(real) { x, n, o in
            fillNaN(o, KAMA.lookback(timePeriod: timePeriod), n)
            KAMA.kernel(x, n, period: timePeriod, start: 0, o)
        }
    }
}
