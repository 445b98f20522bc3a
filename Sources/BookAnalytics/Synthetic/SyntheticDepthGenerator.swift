/// A seeded order-flow simulator that emits TWS-style depth operations; deterministic for a seed.
///
/// The model (a zero-intelligence order book in the spirit of Smith–Farmer and Cont–Stoikov–Talreja):
/// - a latent "fair" mid follows a random walk (`volatilityBps` per √s);
/// - order-flow events arrive as a Poisson process (`eventsPerSecond`) and are limit orders, cancels or market
///   orders in proportion to their weights;
/// - limit orders rest a geometric number of ticks (mean `meanPlacementTicks`) behind the fair price's touch,
///   never crossing the opposite best; sizes are whole lots (1 + geometric, mean `meanLots`);
/// - cancels hit a level chosen in proportion to its size, at a rate proportional to the resting volume (so the
///   book settles at `2 · (depth + 5) · meanLevelLots` lots); market orders walk the opposite side, buying more
///   often when the fair price is above the book's mid, so the book follows the fair price;
/// - thin sides are replenished from behind, so the published `depth` rows are usually full.
///
/// After each order-flow event the top `depth` levels of the changed sides are diffed against what was
/// published and the difference is emitted as `updateMktDepth` operations (style `.shifting` like a real TWS,
/// or `.endOnly` for map-based clients; as SMART-depth `updateMktDepthL2` rows when `marketMakers` is set),
/// followed by LAST `tickPrice` ticks for trades. Applying the emitted
/// depth operations to an `OrderBook` of the same depth reproduces the published book exactly, with no
/// rejections. Random numbers come from `SplitMix64` and `DeterministicMath`, so a seed gives the same events
/// on every platform. No allocation after warm-up.
public struct SyntheticDepthGenerator: IteratorProtocol, Sequence, Sendable {
    /// The parameters in use.
    public let configuration: SyntheticDepthConfiguration
    /// The seed the generator was created with.
    public let seed: UInt64

    var rng: SplitMix64
    var clock: Int64
    var fair: Double  // latent mid, in ticks
    let capacity: Int  // internal levels kept per side
    let inverseTick: Double?
    // Internal book, best first; prices in ticks.
    var bidTicks: [Int64] = []
    var bidSizes: [Double] = []
    var askTicks: [Int64] = []
    var askSizes: [Double] = []
    // What subscribers hold (top `depth` rows as published).
    var publishedBidTicks: [Int64] = []
    var publishedBidSizes: [Double] = []
    var publishedAskTicks: [Int64] = []
    var publishedAskSizes: [Double] = []
    var pending: [BookEvent] = []
    var pendingIndex = 0
    var trades: [(Int64, Double)] = []
    var started = false
    var volume = 0.0  // resting volume, both sides
    let marketMakers: [MarketMakerCode]
    let equilibriumVolume: Double

    /// The number of order-flow events simulated so far (each emits zero or more operations).
    public private(set) var orderFlowEvents = 0

    /// Creates a generator.
    ///
    /// - Throws: `SyntheticDepthError.invalidParameter` for a configuration out of range.
    public init(seed: UInt64, configuration: SyntheticDepthConfiguration = SyntheticDepthConfiguration()) throws {
        try configuration.validate()
        self.configuration = configuration
        self.seed = seed
        rng = SplitMix64(seed: seed)
        clock = configuration.startTimestamp
        fair = configuration.initialMid / configuration.tickSize
        capacity = Swift.max(3 * configuration.depth, configuration.depth + 20)
        marketMakers = configuration.marketMakers.map { MarketMakerCode(truncating: $0) }
        equilibriumVolume = 2 * Double(configuration.depth + 5) * configuration.meanLevelLots * configuration.lotSize
        let inverse = 1 / configuration.tickSize
        inverseTick = abs(inverse - inverse.rounded()) < 1e-9 * inverse ? inverse.rounded() : nil
        bidTicks.reserveCapacity(capacity + 1)
        bidSizes.reserveCapacity(capacity + 1)
        askTicks.reserveCapacity(capacity + 1)
        askSizes.reserveCapacity(capacity + 1)
        publishedBidTicks.reserveCapacity(configuration.depth + 1)
        publishedBidSizes.reserveCapacity(configuration.depth + 1)
        publishedAskTicks.reserveCapacity(configuration.depth + 1)
        publishedAskSizes.reserveCapacity(configuration.depth + 1)
        pending.reserveCapacity(8 * configuration.depth + 64)
        trades.reserveCapacity(capacity + 1)
    }

