import Foundation

/// Where an order is in its life, as the journal records it.
///
/// The write-ahead order is `intended` (journaled, nothing sent) → `submitting` (journaled just before the send; it
/// may or may not have reached the broker) → `submitted` / `partially_filled` → a terminal status. After a crash,
/// `intended` proves the order was never sent, and `submitting` says "ask the broker".
public enum OrderStatus: String, Sendable, Codable, CaseIterable {
    case intended
    case submitting
    case submitted
    case partiallyFilled = "partially_filled"
    case filled
    case cancelled
    case rejected
    /// Never sent, and dropped at a restart because it was too old to send.
    case expired
    /// Sent (or about to be) before a crash, but neither open nor executed at the broker afterwards; not resent.
    case unknownAtBroker = "unknown_at_broker"

    /// Whether the order can still change.
    public var isTerminal: Bool {
        switch self {
        case .intended, .submitting, .submitted, .partiallyFilled: return false
        case .filled, .cancelled, .rejected, .expired, .unknownAtBroker: return true
        }
    }
}

/// An order as the journal knows it: the intent plus its broker id, status and fills so far.
public struct JournaledOrder: Sendable, Equatable {
    /// The intent as risk-checked and recorded.
    public let intent: OrderIntent
    /// The broker's order id, once assigned.
    public let brokerOrderID: String?
    /// The latest status.
    public let status: OrderStatus
    /// Shares executed so far.
    public let filledQuantity: Double
    /// The average execution price, if anything filled.
    public let averageFillPrice: Double?
    /// When the status last changed.
    public let updatedAt: Date

    /// The idempotency key.
    public var clientOrderID: String { intent.clientOrderID }

    /// Shares still to execute.
    public var remainingQuantity: Double { max(0, intent.quantity - filledQuantity) }
}

/// An order the broker reports as open (IBKR `openOrder` + `orderStatus`), used by reconciliation.
public struct BrokerOpenOrder: Sendable, Equatable {
    /// The idempotency key carried in the order (IBKR `orderRef`), if the order came from Lunar.
    public let clientOrderID: String?
    /// The broker's order id.
    public let brokerOrderID: String
    /// The instrument's symbol.
    public let symbol: String
    /// Buy or sell.
    public let side: OrderSide
    /// The order's total quantity.
    public let quantity: Double
    /// Shares executed so far.
    public let filledQuantity: Double
    /// The broker's status text, e.g. `Submitted`, `PreSubmitted`.
    public let status: String

    /// Creates a broker order.
    public init(clientOrderID: String?, brokerOrderID: String, symbol: String, side: OrderSide, quantity: Double,
                filledQuantity: Double = 0, status: String = "Submitted") {
        self.clientOrderID = clientOrderID
        self.brokerOrderID = brokerOrderID
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.filledQuantity = filledQuantity
        self.status = status
    }
}
