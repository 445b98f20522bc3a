import ArgumentParser
import Foundation
import IBKR

/// `lunar sim`: a paper TWS on loopback speaking the TWS API protocol (server version 178).
struct Sim: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the TWS simulator (a paper TWS on 127.0.0.1) until Ctrl-C.",
        discussion: """
            Clients (lunar.ib.connect, ib_async, IB's own API) connect as to a paper TWS: account DU…, contract
            details, quotes, depth, historical and real-time bars, order matching with IBKR-like commissions.
            --data SYMBOL=FILE.csv serves that symbol's bars from a CSV file (repeatable); other symbols, or
            --data synthetic, are synthetic. --port 0 picks a free port. Prints "lunar sim listening on HOST:PORT".
            """)

    @Option(help: "Port to listen on (7497 is TWS paper; 0 picks a free one).")
    var port: Int = 7497

    @Option(help: "FILE.csv or SYMBOL=FILE.csv (repeatable; FILE alone serves the symbol its name starts with), or 'synthetic'.")
    var data: [String] = []

    @Option(help: "Market time speed-up (1 = real time).")
    var speed: Double = 1

    @Option(help: "Seed of the synthetic prices and depth.")
    var seed: UInt64 = 42

    @Option(help: "Paper account id (must start with DU).")
    var account: String = "DU1234567"

    @Flag(help: "Log every message.")
    var verbose = false

    func validate() throws {
        guard speed > 0 else { throw ValidationError("--speed must be > 0") }
        guard account.hasPrefix("DU") else { throw ValidationError("--account must be a paper account (DU…)") }
        for d in data where d != "synthetic" {
            let file = d.contains("=") ? String(d.split(separator: "=", maxSplits: 1)[1]) : d
            guard FileManager.default.fileExists(atPath: file) else {
                throw ValidationError("--data: no file '\(file)' (give FILE.csv, SYMBOL=FILE.csv or 'synthetic')")
            }
        }
    }

    /// `…/AAPL_daily_2004_2018.csv` → `AAPL`: the file name up to the first `_`, `-` or `.`.
    static func symbol(forFile path: String) -> String {
        let name = URL(fileURLWithPath: path).lastPathComponent
        return String(name.prefix { $0 != "_" && $0 != "-" && $0 != "." }).uppercased()
    }

    func run() throws {
        var config = TWSSimulator.Configuration()
        config.port = port
        config.speed = speed
        config.seed = seed
        config.account = account
        for d in data where d != "synthetic" {
            if d.contains("=") {
                let parts = d.split(separator: "=", maxSplits: 1).map(String.init)
                config.dataFiles[parts[0].uppercased()] = parts[1]
            } else {
                config.dataFiles[Self.symbol(forFile: d)] = d
            }
        }
        config.logger = .standardError(label: "lunar-sim", minimumLevel: verbose ? .debug : .info)
        let simulator = try TWSSimulator(configuration: config)
        let bound = try simulator.start()
        FileHandle.standardOutput.write(Data("lunar sim listening on 127.0.0.1:\(bound)\n".utf8))
        signal(SIGTERM) { _ in Foundation.exit(0) }
        signal(SIGINT) { _ in Foundation.exit(0) }
        while true { sleep(3600) }
    }
}
