/// Computes the `book17` features of successive snapshots and keeps the rolling-window state.
///
/// Each `compute` call is one snapshot: it appends imbalance_5, spread_bps, imbalance_1 and mid to windows of
/// the last W snapshots (including the current one). The rolling features are NaN until W snapshots exist, and
/// NaN while a NaN input is in the window. No allocation after `init`.
public struct BookFeatureEngine: Sendable {
    /// The parameters in use.
    public let configuration: BookFeatureConfiguration

    // Four rings of W values each: imbalance_5, spread_bps, imbalance_1, mid.
    var ring: [Double]
    var head = 0

    /// The number of snapshots computed since creation or `reset()`.
    public private(set) var snapshotCount = 0

    /// Creates an engine with the spec's defaults (5 levels, Q = 1000, W = 20).
    public init() {
        configuration = BookFeatureConfiguration()
        ring = [Double](repeating: .nan, count: 4 * configuration.window)
    }

    /// Creates an engine with other parameters.
    ///
    /// - Throws: `BookFeatureError.invalidParameter` for a parameter out of range.
    public init(configuration: BookFeatureConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        ring = [Double](repeating: .nan, count: 4 * configuration.window)
    }

    init(validated configuration: BookFeatureConfiguration) {
        self.configuration = configuration
        ring = [Double](repeating: .nan, count: 4 * configuration.window)
    }

    /// Whether the window is full, so the rolling features can be defined.
    public var isWarmedUp: Bool { snapshotCount >= configuration.window }

    /// The number of snapshots before the rolling features can be defined (W - 1).
    public var lookback: Int { configuration.window - 1 }

    /// Forgets all snapshots.
    public mutating func reset() {
        snapshotCount = 0
        head = 0
        for i in ring.indices { ring[i] = .nan }
    }

    /// Computes the features of `book` as it is now, as one snapshot of the rolling state.
    public mutating func compute(_ book: OrderBook) -> BookFeatures {
        book.withLevels(.bid) { bp, bs, nb in
            book.withLevels(.ask) { ap, asz, na in
                compute(bidPrices: bp, bidSizes: bs, bidCount: nb, askPrices: ap, askSizes: asz, askCount: na)
            }
        }
    }

    /// Computes the features of a book given as level arrays (best first), as one snapshot of the rolling state.
    public mutating func compute(bids: [BookLevel], asks: [BookLevel]) -> BookFeatures {
        // One padding element keeps every buffer non-empty, so base addresses exist.
        let bp = bids.map(\.price) + [0], bs = bids.map(\.size) + [0]
        let ap = asks.map(\.price) + [0], asz = asks.map(\.size) + [0]
        return bp.withUnsafeBufferPointer { bpb in
            bs.withUnsafeBufferPointer { bsb in
                ap.withUnsafeBufferPointer { apb in
                    asz.withUnsafeBufferPointer { asb in
                        compute(bidPrices: bpb.baseAddress!, bidSizes: bsb.baseAddress!, bidCount: bids.count,
                                askPrices: apb.baseAddress!, askSizes: asb.baseAddress!, askCount: asks.count)
                    }
                }
            }
        }
    }

    /// Computes the features from raw level buffers (best first, `count` valid entries each), as one snapshot of
    /// the rolling state.
    public mutating func compute(
        bidPrices: UnsafePointer<Double>, bidSizes: UnsafePointer<Double>, bidCount: Int,
        askPrices: UnsafePointer<Double>, askSizes: UnsafePointer<Double>, askCount: Int
    ) -> BookFeatures {
        var f = BookFeatures()
        Self.snapshotFeatures(
            into: &f, configuration: configuration,
            bidPrices: bidPrices, bidSizes: bidSizes, bidCount: bidCount,
            askPrices: askPrices, askSizes: askSizes, askCount: askCount)
        let mid = bidCount > 0 && askCount > 0 ? (bidPrices[0] + askPrices[0]) / 2 : Double.nan
        rollingFeatures(into: &f, mid: mid)
        return f
    }

