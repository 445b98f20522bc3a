/// A parameter value given by name, as a binding reads it from an options table.
public enum BookParameterValue: Sendable, Hashable {
    /// A number.
    case number(Double)
    /// An integer (Lua integers are 64-bit: nanosecond timestamps need all of them).
    case integer(Int64)
    /// A string.
    case string(String)
    /// A list of strings.
    case strings([String])
    /// A boolean.
    case boolean(Bool)
}

/// Setting parameters by name, for bindings and help text (`lunar.book.synthetic{seed=1, depth=20}`).
extension SyntheticDepthConfiguration {
    /// Every parameter: name, summary and default, in declaration order.
    public static let parameters: [(name: String, summary: String, defaultValue: String)] = [
        ("depth", "rows published per side, 1...50", "10"),
        ("tickSize", "price increment", "0.01"),
        ("initialMid", "starting mid price", "100"),
        ("startTimestamp", "first event time, ns since the Unix epoch", "1700000000000000000"),
        ("eventsPerSecond", "order-flow events per second at equilibrium", "1000"),
        ("limitWeight", "relative rate of limit orders", "0.5"),
        ("cancelWeight", "relative rate of cancels at equilibrium volume", "0.38"),
        ("marketWeight", "relative rate of market orders", "0.12"),
        ("meanLevelLots", "mean level size at equilibrium, in lots", "6"),
        ("volatilityBps", "random-walk volatility of the fair price, bps per √s", "3"),
        ("meanPlacementTicks", "mean distance of limit orders from the touch, ticks", "2.5"),
        ("lotSize", "shares per lot", "100"),
        ("meanLots", "mean order size in lots", "3"),
        ("style", "\"shifting\" (like TWS) or \"endOnly\" (inserts/deletes at the end only)", "shifting"),
        ("stream", "stream id on every event", "0"),
        ("emitTrades", "emit LAST tickPrice ticks for trades", "true"),
        ("marketMakers", "venues for SMART-depth L2 rows (empty: message 12)", "{}"),
    ]

    /// Sets the parameter `name` (as in `parameters`).
    ///
    /// - Throws: `SyntheticDepthError.unknownParameter` (with the closest name) or `.invalidParameter` for a
    ///   value of the wrong type. Ranges are checked by `validate()` (and by the generator's `init`).
    public mutating func set(_ name: String, to value: BookParameterValue) throws {
        func number() throws -> Double {
            switch value {
            case .number(let x): return x
            case .integer(let i): return Double(i)
            default: throw wrongType("a number")
            }
        }
        func integer() throws -> Int64 {
            switch value {
            case .integer(let i): return i
            case .number(let x):
                guard let i = Int64(exactly: x) else { throw wrongType("an integer") }
                return i
            default: throw wrongType("an integer")
            }
        }
        func wrongType(_ expected: String) -> SyntheticDepthError {
            .invalidParameter(name: name, value: "\(value)", fix: "use \(expected)")
        }
        switch name {
        case "depth": depth = Int(clamping: try integer())
        case "tickSize": tickSize = try number()
        case "initialMid": initialMid = try number()
        case "startTimestamp": startTimestamp = try integer()
        case "eventsPerSecond": eventsPerSecond = try number()
        case "limitWeight": limitWeight = try number()
        case "cancelWeight": cancelWeight = try number()
        case "marketWeight": marketWeight = try number()
        case "meanLevelLots": meanLevelLots = try number()
        case "volatilityBps": volatilityBps = try number()
        case "meanPlacementTicks": meanPlacementTicks = try number()
        case "lotSize": lotSize = try number()
        case "meanLots": meanLots = try number()
        case "stream":
            let x = try integer()
            guard let s = Int32(exactly: x) else { throw wrongType("a 32-bit integer") }
            stream = s
        case "style":
            guard case .string(let s) = value else { throw wrongType("\"shifting\" or \"endOnly\"") }
            switch s {
            case "shifting": style = .shifting
            case "endOnly": style = .endOnly
            default: throw wrongType("\"shifting\" or \"endOnly\"")
            }
        case "emitTrades":
            guard case .boolean(let b) = value else { throw wrongType("true or false") }
            emitTrades = b
        case "marketMakers":
            switch value {
            case .strings(let list): marketMakers = list
            case .string(let one): marketMakers = [one]
            default: throw wrongType("a list of venue names")
            }
        default:
            let names = Self.parameters.map(\.name)
            throw SyntheticDepthError.unknownParameter(name: name, suggestion: closest(to: name, in: names))
        }
    }
}

/// The candidate with the smallest edit distance to `name`, if it is close enough to be a likely typo.
func closest(to name: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
    let lowered = Array(name.lowercased())
    let scored = candidates.map { ($0, distance(lowered, Array($0.lowercased()))) }
    guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= Swift.max(2, name.count / 3) else { return nil }
    return best.0
}
