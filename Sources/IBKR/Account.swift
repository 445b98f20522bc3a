import Foundation

/// One `updateAccountValue` / `accountSummary` / `accountUpdateMulti` value.
public struct AccountValue: Sendable, Hashable {
    /// Account id, e.g. `DU1234567`.
    public var account: String
    /// Key / tag, e.g. `NetLiquidation`.
    public var key: String
    /// Value as text (numbers are decimal strings; `AccountType` is text).
    public var value: String
    /// Currency, empty for non-monetary values.
    public var currency: String
    /// Model code (multi updates only).
    public var modelCode: String

    /// Creates a value.
    public init(account: String, key: String, value: String, currency: String = "", modelCode: String = "") {
        self.account = account
        self.key = key
        self.value = value
        self.currency = currency
        self.modelCode = modelCode
    }
}

/// A position from `position` (§13.1).
public struct Position: Sendable, Hashable {
    /// Account id.
    public var account: String
    /// Contract.
    public var contract: Contract
    /// Signed quantity; 0 = closed.
    public var quantity: Decimal
    /// Average cost per share, including commissions.
    public var avgCost: Double

    /// Creates a position.
    public init(account: String, contract: Contract, quantity: Decimal, avgCost: Double) {
        self.account = account
        self.contract = contract
        self.quantity = quantity
        self.avgCost = avgCost
    }
}

/// A portfolio row from `updatePortfolio` (§13.3).
public struct PortfolioItem: Sendable, Hashable {
    /// Contract (primaryExchange filled, exchange empty).
    public var contract: Contract
    /// Signed quantity.
    public var position: Decimal
    /// Mark price.
    public var marketPrice: Double
    /// Market value.
    public var marketValue: Double
    /// Average cost.
    public var averageCost: Double
    /// Unrealized P&L.
    public var unrealizedPNL: Double
    /// Realized P&L.
    public var realizedPNL: Double
    /// Account id.
    public var account: String

    /// Creates a portfolio row.
    public init(contract: Contract, position: Decimal, marketPrice: Double, marketValue: Double, averageCost: Double,
                unrealizedPNL: Double, realizedPNL: Double, account: String) {
        self.contract = contract
        self.position = position
        self.marketPrice = marketPrice
        self.marketValue = marketValue
        self.averageCost = averageCost
        self.unrealizedPNL = unrealizedPNL
        self.realizedPNL = realizedPNL
        self.account = account
    }
}