    /// The next event (a depth operation, or a LAST trade tick if `emitTrades`); never ends.
    public mutating func nextEvent() -> BookEvent {
        while pendingIndex == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            if started { step() } else { start() }
        }
        let event = pending[pendingIndex]
        pendingIndex += 1
        return event
    }

    /// The next event; never `nil` (the stream is infinite).
    public mutating func next() -> BookEvent? { nextEvent() }

    /// The price of a tick count.
    @inline(__always)
    func price(_ ticks: Int64) -> Double {
        if let inverseTick { return Double(ticks) / inverseTick }
        return Double(ticks) * configuration.tickSize
    }

    /// The latent fair mid price.
    public var fairPrice: Double { fair * configuration.tickSize }

    /// The published book (what a subscriber holds), best first.
    public var publishedLevels: (bids: [BookLevel], asks: [BookLevel]) {
        (zip(publishedBidTicks, publishedBidSizes).map { BookLevel(price: price($0), size: $1) },
         zip(publishedAskTicks, publishedAskSizes).map { BookLevel(price: price($0), size: $1) })
    }

    /// Simulated time of the latest event, ns since the epoch.
    public var timestamp: Int64 { clock }

    // MARK: Order flow

    mutating func orderSize() -> Double {
        configuration.lotSize * Double(1 + rng.nextGeometric(mean: configuration.meanLots - 1))
    }

    /// Seeds both sides with `depth + 5` levels around the initial mid and publishes them.
    mutating func start() {
        started = true
        let levels = configuration.depth + 5
        let bestBid = Int64(fair.rounded(.down)) - (fair == fair.rounded(.down) ? 1 : 0)
        let bestAsk = Int64(fair.rounded(.up)) + (fair == fair.rounded(.up) ? 1 : 0)
        for i in 0..<levels {
            let hump = 1 + Double(Swift.min(i, 4)) / 2  // thinner at the touch, thicker a few ticks away
            add(bid: true, ticks: bestBid - Int64(i), size: (orderSize() * hump).rounded())
            add(bid: false, ticks: bestAsk + Int64(i), size: (orderSize() * hump).rounded())
        }
        publish(bid: true)
        publish(bid: false)
    }

    /// One order-flow event and the operations it causes.
    mutating func step() {
        let c = configuration
        orderFlowEvents += 1
        // Gillespie step: the cancel rate follows the resting volume.
        let base = c.eventsPerSecond / (c.limitWeight + c.cancelWeight + c.marketWeight)
        let limitRate = base * c.limitWeight
        let marketRate = base * c.marketWeight
        let cancelRate = base * c.cancelWeight * volume / equilibriumVolume
        let rate = limitRate + marketRate + cancelRate
        let dt = rng.nextExponential(rate: rate)
        clock &+= Swift.max(1, Int64(Swift.min(dt * 1e9, 9e15)))
        fair += fair * c.volatilityBps * 1e-4 * dt.squareRoot() * rng.nextGaussian()
        fair = Swift.max(fair, 100)
        let u = rng.nextUnit() * rate
        if u < limitRate {
            limitOrder(bid: rng.next() & 1 == 0)
        } else if u < limitRate + cancelRate {
            cancel(bid: rng.next() & 1 == 0)
        } else {
            marketOrder()
        }
        replenish(bid: true)
        replenish(bid: false)
        publish(bid: true)
        publish(bid: false)
        if c.emitTrades {
            for (ticks, size) in trades {
                pending.append(BookEvent(timestamp: clock, stream: c.stream,
                                         payload: .tick(.price(tickType: 4, price: price(ticks), size: size))))
            }
        }
        trades.removeAll(keepingCapacity: true)
    }

    mutating func limitOrder(bid: Bool) {
        let k = Int64(rng.nextGeometric(mean: configuration.meanPlacementTicks))
        var ticks: Int64
        if bid {
            ticks = Int64(fair.rounded(.down)) - k
            if let best = askTicks.first { ticks = Swift.min(ticks, best - 1) }
        } else {
            ticks = Int64(fair.rounded(.up)) + k
            if let best = bidTicks.first { ticks = Swift.max(ticks, best + 1) }
        }
        add(bid: bid, ticks: ticks, size: orderSize())
    }

    mutating func cancel(bid: Bool) {
        let sizes = bid ? bidSizes : askSizes
        guard !sizes.isEmpty else { return }
        var total = 0.0
        for s in sizes { total += s }
        var r = rng.nextUnit() * total
        var index = sizes.count - 1
        for (i, s) in sizes.enumerated() {
            if r < s {
                index = i
                break
            }
            r -= s
        }
        reduce(bid: bid, index: index, by: orderSize())
    }

    mutating func marketOrder() {
        let bookMid = Double((bidTicks.first ?? 0) + (askTicks.first ?? 0)) / 2
        let x = fair - bookMid
        let buy = rng.nextUnit() < 0.5 + 0.4 * x / (1 + abs(x))
        var remaining = orderSize()
        // A buy walks the asks; a sell walks the bids.
        while remaining > 0 {
            let side = buy ? askTicks : bidTicks
            guard let ticks = side.first else { break }
            let available = buy ? askSizes[0] : bidSizes[0]
            let take = Swift.min(remaining, available)
            trades.append((ticks, take))
            reduce(bid: !buy, index: 0, by: take)
            remaining -= take
        }
    }

    /// Keeps each side at least `depth + 2` levels deep by adding an order behind the worst level.
    mutating func replenish(bid: Bool) {
        let count = bid ? bidTicks.count : askTicks.count
        guard count < configuration.depth + 2 else { return }
        let gap = Int64(1 + rng.nextGeometric(mean: 0.5))
        let ticks: Int64
        if bid {
            let worst = bidTicks.last ?? Swift.min(Int64(fair.rounded(.down)), (askTicks.first ?? Int64.max) - 1) + 1
            ticks = worst - gap
        } else {
            ticks = (askTicks.last ?? Swift.max(Int64(fair.rounded(.up)), (bidTicks.first ?? Int64.min) + 1) - 1) + gap
        }
        add(bid: bid, ticks: ticks, size: orderSize())
    }

    /// Adds size at a price level, keeping the side best first and at most `capacity` levels.
    mutating func add(bid: Bool, ticks: Int64, size: Double) {
        guard ticks > 0 else { return }
        if bid {
            var i = 0
            while i < bidTicks.count && bidTicks[i] > ticks { i += 1 }
            if i < bidTicks.count && bidTicks[i] == ticks {
                bidSizes[i] += size
                volume += size
            } else if i < capacity {
                bidTicks.insert(ticks, at: i)
                bidSizes.insert(size, at: i)
                volume += size
                if bidTicks.count > capacity {
                    bidTicks.removeLast()
                    volume -= bidSizes.removeLast()
                }
            }
        } else {
            var i = 0
            while i < askTicks.count && askTicks[i] < ticks { i += 1 }
            if i < askTicks.count && askTicks[i] == ticks {
                askSizes[i] += size
                volume += size
            } else if i < capacity {
                askTicks.insert(ticks, at: i)
                askSizes.insert(size, at: i)
                volume += size
                if askTicks.count > capacity {
                    askTicks.removeLast()
                    volume -= askSizes.removeLast()
                }
            }
        }
    }

    /// Removes `amount` from a level, deleting the level when nothing is left.
    mutating func reduce(bid: Bool, index: Int, by amount: Double) {
        if bid {
            volume -= Swift.min(amount, bidSizes[index])
            bidSizes[index] -= amount
            if bidSizes[index] <= 0 {
                bidTicks.remove(at: index)
                bidSizes.remove(at: index)
            }
        } else {
            volume -= Swift.min(amount, askSizes[index])
            askSizes[index] -= amount
            if askSizes[index] <= 0 {
                askTicks.remove(at: index)
                askSizes.remove(at: index)
            }
        }
    }

    // MARK: Publishing

    /// Emits the operations that turn the published top of one side into the current one.
    mutating func publish(bid: Bool) {
        let depth = configuration.depth
        let side = bid ? BookSide.bid : .ask
        let targetTicks = bid ? bidTicks : askTicks
        let targetSizes = bid ? bidSizes : askSizes
        let n = Swift.min(depth, targetTicks.count)
        var ticks = bid ? publishedBidTicks : publishedAskTicks
        var sizes = bid ? publishedBidSizes : publishedAskSizes
        if bid {
            publishedBidTicks = []
            publishedBidSizes = []
        } else {
            publishedAskTicks = []
            publishedAskSizes = []
        }
        func emit(_ operation: DepthOperationKind, _ position: Int, _ t: Int64, _ s: Double) {
            var update = DepthUpdate(position: position, operation: operation, side: side,
                                     price: operation == .delete ? 0 : price(t), size: operation == .delete ? 0 : s)
            if !marketMakers.isEmpty {
                // SMART depth: each level is quoted by one venue, chosen by its price.
                let row = operation == .delete ? ticks[position] : t
                update.isL2 = true
                update.isSmartDepth = true
                update.marketMaker = marketMakers[Int(UInt64(bitPattern: row) % UInt64(marketMakers.count))]
            }
            pending.append(BookEvent(timestamp: clock, stream: configuration.stream, payload: .depth(update)))
        }
        switch configuration.style {
        case .shifting:
            var i = 0
            while i < n || i < ticks.count {
                if i >= n {
                    emit(.delete, i, 0, 0)
                    ticks.remove(at: i)
                    sizes.remove(at: i)
                } else if i >= ticks.count {
                    emit(.insert, i, targetTicks[i], targetSizes[i])
                    ticks.append(targetTicks[i])
                    sizes.append(targetSizes[i])
                    i += 1
                } else if ticks[i] == targetTicks[i] {
                    if sizes[i] != targetSizes[i] {
                        emit(.update, i, targetTicks[i], targetSizes[i])
                        sizes[i] = targetSizes[i]
                    }
                    i += 1
                } else if bid ? targetTicks[i] > ticks[i] : targetTicks[i] < ticks[i] {
                    // A new, better level: insert it; on a full book the last row falls off, as in TWS.
                    emit(.insert, i, targetTicks[i], targetSizes[i])
                    ticks.insert(targetTicks[i], at: i)
                    sizes.insert(targetSizes[i], at: i)
                    if ticks.count > depth {
                        ticks.removeLast()
                        sizes.removeLast()
                    }
                    i += 1
                } else {
                    // The published level is gone.
                    emit(.delete, i, 0, 0)
                    ticks.remove(at: i)
                    sizes.remove(at: i)
                }
            }
        case .endOnly:
            let common = Swift.min(n, ticks.count)
            for i in 0..<common where ticks[i] != targetTicks[i] || sizes[i] != targetSizes[i] {
                emit(.update, i, targetTicks[i], targetSizes[i])
                ticks[i] = targetTicks[i]
                sizes[i] = targetSizes[i]
            }
            if n > ticks.count {
                for i in ticks.count..<n {
                    emit(.insert, i, targetTicks[i], targetSizes[i])
                    ticks.append(targetTicks[i])
                    sizes.append(targetSizes[i])
                }
            } else {
                while ticks.count > n {
                    emit(.delete, ticks.count - 1, 0, 0)
                    ticks.removeLast()
                    sizes.removeLast()
                }
            }
        }
        if bid {
            publishedBidTicks = ticks
            publishedBidSizes = sizes
        } else {
            publishedAskTicks = ticks
            publishedAskSizes = sizes
        }
    }
}
