import Foundation
import XCTest

@testable import Trading

final class OrderIntentTests: XCTestCase {
    func testClientOrderIDs() {
        let a = ClientOrderID.random()
        XCTAssertTrue(a.hasPrefix("lunar-"))
        XCTAssertEqual(a.count, 26)
        XCTAssertNotEqual(a, ClientOrderID.random())
        let bar = Date(timeIntervalSince1970: 1_710_345_600)
        let key = ClientOrderID.deterministic(strategy: "momo", symbol: "AAPL", eventTime: bar, sequence: 2)
        XCTAssertEqual(key, "momo-AAPL-1710345600000-2")
        XCTAssertEqual(key, ClientOrderID.deterministic(strategy: "momo", symbol: "AAPL", eventTime: bar, sequence: 2))
    }

    func testSummaryAndFormatting() {
        let intent = OrderIntent(clientOrderID: "k", symbol: "AAPL", side: .sell, quantity: 1500, type: .stopLimit,
                                 limitPrice: 187.5, stopPrice: 188)
        XCTAssertEqual(intent.summary, "SELL 1500 AAPL STOP_LIMIT stop 188.00 limit 187.50 [k]")
        XCTAssertEqual(intent.signedQuantity, -1500)
        XCTAssertEqual(formatQuantity(0.5), "0.5")
        XCTAssertEqual(formatPrice(0.0125), "0.0125")
        XCTAssertEqual(formatPercent(0.06), "6.0%")
    }

    func testDidYouMean() {
        XCTAssertEqual(DidYouMean.suggestion(for: "max_ordr_qty", among: ["max_order_qty", "max_notional"]),
                       "max_order_qty")
        XCTAssertNil(DidYouMean.suggestion(for: "colour", among: ["max_order_qty", "max_notional"]))
        XCTAssertEqual(DidYouMean.editDistance("kitten", "sitting"), 3)
    }
}
