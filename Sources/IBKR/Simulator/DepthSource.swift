import Foundation

/// A two-sided book snapshot produced by a depth source.
public struct DepthSnapshot: Sendable, Hashable {
    /// Bid levels, best first.
    public var bids: [DepthLevel]
    /// Ask levels, best first.
    public var asks: [DepthLevel]

    /// Creates a snapshot.
    public init(bids: [DepthLevel], asks: [DepthLevel]) {
        self.bids = bids
        self.asks = asks
    }
}

/// Produces the simulated level-2 book around a mid price; plug a synthetic generator or a recording in here.
/// Called only on the simulator's event loop.
public protocol DepthSource: AnyObject {
    /// The book for `symbol` at data time `time`, around `mid`, with `levels` rows per side on a `tick` grid.
    func snapshot(symbol: String, mid: Double, tick: Double, levels: Int, time: Double) -> DepthSnapshot
}

/// A seeded random-walk book: 1–2 tick spread, one row per tick, sizes in round lots that wander.
public final class RandomWalkDepthSource: DepthSource {
    private var state: UInt64
    private var sizes: [String: (bids: [Int], asks: [Int])] = [:]
    private static let venues = ["ISLAND", "ARCA", "NYSE", "BATS", "IEX", "EDGX", "AMEX", "BYX", "PSX", "CHX"]

    /// Creates a source; the same seed gives the same sequence of books.
    public init(seed: UInt64 = 7) { self.state = seed }

    private func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        return SimRandom.mix(state)
    }

    private func walk(_ rows: [Int], _ n: Int) -> [Int] {
        var out = rows
        while out.count < n { out.append(Int(1 + next() % 20) * 100) }
        if out.count > n { out.removeLast(out.count - n) }
        for i in out.indices where next() % 3 == 0 {
            let step = Int(next() % 5) * 100 - 200
            out[i] = min(max(out[i] + step, 100), 5_000)
        }
        return out
    }

    /// A snapshot around `mid`.
    public func snapshot(symbol: String, mid: Double, tick: Double, levels: Int, time: Double) -> DepthSnapshot {
        let n = max(levels, 1)
        var s = sizes[symbol] ?? ([], [])
        s.bids = walk(s.bids, n)
        s.asks = walk(s.asks, n)
        sizes[symbol] = s
        let spreadTicks = next() % 4 == 0 ? 2 : 1
        let bestBid = (mid / tick - Double(spreadTicks) / 2).rounded(.down) * tick
        let bestAsk = bestBid + Double(spreadTicks) * tick
        let bids = (0..<n).map { i in
            DepthLevel(price: SimRandom.roundTick(bestBid - Double(i) * tick, tick: tick), size: Decimal(s.bids[i]),
                       marketMaker: RandomWalkDepthSource.venues[i % RandomWalkDepthSource.venues.count])
        }
        let asks = (0..<n).map { i in
            DepthLevel(price: SimRandom.roundTick(bestAsk + Double(i) * tick, tick: tick), size: Decimal(s.asks[i]),
                       marketMaker: RandomWalkDepthSource.venues[(i + 3) % RandomWalkDepthSource.venues.count])
        }
        return DepthSnapshot(bids: bids, asks: asks)
    }
}
