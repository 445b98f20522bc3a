import Foundation

/// One benchmark measurement, the best of several runs.
public struct BookBenchmarkResult: Sendable, Hashable, CustomStringConvertible {
    /// What was measured, e.g. `"apply depth ops (10 levels)"`.
    public var name: String
    /// Operations per run.
    public var operations: Int
    /// Wall time of the best run, ns.
    public var bestNanoseconds: Int64
    /// The target, e.g. `≥ 10 M/s` (empty when there is none).
    public var target: String
    /// Whether the best run met the target (true when there is none).
    public var meetsTarget: Bool
    /// A value derived from the work done, so that it cannot be optimized away; also a cross-check.
    public var checksum: Double

    /// Nanoseconds per operation in the best run.
    public var nanosecondsPerOperation: Double { Double(bestNanoseconds) / Double(max(operations, 1)) }

    /// Operations per second in the best run.
    public var operationsPerSecond: Double { Double(operations) / (Double(max(bestNanoseconds, 1)) / 1e9) }

    /// One line: name, ns/op, M ops/s, target and ✔/✘.
    public var description: String {
        let mark = target.isEmpty ? "" : (meetsTarget ? " ✔" : " ✘")
        return "\(name): \(OrderBook.fixed(nanosecondsPerOperation, 1)) ns/op, "
            + "\(OrderBook.fixed(operationsPerSecond / 1e6, 2)) M/s \(target)\(mark)"
    }
}

/// The `lunar bench book` suite: book maintenance, features, recording and replay, on release builds.
///
/// Inputs come from `SyntheticDepthGenerator` (seeded), are generated before timing, and each measurement is
/// the best of `runs`. Targets (issue 6): ≥ 10 M depth operations/s on a 10-level book, ≤ 300 ns for all 17
/// features of a snapshot, ≥ 5 M events/s recorded and replayed.
public enum BookBenchmarks {
    /// Depth operations from the synthetic generator (no trade ticks), for a book of `depth` rows.
    public static func syntheticOperations(count: Int, depth: Int = 10, seed: UInt64 = 1,
                                           style: SyntheticDepthConfiguration.Style = .shifting) throws
        -> [DepthUpdate]
    {
        var configuration = SyntheticDepthConfiguration()
        configuration.depth = depth
        configuration.emitTrades = false
        configuration.style = style
        var generator = try SyntheticDepthGenerator(seed: seed, configuration: configuration)
        var operations: [DepthUpdate] = []
        operations.reserveCapacity(count)
        while operations.count < count {
            if case .depth(let u) = generator.nextEvent().payload { operations.append(u) }
        }
        return operations
    }

    static func best(runs: Int, _ body: () throws -> Double) rethrows -> (Int64, Double) {
        var best = Int64.max
        var checksum = 0.0
        for _ in 0..<max(1, runs) {
            let start = MonotonicClock.now()
            checksum = try body()
            best = min(best, MonotonicClock.now() - start)
        }
        return (best, checksum)
    }

    /// Applies `operations` synthetic depth operations to a book of `depth` levels, starting from an empty book
    /// each run. With `l2`, the operations come as SMART-depth rows from four venues and the best bid is read
    /// after every operation, so the lazy aggregation into price levels is timed too.
    public static func applyThroughput(depth: Int = 10, operations: Int = 2_000_000, runs: Int = 5,
                                       l2: Bool = false) throws -> BookBenchmarkResult {
        var ops = try syntheticOperations(count: operations, depth: depth)
        if l2 {
            let makers = ["NSDQ", "ARCA", "BATS", "EDGX"].compactMap { MarketMakerCode($0) }
            for i in ops.indices {
                ops[i].isL2 = true
                ops[i].marketMaker = makers[i & 3]
                ops[i].isSmartDepth = true
            }
        }
        let book = try OrderBook(depth: depth)
        let (time, checksum) = ops.withUnsafeBufferPointer { buffer in
            best(runs: runs) { () -> Double in
                book.clear()
                var rejected = 0
                var top = 0.0
                if l2 {
                    for op in buffer {
                        if book.apply(op) != nil { rejected += 1 }
                        top += book.bestBid?.size ?? 0
                    }
                } else {
                    for op in buffer where book.apply(op) != nil { rejected += 1 }
                }
                return Double(rejected) + top + (book.bestBid?.price ?? 0) + (book.bestAsk?.size ?? 0)
            }
        }
        let result = BookBenchmarkResult(
            name: l2 ? "apply L2 rows + read best bid (\(depth) levels)" : "apply depth ops (\(depth) levels)",
            operations: operations,
            bestNanoseconds: time, target: l2 ? "" : "≥ 10 M/s", meetsTarget: true, checksum: checksum)
        return with(result) { $0.meetsTarget = l2 || $0.operationsPerSecond >= 10e6 }
    }

