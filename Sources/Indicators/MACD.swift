/// Moving average convergence/divergence (TA-Lib `MACD`): fast EMA − slow EMA, its EMA signal and histogram.
///
/// Both EMAs start at the slow EMA's lookback (the fast one seeded on the window ending there), as TA-Lib does.
public enum MACD {
    /// Accepted range of `fastPeriod` and `slowPeriod`.
    public static let periodRange = 2...100_000
    /// Accepted range of `signalPeriod`.
    public static let signalPeriodRange = 1...100_000

    /// Index of the first valid output.
    public static func lookback(fastPeriod: Int = 12, slowPeriod: Int = 26, signalPeriod: Int = 9) -> Int {
        let slow = Swift.max(fastPeriod, slowPeriod)
        return EMA.lookback(timePeriod: slow) + EMA.lookback(timePeriod: signalPeriod)
    }

    /// Writes macd, signal and histogram for `input` (each the same count as `input`).
    public static func compute(
        _ input: UnsafeBufferPointer<Double>, fastPeriod: Int = 12, slowPeriod: Int = 26, signalPeriod: Int = 9,
        macd: UnsafeMutableBufferPointer<Double>, signal: UnsafeMutableBufferPointer<Double>,
        histogram: UnsafeMutableBufferPointer<Double>
    ) {
        let n = input.count
        precondition(macd.count >= n && signal.count >= n && histogram.count >= n)
        guard let x = input.baseAddress else { return }
        kernel(x, n, fast: fastPeriod, slow: slowPeriod, signal: signalPeriod,
               macd.baseAddress!, signal.baseAddress!, histogram.baseAddress!)
    }

    /// Writes all `n` slots of the three outputs.
    static func kernel(
        _ x: UnsafePointer<Double>, _ n: Int, fast fastIn: Int, slow slowIn: Int, signal: Int,
        _ outMACD: UnsafeMutablePointer<Double>, _ outSignal: UnsafeMutablePointer<Double>,
        _ outHist: UnsafeMutablePointer<Double>
    ) {
        var fast = fastIn
        var slow = slowIn
        if slow < fast { swap(&fast, &slow) }
        let lbSignal = signal - 1
        let lbTotal = lbSignal + slow - 1
        fillNaN(outMACD, lbTotal, n)
        fillNaN(outSignal, lbTotal, n)
        fillNaN(outHist, lbTotal, n)
        guard lbTotal < n else { return }
        let s0 = lbTotal - lbSignal  // where both EMAs start
        // Seeds: the slow EMA on x[0...s0], the fast one on its last `fast` values (TA-Lib's start index).
        var sum = 0.0
        for i in (s0 - (slow - 1))...s0 { sum += x[i] }
        var slowE = sum / Double(slow)
        sum = 0.0
        for i in (s0 - (fast - 1))...s0 { sum += x[i] }
        var fastE = sum / Double(fast)
        let kSlow = EMA.k(slow), kFast = EMA.k(fast), kSignal = EMA.k(signal)
        // The signal EMA is seeded with the mean of the first `signal` MACD values.
        var signalSum = fastE - slowE
        var i = s0 + 1
        while i <= lbTotal {
            slowE = slowE.addingProduct(x[i] - slowE, kSlow)
            fastE = fastE.addingProduct(x[i] - fastE, kFast)
            signalSum += fastE - slowE
            i += 1
        }
        var line = fastE - slowE
        var sig = signalSum / Double(signal)
        outMACD[lbTotal] = line
        outSignal[lbTotal] = sig
        outHist[lbTotal] = line - sig
        while i < n {
            slowE = slowE.addingProduct(x[i] - slowE, kSlow)
            fastE = fastE.addingProduct(x[i] - fastE, kFast)
            line = fastE - slowE
            sig = sig.addingProduct(line - sig, kSignal)
            outMACD[i] = line
            outSignal[i] = sig
            outHist[i] = line - sig
            i += 1
        }
    }
}

extension TA {
    /// MACD of `real` (TA-Lib `MACD`): returns `[macd, macdsignal, macdhist]`.
    public static func macd(_ real: [Double], fastPeriod: Int = 12, slowPeriod: Int = 26, signalPeriod: Int = 9)
        throws(IndicatorError) -> [[Double]]
    {
        try check("MACD", "fastperiod", fastPeriod, MACD.periodRange)
        try check("MACD", "slowperiod", slowPeriod, MACD.periodRange)
        try check("MACD", "signalperiod", signalPeriod, MACD.signalPeriodRange)
        return run([real], outputs: 3) { x, n, o in
            MACD.kernel(x[0], n, fast: fastPeriod, slow: slowPeriod, signal: signalPeriod, o[0], o[1], o[2])
        }
    }
}
