import Foundation
import LuaRuntime

/// Runs scripts, `-e` code, `-l` modules and standard input the way the `lua` interpreter does, and reports
/// errors as `lunar: file:line: message` plus the traceback on stderr.
public struct ScriptRunner {
    /// The state scripts run in.
    public let state: LuaState
    private let programName = "lunar"

    public init(state: LuaState) { self.state = state }

    /// Sets the global `arg` table as `lua` does: `arg[0]` is the script, `arg[1...]` its arguments, negative
    /// indices the interpreter and its options.
    public func setArgTable(interpreterArguments: [String], script: String?, scriptArguments: [String]) {
        var table: [LuaValue: LuaValue] = [:]
        let before = interpreterArguments
        for (i, a) in before.enumerated() { table[.integer(Int64(i - before.count))] = .string(a) }
        if let script { table[.integer(0)] = .string(script) }
        for (i, a) in scriptArguments.enumerated() { table[.integer(Int64(i + 1))] = .string(a) }
        state.setGlobal("arg", .table(table))
    }

    /// Runs a file (or standard input for `-`) with `arguments` as `...`. Returns false after reporting an error.
    public func runFile(_ path: String, arguments: [String]) -> Bool {
        let base = state.top
        defer { state.top = base }
        do {
            if path == "-" {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                try state.load(skipShebang(String(decoding: data, as: UTF8.self)), name: "=stdin")
            } else {
                try state.loadFile(path)
            }
        } catch {
            report(error)
            return false
        }
        for a in arguments { state.push(a) }
        return protectedCall(nargs: Int32(arguments.count))
    }

    /// Runs a string of code (`-e`). Returns false after reporting an error.
    public func runString(_ code: String, name: String = "=(command line)") -> Bool {
        let base = state.top
        defer { state.top = base }
        do {
            try state.load(code, name: name)
        } catch {
            report(error)
            return false
        }
        return protectedCall(nargs: 0)
    }

    /// `-l mod` / `-l g=mod`: requires the module and sets global `g` (or `mod`) to its value.
    public func requireModule(_ spec: String) -> Bool {
        let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
        let (global, module) = parts.count == 2 ? (parts[0], parts[1]) : (spec, spec)
        do {
            try state.require(module)
            state.setGlobalFromTop(global)
            return true
        } catch {
            report(error)
            return false
        }
    }

    private func protectedCall(nargs: Int32) -> Bool {
        Interrupt.arm(state)
        defer { Interrupt.disarm() }
        do {
            try state.call(nargs: nargs, nresults: 0)
            return true
        } catch {
            report(error)
            return false
        }
    }

    private func skipShebang(_ code: String) -> String {
        code.hasPrefix("#") ? "--" + code : code  // keeps line numbers, as luaL_loadfile does
    }

    /// Prints an error as `lua` does: program name, message, traceback.
    public func report(_ error: LuaError) {
        let text = "\(programName): \(error.description)\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
