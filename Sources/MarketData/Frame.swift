/// Named Float64 columns over a shared time index (e.g. a feature matrix), columns in insertion order.
public struct Frame: Sendable, Equatable {
    /// Row times, epoch seconds.
    public private(set) var time: [Int64]
    /// Column names in order.
    public private(set) var names: [String]
    /// Columns, parallel to `names`.
    public private(set) var columns: [[Double]]
    /// True when times are whole days (written as `YYYY-MM-DD`).
    public var isDaily: Bool

    /// An empty frame over `time`.
    public init(time: [Int64], isDaily: Bool? = nil) {
        self.time = time
        self.names = []
        self.columns = []
        self.isDaily = isDaily ?? (!time.isEmpty && time.allSatisfy { $0 % 86_400 == 0 })
    }

    /// Number of rows.
    public var rowCount: Int { time.count }

    /// Appends (or replaces) a column; throws when its length differs from the row count.
    public mutating func set(_ name: String, _ values: [Double]) throws(BarSeriesError) {
        guard values.count == time.count else { throw .lengthMismatch(expected: time.count, got: values.count) }
        if let i = names.firstIndex(of: name) {
            columns[i] = values
        } else {
            names.append(name)
            columns.append(values)
        }
    }

    /// The column called `name`, or nil.
    public subscript(_ name: String) -> [Double]? {
        names.firstIndex(of: name).map { columns[$0] }
    }

    /// The column called `name` as a series, or nil.
    public func series(_ name: String) -> Series? {
        self[name].map { Series(name: name, time: time, values: $0) }
    }

    /// Positions of the rows with no NaN in any column.
    public func completeRows() -> [Int] {
        (0..<rowCount).filter { i in !columns.contains { $0[i].isNaN } }
    }

    /// The rows at `rows`, in order.
    public func select(rows: [Int]) -> Frame {
        var f = Frame(time: rows.map { time[$0] }, isDaily: isDaily)
        f.names = names
        f.columns = columns.map { c in rows.map { c[$0] } }
        return f
    }

    /// The frame without rows that have a NaN in any column.
    public func dropNaN() -> Frame { select(rows: completeRows()) }

    /// CSV text: a `time` column (ISO 8601: `YYYY-MM-DD` when daily, else `YYYY-MM-DDTHH:MM:SS`), then the
    /// columns in order, NaN as an empty cell.
    public func csvString() -> String {
        CSVWriter.csv(time: time, timeStyle: .auto, daily: isDaily, names: names, columns: columns)
    }

    /// Writes `csvString()` to `path`.
    public func writeCSV(to path: String) throws(CSVError) {
        try CSVWriter.write(csvString(), to: path)
    }
}
