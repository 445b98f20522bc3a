/// Bollinger bands (TA-Lib `BBANDS`): a moving average ± `nbDev` population standard deviations.
public enum BBANDS {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 5, maType: MAType = .sma) -> Int {
        Swift.max(maType.lookback(timePeriod), timePeriod - 1)
    }

    /// Writes upper, middle and lower bands of `input` (each the same count as `input`).
    public static func compute(
        _ input: UnsafeBufferPointer<Double>, timePeriod: Int = 5, nbDevUp: Double = 2, nbDevDn: Double = 2,
        maType: MAType = .sma, upper: UnsafeMutableBufferPointer<Double>,
        middle: UnsafeMutableBufferPointer<Double>, lower: UnsafeMutableBufferPointer<Double>
    ) {
        let n = input.count
        precondition(upper.count >= n && middle.count >= n && lower.count >= n)
        guard let x = input.baseAddress else { return }
        kernel(x, n, period: timePeriod, up: nbDevUp, dn: nbDevDn, maType: maType,
               upper.baseAddress!, middle.baseAddress!, lower.baseAddress!)
    }

    /// Writes all `n` slots of the three outputs.
    static func kernel(
        _ x: UnsafePointer<Double>, _ n: Int, period: Int, up: Double, dn: Double, maType: MAType,
        _ upper: UnsafeMutablePointer<Double>, _ middle: UnsafeMutablePointer<Double>,
        _ lower: UnsafeMutablePointer<Double>
    ) {
        let lb = lookback(timePeriod: period, maType: maType)
        fillNaN(upper, lb, n)
        fillNaN(middle, lb, n)
        fillNaN(lower, lb, n)
        guard lb < n else { return }
        if maType == .sma {
            // One pass: the SMA running sum and the shifted variance, as TA-Lib's fused SMA path.
            var total = 0.0
            var i = 0
            while i < lb {
                total += x[i]
                i += 1
            }
            var state = ShiftedVariance(x, start: lb, period: period)
            let p = Double(period)
            let x0 = x - lb  // x0[i] = x[i - lb], the value leaving the window
            while i < n {
                total += x[i]
                let m = total / p
                total -= x0[i]
                let variance = state.step(x, i)
                let sd = variance != 0 ? variance.squareRoot() : 0
                if up == dn {
                    let t = sd * up
                    upper[i] = m + t
                    middle[i] = m
                    lower[i] = m - t
                } else {
                    upper[i] = m.addingProduct(sd, up)
                    middle[i] = m
                    lower[i] = m - sd * dn
                }
                i += 1
            }
            return
        } else {
            // The MA is computed from its own lookback; the deviation starts at the MA's first output.
            let maStart = maType.lookback(period)
            maType.kernel(x, n, period: period, start: 0, middle)
            STDDEV.kernel(x, n, period: period, nbDev: 1.0, start: maStart, upper)
        }
        var i = lb
        if up == dn {
            while i < n {
                let t = upper[i] * up
                let m = middle[i]
                upper[i] = m + t
                lower[i] = m - t
                i += 1
            }
        } else {
            while i < n {
                let t = upper[i]
                let m = middle[i]
                upper[i] = m.addingProduct(t, up)
                lower[i] = m - t * dn
                i += 1
            }
        }
    }
}

extension TA {
    /// Bollinger bands of `real` (TA-Lib `BBANDS`, defaults 5, 2, 2, SMA): returns `[upper, middle, lower]`.
    public static func bbands(
        _ real: [Double], timePeriod: Int = 5, nbDevUp: Double = 2, nbDevDn: Double = 2, maType: Int = 0
    ) throws(IndicatorError) -> [[Double]] {
        try check("BBANDS", "timeperiod", timePeriod, BBANDS.timePeriodRange)
        try check("BBANDS", "nbdevup", nbDevUp, -3e37...3e37)
        try check("BBANDS", "nbdevdn", nbDevDn, -3e37...3e37)
        let t = try MAType.from(maType, indicator: "BBANDS")
        return run([real], outputs: 3) { x, n, o in
            BBANDS.kernel(x[0], n, period: timePeriod, up: nbDevUp, dn: nbDevDn, maType: t, o[0], o[1], o[2])
        }
    }
}
