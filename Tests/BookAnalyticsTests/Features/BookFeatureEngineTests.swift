import XCTest
@testable import BookAnalytics

/// Oracle: feature values computed by hand (fractions written out in the comments) on small books.
final class BookFeatureEngineTests: XCTestCase {
    /// bids 100.00×300, 99.99×200, 99.98×500; asks 100.02×100, 100.03×400; mid 100.01.
    func smallBook() throws -> OrderBook {
        let book = try OrderBook(depth: 10)
        try book.replace(
            bids: [BookLevel(price: 100.00, size: 300), BookLevel(price: 99.99, size: 200),
                   BookLevel(price: 99.98, size: 500)],
            asks: [BookLevel(price: 100.02, size: 100), BookLevel(price: 100.03, size: 400)])
        return book
    }

    func testSnapshotFeaturesByHand() throws {
        let f = try smallBook().computeFeatures()
        assertClose(f.imbalance1, 0.5)  // (300 - 100) / 400
        assertClose(f.imbalance5, 1.0 / 3)  // (1000 - 500) / 1500
        assertClose(f.spreadBps, 200 / 100.01)  // 0.02 / 100.01 · 1e4
        assertClose(f.bidVolume5, 1000)
        assertClose(f.askVolume5, 500)
        assertClose(f.micropriceOffsetBps, 50 / 100.01)  // microprice 40006/400 = 100.015
        assertClose(f.vwapMidOffsetBps, -20 / 100.01)  // (99.988 + 100.028)/2 = 100.008
        assertClose(f.bidPressure, 17.0 / 26)  // B = 1700/3, A = 300
        assertClose(f.askPressure, 9.0 / 26)
        XCTAssertTrue(f.buyImpactBps.isNaN)  // asks hold 500 < 1000
        assertClose(f.sellImpactBps, 220 / 100.01)  // avg 99.988 exactly 1000 shares
        assertClose(f.bidDepthSlope, 350.035)  // x = (1,2,3)·100/100.01, y = 300, 500, 1000
        assertClose(f.askDepthSlope, 400.04)  // x = (1,2)·100/100.01, y = 100, 500
        for i in 13..<17 { XCTAssertTrue(f[i].isNaN, BookFeatures.names[i]) }  // window not full
    }

    func testImpactWithASmallerQuantity() throws {
        let book = try OrderBook(depth: 10, features: BookFeatureConfiguration(impactQuantity: 400))
        try book.replace(bids: try smallBook().levels(.bid), asks: try smallBook().levels(.ask))
        let f = book.computeFeatures()
        assertClose(f.buyImpactBps, 175 / 100.01)  // 100@100.02 + 300@100.03 → 100.0275
        assertClose(f.sellImpactBps, 125 / 100.01)  // 300@100 + 100@99.99 → 99.9975
    }

    func testFiveLevelSumsUseOnlyTheTopFive() throws {
        let book = try OrderBook(depth: 10)
        let bids = (0..<8).map { BookLevel(price: 100 - Double($0), size: Double($0 + 1)) }
        let asks = (0..<8).map { BookLevel(price: 101 + Double($0), size: 1) }
        try book.replace(bids: bids, asks: asks)
        let f = book.computeFeatures()
        assertClose(f.bidVolume5, 15)  // 1+2+3+4+5
        assertClose(f.askVolume5, 5)
        assertClose(f.imbalance5, 0.5)  // (15 - 5) / 20
        assertClose(f.bidPressure, 5.0 / (5 + 137.0 / 60))  // B = 5·1, A = H(5) = 137/60
        XCTAssertTrue(f.buyImpactBps.isNaN)  // asks hold 8 < 1000
    }

    func testMissingInputsGiveNaN() throws {
        let book = try OrderBook(depth: 5)
        var f = book.computeFeatures()
        for i in 0..<17 { XCTAssertTrue(f[i].isNaN, BookFeatures.names[i]) }
        book.apply(position: 0, operation: 0, side: 1, price: 100, size: 10)
        book.apply(position: 1, operation: 0, side: 1, price: 99, size: 10)
        f = book.computeFeatures()
        assertClose(f.bidVolume5, 20)
        for i in 0..<17 where i != 3 { XCTAssertTrue(f[i].isNaN, BookFeatures.names[i]) }
        // Zero sizes at the top: imbalance_1 and microprice have a zero denominator.
        book.apply(position: 0, operation: 0, side: 0, price: 101, size: 0)
        book.apply(position: 0, operation: 1, side: 1, price: 100, size: 0)
        f = book.computeFeatures()
        XCTAssertTrue(f.imbalance1.isNaN)
        XCTAssertTrue(f.micropriceOffsetBps.isNaN)
        XCTAssertTrue(f.vwapMidOffsetBps.isNaN)  // ask sizes sum to zero
        assertClose(f.imbalance5, 1)  // (10 - 0) / 10
        assertClose(f.spreadBps, 1 / 100.5 * 10_000)
        XCTAssertTrue(f.askDepthSlope.isNaN)  // one ask level
        // Zero mid: the bps features are NaN, ratios are not.
        try book.replace(bids: [BookLevel(price: -1, size: 1)], asks: [BookLevel(price: 1, size: 3)])
        f = book.computeFeatures()
        XCTAssertTrue(f.spreadBps.isNaN)
        assertClose(f.imbalance1, -0.5)
    }

