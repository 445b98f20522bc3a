/// Highest value over a period (TA-Lib `MAX`).
public enum MAX {
    /// Accepted range of `timePeriod`.
    public static let timePeriodRange = 2...100_000

    /// Index of the first valid output.
    public static func lookback(timePeriod: Int = 30) -> Int { timePeriod - 1 }

    /// Writes the rolling max of `input` into `output` (same count), NaN before the lookback.
    public static func compute(
        _ input: UnsafeBufferPointer<Double>, timePeriod: Int = 30, into output: UnsafeMutableBufferPointer<Double>
    ) {
        precondition(output.count >= input.count && timePeriodRange.contains(timePeriod))
        guard let x = input.baseAddress, let out = output.baseAddress else { return }
        kernel(x, input.count, period: timePeriod, out)
    }

    /// Writes all `n` slots with TA-Lib 0.6's block algorithm (van Herk/Gil-Werman, as the installed TA-Lib
    /// computes `MAX`): the input is cut into blocks of `period` bars starting at the first bar; the window ending
    /// at a block's last bar is that block's suffix max, and the window ending `k` bars into the next block is
    /// the max of that block's suffix from `k + 1` and the next block's prefix up to `k`.
    ///
    /// Every step is TA-Lib's `a > b ? a : b` (SSE `maxsd`), in the same order and with the same operands, so
    /// the output is bit-identical to TA-Lib's, including which of `0.0`/`-0.0` wins and how a NaN inside a
    /// window propagates (it is skipped, or spreads, depending on its place in the block — as in TA-Lib).
    /// O(1) work per bar and no data-dependent branches.
    static func kernel(_ x: UnsafePointer<Double>, _ n: Int, period: Int, _ out: UnsafeMutablePointer<Double>) {
        let lb = period - 1
        fillNaN(out, lb, n)
        guard n > lb else { return }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: period) { buf in
            let suffix = buf.baseAddress!
            var b = 0
            while b + lb < n {
                // Suffix maxs of the block [b, b + period), from its last bar backwards.
                let xb = x + b
                var acc = xb[lb]
                suffix[lb] = acc
                var j = lb - 1
                while j >= 0 {
                    let v = xb[j]
                    acc = v > acc ? v : acc
                    suffix[j] = acc
                    j -= 1
                }
                out[b + lb] = acc
                // Windows ending in the next block: its running prefix max against this block's suffix.
                let next = b + period
                let m = Swift.min(lb, n - next)
                if m > 0 {
                    let xn = x + next
                    let on = out + next
                    var p = xn[0]
                    var s = suffix[1]
                    on[0] = p > s ? p : s
                    var k = 1
                    while k < m {
                        let v = xn[k]
                        p = v > p ? v : p
                        s = suffix[k + 1]
                        on[k] = p > s ? p : s
                        k += 1
                    }
                }
                b = next
            }
        }
    }
}

extension TA {
    /// Highest value over a period of `real` (TA-Lib `MAX`, default period 30).
    public static func max(_ real: [Double], timePeriod: Int = 30) throws(IndicatorError) -> [Double] {
        try check("MAX", "timeperiod", timePeriod, MAX.timePeriodRange)
        return run1(real) { x, n, o in MAX.kernel(x, n, period: timePeriod, o) }
    }
}
