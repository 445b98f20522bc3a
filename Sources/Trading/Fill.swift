import Foundation

/// One execution reported by the broker (an IBKR `execDetails` with its commission report).
public struct Fill: Sendable, Equatable, Codable {
    /// The broker's execution id, unique per execution; recording a fill twice is a no-op.
    public let executionID: String
    /// The idempotency key of the order that filled (IBKR `orderRef`).
    public let clientOrderID: String
    /// The broker's order id, as a string.
    public let brokerOrderID: String?
    /// The instrument's symbol.
    public let symbol: String
    /// Buy or sell.
    public let side: OrderSide
    /// Shares executed, always positive.
    public let quantity: Double
    /// The execution price.
    public let price: Double
    /// The commission charged, positive (0 when not yet reported).
    public let commission: Double
    /// When the execution happened.
    public let time: Date

    /// Creates a fill.
    public init(
        executionID: String, clientOrderID: String, brokerOrderID: String? = nil, symbol: String, side: OrderSide,
        quantity: Double, price: Double, commission: Double = 0, time: Date = Date()
    ) {
        self.executionID = executionID
        self.clientOrderID = clientOrderID
        self.brokerOrderID = brokerOrderID
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.price = price
        self.commission = commission
        self.time = time
    }

    /// The quantity with its sign: positive for buys, negative for sells.
    public var signedQuantity: Double { side.sign * quantity }
}
