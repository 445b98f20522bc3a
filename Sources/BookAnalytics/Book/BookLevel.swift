/// One aggregated price level of a book side: a price and the total size resting at it.
public struct BookLevel: Sendable, Hashable, CustomStringConvertible {
    /// The level's price.
    public var price: Double
    /// The total size at `price` (shares or contracts), never negative.
    public var size: Double

    /// Creates a level from a price and a size.
    public init(price: Double, size: Double) {
        self.price = price
        self.size = size
    }

    /// `size@price`, e.g. `300.0@100.25`.
    public var description: String { "\(size)@\(price)" }
}

/// One row of a book side as TWS addresses it by position: a level (`updateMktDepth`) or one market maker's
/// quote (`updateMktDepthL2`).
public struct BookRow: Sendable, Hashable, CustomStringConvertible {
    /// The row's price.
    public var price: Double
    /// The row's size, never negative.
    public var size: Double
    /// The market maker or venue of an L2 row; `.none` for rows from `updateMktDepth` and snapshots.
    public var marketMaker: MarketMakerCode

    /// Creates a row.
    public init(price: Double, size: Double, marketMaker: MarketMakerCode = .none) {
        self.price = price
        self.size = size
        self.marketMaker = marketMaker
    }

    /// `size@price` followed by ` [mm]` for L2 rows.
    public var description: String {
        marketMaker.isNone ? "\(size)@\(price)" : "\(size)@\(price) [\(marketMaker)]"
    }
}
