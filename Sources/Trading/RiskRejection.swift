import Foundation

/// The rule a risk check applies; raw values are the config keys (or names) that appear in messages and the journal.
public enum RiskRule: String, Sendable, Equatable, CaseIterable, Codable {
    case invalidOrder = "invalid_order"
    case duplicateOrder = "duplicate_order"
    case symbolNotAllowed = "symbol_not_allowed"
    case tradingHours = "trading_hours"
    case maxOrderQuantity = "max_order_qty"
    case maxOrderNotional = "max_notional"
    case priceCollar = "price_collar_pct"
    case noReferencePrice = "no_reference_price"
    case maxPosition = "max_position"
    case maxPositionNotional = "max_position_notional"
    case maxGrossExposure = "max_gross_exposure"
    case maxOrdersPerMinute = "max_orders_per_minute"
    case dailyLossLimit = "daily_loss_limit"
    case halted = "halted"
    case emergencyStop = "emergency_stop"
}

/// Why the risk manager refused an order: the rule, the numbers compared, and a message naming both.
public struct RiskRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The rule that refused the order.
    public let rule: RiskRule
    /// The refused order's idempotency key.
    public let clientOrderID: String
    /// The refused order's symbol.
    public let symbol: String
    /// The measured value that broke the limit (shares, money, a fraction or a count), when the rule has one.
    public let value: Double?
    /// The limit that was broken, when the rule has one.
    public let limit: Double?
    /// The full message, starting with the rule: `max_order_qty: 1500 shares > limit 1000`.
    public let message: String

    /// Creates a rejection; `detail` is the message after `rule: `.
    public init(rule: RiskRule, intent: OrderIntent, value: Double? = nil, limit: Double? = nil, detail: String) {
        self.rule = rule
        self.clientOrderID = intent.clientOrderID
        self.symbol = intent.symbol
        self.value = value
        self.limit = limit
        self.message = "\(rule.rawValue): \(detail)"
    }

    /// The message.
    public var description: String { message }
}
