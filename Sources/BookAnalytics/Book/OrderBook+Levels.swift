/// Reading price levels and rows.
extension OrderBook {
    /// Calls `body` with the side's level prices and sizes (best first) and the level count, refreshing the
    /// aggregation first if needed. The pointers are valid only inside `body`.
    @inline(__always)
    func withLevels<R>(
        _ side: BookSide, _ body: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, Int) -> R
    ) -> R {
        if !aggregatesMarketMakerRows {
            return side == .bid ? body(bidPrices, bidSizes, bidRowCount) : body(askPrices, askSizes, askRowCount)
        }
        refreshAggregatedLevels()
        return side == .bid
            ? body(bidLevelPrices, bidLevelSizes, aggregatedBidCount)
            : body(askLevelPrices, askLevelSizes, aggregatedAskCount)
    }

    /// The number of price levels on `side`.
    public func levelCount(_ side: BookSide) -> Int { withLevels(side) { _, _, n in n } }

    /// The number of bid price levels.
    public var bidCount: Int { levelCount(.bid) }

    /// The number of ask price levels.
    public var askCount: Int { levelCount(.ask) }

    /// The price level at `index` on `side` (0 = best), or `nil` past the last level.
    public func level(_ side: BookSide, _ index: Int) -> BookLevel? {
        withLevels(side) { prices, sizes, n in
            index >= 0 && index < n ? BookLevel(price: prices[index], size: sizes[index]) : nil
        }
    }

    /// The bid level at `index` (0 = best), or `nil`.
    public func bid(_ index: Int) -> BookLevel? { level(.bid, index) }

    /// The ask level at `index` (0 = best), or `nil`.
    public func ask(_ index: Int) -> BookLevel? { level(.ask, index) }

    /// The best bid level, or `nil` when there are no bids.
    public var bestBid: BookLevel? { level(.bid, 0) }

    /// The best ask level, or `nil` when there are no asks.
    public var bestAsk: BookLevel? { level(.ask, 0) }

    /// Up to `limit` levels of `side`, best first. O(levels); allocates the array.
    public func levels(_ side: BookSide, limit: Int = .max) -> [BookLevel] {
        withLevels(side) { prices, sizes, n in
            (0..<min(n, max(0, limit))).map { BookLevel(price: prices[$0], size: sizes[$0]) }
        }
    }

    /// The number of rows on `side` as TWS addresses them (equal to `levelCount` for message-12 books).
    public func rowCount(_ side: BookSide) -> Int { side == .bid ? bidRowCount : askRowCount }

    /// The row at `position` on `side` as TWS addresses it, or `nil` past the last row.
    public func row(_ side: BookSide, _ position: Int) -> BookRow? {
        let n = rowCount(side)
        guard position >= 0 && position < n else { return nil }
        return side == .bid
            ? BookRow(price: bidPrices[position], size: bidSizes[position], marketMaker: bidMakers[position])
            : BookRow(price: askPrices[position], size: askSizes[position], marketMaker: askMakers[position])
    }

    /// All rows of `side` in position order. O(rows); allocates the array.
    public func rows(_ side: BookSide) -> [BookRow] {
        (0..<rowCount(side)).compactMap { row(side, $0) }
    }

    /// `(best bid + best ask) / 2`, or NaN when a side is empty.
    public var midPrice: Double {
        guard let bid = bestBid, let ask = bestAsk else { return .nan }
        return (bid.price + ask.price) / 2
    }

    /// `best ask - best bid` (negative when crossed), or NaN when a side is empty.
    public var spread: Double {
        guard let bid = bestBid, let ask = bestAsk else { return .nan }
        return ask.price - bid.price
    }

    /// Whether the book is empty, one-sided, normal, locked (bid = ask) or crossed (bid > ask).
    public var state: BookState {
        switch (bestBid, bestAsk) {
        case (nil, nil): return .empty
        case (nil, _), (_, nil): return .oneSided
        case let (bid?, ask?):
            if bid.price > ask.price { return .crossed }
            if bid.price == ask.price { return .locked }
            return .normal
        }
    }

    /// Whether the best bid is above the best ask.
    public var isCrossed: Bool { state == .crossed }

    /// Whether the best bid equals the best ask.
    public var isLocked: Bool { state == .locked }
}
