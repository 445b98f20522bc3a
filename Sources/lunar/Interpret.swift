import ArgumentParser
import Foundation
import LuaBindings
import LuaRuntime
import REPL

/// The default command: `lua`'s option surface.
struct Interpret: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interpret",
        abstract: "Run a script, code or standard input, or start the REPL (the default command).",
        shouldDisplay: false
    )

    @Option(name: .customShort("e"), help: ArgumentHelp("Execute the Lua code.", valueName: "code"))
    var execute: [String] = []

    @Option(name: .customShort("l"), help: ArgumentHelp("Require a module (g=mod sets global g).", valueName: "mod"))
    var library: [String] = []

    @Flag(name: .customShort("i"), help: "Enter the REPL after running the script or code.")
    var interactive = false

    @Flag(name: .customShort("E"), help: "Ignore LUNAR_INIT.")
    var ignoreEnvironment = false

    @Flag(name: .customShort("v"), help: "Show the version.")
    var showVersion = false

    @Argument(parsing: .captureForPassthrough, help: "Script (or - for stdin) and its arguments.")
    var script: [String] = []

    func validate() throws {
        if let first = script.first, first.hasPrefix("-"), first != "-" {
            throw ValidationError("unrecognized option '\(first)'")
        }
    }

    func run() throws {
        if showVersion { print("Lunar \(LunarRegistry.version) (\(luaVersion))") }
        try Host.run(
            script: script.first, arguments: Array(script.dropFirst()), execute: execute, libraries: library,
            interactive: interactive, ignoreEnvironment: ignoreEnvironment,
            showedVersion: showVersion)
    }
}

/// `lunar run FILE [ARGS...]`.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a Lua script with arguments.")

    @Argument(help: "The script (- for standard input).")
    var file: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the script (`arg` and `...`).")
    var arguments: [String] = []

    func run() throws {
        try Host.run(script: file, arguments: arguments, execute: [], libraries: [], interactive: false,
                     ignoreEnvironment: false, showedVersion: false)
    }
}

/// Shared start-up for `interpret` and `run`.
enum Host {
    static func run(script: String?, arguments: [String], execute: [String], libraries: [String],
                    interactive: Bool, ignoreEnvironment: Bool, showedVersion: Bool) throws {
        let state: LuaState
        do {
            state = try LunarHost.makeState()
        } catch {
            FileHandle.standardError.write(Data("lunar: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let runner = ScriptRunner(state: state)
        let all = CommandLine.arguments
        let scriptIndex = script.flatMap { s in all.lastIndex(of: s) } ?? all.count
        runner.setArgTable(interpreterArguments: Array(all[..<min(scriptIndex, all.count)]),
                           script: script, scriptArguments: arguments)

        if !ignoreEnvironment, let initCode = ProcessInfo.processInfo.environment["LUNAR_INIT"], !initCode.isEmpty {
            let ok = initCode.hasPrefix("@")
                ? runner.runFile(String(initCode.dropFirst()), arguments: [])
                : runner.runString(initCode, name: "=LUNAR_INIT")
            if !ok { throw ExitCode(1) }
        }
        for lib in libraries where !runner.requireModule(lib) { throw ExitCode(1) }
        for code in execute where !runner.runString(code) { throw ExitCode(1) }

        if let script {
            guard runner.runFile(script, arguments: arguments) else { throw ExitCode(1) }
        } else if execute.isEmpty && !interactive && !showedVersion {
            if isatty(STDIN_FILENO) != 0 {
                startREPL(state)
            } else {
                guard runner.runFile("-", arguments: []) else { throw ExitCode(1) }
            }
            return
        }
        if interactive { startREPL(state) }
    }

    static func startREPL(_ state: LuaState) {
        print("Lunar \(LunarRegistry.version) (\(luaVersion)) -- help() for help, Ctrl-D to exit")
        REPLSetup.installHelpers(state)
        let environment = ProcessInfo.processInfo.environment
        let history = environment["LUNAR_HISTORY"]
            ?? (environment["HOME"].map { $0 + "/.lunar_history" })
        let completer = Completer(state: state)
        let reader = EditLineReader(historyPath: history, completer: completer)
        REPLSession(state: state, reader: reader).run()
        print("")
    }
}

/// Lua's version string (`_VERSION`).
let luaVersion: String = {
    if case .string(let v) = LuaState(openStandardLibraries: true).global("_VERSION") { return v }
    return "Lua 5.4"
}()
