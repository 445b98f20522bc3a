import Foundation
import NIOCore
import NIOPosix

/// A client of the TWS / IB Gateway socket API (server version 178), usable from a plain thread.
///
/// Blocking calls (`connect`, `contractDetails`, `historicalBars`, …) wait with a timeout and must not be made on
/// a SwiftNIO event-loop thread. Streaming data and order updates arrive as `TWSEvent`s, taken with
/// `drain(timeout:)` or `poll()` on the caller's own thread.
public final class TWSClient: @unchecked Sendable {
    /// Connection and behaviour settings.
    public struct Configuration: Sendable {
        /// TWS host; loopback by default.
        public var host: String = "127.0.0.1"
        /// API port: 7497 paper TWS, 4002 paper Gateway (7496/4001 are live and refused unless enabled).
        public var port: Int = 7497
        /// Client id, unique per TWS.
        public var clientId: Int = 1
        /// Seconds to wait for TCP connect plus handshake.
        public var connectTimeout: Double = 5
        /// Default seconds a blocking request waits.
        public var requestTimeout: Double = 30
        /// Caller's request to allow live trading (`allow_live=true` in Lua).
        public var allowLive: Bool = false
        /// The configuration switch for live trading (`[live] enabled = true` in lunar.toml).
        public var liveTradingEnabled: Bool = false
        /// Reconnect automatically after a drop or a long 1100.
        public var autoReconnect: Bool = true
        /// First reconnect delay in seconds; doubles per failed attempt.
        public var reconnectInitialDelay: Double = 0.25
        /// Longest reconnect delay in seconds.
        public var reconnectMaxDelay: Double = 10
        /// Give up after this many failed attempts (`nil` = never).
        public var maxReconnectAttempts: Int? = nil
        /// Seconds of 1100 (IB connectivity lost) without 1101/1102 before the socket is dropped and reopened.
        public var connectivityLossReconnectDelay: Double = 30
        /// Outgoing messages per second (TWS limit 50).
        public var messagesPerSecond: Int = 45
        /// Logger.
        public var logger: TWSLogger = .standardError(label: "tws-client")

        /// Creates a configuration for `host:port` with `clientId`.
        public init(host: String = "127.0.0.1", port: Int = 7497, clientId: Int = 1) {
            self.host = host
            self.port = port
            self.clientId = clientId
        }
    }

    /// Connection state.
    public enum State: String, Sendable {
        /// Not connected.
        case disconnected
        /// Connecting for the first time.
        case connecting
        /// Connected and ready.
        case connected
        /// Connection dropped; reconnecting.
        case reconnecting
    }

    /// Ports of live TWS (7496) and live IB Gateway (4001).
    public static let livePorts: Set<Int> = [7496, 4001]

    /// The configuration in use.
    public let configuration: Configuration
    /// Events for the host thread.
    public let events = TWSEventQueue()

    let loop: EventLoop
    private let cond = NSCondition()
    private var log: TWSLogger { configuration.logger }
    private let pacer: MessagePacer
    private let historyPacer = HistoricalPacer()

    // Guarded by `cond`.
    private var _state: State = .disconnected
    private var channel: Channel?
    private var generation = 0
    private var userClosed = false
    private var handshake: HandshakeProgress?
    private var _serverVersion = 0
    private var _accounts: [String] = []
    private var nextOrderIdValue = 0
    private var nextReqIdValue = 900_000_000
    private var pending: [PendingKey: Pending] = [:]
    private var subscriptions: [Int: Subscription] = [:]
    private var quotes: [Int: Quote] = [:]
    private var books: [Int: DepthBook] = [:]
    private var aggregators: [Int: [BarAggregator]] = [:]
    private var orders: [Int: TrackedOrder] = [:]
    private var execToOrder: [String: Int] = [:]
    private var orphanCommissions: [String: CommissionReport] = [:]
    private var positionMap: [String: Position] = [:]
    private var accountMap: [String: AccountValue] = [:]
    private var positionsSubscribed = false
    private var accountSubscribed = false
    private var connectivityLostAt: Double?
    private var reconnectAttempt = 0
    private var qualified: [String: Contract] = [:]

    /// Creates a client (not connected yet).
    public init(configuration: Configuration) {
        self.configuration = configuration
        self.loop = MultiThreadedEventLoopGroup.singleton.next()
        self.pacer = MessagePacer(limit: configuration.messagesPerSecond, loop: loop)
    }

    /// Convenience: creates a client for `host:port` with `clientId`.
    public convenience init(host: String = "127.0.0.1", port: Int = 7497, clientId: Int = 1) {
        self.init(configuration: Configuration(host: host, port: port, clientId: clientId))
    }

    // MARK: State

