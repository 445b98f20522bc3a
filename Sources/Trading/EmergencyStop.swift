import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What set off an emergency stop.
public enum EmergencyStopTrigger: Sendable, Equatable, CustomStringConvertible {
    /// A file named `KILL` appeared in the state directory (`lunar halt` writes it).
    case killFile(path: String)
    /// The process called ``EmergencyStop/trigger(reason:)``.
    case explicit(reason: String)
    /// The process received a signal (SIGUSR1 by default).
    case signal(Int32)

    /// A short description for logs and the journal.
    public var description: String {
        switch self {
        case .killFile(let path): return "KILL file \(path)"
        case .explicit(let reason): return "halt requested: \(reason)"
        case .signal(let number): return number == SIGUSR1 ? "signal SIGUSR1" : "signal \(number)"
        }
    }
}

/// The set-once flag of the signal handler: an atomic store, which is async-signal-safe.
private let signalFlag = Atomic<Int32>(0)

/// The handler installed for the emergency signal; it only stores the signal number.
private func emergencySignalHandler(_ number: Int32) {
    signalFlag.store(number, ordering: .sequentiallyConsistent)
}

/// The emergency stop switch: a `KILL` file in the state directory, an explicit call, or a signal.
///
/// Nothing here acts on the broker: ``poll()`` reports the first trigger and stays triggered; the
/// ``RiskManager`` turns that into a ``HaltDecision`` (cancel everything, flatten, journal, exit with status 3).
/// Poll it at least every 250 ms so a stop flattens within a second.
public final class EmergencyStop: @unchecked Sendable {
    /// The exit status of a process stopped by the emergency switch.
    public static let exitStatus: Int32 = 3
    /// The name of the kill file inside the state directory.
    public static let killFileName = "KILL"

    /// The file whose existence stops trading.
    public let killFileURL: URL
    private let lock = NSLock()
    private var triggered: EmergencyStopTrigger?

    /// Creates a switch watching `stateDirectory/KILL`.
    public init(stateDirectory: URL) {
        self.killFileURL = stateDirectory.appendingPathComponent(Self.killFileName)
    }

    /// Installs the async-signal-safe handler for `signal` (default SIGUSR1); the handler only sets a flag.
    public static func installSignalHandler(signal number: Int32 = SIGUSR1) {
        _ = signalFlag.load(ordering: .relaxed)  // initialise the global outside signal context
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = emergencySignalHandler
        #else
        action.__sigaction_u.__sa_handler = emergencySignalHandler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(number, &action, nil)
    }

    /// The signal number the handler has seen, or `nil`.
    public static var receivedSignal: Int32? {
        let number = signalFlag.load(ordering: .sequentiallyConsistent)
        return number == 0 ? nil : number
    }

    /// Clears the process-wide signal flag (tests only: a real stop ends the process).
    static func resetSignalFlag() { signalFlag.store(0, ordering: .sequentiallyConsistent) }

    /// Stops trading from inside the process (`ctx:halt()`, a fatal strategy error, the runtime's own decision).
    public func trigger(reason: String) {
        lock.withLock { if triggered == nil { triggered = .explicit(reason: reason) } }
    }

    /// Checks the explicit trigger, the signal flag and the kill file; the first trigger found is kept for good.
    ///
    /// Cost: one `stat` of the kill file while not triggered.
    public func poll() -> EmergencyStopTrigger? {
        lock.withLock {
            if let triggered { return triggered }
            if let number = Self.receivedSignal {
                triggered = .signal(number)
            } else if FileManager.default.fileExists(atPath: killFileURL.path) {
                triggered = .killFile(path: killFileURL.path)
            }
            return triggered
        }
    }

    /// Whether a stop has been seen (without polling again).
    public var isTriggered: Bool { lock.withLock { triggered != nil } }

    /// Writes the kill file (what `lunar halt` does), creating the state directory if needed.
    ///
    /// - Throws: the file system error, if the file cannot be written.
    public static func requestHalt(stateDirectory: URL, reason: String = "lunar halt") throws {
        try FileManager.default.createDirectory(at: stateDirectory, withIntermediateDirectories: true)
        let text = "\(reason) at \(ISO8601DateFormatter().string(from: Date()))\n"
        try Data(text.utf8).write(to: stateDirectory.appendingPathComponent(killFileName), options: .atomic)
    }

    /// Removes the kill file so trading can start again (`lunar halt --clear`).
    ///
    /// - Throws: the file system error, except when there is no file.
    public static func clearHalt(stateDirectory: URL) throws {
        let url = stateDirectory.appendingPathComponent(killFileName)
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        try FileManager.default.removeItem(at: url)
    }
}
