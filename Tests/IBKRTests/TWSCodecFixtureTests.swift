import Foundation
import XCTest

@testable import IBKR

/// Decoder tests from byte fixtures written from the spec (tws-protocol.md), not from the encoder.
final class TWSCodecFixtureTests: XCTestCase {
    private func payload(_ fields: [String]) -> [UInt8] { TWSFraming.payload(fields) }

    private func decode(_ fields: [String], file: StaticString = #filePath, line: UInt = #line) throws
        -> ServerMessage
    {
        try ServerMessage.decode(payload(fields))
    }

    // MARK: §2.1 handshake bytes

    func testClientHelloBytesMatchSpec() {
        let expected: [UInt8] = [0x41, 0x50, 0x49, 0x00, 0x00, 0x00, 0x00, 0x09,
                                 0x76, 0x31, 0x35, 0x37, 0x2E, 0x2E, 0x31, 0x37, 0x38]
        XCTAssertEqual(TWSHandshake.clientHello(), expected)
    }

    func testServerReplyAndStartApiBytesMatchSpec() {
        let reply: [UInt8] = [0x00, 0x00, 0x00, 0x1A, 0x31, 0x37, 0x38, 0x00]
            + Array("20250106 10:15:00 EST".utf8) + [0]
        XCTAssertEqual(TWSHandshake.serverReply(version: 178, connectionTime: "20250106 10:15:00 EST"), reply)
        let startApi: [UInt8] = [0x00, 0x00, 0x00, 0x09, 0x37, 0x31, 0x00, 0x32, 0x00, 0x31, 0x37, 0x00, 0x00]
        XCTAssertEqual(ClientMessage.startApi(clientId: 17, optionalCapabilities: "").encodeFrame(), startApi)
    }

    func testManagedAccountsAndNextValidIdBytes() throws {
        let accounts: [UInt8] = [0x31, 0x35, 0x00, 0x31, 0x00, 0x44, 0x55, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37,
                                 0x00]
        XCTAssertEqual(try ServerMessage.decode(accounts), .managedAccounts(["DU1234567"]))
        XCTAssertEqual(try ServerMessage.decode([0x39, 0x00, 0x31, 0x00, 0x31, 0x00]), .nextValidId(1))
        XCTAssertEqual(try ServerMessage.decode(payload(["15", "1", "DU111,,DU222,"])),
                       .managedAccounts(["DU111", "DU222"]))
        // Frame cut of the spec's 6-byte nextValidId frame.
        let frame: [UInt8] = [0x00, 0x00, 0x00, 0x06, 0x39, 0x00, 0x31, 0x00, 0x31, 0x00]
        let cut = frame.withUnsafeBytes { TWSFraming.cut($0) }
        XCTAssertEqual(cut, .frame(payloadOffset: 4, payloadLength: 6, consumed: 10))
    }

    func testHelloParsingAndNegotiation() {
        let hello = TWSHandshake.clientHello()
        guard case .hello(let h, let consumed) = TWSHandshake.parseHello(hello) else { return XCTFail() }
        XCTAssertEqual(consumed, hello.count)
        XCTAssertEqual(TWSHandshake.negotiate(h), 178)
        XCTAssertEqual(TWSHandshake.negotiate(TWSHandshake.parseRange("v100..226")!), 178)  // ibapi 10.5x
        XCTAssertNil(TWSHandshake.negotiate(TWSHandshake.parseRange("v157..176")!))  // ib_insync 0.9
        XCTAssertEqual(TWSHandshake.parseRange("v157..178 +PACEAPI")?.options, "+PACEAPI")
        XCTAssertEqual(TWSHandshake.parseHello(Array(hello.prefix(10))), .needMoreData)
        if case .invalid = TWSHandshake.parseHello(Array("GET / HTTP/1.1\r\n".utf8)) {} else { XCTFail() }
    }

    // MARK: §7 market data

    func testTickPriceSizeStringGeneric() throws {
        XCTAssertEqual(try decode(["1", "6", "5", "1", "190.25", "300", "1"]),
                       .tickPrice(TickPrice(reqId: 5, tickType: 1, price: 190.25, size: 300, attrMask: 1)))
        XCTAssertEqual(try decode(["2", "6", "5", "8", "12345.5"]),
                       .tickSize(TickSize(reqId: 5, tickType: 8, size: Decimal(string: "12345.5")!)))
        XCTAssertEqual(try decode(["46", "6", "5", "45", "1736176531"]),
                       .tickString(reqId: 5, tickType: 45, value: "1736176531"))
        XCTAssertEqual(try decode(["45", "6", "5", "46", "3.0"]), .tickGeneric(reqId: 5, tickType: 46, value: 3))
        XCTAssertEqual(try decode(["81", "5", "0.01", "9c0001", "3"]),
                       .tickReqParams(reqId: 5, minTick: 0.01, bboExchange: "9c0001", snapshotPermissions: 3))
        XCTAssertEqual(try decode(["57", "1", "5"]), .tickSnapshotEnd(reqId: 5))
        XCTAssertEqual(try decode(["58", "1", "5", "3"]), .marketDataType(reqId: 5, type: 3))
        // Senders differ in number spelling.
        if case .tickPrice(let t) = try decode(["1", "6", "5", "2", "1e-05", "10.0", "0"]) {
            XCTAssertEqual(t.price, 1e-05)
            XCTAssertEqual(t.size, 10)
        } else { XCTFail() }
    }

    func testReqMktDataStockExampleHasTwentyFields() {
        let m = ClientMessage.reqMktData(reqId: 6, Contract(conId: 265_598, symbol: "AAPL", primaryExchange: "NASDAQ",
                                                            localSymbol: "AAPL", tradingClass: "NMS"),
                                         genericTickList: "", snapshot: true, regulatorySnapshot: false)
        XCTAssertEqual(TWSFraming.fields(m.encodePayload()),
                       ["1", "11", "6", "265598", "AAPL", "STK", "", "0.0", "", "", "SMART", "NASDAQ", "USD", "AAPL",
                        "NMS", "0", "", "1", "0", ""])
    }

    // MARK: §8 depth

    func testDepthMessages() throws {
        XCTAssertEqual(try decode(["12", "1", "7", "0", "0", "1", "189.99", "500"]),
                       .depth(DepthUpdate(reqId: 7, position: 0, operation: .insert, side: .bid, price: 189.99,
                                          size: 500)))
        XCTAssertEqual(try decode(["13", "1", "7", "3", "ARCA", "1", "0", "190.05", "200", "1"]),
                       .depth(DepthUpdate(reqId: 7, position: 3, marketMaker: "ARCA", operation: .update, side: .ask,
                                          price: 190.05, size: 200, isSmartDepth: true, isL2: true)))
        XCTAssertThrowsError(try decode(["12", "1", "7", "0", "5", "1", "189.99", "500"]))  // bad operation
        XCTAssertEqual(try decode(["80", "2", "ISLAND", "STK", "NASDAQ", "Deep2", "1", "ARCA", "STK", "ARCA", "Deep",
                                   "1"]),
                       .mktDepthExchanges([DepthExchange(exchange: "ISLAND", secType: "STK", listingExchange: "NASDAQ",
                                                         serviceDataType: "Deep2", aggGroup: 1),
                                           DepthExchange(exchange: "ARCA", secType: "STK", listingExchange: "ARCA",
                                                         serviceDataType: "Deep", aggGroup: 1)]))
    }

    // MARK: §9 contract details

    func testContractDetailsStockExample() throws {
        let fields = ["10", "3", "AAPL", "STK", "", "0", "", "SMART", "USD", "AAPL", "NMS", "NMS", "265598", "0.01", "",
                      "ACTIVETIM,LMT,MKT,STP,STPLMT,TRAIL", "SMART,AMEX,NYSE,ISLAND", "1", "0", "APPLE INC", "NASDAQ",
                      "", "Technology", "Computers", "Computers", "US/Eastern",
                      "20250106:0400-20250106:2000;20250111:CLOSED", "20250106:0930-20250106:1600", "", "", "1", "ISIN",
                      "US0378331005", "1", "", "", "26,26,26,26", "", "COMMON", "0.0001", "0.0001", "100"]
        guard case .contractDetails(let reqId, let d) = try decode(fields) else { return XCTFail() }
        XCTAssertEqual(reqId, 3)
        XCTAssertEqual(d.contract.conId, 265_598)
        XCTAssertEqual(d.contract.symbol, "AAPL")
        XCTAssertEqual(d.contract.exchange, "SMART")
        XCTAssertEqual(d.contract.primaryExchange, "NASDAQ")
        XCTAssertEqual(d.contract.tradingClass, "NMS")
        XCTAssertEqual(d.marketName, "NMS")
        XCTAssertEqual(d.longName, "APPLE INC")
        XCTAssertEqual(d.timeZoneId, "US/Eastern")
        XCTAssertEqual(d.secIdList, [TagValue("ISIN", "US0378331005")])
        XCTAssertNil(d.evMultiplier)
        XCTAssertEqual(d.stockType, "COMMON")
        XCTAssertEqual(d.minSize, Decimal(string: "0.0001"))
        XCTAssertEqual(d.suggestedSizeIncrement, 100)
        XCTAssertEqual(try decode(["52", "1", "3"]), .contractDetailsEnd(reqId: 3))
        // A secIdList count larger than the message is rejected, not allocated.
        var bad = fields
        bad[30] = "99999999"
        XCTAssertThrowsError(try decode(bad))
    }

    // MARK: §10–11 bars

    func testHistoricalDataAndUpdate() throws {
        let fields = ["17", "4", "20250106 09:30:00 US/Eastern", "20250106 16:00:00 US/Eastern", "2",
                      "20250106 09:30:00 US/Eastern", "190.0", "190.5", "189.8", "190.2", "12000", "190.1", "150",
                      "20250106  09:35:00", "190.2", "190.9", "190.1", "190.8", "8000.5", "190.6", "99"]
        guard case .historicalData(let reqId, let start, _, let bars) = try decode(fields) else { return XCTFail() }
        XCTAssertEqual(reqId, 4)
        XCTAssertEqual(start, "20250106 09:30:00 US/Eastern")
        XCTAssertEqual(bars.count, 2)
        XCTAssertEqual(bars[0].high, 190.5)
        XCTAssertEqual(bars[1].volume, Decimal(string: "8000.5"))
        XCTAssertEqual(bars[0].epochSeconds, 1_736_173_800)
        XCTAssertEqual(bars[1].epochSeconds, 1_736_173_800 + 300)  // two-space form, implicit zone
        // Update order is open, close, high, low, wap, volume.
        guard case .historicalDataUpdate(_, let u) = try decode(["90", "4", "17", "1736173800", "1", "2", "3", "0.5",
                                                                  "1.7", "900"]) else { return XCTFail() }
        XCTAssertEqual([u.open, u.close, u.high, u.low], [1, 2, 3, 0.5])
        XCTAssertEqual(u.barCount, 17)
        XCTAssertEqual(u.volume, 900)
        XCTAssertEqual(u.epochSeconds, 1_736_173_800)
        // Count that does not match the remaining fields.
        var bad = fields
        bad[4] = "3"
        XCTAssertThrowsError(try decode(bad))
    }

    func testRealtimeBar() throws {
        XCTAssertEqual(try decode(["50", "3", "9", "1736173805", "190", "190.2", "189.9", "190.1", "1200", "190.05",
                                   "14"]),
                       .realtimeBar(reqId: 9, RealTimeBar(time: 1_736_173_805, open: 190, high: 190.2, low: 189.9,
                                                          close: 190.1, volume: 1200,
                                                          wap: Decimal(string: "190.05")!, count: 14)))
    }

    func testHistoricalRequestWireOrderIsBarSizeBeforeDuration() {
        let h = HistoricalDataRequest(reqId: 4, contract: .stock("AAPL"), endDateTime: "", barSize: "5 mins",
                                      duration: "1 D", useRTH: true, whatToShow: "TRADES", formatDate: 1)
        let f = TWSFraming.fields(ClientMessage.reqHistoricalData(h).encodePayload())
        XCTAssertEqual(f.count, 23)
        XCTAssertEqual(Array(f[14...]), ["0", "", "5 mins", "1 D", "1", "TRADES", "1", "0", ""])
        XCTAssertEqual(f[0], "20")
        XCTAssertEqual(f[1], "4")  // no version field at 178
    }

    // MARK: §12 orders

    func testPlaceOrderHas114FieldsAndParsesBack() throws {
        let c = Contract(conId: 265_598, symbol: "AAPL", primaryExchange: "NASDAQ", localSymbol: "AAPL",
                         tradingClass: "NMS")
        var o = Order.limit(.buy, 10, price: 94.96, tif: "GTC")
        o.orderId = 14
        let fields = TWSFraming.fields(ClientMessage.placeOrder(o, c).encodePayload())
        XCTAssertEqual(fields.count, 114)
        XCTAssertEqual(Array(fields[0...2]), ["3", "14", "265598"])
        XCTAssertEqual(Array(fields[16...21]), ["BUY", "10", "LMT", "94.96", "", "GTC"])
        XCTAssertEqual(fields[24], "O")
        XCTAssertEqual(fields[27], "1")  // transmit
        XCTAssertEqual(fields[45], "-1")  // exemptCode
        guard case .placeOrder(let back, let bc)? = try ClientMessage.decode(TWSFraming.payload(fields)) else {
            return XCTFail()
        }
        XCTAssertEqual(back.orderId, 14)
        XCTAssertEqual(back.lmtPrice, 94.96)
        XCTAssertEqual(back.tif, "GTC")
        XCTAssertEqual(bc, c)
        // ibapi spelling of unset fields (sentinels) parses too.
        var ibapi = fields
        ibapi[2] = "0"
        ibapi[6] = ""
        for i in [91, 92, 93, 94, 95, 100] { ibapi[i] = "1.7976931348623157e+308" }
        ibapi[109] = "2147483647"
        ibapi[110] = "2147483647"
        XCTAssertNotNil(try ClientMessage.decode(TWSFraming.payload(ibapi)))
        // One field too many or too few is a client bug the server reports.
        XCTAssertThrowsError(try ClientMessage.decode(TWSFraming.payload(fields + [""])))
        XCTAssertThrowsError(try ClientMessage.decode(TWSFraming.payload(Array(fields.dropLast()))))
    }

    func testOpenOrderHas127FieldsAndDecodes() throws {
        var o = Order.stop(.sell, 10, stopPrice: 180)
        o.orderId = 15
        o.clientId = 1
        o.permId = 123_456
        o.parentId = 14
        o.account = "DU1234567"
        let oo = OpenOrder(order: o, contract: Contract(conId: 265_598, symbol: "AAPL"),
                           state: OrderState(status: "PreSubmitted"))
        let fields = TWSFraming.fields(ServerMessage.openOrder(oo).encodePayload())
        XCTAssertEqual(fields.count, 127)
        XCTAssertEqual(fields[85], "PreSubmitted")  // #86
        XCTAssertEqual(fields[57], "14")  // #58 parentId
        guard case .openOrder(let back) = try ServerMessage.decode(TWSFraming.payload(fields)) else { return XCTFail() }
        XCTAssertEqual(back.order.orderId, 15)
        XCTAssertEqual(back.order.auxPrice, 180)
        XCTAssertNil(back.order.lmtPrice)
        XCTAssertEqual(back.order.permId, 123_456)
        XCTAssertEqual(back.order.parentId, 14)
        XCTAssertEqual(back.state.status, "PreSubmitted")
        XCTAssertEqual(back.contract.conId, 265_598)
        // With an algo group and a combo-leg count inserted, the status is still found.
        var withAlgo = fields
        withAlgo[82] = "Adaptive"
        withAlgo.insert(contentsOf: ["1", "adaptivePriority", "Normal"], at: 83)
        withAlgo[70] = "1"
        withAlgo.insert(contentsOf: ["1", "1", "BUY", "SMART", "0", "0", "", "-1"], at: 71)
        guard case .openOrder(let back2) = try ServerMessage.decode(TWSFraming.payload(withAlgo)) else {
            return XCTFail()
        }
        XCTAssertEqual(back2.state.status, "PreSubmitted")
    }

    func testOrderStatusExecDetailsCommission() throws {
        XCTAssertEqual(try decode(["3", "14", "Filled", "10", "0", "190.01", "987", "0", "190.01", "17", "", "0"]),
                       .orderStatus(OrderStatus(orderId: 14, status: "Filled", filled: 10, remaining: 0,
                                                avgFillPrice: 190.01, permId: 987, parentId: 0, lastFillPrice: 190.01,
                                                clientId: 17)))
        let exec = ["11", "-1", "14", "265598", "AAPL", "STK", "", "0", "", "", "ISLAND", "USD", "AAPL", "NMS",
                    "0000e0d5.67a1b2c3.01.01", "20250106 10:15:31 US/Eastern", "DU1234567", "ISLAND", "BOT", "10",
                    "190.01", "987", "17", "0", "10", "190.01", "", "", "", "", "2", "0"]
        XCTAssertEqual(exec.count, 32)
        guard case .execDetails(let reqId, let c, let e) = try decode(exec) else { return XCTFail() }
        XCTAssertEqual(reqId, -1)
        XCTAssertEqual(c.exchange, "ISLAND")
        XCTAssertEqual(e.execId, "0000e0d5.67a1b2c3.01.01")
        XCTAssertEqual(e.side, "BOT")
        XCTAssertEqual(e.shares, 10)
        XCTAssertEqual(e.lastLiquidity, 2)
        XCTAssertEqual(try decode(["55", "1", "8"]), .execDetailsEnd(reqId: 8))
        XCTAssertEqual(try decode(["59", "1", "0000e0d5.67a1b2c3.01.01", "1.0", "USD", "1.7976931348623157E308",
                                   "1.7976931348623157E308", "0"]),
                       .commissionReport(CommissionReport(execId: "0000e0d5.67a1b2c3.01.01", commission: 1)))
        XCTAssertEqual(try decode(["53", "1"]), .openOrderEnd)
        XCTAssertEqual(try decode(["102"]), .completedOrdersEnd)
    }

    // MARK: §6 errors

    func testErrorWithEscapes() throws {
        XCTAssertEqual(try decode(["4", "2", "-1", "2104", "Market data farm connection is OK:usfarm", ""]),
                       .error(TWSErrorMessage(id: -1, code: 2104, message: "Market data farm connection is OK:usfarm")))
        guard case .error(let e) = try decode(["4", "2", "3", "200", "No security \\u00e9t\\u00e9 found", ""]) else {
            return XCTFail()
        }
        XCTAssertEqual(e.message, "No security été found")
        XCTAssertEqual(e.id, 3)
        // Without the trailing advancedOrderRejectJson (older servers) it still decodes.
        XCTAssertNotNil(try? decode(["4", "2", "3", "200", "x"]))
        XCTAssertTrue(TWSError.isWarningCode(2104))
        XCTAssertTrue(TWSError.isWarningCode(10167))
        XCTAssertFalse(TWSError.isWarningCode(200))
    }

    // MARK: §13 positions and account

    func testPositionsAndAccount() throws {
        let pos = ["61", "3", "DU1234567", "265598", "AAPL", "STK", "", "0", "", "", "NASDAQ", "USD", "AAPL", "NMS",
                   "100", "190.015"]
        XCTAssertEqual(try decode(pos), .position(Position(account: "DU1234567", contract: Contract(
            conId: 265_598, symbol: "AAPL", exchange: "NASDAQ", localSymbol: "AAPL", tradingClass: "NMS"),
            quantity: 100, avgCost: 190.015)))
        XCTAssertEqual(try decode(["62", "1"]), .positionEnd)
        XCTAssertEqual(try decode(["63", "1", "7", "DU1234567", "NetLiquidation", "1000000.00", "USD"]),
                       .accountSummary(reqId: 7, AccountValue(account: "DU1234567", key: "NetLiquidation",
                                                              value: "1000000.00", currency: "USD")))
        XCTAssertEqual(try decode(["64", "1", "7"]), .accountSummaryEnd(reqId: 7))
        XCTAssertEqual(try decode(["6", "2", "CashBalance", "1000.5", "USD", "DU1234567"]),
                       .updateAccountValue(AccountValue(account: "DU1234567", key: "CashBalance", value: "1000.5",
                                                        currency: "USD")))
        let portfolio = ["7", "8", "265598", "AAPL", "STK", "", "0", "", "", "NASDAQ", "USD", "AAPL", "NMS", "100",
                         "191", "19100", "190.015", "98.5", "0", "DU1234567"]
        guard case .updatePortfolio(let p) = try decode(portfolio) else { return XCTFail() }
        XCTAssertEqual(p.contract.primaryExchange, "NASDAQ")
        XCTAssertEqual(p.contract.exchange, "")
        XCTAssertEqual(p.unrealizedPNL, 98.5)
        XCTAssertEqual(try decode(["8", "1", "10:15"]), .updateAccountTime("10:15"))
        XCTAssertEqual(try decode(["54", "1", "DU1234567"]), .accountDownloadEnd(account: "DU1234567"))
        XCTAssertEqual(try decode(["73", "1", "9", "DU1234567", "", "NetLiquidation", "5", "USD"]),
                       .accountUpdateMulti(reqId: 9, AccountValue(account: "DU1234567", key: "NetLiquidation",
                                                                  value: "5", currency: "USD")))
        XCTAssertEqual(try decode(["74", "1", "9"]), .accountUpdateMultiEnd(reqId: 9))
        XCTAssertEqual(try decode(["49", "1", "1736176531"]), .currentTime(1_736_176_531))
    }

    // MARK: bad input

    func testMalformedInputThrowsNeverTraps() {
        XCTAssertThrowsError(try ServerMessage.decode([]))  // zero-length frame
        XCTAssertThrowsError(try decode(["abc"]))  // non-numeric id
        XCTAssertThrowsError(try decode(["1", "6", "5", "1", "not-a-price", "1", "0"]))  // text where a number belongs
        XCTAssertThrowsError(try decode(["1", "6", "5"]))  // missing fields
        XCTAssertThrowsError(try decode(["9", "1", "99999999999999999999999"]))  // overflow
        XCTAssertThrowsError(try decode(["1", "6", "5", "1", "nan", "1", "0"]))
        // Found by the fuzzer: a bar count so large that count × 8 overflowed.
        XCTAssertThrowsError(try decode(["17", "5", "", "", "1988888000016785096", "x"]))
        XCTAssertThrowsError(try decode(["80", "9223372036854775806"]))
        XCTAssertThrowsError(try decode(["17", "5", "", "", "-1"]))
        XCTAssertEqual(try decode(["14", "1", "2", "3"]), .unknown(id: 14))  // news bulletin: unknown, skipped
        XCTAssertEqual(try decode(["21", "1"]), .unknown(id: 21))
        XCTAssertNil(try ClientMessage.decode(payload(["1000"])))
        // Unset sentinels read as nil.
        XCTAssertEqual(try decode(["59", "1", "x", "1", "USD", "1.7976931348623157e+308", "", ""]),
                       .commissionReport(CommissionReport(execId: "x", commission: 1)))
    }
}
