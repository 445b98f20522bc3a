import Foundation
import XCTest

@testable import IBKR

/// Fault injection: the simulator drops connections or reports IB connectivity loss; the client reconnects and
/// resubscribes.
final class TWSClientFaultTests: XCTestCase {
    func testDropReconnectsAndResubscribes() throws {
        let sim = try makeSimulator()
        defer { sim.stop() }
        let client = TWSClient(configuration: clientConfig(port: sim.port))
        defer { client.disconnect() }
        try client.connect()
        let aapl = try client.stock("AAPL")
        let md = try client.subscribeMarketData(aapl)
        let depth = try client.subscribeDepth(aapl, rows: 5)
        _ = try client.subscribeRealTimeBars(aapl)
        // A resting order survives the drop (orders stay working in TWS).
        let bid = try XCTUnwrap(sim.quote("AAPL")).bid
        let orderId = try client.placeOrder(.limit(.buy, 1, price: (bid * 0.5 * 100).rounded() / 100), contract: aapl)
        XCTAssertEqual(try client.waitForOrder(orderId, timeout: 5, until: { $0.status == "Submitted" }), "Submitted")
        _ = waitForEvent(client) { e -> Bool? in
            if case .quote(let id, _, _) = e, id == md { return true }
            return nil
        }
        XCTAssertEqual(sim.activeSubscriptionCount, 3)

        sim.dropAllConnections()

        let lost = waitForEvent(client) { e -> Bool? in
            if case .connectionLost = e { return true }
            return nil
        }
        XCTAssertEqual(lost, true)
        let resubscribed = waitForEvent(client) { e -> Int? in
            if case .reconnected(let n) = e { return n }
            return nil
        }
        XCTAssertEqual(resubscribed, 3)
        XCTAssertTrue(client.isConnected)
        // Data flows again on the same request ids; the depth book was rebuilt from scratch.
        _ = waitForEvent(client) { e -> Bool? in
            if case .quote(let id, _, _) = e, id == md { return true }
            return nil
        }
        _ = waitForEvent(client) { e -> Bool? in
            if case .depth(let d) = e, d.reqId == depth, client.depthBook(depth)?.bids.count == 5 { return true }
            return nil
        }
        XCTAssertEqual(sim.activeSubscriptionCount, 3)
        XCTAssertTrue(try client.openOrders().contains { $0.order.orderId == orderId })
        // Blocking requests work on the new connection.
        XCTAssertGreaterThan(try client.currentTime(), 0)
    }

    func testConnectivityLostThenRestoredWithDataLossResubscribes() throws {
        let sim = try makeSimulator()
        defer { sim.stop() }
        let client = TWSClient(configuration: clientConfig(port: sim.port))
        defer { client.disconnect() }
        try client.connect()
        let aapl = try client.stock("AAPL")
        let md = try client.subscribeMarketData(aapl)
        _ = try client.subscribeDepth(aapl, rows: 5)
        _ = waitForEvent(client) { e -> Bool? in
            if case .quote(let id, _, _) = e, id == md { return true }
            return nil
        }
        sim.simulateConnectivityLoss()
        XCTAssertEqual(waitForEvent(client) { e -> Bool? in
            if case .connectivityLost = e { return true }
            return nil
        }, true)
        sim.simulateConnectivityRestored(dataLost: true)
        XCTAssertEqual(waitForEvent(client) { e -> Bool? in
            if case .connectivityRestored(let lost) = e { return lost }
            return nil
        }, true)
        // The simulator dropped the subscriptions; the client re-submitted them.
        let deadline = Date(timeIntervalSinceNow: 5)
        while sim.activeSubscriptionCount < 2 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        XCTAssertEqual(sim.activeSubscriptionCount, 2)
        _ = client.drain(timeout: 0)
        XCTAssertEqual(waitForEvent(client) { e -> Bool? in
            if case .quote(let id, _, _) = e, id == md { return true }
            return nil
        }, true)
        // 1102 (data maintained): nothing to resubmit.
        sim.simulateConnectivityRestored(dataLost: false)
        XCTAssertEqual(waitForEvent(client) { e -> Bool? in
            if case .connectivityRestored(let lost) = e { return lost }
            return nil
        }, false)
        XCTAssertEqual(sim.activeSubscriptionCount, 2)
    }

