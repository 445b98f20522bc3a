/// Parameters of the `book17` features; the defaults are the spec's.
public struct BookFeatureConfiguration: Sendable, Hashable {
    /// Levels summed by the "over 5 levels" features (imbalance_5, volumes, vwap, pressure, slopes). Default 5.
    public var levels: Int
    /// The quantity Q walked through the book by the impact features. Default 1000.
    public var impactQuantity: Double
    /// The rolling window W in snapshots, including the current one. Default 20.
    public var window: Int

    /// Creates a configuration; call `validate()` (or create an engine) to check it.
    public init(levels: Int = 5, impactQuantity: Double = 1000, window: Int = 20) {
        self.levels = levels
        self.impactQuantity = impactQuantity
        self.window = window
    }

    /// Throws `BookFeatureError` naming the first parameter out of range.
    public func validate() throws {
        guard levels >= 1 && levels <= OrderBook.maximumDepth else {
            throw BookFeatureError.invalidParameter("levels", "\(levels)", "use 1...\(OrderBook.maximumDepth)")
        }
        guard impactQuantity.isFinite && impactQuantity > 0 else {
            throw BookFeatureError.invalidParameter("impactQuantity", "\(impactQuantity)", "use a positive quantity")
        }
        guard window >= 2 && window <= 1_000_000 else {
            throw BookFeatureError.invalidParameter(
                "window", "\(window)", "use 2...1000000 snapshots (a standard deviation needs 2)")
        }
    }
}

/// Errors from feature configuration and joins.
public enum BookFeatureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter is out of range: name, value given, what to use instead.
    case invalidParameter(String, String, String)
    /// Snapshot timestamps go backwards at `index`; joins need them non-decreasing.
    case unsortedSnapshots(index: Int)
    /// The timestamp and feature arrays differ in length.
    case lengthMismatch(timestamps: Int, features: Int)

    /// The message, with what to do about it.
    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let fix):
            return "invalid book feature parameter \(name) = \(value): \(fix)"
        case .unsortedSnapshots(let index):
            return "snapshot timestamps decrease at index \(index): sort the snapshots by time before joining"
        case .lengthMismatch(let timestamps, let features):
            return "\(timestamps) snapshot timestamps but \(features) feature rows: pass one timestamp per snapshot"
        }
    }
}

/// Setting parameters by name, for bindings (`lunar.book.new{depth=10, window=50}`).
extension BookFeatureConfiguration {
    /// Every parameter: name, summary and default.
    public static let parameters: [(name: String, summary: String, defaultValue: String)] = [
        ("levels", "levels summed by the 5-level features", "5"),
        ("impactQuantity", "quantity Q walked by the impact features", "1000"),
        ("window", "rolling window W in snapshots, including the current one", "20"),
    ]

    /// Sets the parameter `name` to `value`; ranges are checked by `validate()`.
    ///
    /// - Throws: `BookFeatureError.invalidParameter` for an unknown name (naming the closest one) or a
    ///   non-integer where an integer is needed.
    public mutating func set(_ name: String, to value: Double) throws {
        func integer() throws -> Int {
            guard value == value.rounded(), abs(value) < 1e15 else {
                throw BookFeatureError.invalidParameter(name, "\(value)", "use an integer")
            }
            return Int(value)
        }
        switch name {
        case "levels": levels = try integer()
        case "impactQuantity": impactQuantity = value
        case "window": window = try integer()
        default:
            let names = Self.parameters.map(\.name)
            let hint = closest(to: name, in: names).map { "did you mean \($0)?" }
                ?? "known: " + names.joined(separator: ", ")
            throw BookFeatureError.invalidParameter(name, "\(value)", "unknown parameter; \(hint)")
        }
    }
}
