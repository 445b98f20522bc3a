/// Fast stochastic (TA-Lib `STOCHF`): raw %K over `fastKPeriod` bars and its moving average %D.
public enum STOCHF {
    /// Accepted range of the periods.
    public static let periodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(fastKPeriod: Int = 5, fastDPeriod: Int = 3, fastDMAType: MAType = .sma) -> Int {
        fastKPeriod - 1 + fastDMAType.lookback(fastDPeriod)
    }

    /// Writes raw %K, `((c − lowest)/(highest − lowest))·100` or 0 on a flat range, from `max(start, fastK−1)`.
    static func rawK(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ n: Int,
        fastK: Int, start: Int, _ out: UnsafeMutablePointer<Double>
    ) {
        let lbK = fastK - 1
        var today = Swift.max(start, lbK)
        var trailing = today - lbK
        var lowestIdx = -1
        var highestIdx = -1
        var lowest = 0.0
        var highest = 0.0
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
            } else if tmp <= lowest {
                lowestIdx = today
                lowest = tmp
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
            } else if tmp >= highest {
                highestIdx = today
                highest = tmp
            }
            // TA-Lib 0.8: a range within 1e-14 of |highest| + |lowest| counts as flat (K = 0).
            let flat = abs(highest - lowest) <= 1e-14 * (abs(highest) + abs(lowest))
            out[today] = flat ? 0.0 : ((c[today] - lowest) / (highest - lowest)) * 100.0
            trailing += 1
            today += 1
        }
    }

    /// Writes all `n` slots of %K and %D.
    static func kernel(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ c: UnsafePointer<Double>, _ n: Int,
        fastK: Int, fastD: Int, maType: MAType, _ outK: UnsafeMutablePointer<Double>,
        _ outD: UnsafeMutablePointer<Double>
    ) {
        let lbK = fastK - 1
        let lb = lbK + maType.lookback(fastD)
        fillNaN(outK, n, n)
        fillNaN(outD, lb, n)
        guard lb < n else { return }
        rawK(h, l, c, n, fastK: fastK, start: 0, outK)
        maType.kernel(outK + lbK, n - lbK, period: fastD, start: 0, outD + lbK)
        fillNaN(outK, lb, n)
    }
}

extension TA {
    /// Fast stochastic of the bars (TA-Lib `STOCHF`, defaults 5, 3, SMA): returns `[fastk, fastd]`.
    public static func stochf(
        high: [Double], low: [Double], close: [Double], fastKPeriod: Int = 5, fastDPeriod: Int = 3,
        fastDMAType: Int = 0
    ) throws(IndicatorError) -> [[Double]] {
        try check("STOCHF", "fastk_period", fastKPeriod, STOCHF.periodRange)
        try check("STOCHF", "fastd_period", fastDPeriod, STOCHF.periodRange)
        let t = try MAType.from(fastDMAType, indicator: "STOCHF")
        try checkLengths("STOCHF", [high, low, close])
        return run([high, low, close], outputs: 2) { x, n, o in
            STOCHF.kernel(x[0], x[1], x[2], n, fastK: fastKPeriod, fastD: fastDPeriod, maType: t, o[0], o[1])
        }
    }
}
