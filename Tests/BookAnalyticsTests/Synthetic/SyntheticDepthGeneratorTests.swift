import XCTest
@testable import BookAnalytics

/// Oracles: the generator's own published book (an `OrderBook` fed its operations must equal it, with no
/// rejections); a second generator with the same seed; TWS §8 rules for end-only style; statistical ranges for
/// realism.
final class SyntheticDepthGeneratorTests: XCTestCase {
    func events(seed: UInt64, count: Int, configuration: SyntheticDepthConfiguration = .init()) throws
        -> [BookEvent]
    {
        var g = try SyntheticDepthGenerator(seed: seed, configuration: configuration)
        return (0..<count).map { _ in g.nextEvent() }
    }

    func testSameSeedSameEventsDifferentSeedDifferentEvents() throws {
        let a = try events(seed: 42, count: 50_000)
        XCTAssertEqual(a, try events(seed: 42, count: 50_000))
        XCTAssertNotEqual(a, try events(seed: 43, count: 50_000))
    }

    func testGoldenChecksumIsStable() throws {
        // Built from IEEE arithmetic only (SplitMix64 + DeterministicMath), so this holds on every platform.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ v: UInt64) { hash = (hash ^ v) &* 0x0000_0100_0000_01B3 }
        for e in try events(seed: 2024, count: 20_000) {
            mix(UInt64(bitPattern: e.timestamp))
            switch e.payload {
            case .depth(let u):
                mix(UInt64(UInt32(bitPattern: u.position)) << 8 | UInt64(u.operation) << 4 | UInt64(u.side))
                mix(u.price.bitPattern)
                mix(u.size.bitPattern)
            case .tick(let t):
                mix(t.price.bitPattern)
                mix(t.size.bitPattern)
            default: XCTFail("unexpected \(e)")
            }
        }
        XCTAssertEqual(hash, SyntheticDepthGeneratorTests.golden, String(hash, radix: 16))
    }

    static let golden: UInt64 = 0xA369_9FEC_8651_FA12

    func checkConsistency(style: SyntheticDepthConfiguration.Style, depth: Int, seed: UInt64) throws {
        var configuration = SyntheticDepthConfiguration()
        configuration.style = style
        configuration.depth = depth
        var g = try SyntheticDepthGenerator(seed: seed, configuration: configuration)
        let book = try OrderBook(depth: depth)
        var lastTimestamp = Int64.min
        for i in 0..<60_000 {
            let e = g.nextEvent()
            XCTAssertGreaterThanOrEqual(e.timestamp, lastTimestamp)
            lastTimestamp = e.timestamp
            if case .depth(let u) = e.payload, style == .endOnly {
                let rows = book.rowCount(u.bookSide!)
                switch u.kind! {
                case .insert: XCTAssertEqual(Int(u.position), rows, "end-only insert appends")
                case .delete: XCTAssertEqual(Int(u.position), rows - 1, "end-only delete removes the last row")
                case .update: break
                }
            }
            XCTAssertNil(book.apply(e), "event \(i): \(e)")
            XCTAssertNotEqual(book.state, .crossed, "event \(i)")
            if g.pendingIndex == g.pending.count {  // end of one order-flow event's operations
                let published = g.publishedLevels
                XCTAssertEqual(book.levels(.bid), published.bids, "event \(i)")
                XCTAssertEqual(book.levels(.ask), published.asks, "event \(i)")
                XCTAssertEqual(book.state, .normal)
            }
        }
        XCTAssertEqual(book.rejections.total, 0)
    }

    func testOperationsRebuildThePublishedBookExactly() throws {
        try checkConsistency(style: .shifting, depth: 10, seed: 1)
        try checkConsistency(style: .shifting, depth: 3, seed: 2)
        try checkConsistency(style: .endOnly, depth: 10, seed: 3)
        try checkConsistency(style: .endOnly, depth: 1, seed: 4)
        try checkConsistency(style: .shifting, depth: 50, seed: 5)
    }

