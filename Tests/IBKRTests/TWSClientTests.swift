import Foundation
import XCTest

@testable import IBKR

/// The client against the simulator over loopback, one test per area of the protocol.
final class TWSClientTests: XCTestCase {
    var sim: TWSSimulator!
    var client: TWSClient!

    override func setUpWithError() throws {
        sim = try makeSimulator()
        client = TWSClient(configuration: clientConfig(port: sim.port))
        try client.connect()
    }

    override func tearDown() {
        client?.disconnect()
        sim?.stop()
    }

    func testHandshakeGivesVersionAccountsAndOrderId() throws {
        XCTAssertEqual(client.serverVersion, 178)
        XCTAssertEqual(client.accounts, ["DU1234567"])
        XCTAssertTrue(client.isConnected)
        let id = client.nextOrderId()
        XCTAssertGreaterThanOrEqual(id, 1)
        XCTAssertEqual(client.nextOrderId(), id + 1)
        XCTAssertGreaterThanOrEqual(try client.requestIds(), 1)
        let connected = waitForEvent(client) { e -> Int? in
            if case .connected(let v, _, _) = e { return v }
            return nil
        }
        XCTAssertEqual(connected, 178)
    }

    func testCurrentTime() throws {
        let t = try client.currentTime()
        XCTAssertLessThan(abs(Double(t) - Date().timeIntervalSince1970), 5)
    }

    func testContractDetailsAndQualify() throws {
        let details = try client.contractDetails(.stock("AAPL"))
        XCTAssertEqual(details.count, 1)
        let d = try XCTUnwrap(details.first)
        XCTAssertEqual(d.contract.conId, 265_598)
        XCTAssertEqual(d.contract.primaryExchange, "NASDAQ")
        XCTAssertEqual(d.longName, "APPLE INC")
        XCTAssertEqual(d.minTick, 0.01)
        XCTAssertEqual(d.secIdList.first?.tag, "ISIN")
        XCTAssertEqual(d.suggestedSizeIncrement, 100)
        let c = try client.stock("AAPL")
        XCTAssertEqual(c.conId, 265_598)
        XCTAssertEqual(c.exchange, "SMART")
    }

    func testUnknownSymbolIsError200() {
        XCTAssertThrowsError(try client.contractDetails(.stock("NOSUCH"))) { error in
            let e = error as? TWSError
            XCTAssertEqual(e?.code, 200)
            XCTAssertEqual(e?.kind, .tws)
            XCTAssertTrue(e?.message.contains("No security definition") ?? false)
        }
    }

    func testMarketDataStreamsBidAsk() throws {
        let aapl = try client.stock("AAPL")
        let reqId = try client.subscribeMarketData(aapl)
        let quote = waitForEvent(client) { e -> Quote? in
            if case .quote(let id, _, let q) = e, id == reqId, q.bid != nil, q.ask != nil, q.last != nil,
                q.volume != nil
            {
                return q
            }
            return nil
        }
        let q = try XCTUnwrap(quote)
        XCTAssertLessThan(try XCTUnwrap(q.bid), try XCTUnwrap(q.ask))
        XCTAssertGreaterThan(try XCTUnwrap(q.bidSize), 0)
        XCTAssertNotNil(client.quote(reqId)?.volume)
        // Streaming: more updates follow.
        var updates = 0
        let deadline = Date(timeIntervalSinceNow: 2)
        while Date() < deadline && updates < 5 {
            for case .quote(let id, _, _) in client.drain(timeout: 0.1) where id == reqId { updates += 1 }
        }
        XCTAssertGreaterThanOrEqual(updates, 5)
        try client.cancelMarketData(reqId)
        XCTAssertNil(client.quote(reqId))
    }

    func testSnapshot() throws {
        let q = try client.snapshot(try client.stock("MSFT"))
        XCTAssertNotNil(q.bid)
        XCTAssertNotNil(q.ask)
        XCTAssertNotNil(q.close)
    }

    func testDelayedMarketDataType() throws {
        try client.setMarketDataType(3)
        let reqId = try client.subscribeMarketData(try client.stock("IBM"))
        let type = waitForEvent(client) { e -> Int? in
            if case .quote(let id, let t, _) = e, id == reqId, t == TickType.delayedBid { return t }
            return nil
        }
        XCTAssertEqual(type, TickType.delayedBid)
        XCTAssertEqual(client.quote(reqId)?.marketDataType, 3)
    }