    /// Computes all 17 features `snapshots` times, cycling through 64 different synthetic books of `depth`
    /// levels (each call is one snapshot of the rolling state).
    public static func featureLatency(depth: Int = 10, snapshots: Int = 1_000_000, runs: Int = 5) throws
        -> BookBenchmarkResult
    {
        var configuration = SyntheticDepthConfiguration()
        configuration.depth = depth
        var generator = try SyntheticDepthGenerator(seed: 3, configuration: configuration)
        var books: [OrderBook] = []
        let live = try OrderBook(depth: depth)
        for _ in 0..<64 {
            for _ in 0..<500 { live.apply(generator.nextEvent()) }
            let copy = try OrderBook(depth: depth)
            try copy.replace(bids: live.levels(.bid), asks: live.levels(.ask))
            books.append(copy)
        }
        var engine = BookFeatureEngine()
        let (time, checksum) = best(runs: runs) { () -> Double in
            var sum = 0.0
            for i in 0..<snapshots {
                let f = engine.compute(books[i & 63])
                sum += f.imbalance5 + f.spreadBps
            }
            return sum
        }
        let result = BookBenchmarkResult(name: "17 features per snapshot (\(depth) levels)", operations: snapshots,
                                         bestNanoseconds: time, target: "≤ 300 ns", meetsTarget: true,
                                         checksum: checksum)
        return with(result) { $0.meetsTarget = $0.nanosecondsPerOperation <= 300 }
    }

    /// Synthetic events (depth operations and trade ticks) for the record/replay benchmarks.
    public static func syntheticEvents(count: Int, seed: UInt64 = 1) throws -> [BookEvent] {
        var generator = try SyntheticDepthGenerator(seed: seed)
        return (0..<count).map { _ in generator.nextEvent() }
    }

    /// Records `events` synthetic events to a file in `directory` (default: the temporary directory), including
    /// the final flush and close; the file is removed afterwards.
    public static func recordThroughput(events: Int = 5_000_000, runs: Int = 3, directory: String? = nil) throws
        -> BookBenchmarkResult
    {
        let input = try syntheticEvents(count: events)
        let path = temporaryPath(directory, "record")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (time, checksum) = try best(runs: runs) { () -> Double in
            let writer = try RecordingWriter(path: path, mode: .truncate)
            for e in input { try writer.append(e) }
            try writer.close()
            return Double(writer.byteCount)
        }
        let result = BookBenchmarkResult(name: "record events", operations: events, bestNanoseconds: time,
                                         target: "≥ 5 M/s", meetsTarget: true, checksum: checksum)
        return with(result) { $0.meetsTarget = $0.operationsPerSecond >= 5e6 }
    }

    /// Replays a recording of `events` synthetic events at full speed through a callback (and, with
    /// `intoBook`, into a 10-level book); the file is written first and removed afterwards.
    public static func replayThroughput(events: Int = 5_000_000, runs: Int = 3, intoBook: Bool = false,
                                        directory: String? = nil) throws -> BookBenchmarkResult {
        let path = temporaryPath(directory, "replay")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try RecordingWriter(path: path, mode: .truncate)
        var generator = try SyntheticDepthGenerator(seed: 1)
        for _ in 0..<events { try writer.append(generator.nextEvent()) }
        try writer.close()
        let book = try OrderBook(depth: 10)
        let (time, checksum) = try best(runs: runs) { () -> Double in
            var sum = 0.0
            book.clear()
            let summary = try BookReplay.run(path: path) { event in
                if intoBook {
                    book.apply(event)
                } else {
                    sum += Double(event.timestamp & 0xFF)
                }
            }
            precondition(summary.events == events && summary.issues.isEmpty, "replay benchmark read \(summary)")
            return sum + (book.bestBid?.price ?? 0)
        }
        let result = BookBenchmarkResult(name: intoBook ? "replay events into a book" : "replay events",
                                         operations: events, bestNanoseconds: time, target: "≥ 5 M/s",
                                         meetsTarget: true, checksum: checksum)
        return with(result) { $0.meetsTarget = $0.operationsPerSecond >= 5e6 }
    }

    /// Runs the whole suite with default sizes (about 10–20 s on a release build).
    public static func runAll(directory: String? = nil) throws -> [BookBenchmarkResult] {
        [
            try applyThroughput(depth: 10),
            try applyThroughput(depth: 50),
            try applyThroughput(depth: 10, l2: true),
            try featureLatency(depth: 10),
            try recordThroughput(directory: directory),
            try replayThroughput(directory: directory),
            try replayThroughput(intoBook: true, directory: directory),
        ]
    }

    /// A Markdown table of results, for BENCHMARKS.md.
    public static func markdownTable(_ results: [BookBenchmarkResult]) -> String {
        var lines = ["| what | operations | ns per op | M per s | target |", "|---|---:|---:|---:|---|"]
        for r in results {
            let mark = r.target.isEmpty ? "" : (r.meetsTarget ? " ✔" : " ✘")
            lines.append("| \(r.name) | \(r.operations) | \(OrderBook.fixed(r.nanosecondsPerOperation, 1)) | "
                + "\(OrderBook.fixed(r.operationsPerSecond / 1e6, 2)) | \(r.target)\(mark) |")
        }
        return lines.joined(separator: "\n")
    }

    static func temporaryPath(_ directory: String?, _ name: String) -> String {
        let base = directory ?? FileManager.default.temporaryDirectory.path
        return base + "/lunar-bench-\(name)-\(MonotonicClock.now()).lbook"
    }

    static func with<T>(_ value: T, _ change: (inout T) -> Void) -> T {
        var copy = value
        change(&copy)
        return copy
    }
}
