/// Slow stochastic (TA-Lib `STOCH`): raw %K smoothed into slow %K, and slow %D its moving average.
public enum STOCH {
    /// Accepted range of the periods.
    public static let periodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(
        fastKPeriod: Int = 5, slowKPeriod: Int = 3, slowKMAType: MAType = .sma, slowDPeriod: Int = 3,
        slowDMAType: MAType = .sma
    ) -> Int {
        fastKPeriod - 1 + slowKMAType.lookback(slowKPeriod) + slowDMAType.lookback(slowDPeriod)
    }

    /// Writes slow %K and slow %D of the bars (each the same count as the inputs).
    public static func compute(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>,
        fastKPeriod: Int = 5, slowKPeriod: Int = 3, slowKMAType: MAType = .sma, slowDPeriod: Int = 3,
        slowDMAType: MAType = .sma, slowK: UnsafeMutableBufferPointer<Double>,
        slowD: UnsafeMutableBufferPointer<Double>
    ) {
        let n = close.count
        precondition(high.count == n && low.count == n && slowK.count >= n && slowD.count >= n)
        guard n > 0 else { return }
        kernel(high.baseAddress!, low.baseAddress!, close.baseAddress!, n, fastK: fastKPeriod,
               slowK: slowKPeriod, kType: slowKMAType, slowD: slowDPeriod, dType: slowDMAType,
               slowK.baseAddress!, slowD.baseAddress!)
    }

    /// Writes all `n` slots of slow %K and slow %D.
    static func kernel(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ n: Int,
        fastK: Int, slowK: Int, kType: MAType, slowD: Int, dType: MAType,
        _ outK: UnsafeMutablePointer<Double>, _ outD: UnsafeMutablePointer<Double>
    ) {
        let lbK = fastK - 1
        let lbKS = kType.lookback(slowK)
        let lb = lbK + lbKS + dType.lookback(slowD)
        fillNaN(outK, n, n)
        fillNaN(outD, n, n)
        guard lb < n else { return }
        let raw = UnsafeMutablePointer<Double>.allocate(capacity: n)
        defer { raw.deallocate() }
        STOCHF.rawK(h, l, c, n, fastK: fastK, start: 0, raw)
        kType.kernel(raw + lbK, n - lbK, period: slowK, start: 0, outK + lbK)
        let s = lbK + lbKS
        dType.kernel(outK + s, n - s, period: slowD, start: 0, outD + s)
        fillNaN(outK, lb, n)
    }
}

extension TA {
    /// Slow stochastic of the bars (TA-Lib `STOCH`, defaults 5, 3, SMA, 3, SMA): returns `[slowk, slowd]`.
    public static func stoch(
        high: [Double], low: [Double], close: [Double], fastKPeriod: Int = 5, slowKPeriod: Int = 3,
        slowKMAType: Int = 0, slowDPeriod: Int = 3, slowDMAType: Int = 0
    ) throws(IndicatorError) -> [[Double]] {
        try check("STOCH", "fastk_period", fastKPeriod, STOCH.periodRange)
        try check("STOCH", "slowk_period", slowKPeriod, STOCH.periodRange)
        try check("STOCH", "slowd_period", slowDPeriod, STOCH.periodRange)
        let kt = try MAType.from(slowKMAType, indicator: "STOCH")
        let dt = try MAType.from(slowDMAType, indicator: "STOCH")
        try checkLengths("STOCH", [high, low, close])
        return run([high, low, close], outputs: 2) { x, n, o in
            STOCH.kernel(x[0], x[1], x[2], n, fastK: fastKPeriod, slowK: slowKPeriod, kType: kt,
                         slowD: slowDPeriod, dType: dt, o[0], o[1])
        }
    }
}
