import Foundation
import XCTest

@testable import Trading

final class ReconciliationTests: XCTestCase {
    private var directory: URL!
    private let newYork = TimeZone(identifier: "America/New_York")!
    /// 2024-03-13 10:00 New York.
    private let t0 = Date(timeIntervalSince1970: 1_710_302_400 + 10 * 3600)

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lunar-recon-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private var url: URL { directory.appendingPathComponent("journal.sqlite") }

    private func intent(_ id: String, _ side: OrderSide, _ qty: Double, _ symbol: String = "AAPL",
                        at time: Date) -> OrderIntent {
        OrderIntent(clientOrderID: id, symbol: symbol, side: side, quantity: qty, time: time)
    }

    /// Journals one order in each state a crash can leave behind, then "crashes" (drops the journal without
    /// closing it), reopens the database and reconciles against a fake broker.
    func testCrashThenReconcileHasNoDuplicateAndNoLostOrder() throws {
        var journal: Journal? = try Journal(url: url, timeZone: newYork)
        guard let j = journal else { return }
        // A position from before: 50 AAPL at 100.
        try j.recordIntent(intent("old", .buy, 50, at: t0.addingTimeInterval(-3600)), now: t0.addingTimeInterval(-3600))
        try j.markSubmitting("old", brokerOrderID: "90", now: t0.addingTimeInterval(-3600))
        try j.recordFill(Fill(executionID: "e-old", clientOrderID: "old", symbol: "AAPL", side: .buy, quantity: 50,
                              price: 100, time: t0.addingTimeInterval(-3590)))
        // fresh: journaled, never sent (the crash came before markSubmitting).
        try j.recordIntent(intent("fresh", .buy, 10, at: t0.addingTimeInterval(-5)), now: t0.addingTimeInterval(-5))
        // stale: journaled, never sent, 10 minutes old.
        try j.recordIntent(intent("stale", .buy, 10, at: t0.addingTimeInterval(-600)), now: t0.addingTimeInterval(-600))
        // open: sent, still working at the broker.
        try j.recordIntent(intent("open", .sell, 20, at: t0.addingTimeInterval(-30)), now: t0.addingTimeInterval(-30))
        try j.markSubmitting("open", brokerOrderID: "101", now: t0.addingTimeInterval(-30))
        // sentNoAck: marked submitting, the process died inside placeOrder; the broker did get it and it is open.
        try j.recordIntent(intent("sentNoAck", .buy, 5, "MSFT", at: t0.addingTimeInterval(-20)),
                           now: t0.addingTimeInterval(-20))
        try j.markSubmitting("sentNoAck", brokerOrderID: "102", now: t0.addingTimeInterval(-20))
        // filledWhileDown: acknowledged, then filled at the broker while Lunar was down.
        try j.recordIntent(intent("filledWhileDown", .buy, 30, at: t0.addingTimeInterval(-15)),
                           now: t0.addingTimeInterval(-15))
        try j.markSubmitting("filledWhileDown", brokerOrderID: "103", now: t0.addingTimeInterval(-15))
        try j.recordStatus("filledWhileDown", .submitted, now: t0.addingTimeInterval(-14))
        // lostInFlight: marked submitting, never reached the broker.
        try j.recordIntent(intent("lostInFlight", .sell, 7, at: t0.addingTimeInterval(-10)),
                           now: t0.addingTimeInterval(-10))
        try j.markSubmitting("lostInFlight", brokerOrderID: "104", now: t0.addingTimeInterval(-10))
        // partial: 40 of 100 filled and journaled, the rest cancelled at the broker while down.
        try j.recordIntent(intent("partial", .buy, 100, "SPY", at: t0.addingTimeInterval(-8)),
                           now: t0.addingTimeInterval(-8))
        try j.markSubmitting("partial", brokerOrderID: "105", now: t0.addingTimeInterval(-8))
        try j.recordFill(Fill(executionID: "e-p1", clientOrderID: "partial", symbol: "SPY", side: .buy, quantity: 40,
                              price: 500, time: t0.addingTimeInterval(-7)))

        // Crash: no close, no checkpoint; the objects are simply dropped.
        j.abandonWithoutClosing()
        journal = nil

        let broker = [
            BrokerOpenOrder(clientOrderID: "open", brokerOrderID: "101", symbol: "AAPL", side: .sell, quantity: 20),
            BrokerOpenOrder(clientOrderID: "sentNoAck", brokerOrderID: "102", symbol: "MSFT", side: .buy, quantity: 5,
                            filledQuantity: 2, status: "Submitted"),
            BrokerOpenOrder(clientOrderID: nil, brokerOrderID: "900", symbol: "TSLA", side: .buy, quantity: 1),
        ]
        let executions = [
            // Already journaled; the broker reports it again.
            Fill(executionID: "e-old", clientOrderID: "old", symbol: "AAPL", side: .buy, quantity: 50, price: 100,
                 time: t0.addingTimeInterval(-3590)),
            Fill(executionID: "e-f1", clientOrderID: "filledWhileDown", brokerOrderID: "103", symbol: "AAPL",
                 side: .buy, quantity: 30, price: 101, commission: 1, time: t0.addingTimeInterval(-12)),
            Fill(executionID: "e-n1", clientOrderID: "sentNoAck", brokerOrderID: "102", symbol: "MSFT", side: .buy,
                 quantity: 2, price: 400, time: t0.addingTimeInterval(-18)),
        ]
        let positions = [
            PositionState(symbol: "AAPL", quantity: 80, averageCost: 100.375),
            PositionState(symbol: "MSFT", quantity: 2, averageCost: 400),
            PositionState(symbol: "SPY", quantity: 40, averageCost: 500),
            PositionState(symbol: "IBM", quantity: 3, averageCost: 150),  // bought by hand in TWS
        ]

        let reopened = try Journal(url: url, timeZone: newYork)
        XCTAssertEqual(try reopened.integrityCheck(), "ok")
        let plan = try reopened.reconcile(brokerOpenOrders: broker, brokerPositions: positions,
                                          brokerExecutions: executions, now: t0)
        XCTAssertEqual(plan.summary.components(separatedBy: "\n"), [
            "record missed execution e-n1: buy 2 MSFT @ 400.00 for sentNoAck",
            "record missed execution e-f1: buy 30 AAPL @ 101.00 for filledWhileDown",
            "expire unsent order BUY 10 AAPL MARKET [stale]",
            "adopt open order SELL 20 AAPL MARKET [open] as broker order 101 (Submitted, filled 0)",
            "adopt open order BUY 5 MSFT MARKET [sentNoAck] as broker order 102 (Submitted, filled 2)",
            "mark filled BUY 30 AAPL MARKET [filledWhileDown]",
            "unknown at broker, not resent: SELL 7 AAPL MARKET [lostInFlight]",
            "mark closed at broker BUY 100 SPY MARKET [partial] (filled 40 of 100)",
            "submit unsent order BUY 10 AAPL MARKET [fresh]",
            "foreign open order 900 buy 1 TSLA (orderRef none): left alone",
            "position IBM: journal 0, broker 3; adopting the broker's",
        ])

        // No duplicate: only the provably unsent, fresh intent is sent; nothing that may have reached the broker is.
        XCTAssertEqual(plan.ordersToSubmit.map(\.clientOrderID), ["fresh"])
        // No lost order: every unfinished journaled order gets exactly one decision.
        let decided = plan.actions.compactMap { action -> String? in
            switch action {
            case .submit(let o), .expire(let o), .adopt(let o, _), .markFilled(let o), .markUnknownAtBroker(let o),
                 .markClosedAtBroker(let o, _):
                return o.clientOrderID
            default: return nil
            }
        }
        XCTAssertEqual(decided.sorted(), ["filledWhileDown", "fresh", "lostInFlight", "open", "partial",
                                          "sentNoAck", "stale"])
        XCTAssertEqual(plan.adoptedOrders.map(\.remainingQuantity), [20, 3])

        try reopened.apply(plan, now: t0)
        XCTAssertEqual(try reopened.order("fresh")?.status, .intended)
        XCTAssertEqual(try reopened.order("stale")?.status, .expired)
        XCTAssertEqual(try reopened.order("open")?.status, .submitted)
        XCTAssertEqual(try reopened.order("sentNoAck")?.status, .partiallyFilled)
        XCTAssertEqual(try reopened.order("filledWhileDown")?.status, .filled)
        XCTAssertEqual(try reopened.order("lostInFlight")?.status, .unknownAtBroker)
        XCTAssertEqual(try reopened.order("partial")?.status, .cancelled)
        // Positions equal the broker's.
        let journaled = try reopened.positions().filter { $0.value.quantity != 0 }.mapValues(\.quantity)
        XCTAssertEqual(journaled, ["AAPL": 80, "MSFT": 2, "SPY": 40, "IBM": 3])

        // The restarted risk manager refuses every key used before the crash.
        let manager = RiskManager(limits: RiskLimits(timeZone: newYork), knownOrderIDs: try reopened.clientOrderIDs())
        for id in ["open", "sentNoAck", "lostInFlight", "stale"] {
            XCTAssertEqual(manager.check(intent(id, .buy, 1, at: t0), account: AccountState(), now: t0)
                .rejection?.rule, .duplicateOrder, id)
        }

        // The runtime sends the fresh order; a second reconciliation then has nothing left to do but track.
        try reopened.markSubmitting("fresh", brokerOrderID: "106", now: t0)
        let after = broker + [BrokerOpenOrder(clientOrderID: "fresh", brokerOrderID: "106", symbol: "AAPL",
                                              side: .buy, quantity: 10)]
        let again = try reopened.reconcile(brokerOpenOrders: after, brokerPositions: positions,
                                           brokerExecutions: executions, now: t0.addingTimeInterval(1))
        XCTAssertEqual(again.ordersToSubmit, [])
        XCTAssertEqual(again.actions.filter { if case .adopt = $0 { return false } else { return true } }.count, 1,
                       again.summary)  // only the foreign TSLA order is reported again
    }

