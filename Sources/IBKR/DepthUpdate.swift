import Foundation

/// Book side of a depth row (§8.2: 0 = ask, 1 = bid).
public enum BookSide: Int, Sendable, Hashable, Codable {
    /// Ask (offer) side.
    case ask = 0
    /// Bid side.
    case bid = 1
}

/// Depth row operation (§8.2).
public enum DepthOperation: Int, Sendable, Hashable, Codable {
    /// Insert a row at `position`.
    case insert = 0
    /// Replace the row at `position`.
    case update = 1
    /// Remove the row at `position`.
    case delete = 2
}

/// One level-2 book change (`updateMktDepth` / `updateMktDepthL2`), ready to apply to an order book.
public struct DepthUpdate: Sendable, Hashable {
    /// Request id of the depth subscription.
    public var reqId: Int
    /// Row index, 0 = best.
    public var position: Int
    /// Market maker / venue (L2 only; empty for `updateMktDepth`).
    public var marketMaker: String
    /// Insert, update or delete.
    public var operation: DepthOperation
    /// Bid or ask.
    public var side: BookSide
    /// Row price.
    public var price: Double
    /// Row size (ignored for delete).
    public var size: Decimal
    /// Smart depth flag (L2 only).
    public var isSmartDepth: Bool
    /// True when this came as `updateMktDepthL2` (13).
    public var isL2: Bool

    /// Creates a depth update.
    public init(reqId: Int, position: Int, marketMaker: String = "", operation: DepthOperation, side: BookSide,
                price: Double, size: Decimal, isSmartDepth: Bool = false, isL2: Bool = false) {
        self.reqId = reqId
        self.position = position
        self.marketMaker = marketMaker
        self.operation = operation
        self.side = side
        self.price = price
        self.size = size
        self.isSmartDepth = isSmartDepth
        self.isL2 = isL2
    }
}

/// A price level of a depth book.
public struct DepthLevel: Sendable, Hashable {
    /// Price.
    public var price: Double
    /// Size.
    public var size: Decimal
    /// Market maker / venue.
    public var marketMaker: String

    /// Creates a level.
    public init(price: Double, size: Decimal, marketMaker: String = "") {
        self.price = price
        self.size = size
        self.marketMaker = marketMaker
    }
}

/// A minimal row-based book that applies `DepthUpdate`s with IB's semantics (insert shifts down, delete
/// shifts up); the client keeps one per depth subscription. Feed the same updates to a full order book.
public struct DepthBook: Sendable, Hashable {
    /// Bid rows, best first.
    public private(set) var bids: [DepthLevel] = []
    /// Ask rows, best first.
    public private(set) var asks: [DepthLevel] = []

    /// Creates an empty book.
    public init() {}

    /// Applies one update; out-of-range positions are clamped or ignored rather than trapping.
    public mutating func apply(_ u: DepthUpdate) {
        let level = DepthLevel(price: u.price, size: u.size, marketMaker: u.marketMaker)
        switch u.side {
        case .bid: DepthBook.apply(u, level, to: &bids)
        case .ask: DepthBook.apply(u, level, to: &asks)
        }
    }

    private static func apply(_ u: DepthUpdate, _ level: DepthLevel, to rows: inout [DepthLevel]) {
        let p = max(0, u.position)
        switch u.operation {
        case .insert: rows.insert(level, at: min(p, rows.count))
        case .update:
            if p < rows.count { rows[p] = level } else { rows.append(level) }
        case .delete:
            if p < rows.count { rows.remove(at: p) }
        }
    }

    /// Removes every row (error 317 "depth reset").
    public mutating func clear() {
        bids.removeAll()
        asks.removeAll()
    }
}
