import XCTest
@testable import BookAnalytics

/// Oracle: the rules of tws-protocol.md §8 applied by hand to small books (expected rows written out).
final class OrderBookTests: XCTestCase {
    func prices(_ book: OrderBook, _ side: BookSide) -> [Double] { book.levels(side).map(\.price) }
    func sizes(_ book: OrderBook, _ side: BookSide) -> [Double] { book.levels(side).map(\.size) }

    func testInsertUpdateDeleteShiftRowsAsTWSDefines() throws {
        let book = try OrderBook(depth: 5)
        XCTAssertNil(book.apply(position: 0, operation: 0, side: 1, price: 100, size: 10))
        XCTAssertNil(book.apply(position: 0, operation: 0, side: 1, price: 101, size: 20))  // shifts 100 down
        XCTAssertNil(book.apply(position: 2, operation: 0, side: 1, price: 99, size: 30))  // append at the end
        XCTAssertEqual(prices(book, .bid), [101, 100, 99])
        XCTAssertNil(book.apply(position: 1, operation: 1, side: 1, price: 100, size: 15))
        XCTAssertEqual(sizes(book, .bid), [20, 15, 30])
        XCTAssertNil(book.apply(position: 0, operation: 2, side: 1, price: 0, size: 0))  // shifts up
        XCTAssertEqual(prices(book, .bid), [100, 99])
        XCTAssertEqual(book.bestBid, BookLevel(price: 100, size: 15))
        XCTAssertEqual(book.appliedCount, 5)
        XCTAssertEqual(book.rejections.total, 0)
        XCTAssertEqual(book.askCount, 0)
    }

    func testSideZeroIsAskAndSideOneIsBid() throws {
        let book = try OrderBook(depth: 3)
        book.apply(position: 0, operation: 0, side: 0, price: 10.5, size: 1)
        book.apply(position: 0, operation: 0, side: 1, price: 10.4, size: 2)
        XCTAssertEqual(book.bestAsk?.price, 10.5)
        XCTAssertEqual(book.bestBid?.price, 10.4)
        XCTAssertEqual(book.midPrice, 10.45, accuracy: 1e-12)
        XCTAssertEqual(book.spread, 0.1, accuracy: 1e-12)
    }

    func testNamesAreAcceptedAsInTheLuaAPI() throws {
        let book = try OrderBook(depth: 3)
        XCTAssertNil(book.apply(position: 0, operation: "insert", side: "bid", price: 1, size: 1))
        XCTAssertNil(book.apply(position: 0, operation: "update", side: "bid", price: 2, size: 1))
        XCTAssertNil(book.apply(position: 0, operation: "insert", side: "ask", price: 3, size: 1))
        XCTAssertEqual(book.apply(position: 0, operation: "upsert", side: "ask", price: 3, size: 1), .unknownOperation)
        XCTAssertEqual(book.apply(position: 0, operation: "delete", side: "middle", price: 3, size: 1), .unknownSide)
        XCTAssertEqual(book.bestBid?.price, 2)
        XCTAssertEqual(book.rejections[.unknownOperation], 1)
        XCTAssertEqual(book.rejections[.unknownSide], 1)
    }

    func testInsertIntoAFullBookPushesTheLastLevelOut() throws {
        let book = try OrderBook(depth: 3)
        for (i, p) in [100.0, 99, 98].enumerated() { book.apply(position: i, operation: 0, side: 1, price: p, size: 1) }
        XCTAssertNil(book.apply(position: 1, operation: 0, side: 1, price: 99.5, size: 7))
        XCTAssertEqual(prices(book, .bid), [100, 99.5, 99])
        XCTAssertNil(book.apply(position: 0, operation: 0, side: 1, price: 101, size: 7))
        XCTAssertEqual(prices(book, .bid), [101, 100, 99.5])
        XCTAssertNil(book.apply(position: 2, operation: 0, side: 1, price: 99.7, size: 7))  // replaces the last
        XCTAssertEqual(prices(book, .bid), [101, 100, 99.7])
        XCTAssertEqual(book.bidCount, 3)
    }

