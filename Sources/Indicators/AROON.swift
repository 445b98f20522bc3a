/// Aroon (TA-Lib `AROON`): how recently the window of `n + 1` bars made its high and low, in 0...100.
public enum AROON {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 14) -> Int { timePeriod }

    /// Writes Aroon down and Aroon up (TA-Lib's output order) of the bars.
    public static func compute(
        high: UnsafeBufferPointer<Double>, low: UnsafeBufferPointer<Double>, timePeriod: Int = 14,
        down: UnsafeMutableBufferPointer<Double>, up: UnsafeMutableBufferPointer<Double>
    ) {
        let n = high.count
        precondition(low.count == n && down.count >= n && up.count >= n && timePeriodRange.contains(timePeriod))
        guard n > 0 else { return }
        kernel(high.baseAddress!, low.baseAddress!, n, period: timePeriod, down.baseAddress!, up.baseAddress!)
    }

    /// Writes all `n` slots of `down` and `up`; with `up == nil` writes the oscillator `up − down` into `down`.
    static func kernel(
        _ h: UnsafePointer<Double>, _ l: UnsafePointer<Double>, _ n: Int, period: Int,
        _ down: UnsafeMutablePointer<Double>, _ up: UnsafeMutablePointer<Double>?
    ) {
        fillNaN(down, period, n)
        if let up { fillNaN(up, period, n) }
        guard period < n else { return }
        let factor = 100.0 / Double(period)
        var today = period
        var trailing = 0
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
                    if tmp <= lowest {
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
                    if tmp >= highest {
                        highestIdx = i
                        highest = tmp
                    }
                    i += 1
                }
            } else if tmp >= highest {
                highestIdx = today
                highest = tmp
            }
            if let up {
                up[today] = factor * Double(period - (today - highestIdx))
                down[today] = factor * Double(period - (today - lowestIdx))
            } else {
                down[today] = factor * Double(highestIdx - lowestIdx)
            }
            trailing += 1
            today += 1
        }
    }
}

extension TA {
    /// Aroon of the bars (TA-Lib `AROON`, default period 14): returns `[aroondown, aroonup]`.
    public static func aroon(high: [Double], low: [Double], timePeriod: Int = 14) throws(IndicatorError) -> [[Double]] {
        try check("AROON", "timeperiod", timePeriod, AROON.timePeriodRange)
        try checkLengths("AROON", [high, low])
        return run([high, low], outputs: 2) { x, n, o in
            AROON.kernel(x[0], x[1], n, period: timePeriod, o[0], o[1])
        }
    }
}
