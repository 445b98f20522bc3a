/// A moving window over a series; every statistic is NaN until `window` values are in, and NaN while the window
/// holds a NaN (pandas with `min_periods = window`).
public struct Rolling: Sendable {
    /// The series the window moves over.
    public let series: Series
    /// Window length in bars.
    public let window: Int

    /// Rolling sum.
    public func sum() -> Series { series.with(values: RollingKernels.sum(series.values, window)) }
    /// Rolling mean.
    public func mean() -> Series {
        let w = Double(window)
        return series.with(values: RollingKernels.sum(series.values, window).map { $0 / w })
    }
    /// Rolling standard deviation with `ddof` (1 = sample, like pandas).
    public func std(ddof: Int = 1) -> Series {
        series.with(values: RollingKernels.variance(series.values, window, ddof: ddof).map { $0.squareRoot() })
    }
    /// Rolling variance with `ddof`.
    public func variance(ddof: Int = 1) -> Series {
        series.with(values: RollingKernels.variance(series.values, window, ddof: ddof))
    }
    /// Rolling minimum.
    public func min() -> Series { series.with(values: RollingKernels.extreme(series.values, window, max: false)) }
    /// Rolling maximum.
    public func max() -> Series { series.with(values: RollingKernels.extreme(series.values, window, max: true)) }
    /// `(x − rolling mean) / rolling std (ddof 1)`.
    public func zscore() -> Series {
        let m = mean().values
        let s = std().values
        return series.with(values: (0..<series.count).map { (series.values[$0] - m[$0]) / s[$0] })
    }
    /// Rank of the newest value within its window, 1...window, ties averaged (pandas `rolling().rank()`).
    public func rank(pct: Bool = false) -> Series {
        let x = series.values
        let n = x.count
        var out = [Double](repeating: .nan, count: n)
        let w = window
        guard w > 0 else { return series.with(values: out) }
        var nanCount = 0
        for i in 0..<n {
            if x[i].isNaN { nanCount += 1 }
            if i >= w && x[i - w].isNaN { nanCount -= 1 }
            guard i >= w - 1, nanCount == 0 else { continue }
            let v = x[i]
            var less = 0
            var equal = 0
            for j in (i - w + 1)...i {
                if x[j] < v { less += 1 } else if x[j] == v { equal += 1 }
            }
            let r = Double(less) + Double(equal + 1) / 2
            out[i] = pct ? r / Double(w) : r
        }
        return series.with(values: out)
    }
}

extension Series {
    /// A moving window of `window` bars (must be ≥ 1).
    public func rolling(_ window: Int) throws(SeriesError) -> Rolling {
        guard window >= 1 else { throw .invalidArgument("rolling window must be at least 1, got \(window)") }
        return Rolling(series: self, window: window)
    }
}

/// O(n) rolling kernels over arrays, NaN-aware.
public enum RollingKernels {
    /// Rolling sum, recomputed from scratch every 1024 bars to bound drift.
    public static func sum(_ x: [Double], _ w: Int) -> [Double] {
        let n = x.count
        var out = [Double](repeating: .nan, count: n)
        var total = 0.0
        var nans = 0
        for i in 0..<n {
            let v = x[i]
            if v.isNaN { nans += 1 } else { total += v }
            if i >= w {
                let o = x[i - w]
                if o.isNaN { nans -= 1 } else { total -= o }
            }
            if i % 1024 == 1023 && i >= w - 1 {
                total = 0
                for j in (i - w + 1)...i where !x[j].isNaN { total += x[j] }
            }
            if i >= w - 1 && nans == 0 { out[i] = total }
        }
        return out
    }

    /// Rolling variance with `ddof`, from shifted running sums (re-anchored every 1024 bars).
    public static func variance(_ x: [Double], _ w: Int, ddof: Int) -> [Double] {
        let n = x.count
        var out = [Double](repeating: .nan, count: n)
        guard w > ddof else { return out }
        var shift = x.first(where: { !$0.isNaN }) ?? 0
        var s1 = 0.0
        var s2 = 0.0
        var nans = 0
        let fw = Double(w)
        for i in 0..<n {
            let v = x[i]
            if v.isNaN { nans += 1 } else {
                let d = v - shift
                s1 += d
                s2 += d * d
            }
            if i >= w {
                let o = x[i - w]
                if o.isNaN { nans -= 1 } else {
                    let d = o - shift
                    s1 -= d
                    s2 -= d * d
                }
            }
            guard i >= w - 1 && nans == 0 else { continue }
            if i % 1024 == 1023 {
                var m = 0.0
                for j in (i - w + 1)...i { m += x[j] }
                shift = m / fw
                s1 = 0
                s2 = 0
                for j in (i - w + 1)...i {
                    let d = x[j] - shift
                    s1 += d
                    s2 += d * d
                }
            }
            let varN = (s2 - s1 * s1 / fw) / (fw - Double(ddof))
            out[i] = Swift.max(varN, 0)
        }
        return out
    }

    /// Rolling min or max with a monotonic deque.
    public static func extreme(_ x: [Double], _ w: Int, max: Bool) -> [Double] {
        let n = x.count
        var out = [Double](repeating: .nan, count: n)
        var dq = [Int](repeating: 0, count: n)
        var head = 0
        var tail = 0
        var nans = 0
        for i in 0..<n {
            let v = x[i]
            if v.isNaN { nans += 1 } else {
                while tail > head && (max ? x[dq[tail - 1]] <= v : x[dq[tail - 1]] >= v) { tail -= 1 }
                dq[tail] = i
                tail += 1
            }
            if i >= w && x[i - w].isNaN { nans -= 1 }
            while tail > head && dq[head] <= i - w { head += 1 }
            if i >= w - 1 && nans == 0 && tail > head { out[i] = x[dq[head]] }
        }
        return out
    }
}
