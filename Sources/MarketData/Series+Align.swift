/// How to combine two time indexes.
public enum JoinKind: Sendable {
    /// Times present in both.
    case inner
    /// All times of the left series.
    case left
    /// All times of either series.
    case outer
}

extension Series {
    /// Both series re-indexed onto a common time index (missing values NaN); indexes must be sorted.
    public static func align(_ a: Series, _ b: Series, join: JoinKind = .inner) -> (Series, Series) {
        let (t, ia, ib) = joinIndex(a.time, b.time, join)
        func take(_ s: Series, _ ix: [Int]) -> Series {
            Series(name: s.name, time: t, values: ix.map { $0 >= 0 ? s.values[$0] : .nan }, isBoolean: s.isBoolean)
        }
        return (take(a, ia), take(b, ib))
    }

    /// This series re-indexed onto `time` (sorted): values at equal times, NaN elsewhere.
    public func reindex(_ time: [Int64]) -> Series {
        let (t, _, ib) = joinIndex(time, self.time, .left)
        return Series(name: name, time: t, values: ib.map { $0 >= 0 ? values[$0] : .nan }, isBoolean: isBoolean)
    }
}

extension BarSeries {
    /// Joins `other`'s columns onto these bars by time as extra columns named `prefix + column`.
    public func join(_ other: BarSeries, prefix: String, how: JoinKind = .left) -> BarSeries {
        let (t, ia, ib) = joinIndex(time, other.time, how)
        func take(_ v: [Double], _ ix: [Int]) -> [Double] { ix.map { $0 >= 0 ? v[$0] : .nan } }
        var names = extraNames
        var cols = extraColumns.map { take($0, ia) }
        for name in other.columnNames {
            names.append(prefix + name)
            cols.append(take(other.values(name)!, ib))
        }
        return BarSeries(
            unchecked: t, take(open, ia), take(high, ia), take(low, ia), take(close, ia), take(volume, ia),
            extraNames: names, extraColumns: cols)
    }
}

/// Merges two sorted time indexes; returns the joined index and, per row, the source positions (−1 = missing).
func joinIndex(_ a: [Int64], _ b: [Int64], _ how: JoinKind) -> ([Int64], [Int], [Int]) {
    var t: [Int64] = []
    var ia: [Int] = []
    var ib: [Int] = []
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
        if j >= b.count || (i < a.count && a[i] < b[j]) {
            if how != .inner {
                t.append(a[i])
                ia.append(i)
                ib.append(-1)
            }
            i += 1
        } else if i >= a.count || b[j] < a[i] {
            if how == .outer {
                t.append(b[j])
                ia.append(-1)
                ib.append(j)
            }
            j += 1
        } else {
            t.append(a[i])
            ia.append(i)
            ib.append(j)
            i += 1
            j += 1
        }
    }
    return (t, ia, ib)
}
