/// Options for reading bars from CSV.
public struct CSVOptions: Sendable {
    /// What to do with timestamps that go backwards or repeat.
    public enum Order: Sendable {
        /// Throw a `CSVError` at the first row out of order or repeated.
        case error
        /// Sort rows by time (stable); repeated times are kept.
        case sort
        /// Sort rows by time and keep only the last row of each repeated time.
        case sortAndDeduplicate
    }

    /// Scale open/high/low/close by `Adj Close / Close` when an adjusted-close column exists.
    public var adjust: Bool = false
    /// Keep columns other than time/OHLCV as extra columns (numeric; unparsable cells become NaN).
    public var keepExtraColumns: Bool = false
    /// Skip malformed rows instead of throwing; their count is in the report.
    public var skipBadRows: Bool = false
    /// Handling of unsorted or duplicate timestamps.
    public var order: Order = .error
    /// Field separator.
    public var delimiter: UInt8 = UInt8(ascii: ",")
    /// Name of the time column; nil finds `date`, `datetime`, `time`, `timestamp` (case-insensitive).
    public var timeColumn: String? = nil

    /// Default options.
    public init() {}

    /// Options with the most common settings.
    public init(
        adjust: Bool = false, keepExtraColumns: Bool = false, skipBadRows: Bool = false, order: Order = .error
    ) {
        self.adjust = adjust
        self.keepExtraColumns = keepExtraColumns
        self.skipBadRows = skipBadRows
        self.order = order
    }
}

/// What a CSV read did besides returning bars.
public struct CSVReadReport: Sendable, Equatable {
    /// Rows skipped as malformed (with `skipBadRows`).
    public var skippedRows = 0
    /// The first few errors of skipped rows.
    public var errors: [CSVError] = []
    /// True when rows had to be sorted by time.
    public var sorted = false
    /// Rows dropped because their time repeated.
    public var duplicatesDropped = 0
    /// True when OHLC were scaled by the adjusted close.
    public var adjusted = false
}