    func testDepthBuildsBookWithTenLevels() throws {
        let reqId = try client.subscribeDepth(try client.stock("AAPL"), rows: 10)
        _ = waitForEvent(client) { e -> Bool? in
            if case .depth(let d) = e, d.reqId == reqId, (client.depthBook(reqId)?.asks.count ?? 0) == 10 {
                return true
            }
            return nil
        }
        let book = try XCTUnwrap(client.depthBook(reqId))
        XCTAssertEqual(book.bids.count, 10)
        XCTAssertEqual(book.asks.count, 10)
        XCTAssertLessThan(book.bids[0].price, book.asks[0].price)
        for i in 1..<10 {
            XCTAssertLessThan(book.bids[i].price, book.bids[i - 1].price)
            XCTAssertGreaterThan(book.asks[i].price, book.asks[i - 1].price)
        }
        XCTAssertFalse(book.bids[0].marketMaker.isEmpty)
        try client.cancelDepth(reqId)
        let exchanges = try client.depthExchanges()
        XCTAssertTrue(exchanges.contains { $0.exchange == "ISLAND" && $0.serviceDataType == "Deep2" })
    }

    func testHistoricalOneDayOfFiveMinuteBars() throws {
        // End at a fixed past close so the count does not depend on the time of day (2025-01-06 16:00 ET).
        let bars = try client.historicalBars(try client.stock("AAPL"), duration: "1 D", barSize: "5 mins",
                                             end: 1_736_197_200)
        XCTAssertEqual(bars.count, 78)  // 09:30–16:00
        let times = bars.compactMap(\.epochSeconds)
        XCTAssertEqual(times.count, 78)
        XCTAssertEqual(zip(times.dropFirst(), times).map { $0 - $1 }.allSatisfy { $0 == 300 }, true)
        for b in bars {
            XCTAssertLessThanOrEqual(b.low, min(b.open, b.close))
            XCTAssertGreaterThanOrEqual(b.high, max(b.open, b.close))
            XCTAssertGreaterThan(b.volume, 0)
        }
        XCTAssertTrue(bars[0].date.hasSuffix("09:30:00 US/Eastern"))
    }

    func testLongHistoryIsSplitIntoChunks() throws {
        // 3 D of 1-minute bars = 3 requests of 1 D each, merged without duplicates.
        let bars = try client.historicalBars(try client.stock("MSFT"), duration: "3 D", barSize: "1 min",
                                             end: 1_736_197_200)
        XCTAssertEqual(bars.count, 3 * 390)
        XCTAssertEqual(Set(bars.map(\.date)).count, bars.count)
        let times = bars.compactMap(\.epochSeconds)
        XCTAssertEqual(times, times.sorted())
    }

    func testDailyBarsAndErrors() throws {
        let daily = try client.historicalBars(try client.stock("SPY"), duration: "1 M", barSize: "1 day",
                                              end: 1_736_197_200)
        XCTAssertEqual(daily.count, 21)
        XCTAssertEqual(daily[0].date.count, 8)
        XCTAssertThrowsError(try client.historicalBars(.stock("NOSUCH"), duration: "1 D", barSize: "5 mins")) {
            XCTAssertEqual(($0 as? TWSError)?.code, 200)
        }
        XCTAssertThrowsError(try client.historicalBars(.stock("AAPL"), duration: "1 D", barSize: "7 mins")) {
            XCTAssertEqual(($0 as? TWSError)?.kind, .invalidArgument)
        }
    }

    func testKeepUpToDateHistory() throws {
        let (reqId, bars) = try client.historicalBarsKeepingUpToDate(try client.stock("AAPL"), duration: "1800 S",
                                                                     barSize: "1 min", useRTH: false)
        XCTAssertGreaterThan(bars.count, 20)
        let update = waitForEvent(client) { e -> HistoricalBar? in
            if case .historicalBarUpdate(let id, let b) = e, id == reqId { return b }
            return nil
        }
        XCTAssertNotNil(update)
        try client.cancelHistoricalData(reqId)
    }

    func testRealTimeBarsAndAggregation() throws {
        sim.stop()
        client.disconnect()
        sim = try makeSimulator(speed: 30)  // 5-second bars every 1/6 s, a minute every 2 s
        client = TWSClient(configuration: clientConfig(port: sim.port))
        try client.connect()
        let reqId = try client.subscribeRealTimeBars(try client.stock("AAPL"), aggregateSeconds: [60])
        var fiveSecond: [RealTimeBar] = []
        let minute = waitForEvent(client, timeout: 15) { e -> RealTimeBar? in
            if case .realTimeBar(let id, let b) = e, id == reqId { fiveSecond.append(b) }
            if case .aggregatedBar(let id, let b) = e, id == reqId { return b }
            return nil
        }
        let m = try XCTUnwrap(minute)
        XCTAssertEqual(m.seconds, 60)
        XCTAssertEqual(m.time % 60, 0)
        XCTAssertTrue(fiveSecond.allSatisfy { $0.time % 5 == 0 && $0.seconds == 5 })
        let inMinute = fiveSecond.filter { $0.time >= m.time && $0.time < m.time + 60 }
        if inMinute.count == 12 {
            XCTAssertEqual(m.open, inMinute[0].open)
            XCTAssertEqual(m.close, inMinute[11].close)
            XCTAssertEqual(m.high, inMinute.map(\.high).max())
        }
        try client.cancelRealTimeBars(reqId)
    }

