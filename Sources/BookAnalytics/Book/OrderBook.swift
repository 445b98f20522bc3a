/// A Level-2 order book maintained from TWS depth messages: rows per side, best first.
///
/// Rows are addressed by position exactly as TWS `updateMktDepth` (12) and `updateMktDepthL2` (13) address them
/// (see `tws-protocol.md` §8): *insert* adds a row at `position` shifting the rows at and below it down (on a
/// full book the last row falls off), *update* replaces the row at `position`, *delete* removes it shifting the
/// rows below it up.
///
/// - For message 12 each row is one price level, so the levels are the rows, in the order TWS keeps them.
/// - Once an L2 message arrives, rows are per market maker (or venue, for SMART depth); the levels are then the
///   rows aggregated by price (sizes summed), sorted best first. Aggregation is lazy: it runs on the first read
///   after a change.
///
/// An operation that cannot be applied leaves the book unchanged, is counted per `BookRejection` kind and is
/// reported once per kind to `rejectionLogger`. Storage is allocated once at `init`; applying an operation never
/// allocates. Not thread-safe: use a book from one thread at a time.
public final class OrderBook {
    /// The largest depth a book can have (TWS serves at most 50 rows).
    public static let maximumDepth = 50

    /// The number of rows kept per side (the `numRows` of `reqMktDepth`), 1...50.
    public let depth: Int

    // Row storage, `depth` entries per array, allocated once.
    let bidPrices: UnsafeMutablePointer<Double>
    let bidSizes: UnsafeMutablePointer<Double>
    let bidMakers: UnsafeMutablePointer<MarketMakerCode>
    let askPrices: UnsafeMutablePointer<Double>
    let askSizes: UnsafeMutablePointer<Double>
    let askMakers: UnsafeMutablePointer<MarketMakerCode>
    // Aggregated levels (used once rows are per market maker), `depth` entries per array.
    let bidLevelPrices: UnsafeMutablePointer<Double>
    let bidLevelSizes: UnsafeMutablePointer<Double>
    let askLevelPrices: UnsafeMutablePointer<Double>
    let askLevelSizes: UnsafeMutablePointer<Double>

    // Mutable state is `@exclusivity(unchecked)`: a class's stored `var`s otherwise pay a dynamic exclusivity
    // check on every access, which cost more than a book operation itself. The book is single-threaded and never
    // hands out `inout` access to these, so the check has nothing to catch.

    /// The number of bid rows.
    @exclusivity(unchecked) public internal(set) var bidRowCount = 0
    /// The number of ask rows.
    @exclusivity(unchecked) public internal(set) var askRowCount = 0
    @exclusivity(unchecked) var aggregatedBidCount = 0
    @exclusivity(unchecked) var aggregatedAskCount = 0
    @exclusivity(unchecked) var bidLevelsDirty = false
    @exclusivity(unchecked) var askLevelsDirty = false

    /// Whether the rows are per market maker (an L2 message arrived) and levels are aggregated from them.
    @exclusivity(unchecked) public internal(set) var aggregatesMarketMakerRows = false

    /// The number of operations applied since creation.
    @exclusivity(unchecked) public internal(set) var appliedCount = 0

    /// The number of rejected operations, per kind, since creation or `resetRejections()`.
    @exclusivity(unchecked) public internal(set) var rejections = BookRejectionCounts()

    @exclusivity(unchecked) var loggedRejectionKinds: UInt32 = 0

    /// Called the first time each rejection kind occurs (since creation or `resetRejections()`), for logging.
    ///
    /// Later rejections of the same kind are only counted. The closure must not mutate this book.
    public var rejectionLogger: ((BookRejection, DepthUpdate) -> Void)?

    /// The feature engine used by `computeFeatures()`; holds the rolling-window state.
    @exclusivity(unchecked) public var featureEngine: BookFeatureEngine

