/// Aggregating per-market-maker rows into price levels.
extension OrderBook {
    /// Rebuilds the aggregated levels of the sides that changed since the last read.
    @inline(__always)
    func refreshAggregatedLevels() {
        if bidLevelsDirty {
            aggregatedBidCount = Self.aggregate(
                prices: bidPrices, sizes: bidSizes, count: bidRowCount,
                into: bidLevelPrices, bidLevelSizes, descending: true)
            bidLevelsDirty = false
        }
        if askLevelsDirty {
            aggregatedAskCount = Self.aggregate(
                prices: askPrices, sizes: askSizes, count: askRowCount,
                into: askLevelPrices, askLevelSizes, descending: false)
            askLevelsDirty = false
        }
    }

    /// Sums the sizes of rows with equal prices and sorts the levels best first. Returns the number of levels.
    ///
    /// Insertion sort searching from the worst level: TWS sends rows best first, so each row usually lands at the
    /// end after one comparison (O(rows)); the worst case is O(rows²) with rows <= 50.
    static func aggregate(
        prices: UnsafePointer<Double>, sizes: UnsafePointer<Double>, count: Int,
        into levelPrices: UnsafeMutablePointer<Double>, _ levelSizes: UnsafeMutablePointer<Double>,
        descending: Bool
    ) -> Int {
        var n = 0
        for r in 0..<count {
            let price = prices[r]
            let size = sizes[r]
            // j = the number of levels strictly better than `price`.
            var j = n
            if descending {
                while j > 0 && levelPrices[j - 1] < price { j -= 1 }
            } else {
                while j > 0 && levelPrices[j - 1] > price { j -= 1 }
            }
            if j > 0 && levelPrices[j - 1] == price {
                levelSizes[j - 1] += size
                continue
            }
            var k = n
            while k > j {
                levelPrices[k] = levelPrices[k - 1]
                levelSizes[k] = levelSizes[k - 1]
                k -= 1
            }
            levelPrices[j] = price
            levelSizes[j] = size
            n += 1
        }
        return n
    }
}
