// tws-sim-dev: a test-only launcher for the TWS simulator (the `lunar sim` command will replace it).
// Usage: tws-sim-dev [--port N] [--data SYMBOL=FILE.csv]... [--speed X] [--seed N] [--account DU…] [--verbose]
// Prints "tws-sim-dev listening on 127.0.0.1:PORT" once ready, then runs until killed.
import Foundation
import IBKR

var config = TWSSimulator.Configuration()
config.port = 0
var verbose = false
var args = Array(CommandLine.arguments.dropFirst())
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("tws-sim-dev: \(message)\n".utf8))
    exit(2)
}
while !args.isEmpty {
    let a = args.removeFirst()
    func value() -> String {
        guard !args.isEmpty else { fail("\(a) needs a value") }
        return args.removeFirst()
    }
    switch a {
    case "--port":
        guard let v = Int(value()) else { fail("bad port") }
        config.port = v
    case "--speed":
        guard let v = Double(value()), v > 0 else { fail("bad speed") }
        config.speed = v
    case "--seed":
        guard let v = UInt64(value()) else { fail("bad seed") }
        config.seed = v
    case "--account": config.account = value()
    case "--data":
        let v = value()
        let parts = v.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { fail("--data wants SYMBOL=FILE.csv") }
        config.dataFiles[String(parts[0])] = String(parts[1])
    case "--verbose": verbose = true
    case "--bench":
        // Benchmarks behind `lunar bench tws` (run on a release build).
        let decode = TWSBenchmark.decodeTicks()
        print("decode ticks: \(decode)")
        do {
            print("order -> fill round trip: \(try TWSBenchmark.orderRoundTrip())")
        } catch {
            fail("round trip: \(error)")
        }
        exit(0)
    case "-h", "--help":
        print("usage: tws-sim-dev [--bench] [--port N] [--data SYMBOL=FILE.csv] [--speed X] [--seed N] "
            + "[--account DU…] [--verbose]")
        exit(0)
    default: fail("unknown argument \(a)")
    }
}
config.logger = .standardError(label: "tws-sim", minimumLevel: verbose ? .debug : .info)
do {
    let sim = try TWSSimulator(configuration: config)
    let port = try sim.start()
    FileHandle.standardOutput.write(Data("tws-sim-dev listening on 127.0.0.1:\(port)\n".utf8))
    signal(SIGTERM) { _ in exit(0) }
    signal(SIGINT) { _ in exit(0) }
    while true { sleep(3600) }
} catch {
    fail("\(error)")
}
