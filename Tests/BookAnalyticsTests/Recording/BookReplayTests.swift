import XCTest
@testable import BookAnalytics

/// Oracles: the recorded events (order, count), wall-clock bounds for pacing, and a book fed directly.
final class BookReplayTests: XCTestCase {
    var directory: TemporaryDirectory!

    override func setUpWithError() throws { directory = try TemporaryDirectory() }
    override func tearDown() { directory.remove() }

    func record(_ events: [BookEvent]) throws -> String {
        let path = directory.path("r.lbook")
        let writer = try RecordingWriter(path: path, mode: .truncate)
        for e in events { try writer.append(e) }
        try writer.close()
        return path
    }

    func testFullSpeedReplayDeliversEveryEventInOrder() throws {
        let events = (0..<1000).map {
            BookEvent(timestamp: Int64($0) * 1_000_000_000, payload: .tick(.size(tickType: 8, size: Double($0))))
        }
        let path = try record(events)
        var seen: [BookEvent] = []
        let summary = try BookReplay.run(path: path) { seen.append($0) }
        XCTAssertEqual(seen, events)
        XCTAssertEqual(summary.events, 1000)
        XCTAssertEqual(summary.firstTimestamp, 0)
        XCTAssertEqual(summary.lastTimestamp, 999_000_000_000)
        XCTAssertLessThan(summary.elapsedNanoseconds, 5_000_000_000, "full speed ignores the 999 s span")
    }

    func testRealTimeReplayIsPacedByTimestamps() throws {
        // 5 events 50 ms apart: 200 ms as recorded, 100 ms at scale 2.
        let events = (0..<5).map { BookEvent(timestamp: Int64($0) * 50_000_000, payload: .clear) }
        let path = try record(events)
        var arrivals: [Int64] = []
        let start = MonotonicClock.now()
        let summary = try BookReplay.run(path: path, speed: .realTime(scale: 2)) { _ in
            arrivals.append(MonotonicClock.now() - start)
        }
        XCTAssertEqual(summary.events, 5)
        for (i, t) in arrivals.enumerated() {
            XCTAssertGreaterThanOrEqual(t, Int64(i) * 25_000_000, "event \(i) early")
        }
        XCTAssertLessThan(arrivals.last!, 1_000_000_000)
        XCTAssertThrowsError(try BookReplay.run(path: path, speed: .realTime(scale: 0)) { _ in })
    }

    func testTheHandlerCanStopTheReplay() throws {
        let path = try record((0..<10).map { BookEvent(timestamp: Int64($0), payload: .clear) })
        var n = 0
        let summary = try BookReplay.run(path: path) { _ in
            n += 1
            if n == 3 { throw ReplayStopped() }
        }
        XCTAssertTrue(summary.stoppedEarly)
        XCTAssertEqual(summary.events, 2)
        struct Boom: Error {}
        XCTAssertThrowsError(try BookReplay.run(path: path) { _ in throw Boom() }) { XCTAssertTrue($0 is Boom) }
    }

    func testReplayIntoABookMatchesApplyingDirectly() throws {
        var generator = try SyntheticDepthGenerator(seed: 42)
        let events = (0..<5000).map { _ in generator.nextEvent() }
        let path = try record(events)
        let direct = try OrderBook(depth: 10)
        for e in events { direct.apply(e) }
        let replayed = try OrderBook(depth: 10)
        var steps = 0
        try BookReplay.run(path: path, into: replayed) { _, _ in steps += 1 }
        XCTAssertEqual(steps, 5000)
        XCTAssertEqual(replayed.levels(.bid), direct.levels(.bid))
        XCTAssertEqual(replayed.levels(.ask), direct.levels(.ask))
        // Only stream 99 (none): the book stays empty.
        let other = try OrderBook(depth: 10)
        try BookReplay.run(path: path, into: other, stream: 99)
        XCTAssertEqual(other.state, .empty)
    }
}
