import XCTest
@testable import BookAnalytics

/// Oracle: the expected table written out by hand.
final class OrderBookDescriptionTests: XCTestCase {
    func testDescriptionDrawsTheTopOfTheBook() throws {
        let book = try OrderBook(depth: 10)
        try book.replace(bids: [BookLevel(price: 100, size: 300), BookLevel(price: 99.99, size: 200)],
                         asks: [BookLevel(price: 100.02, size: 100)])
        let expected = """
            OrderBook depth 10: 2 bids, 1 asks, mid 100.010, spread 0.02 (2.0 bps), normal
              size     bid | ask     size
               300  100.00 | 100.02   100
               200   99.99 |
            """
        XCTAssertEqual(book.description, expected)
    }

    func testEmptyBook() throws {
        XCTAssertEqual(try OrderBook(depth: 3).description, "OrderBook depth 3: 0 bids, 0 asks, empty\n(empty)")
    }

    func testFormatting() {
        XCTAssertEqual(OrderBook.fixed(-0.004, 2), "0.00")
        XCTAssertEqual(OrderBook.fixed(-1.5, 1), "-1.5")
        XCTAssertEqual(OrderBook.fixed(0.05, 3), "0.050")
        XCTAssertEqual(OrderBook.decimalsNeeded(100.25), 2)
        XCTAssertEqual(OrderBook.decimalsNeeded(3), 0)
        XCTAssertEqual(OrderBook.size(12.5), "12.5")
    }
}
