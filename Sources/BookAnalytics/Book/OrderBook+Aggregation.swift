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

    /// Sums the sizes of rows with equal prices and sorts the levels best first (insertion sort: rows <= 50).
    /// Returns the number of levels written.
    static func aggregate(
        prices: UnsafePointer<Double>, sizes: UnsafePointer<Double>, count: Int,
        into levelPrices: UnsafeMutablePointer<Double>, _ levelSizes: UnsafeMutablePointer<Double>,
        descending: Bool
    ) -> Int {
        var n = 0
        for r in 0..<count {
            let price = prices[r]
            let size = sizes[r]
            // Find the first level that is not better than `price`.
            var j = 0
            if descending {
                while j < n && levelPrices[j] > price { j += 1 }
            } else {
                while j < n && levelPrices[j] < price { j += 1 }
            }
            if j < n && levelPrices[j] == price {
                levelSizes[j] += size
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
