import Foundation
import XCTest

@testable import IBKR

/// Every message type in both directions: encode, decode, compare.
final class TWSCodecRoundTripTests: XCTestCase {
    /// With LUNAR_WRITE_FUZZ_CORPUS=1, writes each frame to Fuzz/corpus as a seed for the fuzzer.
    private func seed(_ name: String, _ frame: [UInt8]) {
        guard ProcessInfo.processInfo.environment["LUNAR_WRITE_FUZZ_CORPUS"] != nil else { return }
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        url.appendPathComponent("Fuzz/corpus")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        try? Data(frame).write(to: url.appendingPathComponent(name))
    }

    func testEveryServerMessageRoundTrips() throws {
        let c = Contract(conId: 265_598, symbol: "AAPL", exchange: "SMART", currency: "USD", localSymbol: "AAPL",
                         tradingClass: "NMS")
        var details = ContractDetails(contract: Contract(conId: 265_598, symbol: "AAPL", exchange: "SMART",
                                                         primaryExchange: "NASDAQ", localSymbol: "AAPL",
                                                         tradingClass: "NMS"))
        details.longName = "APPLE INC"
        details.secIdList = [TagValue("ISIN", "US0378331005")]
        details.minSize = 1
        var e = Execution()
        e.orderId = 3
        e.execId = "a.b.01.01"
        e.shares = 5
        e.price = 1.5
        e.side = "SLD"
        e.pendingPriceRevision = true
        var o = Order.limit(.sell, 3, price: 1.25)
        o.orderId = 3
        o.clientId = 2
        o.permId = 9
        var portfolioContract = c
        portfolioContract.exchange = ""
        portfolioContract.primaryExchange = "NASDAQ"
        let messages: [ServerMessage] = [
            .tickPrice(TickPrice(reqId: 1, tickType: 1, price: 190.25, size: 300, attrMask: 3)),
            .tickSize(TickSize(reqId: 1, tickType: 0, size: Decimal(string: "0.5")!)),
            .orderStatus(OrderStatus(orderId: 3, status: "Submitted", filled: 1, remaining: 2, avgFillPrice: 1.5,
                                     permId: 9, parentId: 0, lastFillPrice: 1.5, clientId: 2, whyHeld: "locate",
                                     mktCapPrice: 0)),
            .error(TWSErrorMessage(id: 3, code: 202, message: "Order Canceled - reason: é")),
            .openOrder(OpenOrder(order: o, contract: c, state: OrderState(status: "Submitted"))),
            .updateAccountValue(AccountValue(account: "DU1", key: "CashBalance", value: "10", currency: "USD")),
            .updatePortfolio(PortfolioItem(contract: portfolioContract, position: 10, marketPrice: 2, marketValue: 20,
                                           averageCost: 1.5, unrealizedPNL: 5, realizedPNL: 0, account: "DU1")),
            .updateAccountTime("10:15"),
            .nextValidId(42),
            .contractDetails(reqId: 2, details),
            .execDetails(reqId: -1, c, e),
            .depth(DepthUpdate(reqId: 4, position: 2, operation: .delete, side: .ask, price: 1, size: 0)),
            .depth(DepthUpdate(reqId: 4, position: 2, marketMaker: "ARCA", operation: .insert, side: .bid, price: 1,
                               size: 100, isSmartDepth: true, isL2: true)),
            .managedAccounts(["DU1", "DU2"]),
            .historicalData(reqId: 5, start: "a", end: "b", bars: [HistoricalBar(date: "20250106", open: 1, high: 2,
                                                                                  low: 0.5, close: 1.5, volume: 100,
                                                                                  wap: 1.2, barCount: 7)]),
            .tickGeneric(reqId: 1, tickType: 49, value: 0),
            .tickString(reqId: 1, tickType: 48, value: "190.1;100;1736176531000;5000;190.0;true"),
            .currentTime(1_736_176_531),
            .realtimeBar(reqId: 6, RealTimeBar(time: 1_736_176_530, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10,
                                               wap: 1.25, count: 3)),
            .contractDetailsEnd(reqId: 2), .openOrderEnd, .accountDownloadEnd(account: "DU1"),
            .execDetailsEnd(reqId: 8), .tickSnapshotEnd(reqId: 1), .marketDataType(reqId: 1, type: 3),
            .commissionReport(CommissionReport(execId: "a.b.01.01", commission: 1, realizedPNL: -3.5)),
            .position(Position(account: "DU1", contract: c, quantity: -5, avgCost: 1.5)), .positionEnd,
            .accountSummary(reqId: 7, AccountValue(account: "DU1", key: "AccountType", value: "INDIVIDUAL")),
            .accountSummaryEnd(reqId: 7),
            .accountUpdateMulti(reqId: 8, AccountValue(account: "DU1", key: "k", value: "v", currency: "USD",
                                                       modelCode: "m")),
            .accountUpdateMultiEnd(reqId: 8),
            .mktDepthExchanges([DepthExchange(exchange: "ISLAND", secType: "STK", listingExchange: "NASDAQ",
                                              serviceDataType: "Deep2", aggGroup: 1)]),
            .tickReqParams(reqId: 1, minTick: 0.01, bboExchange: "9c0001", snapshotPermissions: 3),
            .historicalDataUpdate(reqId: 5, HistoricalBar(date: "1736176500", open: 1, high: 2, low: 0.5, close: 1.5,
                                                          volume: 10, wap: 1.2, barCount: 4)),
            .completedOrdersEnd,
        ]
        for (i, m) in messages.enumerated() {
            seed("server-\(m.messageId)-\(i)", m.encodeFrame())
            let back = try ServerMessage.decode(m.encodePayload())
            if case .openOrder(let a) = m, case .openOrder(var b) = back {
                b.order.tif = a.order.tif  // DAY is filled in for empty tif
                XCTAssertEqual(a, b)
            } else {
                XCTAssertEqual(back, m, "round trip of \(m)")
            }
        }
    }

