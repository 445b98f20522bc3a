/// Structural invariants, asserted after every change in debug builds.
extension OrderBook {
    /// Checks the book's structural invariants and throws `BookError.invariantViolated` naming the first one
    /// that does not hold. O(depth²) for aggregated books, O(depth) otherwise.
    ///
    /// Price *order* of message-12 rows is not an invariant: TWS addresses rows by position and a burst of
    /// updates may pass through misordered states; `state` reports a crossed or locked top instead.
    public func verifyInvariants() throws {
        try verifyInvariants(checkingAggregation: true)
    }

    func verifyInvariants(checkingAggregation: Bool) throws {
        for side in BookSide.allCases {
            let n = rowCount(side)
            guard n >= 0 && n <= depth else {
                throw BookError.invariantViolated("\(side) row count \(n) outside 0...\(depth)")
            }
            let prices = side == .bid ? bidPrices : askPrices
            let sizes = side == .bid ? bidSizes : askSizes
            let makers = side == .bid ? bidMakers : askMakers
            var total = 0.0
            for i in 0..<n {
                guard prices[i].isFinite else {
                    throw BookError.invariantViolated("\(side) row \(i) has price \(prices[i])")
                }
                guard sizes[i].isFinite && sizes[i] >= 0 else {
                    throw BookError.invariantViolated("\(side) row \(i) has size \(sizes[i])")
                }
                if !aggregatesMarketMakerRows && !makers[i].isNone {
                    throw BookError.invariantViolated("\(side) row \(i) has a market maker in a message-12 book")
                }
                total += sizes[i]
            }
            guard aggregatesMarketMakerRows && checkingAggregation else { continue }
            let levels = self.levels(side)
            guard levels.count <= n else {
                throw BookError.invariantViolated("\(side) has \(levels.count) levels from \(n) rows")
            }
            var levelTotal = 0.0
            for (i, level) in levels.enumerated() {
                levelTotal += level.size
                if i > 0 {
                    let ordered = side == .bid ? level.price < levels[i - 1].price : level.price > levels[i - 1].price
                    guard ordered else {
                        throw BookError.invariantViolated("aggregated \(side) levels not strictly best first at \(i)")
                    }
                }
                let rowSum = (0..<n).filter { prices[$0] == level.price }.reduce(0.0) { $0 + sizes[$1] }
                guard rowSum == level.size || abs(rowSum - level.size) <= 1e-9 * max(1, abs(rowSum)) else {
                    throw BookError.invariantViolated(
                        "aggregated \(side) level \(i) size \(level.size) ≠ rows \(rowSum)")
                }
            }
            guard abs(total - levelTotal) <= 1e-9 * max(1, total) else {
                throw BookError.invariantViolated("\(side) levels hold \(levelTotal), rows \(total)")
            }
        }
    }

    /// Traps with the violated invariant; called after every change in debug builds only (rows only: the O(depth²)
    /// aggregation check runs in `verifyInvariants()`).
    func assertInvariants() {
        do {
            try verifyInvariants(checkingAggregation: false)
        } catch {
            assertionFailure("\(error)")
        }
    }
}
