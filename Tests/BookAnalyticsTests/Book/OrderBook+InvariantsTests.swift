import XCTest
@testable import BookAnalytics

/// Oracle: states built by hand that break one invariant each.
final class OrderBookInvariantsTests: XCTestCase {
    func testAHealthyBookPasses() throws {
        let book = try OrderBook(depth: 4)
        book.applyL2(position: 0, marketMaker: "A", operation: 0, side: 1, price: 10, size: 1, isSmartDepth: true)
        book.applyL2(position: 1, marketMaker: "B", operation: 0, side: 1, price: 10, size: 2, isSmartDepth: true)
        XCTAssertNoThrow(try book.verifyInvariants())
    }

    func testBrokenStatesAreReported() throws {
        let book = try OrderBook(depth: 4)
        book.bidRowCount = 5
        XCTAssertThrowsError(try book.verifyInvariants()) { XCTAssertTrue("\($0)".contains("row count 5")) }
        book.bidRowCount = 1
        book.bidSizes[0] = -1
        XCTAssertThrowsError(try book.verifyInvariants()) { XCTAssertTrue("\($0)".contains("size -1")) }
        book.bidSizes[0] = 1
        book.bidPrices[0] = .nan
        XCTAssertThrowsError(try book.verifyInvariants()) { XCTAssertTrue("\($0)".contains("price nan")) }
        book.bidPrices[0] = 1
        book.bidMakers[0] = MarketMakerCode("X")!
        XCTAssertThrowsError(try book.verifyInvariants()) { XCTAssertTrue("\($0)".contains("market maker")) }
        book.bidMakers[0] = .none
        XCTAssertNoThrow(try book.verifyInvariants())
        // A stale aggregation (a change that forgot to mark its side dirty) is caught too.
        book.applyL2(position: 0, marketMaker: "A", operation: 1, side: 1, price: 10, size: 1, isSmartDepth: true)
        _ = book.bidCount
        book.bidSizes[0] = 3
        XCTAssertThrowsError(try book.verifyInvariants()) { XCTAssertTrue("\($0)".contains("aggregated")) }
    }
}
