import Foundation

/// One strategy's trading session: every order passes the ``RiskManager`` and the ``Journal`` (write-ahead) before
/// it reaches the ``ExecutionVenue``; fills, statuses and rejections come back through ``nextEvent(timeout:)``.
///
/// The same session runs a backtest, the in-process simulator, and TWS paper or live: only the venue differs.
/// The limits come from `lunar.toml` and are fixed when the session is made; nothing a strategy calls can change
/// them. A watchdog thread polls the emergency stop (`KILL` file, SIGUSR1, `lunar halt`) every 50 ms while the
/// strategy runs, so a stop flattens within a second even while a strategy callback is busy.
///
/// Thread-safe: state lives behind one lock, held only while Swift works (never while waiting or while Lua runs).
public final class TradingSession: @unchecked Sendable {
    /// What a strategy sees.
    public enum Event: Sendable, Equatable {
        /// A completed bar (already in ``window(symbol:)``).
        case bar(MarketBar)
        /// A quote.
        case quote(symbol: String, bid: Double, ask: Double, last: Double)
        /// A book update.
        case book(symbol: String, bids: [BookLevelQuote], asks: [BookLevelQuote])
        /// An execution of one of the session's orders.
        case fill(Fill)
        /// An order's status changed.
        case status(clientOrderID: String, status: OrderStatus, filled: Double)
        /// An order was refused: by the risk manager (`code` nil, `rule` set) or by the broker (TWS `code`).
        case rejected(clientOrderID: String, rule: String, code: Int?, reason: String)
        /// Trading halted (daily loss limit or emergency stop); open orders were cancelled and positions
        /// flattened as configured.
        case halted(reason: String, exitStatus: Int32?)
        /// A connection or reconciliation notice.
        case notice(String)
        /// The data ended (backtest, finite simulation) or the session was stopped.
        case end
    }

    /// How a session is set up beyond `lunar.toml`.
    public struct Options: Sendable {
        /// The strategy's name: the prefix of its order ids.
        public var strategyName: String = "strategy"
        /// Cash at the start of a backtest; sim, paper and live sessions read the broker's `TotalCashValue`.
        public var startingCash: Double = 100_000
        /// Bars kept per symbol for the strategy's rolling window.
        public var windowBars: Int = 1_000
        /// Bars of history loaded into the window before the first event (sim, paper, live).
        public var warmupBars: Int = 0
        /// What a strategy error does: cancel open orders (default), and also flatten when `flattenOnError`.
        public var flattenOnError: Bool = false
        /// How never-sent intents found at a restart are treated.
        public var reconciliation = ReconciliationPolicy()
        /// Watch the emergency stop on a background thread (off for backtests).
        public var watchdog: Bool = true
        /// Called with each log line (risk rejections, halts, reconciliation).
        public var log: @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }

