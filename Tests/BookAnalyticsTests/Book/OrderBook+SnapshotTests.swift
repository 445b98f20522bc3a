import XCTest
@testable import BookAnalytics

/// Oracle: the snapshot's own levels, and the documented validation rules.
final class OrderBookSnapshotTests: XCTestCase {
    func testSnapshotReplacesTheBookAndTruncatesToTheDepth() throws {
        let book = try OrderBook(depth: 2)
        book.apply(position: 0, operation: 0, side: 1, price: 50, size: 1)
        let bids = [BookLevel(price: 100, size: 1), BookLevel(price: 99, size: 2), BookLevel(price: 98, size: 3)]
        let asks = [BookLevel(price: 101, size: 4)]
        try book.replace(bids: bids, asks: asks)
        XCTAssertEqual(book.levels(.bid), Array(bids.prefix(2)))
        XCTAssertEqual(book.levels(.ask), asks)
        // Operations continue from the snapshot.
        book.apply(position: 0, operation: 2, side: 1, price: 0, size: 0)
        XCTAssertEqual(book.levels(.bid), [BookLevel(price: 99, size: 2)])
    }

    func testInvalidSnapshotsThrowAndLeaveTheBookUnchanged() throws {
        let book = try OrderBook(depth: 5)
        try book.replace(bids: [BookLevel(price: 1, size: 1)], asks: [])
        XCTAssertThrowsError(try book.replace(bids: [BookLevel(price: 2, size: 1), BookLevel(price: 2, size: 1)],
                                              asks: [])) {
            XCTAssertEqual($0 as? BookError, .unorderedSnapshot(side: .bid, index: 1))
        }
        XCTAssertThrowsError(try book.replace(bids: [], asks: [BookLevel(price: 2, size: 1),
                                                                BookLevel(price: 1, size: 1)])) {
            XCTAssertEqual($0 as? BookError, .unorderedSnapshot(side: .ask, index: 1))
            XCTAssertTrue("\($0)".contains("ascending"))
        }
        XCTAssertThrowsError(try book.replace(bids: [BookLevel(price: .nan, size: 1)], asks: []))
        XCTAssertThrowsError(try book.replace(bids: [], asks: [BookLevel(price: 1, size: -1)]))
        XCTAssertEqual(book.levels(.bid), [BookLevel(price: 1, size: 1)])
    }

    func testRowSnapshotAggregates() throws {
        let book = try OrderBook(depth: 5)
        let a = MarketMakerCode("A")!, b = MarketMakerCode("B")!
        try book.replace(bidRows: [BookRow(price: 1, size: 1, marketMaker: a), BookRow(price: 1, size: 2,
                                                                                          marketMaker: b)],
                         askRows: [BookRow(price: 2, size: 5, marketMaker: a)])
        XCTAssertEqual(book.levels(.bid), [BookLevel(price: 1, size: 3)])
        XCTAssertEqual(book.rows(.bid).map(\.marketMaker), [a, b])
    }
}
