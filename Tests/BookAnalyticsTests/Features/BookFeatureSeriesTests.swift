import XCTest
@testable import BookAnalytics

/// Oracles: boundaries and book states worked out by hand; a book fed the same events directly.
final class BookFeatureSeriesTests: XCTestCase {
    func depth(_ t: Int64, _ position: Int, _ op: DepthOperationKind, _ side: BookSide, _ price: Double,
               _ size: Double) -> BookEvent {
        BookEvent(timestamp: t, payload: .depth(DepthUpdate(position: position, operation: op, side: side,
                                                            price: price, size: size)))
    }

    func testIntervalSnapshotsSeeTheBookAsOfEachBoundary() throws {
        let book = try OrderBook(depth: 5, features: BookFeatureConfiguration(window: 2))
        var sampler = try BookFeatureSampler(book: book, schedule: .interval(nanoseconds: 100))
        let events = [
            depth(130, 0, .insert, .bid, 10, 100), depth(150, 0, .insert, .ask, 11, 100),
            depth(200, 0, .update, .bid, 10, 300),  // exactly on a boundary: included in the 200 snapshot
            depth(450, 0, .update, .ask, 11, 300),
        ]
        for e in events { try sampler.apply(e) }
        try sampler.advance(to: 500)
        let s = sampler.series
        XCTAssertEqual(s.timestamps, [200, 300, 400, 500])
        assertClose(s.rows[0].imbalance1, 0.5)  // 300 vs 100 at t = 200
        assertClose(s.rows[1].imbalance1, 0.5)  // unchanged at 300
        assertClose(s.rows[2].imbalance1, 0.5)
        assertClose(s.rows[3].imbalance1, 0)  // ask updated at 450
        XCTAssertTrue(s.rows[0].imbalanceMean.isNaN)  // window of 2 not full
        assertClose(s.rows[1].imbalanceMean, 0.5)
        assertClose(s.rows[3].imbalanceMean, 0.25)
        let perBar = try s.asOf(barCloseTimes: [250, 499, 600, 100], unit: .nanoseconds)
        XCTAssertEqual(perBar, [s.rows[0], s.rows[2], s.rows[3], BookFeatures()])
        XCTAssertEqual(try s.columns(barCloseTimes: [250], unit: .nanoseconds)[0], [0.5])
    }

    func testEveryUpdateSnapshotsAfterEachChange() throws {
        let book = try OrderBook(depth: 5)
        var sampler = try BookFeatureSampler(book: book, schedule: .everyUpdate, stream: 0)
        try sampler.apply(depth(1, 0, .insert, .bid, 10, 1))
        try sampler.apply(depth(2, 7, .insert, .bid, 10, 1))  // rejected: no snapshot
        try sampler.apply(BookEvent(timestamp: 3, payload: .tick(.size(tickType: 8, size: 1))))
        try sampler.apply(BookEvent(timestamp: 4, stream: 9, payload: .clear))  // other stream
        try sampler.apply(BookEvent(timestamp: 5, payload: .clear))
        XCTAssertEqual(sampler.series.timestamps, [1, 5])
        XCTAssertEqual(book.featureEngine.snapshotCount, 2)
    }

    func testBadInput() throws {
        XCTAssertThrowsError(try BookFeatureSampler(book: try OrderBook(), schedule: .interval(nanoseconds: 0)))
        var series = BookFeatureSeries()
        try series.append(BookFeatures(), at: 5)
        XCTAssertThrowsError(try series.append(BookFeatures(), at: 4))
        XCTAssertEqual(series.count, 1)
        XCTAssertEqual(BookFeatureSampler.firstBoundary(atOrAfter: -150, 100), -100)
        XCTAssertEqual(BookFeatureSampler.firstBoundary(atOrAfter: 100, 100), 100)
    }
}
