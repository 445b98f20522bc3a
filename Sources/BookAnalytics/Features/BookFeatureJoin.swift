/// The unit of bar close times given to `BookFeatureJoin`.
public enum BarTimeUnit: Sendable, Hashable {
    /// Seconds since the Unix epoch (what bar series usually carry).
    case seconds
    /// Milliseconds since the Unix epoch.
    case milliseconds
    /// Nanoseconds since the Unix epoch (the unit of recorded events and snapshot timestamps).
    case nanoseconds

    /// Nanoseconds per unit.
    public var nanoseconds: Int64 {
        switch self {
        case .seconds: return 1_000_000_000
        case .milliseconds: return 1_000_000
        case .nanoseconds: return 1
        }
    }
}

/// Joins book feature snapshots to bars as of each bar's close, without lookahead.
///
/// Snapshot timestamps are always **nanoseconds since the Unix epoch**. Bar close times are in the `BarTimeUnit`
/// given. A bar gets the features of the last snapshot whose time is ≤ its close time (the last one among equal
/// times), or NaN features when there is none (or when the newest is older than `maxAge`).
public enum BookFeatureJoin {
    /// For each bar, the index of the last snapshot with time ≤ the bar's close, or -1. O(bars · log snapshots).
    ///
    /// - Parameters:
    ///   - barCloseTimes: bar close times in `unit`, in any order.
    ///   - unit: the unit of `barCloseTimes`.
    ///   - snapshotTimes: snapshot times in nanoseconds since the epoch, non-decreasing.
    ///   - maxAge: if given (nanoseconds), a snapshot older than this at the bar's close counts as missing.
    /// - Throws: `BookFeatureError.unsortedSnapshots` if `snapshotTimes` decreases anywhere.
    public static func indices(
        barCloseTimes: [Int64], unit: BarTimeUnit, snapshotTimes: [Int64], maxAge: Int64? = nil
    ) throws -> [Int] {
        for i in snapshotTimes.indices.dropFirst() where snapshotTimes[i] < snapshotTimes[i - 1] {
            throw BookFeatureError.unsortedSnapshots(index: i)
        }
        let scale = unit.nanoseconds
        return barCloseTimes.map { close in
            let (closeNanos, overflow) = close.multipliedReportingOverflow(by: scale)
            let limit = overflow ? (close < 0 ? Int64.min : Int64.max) : closeNanos
            // Upper bound: first snapshot with time > limit.
            var lo = 0, hi = snapshotTimes.count
            while lo < hi {
                let m = (lo + hi) / 2
                if snapshotTimes[m] <= limit { lo = m + 1 } else { hi = m }
            }
            let index = lo - 1
            if index < 0 { return -1 }
            if let maxAge, limit - snapshotTimes[index] > maxAge { return -1 }
            return index
        }
    }

    /// For each bar, the features of the last snapshot at or before its close (NaN features if none).
    ///
    /// - Throws: `BookFeatureError.lengthMismatch` unless there is one timestamp per feature row,
    ///   `BookFeatureError.unsortedSnapshots` if timestamps decrease.
    public static func asOf(
        barCloseTimes: [Int64], unit: BarTimeUnit, snapshotTimes: [Int64], snapshots: [BookFeatures],
        maxAge: Int64? = nil
    ) throws -> [BookFeatures] {
        guard snapshotTimes.count == snapshots.count else {
            throw BookFeatureError.lengthMismatch(timestamps: snapshotTimes.count, features: snapshots.count)
        }
        let idx = try indices(barCloseTimes: barCloseTimes, unit: unit, snapshotTimes: snapshotTimes, maxAge: maxAge)
        return idx.map { $0 >= 0 ? snapshots[$0] : BookFeatures() }
    }

    /// Like `asOf`, as 17 columns (one per feature, in the spec's order) of one value per bar, ready to append
    /// to the 19 bar features.
    public static func columns(
        barCloseTimes: [Int64], unit: BarTimeUnit, snapshotTimes: [Int64], snapshots: [BookFeatures],
        maxAge: Int64? = nil
    ) throws -> [[Double]] {
        let rows = try asOf(barCloseTimes: barCloseTimes, unit: unit, snapshotTimes: snapshotTimes,
                            snapshots: snapshots, maxAge: maxAge)
        return (0..<BookFeatures.count).map { f in rows.map { $0[f] } }
    }
}
