extension BarSeries {
    /// The bars at positions `range` (clamped to the valid positions).
    public func slice(_ range: Range<Int>) -> BarSeries {
        let lo = Swift.max(0, Swift.min(range.lowerBound, count))
        let hi = Swift.max(lo, Swift.min(range.upperBound, count))
        return select(lo..<hi)
    }

    /// The bars with `from <= time <= to` (either bound optional).
    public func slice(from: Int64? = nil, to: Int64? = nil) -> BarSeries {
        let lo = from.map { lowerBound(time, $0) } ?? 0
        let hi = to.map { upperBound(time, $0) } ?? count
        return select(lo..<Swift.max(lo, hi))
    }

    /// The first `n` bars (all when `n` exceeds the count; none when negative).
    public func head(_ n: Int = 5) -> BarSeries { slice(0..<Swift.max(0, n)) }

    /// The last `n` bars.
    public func tail(_ n: Int = 5) -> BarSeries { slice(Swift.max(0, count - Swift.max(0, n))..<count) }

    /// The bars at the given positions, in that order.
    public func select(_ idx: some Sequence<Int>) -> BarSeries {
        let ix = Array(idx)
        func pick<T>(_ a: [T]) -> [T] { ix.map { a[$0] } }
        return BarSeries(
            unchecked: pick(time), pick(open), pick(high), pick(low), pick(close), pick(volume),
            extraNames: extraNames, extraColumns: extraColumns.map(pick))
    }

    /// The bars in a contiguous position range (no copying beyond the slice).
    func select(_ r: Range<Int>) -> BarSeries {
        BarSeries(
            unchecked: Array(time[r]), Array(open[r]), Array(high[r]), Array(low[r]), Array(close[r]),
            Array(volume[r]), extraNames: extraNames, extraColumns: extraColumns.map { Array($0[r]) })
    }
}

/// First index `i` with `a[i] >= v` in a sorted array.
func lowerBound(_ a: [Int64], _ v: Int64) -> Int {
    var lo = 0
    var hi = a.count
    while lo < hi {
        let mid = (lo + hi) >> 1
        if a[mid] < v { lo = mid + 1 } else { hi = mid }
    }
    return lo
}

/// First index `i` with `a[i] > v` in a sorted array.
func upperBound(_ a: [Int64], _ v: Int64) -> Int {
    var lo = 0
    var hi = a.count
    while lo < hi {
        let mid = (lo + hi) >> 1
        if a[mid] <= v { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
