import XCTest

@testable import IBKR

/// The `lunar bench tws` entry points run (small sizes; the figures come from release builds).
final class TWSBenchmarkTests: XCTestCase {
    func testDecodeBenchmarkDecodesEveryMessage() {
        let r = TWSBenchmark.decodeTicks(messages: 20_000, runs: 1)
        XCTAssertEqual(r.messages, 20_000)
        XCTAssertGreaterThan(r.messagesPerSecond, 0)
    }

    func testRoundTripBenchmarkFillsOrders() throws {
        let r = try TWSBenchmark.orderRoundTrip(samples: 10, spacing: 0.01)
        XCTAssertEqual(r.samples.count, 10)
        XCTAssertLessThan(r.median, 0.5)  // generous: debug build on a loaded machine
    }
}
