/// The SMA crossover strategy used by the oracle, the benchmarks and the sweep example.
///
/// The rolling mean reproduces pandas' `Series.rolling(n).mean()` bit for bit (running sum with Kahan
/// compensation, equal-value runs exact), so SMA ties come out as ties exactly where backtesting.py sees them.
public enum SMACross {
    /// Rolling mean over `window` values, NaN for the first `window − 1`. Complexity: O(n).
    public static func rollingMean(_ x: [Double], window: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: x.count)
        guard !x.isEmpty, window >= 1 else { return out }
        x.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { out in
                var sum = 0.0, addCompensation = 0.0, removeCompensation = 0.0
                var count = 0, negatives = 0, sameRun = 0
                var previous = x[0]
                for i in 0..<x.count {
                    if i >= window {
                        let v = x[i - window]
                        if !v.isNaN {
                            count -= 1
                            let y = -v - removeCompensation
                            let t = sum + y
                            removeCompensation = t - sum - y
                            sum = t
                            if v.sign == .minus { negatives -= 1 }
                        }
                    }
                    let v = x[i]
                    if !v.isNaN {
                        count += 1
                        let y = v - addCompensation
                        let t = sum + y
                        addCompensation = t - sum - y
                        sum = t
                        if v.sign == .minus { negatives += 1 }
                        sameRun = v == previous ? sameRun + 1 : 1
                        previous = v
                    }
                    if count >= window {
                        var r = sum / Double(count)
                        if sameRun >= count {
                            r = previous
                        } else if negatives == 0, r < 0 {
                            r = 0
                        } else if negatives == count, r > 0 {
                            r = 0
                        }
                        out[i] = r
                    }
                }
            }
        }
        return out
    }

    /// backtesting.py's `crossover(a, b)` at every bar: `a[i−1] < b[i−1] && a[i] > b[i]` (a tie swallows a cross).
    public static func crossover(_ a: [Double], _ b: [Double]) -> [Bool] {
        precondition(a.count == b.count, "crossover needs equal lengths")
        var out = [Bool](repeating: false, count: a.count)
        guard a.count > 1 else { return out }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { out in
                    for i in 1..<a.count { out[i] = a[i - 1] < b[i - 1] && a[i] > b[i] }
                }
            }
        }
        return out
    }

    /// Entries where the fast mean crosses above the slow one, exits where it crosses below.
    public static func signals(fastMean: [Double], slowMean: [Double]) -> Signals {
        .entriesExits(entries: crossover(fastMean, slowMean), exits: crossover(slowMean, fastMean))
    }

    /// Entries and exits of the `fast`/`slow` SMA cross on `close`.
    public static func signals(close: [Double], fast: Int, slow: Int) -> Signals {
        signals(fastMean: rollingMean(close, window: fast), slowMean: rollingMean(close, window: slow))
    }
}
