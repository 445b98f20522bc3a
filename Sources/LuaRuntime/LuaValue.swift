/// A Lua value copied into Swift: for options, results and round-trip tests. Large data never goes through
/// this type; it stays in Swift objects boxed as userdata.
public indirect enum LuaValue: Hashable, CustomStringConvertible {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    /// A table whose keys are exactly 1...n.
    case array([LuaValue])
    /// Any other table (read back with keys sorted for a stable order).
    case table([LuaValue: LuaValue])
    /// A value Swift does not copy (function, userdata, thread), described by its type name.
    case opaque(String)

    public var description: String {
        switch self {
        case .nil: return "nil"
        case .boolean(let b): return String(b)
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .string(let s): return String(reflecting: s)
        case .array(let a): return "{" + a.map(\.description).joined(separator: ", ") + "}"
        case .table(let t):
            let items = t.map { "[\($0.key)] = \($0.value)" }.sorted()
            return "{" + items.joined(separator: ", ") + "}"
        case .opaque(let type): return "<\(type)>"
        }
    }
}

/// The basic types of Lua values (`lua_type`).
public enum LuaType: Int32, Sendable {
    case none = -1
    case `nil` = 0
    case boolean = 1
    case lightUserdata = 2
    case number = 3
    case string = 4
    case table = 5
    case function = 6
    case userdata = 7
    case thread = 8

    /// Lua's name for the type, as `type()` returns it.
    public var name: String {
        switch self {
        case .none: return "no value"
        case .nil: return "nil"
        case .boolean: return "boolean"
        case .lightUserdata, .userdata: return "userdata"
        case .number: return "number"
        case .string: return "string"
        case .table: return "table"
        case .function: return "function"
        case .thread: return "thread"
        }
    }
}

extension LuaValue: ExpressibleByStringLiteral {
    /// A string literal is a Lua string, so tables can be written `["type": .string("bar")]`.
    public init(stringLiteral value: String) { self = .string(value) }
}
