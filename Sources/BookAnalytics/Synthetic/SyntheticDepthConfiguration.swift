/// Parameters of `SyntheticDepthGenerator`; the defaults resemble a liquid US stock quoted in cents.
public struct SyntheticDepthConfiguration: Sendable, Hashable {
    /// How depth changes are expressed as TWS operations.
    public enum Style: Sendable, Hashable {
        /// Like a real TWS: insert and delete at any position, rows shifting.
        case shifting
        /// Insert and delete only at the end of the book, update elsewhere: read identically by clients that
        /// treat positions as a map (tws-protocol.md §8); what the project's TWS simulator sends.
        case endOnly
    }

    /// Rows published per side (the subscriber's `numRows`), 1...50. Default 10.
    public var depth = 10
    /// The price increment. Default 0.01.
    public var tickSize = 0.01
    /// The starting mid price. Default 100.
    public var initialMid = 100.0
    /// The first event's timestamp, ns since the Unix epoch. Default 2023-11-14T22:13:20Z.
    public var startTimestamp: Int64 = 1_700_000_000_000_000_000
    /// Order-flow events per second when the book holds its equilibrium volume (the Poisson rate of limit
    /// orders, cancels and market orders together). Default 1000.
    public var eventsPerSecond = 1000.0
    /// Relative rate of limit-order arrivals. Default 0.50.
    public var limitWeight = 0.50
    /// Relative rate of cancellations at the equilibrium volume; the actual rate is proportional to the volume
    /// resting in the book (each resting share is equally likely to be cancelled). Default 0.38.
    public var cancelWeight = 0.38
    /// Relative rate of market orders. Default 0.12.
    public var marketWeight = 0.12
    /// Mean size of a price level at equilibrium, in lots: sets the volume at which cancels balance arrivals,
    /// `2 · (depth + 5) · meanLevelLots · lotSize`. Default 6.
    public var meanLevelLots = 6.0
    /// Volatility of the latent mid's random walk in bps per √second. Default 3.
    public var volatilityBps = 3.0
    /// Mean distance in ticks of a new limit order from the latent mid's touch (geometric). Default 2.5.
    public var meanPlacementTicks = 2.5
    /// The lot size; order sizes are whole lots. Default 100.
    public var lotSize = 100.0
    /// Mean order size in lots (1 + geometric). Default 3.
    public var meanLots = 3.0
    /// Operation style. Default `.shifting`.
    public var style = Style.shifting
    /// The stream id put on every event. Default 0.
    public var stream: Int32 = 0
    /// Venues for SMART depth: when not empty, operations come as `updateMktDepthL2` with `isSmartDepth` and
    /// each level attributed to one venue (chosen by its price). Default empty: `updateMktDepth`.
    public var marketMakers: [String] = []
    /// Whether market orders also produce `tickPrice` LAST ticks (tick type 4). Default true.
    public var emitTrades = true

    /// The defaults.
    public init() {}

    /// Throws `SyntheticDepthError.invalidParameter` naming the first parameter out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ name: String, _ value: Any, _ fix: String) throws {
            if !ok { throw SyntheticDepthError.invalidParameter(name: name, value: "\(value)", fix: fix) }
        }
        try check(depth >= 1 && depth <= OrderBook.maximumDepth, "depth", depth, "use 1...50")
        try check(tickSize > 0 && tickSize.isFinite, "tickSize", tickSize, "use a positive tick")
        try check(initialMid.isFinite && initialMid > 100 * tickSize, "initialMid", initialMid,
                  "use a price above 100 ticks")
        try check(eventsPerSecond > 0 && eventsPerSecond.isFinite, "eventsPerSecond", eventsPerSecond,
                  "use a positive rate")
        for (name, w) in [("limitWeight", limitWeight), ("cancelWeight", cancelWeight),
                          ("marketWeight", marketWeight)] {
            try check(w >= 0 && w.isFinite, name, w, "use a weight >= 0")
        }
        try check(limitWeight > marketWeight, "limitWeight", limitWeight,
                  "limit orders must arrive faster than market orders (limitWeight > marketWeight) to build a book")
        try check(volatilityBps >= 0 && volatilityBps.isFinite, "volatilityBps", volatilityBps, "use >= 0")
        try check(meanPlacementTicks >= 0 && meanPlacementTicks <= 1000, "meanPlacementTicks", meanPlacementTicks,
                  "use 0...1000")
        try check(lotSize > 0 && lotSize.isFinite, "lotSize", lotSize, "use a positive size")
        try check(meanLevelLots >= 1 && meanLevelLots <= 1e6, "meanLevelLots", meanLevelLots, "use 1...1000000")
        try check(meanLots >= 1 && meanLots <= 1e6, "meanLots", meanLots, "use 1...1000000")
    }
}

/// Errors from the synthetic generator's configuration.
public enum SyntheticDepthError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A parameter is out of range: its name, the value given, what to use.
    case invalidParameter(name: String, value: String, fix: String)
    /// No parameter has this name; `suggestion` is the closest one, if any.
    case unknownParameter(name: String, suggestion: String?)

    /// The message, with what to do about it.
    public var description: String {
        switch self {
        case .invalidParameter(let name, let value, let fix):
            return "invalid synthetic depth parameter \(name) = \(value): \(fix)"
        case .unknownParameter(let name, let suggestion):
            let hint = suggestion.map { "did you mean \($0)?" }
                ?? "known: " + SyntheticDepthConfiguration.parameters.map(\.name).joined(separator: ", ")
            return "unknown synthetic depth parameter \(name): \(hint)"
        }
    }
}