    func testWrittenOffOrderThatTurnsUpAtTheBrokerIsAdoptedAgain() throws {
        let journal = try Journal(url: url, timeZone: newYork)
        try journal.recordIntent(intent("late", .buy, 1, at: t0), now: t0)
        try journal.markSubmitting("late", brokerOrderID: "7", now: t0)
        try journal.apply(try journal.reconcile(brokerOpenOrders: [], brokerPositions: [], now: t0), now: t0)
        XCTAssertEqual(try journal.order("late")?.status, .unknownAtBroker)
        let plan = try journal.reconcile(
            brokerOpenOrders: [BrokerOpenOrder(clientOrderID: "late", brokerOrderID: "7", symbol: "AAPL", side: .buy,
                                               quantity: 1)],
            brokerPositions: [], now: t0)
        guard case .adopt(let order, _) = plan.actions.first else { return XCTFail(plan.summary) }
        XCTAssertEqual(order.clientOrderID, "late")
        try journal.apply(plan, now: t0)
        XCTAssertEqual(try journal.order("late")?.status, .submitted)
    }

    func testCleanJournalAgreesWithTheBroker() throws {
        let journal = try Journal(url: url, timeZone: newYork)
        let plan = try journal.reconcile(brokerOpenOrders: [], brokerPositions: [], now: t0)
        XCTAssertTrue(plan.isClean)
        XCTAssertEqual(plan.summary, "journal and broker agree")
    }
}
