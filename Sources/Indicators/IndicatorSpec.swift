/// Describes one indicator for help text, argument checking and generic dispatch (e.g. from Lua).
public struct IndicatorSpec: Sendable {
    /// A price column an indicator reads.
    public enum Input: String, Sendable {
        /// Any single series (TA-Lib's `real`; the close when called on bars).
        case real
        case open, high, low, close, volume
    }

    /// One tunable parameter, in TA-Lib's positional order.
    public struct Parameter: Sendable {
        /// How the value is interpreted.
        public enum Kind: String, Sendable {
            case integer, real, maType
        }

        /// TA-Lib's (Python) parameter name, e.g. `timeperiod`.
        public let name: String
        /// What the parameter controls.
        public let summary: String
        /// Integer, real, or moving-average type.
        public let kind: Kind
        /// TA-Lib's default.
        public let defaultValue: Double
        /// Accepted values.
        public let range: ClosedRange<Double>
    }

    /// TA-Lib function name in upper case, e.g. `BBANDS`.
    public let name: String
    /// TA-Lib group, e.g. `Overlap Studies`.
    public let group: String
    /// One-line description.
    public let summary: String
    /// Input columns in TA-Lib's order.
    public let inputs: [Input]
    /// Parameters in TA-Lib's positional order.
    public let parameters: [Parameter]
    /// Output names in TA-Lib's order.
    public let outputs: [String]
    let lookbackFn: @Sendable ([Double]) -> Int
    let computeFn: @Sendable ([[Double]], [Double]) throws(IndicatorError) -> [[Double]]

    /// Index of the first valid output for fully resolved `parameters` (see `resolve`).
    public func lookback(_ parameters: [Double]) -> Int { lookbackFn(parameters) }

    /// Fills defaults for missing (nil or absent) trailing parameters and validates every value.
    public func resolve(_ given: [Double?]) throws(IndicatorError) -> [Double] {
        if given.count > parameters.count {
            throw .wrongArity(indicator: name, what: "parameters at most", expected: parameters.count, got: given.count)
        }
        var out: [Double] = []
        out.reserveCapacity(parameters.count)
        for (i, p) in parameters.enumerated() {
            let v = (i < given.count ? given[i] : nil) ?? p.defaultValue
            if p.kind != .real && v != v.rounded() {
                throw .parameterNotInteger(indicator: name, parameter: p.name, value: v)
            }
            if !p.range.contains(v) {
                throw .parameterOutOfRange(indicator: name, parameter: p.name, value: v, range: p.range)
            }
            if p.kind == .maType && MAType(rawValue: Int(v)) == nil {
                throw .unsupportedMAType(indicator: name, value: Int(v))
            }
            out.append(v)
        }
        return out
    }

    /// Runs the indicator on `inputs` (one column per entry of `self.inputs`) with `parameters` (defaults filled).
    public func run(_ inputs: [[Double]], _ parameters: [Double?] = []) throws(IndicatorError) -> [[Double]] {
        guard inputs.count == self.inputs.count else {
            throw .wrongArity(indicator: name, what: "input columns", expected: self.inputs.count, got: inputs.count)
        }
        try TA.checkLengths(name, inputs)
        let p = try resolve(parameters)
        return try computeFn(inputs, p)
    }

    /// Every indicator in the catalog, sorted by name.
    public static let all: [IndicatorSpec] = catalog.sorted { $0.name < $1.name }

    private static let byName: [String: IndicatorSpec] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The indicator called `name` (case-insensitive, e.g. `rsi` or `PLUS_DI`), or nil.
    public static func named(_ name: String) -> IndicatorSpec? { byName[name.uppercased()] }
}
