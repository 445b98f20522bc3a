import Foundation
import LuaRuntime

/// The interactive loop, after lua.c: `return <line>` is tried first and every value printed (through
/// `lunar.pretty`), incomplete chunks (Lua's `<eof>` rule) continue on the next line, a trailing `;` hides the
/// result, errors print with their traceback and the loop goes on, Ctrl-C drops the line or interrupts the code.
public final class REPLSession {
    /// Prompt for a new chunk.
    public static let prompt = "lunar> "
    /// Prompt for a continuation line.
    public static let continuationPrompt = "   >> "

    /// The state the session evaluates in.
    public let state: LuaState
    private let reader: LineReader
    private let errorOutput: (String) -> Void

    /// What evaluating a chunk gave.
    public enum Outcome: Equatable {
        /// The chunk ran (or failed with an error that was reported).
        case done
        /// More lines are needed to complete the chunk.
        case incomplete
    }

    /// - Parameters:
    ///   - state: a state made by `LunarHost.makeState()`.
    ///   - reader: the line source.
    ///   - errorOutput: where error messages go (stderr by default).
    public init(state: LuaState, reader: LineReader,
                errorOutput: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.state = state
        self.reader = reader
        self.errorOutput = errorOutput
    }

    /// Runs until end of input. Returns normally; the REPL never exits on a script error.
    public func run() {
        var buffer = ""
        while true {
            let prompt = buffer.isEmpty ? Self.prompt : Self.continuationPrompt
            switch reader.readLine(prompt: prompt) {
            case .endOfInput:
                if !buffer.isEmpty { reader.addHistory(buffer) }
                return
            case .interrupted:
                buffer = ""
            case .line(let line):
                if buffer.isEmpty && line.allSatisfy(\.isWhitespace) { continue }
                buffer = buffer.isEmpty ? line : buffer + "\n" + line
                if evaluate(buffer) == .done {
                    reader.addHistory(buffer)
                    buffer = ""
                }
            }
        }
    }

    /// Compiles and runs one chunk, printing its values or its error.
    public func evaluate(_ chunk: String) -> Outcome {
        let base = state.top
        defer { state.top = base }
        let trimmed = chunk.trimmingCharacters(in: .whitespacesAndNewlines)
        let quiet = trimmed.hasSuffix(";")
        do {
            do {
                try state.load("return " + chunk, name: "=stdin")
            } catch {
                try state.load(chunk, name: "=stdin")
            }
        } catch .syntax(let message, let incomplete) {
            if incomplete { return .incomplete }
            report(message)
            return .done
        } catch {
            report(error.message)
            return .done
        }
        Interrupt.arm(state)
        defer { Interrupt.disarm() }
        do {
            try state.call()
            let count = state.top - base
            if count > 0 {
                recordResults(base: base, count: count)
                if !quiet { try printResults(base: base, count: count) }
            }
        } catch {
            report(error.description)
        }
        return .done
    }

    private func recordResults(base: Int32, count: Int32) {
        state.pushGlobalPath([])
        state.push("_LAST")
        LuaStateAccess.pushCopy(state, of: base + 1)
        LuaStateAccess.rawSet(state, table: -3)
        state.pop()
    }

    private func printResults(base: Int32, count: Int32) throws(LuaError) {
        guard state.pushGlobalPath(["lunar", "pretty", "print"]) else {
            state.pushGlobalPath(["print"])
            state.insertTop(at: base + 1)
            try state.call(nargs: count, nresults: 0)
            return
        }
        state.insertTop(at: base + 1)
        try state.call(nargs: count, nresults: 0)
    }

    private func report(_ message: String) {
        errorOutput(message.hasSuffix("\n") ? message : message + "\n")
    }
}
