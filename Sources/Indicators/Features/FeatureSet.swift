import MarketData

/// A named set of features computed from bars into a `Frame` (columns in the set's order).
public struct FeatureSet: Sendable {
    /// The set's name, e.g. `seed19`.
    public let name: String
    /// Column names in order.
    public let names: [String]
    /// Computes the frame.
    public let compute: @Sendable (BarSeries) -> Frame

    /// Creates a feature set.
    public init(name: String, names: [String], compute: @escaping @Sendable (BarSeries) -> Frame) {
        self.name = name
        self.names = names
        self.compute = compute
    }

    /// The built-in sets.
    public static let builtIn: [FeatureSet] = [
        FeatureSet(name: "seed19", names: Seed19.names, compute: { Seed19.compute($0) })
    ]

    /// The built-in set called `name`, or nil.
    public static func named(_ name: String) -> FeatureSet? { builtIn.first { $0.name == name.lowercased() } }
}

/// An error computing features.
public enum FeatureError: Error, Equatable, CustomStringConvertible {
    /// No feature set has that name.
    case unknownSet(String)
    /// A window or split argument is invalid.
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .unknownSet(n):
            return "unknown feature set '\(n)'; available: \(FeatureSet.builtIn.map(\.name).joined(separator: ", "))"
        case let .invalidArgument(s): return s
        }
    }
}

/// Entry points for feature computation.
public enum Features {
    /// Computes the built-in set `name` (e.g. `seed19`) on `bars`.
    public static func compute(_ name: String, _ bars: BarSeries) throws(FeatureError) -> Frame {
        guard let set = FeatureSet.named(name) else { throw .unknownSet(name) }
        return set.compute(bars)
    }
}
