import Foundation
import NIOCore
import NIOPosix

/// A paper TWS on loopback that speaks the TWS socket protocol at server version 178: handshake, ids and a
/// `DU…` account, contract details, level-1 ticks, depth, historical and real-time bars (synthetic or CSV), order
/// matching with IBKR-like commissions, positions and account values, and fault injection for tests.
///
/// All simulator state lives on one event loop; the public methods may be called from any thread except that
/// loop.
public final class TWSSimulator: @unchecked Sendable {
    /// How the simulator is set up.
    public struct Configuration: Sendable {
        /// Listening address; loopback only.
        public var host: String = "127.0.0.1"
        /// Port; 0 picks a free one (read it from `port` after `start()`).
        public var port: Int = 7497
        /// The account id; paper accounts start with `DU`.
        public var account: String = "DU1234567"
        /// Starting cash in USD.
        public var startingCash: Double = 1_000_000
        /// Simulated time runs this many times faster than real time.
        public var speed: Double = 1
        /// Real seconds between market updates (ticks, depth, matching).
        public var tickInterval: Double = 0.25
        /// Rows per side in the simulated book.
        public var depthLevels: Int = 10
        /// Seed for synthetic prices and books.
        public var seed: UInt64 = 42
        /// CSV files by symbol (`["SPX": "../shared/data/SP500_1min_2019-11.csv"]`); other symbols are synthetic.
        public var dataFiles: [String: String] = [:]
        /// Data time at start (epoch seconds); `nil` = now, or 25 % into the CSV data when a file is used.
        public var startTime: Double? = nil
        /// The first order id handed out by `nextValidId`.
        public var firstOrderId: Int = 1
        /// Commission model.
        public var commission = CommissionModel()
        /// Logger.
        public var logger: TWSLogger = .standardError(label: "tws-sim")
        /// Stepped time: the clock stands still at `startTime` and moves only through ``TWSSimulator/advanceClock(to:)``,
        /// which also runs one market update. `lunar trade --mode sim` uses it to run a session in lock-step with
        /// the strategy (deterministic, and as fast as the strategy answers) instead of in wall-clock time.
        public var steppedClock: Bool = false

        /// Creates the default configuration (port 7497, account DU1234567, synthetic data at real time).
        public init() {}
    }

    /// The configuration in use.
    public let configuration: Configuration
    let loop: EventLoop
    private var serverChannel: Channel?
    private var sessions: [ObjectIdentifier: SimSession] = [:]
    private var instruments: [String: SimInstrument] = [:]
    private var byConId: [Int: String] = [:]
    private var market: [Int: SimMarketState] = [:]
    private let depthSource: DepthSource
    let broker: SimBroker
    private var clockStartReal = 0.0
    private var clockStartData = 0.0
    private var timer: RepeatedTask?
    private var priceOverride: [Int: Double] = [:]
    private var historyLog: [(time: Double, key: String)] = []
    private var boundPort = 0
    private var steppedNow = 0.0
    private var log: TWSLogger { configuration.logger }

    /// Creates a simulator; `depthSource` defaults to a seeded random walk.
    public init(configuration: Configuration = Configuration(), depthSource: DepthSource? = nil) throws {
        self.configuration = configuration
        self.loop = MultiThreadedEventLoopGroup.singleton.next()
        self.depthSource = depthSource ?? RandomWalkDepthSource(seed: configuration.seed)
        self.broker = SimBroker(account: configuration.account, cash: configuration.startingCash,
                                commission: configuration.commission, firstOrderId: configuration.firstOrderId)
        for inst in SimInstrument.defaultUniverse(seed: configuration.seed) { add(inst) }
        var csvStart: Double? = nil
        for (symbol, path) in configuration.dataFiles.sorted(by: { $0.key < $1.key }) {
            let p = try CSVPricePath(path: path)
            let sym = symbol.uppercased()
            var details = instruments[sym]?.details
                ?? SimInstrument.stockDetails(symbol: sym, conId: Int(SimRandom.hash(sym) % 90_000_000) + 10_000_000,
                                              primary: "ARCA", longName: sym)
            details.contract.symbol = sym
            add(SimInstrument(details: details, path: p))
            if csvStart == nil, let r = p.range {
                csvStart = Double(r.lowerBound) + Double(r.upperBound - r.lowerBound) * 0.25
            }
        }
        clockStartReal = Date().timeIntervalSince1970
        clockStartData = configuration.startTime ?? csvStart ?? clockStartReal
        steppedNow = clockStartData
        broker.clock = { [unowned self] in self.now() }
    }

    private func add(_ inst: SimInstrument) {
        instruments[inst.contract.symbol] = inst
        byConId[inst.contract.conId] = inst.contract.symbol
    }

    /// The simulated (data) time, epoch seconds.
    public func now() -> Double {
        if configuration.steppedClock { return steppedNow }
        return clockStartData + (Date().timeIntervalSince1970 - clockStartReal) * configuration.speed
    }

    /// The port the simulator listens on (valid after `start()`).
    public var port: Int { boundPort }

    /// Adds or replaces an instrument (call before clients use it).
    public func addInstrument(_ inst: SimInstrument) {
        onLoop { self.add(inst) }
    }