    func testPositionBeyondTheDepthIsRejectedAndLeavesTheBookUnchanged() throws {
        let book = try OrderBook(depth: 3)
        for i in 0..<3 { book.apply(position: i, operation: 0, side: 0, price: 10 + Double(i), size: 1) }
        let before = book.levels(.ask)
        XCTAssertEqual(book.apply(position: 3, operation: 1, side: 0, price: 20, size: 1), .positionOutOfRange)
        XCTAssertEqual(book.apply(position: 3, operation: 0, side: 0, price: 20, size: 1), .positionOutOfRange)
        XCTAssertEqual(book.apply(position: 50, operation: 2, side: 0, price: 20, size: 1), .positionOutOfRange)
        XCTAssertEqual(book.apply(position: -1, operation: 0, side: 0, price: 20, size: 1), .positionOutOfRange)
        XCTAssertEqual(book.apply(position: Int.max, operation: 0, side: 0, price: 20, size: 1), .positionOutOfRange)
        XCTAssertEqual(book.levels(.ask), before)
        XCTAssertEqual(book.rejections[.positionOutOfRange], 5)
    }

    func testMissingRowsAreRejected() throws {
        let book = try OrderBook(depth: 10)
        book.apply(position: 0, operation: 0, side: 1, price: 100, size: 1)
        XCTAssertEqual(book.apply(position: 1, operation: 2, side: 1, price: 0, size: 0), .missingRow)  // delete
        XCTAssertEqual(book.apply(position: 0, operation: 2, side: 0, price: 0, size: 0), .missingRow)  // empty side
        XCTAssertEqual(book.apply(position: 1, operation: 1, side: 1, price: 99, size: 1), .missingRow)  // update
        XCTAssertEqual(book.apply(position: 2, operation: 0, side: 1, price: 98, size: 1), .missingRow)  // gap
        XCTAssertEqual(book.levels(.bid), [BookLevel(price: 100, size: 1)])
        XCTAssertEqual(book.rejections[.missingRow], 4)
        XCTAssertEqual(book.appliedCount, 1)
    }

    func testBadValuesAreCountedPerKindAndLoggedOncePerKind() throws {
        let book = try OrderBook(depth: 5)
        var logged: [BookRejection] = []
        book.rejectionLogger = { kind, _ in logged.append(kind) }
        book.apply(position: 0, operation: 0, side: 1, price: 100, size: 1)
        let bad: [(Int, Int, Double, Double, BookRejection)] = [
            (3, 1, 100, 1, .unknownOperation), (-1, 1, 100, 1, .unknownOperation), (0, 2, 100, 1, .unknownSide),
            (0, -1, 100, 1, .unknownSide), (0, 1, .nan, 1, .invalidPrice), (0, 1, .infinity, 1, .invalidPrice),
            (0, 1, 100, -1, .invalidSize), (0, 1, 100, .nan, .invalidSize), (0, 1, 100, -.infinity, .invalidSize),
            (7, 7, .nan, -1, .unknownOperation),
        ]
        for (op, side, price, size, expected) in bad {
            XCTAssertEqual(book.apply(position: 0, operation: op, side: side, price: price, size: size), expected)
            XCTAssertEqual(book.apply(position: 0, operation: op, side: side, price: price, size: size), expected)
        }
        XCTAssertEqual(book.levels(.bid), [BookLevel(price: 100, size: 1)])
        XCTAssertEqual(book.rejections[.unknownOperation], 6)
        XCTAssertEqual(book.rejections[.unknownSide], 4)
        XCTAssertEqual(book.rejections[.invalidPrice], 4)
        XCTAssertEqual(book.rejections[.invalidSize], 6)
        XCTAssertEqual(book.rejections.total, 20)
        XCTAssertEqual(logged, [.unknownOperation, .unknownSide, .invalidPrice, .invalidSize])
        book.resetRejections()
        XCTAssertEqual(book.rejections.total, 0)
        book.apply(position: 0, operation: 9, side: 1, price: 1, size: 1)
        XCTAssertEqual(logged.last, .unknownOperation)
        XCTAssertEqual(logged.count, 5)
    }