        /// Default options.
        public init() {}
    }

    /// Result of ``submit(_:)``.
    public enum SubmitResult: Sendable, Equatable {
        /// Journaled and sent; the idempotency key.
        case accepted(String)
        /// Refused by the risk manager; journaled with the rule and numbers.
        case rejected(RiskRejection)
        /// The venue failed to take it (journaled as rejected).
        case failed(String)
    }

    /// The configuration the limits come from.
    public let config: LunarConfig
    /// backtest, sim, paper or live.
    public let mode: TradingMode
    /// Where orders go.
    public let venue: ExecutionVenue
    /// The pre-trade gate.
    public let risk: RiskManager
    /// The write-ahead journal (`nil` for backtests unless asked for).
    public let journal: Journal?
    /// The options.
    public let options: Options

    private let lock = NSRecursiveLock()
    private var pending: [Event] = []
    private var positions: [String: PositionState] = [:]
    private var openOrders: [String: OpenOrderState] = [:]
    private var intents: [String: OrderIntent] = [:]
    private var lastPrice: [String: Double] = [:]
    private var windows: [String: [MarketBar]] = [:]
    private var cash: Double
    private var realizedToday = 0.0
    private var realizedTotal = 0.0
    private var commissions = 0.0
    private var currentDay = ""
    private var fillsByExecution: [String: Fill] = [:]
    private var allFills: [Fill] = []
    private var rejections: [RiskRejection] = []
    private var brokerRejections = 0
    private var halts: [String] = []
    private var sequence: [String: Int] = [:]
    private var eventTime = Date(timeIntervalSince1970: 0)
    private var ended = false
    private var stopWatchdog = false
    /// The exit status an emergency stop asks for, once one happened.
    public private(set) var exitStatus: Int32?

    /// Creates a session; nothing is sent until ``start(symbols:)``.
    ///
    /// - Throws: ``LiveTradingRefused`` when the mode needs `[live] enabled = true` and the config lacks it.
    public init(config: LunarConfig, mode: TradingMode, venue: ExecutionVenue, journal: Journal?,
                options: Options = Options()) throws {
        try config.checkAllowed(mode: mode)
        self.config = config
        self.mode = mode
        self.venue = venue
        self.journal = journal
        self.options = options
        self.cash = options.startingCash
        let known = try journal?.clientOrderIDs() ?? []
        let now = venue.now
        let today = tradingDay(of: now, in: config.risk.timeZone)
        var halted: (tradingDay: String, reason: HaltReason)? = nil
        if let journal, let reason = try journal.haltEvent(onDay: today) { halted = (today, reason) }
        let stop = mode == .backtest ? nil : EmergencyStop(stateDirectory: config.stateDirectory)
        self.risk = RiskManager(limits: config.risk, emergencyStop: stop, knownOrderIDs: known, haltedToday: halted)
        if mode != .backtest { EmergencyStop.installSignalHandler() }
    }

    // MARK: - Start and stop

    /// Connects, reconciles the journal with the broker (no order is sent twice, none is lost), loads positions,
    /// subscribes to `symbols`, loads warm-up history, and starts the emergency watchdog. Returns report lines.
    @discardableResult
    public func start(symbols: [String]) throws -> [String] {
        var report: [String] = []
        try venue.start(symbols: symbols)
        try lock.withLock {
            currentDay = tradingDay(of: venue.now, in: config.risk.timeZone)
            if let journal, mode != .backtest {
                let plan = try journal.reconcile(
                    brokerOpenOrders: try venue.brokerOpenOrders(), brokerPositions: try venue.brokerPositions(),
                    brokerExecutions: try venue.brokerExecutions(), policy: options.reconciliation, now: venue.now)
                try journal.apply(plan, now: venue.now)
                report += plan.actions.map(\.description)
                for order in plan.adoptedOrders {
                    intents[order.clientOrderID] = try journal.order(order.clientOrderID)?.intent
                    openOrders[order.clientOrderID] = order
                }
                for (action) in plan.actions {
                    if case .adopt(let journaled, let broker) = action, let tws = venue as? TWSVenue {
                        tws.adopt(clientOrderID: journaled.clientOrderID, brokerOrderID: broker.brokerOrderID)
                    }
                }
                risk.registerOrderIDs(plan.adoptedOrders.map(\.clientOrderID))
                positions = try journal.positions().filter { $0.value.quantity != 0 }
                // Equity starts from the broker's cash when it reports it (paper, live, sim).
                if let brokerCash = try? venue.brokerCash() {
                    cash = brokerCash
                    report.append("cash at the broker: \(formatPrice(brokerCash))")
                }
                realizedToday = try journal.realizedPnL(day: currentDay)
                for intent in plan.ordersToSubmit {
                    try send(intent, journalIntent: false)
                    report.append("resent unsent order \(intent.summary)")
                }
            }
            if options.warmupBars > 0 {
                for symbol in symbols {
                    let history = try venue.history(symbol: symbol, bars: options.warmupBars)
                    windows[symbol] = history
                    if let last = history.last { lastPrice[symbol] = last.close }
                    report.append("\(symbol): \(history.count) bars of history")
                }
            }
        }
        for line in report { options.log("[session] \(line)") }
        if options.watchdog && mode != .backtest { startWatchdog() }
        return report
    }

    /// Ends the session: waits (≤ 2 s) for market orders already sent to be answered so their fills are journaled,
    /// stops the watchdog and disconnects. Working limit and stop orders stay at the broker unless cancelled first.
    public func close() {
        lock.withLock {
            stopWatchdog = true
            if mode != .backtest {
                let deadline = Date().addingTimeInterval(2)
                while Date() < deadline, openOrders.keys.contains(where: { intents[$0]?.type == .market }) {
                    for event in venue.nextEvents(timeout: 0.02) { process(event) }
                }
            }
        }
        venue.stop()
        journal?.close()
    }

    // MARK: - Events

    /// The next event, waiting up to `timeout` seconds; `nil` when nothing arrived in time.
    public func nextEvent(timeout: TimeInterval = 1) -> Event? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let event: Event = lock.withLock({ pending.isEmpty ? nil : pending.removeFirst() }) { return event }
            if lock.withLock({ ended }) { return .end }
            // Wait in short slices so the risk poll (kill file, daily loss) runs even without market data.
            let slice = max(0, min(0.05, deadline.timeIntervalSinceNow))
            let events = venue.nextEvents(timeout: slice)
            lock.withLock {
                for event in events { process(event) }
                pollRisk()
            }
            if lock.withLock({ pending.isEmpty }) && Date() >= deadline { return nil }
        }
    }

    private func process(_ event: VenueEvent) {
        switch event {
        case .bar(let bar):
            rollDay(venue.now)
            eventTime = bar.time
            lastPrice[bar.symbol] = bar.close
            positions[bar.symbol]?.marketPrice = bar.close
            var window = windows[bar.symbol] ?? []
            window.append(bar)
            if window.count > options.windowBars { window.removeFirst(window.count - options.windowBars) }
            windows[bar.symbol] = window
            pollRisk()
            if mode != .backtest, let journal {
                let account = accountState()
                try? journal.recordPnL(realized: account.realizedPnLToday, unrealized: account.unrealizedPnL,
                                       equity: equity, now: venue.now)
            }
            pending.append(.bar(bar))
        case .quote(let symbol, let bid, let ask, let last, _):
            let mark = last > 0 ? last : (bid + ask) / 2
            lastPrice[symbol] = mark
            positions[symbol]?.marketPrice = mark
            pending.append(.quote(symbol: symbol, bid: bid, ask: ask, last: last))
        case .book(let symbol, let bids, let asks, _):
            pending.append(.book(symbol: symbol, bids: bids, asks: asks))
        case .fill(let fill):
            guard fillsByExecution[fill.executionID] == nil else { return }
            if let journal {
                do {
                    guard try journal.recordFill(fill) else { return }
                } catch {
                    options.log("[journal] cannot record fill \(fill.executionID): \(error)")
                }
            }
            apply(fill)
        case .reconnected(let text):
            options.log("[venue] \(text)")
            try? journal?.recordRiskEvent(kind: "connection", rule: "venue", message: text, now: venue.now)
            reconcileAfterReconnect()
            pending.append(.notice(text))
        case .commission(let executionID, let commission):
            guard var fill = fillsByExecution[executionID], fill.commission == 0, commission != 0 else { return }
            try? journal?.recordCommission(executionID: executionID, commission: commission)
            cash -= commission
            realizedToday -= commission
            realizedTotal -= commission
            commissions += commission
            fill = Fill(executionID: fill.executionID, clientOrderID: fill.clientOrderID,
                        brokerOrderID: fill.brokerOrderID, symbol: fill.symbol, side: fill.side,
                        quantity: fill.quantity, price: fill.price, commission: commission, time: fill.time)
            fillsByExecution[executionID] = fill
            if let i = allFills.lastIndex(where: { $0.executionID == executionID }) { allFills[i] = fill }
        case .status(let id, let status, let brokerOrderID, let filled, let time):
            guard intents[id] != nil else { return }
            try? journal?.recordStatus(id, status, brokerOrderID: brokerOrderID, now: time)
            if status.isTerminal { openOrders[id] = nil }
            pending.append(.status(clientOrderID: id, status: status, filled: filled))
        case .rejected(let id, let code, let reason, let time):
            guard intents[id] != nil else { return }
            brokerRejections += 1
            try? journal?.recordStatus(id, .rejected, code: code, message: reason, now: time)
            openOrders[id] = nil
            options.log("[broker] order \(id) rejected: TWS \(code) \(reason)")
            pending.append(.rejected(clientOrderID: id, rule: "broker", code: code, reason: reason))
        case .notice(let text):
            options.log("[venue] \(text)")
            try? journal?.recordRiskEvent(kind: "connection", rule: "venue", message: text, now: venue.now)
            pending.append(.notice(text))
        case .endOfData:
            ended = true
            pending.append(.end)
        }
    }

    /// Books an execution (already journaled): position, cash, PnL, the open order, and the strategy's event.
    private func apply(_ fill: Fill) {
        fillsByExecution[fill.executionID] = fill
        allFills.append(fill)
        var position = positions[fill.symbol] ?? PositionState(symbol: fill.symbol, quantity: 0)
        let realized = position.apply(signedQuantity: fill.signedQuantity, price: fill.price)
        position.marketPrice = lastPrice[fill.symbol] ?? fill.price
        positions[fill.symbol] = position
        cash -= fill.signedQuantity * fill.price + fill.commission
        realizedToday += realized - fill.commission
        realizedTotal += realized - fill.commission
        commissions += fill.commission
        if var open = openOrders[fill.clientOrderID] {
            let remaining = open.remainingQuantity - fill.quantity
            open = OpenOrderState(clientOrderID: open.clientOrderID, symbol: open.symbol, side: open.side,
                                  remainingQuantity: remaining, limitPrice: open.limitPrice)
            openOrders[fill.clientOrderID] = remaining > 1e-9 ? open : nil
        }
        pending.append(.fill(fill))
        pollRisk()
    }

    /// After a reconnect, asks the broker about every order in flight: an order lost in the drop (neither open nor
    /// executed) is closed in the journal and reported to the strategy, executions missed during the drop are
    /// booked, and nothing is ever resent.
    private func reconcileAfterReconnect() {
        guard let journal else { return }
        do {
            let plan = try journal.reconcile(
                brokerOpenOrders: try venue.brokerOpenOrders(), brokerPositions: try venue.brokerPositions(),
                brokerExecutions: try venue.brokerExecutions(),
                policy: ReconciliationPolicy(resubmitUnsentWithin: 0), now: venue.now)
            try journal.apply(plan, now: venue.now)
            for action in plan.actions {
                options.log("[session] after reconnect: \(action)")
                switch action {
                case .recordFill(let fill):
                    if fillsByExecution[fill.executionID] == nil { apply(fill) }
                case .markFilled(let order):
                    openOrders[order.clientOrderID] = nil
                    pending.append(.status(clientOrderID: order.clientOrderID, status: .filled,
                                           filled: order.intent.quantity))
                case .markClosedAtBroker(let order, let filled):
                    openOrders[order.clientOrderID] = nil
                    pending.append(.status(clientOrderID: order.clientOrderID, status: .cancelled, filled: filled))
                case .markUnknownAtBroker(let order), .expire(let order):
                    openOrders[order.clientOrderID] = nil
                    pending.append(.status(clientOrderID: order.clientOrderID, status: .unknownAtBroker, filled: 0))
                case .positionMismatch(let symbol, _, let broker, let cost):
                    positions[symbol] = PositionState(symbol: symbol, quantity: broker, averageCost: cost,
                                                      marketPrice: lastPrice[symbol])
                default:
                    break
                }
            }
        } catch {
            options.log("[session] reconciliation after reconnect failed: \(error)")
        }
    }

    private func rollDay(_ now: Date) {
        let day = tradingDay(of: now, in: config.risk.timeZone)
        if day != currentDay {
            currentDay = day
            realizedToday = 0
        }
    }

    // MARK: - Orders

    /// A deterministic idempotency key for the next order of the current event: replaying the same bar after a
    /// restart yields the same key, which the risk manager then refuses as a duplicate.
    public func nextOrderID(symbol: String) -> String {
        lock.withLock {
            let key = "\(symbol)@\(eventTime.timeIntervalSince1970)"
            let n = (sequence[key] ?? 0) + 1
            sequence[key] = n
            return ClientOrderID.deterministic(strategy: options.strategyName, symbol: symbol, eventTime: eventTime,
                                               sequence: n)
        }
    }

    /// Checks an order with the risk manager, journals it (write-ahead), and sends it.
    public func submit(_ intent: OrderIntent) -> SubmitResult {
        lock.withLock {
            let now = venue.now
            let decision = risk.check(intent, account: accountState(), now: now)
            switch decision {
            case .accept:
                break
            case .reject(let rejection):
                return refuse(rejection, now: now)
            case .halt(let halt, let rejection):
                carryOut(halt)
                return refuse(rejection, now: now)
            }
            do {
                try send(intent, journalIntent: true)
                return .accepted(intent.clientOrderID)
            } catch {
                try? journal?.recordStatus(intent.clientOrderID, .rejected, message: "\(error)", now: now)
                openOrders[intent.clientOrderID] = nil
                return .failed("\(error)")
            }
        }
    }

    private func refuse(_ rejection: RiskRejection, now: Date) -> SubmitResult {
        rejections.append(rejection)
        try? journal?.recordRejection(rejection, now: now)
        options.log("[risk] rejected \(rejection.message)")
        return .rejected(rejection)
    }

    private func send(_ intent: OrderIntent, journalIntent: Bool) throws {
        let now = venue.now
        if journalIntent { try journal?.recordIntent(intent, now: now) }
        try journal?.markSubmitting(intent.clientOrderID, brokerOrderID: nil, now: now)
        intents[intent.clientOrderID] = intent
        openOrders[intent.clientOrderID] = OpenOrderState(
            clientOrderID: intent.clientOrderID, symbol: intent.symbol, side: intent.side,
            remainingQuantity: intent.quantity, limitPrice: intent.limitPrice)
        let brokerID = try venue.submit(intent)
        try journal?.recordStatus(intent.clientOrderID, .submitted, brokerOrderID: brokerID, now: now)
    }

    /// Asks the broker to cancel one order.
    public func cancel(_ clientOrderID: String, reason: String = "strategy") throws {
        try lock.withLock {
            guard openOrders[clientOrderID] != nil else { return }
            try? journal?.recordCancelRequest(clientOrderID, reason: reason, now: venue.now)
            try venue.cancel(clientOrderID: clientOrderID)
        }
    }

    /// Asks the broker to cancel every open order of the session.
    public func cancelAll(reason: String) {
        lock.withLock {
            for id in openOrders.keys.sorted() {
                try? journal?.recordCancelRequest(id, reason: reason, now: venue.now)
            }
            do { try venue.cancelAll() } catch { options.log("[session] cancel all failed: \(error)") }
        }
    }

    // MARK: - Halts

    private func pollRisk() {
        guard exitStatus == nil else { return }
        if let decision = risk.poll(account: accountState(), now: venue.now) { carryOut(decision) }
    }

    /// Cancels, flattens and journals a halt decision; an emergency stop then waits (≤ 1 s) for the flattening
    /// fills and exits the process with status 3.
    private func carryOut(_ decision: HaltDecision) {
        let text = "\(decision.reason)"
        halts.append(text)
        options.log("[risk] HALT \(text)")
        try? journal?.recordHalt(decision)
        if decision.cancelOpenOrders { cancelAll(reason: "halt: \(text)") }
        for order in decision.flattenOrders {
            do {
                try send(order, journalIntent: true)
                options.log("[risk] flatten \(order.summary)")
            } catch {
                options.log("[risk] flatten order failed: \(error)")
            }
        }
        pending.append(.halted(reason: text, exitStatus: decision.exitStatus))
        guard let status = decision.exitStatus else { return }
        exitStatus = status
        waitUntilFlat(timeout: 0.9)
        let left = positions.values.filter { $0.quantity != 0 }.map { "\($0.symbol) \($0.quantity)" }
        let message = left.isEmpty ? "emergency stop: flat; exiting with status \(status)"
            : "emergency stop: still open after 1 s: \(left.joined(separator: ", ")); exiting with status \(status)"
        try? journal?.recordRiskEvent(kind: "exit", rule: decision.reason.rule.rawValue, message: message,
                                      now: venue.now)
        options.log("[risk] \(message)")
        journal?.close()
        exit(status)
    }

    /// Processes venue events until no order is open (the broker confirmed the cancels) or `timeout` passes.
    private func waitForCancels(timeout: TimeInterval) {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            if openOrders.isEmpty { return }
            for event in venue.nextEvents(timeout: 0.02) { process(event) }
        } while mode != .backtest && Date() < deadline
    }

    private func waitUntilFlat(timeout: TimeInterval) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if positions.values.allSatisfy({ $0.quantity == 0 }) && openOrders.isEmpty { return }
            if mode == .backtest { return }
            for event in venue.nextEvents(timeout: 0.02) { process(event) }
        }
    }

    /// Journals the model version a strategy trades with (loaded from the registry at the start of the day).
    public func recordModelVersion(symbol: String, version: String, path: String?) {
        lock.withLock {
            try? journal?.recordModelVersion(symbol: symbol, version: version, path: path, action: "loaded",
                                             now: venue.now)
            options.log("[session] \(symbol): trading with model version \(version)")
        }
    }

    /// Halts after a strategy error: the error and traceback are journaled, open orders cancelled (and positions
    /// flattened when `flattenOnError`); no further order is accepted in this process.
    public func haltForStrategyError(_ message: String) {
        lock.withLock {
            options.log("[strategy] error, halting: \(message)")
            try? journal?.recordRiskEvent(kind: "strategy_error", rule: "strategy", message: message, now: venue.now)
            if exitStatus == nil, let decision = risk.halt(reason: "strategy error", account: accountState(),
                                                           now: venue.now) {
                // The risk manager treats this like an emergency stop but the session exits through the runner;
                // carry out only the cancel (and flatten when configured).
                halts.append("strategy error")
                try? journal?.recordHalt(decision)
                cancelAll(reason: "strategy error")
                waitForCancels(timeout: 1)
                if options.flattenOnError {
                    for order in decision.flattenOrders { try? send(order, journalIntent: true) }
                    waitUntilFlat(timeout: 1)
                }
            }
        }
    }

    private func startWatchdog() {
        let thread = Thread { [weak self] in
            while let self {
                if self.lock.withLock({ self.stopWatchdog }) { return }
                if self.risk.emergencyStop?.poll() != nil {
                    self.lock.withLock { self.pollRisk() }
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        thread.name = "lunar-emergency-watchdog"
        thread.start()
    }

    // MARK: - State

    /// What the risk manager needs to know.
    public func accountState() -> AccountState {
        lock.withLock {
            var marked = positions
            for (symbol, price) in lastPrice { marked[symbol]?.marketPrice = price }
            return AccountState(positions: marked, openOrders: Array(openOrders.values),
                                realizedPnLToday: realizedToday, referencePrices: lastPrice)
        }
    }

    /// The signed position in `symbol`.
    public func position(_ symbol: String) -> PositionState? { lock.withLock { positions[symbol] } }
    /// Every non-flat position.
    public var allPositions: [String: PositionState] {
        lock.withLock { positions.filter { $0.value.quantity != 0 } }
    }
    /// Orders working at the broker.
    public var workingOrders: [OpenOrderState] { lock.withLock { openOrders.values.sorted { $0.clientOrderID < $1.clientOrderID } } }
    /// Cash: starting cash minus purchases plus sales minus commissions.
    public var currentCash: Double { lock.withLock { cash } }
    /// Cash plus positions at their last prices.
    public var equity: Double {
        lock.withLock {
            cash + positions.values.reduce(0) { $0 + $1.quantity * (lastPrice[$1.symbol] ?? $1.averageCost) }
        }
    }
    /// Realized (after commissions) plus unrealized PnL of the trading day.
    public var dayPnL: Double { accountState().dayPnL }
    /// The last price seen for `symbol`.
    public func lastPrice(_ symbol: String) -> Double? { lock.withLock { lastPrice[symbol] } }
    /// The rolling window of bars of `symbol`, oldest first.
    public func window(symbol: String) -> [MarketBar] { lock.withLock { windows[symbol] ?? [] } }
    /// Whether orders are refused by a halt.
    public var isHalted: Bool { risk.isHalted(now: venue.now) }
    /// The venue's clock.
    public var now: Date { venue.now }

    /// Totals for the end-of-run report.
    public struct Summary: Sendable {
        /// Every fill, in order.
        public var fills: [Fill]
        /// Risk rejections.
        public var rejections: [RiskRejection]
        /// Broker rejections.
        public var brokerRejections: Int
        /// Halts, as text.
        public var halts: [String]
        /// Realized PnL after commissions over the session.
        public var realizedPnL: Double
        /// Commissions and fees.
        public var commissions: Double
        /// Final equity.
        public var equity: Double
        /// Final positions.
        public var positions: [String: PositionState]
        /// Orders still working at the end.
        public var openOrders: [OpenOrderState]
    }

    /// Totals so far.
    public var summary: Summary {
        lock.withLock {
            Summary(fills: allFills, rejections: rejections, brokerRejections: brokerRejections, halts: halts,
                    realizedPnL: realizedTotal, commissions: commissions, equity: equity,
                    positions: positions.filter { $0.value.quantity != 0 },
                    openOrders: openOrders.values.sorted { $0.clientOrderID < $1.clientOrderID })
        }
    }
}