    func testMarketOrderFillsWithCommission() throws {
        let aapl = try client.stock("AAPL")
        let id = try client.placeOrder(.market(.buy, 100), contract: aapl)
        XCTAssertEqual(try client.waitForOrder(id, timeout: 5), "Filled")
        let o = try XCTUnwrap(client.order(id))
        XCTAssertEqual(o.filled, 100)
        XCTAssertEqual(o.remaining, 0)
        XCTAssertFalse(o.fills.isEmpty)
        XCTAssertEqual(o.fills.reduce(Decimal(0)) { $0 + $1.execution.shares }, 100)
        XCTAssertEqual(o.commission, 1.0, accuracy: 1e-9)  // 100 × 0.005 = 0.50 → minimum 1.00
        XCTAssertGreaterThan(o.avgFillPrice, 0)
        XCTAssertEqual(o.fills[0].execution.side, "BOT")
        let positions = try client.positions()
        let p = try XCTUnwrap(positions.first { $0.contract.symbol == "AAPL" })
        XCTAssertEqual(p.quantity, 100)
        XCTAssertEqual(p.avgCost, o.avgFillPrice + 0.01, accuracy: 0.011)  // includes commission per share
        let fills = try client.executions()
        XCTAssertEqual(fills.count, o.fills.count)
        XCTAssertNotNil(fills.first?.commission)
        // Events: execution then commission.
        var sawExecution = false, sawCommission = false
        for e in client.drain(timeout: 0.2) {
            if case .execution(let f) = e, f.execution.orderId == id { sawExecution = true }
            if case .commissionReport(let oid, _) = e, oid == id { sawCommission = true }
        }
        XCTAssertTrue(sawExecution)
        XCTAssertTrue(sawCommission)
    }

    func testLimitOrderRestsAndCancels() throws {
        let aapl = try client.stock("AAPL")
        let bid = try XCTUnwrap(sim.quote("AAPL")).bid
        let id = try client.placeOrder(.limit(.buy, 10, price: (bid * 0.9 * 100).rounded() / 100), contract: aapl)
        XCTAssertEqual(try client.waitForOrder(id, timeout: 5, until: { $0.status == "Submitted" }), "Submitted")
        let open = try client.openOrders()
        XCTAssertTrue(open.contains { $0.order.orderId == id && $0.order.orderType == .limit })
        try client.cancelOrder(id)
        XCTAssertEqual(try client.waitForOrder(id, timeout: 5), "Cancelled")
        XCTAssertEqual(client.order(id)?.lastError?.code, 202)
        XCTAssertTrue(try client.openOrders().isEmpty)
    }

    func testLimitOrderFillsWhenMarketComesThrough() throws {
        let ibm = try client.stock("IBM")
        let ask = try XCTUnwrap(sim.quote("IBM")).ask
        let limit = ((ask - 1) * 100).rounded() / 100
        let id = try client.placeOrder(.limit(.buy, 50, price: limit), contract: ibm)
        XCTAssertEqual(try client.waitForOrder(id, timeout: 5, until: { $0.status == "Submitted" }), "Submitted")
        sim.setPrice("IBM", to: limit - 0.5)
        XCTAssertEqual(try client.waitForOrder(id, timeout: 5), "Filled")
        XCTAssertLessThanOrEqual(try XCTUnwrap(client.order(id)).avgFillPrice, limit + 1e-9)
        sim.setPrice("IBM", to: nil)
    }

