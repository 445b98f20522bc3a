import Foundation
import XCTest

@testable import NeuralNet

final class ParallelTests: XCTestCase {
    func testLunarThreadsCapsThePool() {
        let old = ProcessInfo.processInfo.environment["LUNAR_THREADS"]
        setenv("LUNAR_THREADS", "1", 1)
        XCTAssertEqual(Parallel.maxThreads, 1)
        setenv("LUNAR_THREADS", "junk", 1)
        XCTAssertEqual(Parallel.maxThreads, ProcessInfo.processInfo.activeProcessorCount)
        if let old { setenv("LUNAR_THREADS", old, 1) } else { unsetenv("LUNAR_THREADS") }
    }

    func testForEachVisitsEveryIndexOnce() {
        for threads in [1, 2, 5] {
            let lock = NSLock()
            var seen = [Int](repeating: 0, count: 37)
            Parallel.forEach(37, threads: threads) { i in
                lock.lock()
                seen[i] += 1
                lock.unlock()
            }
            XCTAssertEqual(seen, [Int](repeating: 1, count: 37))
        }
    }
}

/// ``WorkerPool`` behind ``Parallel/forEach(_:threads:_:)``: every index once, nested and concurrent callers.
final class WorkerPoolTests: XCTestCase {
    func testEveryIndexOnceAcrossRepeatedNestedAndConcurrentCalls() {
        for round in 0..<200 {
            let count = 1 + round % 7
            let hits = UnsafeMutablePointer<Int>.allocate(capacity: 64)
            hits.initialize(repeating: 0, count: 64)
            defer { hits.deallocate() }
            let box = UncheckedBox(hits)
            Parallel.forEach(count, threads: 2) { i in
                box.value[i] += 1
                // a nested call (the pool is busy: falls back to concurrentPerform)
                Parallel.forEach(2, threads: 2) { j in box.value[8 + i * 2 + j] += 1 }
            }
            for i in 0..<count { XCTAssertEqual(hits[i], 1) }
            for k in 8..<(8 + 2 * count) { XCTAssertEqual(hits[k], 1) }
        }
        // two outside threads at once: one gets the pool, the other concurrentPerform; both complete
        let sums = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        sums.initialize(repeating: 0, count: 2)
        defer { sums.deallocate() }
        let sumsBox = UncheckedBox(sums)
        DispatchQueue.concurrentPerform(iterations: 2) { caller in
            for _ in 0..<100 {
                let parts = UnsafeMutablePointer<Int>.allocate(capacity: 4)
                parts.initialize(repeating: 0, count: 4)
                let partsBox = UncheckedBox(parts)
                Parallel.forEach(4, threads: 2) { i in partsBox.value[i] = i + 1 }
                sumsBox.value[caller] += parts[0] + parts[1] + parts[2] + parts[3]
                parts.deallocate()
            }
        }
        XCTAssertEqual(sums[0], 1000)
        XCTAssertEqual(sums[1], 1000)
    }
}
