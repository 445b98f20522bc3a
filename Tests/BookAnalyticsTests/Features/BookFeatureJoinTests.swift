import XCTest
@testable import BookAnalytics

/// Oracle: as-of indices worked out by hand; a lookahead check that perturbs later snapshots.
final class BookFeatureJoinTests: XCTestCase {
    func features(_ x: Double) -> BookFeatures { BookFeatures(values: [Double](repeating: x, count: 17)) }

    func testEachBarGetsTheLastSnapshotAtOrBeforeItsClose() throws {
        let s: Int64 = 1_000_000_000
        let snapshotTimes = [10 * s, 20 * s, 20 * s, 35 * s + 1]
        let idx = try BookFeatureJoin.indices(barCloseTimes: [5, 10, 19, 20, 35, 36], unit: .seconds,
                                              snapshotTimes: snapshotTimes)
        XCTAssertEqual(idx, [-1, 0, 0, 2, 2, 3])
        let ns = try BookFeatureJoin.indices(barCloseTimes: [35 * s, 35 * s + 1], unit: .nanoseconds,
                                             snapshotTimes: snapshotTimes)
        XCTAssertEqual(ns, [2, 3])
        let ms = try BookFeatureJoin.indices(barCloseTimes: [20_000], unit: .milliseconds, snapshotTimes: snapshotTimes)
        XCTAssertEqual(ms, [2])
        let stale = try BookFeatureJoin.indices(barCloseTimes: [30, 21], unit: .seconds, snapshotTimes: snapshotTimes,
                                                maxAge: 5 * s)
        XCTAssertEqual(stale, [-1, 2])
    }

    func testAsOfFillsNaNBeforeTheFirstSnapshotAndNeverLooksAhead() throws {
        let times: [Int64] = [100, 200, 300]
        let rows = [features(1), features(2), features(3)]
        let joined = try BookFeatureJoin.asOf(barCloseTimes: [50, 150, 250, 400], unit: .nanoseconds,
                                              snapshotTimes: times, snapshots: rows)
        XCTAssertEqual(joined, [BookFeatures(), rows[0], rows[1], rows[2]])
        // Changing a snapshot after a bar's close never changes that bar's row.
        var changed = rows
        changed[2] = features(99)
        let again = try BookFeatureJoin.asOf(barCloseTimes: [50, 150, 250, 400], unit: .nanoseconds,
                                             snapshotTimes: times, snapshots: changed)
        XCTAssertEqual(Array(again.prefix(3)), Array(joined.prefix(3)))
        let columns = try BookFeatureJoin.columns(barCloseTimes: [150, 250], unit: .nanoseconds, snapshotTimes: times,
                                                  snapshots: rows)
        XCTAssertEqual(columns.count, 17)
        XCTAssertEqual(columns[16], [1, 2])
    }

    func testBadInputThrows() {
        XCTAssertThrowsError(try BookFeatureJoin.indices(barCloseTimes: [1], unit: .seconds, snapshotTimes: [2, 1])) {
            XCTAssertEqual($0 as? BookFeatureError, .unsortedSnapshots(index: 1))
        }
        XCTAssertThrowsError(try BookFeatureJoin.asOf(barCloseTimes: [1], unit: .seconds, snapshotTimes: [1],
                                                      snapshots: []))
    }

    func testHugeSecondsDoNotOverflow() throws {
        XCTAssertEqual(try BookFeatureJoin.indices(barCloseTimes: [Int64.max / 2], unit: .seconds,
                                                   snapshotTimes: [0]), [0])
    }
}
