import Foundation
import IBKR
import XCTest

@testable import Trading

/// `TradingSession` from Swift, without Lua: a paper session against an in-process TWS simulator whose connection
/// drops in the middle.
final class TradingSessionTests: XCTestCase {
    /// The connection drops twice while orders flow: the client reconnects and resubscribes, bars keep coming,
    /// every idempotency key reaches the broker as exactly one order, an order tried while disconnected is refused
    /// rather than queued, and the journal's position is the broker's.
    func testDroppedConnectionReconnectsWithoutDuplicateOrders() throws {
        var simConfig = TWSSimulator.Configuration()
        simConfig.port = 0
        simConfig.speed = 20
        simConfig.logger = .silent(label: "sim")
        let simulator = try TWSSimulator(configuration: simConfig)
        let port = try simulator.start()
        defer { simulator.stop() }

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunar-session-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = try LunarConfig.parse("state_dir = \"state\"\n[connection]\nport = \(port)\nclient_id = 3\n",
                                           baseDirectory: directory)
        try FileManager.default.createDirectory(at: config.stateDirectory, withIntermediateDirectories: true)
        var clientConfig = TWSClient.Configuration(host: "127.0.0.1", port: port, clientId: 3)
        clientConfig.logger = .silent(label: "client")
        clientConfig.reconnectInitialDelay = 0.05
        let client = TWSClient(configuration: clientConfig)
        let venue = TWSVenue(client: client, name: "paper", barSeconds: 5)
        var options = TradingSession.Options()
        options.strategyName = "toggle"
        options.log = { _ in }
        let session = try TradingSession(config: config, mode: .paper, venue: venue,
                                         journal: try Journal(config: config), options: options)
        try session.start(symbols: ["AAPL"])

        var bars = 0, drops = 0
        let deadline = Date().addingTimeInterval(60)
        while bars < 24, Date() < deadline {
            guard let event = session.nextEvent(timeout: 0.5) else { continue }
            guard case .bar = event else { continue }
            bars += 1
            if bars == 8 || bars == 16 {
                simulator.dropAllConnections()
                drops += 1
            }
            // Toggle between flat and long 100 whenever nothing is working.
            guard session.workingOrders.isEmpty else { continue }
            let position = session.position("AAPL")?.quantity ?? 0
            let intent = OrderIntent(clientOrderID: session.nextOrderID(symbol: "AAPL"), symbol: "AAPL",
                                     side: position > 0 ? .sell : .buy, quantity: 100, time: session.now,
                                     strategy: "toggle")
            if case .rejected(let r) = session.submit(intent) { XCTFail("rejected: \(r)") }
        }
        XCTAssertEqual(bars, 24, "bars stopped after a reconnect")
        XCTAssertEqual(drops, 2)
        session.close()

        var checkConfig = TWSClient.Configuration(host: "127.0.0.1", port: port, clientId: 98)
        checkConfig.logger = .silent(label: "check")
        let check = TWSClient(configuration: checkConfig)
        try check.connect()
        defer { check.disconnect() }
        var byKey: [String: Set<Int>] = [:]
        for fill in try check.executions() { byKey[fill.execution.orderRef, default: []].insert(fill.execution.orderId) }
        XCTAssertGreaterThan(byKey.count, 4)
        for (key, ids) in byKey { XCTAssertEqual(ids.count, 1, "\(key) became \(ids.count) broker orders") }
        let broker = try check.positions().filter { $0.contract.symbol == "AAPL" }
            .reduce(0.0) { $0 + NSDecimalNumber(decimal: $1.quantity).doubleValue }
        let journal = try Journal(config: config)
        defer { journal.close() }
        XCTAssertEqual(try journal.positions()["AAPL"]?.quantity ?? 0, broker)
        // An order tried while the connection is down is refused at once (journaled `rejected`, never queued to
        // go out late); every other journaled order is at the broker.
        for order in try journal.orders() where byKey[order.clientOrderID] == nil {
            XCTAssertEqual(order.status, .rejected, "\(order.clientOrderID) is neither at the broker nor refused")
        }
        for key in byKey.keys { XCTAssertEqual(try journal.order(key)?.status, .filled, key) }
    }
}
