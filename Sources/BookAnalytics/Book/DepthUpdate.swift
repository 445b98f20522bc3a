/// One TWS depth message, `updateMktDepth` (12) or `updateMktDepthL2` (13), with its fields as TWS sends them.
///
/// `operation` and `side` keep the raw integers so that bad input can be recorded, replayed and counted exactly as
/// it arrived; `kind` and `bookSide` decode them. Positions are 0-based (0 = best row), as on the wire.
public struct DepthUpdate: Sendable, Hashable {
    /// The row index, 0 = best.
    public var position: Int32
    /// The raw operation code: 0 insert, 1 update, 2 delete; anything else is rejected as unknown.
    public var operation: Int32
    /// The raw side code: 0 ask, 1 bid; anything else is rejected as unknown.
    public var side: Int32
    /// Whether this came as `updateMktDepthL2` (13): rows are per market maker and get aggregated by price.
    public var isL2: Bool
    /// The `isSmartDepth` flag of an L2 message (false for message 12).
    public var isSmartDepth: Bool
    /// The row's price (ignored for delete).
    public var price: Double
    /// The row's size (ignored for delete).
    public var size: Double
    /// The market maker or venue of an L2 row; `.none` for message 12.
    public var marketMaker: MarketMakerCode

    /// Creates an `updateMktDepth` (12) message from raw TWS codes.
    ///
    /// Integers outside the `Int32` range are saturated, which keeps them invalid.
    public init(position: Int, operation: Int, side: Int, price: Double, size: Double) {
        self.position = Int32(clamping: position)
        self.operation = Int32(clamping: operation)
        self.side = Int32(clamping: side)
        self.isL2 = false
        self.isSmartDepth = false
        self.price = price
        self.size = size
        self.marketMaker = .none
    }

    /// Creates an `updateMktDepth` (12) message from typed values.
    public init(position: Int, operation: DepthOperationKind, side: BookSide, price: Double, size: Double) {
        self.init(position: position, operation: operation.rawValue, side: side.rawValue, price: price, size: size)
    }

    /// Creates an `updateMktDepthL2` (13) message from raw TWS codes.
    public init(
        position: Int, marketMaker: MarketMakerCode, operation: Int, side: Int, price: Double, size: Double,
        isSmartDepth: Bool
    ) {
        self.init(position: position, operation: operation, side: side, price: price, size: size)
        self.isL2 = true
        self.isSmartDepth = isSmartDepth
        self.marketMaker = marketMaker
    }

    /// The decoded operation, or `nil` for an unknown code.
    public var kind: DepthOperationKind? { DepthOperationKind(rawValue: Int(operation)) }

    /// The decoded side, or `nil` for an unknown code.
    public var bookSide: BookSide? { BookSide(rawValue: Int(side)) }
}

extension DepthUpdate: CustomStringConvertible {
    /// A one-line rendering such as `insert bid[0] 300.0@100.25`.
    public var description: String {
        let op = kind.map(\.description) ?? "op\(operation)"
        let sd = bookSide.map(\.description) ?? "side\(side)"
        let mm = isL2 ? " mm=\(marketMaker)\(isSmartDepth ? " smart" : "")" : ""
        return "\(op) \(sd)[\(position)] \(size)@\(price)\(mm)"
    }
}
