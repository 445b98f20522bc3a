import XCTest
@testable import BookAnalytics

/// Oracle: the benchmark entry points run on tiny inputs and report consistent numbers (timing targets are
/// checked on release builds by `lunar bench book`, not here).
final class BookBenchmarksTests: XCTestCase {
    func testEntryPointsRunAndReport() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let results = [
            try BookBenchmarks.applyThroughput(depth: 10, operations: 5000, runs: 1),
            try BookBenchmarks.applyThroughput(depth: 5, operations: 5000, runs: 1, l2: true),
            try BookBenchmarks.featureLatency(depth: 10, snapshots: 500, runs: 1),
            try BookBenchmarks.recordThroughput(events: 5000, runs: 1, directory: directory.url.path),
            try BookBenchmarks.replayThroughput(events: 5000, runs: 1, directory: directory.url.path),
            try BookBenchmarks.replayThroughput(events: 5000, runs: 1, intoBook: true, directory: directory.url.path),
        ]
        for r in results {
            XCTAssertGreaterThan(r.bestNanoseconds, 0, r.name)
            XCTAssertEqual(r.operationsPerSecond * r.nanosecondsPerOperation, 1e9, accuracy: 1e3, r.name)
            XCTAssertFalse(r.checksum.isNaN, r.name)
        }
        let table = BookBenchmarks.markdownTable(results)
        XCTAssertEqual(table.split(separator: "\n").count, 2 + results.count)
        XCTAssertTrue(results[0].description.contains("ns/op"))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.url.path), [],
                       "benchmark files are removed")
    }

    func testSyntheticOperationsApplyWithoutRejections() throws {
        let ops = try BookBenchmarks.syntheticOperations(count: 20_000, depth: 10)
        let book = try OrderBook(depth: 10)
        for op in ops { book.apply(op) }
        XCTAssertEqual(book.rejections.total, 0)
    }
}