    /// Binds and starts serving; returns the port.
    @discardableResult
    public func start() throws -> Int {
        guard ["127.0.0.1", "localhost", "::1"].contains(configuration.host) else {
            throw TWSError.invalid("the simulator listens on loopback only (got host \(configuration.host))")
        }
        let logger = configuration.logger
        let bootstrap = ServerBootstrap(group: loop)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let decoder = ByteToMessageHandler(TWSServerDecoder(logger: logger))
                    try channel.pipeline.syncOperations.addHandler(decoder)
                    try channel.pipeline.syncOperations.addHandler(SimChannelHandler(simulator: self))
                }
            }
        let channel = try bootstrap.bind(host: configuration.host, port: configuration.port).wait()
        serverChannel = channel
        boundPort = channel.localAddress?.port ?? configuration.port
        let interval = TimeAmount.nanoseconds(Int64(configuration.tickInterval * 1e9))
        if configuration.steppedClock {
            log.info("listening on \(configuration.host):\(boundPort), account \(configuration.account), stepped clock")
            return boundPort
        }
        timer = loop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { [weak self] _ in
            guard let self else { return }
            self.marketTick()
        }
        log.info("listening on \(configuration.host):\(boundPort), account \(configuration.account)")
        return boundPort
    }

    /// Closes every connection and stops listening. Call it when done: until then the listening socket keeps the
    /// simulator alive. Orders are forgotten with the simulator.
    public func stop() {
        timer?.cancel()
        timer = nil
        onLoop { for s in self.sessions.values { s.channel.close(promise: nil) } }
        try? serverChannel?.close().wait()
        serverChannel = nil
    }

    deinit { timer?.cancel() }

    // MARK: Fault injection

    /// Drops every client connection (TCP close), as a crashed or restarted TWS would. Orders stay working.
    public func dropAllConnections() {
        onLoop {
            for s in self.sessions.values { s.channel.close(promise: nil) }
        }
    }

    /// Sends error 1100 ("connectivity lost") to every client.
    public func simulateConnectivityLoss() {
        onLoop {
            let text = "Connectivity between IB and Trader Workstation has been lost."
            self.broadcast(.error(TWSErrorMessage(id: -1, code: 1100, message: text)))
        }
    }

    /// Sends 1101 (data lost: subscriptions are dropped and must be renewed) or 1102 (data maintained).
    public func simulateConnectivityRestored(dataLost: Bool) {
        onLoop {
            if dataLost {
                for s in self.sessions.values {
                    s.marketData.removeAll()
                    s.depth.removeAll()
                    s.realTimeBars.removeAll()
                }
                self.broadcast(.error(TWSErrorMessage(id: -1, code: 1101, message: "Connectivity between IB and "
                    + "Trader Workstation has been restored - data lost.")))
            } else {
                self.broadcast(.error(TWSErrorMessage(id: -1, code: 1102, message: "Connectivity between IB and "
                    + "Trader Workstation has been restored - data maintained.")))
            }
        }
    }

    /// Pins the mid price of `symbol` (tests: move the market through a limit or stop); `nil` releases it.
    public func setPrice(_ symbol: String, to price: Double?) {
        onLoop {
            guard let conId = self.instruments[symbol.uppercased()]?.contract.conId else { return }
            self.priceOverride[conId] = price
            if price != nil {
                self.refreshMarket(conId: conId)
                self.flushAll()
            }
        }
    }

    /// Moves the stepped clock forward to `time` (epoch seconds) and runs one market update there: quotes, depth,
    /// order matching and every real-time bar that completed. Messages are flushed before it returns. Only for a
    /// simulator configured with `steppedClock`; time never moves backwards.
    public func advanceClock(to time: Double) {
        precondition(configuration.steppedClock, "advanceClock(to:) needs Configuration.steppedClock")
        onLoop {
            self.steppedNow = max(self.steppedNow, time)
            self.marketTick()
        }
    }

    /// Number of connected clients (after the handshake).
    public var connectedClientCount: Int {
        onLoop { self.sessions.values.filter { $0.clientId != nil }.count }
    }

    /// Total number of subscriptions (market data, depth, real-time bars) across clients, for tests.
    public var activeSubscriptionCount: Int {
        onLoop { self.sessions.values.reduce(0) { $0 + $1.marketData.count + $1.depth.count + $1.realTimeBars.count } }
    }

    /// Current best bid/ask/last of a symbol.
    public func quote(_ symbol: String) -> (bid: Double, ask: Double, last: Double)? {
        onLoop {
            guard let conId = self.instruments[symbol.uppercased()]?.contract.conId else { return nil }
            let m = self.marketState(conId)
            return (m.bid, m.ask, m.last)
        }
    }

    private func onLoop<T>(_ body: @escaping @Sendable () -> T) -> T {
        if loop.inEventLoop { return body() }
        let box = UnsafeTransfer<T?>(nil)
        try? loop.submit { box.value = body() }.wait()
        return box.value!
    }

    // MARK: Sessions

    func sessionOpened(_ channel: Channel) -> SimSession {
        let s = SimSession(channel: channel)
        sessions[ObjectIdentifier(s)] = s
        return s
    }

    func sessionClosed(_ s: SimSession) {
        sessions[ObjectIdentifier(s)] = nil
        if let id = s.clientId { log.info("client \(id) disconnected") }
    }

    private func broadcast(_ m: ServerMessage) {
        for s in sessions.values where s.clientId != nil { s.send(m) }
        flushAll()
    }

    private func flushAll() {
        for s in sessions.values where s.dirty {
            s.channel.flush()
            s.dirty = false
        }
    }

    private func deliver(_ outputs: [(SimTarget, ServerMessage)]) {
        for (target, m) in outputs {
            switch target {
            case .client(let id):
                for s in sessions.values where s.clientId == id { s.send(m) }
            case .positionSubscribers:
                for s in sessions.values where s.positionsSubscribed { s.send(m) }
            case .accountSubscribers:
                for s in sessions.values where s.accountSubscribed { s.send(m) }
            }
        }
    }

    func handle(_ s: SimSession, _ inbound: ServerInbound) {
        switch inbound {
        case .hello(let hello):
            guard let v = TWSHandshake.negotiate(hello) else {
                log.warning("refusing client offering v\(hello.minVersion)..\(hello.maxVersion): this simulator "
                    + "speaks server version \(TWSHandshake.serverVersion) only")
                s.channel.close(promise: nil)
                return
            }
            s.version = v
            let time = TWSDate.format(Int(Date().timeIntervalSince1970)).replacingOccurrences(of: "US/Eastern",
                                                                                              with: "EST")
            s.channel.writeBytes(TWSHandshake.serverReply(version: v, connectionTime: time))
        case .malformed(let id, let reason):
            log.warning("malformed request (id \(id)): \(reason)")
            s.send(.error(TWSErrorMessage(id: -1, code: 320, message: "Error reading request: \(reason)")))
        case .unknown(let id):
            log.info("ignoring request with unsupported message id \(id)")
        case .message(let m):
            log.debug("client \(s.clientId ?? -1): \(m)")
            guard s.version != nil else {
                s.channel.close(promise: nil)
                return
            }
            if s.clientId == nil {
                guard case .startApi(let clientId, _) = m else {
                    log.warning("request before startApi ignored: \(m.messageId)")
                    return
                }
                startApi(s, clientId: clientId)
                return
            }
            handleRequest(s, m)
        }
    }

    private func startApi(_ s: SimSession, clientId: Int) {
        if sessions.values.contains(where: { $0.clientId == clientId }) {
            s.send(.error(TWSErrorMessage(id: -1, code: 326, message: "Unable to connect as the client id is already "
                + "in use. Retry with a unique client id.")))
            s.channel.flush()
            s.channel.close(promise: nil)
            return
        }
        s.clientId = clientId
        log.info("client \(clientId) connected")
        s.send(.managedAccounts([configuration.account]))
        s.send(.nextValidId(broker.nextValidId(clientId: clientId)))
        for (code, text) in [(2104, "Market data farm connection is OK:usfarm"),
                             (2106, "HMDS data farm connection is OK:ushmds"),
                             (2158, "Sec-def data farm connection is OK:secdefnj")] {
            s.send(.error(TWSErrorMessage(id: -1, code: code, message: text)))
        }
    }

    private func resolve(_ c: Contract) -> SimInstrument? {
        if c.conId > 0 {
            guard let sym = byConId[c.conId] else { return nil }
            return instruments[sym]
        }
        guard ["STK", ""].contains(c.secType), ["USD", ""].contains(c.currency) else { return nil }
        return instruments[c.symbol.uppercased()]
    }

    private func noSecurity(_ s: SimSession, _ id: Int) {
        s.send(.error(TWSErrorMessage(id: id, code: 200, message: "No security definition has been found for the "
            + "request")))
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func handleRequest(_ s: SimSession, _ m: ClientMessage) {
        guard let clientId = s.clientId else { return }
        switch m {
        case .startApi:
            log.warning("client \(clientId) sent startApi twice")
        case .reqIds:
            s.send(.nextValidId(broker.nextValidId(clientId: clientId)))
        case .reqManagedAccts:
            s.send(.managedAccounts([configuration.account]))
        case .reqCurrentTime:
            s.send(.currentTime(Int(now())))
        case .reqMarketDataType(let t):
            s.marketDataType = (1...4).contains(t) ? t : 1
        case .reqContractDetails(let reqId, let c, _, _, _, _):
            guard let inst = resolve(c) else { return noSecurity(s, reqId) }
            var d = inst.details
            d.contract.exchange = c.exchange.isEmpty ? "SMART" : c.exchange
            let day = TWSDate.formatDay(Int(now()))
            d.tradingHours = "\(day):0400-\(day):2000"
            d.liquidHours = "\(day):0930-\(day):1600"
            s.send(.contractDetails(reqId: reqId, d))
            s.send(.contractDetailsEnd(reqId: reqId))
        case .reqMktData(let reqId, let c, let genericTicks, let snapshot, _):
            guard let inst = resolve(c) else { return noSecurity(s, reqId) }
            if s.marketData[reqId] != nil {
                s.send(.error(TWSErrorMessage(id: reqId, code: 102, message: "Duplicate ticker id")))
                return
            }
            let conId = inst.contract.conId
            s.send(.tickReqParams(reqId: reqId, minTick: 0.01, bboExchange: "9c0001", snapshotPermissions: 3))
            s.send(.marketDataType(reqId: reqId, type: s.marketDataType))
            let state = marketState(conId)
            let sub = SimMarketSub(conId: conId, delayed: s.marketDataType >= 3)
            sendL1(s, reqId: reqId, sub: sub, state: state, previous: nil)
            if genericTicks.split(separator: ",").contains("236") {
                // Shortable: 3.0 = easy to borrow, and the shares available.
                s.send(.tickGeneric(reqId: reqId, tickType: 46, value: 3))
                s.send(.tickSize(TickSize(reqId: reqId, tickType: 89, size: 50_000_000)))
            }
            if snapshot {
                s.send(.tickSnapshotEnd(reqId: reqId))
            } else {
                sub.lastSent = state
                s.marketData[reqId] = sub
            }
        case .cancelMktData(let reqId):
            if s.marketData.removeValue(forKey: reqId) == nil {
                s.send(.error(TWSErrorMessage(id: reqId, code: 300, message: "Can't find EId with tickerId:\(reqId)")))
            }
        case .reqMktDepth(let reqId, let c, let rows, let smart):
            guard let inst = resolve(c) else { return noSecurity(s, reqId) }
            guard s.depth.count < 3 else {
                s.send(.error(TWSErrorMessage(id: reqId, code: 309, message: "Max number (3) of market depth requests "
                    + "has been reached")))
                return
            }
            let sub = SimDepthSub(conId: inst.contract.conId, rows: max(1, min(rows, configuration.depthLevels)),
                                  l2: smart || c.exchange == "SMART")
            s.depth[reqId] = sub
            sendDepth(s, reqId: reqId, sub: sub, book: marketState(sub.conId).book)
        case .cancelMktDepth(let reqId, _):
            s.depth[reqId] = nil
        case .reqMktDepthExchanges:
            s.send(.mktDepthExchanges([
                DepthExchange(exchange: "ISLAND", secType: "STK", listingExchange: "NASDAQ", serviceDataType: "Deep2",
                              aggGroup: 1),
                DepthExchange(exchange: "ARCA", secType: "STK", listingExchange: "ARCA", serviceDataType: "Deep",
                              aggGroup: 1),
                DepthExchange(exchange: "SMART", secType: "STK", listingExchange: "", serviceDataType: "Deep2",
                              aggGroup: 1),
            ]))
        case .reqHistoricalData(let h):
            historical(s, h)
        case .cancelHistoricalData(let reqId):
            s.historyUpdates[reqId] = nil
        case .reqRealTimeBars(let reqId, let c, let size, let what, _):
            guard let inst = resolve(c) else { return noSecurity(s, reqId) }
            guard size == 5, ["TRADES", "MIDPOINT", "BID", "ASK"].contains(what) else {
                s.send(.error(TWSErrorMessage(id: reqId, code: 420, message: "Invalid Real-time Query: bar size must "
                    + "be 5 and whatToShow TRADES, MIDPOINT, BID or ASK")))
                return
            }
            let t = Int(now())
            s.realTimeBars[reqId] = SimBarSub(conId: inst.contract.conId, nextBar: t - t % 5, whatToShow: what)
        case .cancelRealTimeBars(let reqId):
            s.realTimeBars[reqId] = nil
        case .placeOrder(let o, let c):
            guard let inst = resolve(c) else { return noSecurity(s, o.orderId) }
            var contract = inst.contract
            contract.exchange = c.exchange.isEmpty ? "SMART" : c.exchange
            _ = marketState(contract.conId)
            deliver(broker.place(clientId: clientId, order: o, contract: contract, quote: { self.quoteFor($0) }))
        case .cancelOrder(let orderId, _):
            deliver(broker.cancel(clientId: clientId, orderId: orderId))
        case .reqGlobalCancel:
            deliver(broker.cancelAll())
        case .reqOpenOrders, .reqAllOpenOrders:
            let all: Bool = { if case .reqAllOpenOrders = m { return true } else { return false } }()
            for o in broker.workingOrders(clientId: all ? nil : clientId) {
                s.send(broker.openOrderMessage(o))
                s.send(broker.statusMessage(o))
            }
            s.send(.openOrderEnd)
        case .reqAutoOpenOrders:
            break
        case .reqCompletedOrders:
            s.send(.completedOrdersEnd)
        case .reqExecutions(let reqId, let f):
            for r in broker.executions {
                if f.clientId != 0 && r.clientId != f.clientId { continue }
                if !f.symbol.isEmpty && r.contract.symbol != f.symbol.uppercased() { continue }
                if !f.side.isEmpty && (f.side == "BUY") != (r.execution.side == "BOT") { continue }
                if !f.accountCode.isEmpty && f.accountCode != configuration.account { continue }
                s.send(.execDetails(reqId: reqId, r.contract, r.execution))
                s.send(.commissionReport(r.commission))
            }
            s.send(.execDetailsEnd(reqId: reqId))
        case .reqPositions:
            s.positionsSubscribed = true
            for p in broker.positions.values.sorted(by: { $0.contract.conId < $1.contract.conId }) {
                s.send(broker.positionMessage(p))
            }
            s.send(.positionEnd)
        case .cancelPositions:
            s.positionsSubscribed = false
        case .reqAccountUpdates(let subscribe, _):
            s.accountSubscribed = subscribe
            guard subscribe else { return }
            for v in accountValues() { s.send(.updateAccountValue(v)) }
            for p in broker.positions.values.sorted(by: { $0.contract.conId < $1.contract.conId }) {
                s.send(broker.portfolioMessage(p, mark: quoteFor(p.contract.conId)?.last ?? p.avgCost))
            }
            let hhmm = TWSDate.format(Int(now())).dropFirst(9).prefix(5)
            s.send(.updateAccountTime(String(hhmm)))
            s.send(.accountDownloadEnd(account: configuration.account))
        case .reqAccountUpdatesMulti(let reqId, _, let model, _):
            for v in accountValues() {
                var v = v
                v.modelCode = model
                s.send(.accountUpdateMulti(reqId: reqId, v))
            }
            s.send(.accountUpdateMultiEnd(reqId: reqId))
        case .cancelAccountUpdatesMulti:
            break
        case .reqAccountSummary(let reqId, _, let tags):
            accountSummary(s, reqId: reqId, tags: tags)
        case .cancelAccountSummary:
            break
        }
    }

    private func accountValues() -> [AccountValue] {
        broker.accountValues(marks: { self.quoteFor($0)?.last })
    }

    private func accountSummary(_ s: SimSession, reqId: Int, tags: String) {
        let values = accountValues()
        let wanted = tags.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var sent = Set<String>()
        for tag in wanted {
            if tag.hasPrefix("$LEDGER") {
                for key in ["CashBalance", "TotalCashBalance", "NetLiquidationByCurrency", "UnrealizedPnL",
                            "RealizedPnL", "ExchangeRate", "StockMarketValue"] {
                    if let v = values.first(where: { $0.key == key }), sent.insert(key).inserted {
                        s.send(.accountSummary(reqId: reqId, v))
                    }
                }
                continue
            }
            let key = tag == "ReqTEquity" ? "RegTEquity" : tag == "ReqTMargin" ? "RegTMargin" : tag
            if let v = values.first(where: { $0.key == key }), sent.insert(key).inserted {
                var v = v
                v.key = tag
                if ["AccountType", "Cushion", "DayTradesRemaining", "Leverage", "LookAheadNextChange",
                    "HighestSeverity"].contains(key) { v.currency = "" }
                s.send(.accountSummary(reqId: reqId, v))
            }
        }
        s.send(.accountSummaryEnd(reqId: reqId))
    }

    // MARK: Market

    private func marketState(_ conId: Int) -> SimMarketState {
        if let m = market[conId] { return m }
        let m = SimMarketState()
        market[conId] = m
        refreshMarket(conId: conId)
        return m
    }

    func quoteFor(_ conId: Int) -> SimQuote? {
        guard byConId[conId] != nil else { return nil }
        let m = marketState(conId)
        return SimQuote(bid: m.bid, ask: m.ask, last: m.last, book: m.book)
    }

    private func refreshMarket(conId: Int) {
        guard let sym = byConId[conId], let inst = instruments[sym] else { return }
        let m = market[conId] ?? SimMarketState()
        market[conId] = m
        let t = now()
        let mid = priceOverride[conId] ?? inst.path.price(at: t)
        let book = depthSource.snapshot(symbol: sym, mid: mid, tick: 0.01, levels: configuration.depthLevels, time: t)
        m.book = book
        m.bid = book.bids.first?.price ?? SimRandom.roundTick(mid - 0.01)
        m.ask = book.asks.first?.price ?? SimRandom.roundTick(mid + 0.01)
        m.bidSize = book.bids.first?.size ?? 100
        m.askSize = book.asks.first?.size ?? 100
        let seq = SimRandom.mix(UInt64(bitPattern: Int64(t * 1000)) ^ UInt64(conId))
        let traded = seq % 3 != 0 || m.last == 0
        if traded {
            m.last = seq % 2 == 0 ? m.bid : m.ask
            if priceOverride[conId] != nil { m.last = SimRandom.roundTick(mid) }
            m.lastSize = Decimal(Int(1 + (seq >> 8) % 10) * 100)
            m.volume += m.lastSize
            m.lastTime = Int(t)
        }
        if m.open == 0 {
            let dayStart = Double(TWSDate.parse(TWSDate.formatDay(Int(t)) + " 09:30:00 US/Eastern") ?? Int(t))
            m.open = SimRandom.roundTick(inst.path.price(at: min(dayStart, t)))
            m.close = SimRandom.roundTick(inst.path.price(at: min(dayStart, t) - 86_400 + 23_400))
            m.high = max(m.open, m.last)
            m.low = min(m.open, m.last)
            m.volume = Decimal(Int(inst.path.volumePerSecond * max(0, t - dayStart)) / 100)
        }
        m.high = max(m.high, m.last)
        m.low = min(m.low, m.last)
    }

    private func marketTick() {
        var active = Set<Int>()
        for s in sessions.values {
            for sub in s.marketData.values { active.insert(sub.conId) }
            for sub in s.depth.values { active.insert(sub.conId) }
            for sub in s.realTimeBars.values { active.insert(sub.conId) }
        }
        for conId in market.keys where broker.hasWorkingOrders(conId: conId) { active.insert(conId) }
        for conId in active {
            refreshMarket(conId: conId)
            guard let state = market[conId] else { continue }
            for s in sessions.values {
                for (reqId, sub) in s.marketData where sub.conId == conId {
                    sendL1(s, reqId: reqId, sub: sub, state: state, previous: sub.lastSent)
                    sub.lastSent = state.copy()
                }
                for (reqId, sub) in s.depth where sub.conId == conId {
                    sendDepth(s, reqId: reqId, sub: sub, book: state.book)
                }
            }
            deliver(broker.marketMoved(conId: conId, quote: { self.quoteFor($0) }))
        }
        realTimeBars()
        flushAll()
    }

    private func sendL1(_ s: SimSession, reqId: Int, sub: SimMarketSub, state: SimMarketState,
                        previous: SimMarketState?) {
        let d = sub.delayed
        func price(_ type: Int, _ delayedType: Int, _ v: Double, _ old: Double?, size: Decimal = 0) {
            guard v != old else { return }
            s.send(.tickPrice(TickPrice(reqId: reqId, tickType: d ? delayedType : type, price: v, size: size,
                                        attrMask: 0)))
        }
        func size(_ type: Int, _ delayedType: Int, _ v: Decimal, _ old: Decimal?) {
            guard v != old else { return }
            s.send(.tickSize(TickSize(reqId: reqId, tickType: d ? delayedType : type, size: v)))
        }
        let bidChanged = state.bid != previous?.bid || state.bidSize != previous?.bidSize
        let askChanged = state.ask != previous?.ask || state.askSize != previous?.askSize
        if bidChanged {
            price(TickType.bid, TickType.delayedBid, state.bid, nil, size: state.bidSize)
            size(TickType.bidSize, TickType.delayedBidSize, state.bidSize, nil)
        }
        if askChanged {
            price(TickType.ask, TickType.delayedAsk, state.ask, nil, size: state.askSize)
            size(TickType.askSize, TickType.delayedAskSize, state.askSize, nil)
        }
        if state.lastTime != previous?.lastTime || state.last != previous?.last {
            price(TickType.last, TickType.delayedLast, state.last, nil, size: state.lastSize)
            size(TickType.lastSize, TickType.delayedLastSize, state.lastSize, nil)
            s.send(.tickString(reqId: reqId, tickType: d ? 88 : TickType.lastTimestamp, value: String(state.lastTime)))
        }
        size(TickType.volume, 74, state.volume, previous?.volume)
        price(TickType.high, 72, state.high, previous?.high)
        price(TickType.low, 73, state.low, previous?.low)
        price(TickType.close, 75, state.close, previous?.close)
        price(TickType.open, 76, state.open, previous?.open)
    }

    private func sendDepth(_ s: SimSession, reqId: Int, sub: SimDepthSub, book: DepthSnapshot) {
        func side(_ levels: [DepthLevel], _ old: inout [DepthLevel], _ side: BookSide) {
            let new = Array(levels.prefix(sub.rows))
            let common = min(new.count, old.count)
            for i in 0..<common where new[i] != old[i] {
                s.send(.depth(DepthUpdate(reqId: reqId, position: i, marketMaker: sub.l2 ? new[i].marketMaker : "",
                                          operation: .update, side: side, price: new[i].price, size: new[i].size,
                                          isSmartDepth: sub.l2, isL2: sub.l2)))
            }
            if new.count > old.count {
                for i in old.count..<new.count {
                    s.send(.depth(DepthUpdate(reqId: reqId, position: i, marketMaker: sub.l2 ? new[i].marketMaker : "",
                                              operation: .insert, side: side, price: new[i].price, size: new[i].size,
                                              isSmartDepth: sub.l2, isL2: sub.l2)))
                }
            } else if old.count > new.count {
                for i in stride(from: old.count - 1, through: new.count, by: -1) {
                    s.send(.depth(DepthUpdate(reqId: reqId, position: i, marketMaker: sub.l2 ? old[i].marketMaker : "",
                                              operation: .delete, side: side, price: old[i].price, size: 0,
                                              isSmartDepth: sub.l2, isL2: sub.l2)))
                }
            }
            old = new
        }
        side(book.bids, &sub.bids, .bid)
        side(book.asks, &sub.asks, .ask)
    }

    private func realTimeBars() {
        let t = Int(now())
        for s in sessions.values {
            for (reqId, sub) in s.realTimeBars {
                guard let sym = byConId[sub.conId], let inst = instruments[sym] else { continue }
                var sent = 0
                while sub.nextBar + 5 <= t && (sent < 100 || configuration.steppedClock) {
                    let b = inst.path.bars(from: sub.nextBar, to: sub.nextBar + 5, barSeconds: 5).first
                        ?? SimBar(time: sub.nextBar, open: 0, high: 0, low: 0, close: 0, volume: 0)
                    let p = priceOverride[sub.conId].map { SimRandom.roundTick($0) }
                    let bar = RealTimeBar(time: sub.nextBar, open: p ?? b.open, high: p ?? b.high, low: p ?? b.low,
                                          close: p ?? b.close, volume: Decimal(b.volume),
                                          wap: Decimal(SimRandom.roundTick(p ?? (b.open + b.close) / 2, tick: 0.0001)),
                                          count: max(1, b.volume / 100))
                    s.send(.realtimeBar(reqId: reqId, bar))
                    sub.nextBar += 5
                    sent += 1
                }
            }
            for (reqId, sub) in s.historyUpdates {
                guard Date().timeIntervalSince1970 - sub.lastSent >= 2,
                    let sym = byConId[sub.conId], let inst = instruments[sym] else { continue }
                sub.lastSent = Date().timeIntervalSince1970
                let start = t - ((t % sub.barSeconds) + sub.barSeconds) % sub.barSeconds
                guard let b = inst.path.bars(from: start, to: start + sub.barSeconds, barSeconds: sub.barSeconds).first
                else { continue }
                s.send(.historicalDataUpdate(reqId: reqId, HistoricalBar(
                    date: sub.formatDate == 2 ? String(b.time) : TWSDate.format(b.time), open: b.open, high: b.high,
                    low: b.low, close: b.close, volume: Decimal(b.volume), wap: Decimal(b.close),
                    barCount: max(1, b.volume / 100))))
            }
        }
    }

    // MARK: Historical data

    static func barSeconds(_ s: String) -> Int? {
        let table: [String: Int] = [
            "1 secs": 1, "5 secs": 5, "10 secs": 10, "15 secs": 15, "30 secs": 30, "1 min": 60, "2 mins": 120,
            "3 mins": 180, "5 mins": 300, "10 mins": 600, "15 mins": 900, "20 mins": 1200, "30 mins": 1800,
            "1 hour": 3600, "2 hours": 7200, "3 hours": 10_800, "4 hours": 14_400, "8 hours": 28_800,
            "1 day": 86_400, "1 week": 604_800, "1 month": 2_592_000,
        ]
        return table[s]
    }

    private func historical(_ s: SimSession, _ h: HistoricalDataRequest) {
        let reqId = h.reqId
        func fail(_ code: Int, _ text: String) {
            s.send(.error(TWSErrorMessage(id: reqId, code: code, message: text)))
        }
        guard let inst = resolve(h.contract) else { return noSecurity(s, reqId) }
        guard let barSec = TWSSimulator.barSeconds(h.barSize) else {
            return fail(321, "Error validating request.-'bP' : cause - Historical data bar size setting is invalid. "
                + "Legal ones are: 1 secs, 5 secs, …, 1 month (got '\(h.barSize)')")
        }
        let parts = h.duration.split(separator: " ")
        guard parts.count == 2, let n = Int(parts[0]), n > 0, n <= 1_000_000,
            ["S", "D", "W", "M", "Y"].contains(String(parts[1]))
        else {
            return fail(321, "Error validating request.-'bP' : cause - Historical data duration is invalid "
                + "(got '\(h.duration)'; use e.g. '1800 S', '1 D', '2 W', '1 M', '1 Y')")
        }
        guard ["TRADES", "MIDPOINT", "BID", "ASK", "BID_ASK", "ADJUSTED_LAST", "HISTORICAL_VOLATILITY",
               "OPTION_IMPLIED_VOLATILITY"].contains(h.whatToShow) else {
            return fail(321, "Error validating request.-'bP' : cause - whatToShow '\(h.whatToShow)' is invalid")
        }
        if h.keepUpToDate && !h.endDateTime.isEmpty {
            return fail(321, "Error validating request.-'bP' : cause - End date not supported with live updates")
        }
        var end = Int(now())
        if !h.endDateTime.isEmpty {
            guard let e = TWSDate.parse(h.endDateTime) else {
                return fail(321, "Error validating request.-'bP' : cause - bad endDateTime '\(h.endDateTime)'")
            }
            end = min(e, end)
        }
        // Pacing (§14), for bars of 30 seconds or less.
        let realNow = Date().timeIntervalSince1970
        historyLog.removeAll { realNow - $0.time > 600 }
        if barSec <= 30 {
            let key = "\(inst.contract.conId)|\(h.endDateTime)|\(h.barSize)|\(h.duration)|\(h.whatToShow)|\(h.useRTH)"
            if historyLog.contains(where: { $0.key == key && realNow - $0.time < 15 }) || historyLog.count >= 60 {
                return fail(162, "Historical Market Data Service error message:API historical data query cancelled: "
                    + "pacing violation")
            }
            historyLog.append((realNow, key))
        }
        let unit = String(parts[1])
        var sessions: [(Int, Int)] = []
        if unit == "S" {
            sessions = [(end - n, end)]
        } else {
            let days = unit == "D" ? n : unit == "W" ? 5 * n : unit == "M" ? 21 * n : 252 * n
            var day = end
            var guardCount = 0
            while sessions.count < days && guardCount < 4000 {
                guardCount += 1
                let dayText = TWSDate.formatDay(day)
                let open = TWSDate.parse(dayText + (h.useRTH ? " 09:30:00" : " 04:00:00") + " US/Eastern") ?? day
                let close = TWSDate.parse(dayText + (h.useRTH ? " 16:00:00" : " 20:00:00") + " US/Eastern") ?? day
                let openDate = Date(timeIntervalSince1970: Double(open))
                let weekday = Calendar(identifier: .gregorian).component(.weekday, from: openDate)
                if weekday != 1 && weekday != 7 && open < end {
                    sessions.insert((open, min(close, end)), at: 0)
                }
                day -= 86_400
            }
        }
        var bars: [SimBar] = []
        if barSec >= 86_400 {
            for (open, close) in sessions {
                var intraday = inst.path.bars(from: open, to: close, barSeconds: 1800)
                if let r = inst.path.range { intraday = intraday.filter { r.contains($0.time) } }
                guard let first = intraday.first, let last = intraday.last else { continue }
                let dayStart = TWSDate.parse(TWSDate.formatDay(open)) ?? open
                bars.append(SimBar(time: dayStart, open: first.open, high: intraday.map(\.high).max() ?? first.high,
                                   low: intraday.map(\.low).min() ?? first.low, close: last.close,
                                   volume: intraday.reduce(0) { $0 + $1.volume }))
            }
            if barSec > 86_400 {
                var grouped: [SimBar] = []
                for b in bars {
                    let key = barSec == 604_800 ? b.time / 604_800 : Int(TWSDate.formatDay(b.time).prefix(6)) ?? 0
                    if let l = grouped.last, (barSec == 604_800 ? l.time / 604_800 : Int(TWSDate.formatDay(l.time)
                        .prefix(6)) ?? 0) == key {
                        grouped[grouped.count - 1].high = max(l.high, b.high)
                        grouped[grouped.count - 1].low = min(l.low, b.low)
                        grouped[grouped.count - 1].close = b.close
                        grouped[grouped.count - 1].volume += b.volume
                    } else {
                        grouped.append(b)
                    }
                }
                bars = grouped
            }
        } else {
            let expected = sessions.reduce(0) { $0 + ($1.1 - $1.0) / barSec }
            guard expected <= 100_000 else {
                return fail(162, "Historical Market Data Service error message:Time length exceed max. "
                    + "(\(expected) bars; use a larger bar size or a shorter duration)")
            }
            for (open, close) in sessions { bars += inst.path.bars(from: open, to: close, barSeconds: barSec) }
            if let r = inst.path.range { bars = bars.filter { r.contains($0.time) } }
        }
        guard !bars.isEmpty else {
            return fail(162, "Historical Market Data Service error message:HMDS query returned no data: "
                + "\(inst.contract.symbol)@SMART \(h.whatToShow)")
        }
        let trades = h.whatToShow == "TRADES" || h.whatToShow == "ADJUSTED_LAST"
        func fmt(_ t: Int) -> String {
            barSec >= 86_400 ? TWSDate.formatDay(t) : h.formatDate == 2 ? String(t) : TWSDate.format(t)
        }
        let out = bars.map { b in
            HistoricalBar(date: fmt(b.time), open: b.open, high: b.high, low: b.low, close: b.close,
                          volume: trades ? Decimal(b.volume) : -1,
                          wap: trades ? Decimal(SimRandom.roundTick((b.high + b.low + b.close) / 3, tick: 0.0001)) : -1,
                          barCount: trades ? max(1, b.volume / 100) : -1)
        }
        let startText = h.formatDate == 2 ? String(sessions.first?.0 ?? end) : TWSDate.format(sessions.first?.0 ?? end)
        let endText = h.formatDate == 2 ? String(end) : TWSDate.format(end)
        s.send(.historicalData(reqId: reqId, start: startText, end: endText, bars: out))
        if h.keepUpToDate {
            s.historyUpdates[reqId] = SimHistorySub(conId: inst.contract.conId, barSeconds: barSec,
                                                    formatDate: h.formatDate)
        }
    }
}

