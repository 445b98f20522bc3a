import Backtesting
import Foundation

/// The event-driven backtester as a venue: bars replayed in time order, orders filled by a documented bar model.
///
/// Fill model (the same one `lunar trade --mode backtest` documents):
/// - An order placed on bar *t* is first eligible on the symbol's next bar *t+1*, never on the bar that produced it.
/// - Market: fills at bar *t+1*'s open.
/// - Limit buy (sell): fills at the open if the open is at or below (above) the limit, else at the limit if the bar's
///   low (high) reaches it; otherwise it keeps working on later bars until cancelled.
/// - Stop buy (sell): triggers when the open or high (low) reaches the stop; fills at the worse of open and stop.
///   A stop-limit then works as a limit from the triggering bar on.
/// - Every fill pays the cost model: half-spread and slippage move the price against the order; commission, SEC fee
///   and FINRA TAF are charged as commission. The default is IBKR Fixed with a 1 bp half-spread.
///
/// A broker's quote at the open differs from the bar's open by the spread; that, and partial fills against a
/// book, are the differences a simulator or TWS session shows against this model.
public final class BacktestVenue: ExecutionVenue, @unchecked Sendable {
    public let name = "backtest"
    /// The cost model applied to every fill.
    public let costs: CostModel
    private let lock = NSLock()
    private let timeZone: TimeZone
    private var queue: [MarketBar] = []
    private var cursor = 0
    private var working: [WorkingOrder] = []
    private var triggered: Set<String> = []
    private var positions: [String: PositionState] = [:]
    private var atr: [String: ATRState] = [:]
    private var monthShares = 0.0
    private var monthKey = ""
    private var executionSequence = 0
    private var clock: Date
    private var started = false
    private var maxBars: Int?

    private struct WorkingOrder {
        var intent: OrderIntent
        var brokerOrderID: String
        /// Bars of the symbol delivered when the order was placed; it may fill from the next one.
        var placedAt: Int
    }

    private struct ATRState {
        var previousClose: Double?
        var value: Double?
        var count = 0
        var sum = 0.0
    }

    private var barsSeen: [String: Int] = [:]

    /// Creates a venue over bars by symbol; bars of all symbols are merged by time (ties in symbol order).
    public init(bars: [String: [MarketBar]], costs: CostModel = BacktestVenue.defaultCosts,
                timeZone: TimeZone = TimeZone(identifier: "America/New_York") ?? .current, maxBars: Int? = nil) {
        self.costs = costs
        self.timeZone = timeZone
        self.maxBars = maxBars
        var all: [MarketBar] = []
        for symbol in bars.keys.sorted() { all += bars[symbol] ?? [] }
        let order = Dictionary(uniqueKeysWithValues: bars.keys.sorted().enumerated().map { ($1, $0) })
        all.sort { ($0.time, order[$0.symbol] ?? 0) < ($1.time, order[$1.symbol] ?? 0) }
        queue = all
        clock = all.first?.time ?? Date(timeIntervalSince1970: 0)
    }

    /// IBKR Pro Fixed commissions with SEC and FINRA fees, plus a 1 bp half-spread.
    public static let defaultCosts: CostModel = {
        var c = CostModel.ibkrFixed
        c.halfSpread = .bps(1)
        return c
    }()

    public var now: Date { lock.withLock { clock } }

    public func start(symbols: [String]) throws {
        lock.withLock {
            let wanted = Set(symbols)
            if !wanted.isEmpty { queue = queue.filter { wanted.contains($0.symbol) } }
            started = true
        }
    }

    public func submit(_ intent: OrderIntent) throws -> String {
        lock.withLock {
            executionSequence += 1
            let id = "bt-\(executionSequence)"
            working.append(WorkingOrder(intent: intent, brokerOrderID: id, placedAt: barsSeen[intent.symbol] ?? 0))
            return id
        }
    }

    public func cancel(clientOrderID: String) throws {
        lock.withLock {
            guard working.contains(where: { $0.intent.clientOrderID == clientOrderID }) else { return }
            working.removeAll { $0.intent.clientOrderID == clientOrderID }
            cancelled.append(clientOrderID)
        }
    }

    private var cancelled: [String] = []

    public func cancelAll() throws {
        let ids = lock.withLock { working.map(\.intent.clientOrderID) }
        for id in ids { try cancel(clientOrderID: id) }
    }

    public func nextEvents(timeout: TimeInterval) -> [VenueEvent] {
        lock.withLock {
            var events: [VenueEvent] = cancelled.map {
                .status(clientOrderID: $0, status: .cancelled, brokerOrderID: nil, filled: 0, time: clock)
            }
            cancelled.removeAll()
            if !events.isEmpty { return events }
            let limitReached = maxBars.map { cursor >= $0 } ?? false
            guard cursor < queue.count, !limitReached else { return [.endOfData] }
            let bar = queue[cursor]
            cursor += 1
            clock = bar.time
            events += fillWorking(on: bar)
            barsSeen[bar.symbol, default: 0] += 1
            updateATR(bar)
            positions[bar.symbol]?.marketPrice = bar.close
            clock = bar.decisionTime(in: timeZone)
            events.append(.bar(bar))
            return events
        }
    }

