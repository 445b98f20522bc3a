import Foundation

/// The side of an order: buying adds to the position, selling subtracts from it.
public enum OrderSide: String, Sendable, Codable, CaseIterable {
    case buy
    case sell

    /// `+1` for a buy and `-1` for a sell, the sign an execution applies to a position.
    public var sign: Double { self == .buy ? 1 : -1 }

    /// The side that closes a position opened on this side.
    public var opposite: OrderSide { self == .buy ? .sell : .buy }
}

/// How an order is priced at the broker.
public enum OrderType: String, Sendable, Codable, CaseIterable {
    case market
    case limit
    case stop
    case stopLimit = "stop_limit"

    /// Whether the order carries a limit price that the price collar checks.
    public var hasLimitPrice: Bool { self == .limit || self == .stopLimit }

    /// Whether the order carries a stop (trigger) price.
    public var hasStopPrice: Bool { self == .stop || self == .stopLimit }
}

/// An order a strategy wants to place, before it reaches the broker.
///
/// `clientOrderID` is the idempotency key: the journal records the intent under it before anything is sent, the risk
/// manager refuses a second order with the same key, and after a restart the key (carried to IBKR as `orderRef`)
/// matches journaled orders with the broker's open orders.
public struct OrderIntent: Sendable, Equatable, Codable {
    /// The idempotency key, unique over the life of a journal.
    public let clientOrderID: String
    /// The instrument's symbol, e.g. `"AAPL"`.
    public let symbol: String
    /// Buy or sell.
    public let side: OrderSide
    /// The number of shares (or units), always positive.
    public let quantity: Double
    /// Market, limit, stop or stop-limit.
    public let type: OrderType
    /// The limit price for limit and stop-limit orders.
    public let limitPrice: Double?
    /// The trigger price for stop and stop-limit orders.
    public let stopPrice: Double?
    /// When the strategy created the intent.
    public let time: Date
    /// The strategy (or component, e.g. `"risk"` for flatten orders) that created the intent.
    public let strategy: String

    /// Creates an intent; `clientOrderID` defaults to a fresh random key.
    public init(
        clientOrderID: String? = nil, symbol: String, side: OrderSide, quantity: Double, type: OrderType = .market,
        limitPrice: Double? = nil, stopPrice: Double? = nil, time: Date = Date(), strategy: String = "strategy"
    ) {
        self.clientOrderID = clientOrderID ?? ClientOrderID.random()
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.type = type
        self.limitPrice = limitPrice
        self.stopPrice = stopPrice
        self.time = time
        self.strategy = strategy
    }

    /// The quantity with its sign: positive for buys, negative for sells.
    public var signedQuantity: Double { side.sign * quantity }

    /// A one-line description, e.g. `BUY 100 AAPL LMT 187.5 [id]`.
    public var summary: String {
        var text = "\(side.rawValue.uppercased()) \(formatQuantity(quantity)) \(symbol) \(type.rawValue.uppercased())"
        if let stopPrice { text += " stop \(formatPrice(stopPrice))" }
        if let limitPrice { text += " limit \(formatPrice(limitPrice))" }
        return text + " [\(clientOrderID)]"
    }
}

/// Makes idempotency keys for orders.
public enum ClientOrderID {
    /// A random key, `lunar-` followed by 20 hexadecimal digits.
    public static func random() -> String {
        let uuid = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        return "lunar-" + uuid.prefix(20)
    }

    /// A deterministic key from the strategy, the bar (or event) time and a sequence number within that event.
    ///
    /// A strategy that replays the same bar after a restart produces the same key, so the risk manager and the
    /// journal recognise the replayed order as a duplicate instead of sending it twice.
    public static func deterministic(strategy: String, symbol: String, eventTime: Date, sequence: Int) -> String {
        let millis = Int64((eventTime.timeIntervalSince1970 * 1000).rounded())
        return "\(strategy)-\(symbol)-\(millis)-\(sequence)"
    }
}

/// Formats a share count without a trailing `.0` when it is whole: `1500`, `0.5`.
func formatQuantity(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
}

/// Formats a price or an amount with two decimals, more when needed: `187.50`, `0.0125`.
func formatPrice(_ value: Double) -> String {
    let two = String(format: "%.2f", value)
    if abs((Double(two) ?? value) - value) < 1e-9 { return two }
    return String(format: "%.6g", value)
}

/// Formats a percentage with one decimal: `5.0%`.
func formatPercent(_ fraction: Double) -> String {
    String(format: "%.1f%%", fraction * 100)
}
