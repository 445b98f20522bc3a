import Foundation

/// An order that is live at the broker (or on its way there), as the risk manager counts it for exposure.
public struct OpenOrderState: Sendable, Equatable, Codable {
    /// The idempotency key.
    public let clientOrderID: String
    /// The instrument's symbol.
    public let symbol: String
    /// Buy or sell.
    public let side: OrderSide
    /// Shares not yet executed.
    public let remainingQuantity: Double
    /// The limit price, if any.
    public let limitPrice: Double?

    /// Creates an open order.
    public init(clientOrderID: String, symbol: String, side: OrderSide, remainingQuantity: Double,
                limitPrice: Double? = nil) {
        self.clientOrderID = clientOrderID
        self.symbol = symbol
        self.side = side
        self.remainingQuantity = remainingQuantity
        self.limitPrice = limitPrice
    }
}

/// What the risk manager needs to know about the account when it checks an order or the daily loss.
public struct AccountState: Sendable, Equatable {
    /// Positions by symbol.
    public var positions: [String: PositionState]
    /// Orders live at the broker or on their way; their remaining quantity counts toward the position limits.
    public var openOrders: [OpenOrderState]
    /// Realized PnL since the start of the trading day, after commissions.
    public var realizedPnLToday: Double
    /// Reference prices by symbol (last trade or mid); positions' marks are used when a symbol is missing here.
    public var referencePrices: [String: Double]

    /// Creates an account snapshot.
    public init(positions: [String: PositionState] = [:], openOrders: [OpenOrderState] = [],
                realizedPnLToday: Double = 0, referencePrices: [String: Double] = [:]) {
        self.positions = positions
        self.openOrders = openOrders
        self.realizedPnLToday = realizedPnLToday
        self.referencePrices = referencePrices
    }

    /// The unrealized PnL of all positions at their marks.
    public var unrealizedPnL: Double { positions.values.reduce(0) { $0 + $1.unrealizedPnL } }

    /// Realized plus unrealized PnL for the day: the number the daily loss limit watches.
    public var dayPnL: Double { realizedPnLToday + unrealizedPnL }

    /// The reference price of `symbol`: the explicit one, else the position's mark.
    public func referencePrice(of symbol: String) -> Double? {
        referencePrices[symbol] ?? positions[symbol]?.marketPrice
    }

    /// The signed position in `symbol` (0 when flat).
    public func quantity(of symbol: String) -> Double { positions[symbol]?.quantity ?? 0 }
}
