@testable import BookAnalytics

/// A deliberately simple order book: Swift arrays of rows, `insert`/`remove`, dictionary grouping for L2.
/// It is the oracle the fast `OrderBook` must agree with; clarity over speed everywhere.
struct ReferenceBook {
    struct Row: Equatable {
        var price: Double
        var size: Double
        var marketMaker: String
    }

    let depth: Int
    var bids: [Row] = []
    var asks: [Row] = []
    var isL2 = false
    var rejections: [BookRejection: Int] = [:]

    init(depth: Int) { self.depth = depth }

    /// The rules of tws-protocol.md §8 written out plainly, with the documented order of checks.
    mutating func apply(_ u: DepthUpdate) -> BookRejection? {
        func reject(_ r: BookRejection) -> BookRejection {
            rejections[r, default: 0] += 1
            return r
        }
        guard let op = DepthOperationKind(rawValue: Int(u.operation)) else { return reject(.unknownOperation) }
        guard let side = BookSide(rawValue: Int(u.side)) else { return reject(.unknownSide) }
        let p = Int(u.position)
        if p < 0 || p >= depth { return reject(.positionOutOfRange) }
        if op != .delete {
            if u.price.isNaN || u.price.isInfinite { return reject(.invalidPrice) }
            if u.size.isNaN || u.size.isInfinite || u.size < 0 { return reject(.invalidSize) }
        }
        var rows = side == .bid ? bids : asks
        let row = Row(price: u.price, size: u.size, marketMaker: u.isL2 ? u.marketMaker.description : "")
        switch op {
        case .insert:
            if p > rows.count { return reject(.missingRow) }
            rows.insert(row, at: p)
            if rows.count > depth { rows.removeLast() }
        case .update:
            if p >= rows.count { return reject(.missingRow) }
            rows[p] = row
        case .delete:
            if p >= rows.count { return reject(.missingRow) }
            rows.remove(at: p)
        }
        if side == .bid { bids = rows } else { asks = rows }
        if u.isL2 { isL2 = true }
        return nil
    }

    /// Levels best first: the rows themselves for message 12; rows grouped by price and sorted for L2.
    func levels(_ side: BookSide) -> [BookLevel] {
        let rows = side == .bid ? bids : asks
        if !isL2 { return rows.map { BookLevel(price: $0.price, size: $0.size) } }
        var total: [Double: Double] = [:]
        for row in rows { total[row.price, default: 0] += row.size }
        let prices = total.keys.sorted()
        let ordered = side == .bid ? Array(prices.reversed()) : prices
        return ordered.map { BookLevel(price: $0, size: total[$0]!) }
    }
}

/// The `book17` formulas of features.md written out one by one, with the rolling state as a plain history.
struct ReferenceFeatures {
    var levels = 5
    var quantity = 1000.0
    var window = 20
    var history: [(imbalance5: Double, spread: Double, imbalance1: Double, mid: Double)] = []

    mutating func compute(bids: [BookLevel], asks: [BookLevel]) -> [Double] {
        let nan = Double.nan
        let top5b = Array(bids.prefix(levels)), top5a = Array(asks.prefix(levels))
        let both = !bids.isEmpty && !asks.isEmpty
        let mid = both ? (bids[0].price + asks[0].price) / 2 : nan
        func ratio(_ a: Double, _ b: Double) -> Double { b == 0 ? nan : a / b }
        func bps(_ x: Double) -> Double { mid == 0 ? nan : x / mid * 10_000 }

        var f = [Double](repeating: nan, count: 17)
        let sb = top5b.map(\.size).reduce(0, +), sa = top5a.map(\.size).reduce(0, +)
        if !bids.isEmpty { f[3] = sb }
        if !asks.isEmpty { f[4] = sa }
        if both {
            let b1 = bids[0], a1 = asks[0]
            f[0] = ratio(b1.size - a1.size, b1.size + a1.size)
            f[1] = ratio(sb - sa, sb + sa)
            f[2] = bps(a1.price - b1.price)
            if b1.size + a1.size != 0 {
                let micro = (b1.price * a1.size + a1.price * b1.size) / (b1.size + a1.size)
                f[5] = bps(micro - mid)
            }
            if sb != 0 && sa != 0 {
                let vb = top5b.map { $0.price * $0.size }.reduce(0, +) / sb
                let va = top5a.map { $0.price * $0.size }.reduce(0, +) / sa
                f[6] = bps((vb + va) / 2 - mid)
            }
            let wb = top5b.enumerated().map { $1.size / Double($0 + 1) }.reduce(0, +)
            let wa = top5a.enumerated().map { $1.size / Double($0 + 1) }.reduce(0, +)
            f[7] = ratio(wb, wb + wa)
            f[8] = 1 - f[7]
            if let avg = Self.averageFill(asks, quantity) { f[9] = bps(avg - mid) }
            if let avg = Self.averageFill(bids, quantity) { f[10] = bps(mid - avg) }
            f[11] = Self.slope(top5b.map { (mid - $0.price) / mid * 10_000 }, Self.cumulative(top5b))
            f[12] = Self.slope(top5a.map { ($0.price - mid) / mid * 10_000 }, Self.cumulative(top5a))
        }
        history.append((f[1], f[2], f[0], mid))
        if history.count >= window {
            let w = Array(history.suffix(window))
            let n = Double(window)
            f[13] = f[1] - w.map(\.imbalance5).reduce(0, +) / n
            let meanSpread = w.map(\.spread).reduce(0, +) / n
            f[14] = (w.map { ($0.spread - meanSpread) * ($0.spread - meanSpread) }.reduce(0, +) / (n - 1)).squareRoot()
            f[15] = w.map(\.imbalance1).reduce(0, +) / n
            f[16] = w[0].mid == 0 ? nan : (mid / w[0].mid - 1) * 10_000
        }
        return f
    }

    static func cumulative(_ levels: [BookLevel]) -> [Double] {
        var total = 0.0
        return levels.map { total += $0.size; return total }
    }

    static func averageFill(_ levels: [BookLevel], _ quantity: Double) -> Double? {
        var left = quantity, cost = 0.0
        for level in levels where left > 0 {
            let take = Swift.min(left, level.size)
            cost += take * level.price
            left -= take
        }
        return left > 0 ? nil : cost / quantity
    }

    static func slope(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count >= 2 else { return .nan }
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        let sxx = x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +)
        let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        return sxx == 0 ? .nan : sxy / sxx
    }
}
