import Foundation

/// Tick type numbers (§7.8).
public enum TickType {
    /// Bid size.
    public static let bidSize = 0
    /// Bid price.
    public static let bid = 1
    /// Ask price.
    public static let ask = 2
    /// Ask size.
    public static let askSize = 3
    /// Last trade price.
    public static let last = 4
    /// Last trade size.
    public static let lastSize = 5
    /// Today's high.
    public static let high = 6
    /// Today's low.
    public static let low = 7
    /// Today's volume.
    public static let volume = 8
    /// Previous close.
    public static let close = 9
    /// Today's open.
    public static let open = 14
    /// Last trade time (epoch seconds as text).
    public static let lastTimestamp = 45
    /// Delayed bid.
    public static let delayedBid = 66
    /// Delayed ask.
    public static let delayedAsk = 67
    /// Delayed last.
    public static let delayedLast = 68
    /// Delayed bid size.
    public static let delayedBidSize = 69
    /// Delayed ask size.
    public static let delayedAskSize = 70
    /// Delayed last size.
    public static let delayedLastSize = 71

    /// The size tick implied by a price tick (BID→BID_SIZE, …), or `nil`.
    public static func sizeTick(forPriceTick t: Int) -> Int? {
        switch t {
        case bid: return bidSize
        case ask: return askSize
        case last: return lastSize
        case delayedBid: return delayedBidSize
        case delayedAsk: return delayedAskSize
        case delayedLast: return delayedLastSize
        default: return nil
        }
    }

    /// A readable name for common ticks.
    public static func name(_ t: Int) -> String {
        switch t {
        case 0: return "bidSize"
        case 1: return "bid"
        case 2: return "ask"
        case 3: return "askSize"
        case 4: return "last"
        case 5: return "lastSize"
        case 6: return "high"
        case 7: return "low"
        case 8: return "volume"
        case 9: return "close"
        case 14: return "open"
        case 45: return "lastTimestamp"
        case 66: return "delayedBid"
        case 67: return "delayedAsk"
        case 68: return "delayedLast"
        case 69: return "delayedBidSize"
        case 70: return "delayedAskSize"
        case 71: return "delayedLastSize"
        default: return "tick\(t)"
        }
    }
}

/// A `tickPrice` message (§7.4).
public struct TickPrice: Sendable, Hashable {
    /// Request id of the subscription.
    public var reqId: Int
    /// Tick type (§7.8).
    public var tickType: Int
    /// Price; −1 means "no quote on this side".
    public var price: Double
    /// Size belonging to the price for BID/ASK/LAST, 0 otherwise.
    public var size: Decimal
    /// Attribute bits: 0 canAutoExecute, 1 pastLimit, 2 preOpen.
    public var attrMask: Int

    /// Creates a price tick.
    public init(reqId: Int, tickType: Int, price: Double, size: Decimal = 0, attrMask: Int = 0) {
        self.reqId = reqId
        self.tickType = tickType
        self.price = price
        self.size = size
        self.attrMask = attrMask
    }
}

/// A `tickSize` message (§7.5).
public struct TickSize: Sendable, Hashable {
    /// Request id of the subscription.
    public var reqId: Int
    /// Tick type (§7.8).
    public var tickType: Int
    /// Size.
    public var size: Decimal

    /// Creates a size tick.
    public init(reqId: Int, tickType: Int, size: Decimal) {
        self.reqId = reqId
        self.tickType = tickType
        self.size = size
    }
}

/// One exchange of `mktDepthExchanges` (§8.4).
public struct DepthExchange: Sendable, Hashable {
    /// Exchange, e.g. `ISLAND`.
    public var exchange: String
    /// Security type.
    public var secType: String
    /// Listing exchange.
    public var listingExchange: String
    /// `Deep` or `Deep2`.
    public var serviceDataType: String
    /// Aggregation group.
    public var aggGroup: Int

    /// Creates a record.
    public init(exchange: String, secType: String, listingExchange: String, serviceDataType: String, aggGroup: Int) {
        self.exchange = exchange
        self.secType = secType
        self.listingExchange = listingExchange
        self.serviceDataType = serviceDataType
        self.aggGroup = aggGroup
    }
}

/// The latest level-1 values of one subscription, as the client keeps them.
public struct Quote: Sendable, Hashable {
    /// Best bid.
    public var bid: Double?
    /// Best ask.
    public var ask: Double?
    /// Last trade.
    public var last: Double?
    /// Bid size.
    public var bidSize: Decimal?
    /// Ask size.
    public var askSize: Decimal?
    /// Last size.
    public var lastSize: Decimal?
    /// Volume today.
    public var volume: Decimal?
    /// High today.
    public var high: Double?
    /// Low today.
    public var low: Double?
    /// Previous close.
    public var close: Double?
    /// Open today.
    public var open: Double?
    /// Market data type in effect (1 real-time, 2 frozen, 3 delayed, 4 delayed-frozen).
    public var marketDataType: Int = 1

    /// Creates an empty quote.
    public init() {}

    /// Applies a price tick (real-time or delayed ids).
    public mutating func apply(_ t: TickPrice) {
        let p: Double? = t.price < 0 ? nil : t.price
        switch t.tickType {
        case TickType.bid, TickType.delayedBid:
            bid = p
            bidSize = t.size
        case TickType.ask, TickType.delayedAsk:
            ask = p
            askSize = t.size
        case TickType.last, TickType.delayedLast:
            last = p
            lastSize = t.size
        case TickType.high, 72: high = p
        case TickType.low, 73: low = p
        case TickType.close, 75: close = p
        case TickType.open, 76: open = p
        default: break
        }
    }

    /// Applies a size tick.
    public mutating func apply(_ t: TickSize) {
        switch t.tickType {
        case TickType.bidSize, TickType.delayedBidSize: bidSize = t.size
        case TickType.askSize, TickType.delayedAskSize: askSize = t.size
        case TickType.lastSize, TickType.delayedLastSize: lastSize = t.size
        case TickType.volume, 74: volume = t.size
        default: break
        }
    }
}