    func testStopAndStopLimitTrigger() throws {
        let tsla = try client.stock("TSLA")
        let last = try XCTUnwrap(sim.quote("TSLA")).last
        let stop = ((last - 2) * 100).rounded() / 100
        let stpId = try client.placeOrder(.stop(.sell, 10, stopPrice: stop), contract: tsla)
        let stpLmtId = try client.placeOrder(.stopLimit(.sell, 10, stopPrice: stop, limitPrice: stop - 5),
                                             contract: tsla)
        XCTAssertEqual(try client.waitForOrder(stpId, timeout: 5, until: { $0.status == "Submitted" }), "Submitted")
        XCTAssertEqual(client.order(stpId)?.filled, 0)
        sim.setPrice("TSLA", to: stop - 1)
        XCTAssertEqual(try client.waitForOrder(stpId, timeout: 5), "Filled")
        XCTAssertEqual(try client.waitForOrder(stpLmtId, timeout: 5), "Filled")
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(client.order(stpLmtId)).avgFillPrice, stop - 5)
        sim.setPrice("TSLA", to: nil)
    }

    func testBracketOrder() throws {
        let msft = try client.stock("MSFT")
        let ask = try XCTUnwrap(sim.quote("MSFT")).ask
        let b = Order.bracket(.buy, 20, entry: ask + 1, takeProfit: ask + 5, stopLoss: ask - 5)
        let ids = try client.placeBracket(b.parent, takeProfit: b.takeProfit, stopLoss: b.stopLoss, contract: msft)
        XCTAssertEqual(try client.waitForOrder(ids.parent, timeout: 5), "Filled")  // marketable entry
        XCTAssertEqual(try client.waitForOrder(ids.takeProfit, timeout: 5, until: { $0.status == "Submitted" }),
                       "Submitted")
        XCTAssertEqual(client.order(ids.stopLoss)?.order.parentId, ids.parent)
        sim.setPrice("MSFT", to: ask + 10)  // take profit fills, stop is cancelled
        XCTAssertEqual(try client.waitForOrder(ids.takeProfit, timeout: 5), "Filled")
        XCTAssertEqual(try client.waitForOrder(ids.stopLoss, timeout: 5), "Cancelled")
        sim.setPrice("MSFT", to: nil)
        let p = try client.positions().first { $0.contract.symbol == "MSFT" }
        XCTAssertNil(p)  // flat again
    }

    func testOrderErrors() throws {
        let aapl = try client.stock("AAPL")
        let id = try client.placeOrder(.market(.buy, 1), contract: aapl)
        XCTAssertEqual(try client.waitForOrder(id, timeout: 5), "Filled")
        // Reusing a finished order's id → 103.
        var dup = Order.market(.buy, 1)
        dup.orderId = id
        try client.placeOrder(dup, contract: aapl)
        _ = waitForEvent(client) { e -> Bool? in
            if case .error(let err) = e, err.code == 103, err.id == id { return true }
            return nil
        }
        // Unknown contract → 200 on the order id, order becomes Inactive.
        let bad = try client.placeOrder(.market(.buy, 1), contract: .stock("NOSUCH"))
        XCTAssertEqual(try client.waitForOrder(bad, timeout: 5), "Inactive")
        XCTAssertEqual(client.order(bad)?.lastError?.code, 200)
        // Invalid order is refused locally.
        XCTAssertThrowsError(try client.placeOrder(Order(action: .buy, totalQuantity: 1, orderType: .limit),
                                                   contract: aapl)) {
            XCTAssertEqual(($0 as? TWSError)?.kind, .invalidArgument)
        }
        // Cancel of an unknown order → 135.
        try client.cancelOrder(999_999)
        _ = waitForEvent(client) { e -> Bool? in
            if case .error(let err) = e, err.code == 135 { return true }
            return nil
        }
    }

    func testWhatIf() throws {
        let state = try client.whatIf(.market(.buy, 1000), contract: try client.stock("AAPL"))
        XCTAssertEqual(try XCTUnwrap(state.commission), 5.0, accuracy: 1e-9)
    }

    func testAccountSummaryAndValues() throws {
        let summary = try client.accountSummary()
        let byTag = Dictionary(summary.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(byTag["NetLiquidation"]?.value, "1000000.00")
        XCTAssertEqual(byTag["NetLiquidation"]?.currency, "USD")
        XCTAssertEqual(byTag["AccountType"]?.value, "INDIVIDUAL")
        XCTAssertEqual(byTag["AccountType"]?.account, "DU1234567")
        XCTAssertNotNil(byTag["BuyingPower"])
        let values = try client.accountValues()
        XCTAssertTrue(values.contains { $0.key == "TotalCashValue" && $0.value == "1000000.00" })
        // A fill updates the subscribed values.
        let id = try client.placeOrder(.market(.buy, 10), contract: try client.stock("SPY"))
        XCTAssertEqual(try client.waitForOrder(id, timeout: 5), "Filled")
        let portfolio = waitForEvent(client) { e -> PortfolioItem? in
            if case .portfolio(let p) = e, p.contract.symbol == "SPY" { return p }
            return nil
        }
        XCTAssertEqual(portfolio?.position, 10)
        XCTAssertEqual(portfolio?.contract.primaryExchange, "ARCA")
    }

    func testPacingKeepsUnderFiftyMessagesPerSecond() throws {
        // 120 requests: the pacer must spread them over > 2 s (45/s), and every answer must come back.
        let start = Date()
        let aapl = try client.stock("AAPL")
        var ids: [Int] = []
        for _ in 0..<120 { ids.append(try client.subscribeMarketData(aapl)) }
        let answered = waitForEvent(client, timeout: 10) { e -> Bool? in
            if case .quote(let id, _, _) = e, id == ids.last { return true }
            return nil
        }
        XCTAssertEqual(answered, true)
        XCTAssertGreaterThan(Date().timeIntervalSince(start), 1.9)
    }
}

