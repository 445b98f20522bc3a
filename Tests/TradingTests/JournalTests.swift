import Foundation
import XCTest

@testable import Trading

final class JournalTests: XCTestCase {
    private var directory: URL!
    private let newYork = TimeZone(identifier: "America/New_York")!
    /// 2024-03-13 10:00 New York.
    private let t0 = Date(timeIntervalSince1970: 1_710_302_400 + 10 * 3600)

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunar-journal-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func open() throws -> Journal {
        try Journal(url: directory.appendingPathComponent("state/journal.sqlite"), timeZone: newYork)
    }

    func testIntentIsDurableBeforeSendAndStatusesFollow() throws {
        let journal = try open()
        let intent = OrderIntent(clientOrderID: "k1", symbol: "AAPL", side: .buy, quantity: 100, type: .limit,
                                 limitPrice: 180, time: t0)
        try journal.recordIntent(intent, now: t0)
        XCTAssertEqual(try journal.order("k1")?.status, .intended)
        XCTAssertThrowsError(try journal.recordIntent(intent, now: t0)) { error in
            XCTAssertEqual(error as? JournalError, .duplicateClientOrderID("k1"))
        }
        try journal.markSubmitting("k1", brokerOrderID: "501", now: t0)
        try journal.recordStatus("k1", .submitted, now: t0.addingTimeInterval(1))
        let order = try XCTUnwrap(journal.order("k1"))
        XCTAssertEqual(order.status, .submitted)
        XCTAssertEqual(order.brokerOrderID, "501")
        XCTAssertEqual(order.intent, intent)
        XCTAssertThrowsError(try journal.recordStatus("nope", .cancelled)) { error in
            XCTAssertEqual(error as? JournalError, .unknownOrder("nope"))
        }
        XCTAssertEqual(try journal.integrityCheck(), "ok")
    }

    func testFillsAreIdempotentAndUpdatePositionsAndRealizedPnL() throws {
        let journal = try open()
        try journal.recordIntent(OrderIntent(clientOrderID: "b", symbol: "AAPL", side: .buy, quantity: 100, time: t0),
                                 now: t0)
        try journal.markSubmitting("b", brokerOrderID: "1", now: t0)
        let first = Fill(executionID: "e1", clientOrderID: "b", brokerOrderID: "1", symbol: "AAPL", side: .buy,
                         quantity: 60, price: 100, commission: 0.30, time: t0)
        XCTAssertTrue(try journal.recordFill(first))
        XCTAssertFalse(try journal.recordFill(first), "a re-sent execution is ignored")
        XCTAssertEqual(try journal.order("b")?.status, .partiallyFilled)
        try journal.recordFill(Fill(executionID: "e2", clientOrderID: "b", symbol: "AAPL", side: .buy, quantity: 40,
                                    price: 105, commission: 0.20, time: t0.addingTimeInterval(5)))
        let bought = try XCTUnwrap(journal.order("b"))
        XCTAssertEqual(bought.status, .filled)
        XCTAssertEqual(bought.filledQuantity, 100)
        XCTAssertEqual(try XCTUnwrap(bought.averageFillPrice), 102, accuracy: 1e-9)
        XCTAssertEqual(try journal.positions()["AAPL"]?.averageCost ?? 0, 102, accuracy: 1e-9)

        try journal.recordIntent(OrderIntent(clientOrderID: "s", symbol: "AAPL", side: .sell, quantity: 100,
                                             time: t0.addingTimeInterval(60)), now: t0.addingTimeInterval(60))
        try journal.markSubmitting("s", brokerOrderID: "2", now: t0.addingTimeInterval(60))
        try journal.recordFill(Fill(executionID: "e3", clientOrderID: "s", symbol: "AAPL", side: .sell, quantity: 100,
                                    price: 110, time: t0.addingTimeInterval(61)))
        try journal.recordCommission(executionID: "e3", commission: 0.50)
        // Realized: 100 × (110 − 102) = 800; commissions 0.30 + 0.20 + 0.50 = 1.00.
        XCTAssertEqual(try journal.realizedPnL(day: "2024-03-13"), 799, accuracy: 1e-9)
        XCTAssertEqual(try journal.positions()["AAPL"]?.quantity, 0)
        XCTAssertEqual(try journal.fills(day: "2024-03-13").map(\.executionID), ["e1", "e2", "e3"])
        XCTAssertEqual(try journal.clientOrderIDs().sorted(), ["b", "s"])
    }

