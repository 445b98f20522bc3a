import CEditLineShims
import Foundation

/// What reading one line gave.
public enum LineReadResult: Equatable {
    /// A line (without its newline).
    case line(String)
    /// End of input (Ctrl-D on an empty line).
    case endOfInput
    /// Ctrl-C at the prompt: the line being typed was dropped.
    case interrupted
}

/// A source of input lines for the REPL: libedit on a terminal, a scripted list in tests.
public protocol LineReader: AnyObject {
    /// Shows `prompt` and reads one line.
    func readLine(prompt: String) -> LineReadResult
    /// Records a finished chunk (possibly several lines) as one history entry.
    func addHistory(_ entry: String)
}

/// Line editing, history and completion through libedit's readline emulation.
public final class EditLineReader: LineReader {
    /// Maximum number of history entries kept.
    public static let historyLimit: Int32 = 1000
    private let historyPath: String?
    private let completer: Completer?

    /// - Parameters:
    ///   - historyPath: file that keeps history between sessions (nil: none).
    ///   - completer: Tab completion (nil: none).
    public init(historyPath: String?, completer: Completer?) {
        self.historyPath = historyPath
        self.completer = completer
        setlocale(LC_CTYPE, "")  // libedit handles UTF-8 input only with a UTF-8 locale
        lunar_history_setup(Self.historyLimit)
        if let historyPath, FileManager.default.fileExists(atPath: historyPath) {
            _ = lunar_history_read(historyPath)
        }
        completer?.install()
    }

    public func readLine(prompt: String) -> LineReadResult {
        var status: Int32 = 0
        guard let p = lunar_readline(prompt, &status) else {
            return status == LUNAR_READ_INTERRUPTED ? .interrupted : .endOfInput
        }
        defer { free(p) }
        return .line(String(cString: p))
    }

    public func addHistory(_ entry: String) {
        lunar_history_add(entry)
        if let historyPath { _ = lunar_history_write(historyPath) }
    }
}
