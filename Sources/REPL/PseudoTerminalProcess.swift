import CPseudoTerminal
import Foundation

/// A child process on a pseudo-terminal: what a person at a terminal sees and types. Used by the REPL tests and
/// the start-up benchmark.
public final class PseudoTerminalProcess {
    /// The child's pid.
    public let pid: pid_t
    private let master: Int32
    /// Everything read from the terminal so far.
    public private(set) var output = ""
    private var exitStatus: Int32?

    /// Starts `path` with `arguments` (not including argv[0]) and `environment`.
    public init(path: String, arguments: [String], environment: [String: String], rows: Int32 = 40,
                columns: Int32 = 120) throws {
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var fd: Int32 = -1
        let pid = lunar_pty_spawn(path, &argv, &envp, rows, columns, &fd)
        guard pid > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        self.pid = pid
        self.master = fd
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types `text` (use "\u{3}" for Ctrl-C, "\u{4}" for Ctrl-D, "\t" for Tab).
    public func send(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Reads until `text` appears in the output after position `from` (default: anywhere), or the timeout passes.
    /// Returns whether it appeared.
    @discardableResult
    public func waitFor(_ text: String, after from: String.Index? = nil, timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let from, from <= output.endIndex, output[from...].contains(text) { return true }
            if from == nil, output.contains(text) { return true }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 || !readAvailable(timeout: remaining) { return false }
        }
    }

    /// Counts how often `text` occurs in the output so far.
    public func occurrences(of text: String) -> Int { output.components(separatedBy: text).count - 1 }

    /// Reads what is available, waiting up to `timeout`. Returns false on timeout or end of output.
    @discardableResult
    public func readAvailable(timeout: TimeInterval) -> Bool {
        var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&pfd, 1, Int32(max(1, timeout * 1000)))
        guard ready > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = read(master, &buffer, buffer.count)
        guard n > 0 else { return false }
        output += String(decoding: buffer[0..<n], as: UTF8.self)
        return true
    }

    /// Waits for the child to exit (reading its output meanwhile) and returns its exit status, or nil on timeout.
    public func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                while readAvailable(timeout: 0.05) {}
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                exitStatus = code
                return code
            }
            readAvailable(timeout: 0.05)
        }
        return nil
    }
}
