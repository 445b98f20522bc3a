import Foundation

/// Something a venue reports to the trading session: market data, order updates and connection notices.
public enum VenueEvent: Sendable, Equatable {
    /// A completed bar.
    case bar(MarketBar)
    /// A level-1 quote update.
    case quote(symbol: String, bid: Double, ask: Double, last: Double, time: Date)
    /// A level-2 book update: best levels per side as (price, size), best first.
    case book(symbol: String, bids: [BookLevelQuote], asks: [BookLevelQuote], time: Date)
    /// An order's status at the broker changed.
    case status(clientOrderID: String, status: OrderStatus, brokerOrderID: String?, filled: Double, time: Date)
    /// An execution. Commission may be reported later through ``commission(executionID:commission:)``.
    case fill(Fill)
    /// A commission reported after its execution (TWS sends commission reports separately).
    case commission(executionID: String, commission: Double)
    /// The broker rejected or cancelled an order with an error code and reason.
    case rejected(clientOrderID: String, code: Int, reason: String, time: Date)
    /// A connection notice (lost, resubscribed), for the log and the journal.
    case notice(String)
    /// The connection is back after a drop: orders sent around the drop must be checked with the broker.
    case reconnected(String)
    /// No more data (backtests and finite simulations).
    case endOfData
}

/// One price level of a book, for `on_book`.
public struct BookLevelQuote: Sendable, Equatable {
    /// Price.
    public var price: Double
    /// Size.
    public var size: Double

    /// Creates a level.
    public init(price: Double, size: Double) {
        self.price = price
        self.size = size
    }
}
