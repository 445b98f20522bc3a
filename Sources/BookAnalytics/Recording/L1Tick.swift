/// A level-1 tick as TWS sends it: `tickPrice` (1) or `tickSize` (2).
public struct L1Tick: Sendable, Hashable {
    /// Which TWS message the tick came as.
    public enum Message: UInt8, Sendable, Hashable {
        /// `tickPrice`: a price, the size belonging to it (BID/ASK/LAST) and an attribute mask.
        case price = 0
        /// `tickSize`: a size only.
        case size = 1
    }

    /// `tickPrice` or `tickSize`.
    public var message: Message
    /// The TWS tick type (e.g. 1 BID, 2 ASK, 4 LAST, 0 BID_SIZE, 8 VOLUME; see tws-protocol.md §7.8).
    public var tickType: Int32
    /// The price of a `tickPrice`; NaN for a `tickSize`.
    public var price: Double
    /// The size (of a `tickSize`, or the size belonging to a `tickPrice`).
    public var size: Double
    /// The `attrMask` of a `tickPrice` (bit 0 canAutoExecute, 1 pastLimit, 2 preOpen); 0 for a `tickSize`.
    public var attributes: UInt8

    /// Creates a `tickPrice`.
    public static func price(tickType: Int32, price: Double, size: Double, attributes: UInt8 = 0) -> L1Tick {
        L1Tick(message: .price, tickType: tickType, price: price, size: size, attributes: attributes)
    }

    /// Creates a `tickSize`.
    public static func size(tickType: Int32, size: Double) -> L1Tick {
        L1Tick(message: .size, tickType: tickType, price: .nan, size: size, attributes: 0)
    }

    /// Creates a tick from all fields.
    public init(message: Message, tickType: Int32, price: Double, size: Double, attributes: UInt8) {
        self.message = message
        self.tickType = tickType
        self.price = price
        self.size = size
        self.attributes = attributes
    }

    /// Compares fields, with NaN prices equal (a `tickSize` has a NaN price).
    public static func == (a: L1Tick, b: L1Tick) -> Bool {
        a.message == b.message && a.tickType == b.tickType && a.size.bitPattern == b.size.bitPattern
            && (a.price.bitPattern == b.price.bitPattern || (a.price.isNaN && b.price.isNaN))
            && a.attributes == b.attributes
    }

    /// Hashes consistently with `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(message)
        hasher.combine(tickType)
        hasher.combine(price.isNaN ? Double.nan.bitPattern : price.bitPattern)
        hasher.combine(size.bitPattern)
        hasher.combine(attributes)
    }
}
