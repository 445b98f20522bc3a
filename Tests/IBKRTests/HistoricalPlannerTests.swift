import XCTest

@testable import IBKR

/// Splitting long historical requests and pacing them.
final class HistoricalPlannerTests: XCTestCase {
    func testChunks() {
        XCTAssertEqual(HistoricalPlanner.chunks(duration: "1 D", barSize: "5 mins"), ["1 D"])
        XCTAssertEqual(HistoricalPlanner.chunks(duration: "12 D", barSize: "5 mins"), ["5 D", "5 D", "2 D"])
        XCTAssertEqual(HistoricalPlanner.chunks(duration: "1 W", barSize: "1 min"), ["1 D", "1 D", "1 D", "1 D", "1 D"])
        XCTAssertEqual(HistoricalPlanner.chunks(duration: "2 M", barSize: "1 hour"), ["21 D", "21 D"])
        XCTAssertEqual(HistoricalPlanner.chunks(duration: "5 Y", barSize: "1 day"), ["5 Y"])
        XCTAssertEqual(HistoricalPlanner.chunks(duration: "3600 S", barSize: "1 secs"), ["1800 S", "1800 S"])
        XCTAssertEqual(HistoricalPlanner.chunks(duration: "1800 S", barSize: "1 secs"), ["1800 S"])
        XCTAssertNil(HistoricalPlanner.chunks(duration: "1 day", barSize: "1 min"))
        XCTAssertNil(HistoricalPlanner.chunks(duration: "0 D", barSize: "1 min"))
    }

    func testPacerRules() {
        let p = HistoricalPacer()
        let t0 = 1000.0
        // Five requests for one contract go at once; the sixth waits for the 2-second window.
        for i in 0..<5 { XCTAssertEqual(p.reserve(key: "k\(i)", contract: "c", smallBars: true, now: t0), 0) }
        XCTAssertEqual(p.reserve(key: "k5", contract: "c", smallBars: true, now: t0), 2.05, accuracy: 1e-9)
        // Another contract is not held back by that window.
        XCTAssertEqual(p.reserve(key: "x", contract: "d", smallBars: true, now: t0), 0)
        // An identical request waits 15 s.
        XCTAssertEqual(p.reserve(key: "x", contract: "d", smallBars: true, now: t0 + 1), 14.05, accuracy: 1e-9)
        // Bars over 30 s are not paced.
        XCTAssertEqual(p.reserve(key: "big", contract: "c", smallBars: false, now: t0), 0)
        // 60 per 10 minutes.
        let q = HistoricalPacer()
        for i in 0..<60 { _ = q.reserve(key: "k\(i)", contract: "c\(i)", smallBars: true, now: t0 + Double(i) * 3) }
        XCTAssertGreaterThan(q.reserve(key: "more", contract: "z", smallBars: true, now: t0 + 200), 390)
    }

    func testSimulatorRejectsPacingViolations() throws {
        let sim = try makeSimulator()
        defer { sim.stop() }
        let client = TWSClient(configuration: clientConfig(port: sim.port))
        try client.connect()
        defer { client.disconnect() }
        let aapl = try client.stock("AAPL")
        // Through the client's pacer: two identical small-bar requests are spaced out (second would wait 15 s), so
        // use different durations; all succeed.
        for d in ["60 S", "120 S", "180 S"] {
            XCTAssertFalse(try client.historicalBars(aapl, duration: d, barSize: "5 secs", useRTH: false).isEmpty)
        }
    }
}
