import XCTest
@testable import BookAnalytics

/// Oracle: `ReferenceBook` / `ReferenceFeatures`, a deliberately simple implementation, on long random streams
/// of valid and invalid operations (message 12 and L2), compared after every operation.
final class ReferenceParityTests: XCTestCase {
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
    }

    func randomUpdate(_ r: inout Random, depth: Int, rows: Int, l2: Bool) -> DepthUpdate {
        var position = r.int(max(rows + 2, 1))
        if r.chance(0.02) { position = r.chance(0.5) ? -1 - r.int(3) : depth + r.int(3) }
        var operation = r.int(3)
        if r.chance(0.3) { operation = 0 }
        if r.chance(0.01) { operation = [3, -1, 99][r.int(3)] }
        var side = r.int(2)
        if r.chance(0.01) { side = [2, -1][r.int(2)] }
        var price = 100 + Double(r.int(40) - 20) * 0.01
        if r.chance(0.01) { price = [.nan, .infinity, -.infinity][r.int(3)] }
        var size = Double(r.int(10) * 100)
        if r.chance(0.01) { size = [-1, .nan, .infinity][r.int(3)] }
        if l2 {
            let mm = ["NSDQ", "ARCA", "BATS", "EDGX", "IEX"][r.int(5)]
            return DepthUpdate(position: position, marketMaker: MarketMakerCode(mm)!, operation: operation,
                               side: side, price: price, size: size, isSmartDepth: true)
        }
        return DepthUpdate(position: position, operation: operation, side: side, price: price, size: size)
    }

    func runStream(seed: UInt64, depth: Int, operations: Int, l2Share: Double, featureEvery: Int) throws {
        var r = Random(state: seed)
        let window = 2 + r.int(20)
        let quantity = Double(100 * (1 + r.int(30)))
        let configuration = BookFeatureConfiguration(levels: 1 + r.int(6), impactQuantity: quantity, window: window)
        let book = try OrderBook(depth: depth, features: configuration)
        var reference = ReferenceBook(depth: depth)
        var referenceFeatures = ReferenceFeatures(levels: configuration.levels, quantity: quantity, window: window)
        let startsL2 = r.chance(l2Share)
        var fullSteps = 0
        for step in 0..<operations {
            let side: BookSide = r.chance(0.5) ? .bid : .ask
            let rows = side == .bid ? reference.bids.count : reference.asks.count
            let u = randomUpdate(&r, depth: depth, rows: rows, l2: startsL2 || r.chance(l2Share * 0.01))
            var sided = u
            if u.side == 0 || u.side == 1 { sided.side = Int32(side.rawValue) }
            let got = book.apply(sided)
            let expected = reference.apply(sided)
            XCTAssertEqual(got, expected, "step \(step): \(sided)")
            for s in BookSide.allCases {
                let fast = book.levels(s), slow = reference.levels(s)
                if fast != slow {
                    XCTFail("step \(step) \(s): \(fast) vs \(slow) after \(sided)")
                    return
                }
            }
            if step % featureEvery == 0 {
                let fast = book.computeFeatures()
                let slow = referenceFeatures.compute(bids: reference.levels(.bid), asks: reference.levels(.ask))
                for i in 0..<17 where !close(fast[i], slow[i], relative: 1e-7) {
                    XCTFail("step \(step) \(BookFeatures.names[i]): \(fast[i]) vs \(slow[i])")
                    return
                }
            }
            if step % 997 == 0 { try book.verifyInvariants() }
            if book.rowCount(.bid) == depth || book.rowCount(.ask) == depth { fullSteps += 1 }
        }
        for kind in BookRejection.allCases {
            XCTAssertEqual(book.rejections[kind], reference.rejections[kind, default: 0], "\(kind)")
            XCTAssertGreaterThan(book.rejections[kind], 0, "the stream should exercise \(kind)")
        }
        // The stream must reach full books so that inserts push levels out.
        XCTAssertGreaterThan(fullSteps, operations / 20, "depth \(depth)")
    }

    func testMessage12StreamsAgreeWithTheReference() throws {
        for (seed, depth) in [(1, 10), (2, 5), (3, 1), (4, 50), (5, 3)] as [(UInt64, Int)] {
            try runStream(seed: seed, depth: depth, operations: 30_000, l2Share: 0, featureEvery: 3)
        }
    }

    func testL2StreamsAgreeWithTheReference() throws {
        for (seed, depth) in [(11, 10), (12, 20), (13, 2), (14, 50)] as [(UInt64, Int)] {
            try runStream(seed: seed, depth: depth, operations: 20_000, l2Share: 1, featureEvery: 3)
        }
    }

    func testMixedStreamsAgreeWithTheReference() throws {
        for seed: UInt64 in 21...26 {
            try runStream(seed: seed, depth: 8, operations: 10_000, l2Share: 0.5, featureEvery: 1)
        }
    }
}
