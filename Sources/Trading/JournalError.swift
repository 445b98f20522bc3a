/// A failure of the journal, naming the database and what to do about it.
public enum JournalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// SQLite refused an operation.
    case sqlite(path: String, operation: String, code: Int32, message: String)
    /// An intent was recorded twice under the same idempotency key.
    case duplicateClientOrderID(String)
    /// A status change or fill names an order the journal never recorded.
    case unknownOrder(String)
    /// The journal was closed.
    case closed(path: String)
    /// The database was written by a newer Lunar.
    case unsupportedSchema(path: String, version: Int)

    /// A message naming the cause and, where there is one, the fix.
    public var description: String {
        switch self {
        case .sqlite(let path, let operation, let code, let message):
            return "journal \(path): \(operation) failed (SQLite \(code): \(message))"
        case .duplicateClientOrderID(let id):
            return "journal: client order id \(id) is already journaled; a new order needs a new idempotency key"
        case .unknownOrder(let id):
            return "journal: no order with client order id \(id); record the intent before sending"
        case .closed(let path):
            return "journal \(path) is closed"
        case .unsupportedSchema(let path, let version):
            return "journal \(path) has schema version \(version), newer than this Lunar supports; upgrade Lunar"
        }
    }
}
