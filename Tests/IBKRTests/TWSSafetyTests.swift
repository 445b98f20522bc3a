import Foundation
import XCTest

@testable import IBKR

/// Live trading is refused unless both the call and the configuration enable it.
final class TWSSafetyTests: XCTestCase {
    func testLivePortsAreRefusedBeforeConnecting() {
        for port in [7496, 4001] {
            XCTAssertThrowsError(try TWSClient(configuration: clientConfig(port: port)).connect()) {
                let e = $0 as? TWSError
                XCTAssertEqual(e?.kind, .liveTradingRefused)
                XCTAssertTrue(e?.message.contains("live trading") ?? false)
                XCTAssertTrue(e?.message.contains("lunar.toml") ?? false)
                XCTAssertTrue(e?.message.contains("allow_live=true") ?? false)
            }
        }
        var onlyCall = clientConfig(port: 7496)
        onlyCall.allowLive = true
        XCTAssertThrowsError(try TWSClient(configuration: onlyCall).connect()) {
            XCTAssertEqual(($0 as? TWSError)?.kind, .liveTradingRefused)
        }
    }

    func testNonPaperAccountIsRefused() throws {
        let sim = try makeSimulator(account: "U7654321")
        defer { sim.stop() }
        XCTAssertThrowsError(try TWSClient(configuration: clientConfig(port: sim.port)).connect()) {
            let e = $0 as? TWSError
            XCTAssertEqual(e?.kind, .liveTradingRefused)
            XCTAssertTrue(e?.message.contains("U7654321") ?? false)
            XCTAssertTrue(e?.message.contains("live trading") ?? false)
        }
        var config = clientConfig(port: sim.port)
        config.allowLive = true
        XCTAssertThrowsError(try TWSClient(configuration: config).connect())
        config.liveTradingEnabled = true
        let client = TWSClient(configuration: config)
        try client.connect()
        XCTAssertEqual(client.accounts, ["U7654321"])
        client.disconnect()
    }

    func testSimulatorListensOnLoopbackOnly() throws {
        var c = TWSSimulator.Configuration()
        c.host = "0.0.0.0"
        c.logger = .silent()
        XCTAssertThrowsError(try TWSSimulator(configuration: c).start())
    }
}