    /// Current connection state.
    public var state: State { locked { _state } }
    /// True when connected and ready.
    public var isConnected: Bool { state == .connected }
    /// Negotiated server version (178), 0 before connecting.
    public var serverVersion: Int { locked { _serverVersion } }
    /// Accounts from `managedAccounts`.
    public var accounts: [String] { locked { _accounts } }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        cond.lock()
        defer { cond.unlock() }
        return try body()
    }

    private func checkNotOnEventLoop(_ what: String) throws {
        if MultiThreadedEventLoopGroup.currentEventLoop != nil {
            throw TWSError.invalid("\(what) blocks and cannot run on a SwiftNIO event-loop thread; call it from the "
                + "host thread")
        }
    }

    // MARK: Connecting

    /// Connects, performs the handshake (v157..178, must answer 178) and waits for `nextValidId` and
    /// `managedAccounts`. Refuses live ports and non-paper accounts unless live trading is enabled.
    public func connect() throws {
        try checkNotOnEventLoop("connect()")
        if TWSClient.livePorts.contains(configuration.port) && !liveAllowed {
            throw liveRefusal("port \(configuration.port) is a live-trading port "
                + "(\(configuration.port == 7496 ? "TWS" : "IB Gateway") live)")
        }
        try locked {
            guard _state == .disconnected else { throw TWSError.alreadyConnected() }
            _state = .connecting
            userClosed = false
        }
        do {
            try attempt().wait()
        } catch {
            locked { _state = .disconnected }
            throw (error as? TWSError) ?? TWSError.couldNotConnect(host: configuration.host, port: configuration.port,
                                                                 reason: "\(error)")
        }
    }

    private var liveAllowed: Bool { configuration.allowLive && configuration.liveTradingEnabled }

    private func liveRefusal(_ why: String) -> TWSError {
        TWSError(kind: .liveTradingRefused, code: 0, message: "refusing live trading: \(why). Lunar connects to "
            + "paper accounts (DU…) on paper ports (7497 TWS, 4002 Gateway) by default. To enable live trading, "
            + "set [live] enabled = true in lunar.toml and pass allow_live=true to lunar.ib.connect "
            + "(Swift: Configuration.liveTradingEnabled and allowLive).")
    }

    /// One connection attempt: TCP connect, hello, server version, startApi, wait for ready.
    private func attempt() -> EventLoopFuture<Void> {
        let promise = loop.makePromise(of: Void.self)
        let gen: Int = locked {
            generation += 1
            handshake = HandshakeProgress(promise: promise)
            return generation
        }
        let timeout = configuration.connectTimeout
        let timeoutTask = loop.scheduleTask(in: .nanoseconds(Int64(timeout * 1e9))) { [self] in
            failHandshake(gen, TWSError.couldNotConnect(host: configuration.host, port: configuration.port,
                                                        reason: "no handshake answer within \(timeout) s"))
        }
        promise.futureResult.whenComplete { _ in timeoutTask.cancel() }
        let logger = configuration.logger
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(.nanoseconds(Int64(timeout * 1e9)))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    let decoder = ByteToMessageHandler(TWSClientDecoder(logger: logger))
                    try channel.pipeline.syncOperations.addHandler(decoder)
                    try channel.pipeline.syncOperations.addHandler(ClientChannelHandler(client: self, generation: gen))
                }
            }
        bootstrap.connect(host: configuration.host, port: configuration.port).whenComplete { [self] result in
            switch result {
            case .failure(let error):
                failHandshake(gen, TWSError.couldNotConnect(host: configuration.host, port: configuration.port,
                                                            reason: "\(error)"))
            case .success(let ch):
                let stale: Bool = locked {
                    guard gen == generation, handshake != nil else { return true }
                    channel = ch
                    return false
                }
                if stale {
                    ch.close(promise: nil)
                    return
                }
                ch.writeBytes(TWSHandshake.clientHello())
            }
        }
        return promise.futureResult
    }

    private func failHandshake(_ gen: Int, _ error: TWSError) {
        let (hs, ch): (HandshakeProgress?, Channel?) = locked {
            guard gen == generation, let hs = handshake else { return (nil, nil) }
            handshake = nil
            let ch = channel
            channel = nil
            return (hs, ch)
        }
        ch?.close(promise: nil)
        hs?.promise.fail(error)
    }

    deinit {
        cond.lock()
        userClosed = true
        let ch = channel
        cond.unlock()
        ch?.close(promise: nil)
    }

    /// Closes the connection; subscriptions end, orders stay working in TWS. No reconnect follows.
    public func disconnect() {
        let ch: Channel? = locked {
            userClosed = true
            generation += 1
            let ch = channel
            channel = nil
            let was = _state
            _state = .disconnected
            failAllPending(TWSError.notConnected())
            if was != .disconnected { events.push(.disconnected(reason: "closed by the client")) }
            return ch
        }
        loop.execute { self.pacer.reset() }
        try? ch?.close().wait()
    }

    // MARK: Inbound (event loop)

    fileprivate func channelInactive(generation gen: Int) {
        var scheduleReconnect = false
        var hsToFail: HandshakeProgress?
        locked {
            guard gen == generation else { return }
            channel = nil
            if let hs = handshake {
                // The attempt's promise fails below; its completion handler schedules the next attempt.
                handshake = nil
                hsToFail = hs
                return
            }
            failAllPending(TWSError(kind: .connection, code: 504, message: "connection to TWS lost"))
            guard !userClosed, _state == .connected else { return }
            events.push(.connectionLost(reason: "TWS closed the connection"))
            if configuration.autoReconnect {
                _state = .reconnecting
                reconnectAttempt = 0
                scheduleReconnect = true
            } else {
                _state = .disconnected
                events.push(.disconnected(reason: "connection lost and autoReconnect is off"))
            }
        }
        loop.execute { self.pacer.reset() }
        hsToFail?.promise.fail(TWSError.couldNotConnect(host: configuration.host, port: configuration.port,
                                                        reason: "connection closed during the handshake"))
        if scheduleReconnect { self.scheduleReconnect() }
    }

    private func scheduleReconnect() {
        let (attemptNo, delay, giveUp): (Int, Double, Bool) = locked {
            reconnectAttempt += 1
            let d = min(configuration.reconnectMaxDelay,
                        configuration.reconnectInitialDelay * pow(2, Double(reconnectAttempt - 1)))
            let give = configuration.maxReconnectAttempts.map { reconnectAttempt > $0 } ?? false
            if give || userClosed || _state != .reconnecting {
                if give { _state = .disconnected }
                return (reconnectAttempt, d, true)
            }
            return (reconnectAttempt, d, false)
        }
        if giveUp {
            if state == .disconnected && !locked({ userClosed }) {
                events.push(.disconnected(reason: "gave up reconnecting after \(attemptNo - 1) attempts"))
            }
            return
        }
        events.push(.reconnecting(attempt: attemptNo, delay: delay))
        log.info("reconnecting in \(delay) s (attempt \(attemptNo))")
        loop.scheduleTask(in: .nanoseconds(Int64(delay * 1e9))) { [self] in
            guard locked({ _state == .reconnecting && !userClosed }) else { return }
            attempt().whenComplete { [self] result in
                switch result {
                case .success:
                    let n = resubscribeAll()
                    events.push(.reconnected(resubscribed: n))
                case .failure(let error):
                    log.warning("reconnect attempt \(attemptNo) failed: \(error)")
                    if case .liveTradingRefused = (error as? TWSError)?.kind {
                        locked { _state = .disconnected }
                        events.push(.disconnected(reason: "\(error)"))
                        return
                    }
                    scheduleReconnect()
                }
            }
        }
    }

    fileprivate func receive(_ inbound: ClientInbound, generation gen: Int) {
        switch inbound {
        case .serverVersion(let v, let time):
            handleServerVersion(v, time: time, generation: gen)
        case .message(let m):
            handle(m, generation: gen)
        }
    }

    private func handleServerVersion(_ v: Int, time: String, generation gen: Int) {
        guard v == TWSHandshake.serverVersion else {
            failHandshake(gen, TWSError.unsupportedVersion(v))
            return
        }
        let ch: Channel? = locked {
            guard gen == generation else { return nil }
            _serverVersion = v
            return channel
        }
        log.info("server version \(v), connection time \(time)")
        guard let ch else { return }
        let frame = ClientMessage.startApi(clientId: configuration.clientId, optionalCapabilities: "").encodeFrame()
        pacer.submit(ch, ch.allocator.buffer(bytes: frame))
    }

    private func checkReady(generation gen: Int) {
        var done: (HandshakeProgress, Bool)?
        locked {
            guard gen == generation, let hs = handshake, hs.gotAccounts, hs.gotNextId else { return }
            handshake = nil
            let paper = _accounts.allSatisfy { $0.hasPrefix("DU") }
            done = (hs, paper || liveAllowed)
            if done?.1 == true {
                _state = .connected
                reconnectAttempt = 0
                events.push(.connected(serverVersion: _serverVersion, accounts: _accounts,
                                       nextOrderId: nextOrderIdValue))
            }
        }
        guard let (hs, ok) = done else { return }
        if ok {
            hs.promise.succeed(())
        } else {
            let accounts = self.accounts.joined(separator: ",")
            let ch: Channel? = locked {
                let c = channel
                channel = nil
                generation += 1
                return c
            }
            ch?.close(promise: nil)
            hs.promise.fail(liveRefusal("account \(accounts) is not a paper account (paper accounts start with DU)"))
        }
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func handle(_ m: ServerMessage, generation gen: Int) {
        cond.lock()
        defer {
            cond.broadcast()
            cond.unlock()
        }
        guard gen == generation else { return }
        switch m {
        case .nextValidId(let id):
            nextOrderIdValue = max(nextOrderIdValue, id)
            if let hs = handshake {
                hs.gotNextId = true
                cond.unlock()
                checkReady(generation: gen)
                cond.lock()
            }
            complete(.nextId, with: m)
        case .managedAccounts(let list):
            _accounts = list
            complete(.managedAccounts, with: m)
            if let hs = handshake {
                hs.gotAccounts = true
                cond.unlock()
                checkReady(generation: gen)
                cond.lock()
            }
        case .error(let e):
            if handshake != nil && e.id == -1 && !TWSError.isWarningCode(e.code) {
                // e.g. 326 "client id already in use": the connection fails with TWS's own code and text.
                cond.unlock()
                failHandshake(gen, TWSError(kind: .tws, code: e.code, message: e.message, id: e.id))
                cond.lock()
                return
            }
            handleError(e)
        case .currentTime:
            complete(.currentTime, with: m)
        case .contractDetails(let reqId, _):
            pending[.req(reqId)]?.items.append(m)
        case .contractDetailsEnd(let reqId), .execDetailsEnd(let reqId), .accountSummaryEnd(let reqId),
            .accountUpdateMultiEnd(let reqId), .tickSnapshotEnd(let reqId):
            complete(.req(reqId), with: nil)
        case .historicalData(let reqId, _, _, _):
            complete(.req(reqId), with: m)
        case .historicalDataUpdate(let reqId, let bar):
            events.push(.historicalBarUpdate(reqId: reqId, bar))
        case .tickPrice(let t):
            var q = quotes[t.reqId] ?? Quote()
            q.apply(t)
            quotes[t.reqId] = q
            events.push(.quote(reqId: t.reqId, tickType: t.tickType, quote: q))
        case .tickSize(let t):
            var q = quotes[t.reqId] ?? Quote()
            let before = q
            q.apply(t)
            quotes[t.reqId] = q
            if q != before { events.push(.quote(reqId: t.reqId, tickType: t.tickType, quote: q)) }
        case .tickString(let reqId, let type, let value):
            events.push(.tickString(reqId: reqId, tickType: type, value: value))
        case .tickGeneric(let reqId, let type, let value):
            events.push(.tickGeneric(reqId: reqId, tickType: type, value: value))
        case .marketDataType(let reqId, let type):
            var q = quotes[reqId] ?? Quote()
            q.marketDataType = type
            quotes[reqId] = q
        case .tickReqParams:
            break
        case .depth(let d):
            var book = books[d.reqId] ?? DepthBook()
            book.apply(d)
            books[d.reqId] = book
            events.push(.depth(d))
        case .mktDepthExchanges:
            complete(.depthExchanges, with: m)
        case .realtimeBar(let reqId, let bar):
            events.push(.realTimeBar(reqId: reqId, bar))
            if var aggs = aggregators[reqId] {
                for i in aggs.indices {
                    for b in aggs[i].add(bar) { events.push(.aggregatedBar(reqId: reqId, b)) }
                }
                aggregators[reqId] = aggs
            }
        case .orderStatus(let s):
            if var o = orders[s.orderId] {
                o.status = s.status
                o.filled = s.filled
                o.remaining = s.remaining
                o.avgFillPrice = s.avgFillPrice
                orders[s.orderId] = o
            }
            events.push(.orderStatus(s))
        case .openOrder(let oo):
            if var o = orders[oo.order.orderId] {
                if !oo.state.status.isEmpty && !o.isDone { o.status = oo.state.status }
                o.order.permId = oo.order.permId
                o.order.clientId = oo.order.clientId
                orders[oo.order.orderId] = o
            } else if oo.order.clientId == configuration.clientId && !oo.order.whatIf {
                orders[oo.order.orderId] = TrackedOrder(orderId: oo.order.orderId, contract: oo.contract,
                                                        order: oo.order, status: oo.state.status, filled: 0,
                                                        remaining: oo.order.totalQuantity, avgFillPrice: 0,
                                                        fills: [], lastError: nil)
            }
            pending[.openOrders]?.items.append(m)
            pending[.whatIf(oo.order.orderId)]?.items.append(m)
            if oo.order.whatIf { complete(.whatIf(oo.order.orderId), with: nil) }
            events.push(.openOrder(oo))
        case .openOrderEnd:
            complete(.openOrders, with: nil)
        case .execDetails(let reqId, let contract, let e):
            let early = orphanCommissions.removeValue(forKey: e.execId)
            var fill = Fill(contract: contract, execution: e, commission: early)
            if reqId != -1 {
                pending[.req(reqId)]?.items.append(m)
            }
            if var o = orders[e.orderId], o.order.clientId == e.clientId || o.order.clientId == 0 {
                if let i = o.fills.firstIndex(where: { $0.execution.execId == e.execId }) {
                    fill.commission = fill.commission ?? o.fills[i].commission
                    o.fills[i] = fill
                } else {
                    o.fills.append(fill)
                    if reqId == -1 { events.push(.execution(fill)) }
                }
                orders[e.orderId] = o
                execToOrder[e.execId] = e.orderId
            } else if reqId == -1 {
                events.push(.execution(fill))
            }
        case .commissionReport(let c):
            for (k, p) in pending where p.collectsCommissions { _ = k; p.items.append(m) }
            if let id = execToOrder[c.execId], var o = orders[id],
                let i = o.fills.firstIndex(where: { $0.execution.execId == c.execId }) {
                let isNew = o.fills[i].commission == nil
                o.fills[i].commission = c
                orders[id] = o
                if isNew { events.push(.commissionReport(orderId: id, c)) }
            } else {
                orphanCommissions[c.execId] = c
                events.push(.commissionReport(orderId: nil, c))
            }
        case .position(let p):
            positionMap["\(p.account)|\(p.contract.conId)"] = p
            if pending[.positions] == nil { events.push(.position(p)) }
        case .positionEnd:
            complete(.positions, with: nil)
        case .accountSummary(let reqId, _):
            pending[.req(reqId)]?.items.append(m)
        case .updateAccountValue(let v), .accountUpdateMulti(_, let v):
            accountMap["\(v.account)|\(v.key)|\(v.currency)"] = v
            if case .accountUpdateMulti(let reqId, _) = m { pending[.req(reqId)]?.items.append(m) }
            events.push(.accountValue(v))
        case .updatePortfolio(let p):
            events.push(.portfolio(p))
        case .updateAccountTime:
            break
        case .accountDownloadEnd:
            complete(.accountDownload, with: nil)
        case .completedOrdersEnd:
            complete(.completedOrders, with: nil)
        case .unknown:
            break
        }
    }

    /// Routes a TWS error: connectivity codes drive state; an id with a pending request fails it; an order id is
    /// recorded on the order; everything is also queued as an event.
    private func handleError(_ e: TWSErrorMessage) {
        let err = TWSError(kind: .tws, code: e.code, message: e.message, id: e.id)
        events.push(.error(err))
        if err.isWarning {
            log.info("\(err)")
        } else {
            log.warning("\(err)")
        }
        switch e.code {
        case 1100, 2110:
            connectivityLostAt = Date().timeIntervalSince1970
            events.push(.connectivityLost)
            let stamp = connectivityLostAt
            let gen = generation
            let delay = configuration.connectivityLossReconnectDelay
            loop.scheduleTask(in: .nanoseconds(Int64(delay * 1e9))) { [self] in
                let ch: Channel? = locked {
                    guard gen == generation, connectivityLostAt == stamp, stamp != nil else { return nil }
                    connectivityLostAt = nil
                    return channel
                }
                if let ch {
                    log.warning("no 1101/1102 within \(delay) s after 1100: reconnecting")
                    ch.close(promise: nil)
                }
            }
            return
        case 1101:
            connectivityLostAt = nil
            events.push(.connectivityRestored(dataLost: true))
            cond.unlock()
            _ = resubscribeAll(marketDataOnly: true)
            cond.lock()
            return
        case 1102:
            connectivityLostAt = nil
            events.push(.connectivityRestored(dataLost: false))
            return
        case 1300:
            if let ch = channel { loop.execute { ch.close(promise: nil) } }
            return
        case 317:
            books[e.id] = DepthBook()
            events.push(.depthReset(reqId: e.id))
            return
        default:
            break
        }
        guard e.id >= 0, !err.isWarning || e.code == 321 else { return }
        if let p = pending[.req(e.id)], !p.done {
            p.error = err
            p.done = true
            return
        }
        if var o = orders[e.id] {
            o.lastError = err
            if e.code != 202 && e.code != 399 && !err.isWarning && ["", "PendingSubmit"].contains(o.status) {
                o.status = "Inactive"
            }
            orders[e.id] = o
        }
    }

    private func complete(_ key: PendingKey, with m: ServerMessage?) {
        guard let p = pending[key] else { return }
        if let m { p.items.append(m) }
        p.done = true
    }

    private func failAllPending(_ error: TWSError) {
        for p in pending.values where !p.done {
            p.error = error
            p.done = true
        }
        cond.broadcast()
    }

    // MARK: Sending

    private func send(_ m: ClientMessage) throws {
        let ch: Channel = try locked {
            guard _state == .connected, let ch = channel else { throw TWSError.notConnected() }
            return ch
        }
        let frame = m.encodeFrame()
        loop.execute { self.pacer.submit(ch, ch.allocator.buffer(bytes: frame)) }
    }

    private func newReqId() -> Int {
        locked {
            nextReqIdValue += 1
            return nextReqIdValue
        }
    }

    /// Sends `m` and waits for the answer registered under `key`; returns the collected messages.
    private func request(_ key: PendingKey, _ m: ClientMessage, timeout: Double?, what: String,
                         collectsCommissions: Bool = false) throws -> [ServerMessage] {
        try checkNotOnEventLoop(what)
        let p = Pending(collectsCommissions: collectsCommissions)
        try locked {
            guard pending[key] == nil else { throw TWSError.invalid("\(what) is already in progress") }
            pending[key] = p
        }
        defer { locked { pending[key] = nil } }
        try send(m)
        let seconds = timeout ?? configuration.requestTimeout
        let deadline = Date(timeIntervalSinceNow: seconds)
        return try locked {
            while !p.done {
                if !cond.wait(until: deadline) && !p.done {
                    throw TWSError.timeout(what, seconds: seconds, id: key.reqId ?? -1)
                }
            }
            if let e = p.error { throw e }
            return p.items
        }
    }

    // MARK: Session requests

    /// Asks TWS for its clock; returns epoch seconds.
    public func currentTime(timeout: Double? = nil) throws -> Int {
        let items = try request(.currentTime, .reqCurrentTime, timeout: timeout, what: "reqCurrentTime")
        for case .currentTime(let t) in items { return t }
        throw TWSError.badMessage("no currentTime in the answer")
    }

    /// Returns a fresh order id (from `nextValidId`, then incremented locally).
    public func nextOrderId() -> Int {
        locked {
            let id = max(nextOrderIdValue, 1)
            nextOrderIdValue = id + 1
            return id
        }
    }

    /// Asks TWS for a new `nextValidId` and returns it.
    public func requestIds(timeout: Double? = nil) throws -> Int {
        _ = try request(.nextId, .reqIds(numIds: 1), timeout: timeout, what: "reqIds")
        return locked { nextOrderIdValue }
    }

    /// Sets the market data type for later subscriptions (1 live, 2 frozen, 3 delayed, 4 delayed-frozen).
    public func setMarketDataType(_ type: Int) throws {
        guard (1...4).contains(type) else { throw TWSError.invalid("market data type must be 1…4, got \(type)") }
        try send(.reqMarketDataType(type))
    }

    // MARK: Contracts

    /// Every contract matching `contract` (error 200 → `TWSError` with code 200).
    public func contractDetails(_ contract: Contract, timeout: Double? = nil) throws -> [ContractDetails] {
        let reqId = newReqId()
        let items = try request(.req(reqId), .reqContractDetails(reqId: reqId, contract, includeExpired: false,
                                                                 secIdType: "", secId: "", issuerId: ""),
                                timeout: timeout, what: "reqContractDetails(\(contract.symbol))")
        return items.compactMap { if case .contractDetails(_, let d) = $0 { return d } else { return nil } }
    }

    /// The single contract matching `contract` (conId filled in); throws when none or several match.
    public func qualify(_ contract: Contract, timeout: Double? = nil) throws -> Contract {
        let key = "\(contract.symbol)|\(contract.secType)|\(contract.exchange)|\(contract.currency)|\(contract.conId)"
        if let c = locked({ qualified[key] }) { return c }
        let list = try contractDetails(contract, timeout: timeout)
        guard list.count == 1, var c = list.first?.contract else {
            throw TWSError(kind: .tws, code: 200, message: list.isEmpty
                ? "No security definition has been found for \(contract.symbol)"
                : "\(contract.symbol) is ambiguous (\(list.count) matches); set primaryExchange or conId")
        }
        if c.exchange.isEmpty { c.exchange = contract.exchange }
        locked { qualified[key] = c }
        return c
    }

    /// The qualified smart-routed US stock `symbol`.
    public func stock(_ symbol: String, timeout: Double? = nil) throws -> Contract {
        try qualify(.stock(symbol), timeout: timeout)
    }

    // MARK: Market data

    /// Subscribes to level-1 data; updates arrive as `.quote` events and in `quote(reqId)`. Returns the reqId.
    @discardableResult
    public func subscribeMarketData(_ contract: Contract, genericTickList: String = "") throws -> Int {
        let reqId = newReqId()
        let m = ClientMessage.reqMktData(reqId: reqId, contract, genericTickList: genericTickList, snapshot: false,
                                         regulatorySnapshot: false)
        locked {
            subscriptions[reqId] = Subscription(message: m, kind: .marketData)
            quotes[reqId] = Quote()
        }
        do { try send(m) } catch {
            locked { subscriptions[reqId] = nil }
            throw error
        }
        return reqId
    }

    /// A one-off snapshot of level-1 values (waits for `tickSnapshotEnd`).
    public func snapshot(_ contract: Contract, timeout: Double? = nil) throws -> Quote {
        let reqId = newReqId()
        locked { quotes[reqId] = Quote() }
        defer { locked { quotes[reqId] = nil } }
        _ = try request(.req(reqId), .reqMktData(reqId: reqId, contract, genericTickList: "", snapshot: true,
                                                 regulatorySnapshot: false), timeout: timeout ?? 15,
                        what: "market data snapshot (\(contract.symbol))")
        return locked { quotes[reqId] ?? Quote() }
    }

    /// The latest level-1 values of a subscription.
    public func quote(_ reqId: Int) -> Quote? { locked { quotes[reqId] } }

    /// Ends a level-1 subscription.
    public func cancelMarketData(_ reqId: Int) throws {
        locked {
            subscriptions[reqId] = nil
            quotes[reqId] = nil
        }
        try send(.cancelMktData(reqId: reqId))
    }

    /// Subscribes to market depth with `rows` per side; updates arrive as `.depth` events and in `depthBook`.
    @discardableResult
    public func subscribeDepth(_ contract: Contract, rows: Int = 10, smartDepth: Bool = true) throws -> Int {
        guard rows > 0 else { throw TWSError.invalid("depth rows must be positive, got \(rows)") }
        let reqId = newReqId()
        let m = ClientMessage.reqMktDepth(reqId: reqId, contract, numRows: rows, isSmartDepth: smartDepth)
        locked {
            subscriptions[reqId] = Subscription(message: m, kind: .depth)
            books[reqId] = DepthBook()
        }
        try send(m)
        return reqId
    }

    /// The current depth book of a subscription.
    public func depthBook(_ reqId: Int) -> DepthBook? { locked { books[reqId] } }

    /// Ends a depth subscription.
    public func cancelDepth(_ reqId: Int) throws {
        let smart: Bool = locked {
            let s = subscriptions.removeValue(forKey: reqId)
            books[reqId] = nil
            if case .reqMktDepth(_, _, _, let smart)? = s?.message { return smart }
            return true
        }
        try send(.cancelMktDepth(reqId: reqId, isSmartDepth: smart))
    }

    /// The exchanges that offer depth.
    public func depthExchanges(timeout: Double? = nil) throws -> [DepthExchange] {
        let items = try request(.depthExchanges, .reqMktDepthExchanges, timeout: timeout, what: "reqMktDepthExchanges")
        for case .mktDepthExchanges(let list) in items { return list }
        return []
    }

    // MARK: Bars

    /// Subscribes to 5-second bars; `aggregateSeconds` (e.g. `[60, 300]`) also emits `.aggregatedBar` events.
    @discardableResult
    public func subscribeRealTimeBars(_ contract: Contract, whatToShow: String = "TRADES", useRTH: Bool = false,
                                      aggregateSeconds: [Int] = []) throws -> Int {
        guard aggregateSeconds.allSatisfy({ $0 > 0 && $0 % 5 == 0 }) else {
            throw TWSError.invalid("aggregate bar lengths must be positive multiples of 5 s, got \(aggregateSeconds)")
        }
        let reqId = newReqId()
        let m = ClientMessage.reqRealTimeBars(reqId: reqId, contract, barSize: 5, whatToShow: whatToShow,
                                              useRTH: useRTH)
        locked {
            subscriptions[reqId] = Subscription(message: m, kind: .realTimeBars)
            if !aggregateSeconds.isEmpty { aggregators[reqId] = aggregateSeconds.map { BarAggregator(seconds: $0) } }
        }
        try send(m)
        return reqId
    }

    /// Ends a real-time bar subscription.
    public func cancelRealTimeBars(_ reqId: Int) throws {
        locked {
            subscriptions[reqId] = nil
            aggregators[reqId] = nil
        }
        try send(.cancelRealTimeBars(reqId: reqId))
    }

    /// Historical bars for `duration` (`"1 D"`, `"2 W"`, `"3600 S"`) of `barSize` (`"5 mins"`) ending at `end`
    /// (epoch seconds; `nil` = now). Long ranges are split into requests TWS accepts and paced (§14); the
    /// result is sorted by time without duplicates.
    public func historicalBars(_ contract: Contract, duration: String, barSize: String, end: Int? = nil,
                               whatToShow: String = "TRADES", useRTH: Bool = true, timeout: Double? = nil) throws
        -> [HistoricalBar]
    {
        guard let chunks = HistoricalPlanner.chunks(duration: duration, barSize: barSize) else {
            throw TWSError.invalid("bad duration '\(duration)': use '<n> S|D|W|M|Y', e.g. '1 D'")
        }
        guard TWSSimulator.barSeconds(barSize) != nil else {
            throw TWSError.invalid("bad bar size '\(barSize)': use e.g. '1 min', '5 mins', '1 hour', '1 day'")
        }
        var all: [String: HistoricalBar] = [:]
        var chunkEnd = end
        let small = (TWSSimulator.barSeconds(barSize) ?? 60) <= 30
        for chunk in chunks {
            let endText = chunkEnd.map { TWSDate.formatUTC($0) } ?? ""
            let reqKey = "\(contract.conId)|\(contract.symbol)|\(endText)|\(barSize)|\(chunk)|\(whatToShow)|\(useRTH)"
            let wait = historyPacer.reserve(key: reqKey, contract: "\(contract.conId)|\(contract.symbol)|\(whatToShow)",
                                            smallBars: small)
            if wait > 0 {
                log.info("historical pacing: waiting \(String(format: "%.2f", wait)) s")
                Thread.sleep(forTimeInterval: wait)
            }
            let reqId = newReqId()
            let h = HistoricalDataRequest(reqId: reqId, contract: contract, endDateTime: endText, barSize: barSize,
                                          duration: chunk, useRTH: useRTH, whatToShow: whatToShow, formatDate: 1)
            let items: [ServerMessage]
            do {
                items = try request(.req(reqId), .reqHistoricalData(h), timeout: timeout ?? 60,
                                    what: "reqHistoricalData(\(contract.symbol) \(chunk) \(barSize))")
            } catch let e as TWSError where e.code == 162 && !all.isEmpty && e.message.contains("no data") {
                break  // ran past the start of the available data
            }
            var earliest: Int? = nil
            for case .historicalData(_, _, _, let bars) in items {
                for b in bars {
                    all[b.date] = b
                    if let t = b.epochSeconds { earliest = min(earliest ?? t, t) }
                }
            }
            guard let e = earliest else { break }
            chunkEnd = e
        }
        return all.values.sorted { ($0.epochSeconds ?? 0, $0.date) < ($1.epochSeconds ?? 0, $1.date) }
    }

    /// Starts a keepUpToDate historical request: returns the initial bars and the reqId whose
    /// `.historicalBarUpdate` events follow.
    public func historicalBarsKeepingUpToDate(_ contract: Contract, duration: String, barSize: String,
                                              whatToShow: String = "TRADES", useRTH: Bool = true,
                                              timeout: Double? = nil) throws -> (reqId: Int, bars: [HistoricalBar]) {
        let reqId = newReqId()
        let h = HistoricalDataRequest(reqId: reqId, contract: contract, barSize: barSize, duration: duration,
                                      useRTH: useRTH, whatToShow: whatToShow, formatDate: 1, keepUpToDate: true)
        let items = try request(.req(reqId), .reqHistoricalData(h), timeout: timeout ?? 60,
                                what: "reqHistoricalData(keepUpToDate)")
        locked { subscriptions[reqId] = Subscription(message: .reqHistoricalData(h), kind: .historyUpdates) }
        for case .historicalData(_, _, _, let bars) in items { return (reqId, bars) }
        return (reqId, [])
    }

    /// Ends a keepUpToDate historical request.
    public func cancelHistoricalData(_ reqId: Int) throws {
        locked { subscriptions[reqId] = nil }
        try send(.cancelHistoricalData(reqId: reqId))
    }

    // MARK: Orders

    /// Places an order (id assigned from `nextValidId` when 0); returns the order id. Status and fills arrive as
    /// events and in `order(_:)`.
    @discardableResult
    public func placeOrder(_ order: Order, contract: Contract) throws -> Int {
        if let problem = order.validationProblem() { throw TWSError.invalid(problem) }
        var o = order
        if o.orderId == 0 { o.orderId = nextOrderId() }
        o.clientId = configuration.clientId
        let record = TrackedOrder(orderId: o.orderId, contract: contract, order: o, status: "PendingSubmit", filled: 0,
                                  remaining: o.totalQuantity, avgFillPrice: 0, fills: [], lastError: nil)
        locked {
            if orders[o.orderId] == nil || !o.whatIf { orders[o.orderId] = orders[o.orderId] ?? record }
            if let existing = orders[o.orderId], !existing.isDone { orders[o.orderId]?.order = o }
        }
        try send(.placeOrder(o, contract))
        return o.orderId
    }

    /// Places a bracket (parent, take-profit, stop-loss) with transmit flags 0, 0, 1; returns the three ids.
    @discardableResult
    public func placeBracket(_ parent: Order, takeProfit: Order, stopLoss: Order, contract: Contract) throws
        -> (parent: Int, takeProfit: Int, stopLoss: Int)
    {
        var p = parent, tp = takeProfit, sl = stopLoss
        p.orderId = p.orderId == 0 ? nextOrderId() : p.orderId
        tp.orderId = tp.orderId == 0 ? nextOrderId() : tp.orderId
        sl.orderId = sl.orderId == 0 ? nextOrderId() : sl.orderId
        p.transmit = false
        tp.parentId = p.orderId
        tp.transmit = false
        sl.parentId = p.orderId
        sl.transmit = true
        try placeOrder(p, contract: contract)
        try placeOrder(tp, contract: contract)
        try placeOrder(sl, contract: contract)
        return (p.orderId, tp.orderId, sl.orderId)
    }

    /// Asks TWS to cancel an order.
    public func cancelOrder(_ orderId: Int) throws {
        try send(.cancelOrder(orderId: orderId, manualOrderCancelTime: ""))
    }

    /// Cancels every open order of every client.
    public func cancelAllOrders() throws { try send(.reqGlobalCancel) }

    /// What the client knows about an order.
    public func order(_ orderId: Int) -> TrackedOrder? { locked { orders[orderId] } }

    /// Every order this client tracks.
    public var trackedOrders: [TrackedOrder] { locked { orders.values.sorted { $0.orderId < $1.orderId } } }

    /// Waits until the order reaches a final status (or `until` returns true) or `timeout` passes; returns the
    /// status then. With `withCommissions`, a filled order also waits for all commission reports.
    @discardableResult
    public func waitForOrder(_ orderId: Int, timeout: Double, withCommissions: Bool = true,
                             until: ((TrackedOrder) -> Bool)? = nil) throws -> String {
        try checkNotOnEventLoop("waitForOrder")
        let deadline = Date(timeIntervalSinceNow: timeout)
        return locked {
            while true {
                guard let o = orders[orderId] else { return "" }
                if let until, until(o) { return o.status }
                let commissionsIn = !withCommissions || o.status != "Filled"
                    || (o.fills.allSatisfy { $0.commission != nil } && !o.fills.isEmpty)
                if o.isDone && commissionsIn { return o.status }
                if !cond.wait(until: deadline) { return orders[orderId]?.status ?? "" }
            }
        }
    }

    /// This client's open orders, as TWS reports them (`reqOpenOrders`).
    public func openOrders(timeout: Double? = nil) throws -> [OpenOrder] {
        let items = try request(.openOrders, .reqOpenOrders, timeout: timeout, what: "reqOpenOrders")
        var latest: [Int: OpenOrder] = [:]
        for case .openOrder(let o) in items { latest[o.order.orderId] = o }
        // Unsolicited openOrder messages of orders that just finished may arrive during the request.
        return latest.values.filter { !OrderStatusValue.final.contains($0.state.status) }
            .sorted { $0.order.orderId < $1.order.orderId }
    }

    /// Open orders of every client and of TWS itself (`reqAllOpenOrders`).
    public func allOpenOrders(timeout: Double? = nil) throws -> [OpenOrder] {
        let items = try request(.openOrders, .reqAllOpenOrders, timeout: timeout, what: "reqAllOpenOrders")
        var latest: [Int: OpenOrder] = [:]
        for case .openOrder(let o) in items { latest[o.order.permId] = o }
        return latest.values.filter { !OrderStatusValue.final.contains($0.state.status) }
            .sorted { $0.order.permId < $1.order.permId }
    }

    /// Asks TWS for the completed orders and waits for `completedOrdersEnd`. The `completedOrder` layout is not
    /// part of the 178 spec used here, so records are skipped; use it to synchronise like `ib_async` does.
    public func synchroniseCompletedOrders(apiOnly: Bool = true, timeout: Double? = nil) throws {
        _ = try request(.completedOrders, .reqCompletedOrders(apiOnly: apiOnly), timeout: timeout,
                        what: "reqCompletedOrders")
    }

    /// With client id 0, binds orders entered in TWS to this client (`reqAutoOpenOrders`).
    public func autoOpenOrders(_ bind: Bool = true) throws {
        guard configuration.clientId == 0 else {
            throw TWSError.invalid("reqAutoOpenOrders works only for client id 0 (this client is "
                + "\(configuration.clientId))")
        }
        try send(.reqAutoOpenOrders(autoBind: bind))
    }

    /// Margin and commission preview of an order (`whatIf`).
    public func whatIf(_ order: Order, contract: Contract, timeout: Double? = nil) throws -> OrderState {
        var o = order
        o.whatIf = true
        if o.orderId == 0 { o.orderId = nextOrderId() }
        let items = try request(.whatIf(o.orderId), .placeOrder(o, contract), timeout: timeout, what: "what-if order")
        for case .openOrder(let oo) in items { return oo.state }
        throw TWSError.badMessage("no openOrder in the what-if answer")
    }

    /// Today's executions matching `filter`, with their commissions.
    public func executions(_ filter: ExecutionFilter = ExecutionFilter(), timeout: Double? = nil) throws -> [Fill] {
        let reqId = newReqId()
        let items = try request(.req(reqId), .reqExecutions(reqId: reqId, filter), timeout: timeout,
                                what: "reqExecutions", collectsCommissions: true)
        var commissions: [String: CommissionReport] = [:]
        for case .commissionReport(let c) in items { commissions[c.execId] = c }
        return items.compactMap {
            guard case .execDetails(_, let c, let e) = $0 else { return nil }
            return Fill(contract: c, execution: e, commission: commissions[e.execId])
        }
    }

    // MARK: Positions and account

    /// Current positions (closed ones omitted); keeps a subscription so later `.position` events arrive.
    public func positions(timeout: Double? = nil) throws -> [Position] {
        _ = try request(.positions, .reqPositions, timeout: timeout, what: "reqPositions")
        return locked {
            positionsSubscribed = true
            return positionMap.values.filter { $0.quantity != 0 }.sorted { $0.contract.symbol < $1.contract.symbol }
        }
    }

    /// Account values (`reqAccountUpdates`); keeps the subscription so the values stay current.
    public func accountValues(account: String? = nil, timeout: Double? = nil) throws -> [AccountValue] {
        let acct = account ?? accounts.first ?? ""
        _ = try request(.accountDownload, .reqAccountUpdates(subscribe: true, account: acct), timeout: timeout,
                        what: "reqAccountUpdates")
        return locked {
            accountSubscribed = true
            return accountMap.values.filter { $0.account == acct || acct.isEmpty }.sorted { $0.key < $1.key }
        }
    }

    /// Stops `position` updates started by `positions()`.
    public func cancelPositions() throws {
        locked { positionsSubscribed = false }
        try send(.cancelPositions)
    }

    /// Stops the account updates started by `accountValues()`.
    public func cancelAccountValues() throws {
        let acct: String = locked {
            accountSubscribed = false
            return _accounts.first ?? ""
        }
        try send(.reqAccountUpdates(subscribe: false, account: acct))
    }

    /// Account values of one account and model (`reqAccountUpdatesMulti`), as a one-off request.
    public func accountUpdatesMulti(account: String? = nil, modelCode: String = "", timeout: Double? = nil) throws
        -> [AccountValue]
    {
        let reqId = newReqId()
        let items = try request(.req(reqId), .reqAccountUpdatesMulti(reqId: reqId, account: account ?? accounts.first
            ?? "", modelCode: modelCode, ledgerAndNLV: false), timeout: timeout, what: "reqAccountUpdatesMulti")
        try? send(.cancelAccountUpdatesMulti(reqId: reqId))
        return items.compactMap { if case .accountUpdateMulti(_, let v) = $0 { return v } else { return nil } }
    }

    /// Asks TWS for the managed accounts again; returns them.
    public func refreshManagedAccounts(timeout: Double? = nil) throws -> [String] {
        _ = try request(.managedAccounts, .reqManagedAccts, timeout: timeout, what: "reqManagedAccts")
        return accounts
    }

    /// The account summary for `tags` (comma-separated; default every standard tag).
    public func accountSummary(tags: String = AccountSummaryTags.all, group: String = "All", timeout: Double? = nil)
        throws -> [AccountValue]
    {
        let reqId = newReqId()
        let items = try request(.req(reqId), .reqAccountSummary(reqId: reqId, group: group, tags: tags),
                                timeout: timeout, what: "reqAccountSummary")
        try? send(.cancelAccountSummary(reqId: reqId))
        return items.compactMap { if case .accountSummary(_, let v) = $0 { return v } else { return nil } }
    }

    // MARK: Events

    /// Waits up to `timeout` seconds for events and returns every queued one (call from the host thread).
    public func drain(timeout: Double) -> [TWSEvent] { events.drain(timeout: timeout) }

    /// The oldest queued event, or `nil` (never blocks).
    public func poll() -> TWSEvent? { events.poll() }

    /// Processes events for `seconds` on the calling thread, handing each to `handler` as it arrives (the Lua
    /// host's `conn:run(seconds)`). Returns early when `handler` returns false.
    public func run(seconds: Double, _ handler: (TWSEvent) throws -> Bool) rethrows {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while true {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { break }
            for e in events.drain(timeout: left) where try !handler(e) { return }
        }
    }

    // MARK: Resubscription

    /// Re-sends every live subscription (after a reconnect or 1101). Returns how many were sent.
    @discardableResult
    private func resubscribeAll(marketDataOnly: Bool = false) -> Int {
        let (subs, pos, acct, account): ([(Int, Subscription)], Bool, Bool, String) = locked {
            for (reqId, s) in subscriptions where s.kind == .depth {
                books[reqId] = DepthBook()
                events.push(.depthReset(reqId: reqId))
            }
            let list = subscriptions.sorted { $0.key < $1.key }
                .filter { !marketDataOnly || $0.value.kind != .historyUpdates }
            return (list, positionsSubscribed, accountSubscribed, _accounts.first ?? "")
        }
        var n = 0
        for (_, s) in subs where (try? send(s.message)) != nil { n += 1 }
        if !marketDataOnly {
            if pos { try? send(.reqPositions) }
            if acct { try? send(.reqAccountUpdates(subscribe: true, account: account)) }
        }
        log.info("re-submitted \(n) subscriptions")
        return n
    }
}

