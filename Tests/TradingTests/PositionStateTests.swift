import XCTest

@testable import Trading

final class PositionStateTests: XCTestCase {
    func testAverageCostAndRealizedPnLByHand() {
        var p = PositionState(symbol: "AAPL", quantity: 0)
        XCTAssertEqual(p.apply(signedQuantity: 100, price: 10), 0)
        XCTAssertEqual(p.apply(signedQuantity: 100, price: 12), 0)
        XCTAssertEqual(p.averageCost, 11)
        // Sell 150 at 13: realizes 150 × (13 − 11) = 300; 50 left at 11.
        XCTAssertEqual(p.apply(signedQuantity: -150, price: 13), 300)
        XCTAssertEqual(p.quantity, 50)
        XCTAssertEqual(p.averageCost, 11)
        // Sell 80 at 9 crosses zero: realizes 50 × (9 − 11) = −100, opens −30 at 9.
        XCTAssertEqual(p.apply(signedQuantity: -80, price: 9), -100)
        XCTAssertEqual(p.quantity, -30)
        XCTAssertEqual(p.averageCost, 9)
        // Cover the short at 8: 30 × (9 − 8) = +30.
        XCTAssertEqual(p.apply(signedQuantity: 30, price: 8), 30)
        XCTAssertEqual(p.quantity, 0)
        XCTAssertEqual(p.averageCost, 0)
    }

    func testUnrealizedPnLAndDayPnL() {
        let account = AccountState(
            positions: ["A": PositionState(symbol: "A", quantity: 10, averageCost: 100, marketPrice: 95),
                        "B": PositionState(symbol: "B", quantity: -5, averageCost: 50, marketPrice: 40)],
            realizedPnLToday: -20)
        XCTAssertEqual(account.unrealizedPnL, -50 + 50)
        XCTAssertEqual(account.dayPnL, -20)
    }
}