/// Per-symbol market state of the simulator.
final class SimMarketState {
    var bid = 0.0, ask = 0.0, last = 0.0
    var bidSize: Decimal = 0, askSize: Decimal = 0, lastSize: Decimal = 0, volume: Decimal = 0
    var high = 0.0, low = 0.0, open = 0.0, close = 0.0
    var lastTime = 0
    var book = DepthSnapshot(bids: [], asks: [])

    func copy() -> SimMarketState {
        let c = SimMarketState()
        c.bid = bid
        c.ask = ask
        c.last = last
        c.bidSize = bidSize
        c.askSize = askSize
        c.lastSize = lastSize
        c.volume = volume
        c.high = high
        c.low = low
        c.open = open
        c.close = close
        c.lastTime = lastTime
        return c
    }
}

final class SimMarketSub {
    let conId: Int
    let delayed: Bool
    var lastSent: SimMarketState?
    init(conId: Int, delayed: Bool) {
        self.conId = conId
        self.delayed = delayed
    }
}

final class SimDepthSub {
    let conId: Int
    let rows: Int
    let l2: Bool
    var bids: [DepthLevel] = []
    var asks: [DepthLevel] = []
    init(conId: Int, rows: Int, l2: Bool) {
        self.conId = conId
        self.rows = rows
        self.l2 = l2
    }
}