    func testEveryClientMessageRoundTrips() throws {
        let c = Contract(conId: 265_598, symbol: "AAPL", primaryExchange: "NASDAQ")
        var f = ExecutionFilter()
        f.clientId = 3
        f.symbol = "AAPL"
        var o = Order.stopLimit(.sell, 5, stopPrice: 10, limitPrice: 9.5)
        o.orderId = 77
        o.parentId = 76
        o.transmit = false
        o.orderRef = "ref"
        let messages: [ClientMessage] = [
            .reqMktData(reqId: 1, c, genericTickList: "233,236", snapshot: false, regulatorySnapshot: false),
            .cancelMktData(reqId: 1), .placeOrder(o, c), .cancelOrder(orderId: 77, manualOrderCancelTime: ""),
            .reqOpenOrders, .reqAccountUpdates(subscribe: true, account: "DU1"), .reqExecutions(reqId: 2, f),
            .reqIds(numIds: 1),
            .reqContractDetails(reqId: 3, c, includeExpired: false, secIdType: "", secId: "", issuerId: ""),
            .reqMktDepth(reqId: 4, c, numRows: 10, isSmartDepth: true), .cancelMktDepth(reqId: 4, isSmartDepth: true),
            .reqAutoOpenOrders(autoBind: true), .reqAllOpenOrders, .reqManagedAccts,
            .reqHistoricalData(HistoricalDataRequest(reqId: 5, contract: c, endDateTime: "20250106-21:00:00",
                                                     barSize: "1 min", duration: "1 D", useRTH: false,
                                                     whatToShow: "MIDPOINT", formatDate: 2, keepUpToDate: false)),
            .cancelHistoricalData(reqId: 5), .reqCurrentTime,
            .reqRealTimeBars(reqId: 6, c, barSize: 5, whatToShow: "TRADES", useRTH: true),
            .cancelRealTimeBars(reqId: 6),
            .reqGlobalCancel, .reqMarketDataType(3), .reqPositions, .reqAccountSummary(reqId: 7, group: "All",
                                                                                       tags: "NetLiquidation"),
            .cancelAccountSummary(reqId: 7), .cancelPositions, .startApi(clientId: 17, optionalCapabilities: ""),
            .reqAccountUpdatesMulti(reqId: 8, account: "DU1", modelCode: "", ledgerAndNLV: true),
            .cancelAccountUpdatesMulti(reqId: 8), .reqMktDepthExchanges, .reqCompletedOrders(apiOnly: true),
        ]
        seed("client-hello", TWSHandshake.clientHello() + ClientMessage.startApi(clientId: 1, optionalCapabilities: "")
            .encodeFrame())
        for (i, m) in messages.enumerated() {
            seed("client-\(m.messageId)-\(i)", m.encodeFrame())
            XCTAssertEqual(try ClientMessage.decode(m.encodePayload()), m, "round trip of \(m)")
        }
    }
}
