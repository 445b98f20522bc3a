import Foundation

/// A position in one symbol: signed quantity, average cost and the latest mark.
public struct PositionState: Sendable, Equatable, Codable {
    /// The instrument's symbol.
    public let symbol: String
    /// Shares held: positive long, negative short.
    public var quantity: Double
    /// The average price paid for the open quantity (0 when flat).
    public var averageCost: Double
    /// The latest market price used to value the position, if known.
    public var marketPrice: Double?

    /// Creates a position.
    public init(symbol: String, quantity: Double, averageCost: Double = 0, marketPrice: Double? = nil) {
        self.symbol = symbol
        self.quantity = quantity
        self.averageCost = averageCost
        self.marketPrice = marketPrice
    }

    /// The position's market value, `quantity × marketPrice` (average cost when there is no mark).
    public var marketValue: Double { quantity * (marketPrice ?? averageCost) }

    /// The unrealized profit or loss against the average cost (0 without a mark).
    public var unrealizedPnL: Double {
        guard let marketPrice else { return 0 }
        return quantity * (marketPrice - averageCost)
    }

    /// Applies an execution with the average-cost method and returns the realized PnL it produced (before fees).
    ///
    /// Adding to a position moves the average cost; reducing it realizes `closed × (price − averageCost)` per share
    /// (sign-adjusted for shorts); crossing through zero opens the remainder at the execution price.
    @discardableResult
    public mutating func apply(signedQuantity: Double, price: Double) -> Double {
        let old = quantity
        let new = old + signedQuantity
        var realized = 0.0
        if old == 0 || (old > 0) == (signedQuantity > 0) {
            let total = abs(old) + abs(signedQuantity)
            averageCost = total == 0 ? 0 : (abs(old) * averageCost + abs(signedQuantity) * price) / total
        } else {
            let closed = min(abs(old), abs(signedQuantity))
            realized = closed * (price - averageCost) * (old > 0 ? 1 : -1)
            if abs(signedQuantity) > abs(old) {
                averageCost = price
            } else if new == 0 {
                averageCost = 0
            }
        }
        quantity = abs(new) < 1e-9 ? 0 : new
        marketPrice = price
        return realized
    }
}
