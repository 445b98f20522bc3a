/// Drawing the top of the book as a small text table (the Lua `__tostring`).
extension OrderBook: CustomStringConvertible {
    /// The top 5 levels per side as a text table with a one-line summary above it.
    public var description: String { render(levels: 5) }

    /// Draws the top `levels` levels of each side, bids left and asks right, best first:
    ///
    /// ```text
    /// OrderBook depth 10: 10 bids, 10 asks, mid 100.005, spread 0.01 (1.0 bps), normal
    ///   size     bid | ask      size
    ///    300  100.00 | 100.01    200
    /// ```
    public func render(levels: Int = 5) -> String {
        let shown = max(0, levels)
        let bids = self.levels(.bid, limit: shown)
        let asks = self.levels(.ask, limit: shown)
        let decimals = max(2, (bids + asks).map { Self.decimalsNeeded($0.price) }.max() ?? 2)
        var header = "OrderBook depth \(depth): \(bidCount) bids, \(askCount) asks"
        let mid = midPrice
        if !mid.isNaN {
            let bps = spread / mid * 10_000
            header += ", mid \(Self.fixed(mid, decimals + 1)), spread \(Self.fixed(spread, decimals))"
            header += bps.isFinite ? " (\(Self.fixed(bps, 1)) bps)" : ""
        }
        header += ", \(state)"
        if aggregatesMarketMakerRows { header += ", L2 rows aggregated" }
        let rows = max(bids.count, asks.count)
        guard rows > 0 else { return header + "\n(empty)" }
        var cells: [(String, String, String, String)] = [("size", "bid", "ask", "size")]
        for i in 0..<rows {
            let bid = i < bids.count ? bids[i] : nil
            let ask = i < asks.count ? asks[i] : nil
            cells.append((
                bid.map { Self.size($0.size) } ?? "", bid.map { Self.fixed($0.price, decimals) } ?? "",
                ask.map { Self.fixed($0.price, decimals) } ?? "", ask.map { Self.size($0.size) } ?? ""
            ))
        }
        let w0 = cells.map(\.0.count).max() ?? 0
        let w1 = cells.map(\.1.count).max() ?? 0
        let w2 = cells.map(\.2.count).max() ?? 0
        let w3 = cells.map(\.3.count).max() ?? 0
        var lines = [header]
        for c in cells {
            var line = Self.pad(c.0, w0 + 2) + "  " + Self.pad(c.1, w1) + " | " + Self.padRight(c.2, w2) + "  "
                + Self.pad(c.3, w3)
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    static func pad(_ s: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - s.count)) + s
    }

    static func padRight(_ s: String, _ width: Int) -> String {
        s + String(repeating: " ", count: max(0, width - s.count))
    }

    /// The number of decimals (0...8) needed to show `x` exactly enough.
    static func decimalsNeeded(_ x: Double) -> Int {
        var scale = 1.0
        for d in 0...8 {
            let scaled = x * scale
            if abs(scaled - scaled.rounded()) <= 1e-7 * max(1, abs(scaled)) * 1e-2 { return d }
            scale *= 10
        }
        return 8
    }

    /// `x` with exactly `decimals` decimals, without Foundation.
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        guard x.isFinite else { return "\(x)" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        guard scaled < 9e18 else { return "\(x)" }
        let digits = String(Int64(scaled))
        let sign = x < 0 && scaled != 0 ? "-" : ""
        guard decimals > 0 else { return sign + digits }
        let padded = String(repeating: "0", count: max(0, decimals + 1 - digits.count)) + digits
        let cut = padded.index(padded.endIndex, offsetBy: -decimals)
        return sign + padded[..<cut] + "." + padded[cut...]
    }

    /// A size: an integer when integral, else up to 4 decimals.
    static func size(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 9e18 { return String(Int64(x)) }
        return fixed(x, min(4, decimalsNeeded(x)))
    }
}
