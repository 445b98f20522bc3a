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
