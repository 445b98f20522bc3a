import Foundation
import IBKR

/// A TWS, IB Gateway or `lunar sim` as a venue, through ``IBKR/TWSClient``.
///
/// Orders carry their idempotency key in `orderRef`, so after a restart the broker's open orders and executions are
/// matched to the journal by key. Bars are TWS real-time 5-second bars aggregated to the session's bar size.
///
/// With an in-process ``IBKR/TWSSimulator`` on a stepped clock (`--mode sim`), the venue drives the simulator's clock
/// one bar at a time, and only once every order it sent has been answered: the session then runs in lock-step,
/// deterministically, and market orders fill against the simulator's quote at the close of the bar that produced
/// them (the next bar's open, plus or minus the simulated spread, walking the simulated book).
public final class TWSVenue: ExecutionVenue, @unchecked Sendable {
    public let name: String
    /// The client, connected by ``start(symbols:)``.
    public let client: TWSClient
    /// The in-process simulator this venue steps, if any.
    public let simulator: TWSSimulator?
    private let barSeconds: Int
    private let exchange: String
    private let currency: String
    private let lock = NSLock()
    private var contracts: [String: Contract] = [:]
    private var barRequests: [Int: String] = [:]
    private var quoteRequests: [Int: String] = [:]
    private var clientOrderIDs: [Int: String] = [:]
    private var orderIDs: [String: Int] = [:]
    private var unanswered: Set<Int> = []
    private var marketOrders: Set<Int> = []
    private var stepTime: Double = 0
    private var dataEnd: Double?
    private var maxBars: Int?
    private var barsDelivered = 0
    private var ended = false
    private var lastStatus: [Int: String] = [:]
    private var depthRequests: [Int: String] = [:]
    /// Rows per side of a depth subscription per symbol (0 = none); `on_book` strategies ask for it.
    public var depthRows = 0

    /// Creates a venue over `client`; `simulator` (stepped clock) makes it drive the simulation.
    public init(client: TWSClient, name: String, barSeconds: Int, exchange: String = "SMART", currency: String = "USD",
                simulator: TWSSimulator? = nil, dataEnd: Double? = nil, maxBars: Int? = nil) {
        self.client = client
        self.name = name
        self.barSeconds = barSeconds
        self.exchange = exchange
        self.currency = currency
        self.simulator = simulator
        self.dataEnd = dataEnd
        self.maxBars = maxBars
        self.stepTime = simulator?.now() ?? 0
    }

    public var now: Date {
        if let simulator { return Date(timeIntervalSince1970: simulator.now()) }
        return Date()
    }

    public func start(symbols: [String]) throws {
        if !client.isConnected { try client.connect() }
        for symbol in symbols {
            var contract = Contract.stock(symbol, exchange: exchange, currency: currency)
            if let qualified = try? client.qualify(contract) { contract = qualified }
            let barRequest = try client.subscribeRealTimeBars(contract, aggregateSeconds: barSeconds > 5 ? [barSeconds] : [])
            let quoteRequest = try client.subscribeMarketData(contract)
            let depthRequest = depthRows > 0 ? try client.subscribeDepth(contract, rows: depthRows) : nil
            lock.withLock {
                contracts[symbol] = contract
                barRequests[barRequest] = symbol
                quoteRequests[quoteRequest] = symbol
                if let depthRequest { depthRequests[depthRequest] = symbol }
            }
        }
    }

    private func contract(_ symbol: String) -> Contract {
        lock.withLock { contracts[symbol] } ?? Contract.stock(symbol, exchange: exchange, currency: currency)
    }

    public func submit(_ intent: OrderIntent) throws -> String {
        let action: OrderAction = intent.side == .buy ? .buy : .sell
        let quantity = Decimal(intent.quantity)
        var order: Order
        switch intent.type {
        case .market: order = .market(action, quantity)
        case .limit: order = .limit(action, quantity, price: intent.limitPrice ?? 0)
        case .stop: order = .stop(action, quantity, stopPrice: intent.stopPrice ?? 0)
        case .stopLimit:
            order = .stopLimit(action, quantity, stopPrice: intent.stopPrice ?? 0, limitPrice: intent.limitPrice ?? 0)
        }
        order.orderRef = intent.clientOrderID
        order.orderId = client.nextOrderId()
        lock.withLock {
            clientOrderIDs[order.orderId] = intent.clientOrderID
            orderIDs[intent.clientOrderID] = order.orderId
            unanswered.insert(order.orderId)
            if intent.type == .market { marketOrders.insert(order.orderId) }
        }
        let id = try client.placeOrder(order, contract: contract(intent.symbol))
        return String(id)
    }

    /// Registers an order the broker already holds (adopted at reconciliation) so its updates reach the session.
    public func adopt(clientOrderID: String, brokerOrderID: String) {
        guard let id = Int(brokerOrderID) else { return }
        lock.withLock {
            clientOrderIDs[id] = clientOrderID
            orderIDs[clientOrderID] = id
        }
    }

    public func cancel(clientOrderID: String) throws {
        guard let id = lock.withLock({ orderIDs[clientOrderID] }) else { return }
        try client.cancelOrder(id)
    }