    func testTheBookLooksRealistic() throws {
        var g = try SyntheticDepthGenerator(seed: 9)
        let book = try OrderBook(depth: 10)
        var spreads: [Double] = []
        var full = 0, trades = 0, operations = 0, inserts = 0, deletes = 0
        let first = g.nextEvent()
        book.apply(first)
        while g.orderFlowEvents < 100_000 {
            let e = g.nextEvent()
            book.apply(e)
            switch e.payload {
            case .tick: trades += 1
            case .depth(let u):
                operations += 1
                if u.kind == .insert { inserts += 1 }
                if u.kind == .delete { deletes += 1 }
            default: break
            }
            if g.pendingIndex == g.pending.count {
                spreads.append((book.spread / 0.01).rounded())
                if book.bidCount == 10 && book.askCount == 10 { full += 1 }
            }
        }
        spreads.sort()
        let median = spreads[spreads.count / 2]
        XCTAssertTrue((1...3).contains(median), "median spread \(median) ticks")
        XCTAssertLessThanOrEqual(spreads[spreads.count * 99 / 100], 10, "99th percentile spread")
        XCTAssertGreaterThan(Double(full) / Double(spreads.count), 0.95, "book full most of the time")
        XCTAssertGreaterThan(trades, 5000)
        XCTAssertGreaterThan(inserts, 1000)
        XCTAssertGreaterThan(deletes, 1000)
        XCTAssertGreaterThan(operations, 100_000)
        // Poisson arrivals at about 1000/s near the equilibrium volume: 100k events span about 100 s.
        let seconds = Double(g.timestamp - g.configuration.startTimestamp) / 1e9
        XCTAssertEqual(seconds, 100, accuracy: 15)
        // The mid follows the random walk: it moves, but not absurdly (3 bps/√s over 100 s ≈ 30 bps).
        let move = abs(book.midPrice / 100 - 1) * 10_000
        XCTAssertLessThan(move, 300)
        XCTAssertGreaterThan(Set(spreads).count, 1)
    }

    func testFeaturesOfSyntheticBooksAreDefined() throws {
        var g = try SyntheticDepthGenerator(seed: 5)
        let book = try OrderBook(depth: 10)
        var complete = 0
        for i in 0..<20_000 {
            book.apply(g.nextEvent())
            if i % 100 == 99 && book.computeFeatures().isComplete { complete += 1 }
        }
        XCTAssertGreaterThan(complete, 150, "of 200 snapshots, after the 20-snapshot warm-up")
    }

    func testInvalidConfigurationsThrow() {
        var c = SyntheticDepthConfiguration()
        c.depth = 0
        XCTAssertThrowsError(try SyntheticDepthGenerator(seed: 1, configuration: c)) {
            XCTAssertTrue("\($0)".contains("depth"), "\($0)")
        }
        c = SyntheticDepthConfiguration()
        c.tickSize = -1
        XCTAssertThrowsError(try SyntheticDepthGenerator(seed: 1, configuration: c))
        c = SyntheticDepthConfiguration()
        c.limitWeight = 0
        XCTAssertThrowsError(try SyntheticDepthGenerator(seed: 1, configuration: c))
    }

    func testOtherTickSizesAndNoTrades() throws {
        var c = SyntheticDepthConfiguration()
        c.tickSize = 0.25
        c.initialMid = 4500
        c.emitTrades = false
        c.stream = 3
        var g = try SyntheticDepthGenerator(seed: 8, configuration: c)
        let book = try OrderBook(depth: 10)
        for _ in 0..<10_000 {
            let e = g.nextEvent()
            XCTAssertEqual(e.stream, 3)
            guard case .depth(let u) = e.payload else { return XCTFail("trade tick with emitTrades off") }
            if u.kind != .delete { XCTAssertEqual((u.price / 0.25).rounded() * 0.25, u.price) }
            book.apply(e)
        }
        XCTAssertEqual(book.rejections.total, 0)
    }

    func testSmartDepthModeEmitsL2RowsThatAggregateToThePublishedBook() throws {
        var c = SyntheticDepthConfiguration()
        c.marketMakers = ["NSDQ", "ARCA", "BATS"]
        c.emitTrades = false
        var g = try SyntheticDepthGenerator(seed: 12, configuration: c)
        let book = try OrderBook(depth: 10)
        var seen = Set<String>()
        for _ in 0..<20_000 {
            let e = g.nextEvent()
            guard case .depth(let u) = e.payload else { return XCTFail() }
            XCTAssertTrue(u.isL2 && u.isSmartDepth)
            seen.insert(u.marketMaker.description)
            XCTAssertNil(book.apply(e))
            if g.pendingIndex == g.pending.count {
                XCTAssertEqual(book.levels(.bid), g.publishedLevels.bids)
                XCTAssertEqual(book.levels(.ask), g.publishedLevels.asks)
            }
        }
        XCTAssertEqual(seen, ["NSDQ", "ARCA", "BATS"])
        XCTAssertTrue(book.aggregatesMarketMakerRows)
    }
}