    func testDeleteIgnoresPriceAndSizeAsTWSDoes() throws {
        let book = try OrderBook(depth: 5)
        book.apply(position: 0, operation: 0, side: 0, price: 100, size: 1)
        XCTAssertNil(book.apply(position: 0, operation: 2, side: 0, price: .nan, size: -5))
        XCTAssertEqual(book.askCount, 0)
    }

    func testZeroSizeAndNegativePricesAreValid() throws {
        let book = try OrderBook(depth: 5)
        XCTAssertNil(book.apply(position: 0, operation: 0, side: 1, price: -2.5, size: 0))
        XCTAssertEqual(book.bestBid, BookLevel(price: -2.5, size: 0))
    }

    func testCrossedAndLockedBooksAreDetected() throws {
        let book = try OrderBook(depth: 5)
        XCTAssertEqual(book.state, .empty)
        book.apply(position: 0, operation: 0, side: 1, price: 100, size: 1)
        XCTAssertEqual(book.state, .oneSided)
        book.apply(position: 0, operation: 0, side: 0, price: 100.01, size: 1)
        XCTAssertEqual(book.state, .normal)
        book.apply(position: 0, operation: 1, side: 0, price: 100, size: 1)
        XCTAssertEqual(book.state, .locked)
        XCTAssertTrue(book.isLocked)
        book.apply(position: 0, operation: 1, side: 0, price: 99.99, size: 1)
        XCTAssertEqual(book.state, .crossed)
        XCTAssertTrue(book.isCrossed)
        XCTAssertLessThan(book.spread, 0)
    }

    func testClearEmptiesTheBookAndKeepsCounters() throws {
        let book = try OrderBook(depth: 5)
        book.apply(position: 0, operation: 0, side: 1, price: 100, size: 1)
        book.apply(position: 5, operation: 0, side: 1, price: 100, size: 1)
        book.clear()
        XCTAssertEqual(book.state, .empty)
        XCTAssertEqual(book.rejections[.positionOutOfRange], 1)
        book.apply(position: 0, operation: 0, side: 0, price: 100, size: 1)
        book.clear(side: .ask)
        XCTAssertEqual(book.askCount, 0)
    }

    func testDepthMustBeBetweenOneAndFifty() {
        XCTAssertThrowsError(try OrderBook(depth: 0)) { XCTAssertEqual($0 as? BookError, .invalidDepth(0)) }
        XCTAssertThrowsError(try OrderBook(depth: 51)) { error in
            XCTAssertTrue("\(error)".contains("1...50"), "\(error)")
        }
        XCTAssertNoThrow(try OrderBook(depth: 1))
        XCTAssertNoThrow(try OrderBook(depth: 50))
    }

    func testDepthOneAndDepthFiftyWork() throws {
        let one = try OrderBook(depth: 1)
        one.apply(position: 0, operation: 0, side: 1, price: 1, size: 1)
        one.apply(position: 0, operation: 0, side: 1, price: 2, size: 1)
        XCTAssertEqual(one.levels(.bid), [BookLevel(price: 2, size: 1)])
        let fifty = try OrderBook(depth: 50)
        for i in 0..<60 { fifty.apply(position: min(i, 49), operation: 0, side: 0, price: Double(i), size: 1) }
        XCTAssertEqual(fifty.askCount, 50)
        XCTAssertEqual(fifty.rejections.total, 0)
    }

    func testMessage12MarketMakerFieldIsIgnored() throws {
        let book = try OrderBook(depth: 3)
        var u = DepthUpdate(position: 0, operation: .insert, side: .bid, price: 1, size: 1)
        u.marketMaker = MarketMakerCode("NSDQ")!
        book.apply(u)
        XCTAssertEqual(book.row(.bid, 0)?.marketMaker, MarketMakerCode.none)
        XCTAssertFalse(book.aggregatesMarketMakerRows)
    }
}