    public func cancelAll() throws {
        let ids = lock.withLock { Array(orderIDs.values) }
        for id in ids {
            if let tracked = client.order(id), tracked.isDone { continue }
            try client.cancelOrder(id)
        }
    }

    public func nextEvents(timeout: TimeInterval) -> [VenueEvent] {
        guard let simulator else {
            var events = translate(client.drain(timeout: timeout))
            if let maxBars, lock.withLock({ barsDelivered >= maxBars && !ended }) {
                lock.withLock { ended = true }
                events.append(.endOfData)
            }
            return events
        }
        // Stepped simulation: deliver what is queued; wait for answers to sent orders; then move the clock one bar.
        let queued = translate(client.drain(timeout: 0))
        if !queued.isEmpty { return queued }
        if lock.withLock({ ended }) { return [.endOfData] }
        if !lock.withLock({ unanswered.isEmpty }) {
            return translate(client.drain(timeout: min(timeout, 0.5)))
        }
        if let maxBars, lock.withLock({ barsDelivered }) >= maxBars { return [.endOfData] }
        let next = (floor(stepTime / Double(barSeconds)) + 1) * Double(barSeconds)
        if let dataEnd, next > dataEnd {
            lock.withLock { ended = true }
            return [.endOfData]
        }
        stepTime = next
        simulator.advanceClock(to: next)
        // The bar completing at `next` is on its way over the socket.
        var events: [VenueEvent] = []
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            events += translate(client.drain(timeout: 0.05))
            if events.contains(where: { if case .bar = $0 { return true } else { return false } }) { break }
        }
        return events
    }

    private func translate(_ events: [TWSEvent]) -> [VenueEvent] {
        var out: [VenueEvent] = []
        // Depth changes arrive one level at a time: one book event per subscription per batch, after the batch.
        var booksChanged: [Int] = []
        func appendBooks() {
            for reqId in booksChanged {
                guard let symbol = lock.withLock({ depthRequests[reqId] }), let book = client.depthBook(reqId) else { continue }
                func levels(_ l: [DepthLevel]) -> [BookLevelQuote] {
                    l.map { BookLevelQuote(price: $0.price, size: NSDecimalNumber(decimal: $0.size).doubleValue) }
                }
                out.append(.book(symbol: symbol, bids: levels(book.bids), asks: levels(book.asks), time: now))
            }
        }
        for event in events {
            switch event {
            case .depth(let update):
                if !booksChanged.contains(update.reqId) { booksChanged.append(update.reqId) }
            case .aggregatedBar(let reqId, let bar), .realTimeBar(let reqId, let bar):
                if case .realTimeBar = event, barSeconds > 5 { continue }
                guard let symbol = lock.withLock({ barRequests[reqId] }) else { continue }
                if let maxBars, lock.withLock({ barsDelivered >= maxBars }) { continue }
                lock.withLock { barsDelivered += 1 }
                out.append(.bar(MarketBar(
                    symbol: symbol, time: Date(timeIntervalSince1970: TimeInterval(bar.time)), seconds: barSeconds,
                    open: bar.open, high: bar.high, low: bar.low, close: bar.close,
                    volume: NSDecimalNumber(decimal: bar.volume).doubleValue)))
            case .quote(let reqId, _, let quote):
                guard let symbol = lock.withLock({ quoteRequests[reqId] }),
                      let bid = quote.bid, let ask = quote.ask else { continue }
                out.append(.quote(symbol: symbol, bid: bid, ask: ask, last: quote.last ?? (bid + ask) / 2, time: now))
            case .orderStatus(let status):
                guard let id = lock.withLock({ clientOrderIDs[status.orderId] }) else { continue }
                // A stepped simulation waits for a market order's final status (its fill) before moving the
                // clock; other orders need only their first answer (they may rest for many bars).
                lock.withLock {
                    if !marketOrders.contains(status.orderId) || OrderStatusValue.final.contains(status.status) {
                        unanswered.remove(status.orderId)
                    }
                }
                let filled = NSDecimalNumber(decimal: status.filled).doubleValue
                let remaining = NSDecimalNumber(decimal: status.remaining).doubleValue
                let mapped: Trading.OrderStatus
                switch status.status {
                case "Filled": mapped = .filled
                case "Cancelled", "ApiCancelled": mapped = .cancelled
                case "Inactive": mapped = .rejected
                default: mapped = filled > 0 && remaining > 0 ? .partiallyFilled : .submitted
                }
                let key = "\(mapped.rawValue)/\(filled)"
                if lock.withLock({ lastStatus[status.orderId] }) == key { continue }
                lock.withLock { lastStatus[status.orderId] = key }
                out.append(.status(clientOrderID: id, status: mapped, brokerOrderID: String(status.orderId),
                                   filled: filled, time: now))
            case .execution(let fill):
                let time = TWSDate.parse(fill.execution.time).map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? now
                out.append(.fill(Self.fill(fill, clientOrderID: lock.withLock({ clientOrderIDs[fill.execution.orderId] }),
                                            time: time)))
            case .commissionReport(_, let report):
                // TWS reports the commission right after the execution: fold it into the fill when both came in
                // the same batch, so the strategy's on_fill sees the commission.
                if let i = out.lastIndex(where: { if case .fill(let f) = $0 { return f.executionID == report.execId } else { return false } }),
                   case .fill(let f) = out[i], f.commission == 0 {
                    out[i] = .fill(Fill(executionID: f.executionID, clientOrderID: f.clientOrderID,
                                        brokerOrderID: f.brokerOrderID, symbol: f.symbol, side: f.side,
                                        quantity: f.quantity, price: f.price, commission: report.commission,
                                        time: f.time))
                } else {
                    out.append(.commission(executionID: report.execId, commission: report.commission))
                }
            case .error(let error):
                if error.isConnectivity || error.kind == .connection {
                    out.append(.notice(error.description))
                    continue
                }
                guard !error.isWarning, error.id > 0,
                      let id = lock.withLock({ clientOrderIDs[error.id] }) else { continue }
                lock.withLock { _ = unanswered.remove(error.id) }
                out.append(.rejected(clientOrderID: id, code: error.code, reason: error.message, time: now))
            case .connectionLost(let reason):
                out.append(.notice("connection lost: \(reason)"))
            case .reconnected(let n):
                out.append(.reconnected("reconnected; \(n) subscriptions resubmitted"))
            case .disconnected(let reason):
                out.append(.notice("disconnected: \(reason)"))
            default:
                continue
            }
        }
        appendBooks()
        return out
    }

    static func fill(_ fill: IBKR.Fill, clientOrderID: String?, time: Date) -> Fill {
        let e = fill.execution
        return Fill(executionID: e.execId, clientOrderID: e.orderRef.isEmpty ? (clientOrderID ?? "") : e.orderRef,
                    brokerOrderID: String(e.orderId), symbol: fill.contract.symbol,
                    side: e.side == "BOT" || e.side == "BUY" ? .buy : .sell,
                    quantity: NSDecimalNumber(decimal: e.shares).doubleValue, price: e.price,
                    commission: fill.commission?.commission ?? 0, time: time)
    }

    public func brokerOpenOrders() throws -> [BrokerOpenOrder] {
        try client.openOrders().map { o in
            BrokerOpenOrder(clientOrderID: o.order.orderRef.isEmpty ? nil : o.order.orderRef,
                            brokerOrderID: String(o.order.orderId), symbol: o.contract.symbol,
                            side: o.order.action == .buy ? .buy : .sell,
                            quantity: NSDecimalNumber(decimal: o.order.totalQuantity).doubleValue,
                            filledQuantity: 0, status: o.state.status)
        }
    }

    public func brokerPositions() throws -> [PositionState] {
        try client.positions().map {
            PositionState(symbol: $0.contract.symbol, quantity: NSDecimalNumber(decimal: $0.quantity).doubleValue,
                          averageCost: $0.avgCost)
        }
    }

    public func brokerCash() throws -> Double? {
        let values = try client.accountSummary(tags: "TotalCashValue")
        return values.first { $0.key == "TotalCashValue" && ($0.currency.isEmpty || $0.currency == currency) }
            .flatMap { Double($0.value) }
    }

    public func brokerExecutions() throws -> [Fill] {
        try client.executions().map { Self.fill($0, clientOrderID: nil, time: now) }
    }

    public func history(symbol: String, bars: Int) throws -> [MarketBar] {
        guard bars > 0 else { return [] }
        let spelling: String
        switch barSeconds {
        case 86_400: spelling = "1 day"
        case let s where s % 3600 == 0: spelling = s == 3600 ? "1 hour" : "\(s / 3600) hours"
        case let s where s % 60 == 0: spelling = s == 60 ? "1 min" : "\(s / 60) mins"
        default: spelling = "\(barSeconds) secs"
        }
        // Ask in trading days: a day holds at least 6.5 h of bars (regular hours); weekends and holidays need slack.
        let days = barSeconds >= 86_400 ? bars * 7 / 5 + 5 : (bars * barSeconds + 23_399) / 23_400 * 7 / 5 + 2
        let duration = "\(days) D"
        let end = simulator.map { Int($0.now()) }
        let raw = try client.historicalBars(contract(symbol), duration: duration, barSize: spelling, end: end,
                                            useRTH: false)
        let mapped: [MarketBar] = raw.compactMap { b in
            guard let t = Int(b.date) ?? TWSDate.parse(b.date) else { return nil }
            return MarketBar(symbol: symbol, time: Date(timeIntervalSince1970: TimeInterval(t)), seconds: barSeconds,
                             open: b.open, high: b.high, low: b.low, close: b.close,
                             volume: NSDecimalNumber(decimal: b.volume).doubleValue)
        }
        // Only completed bars strictly before the session's clock.
        let cutoff = now.timeIntervalSince1970
        return Array(mapped.filter { $0.time.timeIntervalSince1970 + TimeInterval(barSeconds) <= cutoff }.suffix(bars))
    }

    public func stop() {
        client.disconnect()
        simulator?.stop()
    }
}
