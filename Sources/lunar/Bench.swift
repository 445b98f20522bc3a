import ArgumentParser
import Foundation

/// `lunar bench SUITE...`: benchmarks whose figures go into BENCHMARKS.md.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run benchmarks (a measurement, never a test).",
        discussion: "Suites: host (Lua→Swift call overhead next to a plain C function; REPL start-up).")

    @Argument(help: "Suites to run: host.")
    var suites: [String] = ["host"]

    @Option(help: "Calls per timing run for call-overhead measurements.")
    var calls: Int = 20_000_000

    @Option(help: "REPL start-ups to time.")
    var startups: Int = 20

    func validate() throws {
        for s in suites where !["host"].contains(s) {
            throw ValidationError("unknown benchmark suite '\(s)' (known: host)")
        }
    }

    func run() throws {
        for suite in suites {
            switch suite {
            case "host": try HostBenchmark(calls: calls, startups: startups).run()
            default: break
            }
        }
    }
}