    /// The 13 features that depend on the current snapshot only.
    @inline(__always)
    static func snapshotFeatures(
        into f: inout BookFeatures, configuration: BookFeatureConfiguration,
        bidPrices bp: UnsafePointer<Double>, bidSizes bs: UnsafePointer<Double>, bidCount nb: Int,
        askPrices ap: UnsafePointer<Double>, askSizes asz: UnsafePointer<Double>, askCount na: Int
    ) {
        let levels = configuration.levels
        let lb = min(nb, levels)
        let la = min(na, levels)
        // Sums over up to `levels` levels, one pass per side.
        var sumB = 0.0, notionalB = 0.0, weightedB = 0.0
        for i in 0..<lb {
            let s = bs[i]
            sumB += s
            notionalB += bp[i] * s
            weightedB += s / Double(i + 1)
        }
        var sumA = 0.0, notionalA = 0.0, weightedA = 0.0
        for i in 0..<la {
            let s = asz[i]
            sumA += s
            notionalA += ap[i] * s
            weightedA += s / Double(i + 1)
        }
        if nb > 0 { f.bidVolume5 = sumB }
        if na > 0 { f.askVolume5 = sumA }
        guard nb > 0 && na > 0 else { return }

        let bid1 = bp[0], ask1 = ap[0], bsz1 = bs[0], asz1 = asz[0]
        let mid = (bid1 + ask1) / 2
        let top = bsz1 + asz1
        if top != 0 { f.imbalance1 = (bsz1 - asz1) / top }
        let total = sumB + sumA
        if total != 0 { f.imbalance5 = (sumB - sumA) / total }
        let pressure = weightedB + weightedA
        if pressure != 0 {
            f.bidPressure = weightedB / pressure
            f.askPressure = 1 - f.bidPressure
        }
        guard mid != 0 else { return }
        let bpsPerPrice = 10_000 / mid
        f.spreadBps = (ask1 - bid1) * bpsPerPrice
        if top != 0 {
            let micro = (bid1 * asz1 + ask1 * bsz1) / top
            f.micropriceOffsetBps = (micro - mid) * bpsPerPrice
        }
        if sumB != 0 && sumA != 0 {
            let vwapMid = (notionalB / sumB + notionalA / sumA) / 2
            f.vwapMidOffsetBps = (vwapMid - mid) * bpsPerPrice
        }
        let q = configuration.impactQuantity
        if let avg = walk(ap, asz, na, q) { f.buyImpactBps = (avg - mid) * bpsPerPrice }
        if let avg = walk(bp, bs, nb, q) { f.sellImpactBps = (mid - avg) * bpsPerPrice }
        f.bidDepthSlope = slope(bp, bs, lb, mid: mid, sign: 1)
        f.askDepthSlope = slope(ap, asz, la, mid: mid, sign: -1)
    }

    /// The average fill price of `quantity` walked through all `n` levels, or `nil` if they hold less.
    @inline(__always)
    static func walk(_ prices: UnsafePointer<Double>, _ sizes: UnsafePointer<Double>, _ n: Int, _ quantity: Double)
        -> Double?
    {
        var remaining = quantity
        var cost = 0.0
        var i = 0
        while i < n && remaining > 0 {
            let take = min(remaining, sizes[i])
            cost += take * prices[i]
            remaining -= take
            i += 1
        }
        return remaining > 0 ? nil : cost / quantity
    }

    /// Least-squares slope of cumulative size (y) against distance from mid in bps (x) over `n` levels;
    /// `sign` is +1 for bids (x = (mid - p)/mid·10⁴) and -1 for asks (x = (p - mid)/mid·10⁴). NaN if n < 2 or
    /// all x are equal.
    @inline(__always)
    static func slope(_ prices: UnsafePointer<Double>, _ sizes: UnsafePointer<Double>, _ n: Int, mid: Double,
                      sign: Double) -> Double {
        guard n >= 2 else { return .nan }
        var sumX = 0.0, sumY = 0.0, cumulative = 0.0
        for i in 0..<n {
            cumulative += sizes[i]
            sumX += sign * (mid - prices[i]) / mid * 10_000
            sumY += cumulative
        }
        let count = Double(n)
        let meanX = sumX / count, meanY = sumY / count
        var sxy = 0.0, sxx = 0.0
        cumulative = 0
        for i in 0..<n {
            cumulative += sizes[i]
            let dx = sign * (mid - prices[i]) / mid * 10_000 - meanX
            sxy += dx * (cumulative - meanY)
            sxx += dx * dx
        }
        return sxx == 0 ? .nan : sxy / sxx
    }

    /// Pushes this snapshot into the windows and fills the 4 rolling features.
    @inline(__always)
    mutating func rollingFeatures(into f: inout BookFeatures, mid: Double) {
        let w = configuration.window
        let imbalance5 = f.imbalance5
        let spread = f.spreadBps
        let imbalance1 = f.imbalance1
        let count = snapshotCount
        let h = head
        ring.withUnsafeMutableBufferPointer { r in
            r[h] = imbalance5
            r[w + h] = spread
            r[2 * w + h] = imbalance1
            r[3 * w + h] = mid
            guard count + 1 >= w else { return }
            // Oldest first: slots h+1 ..< w, then 0 ... h.
            var sumImb5 = 0.0, sumSpread = 0.0, sumImb1 = 0.0
            var i = h + 1
            while i < w {
                sumImb5 += r[i]
                sumSpread += r[w + i]
                sumImb1 += r[2 * w + i]
                i += 1
            }
            i = 0
            while i <= h {
                sumImb5 += r[i]
                sumSpread += r[w + i]
                sumImb1 += r[2 * w + i]
                i += 1
            }
            let n = Double(w)
            let meanSpread = sumSpread / n
            var squares = 0.0
            i = h + 1
            while i < w {
                let d = r[w + i] - meanSpread
                squares += d * d
                i += 1
            }
            i = 0
            while i <= h {
                let d = r[w + i] - meanSpread
                squares += d * d
                i += 1
            }
            f.imbalanceMomentum = imbalance5 - sumImb5 / n
            f.spreadVolatility = (squares / (n - 1)).squareRoot()
            f.imbalanceMean = sumImb1 / n
            let oldest = r[3 * w + (h + 1 == w ? 0 : h + 1)]
            f.midReturnBps = oldest != 0 ? (mid / oldest - 1) * 10_000 : .nan
        }
        head = h + 1 == w ? 0 : h + 1
        snapshotCount = count + 1
    }
}

extension OrderBook {
    /// Computes the 17 features of the book as it is now; each call is one snapshot of the rolling state kept
    /// in `featureEngine`.
    public func computeFeatures() -> BookFeatures {
        featureEngine.compute(self)
    }
}
