import Foundation
import XCTest

@testable import IBKR

/// Starts a simulator on a free loopback port with quiet logs and fast ticks.
func makeSimulator(account: String = "DU1234567", speed: Double = 1, tickInterval: Double = 0.05,
                   dataFiles: [String: String] = [:], logs: TWSLogCollector? = nil) throws -> TWSSimulator {
    var c = TWSSimulator.Configuration()
    c.port = 0
    c.account = account
    c.speed = speed
    c.tickInterval = tickInterval
    c.dataFiles = dataFiles
    c.logger = logs?.logger(label: "sim") ?? .silent()
    let sim = try TWSSimulator(configuration: c)
    try sim.start()
    return sim
}

/// A client configuration for a simulator port.
func clientConfig(port: Int, clientId: Int = 1, logs: TWSLogCollector? = nil) -> TWSClient.Configuration {
    var c = TWSClient.Configuration(host: "127.0.0.1", port: port, clientId: clientId)
    c.connectTimeout = 3
    c.requestTimeout = 10
    c.reconnectInitialDelay = 0.05
    c.reconnectMaxDelay = 0.5
    c.logger = logs?.logger(label: "client") ?? .silent()
    return c
}

/// Drains events until `match` returns a value or `timeout` passes.
func waitForEvent<T>(_ client: TWSClient, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line,
                     _ match: (TWSEvent) -> T?) -> T? {
    let deadline = Date(timeIntervalSinceNow: timeout)
    while Date() < deadline {
        for e in client.drain(timeout: 0.05) {
            if let v = match(e) { return v }
        }
    }
    XCTFail("event not seen within \(timeout) s", file: file, line: line)
    return nil
}

/// Path of the shared data folder (../shared/data from the package root), if present.
func sharedDataFile(_ name: String) -> String? {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    let candidates = [url.appendingPathComponent("../shared/data/\(name)").path, "/work/shared/data/\(name)"]
    return candidates.first { FileManager.default.fileExists(atPath: $0) }
}