    /// Creates an empty book keeping `depth` rows per side.
    ///
    /// - Throws: `BookError.invalidDepth` unless `1 <= depth <= 50`; `BookFeatureError.invalidParameter` for a
    ///   feature parameter out of range.
    public init(depth: Int = 10, features: BookFeatureConfiguration = BookFeatureConfiguration()) throws {
        guard depth >= 1 && depth <= Self.maximumDepth else { throw BookError.invalidDepth(depth) }
        try features.validate()
        self.depth = depth
        func doubles() -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: depth)
            p.initialize(repeating: 0, count: depth)
            return p
        }
        func makers() -> UnsafeMutablePointer<MarketMakerCode> {
            let p = UnsafeMutablePointer<MarketMakerCode>.allocate(capacity: depth)
            p.initialize(repeating: .none, count: depth)
            return p
        }
        bidPrices = doubles()
        bidSizes = doubles()
        bidMakers = makers()
        askPrices = doubles()
        askSizes = doubles()
        askMakers = makers()
        bidLevelPrices = doubles()
        bidLevelSizes = doubles()
        askLevelPrices = doubles()
        askLevelSizes = doubles()
        featureEngine = BookFeatureEngine(validated: features)
    }

    deinit {
        for p in [bidPrices, bidSizes, askPrices, askSizes, bidLevelPrices, bidLevelSizes, askLevelPrices,
                  askLevelSizes] {
            p.deallocate()
        }
        bidMakers.deallocate()
        askMakers.deallocate()
    }

    // MARK: Applying operations

    /// Applies one TWS depth message; returns `nil` when applied, or why it was rejected (book unchanged).
    ///
    /// Checks, in this order: operation code, side code, `0 <= position < depth`, then for insert and update a
    /// finite price and a finite non-negative size (delete ignores price and size, as TWS does), then that the
    /// row exists (update/delete: `position < rows`; insert: `position <= rows`).
    @discardableResult
    public func apply(_ update: DepthUpdate) -> BookRejection? {
        let operation = update.operation
        guard operation >= 0 && operation <= 2 else { return reject(.unknownOperation, update) }
        let side = update.side
        guard side == 0 || side == 1 else { return reject(.unknownSide, update) }
        let position = Int(update.position)
        guard position >= 0 && position < depth else { return reject(.positionOutOfRange, update) }
        if operation != 2 {
            guard update.price.isFinite else { return reject(.invalidPrice, update) }
            guard update.size.isFinite && update.size >= 0 else { return reject(.invalidSize, update) }
        }
        let isBid = side == 1
        let count = isBid ? bidRowCount : askRowCount
        let prices = isBid ? bidPrices : askPrices
        let sizes = isBid ? bidSizes : askSizes
        let makers = isBid ? bidMakers : askMakers
        let maker = update.isL2 ? update.marketMaker : MarketMakerCode.none
        var newCount = count
        switch operation {
        case 0:
            guard position <= count else { return reject(.missingRow, update) }
            // Shift rows at and below `position` down; on a full book the last row falls off.
            let last = count < depth ? count : depth - 1
            var i = last
            while i > position {
                prices[i] = prices[i - 1]
                sizes[i] = sizes[i - 1]
                makers[i] = makers[i - 1]
                i -= 1
            }
            prices[position] = update.price
            sizes[position] = update.size
            makers[position] = maker
            if count < depth { newCount = count + 1 }
        case 1:
            guard position < count else { return reject(.missingRow, update) }
            prices[position] = update.price
            sizes[position] = update.size
            makers[position] = maker
        default:
            guard position < count else { return reject(.missingRow, update) }
            var i = position
            while i < count - 1 {
                prices[i] = prices[i + 1]
                sizes[i] = sizes[i + 1]
                makers[i] = makers[i + 1]
                i += 1
            }
            newCount = count - 1
        }
        if isBid {
            bidRowCount = newCount
            bidLevelsDirty = true
        } else {
            askRowCount = newCount
            askLevelsDirty = true
        }
        if update.isL2 && !aggregatesMarketMakerRows {
            aggregatesMarketMakerRows = true
            bidLevelsDirty = true
            askLevelsDirty = true
        }
        appliedCount &+= 1
        #if DEBUG
        assertInvariants()
        #endif
        return nil
    }

    /// Applies an `updateMktDepth` (12) message given as raw TWS codes (position 0 = best; operation 0 insert,
    /// 1 update, 2 delete; side 0 ask, 1 bid); returns `nil` when applied, or why it was rejected.
    @discardableResult
    public func apply(position: Int, operation: Int, side: Int, price: Double, size: Double) -> BookRejection? {
        apply(DepthUpdate(position: position, operation: operation, side: side, price: price, size: size))
    }

    /// Applies an `updateMktDepth` (12) message given with the Lua API's names (`"insert"|"update"|"delete"`,
    /// `"ask"|"bid"`); an unknown name is rejected as `.unknownOperation` / `.unknownSide`.
    @discardableResult
    public func apply(position: Int, operation: String, side: String, price: Double, size: Double) -> BookRejection? {
        let op = DepthOperationKind(name: operation)?.rawValue ?? -1
        let sd = BookSide(name: side)?.rawValue ?? -1
        return apply(DepthUpdate(position: position, operation: op, side: sd, price: price, size: size))
    }

    /// Applies an `updateMktDepthL2` (13) message: one market maker's row; levels become aggregated by price.
    ///
    /// A market maker code longer than 16 UTF-8 bytes is truncated to its first 16 bytes (TWS codes are short).
    @discardableResult
    public func applyL2(
        position: Int, marketMaker: String, operation: Int, side: Int, price: Double, size: Double,
        isSmartDepth: Bool
    ) -> BookRejection? {
        let code = MarketMakerCode(truncating: marketMaker)
        return apply(DepthUpdate(position: position, marketMaker: code, operation: operation, side: side,
                                 price: price, size: size, isSmartDepth: isSmartDepth))
    }

    /// Counts a rejection that happened before an operation could be built (e.g. a binding that cannot read a
    /// field), and logs it if it is the first of its kind.
    public func recordRejection(_ kind: BookRejection, _ update: DepthUpdate) {
        _ = reject(kind, update)
    }

    @inline(never)
    func reject(_ kind: BookRejection, _ update: DepthUpdate) -> BookRejection {
        rejections[kind] += 1
        let bit = UInt32(1) << UInt32(kind.rawValue)
        if loggedRejectionKinds & bit == 0 {
            loggedRejectionKinds |= bit
            rejectionLogger?(kind, update)
        }
        return kind
    }

    /// Sets all rejection counts to zero and lets each kind be logged once more.
    public func resetRejections() {
        rejections = BookRejectionCounts()
        loggedRejectionKinds = 0
    }

    /// Empties both sides (what TWS error 317 asks for before it resends the book); rows become plain levels
    /// again until the next L2 message. Rejection counts and the feature engine's window are kept.
    public func clear() {
        bidRowCount = 0
        askRowCount = 0
        aggregatedBidCount = 0
        aggregatedAskCount = 0
        bidLevelsDirty = false
        askLevelsDirty = false
        aggregatesMarketMakerRows = false
    }

    /// Empties one side.
    public func clear(side: BookSide) {
        if side == .bid {
            bidRowCount = 0
            bidLevelsDirty = true
        } else {
            askRowCount = 0
            askLevelsDirty = true
        }
    }
}

extension MarketMakerCode {
    /// Creates a code from the first 16 UTF-8 bytes of `string`, stopping at a NUL byte.
    public init(truncating string: String) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var i = 0
        for byte in string.utf8 {
            if byte == 0 || i == Self.maximumLength { break }
            if i < 8 { low |= UInt64(byte) << (8 * UInt64(i)) } else { high |= UInt64(byte) << (8 * UInt64(i - 8)) }
            i += 1
        }
        self.init(low: low, high: high)
    }
}
