import XCTest
@testable import BookAnalytics

/// Oracle: per-market-maker rows summed by price by hand.
final class OrderBookAggregationTests: XCTestCase {
    func testL2RowsAreAggregatedIntoPriceLevelsBestFirst() throws {
        let book = try OrderBook(depth: 10)
        let rows: [(String, Double, Double)] = [("NSDQ", 100.00, 300), ("ARCA", 100.00, 200), ("BATS", 99.99, 100),
                                                ("EDGX", 100.01, 50)]
        for (i, (mm, price, size)) in rows.enumerated() {
            XCTAssertNil(book.applyL2(position: i, marketMaker: mm, operation: 0, side: 1, price: price, size: size,
                                      isSmartDepth: true))
        }
        XCTAssertTrue(book.aggregatesMarketMakerRows)
        XCTAssertEqual(book.levels(.bid), [BookLevel(price: 100.01, size: 50), BookLevel(price: 100.00, size: 500),
                                           BookLevel(price: 99.99, size: 100)])
        XCTAssertEqual(book.rowCount(.bid), 4)
        XCTAssertEqual(book.row(.bid, 1), BookRow(price: 100, size: 200, marketMaker: MarketMakerCode("ARCA")!))
        // ARCA moves to 99.99: two levels left.
        book.applyL2(position: 1, marketMaker: "ARCA", operation: 1, side: 1, price: 99.99, size: 200,
                     isSmartDepth: true)
        book.applyL2(position: 3, marketMaker: "EDGX", operation: 2, side: 1, price: 0, size: 0, isSmartDepth: true)
        XCTAssertEqual(book.levels(.bid), [BookLevel(price: 100.00, size: 300), BookLevel(price: 99.99, size: 300)])
        XCTAssertNoThrow(try book.verifyInvariants())
    }

    func testAskLevelsAscend() throws {
        let book = try OrderBook(depth: 10)
        for (i, p) in [10.02, 10.01, 10.03, 10.01].enumerated() {
            book.applyL2(position: i, marketMaker: "M\(i)", operation: 0, side: 0, price: p, size: 1,
                         isSmartDepth: false)
        }
        XCTAssertEqual(book.levels(.ask).map(\.price), [10.01, 10.02, 10.03])
        XCTAssertEqual(book.levels(.ask).map(\.size), [2, 1, 1])
        XCTAssertEqual(book.bestAsk?.size, 2)
    }

    func testLongMarketMakerCodesAreTruncatedToSixteenBytes() throws {
        let book = try OrderBook(depth: 2)
        book.applyL2(position: 0, marketMaker: "ABCDEFGHIJKLMNOPQRST", operation: 0, side: 1, price: 1, size: 1,
                     isSmartDepth: false)
        XCTAssertEqual(book.row(.bid, 0)?.marketMaker.description, "ABCDEFGHIJKLMNOP")
    }

    func testAggregatedLevelsFollowRejectionsAndClear() throws {
        let book = try OrderBook(depth: 2)
        book.applyL2(position: 0, marketMaker: "A", operation: 0, side: 1, price: 1, size: 1, isSmartDepth: false)
        XCTAssertEqual(book.applyL2(position: 2, marketMaker: "B", operation: 0, side: 1, price: 1, size: 1,
                                    isSmartDepth: false), .positionOutOfRange)
        XCTAssertEqual(book.bidCount, 1)
        book.clear()
        XCTAssertFalse(book.aggregatesMarketMakerRows)
        XCTAssertEqual(book.bidCount, 0)
    }
}