final class SimBarSub {
    let conId: Int
    var nextBar: Int
    let whatToShow: String
    init(conId: Int, nextBar: Int, whatToShow: String) {
        self.conId = conId
        self.nextBar = nextBar
        self.whatToShow = whatToShow
    }
}

final class SimHistorySub {
    let conId: Int
    let barSeconds: Int
    let formatDate: Int
    var lastSent = 0.0
    init(conId: Int, barSeconds: Int, formatDate: Int) {
        self.conId = conId
        self.barSeconds = barSeconds
        self.formatDate = formatDate
    }
}

/// One client connection of the simulator.
final class SimSession {
    let channel: Channel
    var version: Int?
    var clientId: Int?
    var marketDataType = 1
    var marketData: [Int: SimMarketSub] = [:]
    var depth: [Int: SimDepthSub] = [:]
    var realTimeBars: [Int: SimBarSub] = [:]
    var historyUpdates: [Int: SimHistorySub] = [:]
    var positionsSubscribed = false
    var accountSubscribed = false
    var dirty = false

    init(channel: Channel) { self.channel = channel }

    func send(_ m: ServerMessage) {
        var w = TWSFieldWriter()
        m.encode(&w)
        var buffer = channel.allocator.buffer(capacity: w.payload.count + 4)
        buffer.writeInteger(UInt32(w.payload.count))
        buffer.writeBytes(w.payload)
        channel.write(buffer, promise: nil)
        dirty = true
    }
}

/// Connects a channel's decoded requests to the simulator.
final class SimChannelHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ServerInbound
    private let simulator: TWSSimulator
    private var session: SimSession?

    init(simulator: TWSSimulator) { self.simulator = simulator }

    func channelActive(context: ChannelHandlerContext) {
        session = simulator.sessionOpened(context.channel)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let session { simulator.sessionClosed(session) }
        session = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let session else { return }
        simulator.handle(session, unwrapInboundIn(data))
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
        session?.dirty = false
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        simulator.configuration.logger.warning("closing client connection: \(error)")
        context.close(promise: nil)
    }
}

/// Moves a value across a synchronous hop to the event loop.
final class UnsafeTransfer<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
