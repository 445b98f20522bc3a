/// Columnar OHLCV bars: a time index (epoch seconds) and open/high/low/close/volume columns, plus extra columns.
///
/// Times read from files without a time zone (e.g. exchange-local `2019-11-05 09:30:00`) are stored as if they
/// were UTC, so calendar fields (day, hour) read back unchanged.
public struct BarSeries: Sendable, Equatable {
    /// Bar start times, epoch seconds, non-decreasing.
    public private(set) var time: [Int64]
    /// Opening prices.
    public private(set) var open: [Double]
    /// Highest prices.
    public private(set) var high: [Double]
    /// Lowest prices.
    public private(set) var low: [Double]
    /// Closing prices.
    public private(set) var close: [Double]
    /// Traded volumes (NaN when the source has none).
    public private(set) var volume: [Double]
    /// Names of the extra columns, in order.
    public private(set) var extraNames: [String]
    /// Extra columns, parallel to `extraNames`.
    public private(set) var extraColumns: [[Double]]

    /// The standard column names, in order.
    public static let standardColumns = ["open", "high", "low", "close", "volume"]

    /// Creates bars from equally long columns; throws `BarSeriesError.lengthMismatch` otherwise.
    public init(
        time: [Int64], open: [Double], high: [Double], low: [Double], close: [Double], volume: [Double]? = nil,
        extra: [(name: String, values: [Double])] = []
    ) throws(BarSeriesError) {
        let n = time.count
        let vol = volume ?? [Double](repeating: .nan, count: n)
        let lengths = [open.count, high.count, low.count, close.count, vol.count] + extra.map(\.values.count)
        if let bad = lengths.first(where: { $0 != n }) {
            throw .lengthMismatch(expected: n, got: bad)
        }
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = vol
        self.extraNames = extra.map(\.name)
        self.extraColumns = extra.map(\.values)
    }

    /// Internal unchecked initializer.
    init(
        unchecked time: [Int64], _ open: [Double], _ high: [Double], _ low: [Double], _ close: [Double],
        _ volume: [Double], extraNames: [String] = [], extraColumns: [[Double]] = []
    ) {
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.extraNames = extraNames
        self.extraColumns = extraColumns
    }

    /// Number of bars.
    public var count: Int { time.count }

    /// True when there are no bars.
    public var isEmpty: Bool { time.isEmpty }

    /// All column names: the standard five, then the extras.
    public var columnNames: [String] { Self.standardColumns + extraNames }

    /// The values of a column by name (case-insensitive), or nil.
    public func values(_ name: String) -> [Double]? {
        switch name.lowercased() {
        case "open": return open
        case "high": return high
        case "low": return low
        case "close": return close
        case "volume": return volume
        default:
            let key = name.lowercased()
            guard let i = extraNames.firstIndex(where: { $0.lowercased() == key }) else { return nil }
            return extraColumns[i]
        }
    }

    /// A column as a `Series` sharing this time index, or nil.
    public func series(_ name: String) -> Series? {
        guard let v = values(name) else { return nil }
        return Series(name: name.lowercased(), time: time, values: v)
    }

    /// Adds or replaces an extra column; throws when its length differs from `count`.
    public mutating func setColumn(_ name: String, _ values: [Double]) throws(BarSeriesError) {
        guard values.count == count else { throw .lengthMismatch(expected: count, got: values.count) }
        switch name.lowercased() {
        case "open": open = values
        case "high": high = values
        case "low": low = values
        case "close": close = values
        case "volume": volume = values
        default:
            if let i = extraNames.firstIndex(where: { $0.lowercased() == name.lowercased() }) {
                extraColumns[i] = values
            } else {
                extraNames.append(name)
                extraColumns.append(values)
            }
        }
    }

    /// The most common spacing between consecutive bars in seconds, or nil with fewer than two bars.
    public var interval: Int64? {
        guard count > 1 else { return nil }
        var counts: [Int64: Int] = [:]
        let step = Swift.max(1, (count - 1) / 2000)
        var i = 1
        while i < count {
            let d = time[i] - time[i - 1]
            if d > 0 { counts[d, default: 0] += 1 }
            i += step
        }
        return counts.max { a, b in a.value != b.value ? a.value < b.value : a.key > b.key }?.key
    }

    /// True when bars are daily or coarser and all fall on midnight (time written as `YYYY-MM-DD`).
    public var isDaily: Bool {
        guard !time.isEmpty else { return false }
        if let iv = interval, iv < 86_400 { return false }
        return time.allSatisfy { $0 % 86_400 == 0 }
    }
}

/// An error building or combining bar series.
public enum BarSeriesError: Error, Equatable, CustomStringConvertible {
    /// A column's length differs from the time index's.
    case lengthMismatch(expected: Int, got: Int)
    /// The requested resampling interval is not a multiple of the bars' interval, or not positive.
    case invalidInterval(String)
    /// A column name that does not exist.
    case unknownColumn(String)

    public var description: String {
        switch self {
        case let .lengthMismatch(e, g): return "column length \(g) does not match the time index length \(e)"
        case let .invalidInterval(s): return "invalid interval: \(s)"
        case let .unknownColumn(s): return "no column named '\(s)'"
        }
    }
}
