import XCTest
@testable import BookAnalytics

/// Oracle: the TWS codes of tws-protocol.md §8 and the documented conversions of the small value types.
final class BookValueTypesTests: XCTestCase {
    func testTWSCodesAndNames() {
        XCTAssertEqual(BookSide.ask.rawValue, 0)
        XCTAssertEqual(BookSide.bid.rawValue, 1)
        XCTAssertEqual(DepthOperationKind.insert.rawValue, 0)
        XCTAssertEqual(DepthOperationKind.update.rawValue, 1)
        XCTAssertEqual(DepthOperationKind.delete.rawValue, 2)
        XCTAssertEqual(BookSide(name: "BID"), .bid)
        XCTAssertEqual(BookSide(name: "ask"), .ask)
        XCTAssertNil(BookSide(name: "both"))
        XCTAssertEqual(DepthOperationKind(name: "Delete"), .delete)
        XCTAssertNil(DepthOperationKind(name: "replace"))
        XCTAssertEqual(BookSide.bid.opposite, .ask)
        XCTAssertEqual("\(BookSide.ask) \(DepthOperationKind.update)", "ask update")
    }

    func testMarketMakerCodes() {
        let code = MarketMakerCode("NSDQ")!
        XCTAssertEqual(code.description, "NSDQ")
        XCTAssertEqual(code.utf8Count, 4)
        XCTAssertEqual(MarketMakerCode("ABCDEFGHIJKLMNOP")?.description, "ABCDEFGHIJKLMNOP")
        XCTAssertEqual(MarketMakerCode("ABCDEFGHIJKLMNOP")?.utf8Count, 16)
        XCTAssertNil(MarketMakerCode("ABCDEFGHIJKLMNOPQ"))
        XCTAssertNil(MarketMakerCode("A\u{0}B"))
        XCTAssertEqual(MarketMakerCode(""), MarketMakerCode.none)
        XCTAssertTrue(MarketMakerCode.none.isNone)
        XCTAssertEqual(MarketMakerCode(utf8: Array("ISLAND".utf8)), MarketMakerCode("ISLAND"))
        XCTAssertEqual(MarketMakerCode("Zürich")?.description, "Zürich")
        XCTAssertEqual(MarketMakerCode(truncating: "ABCDEFGHIJKLMNOPQRS").description, "ABCDEFGHIJKLMNOP")
        XCTAssertNotEqual(MarketMakerCode("ARCA"), MarketMakerCode("ARCX"))
    }

    func testDepthUpdateKeepsRawCodesAndSaturates() {
        let u = DepthUpdate(position: Int.max, operation: -7, side: 5, price: 1, size: 2)
        XCTAssertEqual(u.position, Int32.max)
        XCTAssertNil(u.kind)
        XCTAssertNil(u.bookSide)
        XCTAssertEqual(u.description, "op-7 side5[2147483647] 2.0@1.0")
        let l2 = DepthUpdate(position: 1, marketMaker: MarketMakerCode("ARCA")!, operation: 0, side: 1, price: 3,
                             size: 4, isSmartDepth: true)
        XCTAssertEqual(l2.kind, .insert)
        XCTAssertEqual(l2.bookSide, .bid)
        XCTAssertEqual(l2.description, "insert bid[1] 4.0@3.0 mm=ARCA smart")
    }

    func testRejectionCounts() {
        var counts = BookRejectionCounts()
        XCTAssertEqual(counts.description, "none")
        counts[.invalidSize] += 2
        counts[.missingRow] += 1
        XCTAssertEqual(counts.total, 3)
        XCTAssertEqual(counts.description, "missingRow=1 invalidSize=2")
        XCTAssertEqual(counts.all.count, BookRejection.allCases.count)
        XCTAssertNotEqual(counts, BookRejectionCounts())
        for kind in BookRejection.allCases { XCTAssertFalse(kind.explanation.isEmpty) }
    }

    func testLevelAndRowDescriptions() {
        XCTAssertEqual(BookLevel(price: 1.5, size: 2).description, "2.0@1.5")
        XCTAssertEqual(BookRow(price: 1.5, size: 2, marketMaker: MarketMakerCode("X")!).description, "2.0@1.5 [X]")
    }
}
