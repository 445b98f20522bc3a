/// Stochastic RSI (TA-Lib `STOCHRSI`): the fast stochastic (STOCHF) applied to RSI(`timePeriod`).
public enum STOCHRSI {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000
    /// Accepted range of the %K and %D periods.
    public static let periodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(
        timePeriod: Int = 14, fastKPeriod: Int = 5, fastDPeriod: Int = 3, fastDMAType: MAType = .sma
    ) -> Int {
        RSI.lookback(timePeriod: timePeriod)
            + STOCHF.lookback(fastKPeriod: fastKPeriod, fastDPeriod: fastDPeriod, fastDMAType: fastDMAType)
    }

    /// Writes all `n` slots of fast %K and fast %D.
    static func kernel(
        _ x: UnsafePointer<Double>, _ n: Int, period: Int, fastK: Int, fastD: Int, maType: MAType,
        _ outK: UnsafeMutablePointer<Double>, _ outD: UnsafeMutablePointer<Double>
    ) {
        let lbR = RSI.lookback(timePeriod: period)
        let lb = lookback(timePeriod: period, fastKPeriod: fastK, fastDPeriod: fastD, fastDMAType: maType)
        fillNaN(outK, n, n)
        fillNaN(outD, n, n)
        guard lb < n else { return }
        let r = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer { r.deallocate() }
        RSI.kernel(x, n, period: period, start: 0, r)
        STOCHF.kernel(r + lbR, r + lbR, r + lbR, n - lbR, fastK: fastK, fastD: fastD, maType: maType,
                      outK + lbR, outD + lbR)
    }
}

extension TA {
    /// Stochastic RSI of `real` (TA-Lib `STOCHRSI`, defaults 14, 5, 3, SMA): returns `[fastk, fastd]`.
    public static func stochrsi(
        _ real: [Double], timePeriod: Int = 14, fastKPeriod: Int = 5, fastDPeriod: Int = 3, fastDMAType: Int = 0
    ) throws(IndicatorError) -> [[Double]] {
        try check("STOCHRSI", "timeperiod", timePeriod, STOCHRSI.timePeriodRange)
        try check("STOCHRSI", "fastk_period", fastKPeriod, STOCHRSI.periodRange)
        try check("STOCHRSI", "fastd_period", fastDPeriod, STOCHRSI.periodRange)
        let t = try MAType.from(fastDMAType, indicator: "STOCHRSI")
        return run([real], outputs: 2) { x, n, o in
            STOCHRSI.kernel(x[0], n, period: timePeriod, fastK: fastKPeriod, fastD: fastDPeriod, maType: t,
                            o[0], o[1])
        }
    }
}