/// Keys of blocking requests waiting for answers.
enum PendingKey: Hashable {
    case req(Int)
    case currentTime
    case positions
    case openOrders
    case accountDownload
    case depthExchanges
    case nextId
    case whatIf(Int)
    case managedAccounts
    case completedOrders

    var reqId: Int? {
        if case .req(let id) = self { return id }
        return nil
    }
}

/// Messages collected for one blocking request.
final class Pending {
    var items: [ServerMessage] = []
    var done = false
    var error: TWSError?
    let collectsCommissions: Bool
    init(collectsCommissions: Bool) { self.collectsCommissions = collectsCommissions }
}

/// A live subscription, re-sent after reconnects.
struct Subscription {
    enum Kind { case marketData, depth, realTimeBars, historyUpdates }
    var message: ClientMessage
    var kind: Kind
}

/// Progress of the handshake of one connection attempt.
final class HandshakeProgress {
    let promise: EventLoopPromise<Void>
    var gotNextId = false
    var gotAccounts = false
    init(promise: EventLoopPromise<Void>) { self.promise = promise }
}

/// Feeds decoded messages of one connection to the client.
final class ClientChannelHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ClientInbound
    private weak var client: TWSClient?
    private let generation: Int

    init(client: TWSClient, generation: Int) {
        self.client = client
        self.generation = generation
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard let client else {
            context.close(promise: nil)
            return
        }
        client.receive(unwrapInboundIn(data), generation: generation)
    }

    func channelInactive(context: ChannelHandlerContext) {
        client?.channelInactive(generation: generation)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        client?.configuration.logger.warning("closing connection: \(error)")
        context.close(promise: nil)
    }
}
