import BookAnalytics
import Foundation

/// `lunar bench book`: depth operations per second, feature latency, record and replay throughput.
struct BookBench {
    func run() throws {
        print("Lunar order-book benchmark on \(machineDescription()) (best of several runs)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lunar-bench-book-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let results = try BookBenchmarks.runAll(directory: dir.path)
        print(BookBenchmarks.markdownTable(results))
        print("Targets: ≥ 10 M depth operations/s (10 levels, one core); 17 features ≤ 300 ns; record and replay ≥ 5 M events/s.")
    }
}