    func testEqualDistancesMakeTheSlopeNaN() throws {
        let book = try OrderBook(depth: 5)
        try book.replace(bids: [BookLevel(price: 100, size: 1)], asks: [BookLevel(price: 101, size: 1)])
        // Two bid rows at the same price (message 12 keeps rows as sent): x identical → NaN slope.
        book.apply(position: 1, operation: 0, side: 1, price: 100, size: 1)
        XCTAssertTrue(book.computeFeatures().bidDepthSlope.isNaN)
    }

    func testRollingFeaturesByHandWithAWindowOfThree() throws {
        let book = try OrderBook(depth: 5, features: BookFeatureConfiguration(window: 3))
        func snapshot(_ bid: (Double, Double), _ ask: (Double, Double)) throws -> BookFeatures {
            try book.replace(bids: [BookLevel(price: bid.0, size: bid.1)], asks: [BookLevel(price: ask.0, size: ask.1)])
            return book.computeFeatures()
        }
        let s1 = try snapshot((100, 100), (101, 100))  // imb 0, spread a, mid 100.5
        let s2 = try snapshot((100, 300), (101, 100))  // imb .5, spread a, mid 100.5
        for i in 13..<17 {
            XCTAssertTrue(s1[i].isNaN)
            XCTAssertTrue(s2[i].isNaN)
        }
        let s3 = try snapshot((100, 300), (102, 100))  // imb .5, spread b, mid 101
        let a = 10_000 / 100.5, b = 20_000 / 101.0
        assertClose(s3.imbalanceMomentum, 1.0 / 6)  // 0.5 - (0 + .5 + .5)/3
        assertClose(s3.imbalanceMean, 1.0 / 3)
        assertClose(s3.spreadVolatility, abs(b - a) / 3.0.squareRoot())  // sd of (a, a, b), ddof 1
        assertClose(s3.midReturnBps, 0.5 / 100.5 * 10_000)
        let s4 = try snapshot((101, 100), (102, 100))  // imb 0, mid 101.5; window s2, s3, s4
        assertClose(s4.imbalanceMomentum, -1.0 / 3)
        assertClose(s4.imbalanceMean, 1.0 / 3)
        assertClose(s4.midReturnBps, 1 / 100.5 * 10_000)
        let c = 10_000 / 101.5
        let mean = (a + b + c) / 3
        assertClose(s4.spreadVolatility, (((a - mean) * (a - mean) + (b - mean) * (b - mean)
                                            + (c - mean) * (c - mean)) / 2).squareRoot())
        XCTAssertEqual(book.featureEngine.snapshotCount, 4)
        XCTAssertTrue(book.featureEngine.isWarmedUp)
    }

    func testANaNInTheWindowMakesRollingFeaturesNaNUntilItLeaves() throws {
        let book = try OrderBook(depth: 5, features: BookFeatureConfiguration(window: 2))
        try book.replace(bids: [BookLevel(price: 100, size: 1)], asks: [])
        _ = book.computeFeatures()  // one-sided: NaN inputs
        try book.replace(bids: [BookLevel(price: 100, size: 1)], asks: [BookLevel(price: 101, size: 1)])
        XCTAssertTrue(book.computeFeatures().imbalanceMean.isNaN)
        let f = book.computeFeatures()
        assertClose(f.imbalanceMean, 0)
        assertClose(f.spreadVolatility, 0)
        assertClose(f.midReturnBps, 0)
    }

    func testResetForgetsTheWindow() throws {
        let book = try OrderBook(depth: 5, features: BookFeatureConfiguration(window: 2))
        try book.replace(bids: [BookLevel(price: 100, size: 1)], asks: [BookLevel(price: 101, size: 1)])
        _ = book.computeFeatures()
        XCTAssertFalse(book.computeFeatures().imbalanceMean.isNaN)
        book.featureEngine.reset()
        XCTAssertTrue(book.computeFeatures().imbalanceMean.isNaN)
    }

    func testArrayEntryPointMatchesTheBook() throws {
        let book = try smallBook()
        var engine = BookFeatureEngine()
        XCTAssertEqual(engine.compute(bids: book.levels(.bid), asks: book.levels(.ask)), book.computeFeatures())
        XCTAssertEqual(engine.compute(bids: [], asks: []), BookFeatures())
    }

    func testInvalidConfigurationsThrowActionableErrors() {
        XCTAssertThrowsError(try BookFeatureEngine(configuration: BookFeatureConfiguration(window: 1))) {
            XCTAssertTrue("\($0)".contains("window"), "\($0)")
        }
        XCTAssertThrowsError(try BookFeatureEngine(configuration: BookFeatureConfiguration(impactQuantity: 0)))
        XCTAssertThrowsError(try BookFeatureEngine(configuration: BookFeatureConfiguration(levels: 0)))
        XCTAssertThrowsError(try OrderBook(depth: 5, features: BookFeatureConfiguration(window: 0)))
    }
}
