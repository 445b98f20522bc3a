/// The kind of a TWS depth operation, numbered as TWS numbers it (`0` insert, `1` update, `2` delete).
public enum DepthOperationKind: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Adds a row at `position`, shifting the rows at and below it down (the last row falls off a full book).
    case insert = 0
    /// Replaces the row at `position`.
    case update = 1
    /// Removes the row at `position`, shifting the rows below it up.
    case delete = 2

    /// Parses the names used by the Lua API: `"insert"`, `"update"`, `"delete"`; `nil` otherwise.
    public init?(name: String) {
        switch name.lowercased() {
        case "insert": self = .insert
        case "update": self = .update
        case "delete", "remove": self = .delete
        default: return nil
        }
    }

    /// The lowercase name, e.g. `"insert"`.
    public var description: String {
        switch self {
        case .insert: return "insert"
        case .update: return "update"
        case .delete: return "delete"
        }
    }
}
