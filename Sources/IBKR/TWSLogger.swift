import Foundation

/// A small logger for the TWS client and simulator (no dependency on swift-log).
public struct TWSLogger: Sendable {
    /// Severity of a log line.
    public enum Level: Int, Sendable, Comparable, CustomStringConvertible {
        /// Every message (very verbose).
        case debug = 0
        /// Notable events.
        case info = 1
        /// Something was skipped or retried.
        case warning = 2
        /// Something failed.
        case error = 3

        /// Compares by severity.
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        /// Lowercase name.
        public var description: String {
            switch self {
            case .debug: return "debug"
            case .info: return "info"
            case .warning: return "warning"
            case .error: return "error"
            }
        }
    }

    /// Lines below this level are dropped.
    public var minimumLevel: Level
    /// A label prefixed to every line (`tws-client`, `tws-sim`).
    public var label: String
    private let sink: @Sendable (Level, String) -> Void

    /// Creates a logger writing to `sink`.
    public init(label: String, minimumLevel: Level = .warning, sink: @escaping @Sendable (Level, String) -> Void) {
        self.label = label
        self.minimumLevel = minimumLevel
        self.sink = sink
    }

    /// A logger writing `[label] level: message` lines to standard error.
    public static func standardError(label: String, minimumLevel: Level = .warning) -> TWSLogger {
        TWSLogger(label: label, minimumLevel: minimumLevel) { level, line in
            FileHandle.standardError.write(Data("[\(label)] \(level): \(line)\n".utf8))
        }
    }

    /// A logger that drops everything.
    public static func silent(label: String = "tws") -> TWSLogger {
        TWSLogger(label: label, minimumLevel: .error) { _, _ in }
    }

    /// Logs `message` at `level`.
    public func log(_ level: Level, _ message: @autoclosure () -> String) {
        guard level >= minimumLevel else { return }
        sink(level, message())
    }

    /// Logs at debug level.
    public func debug(_ m: @autoclosure () -> String) { log(.debug, m()) }
    /// Logs at info level.
    public func info(_ m: @autoclosure () -> String) { log(.info, m()) }
    /// Logs at warning level.
    public func warning(_ m: @autoclosure () -> String) { log(.warning, m()) }
    /// Logs at error level.
    public func error(_ m: @autoclosure () -> String) { log(.error, m()) }
}

/// A thread-safe collection of log lines (tests).
public final class TWSLogCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []

    /// Creates an empty collector.
    public init() {}

    /// The lines so far.
    public var lines: [String] { lock.withLock { storage } }

    /// A logger appending `level: message` lines here.
    public func logger(label: String, minimumLevel: TWSLogger.Level = .debug) -> TWSLogger {
        TWSLogger(label: label, minimumLevel: minimumLevel) { [self] level, line in
            lock.withLock { storage.append("\(level): \(line)") }
        }
    }
}