    func testLongConnectivityLossReconnects() throws {
        let sim = try makeSimulator()
        defer { sim.stop() }
        var config = clientConfig(port: sim.port)
        config.connectivityLossReconnectDelay = 0.2
        let client = TWSClient(configuration: config)
        defer { client.disconnect() }
        try client.connect()
        _ = try client.subscribeMarketData(try client.stock("AAPL"))
        sim.simulateConnectivityLoss()
        XCTAssertEqual(waitForEvent(client) { e -> Int? in
            if case .reconnected(let n) = e { return n }
            return nil
        }, 1)
        XCTAssertTrue(client.isConnected)
    }

    func testReconnectBacksOffUntilTheServerReturns() throws {
        let sim = try makeSimulator()
        let port = sim.port
        let client = TWSClient(configuration: clientConfig(port: port))
        defer { client.disconnect() }
        try client.connect()
        sim.stop()
        var delays: [Double] = []
        _ = waitForEvent(client) { e -> Bool? in
            if case .reconnecting(_, let d) = e { delays.append(d) }
            return delays.count >= 3 ? true : nil
        }
        XCTAssertEqual(delays, delays.sorted())  // exponential backoff
        XCTAssertLessThan(delays[0], delays[2])
        var c2 = TWSSimulator.Configuration()
        c2.port = port
        c2.logger = .silent()
        c2.tickInterval = 0.05
        let sim2 = try TWSSimulator(configuration: c2)
        try sim2.start()
        defer { sim2.stop() }
        XCTAssertNotNil(waitForEvent(client) { e -> Int? in
            if case .reconnected(let n) = e { return n }
            return nil
        })
        XCTAssertEqual(try client.stock("AAPL").conId, 265_598)
    }

    func testGivesUpAfterMaxAttempts() throws {
        let sim = try makeSimulator()
        var config = clientConfig(port: sim.port)
        config.maxReconnectAttempts = 2
        let client = TWSClient(configuration: config)
        try client.connect()
        sim.stop()
        let reason = waitForEvent(client) { e -> String? in
            if case .disconnected(let r) = e { return r }
            return nil
        }
        XCTAssertTrue(reason?.contains("gave up") ?? false)
        XCTAssertEqual(client.state, .disconnected)
        XCTAssertThrowsError(try client.currentTime()) { XCTAssertEqual(($0 as? TWSError)?.code, 504) }
    }

    func testDisconnectIsCleanAndFinal() throws {
        let sim = try makeSimulator()
        defer { sim.stop() }
        let client = TWSClient(configuration: clientConfig(port: sim.port))
        try client.connect()
        XCTAssertThrowsError(try client.connect()) { XCTAssertEqual(($0 as? TWSError)?.code, 501) }
        client.disconnect()
        XCTAssertEqual(client.state, .disconnected)
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(sim.connectedClientCount, 0)
        XCTAssertFalse(client.drain(timeout: 0.1).contains {
            if case .reconnecting = $0 { return true } else { return false }
        })
        // And it can connect again.
        try client.connect()
        XCTAssertTrue(client.isConnected)
        client.disconnect()
    }

    func testConnectFailures() throws {
        // Nothing listens: 502 with an actionable message.
        var config = clientConfig(port: 1)
        config.connectTimeout = 1
        XCTAssertThrowsError(try TWSClient(configuration: config).connect()) {
            let e = $0 as? TWSError
            XCTAssertEqual(e?.code, 502)
            XCTAssertTrue(e?.message.contains("running") ?? false)
        }
        // Duplicate client id: TWS's 326.
        let sim = try makeSimulator()
        defer { sim.stop() }
        let a = TWSClient(configuration: clientConfig(port: sim.port, clientId: 7))
        try a.connect()
        defer { a.disconnect() }
        XCTAssertThrowsError(try TWSClient(configuration: clientConfig(port: sim.port, clientId: 7)).connect()) {
            XCTAssertEqual(($0 as? TWSError)?.code, 326)
        }
    }
}
