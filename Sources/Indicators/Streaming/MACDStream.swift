/// MACD one value at a time, bit-identical to `TA.macd` on the same sequence.
public struct MACDStream: Sendable {
    let fast: Int
    let slow: Int
    let signalPeriod: Int
    var window: RingBuffer
    var seen = 0
    var fastEMA = 0.0
    var slowEMA = 0.0
    var signalSum = 0.0
    var signal = Double.nan

    /// A stream with TA-Lib's `fastperiod`, `slowperiod`, `signalperiod`.
    public init(fastPeriod: Int = 12, slowPeriod: Int = 26, signalPeriod: Int = 9) throws(IndicatorError) {
        try TA.check("MACD", "fastperiod", fastPeriod, MACD.periodRange)
        try TA.check("MACD", "slowperiod", slowPeriod, MACD.periodRange)
        try TA.check("MACD", "signalperiod", signalPeriod, MACD.signalPeriodRange)
        fast = Swift.min(fastPeriod, slowPeriod)
        slow = Swift.max(fastPeriod, slowPeriod)
        self.signalPeriod = signalPeriod
        window = RingBuffer(capacity: slow)
    }

    /// Adds `x`; returns `(macd, signal, hist)`, NaN until the lookback.
    public mutating func update(_ x: Double) -> (macd: Double, signal: Double, hist: Double) {
        seen += 1
        let nan = (Double.nan, Double.nan, Double.nan)
        if seen < slow {
            window.append(x)
            return nan
        }
        if seen == slow {
            // Both EMAs are seeded on the windows ending here (the fast one on its last `fast` values).
            window.append(x)
            var s = 0.0
            for i in 0..<slow { s += window[i] }
            slowEMA = s / Double(slow)
            var f = 0.0
            for i in (slow - fast)..<slow { f += window[i] }
            fastEMA = f / Double(fast)
        } else {
            slowEMA = slowEMA.addingProduct(x - slowEMA, EMA.k(slow))
            fastEMA = fastEMA.addingProduct(x - fastEMA, EMA.k(fast))
        }
        let line = fastEMA - slowEMA
        let k = seen - slow + 1  // MACD values so far
        if k < signalPeriod {
            signalSum += line
            return nan
        }
        if k == signalPeriod {
            signalSum += line
            signal = signalSum / Double(signalPeriod)
        } else {
            signal = signal.addingProduct(line - signal, EMA.k(signalPeriod))
        }
        return (line, signal, line - signal)
    }
}