    // A backtest's broker is created with the venue and starts empty: no earlier open orders or executions exist
    // to reconcile (the session does not reconcile in backtest mode), and there is no connection to close.
    public func brokerOpenOrders() throws -> [BrokerOpenOrder] { [] }
    public func brokerPositions() throws -> [PositionState] { lock.withLock { Array(positions.values) } }
    public func brokerExecutions() throws -> [Fill] { [] }
    public func stop() {}

    // MARK: Fills

    private func fillWorking(on bar: MarketBar) -> [VenueEvent] {
        var events: [VenueEvent] = []
        var keep: [WorkingOrder] = []
        let seen = barsSeen[bar.symbol] ?? 0
        for order in working {
            guard order.intent.symbol == bar.symbol, seen >= order.placedAt,
                  let raw = fillPrice(order, bar: bar)
            else {
                keep.append(order)
                continue
            }
            events += execute(order, rawPrice: raw, bar: bar)
        }
        working = keep
        return events
    }

    /// The bar-model price before costs, or nil when the order does not fill on this bar.
    private func fillPrice(_ order: WorkingOrder, bar: MarketBar) -> Double? {
        let intent = order.intent
        let buy = intent.side == .buy
        func limitFill(_ limit: Double) -> Double? {
            if buy {
                if bar.open <= limit { return bar.open }
                return bar.low <= limit ? limit : nil
            }
            if bar.open >= limit { return bar.open }
            return bar.high >= limit ? limit : nil
        }
        switch intent.type {
        case .market:
            return bar.open
        case .limit:
            return limitFill(intent.limitPrice ?? .nan)
        case .stop, .stopLimit:
            let stop = intent.stopPrice ?? .nan
            if !triggered.contains(intent.clientOrderID) {
                let hit = buy ? bar.high >= stop : bar.low <= stop
                guard hit else { return nil }
                triggered.insert(intent.clientOrderID)
                if intent.type == .stop { return buy ? max(bar.open, stop) : min(bar.open, stop) }
            }
            if intent.type == .stop { return bar.open }
            return limitFill(intent.limitPrice ?? .nan)
        }
    }

    private func execute(_ order: WorkingOrder, rawPrice: Double, bar: MarketBar) -> [VenueEvent] {
        let intent = order.intent
        let sign = intent.side.sign
        var adverse = 0.0
        switch costs.halfSpread {
        case .none: break
        case .bps(let b): adverse += rawPrice * b / 10_000
        case .fromQuotes(let b): adverse += rawPrice * b / 10_000
        }
        switch costs.slippage {
        case .none: break
        case .bps(let b): adverse += rawPrice * b / 10_000
        case .atrFraction(let f, _): adverse += f * (atr[bar.symbol]?.value ?? 0)
        }
        // A limit order never fills worse than its limit.
        var price = rawPrice + sign * adverse
        if intent.type.hasLimitPrice, let limit = intent.limitPrice {
            price = intent.side == .buy ? min(price, limit) : max(price, limit)
        }
        let month = String(tradingDay(of: bar.time, in: timeZone).prefix(7))
        if month != monthKey {
            monthKey = month
            monthShares = 0
        }
        let commission = costs.commission(shares: intent.quantity, price: price, monthlySharesBefore: monthShares)
            + costs.regulatoryFees(shares: intent.quantity, price: price, isSell: intent.side == .sell)
        monthShares += intent.quantity
        executionSequence += 1
        let fill = Fill(executionID: "bt-exec-\(executionSequence)", clientOrderID: intent.clientOrderID,
                        brokerOrderID: order.brokerOrderID, symbol: intent.symbol, side: intent.side,
                        quantity: intent.quantity, price: price, commission: commission, time: bar.time)
        var position = positions[intent.symbol] ?? PositionState(symbol: intent.symbol, quantity: 0)
        position.apply(signedQuantity: intent.signedQuantity, price: price)
        positions[intent.symbol] = position
        triggered.remove(intent.clientOrderID)
        return [.fill(fill), .status(clientOrderID: intent.clientOrderID, status: .filled,
                                     brokerOrderID: order.brokerOrderID, filled: intent.quantity, time: bar.time)]
    }

    private func updateATR(_ bar: MarketBar) {
        guard case .atrFraction(_, let period) = costs.slippage else { return }
        var s = atr[bar.symbol] ?? ATRState()
        let tr = s.previousClose.map { max(bar.high - bar.low, abs(bar.high - $0), abs(bar.low - $0)) }
            ?? (bar.high - bar.low)
        s.count += 1
        if s.count <= period {
            s.sum += tr
            if s.count == period { s.value = s.sum / Double(period) }
        } else if let v = s.value {
            s.value = (v * Double(period - 1) + tr) / Double(period)
        }
        s.previousClose = bar.close
        atr[bar.symbol] = s
    }
}
