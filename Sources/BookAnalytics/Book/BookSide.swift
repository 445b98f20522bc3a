/// The side of an order book, numbered as TWS numbers it (`0 = ask`, `1 = bid`).
public enum BookSide: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Offers to sell; TWS side `0`.
    case ask = 0
    /// Offers to buy; TWS side `1`.
    case bid = 1

    /// Parses the names used by the Lua API, `"ask"` and `"bid"` (also `"sell"`/`"buy"`); `nil` otherwise.
    public init?(name: String) {
        switch name.lowercased() {
        case "ask", "sell", "offer": self = .ask
        case "bid", "buy": self = .bid
        default: return nil
        }
    }

    /// The lowercase name, `"ask"` or `"bid"`.
    public var description: String { self == .ask ? "ask" : "bid" }

    /// The other side of the book.
    public var opposite: BookSide { self == .ask ? .bid : .ask }
}
