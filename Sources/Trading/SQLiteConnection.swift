import CSQLite
import Foundation

/// A value bound to or read from an SQLite statement.
enum SQLValue: Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    init(_ value: String?) { self = value.map { .text($0) } ?? .null }
    init(_ value: Double?) { self = value.map { .real($0) } ?? .null }
    init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }

    var string: String? {
        switch self {
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .null: return nil
        }
    }

    var double: Double? {
        switch self {
        case .real(let d): return d
        case .integer(let i): return Double(i)
        case .text(let s): return Double(s)
        case .null: return nil
        }
    }

    var int: Int? {
        switch self {
        case .integer(let i): return Int(i)
        case .real(let d): return Int(d)
        case .text(let s): return Int(s)
        case .null: return nil
        }
    }
}

/// One result row, by column name.
typealias SQLRow = [String: SQLValue]

/// `SQLITE_TRANSIENT`: SQLite copies bound text before the call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A minimal SQLite connection: statements with bound parameters, rows as dictionaries, immediate transactions.
///
/// Not thread-safe on its own; ``Journal`` serialises access.
final class SQLiteConnection {
    let path: String
    private var handle: OpaquePointer?

    /// Opens (creating if needed) the database with durable settings: WAL, `synchronous=FULL`, foreign keys on.
    init(path: String) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw JournalError.sqlite(path: path, operation: "open", code: code, message: message)
        }
        handle = db
        sqlite3_busy_timeout(db, 5000)
        try execute("PRAGMA journal_mode=WAL")
        try execute("PRAGMA synchronous=FULL")
        try execute("PRAGMA foreign_keys=ON")
    }

    deinit { close() }

    /// Closes the connection (idempotent).
    func close() {
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Forgets the connection without closing it, as a crashed process would (tests only).
    func abandon() { handle = nil }

    private func db(_ operation: String) throws -> OpaquePointer {
        guard let handle else { throw JournalError.closed(path: path) }
        return handle
    }

    private func failure(_ operation: String, _ code: Int32) -> JournalError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "closed"
        return .sqlite(path: path, operation: operation, code: code, message: message)
    }

    /// Runs one or more statements without parameters or results.
    func execute(_ sql: String) throws {
        let db = try db(sql)
        var error: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(db, sql, nil, nil, &error)
        if code != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            throw JournalError.sqlite(path: path, operation: sql.prefix(60).description, code: code, message: message)
        }
    }

    /// Runs one statement with parameters and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [SQLValue] = []) throws -> [SQLRow] {
        let db = try db(sql)
        var statement: OpaquePointer?
        var code = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw failure("prepare \(sql.prefix(60))", code) }
        defer { sqlite3_finalize(statement) }
        for (index, value) in parameters.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case .null: code = sqlite3_bind_null(statement, position)
            case .integer(let i): code = sqlite3_bind_int64(statement, position, i)
            case .real(let d): code = sqlite3_bind_double(statement, position, d)
            case .text(let s): code = sqlite3_bind_text(statement, position, s, -1, transient)
            }
            guard code == SQLITE_OK else { throw failure("bind \(sql.prefix(60))", code) }
        }
        var rows: [SQLRow] = []
        while true {
            code = sqlite3_step(statement)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw failure(sql.prefix(60).description, code) }
            var row: SQLRow = [:]
            for column in 0..<sqlite3_column_count(statement) {
                let name = String(cString: sqlite3_column_name(statement, column))
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: row[name] = .integer(sqlite3_column_int64(statement, column))
                case SQLITE_FLOAT: row[name] = .real(sqlite3_column_double(statement, column))
                case SQLITE_TEXT: row[name] = .text(String(cString: sqlite3_column_text(statement, column)))
                default: row[name] = .null
                }
            }
            rows.append(row)
        }
        return rows
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction, committed durably on return and rolled back on a throw.
    @discardableResult
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The number of rows the last statement changed.
    var changes: Int { handle.map { Int(sqlite3_changes($0)) } ?? 0 }
}
