import Foundation
import LuaBindings
import LuaRuntime
import REPL

/// `lunar bench host`: the cost of a Lua→Swift call through the trampoline next to a plain C function registered
/// with `lua_pushcfunction` (same loop, same run), and REPL start-up to the first prompt on a pseudo-terminal.
struct HostBenchmark {
    var calls: Int
    var startups: Int

    func run() throws {
        let state = try LunarHost.makeState()
        state.setGlobal("swift_noop") { _ in 0 }
        state.setGlobal("swift_add") { call in
            let x = try call.number(1), y = try call.number(2)
            call.push(x + y)
            return 1
        }
        state.setGlobalBaselineCFunction("c_noop")
        print("Lunar \(LunarRegistry.version) host benchmark on \(machineDescription())")
        print("Lua→Swift call overhead (\(calls) calls per run, best of 5 runs):")
        let loop = try best { try time(state, "local n = ...; for i = 1, n do end") }
        let c = try best { try time(state, "local n = ...; local f = c_noop; for i = 1, n do f() end") }
        let swift = try best { try time(state, "local n = ...; local f = swift_noop; for i = 1, n do f() end") }
        let swiftArgs = try best {
            try time(state, "local n = ...; local f = swift_add; local x = 0; for i = 1, n do x = f(x, 1) end")
        }
        func row(_ name: String, _ t: Double) {
            let perCall = t / Double(calls) * 1e9
            let net = (t - loop) / Double(calls) * 1e9
            let label = name.padding(toLength: 48, withPad: " ", startingAt: 0)
            print(label + String(format: "%7.1f ns/call (%5.1f ns net of the empty loop)", perCall, net))
        }
        row("empty Lua loop (reference)", loop)
        row("plain C function (lua_pushcfunction)", c)
        row("Swift function via trampoline, f()", swift)
        row("Swift function via trampoline, f(x, 1) → x+1", swiftArgs)
        print(String(format: "Swift − C: %.1f ns per call", (swift - c) / Double(calls) * 1e9))

        print("REPL start-up to the first prompt (\(startups) runs on a pseudo-terminal):")
        var times: [Double] = []
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("lunar-bench-\(getpid())")
        try? FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        var environment = ProcessInfo.processInfo.environment
        environment["LUNAR_HISTORY"] = home.appendingPathComponent("history").path
        environment["TERM"] = environment["TERM"] ?? "xterm"
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        for _ in 0..<startups {
            let start = DispatchTime.now()
            let child = try PseudoTerminalProcess(path: exe, arguments: [], environment: environment)
            guard child.waitFor(REPLSession.prompt, timeout: 10) else {
                throw LuaScriptError("the REPL did not show its prompt; output: \(child.output)")
            }
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6)
            child.send("\u{4}")
            _ = child.waitForExit(timeout: 5)
        }
        times.sort()
        print(String(format: "  median %.1f ms, best %.1f ms, worst %.1f ms", times[times.count / 2], times[0],
                     times[times.count - 1]))
    }

    private func best(_ body: () throws -> Double) rethrows -> Double {
        var result = Double.infinity
        for _ in 0..<5 { result = min(result, try body()) }
        return result
    }

    private func time(_ state: LuaState, _ code: String) throws -> Double {
        try state.load(code, name: "=bench")
        state.push(.integer(Int64(calls)))
        let start = DispatchTime.now()
        try state.call(nargs: 1, nresults: 0)
        return Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }
}

/// CPU model and core count, for the benchmark header.
func machineDescription() -> String {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
        .map { $0.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "" }
        ?? "unknown CPU"
    return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) cores"
}