    func testDaySummaryPrintsActivityAndPnL() throws {
        let journal = try open()
        let buy = OrderIntent(clientOrderID: "b1", symbol: "AAPL", side: .buy, quantity: 10, type: .limit,
                              limitPrice: 100, time: t0)
        try journal.recordIntent(buy, now: t0)
        try journal.markSubmitting("b1", brokerOrderID: "7", now: t0)
        try journal.recordFill(Fill(executionID: "x1", clientOrderID: "b1", symbol: "AAPL", side: .buy, quantity: 10,
                                    price: 100, commission: 1, time: t0.addingTimeInterval(2)))
        let rejected = OrderIntent(clientOrderID: "r1", symbol: "MSFT", side: .sell, quantity: 5, time: t0)
        try journal.recordIntent(rejected, now: t0)
        try journal.markSubmitting("r1", brokerOrderID: "8", now: t0)
        try journal.recordStatus("r1", .rejected, code: 201, message: "Order rejected - reason: no shares to borrow",
                                 now: t0.addingTimeInterval(1))
        let limits = RiskLimits(maxOrderQuantity: 1000, timeZone: newYork)
        let manager = RiskManager(limits: limits)
        let big = OrderIntent(clientOrderID: "big", symbol: "AAPL", side: .buy, quantity: 1500, time: t0)
        if let rejection = manager.check(big, account: AccountState(referencePrices: ["AAPL": 100]), now: t0)
            .rejection {
            try journal.recordRejection(rejection, now: t0.addingTimeInterval(3))
        }
        try journal.recordPnL(realized: -1, unrealized: 25, equity: 100_024, now: t0.addingTimeInterval(600))
        try journal.recordModelVersion(symbol: "AAPL", version: "v3", path: "models/AAPL/v3.safetensors",
                                       action: "loaded", now: t0.addingTimeInterval(-3600))
        let text = try journal.daySummary(day: "2024-03-13")
        let expected = """
            Lunar journal — 2024-03-13 (America/New_York)

            Orders: 2 (1 filled, 1 rejected)
              10:00:00  BUY 10 AAPL limit @ 100.00  filled 10 @ 100.00  [b1 #7]
              10:00:00  SELL 5 MSFT market  rejected  [r1 #8]
                  broker rejected (code 201): Order rejected - reason: no shares to borrow

            Fills: 1
              10:00:02  BUY 10 AAPL @ 100.00  commission 1.00  [b1 exec x1]

            PnL
              AAPL: realized 0.00
              realized 0.00 - commissions 1.00 = net -1.00
              last snapshot 10:10:00: realized -1.00, unrealized 25.00, day 24.00, equity 100024.00

            Risk events: 1
              10:00:03  rejection  max_order_qty: 1500 shares > limit 1000

            Models: 1
              09:00:00  AAPL v3 loaded

            Positions now: AAPL 10 @ 100.00

            """
        XCTAssertEqual(text, expected)
    }

    func testHaltIsJournaledAndRestoredAfterARestart() throws {
        var journal: Journal? = try open()
        let manager = RiskManager(limits: RiskLimits(dailyLossLimit: 1000, timeZone: newYork))
        let losing = AccountState(realizedPnLToday: -1200)
        let decision = try XCTUnwrap(manager.poll(account: losing, now: t0))
        try journal?.recordHalt(decision)
        journal?.abandonWithoutClosing()
        journal = nil
        let reopened = try open()
        let reason = try XCTUnwrap(reopened.haltEvent(onDay: "2024-03-13"))
        XCTAssertEqual(reason, .dailyLossLimit(dayPnL: -1200, limit: 1000))
        XCTAssertNil(try reopened.haltEvent(onDay: "2024-03-14"))
        let restarted = RiskManager(limits: manager.limits, knownOrderIDs: try reopened.clientOrderIDs(),
                                    haltedToday: ("2024-03-13", reason))
        XCTAssertTrue(restarted.isHalted(now: t0.addingTimeInterval(60)))
    }

    func testClosedJournalThrows() throws {
        let journal = try open()
        journal.close()
        XCTAssertThrowsError(try journal.orders()) { error in
            guard case .closed = error as? JournalError else { return XCTFail("\(error)") }
        }
    }
}
