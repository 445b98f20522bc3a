/// A Float64 column sharing a time index with the bars it came from; the unit of vectorized computation.
///
/// Missing values are NaN. Boolean series (from comparisons) hold 1 and 0 and have `isBoolean` set.
public struct Series: Sendable, Equatable {
    /// Column name (for display and frames).
    public var name: String
    /// Time index, epoch seconds (shared copy-on-write with the source bars).
    public private(set) var time: [Int64]
    /// Values, NaN where missing.
    public var values: [Double]
    /// True when the values are 1/0 truth values.
    public var isBoolean: Bool

    /// Creates a series; `time` may be empty for an unindexed series, else it must match `values` in length.
    public init(name: String = "", time: [Int64] = [], values: [Double], isBoolean: Bool = false) {
        precondition(time.isEmpty || time.count == values.count, "time index and values differ in length")
        self.name = name
        self.time = time
        self.values = values
        self.isBoolean = isBoolean
    }

    /// Number of values.
    public var count: Int { values.count }

    /// The value at 0-based position `i`.
    public subscript(_ i: Int) -> Double { values[i] }

    /// A copy with new values on the same index.
    public func with(values: [Double], name: String? = nil, isBoolean: Bool = false) -> Series {
        Series(name: name ?? self.name, time: time, values: values, isBoolean: isBoolean)
    }

    /// Values at positions `range` (clamped).
    public func slice(_ range: Range<Int>) -> Series {
        let lo = Swift.max(0, Swift.min(range.lowerBound, count))
        let hi = Swift.max(lo, Swift.min(range.upperBound, count))
        return Series(
            name: name, time: time.isEmpty ? [] : Array(time[lo..<hi]), values: Array(values[lo..<hi]),
            isBoolean: isBoolean)
    }

    /// Values with `from <= time <= to`.
    public func slice(from: Int64? = nil, to: Int64? = nil) -> Series {
        let lo = from.map { lowerBound(time, $0) } ?? 0
        let hi = to.map { upperBound(time, $0) } ?? count
        return slice(lo..<Swift.max(lo, hi))
    }

    /// The first `n` values.
    public func head(_ n: Int = 5) -> Series { slice(0..<Swift.max(0, n)) }

    /// The last `n` values.
    public func tail(_ n: Int = 5) -> Series { slice(Swift.max(0, count - Swift.max(0, n))..<count) }
}

/// An error combining series.
public enum SeriesError: Error, Equatable, CustomStringConvertible {
    /// Two series do not share the same time index.
    case notAligned(leftCount: Int, rightCount: Int)
    /// A window or period argument is invalid.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .notAligned(a, b):
            return "series are not aligned (lengths \(a) and \(b), or different times); align them with Series.align"
        case let .invalidArgument(s): return s
        }
    }
}
