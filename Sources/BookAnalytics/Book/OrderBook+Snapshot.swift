/// Loading a full book at once.
extension OrderBook {
    /// Replaces the whole book with a snapshot of price levels, best first on each side.
    ///
    /// Levels beyond `depth` are dropped (a deeper source can seed a shallower book). The rows become plain
    /// levels, as after `updateMktDepth`. Rejection counts and the feature window are kept.
    ///
    /// - Throws: `BookError.invalidSnapshotLevel` for a NaN/infinite price or a negative/NaN/infinite size,
    ///   `BookError.unorderedSnapshot` unless bids are strictly descending and asks strictly ascending. The book is
    ///   unchanged when it throws.
    public func replace(bids: [BookLevel], asks: [BookLevel]) throws {
        try Self.validateSnapshot(bids, side: .bid, depth: depth)
        try Self.validateSnapshot(asks, side: .ask, depth: depth)
        clear()
        bidRowCount = min(bids.count, depth)
        for i in 0..<bidRowCount {
            bidPrices[i] = bids[i].price
            bidSizes[i] = bids[i].size
            bidMakers[i] = .none
        }
        askRowCount = min(asks.count, depth)
        for i in 0..<askRowCount {
            askPrices[i] = asks[i].price
            askSizes[i] = asks[i].size
            askMakers[i] = .none
        }
        bidLevelsDirty = true
        askLevelsDirty = true
        #if DEBUG
        assertInvariants()
        #endif
    }

    /// Replaces the book with a snapshot of per-market-maker rows in TWS position order; levels become
    /// aggregated by price, as after `updateMktDepthL2`. Rows beyond `depth` are dropped.
    ///
    /// - Throws: `BookError.invalidSnapshotLevel` for a NaN/infinite price or a negative/NaN/infinite size.
    public func replace(bidRows: [BookRow], askRows: [BookRow]) throws {
        for (side, rows) in [(BookSide.bid, bidRows), (.ask, askRows)] {
            for (i, row) in rows.prefix(depth).enumerated() where !Self.isValid(price: row.price, size: row.size) {
                throw BookError.invalidSnapshotLevel(side: side, index: i, price: row.price, size: row.size)
            }
        }
        clear()
        bidRowCount = min(bidRows.count, depth)
        for i in 0..<bidRowCount {
            bidPrices[i] = bidRows[i].price
            bidSizes[i] = bidRows[i].size
            bidMakers[i] = bidRows[i].marketMaker
        }
        askRowCount = min(askRows.count, depth)
        for i in 0..<askRowCount {
            askPrices[i] = askRows[i].price
            askSizes[i] = askRows[i].size
            askMakers[i] = askRows[i].marketMaker
        }
        aggregatesMarketMakerRows = true
        bidLevelsDirty = true
        askLevelsDirty = true
        #if DEBUG
        assertInvariants()
        #endif
    }

    static func isValid(price: Double, size: Double) -> Bool {
        price.isFinite && size.isFinite && size >= 0
    }

    static func validateSnapshot(_ levels: [BookLevel], side: BookSide, depth: Int) throws {
        for (i, level) in levels.prefix(depth).enumerated() {
            guard isValid(price: level.price, size: level.size) else {
                throw BookError.invalidSnapshotLevel(side: side, index: i, price: level.price, size: level.size)
            }
            if i > 0 {
                let previous = levels[i - 1].price
                let ordered = side == .bid ? level.price < previous : level.price > previous
                guard ordered else { throw BookError.unorderedSnapshot(side: side, index: i) }
            }
        }
    }
}