/// `run(seconds:)`: the host-thread event loop used by `conn:run(seconds)`.
final class TWSClientRunTests: XCTestCase {
    func testRunDeliversEventsOnTheCallingThreadAndStopsEarly() throws {
        let sim = try makeSimulator()
        defer { sim.stop() }
        let client = TWSClient(configuration: clientConfig(port: sim.port))
        try client.connect()
        defer { client.disconnect() }
        let reqId = try client.subscribeMarketData(try client.stock("AAPL"))
        let caller = Thread.current
        var quotes = 0
        var onCaller = true
        let start = Date()
        client.run(seconds: 5) { e in
            onCaller = onCaller && Thread.current == caller
            if case .quote(let id, _, _) = e, id == reqId { quotes += 1 }
            return quotes < 10
        }
        XCTAssertEqual(quotes, 10)
        XCTAssertTrue(onCaller)
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        let t0 = Date()
        client.run(seconds: 0.3) { _ in true }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(t0), 0.29)
    }
}

/// The remaining requests of §15 through the client: all/auto open orders, completed orders, global cancel,
/// account updates multi, managed accounts, cancels, tickString.
final class TWSClientMoreRequestsTests: XCTestCase {
    func testRemainingRequests() throws {
        let sim = try makeSimulator()
        defer { sim.stop() }
        let a = TWSClient(configuration: clientConfig(port: sim.port, clientId: 0))
        let b = TWSClient(configuration: clientConfig(port: sim.port, clientId: 2))
        try a.connect()
        try b.connect()
        defer {
            a.disconnect()
            b.disconnect()
        }
        XCTAssertEqual(try a.refreshManagedAccounts(), ["DU1234567"])
        try a.autoOpenOrders()
        XCTAssertThrowsError(try b.autoOpenOrders())
        try a.synchroniseCompletedOrders()
        let aapl = try a.stock("AAPL")
        let low = (try XCTUnwrap(sim.quote("AAPL")).bid * 0.5 * 100).rounded() / 100
        let ida = try a.placeOrder(.limit(.buy, 1, price: low), contract: aapl)
        let idb = try b.placeOrder(.limit(.buy, 2, price: low), contract: aapl)
        XCTAssertEqual(try a.waitForOrder(ida, timeout: 5, until: { $0.status == "Submitted" }), "Submitted")
        XCTAssertEqual(try b.waitForOrder(idb, timeout: 5, until: { $0.status == "Submitted" }), "Submitted")
        XCTAssertEqual(try a.openOrders().count, 1)
        XCTAssertEqual(try a.allOpenOrders().count, 2)
        try a.cancelAllOrders()  // reqGlobalCancel: every client's orders
        XCTAssertEqual(try a.waitForOrder(ida, timeout: 5), "Cancelled")
        XCTAssertEqual(try b.waitForOrder(idb, timeout: 5), "Cancelled")
        XCTAssertTrue(try a.allOpenOrders().isEmpty)

        let multi = try a.accountUpdatesMulti()
        XCTAssertTrue(multi.contains { $0.key == "NetLiquidation" && $0.account == "DU1234567" })
        _ = try a.positions()
        try a.cancelPositions()
        _ = try a.accountValues()
        try a.cancelAccountValues()

        let reqId = try a.subscribeMarketData(aapl, genericTickList: "236")
        let shortable = waitForEvent(a) { e -> Double? in
            if case .tickGeneric(let id, 46, let v) = e, id == reqId { return v }
            return nil
        }
        XCTAssertEqual(shortable, 3)
        let stamp = waitForEvent(a) { e -> String? in
            if case .tickString(let id, TickType.lastTimestamp, let v) = e, id == reqId { return v }
            return nil
        }
        XCTAssertNotNil(Int(stamp ?? ""))
    }
}
