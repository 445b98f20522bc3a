import Foundation

/// The pre-trade risk gate: every order intent passes ``check(_:account:now:)`` before it is journaled and sent.
///
/// Rules, in the order they are applied: emergency stop and halts, duplicate idempotency keys, malformed orders,
/// allowed symbols, trading hours, order size, price collar, order notional, position size and value per symbol,
/// gross exposure, and orders per minute (a 60-second sliding window over accepted orders). ``poll(account:now:)``
/// watches the daily loss limit and the emergency switch between orders and returns a ``HaltDecision`` once, when
/// trading halts. The limits are a `let` of an immutable struct: a running strategy cannot loosen them.
///
/// Thread-safe: all state is behind a lock.
public final class RiskManager: @unchecked Sendable {
    /// The limits this manager enforces, fixed for its lifetime.
    public let limits: RiskLimits
    /// The emergency switch polled before every check, if any.
    public let emergencyStop: EmergencyStop?

    /// Whether and why trading is halted.
    public enum State: Sendable, Equatable {
        /// Orders are checked normally.
        case running
        /// Every order is refused until the trading day changes.
        case haltedForDay(tradingDay: String, reason: HaltReason)
        /// Every order is refused for the rest of the process.
        case stopped(HaltReason)
    }

    private let lock = NSLock()
    private var state: State = .running
    private var seenOrderIDs: Set<String>
    private var acceptedTimes: [Date] = []
    private var flattenSequence = 0

    /// Creates a manager.
    ///
    /// - Parameters:
    ///   - limits: The limits to enforce.
    ///   - emergencyStop: The switch to poll; `nil` for backtests.
    ///   - knownOrderIDs: Idempotency keys already used (from ``Journal/clientOrderIDs()`` after a restart), so a
    ///     replayed order is refused as a duplicate.
    ///   - haltedToday: A daily-loss halt already journaled for the current day (``Journal/haltEvent(onDay:)``),
    ///     so a restart does not resume trading the same day.
    public init(limits: RiskLimits, emergencyStop: EmergencyStop? = nil, knownOrderIDs: some Sequence<String> = [],
                haltedToday: (tradingDay: String, reason: HaltReason)? = nil) {
        self.limits = limits
        self.emergencyStop = emergencyStop
        self.seenOrderIDs = Set(knownOrderIDs)
        if let haltedToday { state = .haltedForDay(tradingDay: haltedToday.tradingDay, reason: haltedToday.reason) }
    }

    /// Creates a manager from a configuration, watching its state directory's `KILL` file.
    public convenience init(config: LunarConfig, knownOrderIDs: some Sequence<String> = [],
                            haltedToday: (tradingDay: String, reason: HaltReason)? = nil) {
        self.init(limits: config.risk, emergencyStop: EmergencyStop(stateDirectory: config.stateDirectory),
                  knownOrderIDs: knownOrderIDs, haltedToday: haltedToday)
    }

    /// The current state; a daily-loss halt from an earlier trading day reads as `.running`.
    public func currentState(now: Date = Date()) -> State {
        lock.withLock {
            rollOverDay(now: now)
            return state
        }
    }

    /// Whether orders are currently refused by a halt or stop.
    public func isHalted(now: Date = Date()) -> Bool { currentState(now: now) != .running }

    /// Marks idempotency keys as used, e.g. orders adopted from the broker during reconciliation.
    public func registerOrderIDs(_ ids: some Sequence<String>) {
        lock.withLock { seenOrderIDs.formUnion(ids) }
    }

    /// Stops trading for the rest of the process through the emergency switch; returns the decision to carry out.
    public func halt(reason: String, account: AccountState, now: Date = Date()) -> HaltDecision? {
        if let emergencyStop {
            emergencyStop.trigger(reason: reason)
            return poll(account: account, now: now)
        }
        return lock.withLock { enterHalt(.emergencyStop(.explicit(reason: reason)), account: account, now: now) }
    }

    /// Checks the emergency switch and the daily loss limit; returns a decision only when trading halts now.
    ///
    /// Call on every PnL update (bar, tick, fill) and on a timer (every 250 ms or faster) so a kill file or
    /// SIGUSR1 flattens within a second even when no market data arrives.
    public func poll(account: AccountState, now: Date = Date()) -> HaltDecision? {
        lock.withLock { pollLocked(account: account, now: now) }
    }

    /// Checks an order against every rule; on acceptance the order's key and time are recorded.
    public func check(_ intent: OrderIntent, account: AccountState, now: Date = Date()) -> RiskDecision {
        lock.withLock {
            if let decision = pollLocked(account: account, now: now) {
                let rejection = RiskRejection(rule: decision.reason.rule, intent: intent,
                                              detail: "trading halted (\(decision.reason))")
                return .halt(decision, rejection)
            }
            switch state {
            case .running:
                break
            case .haltedForDay(let day, let reason):
                return .reject(RiskRejection(rule: .halted, intent: intent,
                                             detail: "trading halted for \(day) (\(reason))"))
            case .stopped(let reason):
                return .reject(RiskRejection(rule: .emergencyStop, intent: intent,
                                             detail: "trading stopped (\(reason))"))
            }
            if let rejection = firstViolation(intent, account: account, now: now) { return .reject(rejection) }
            seenOrderIDs.insert(intent.clientOrderID)
            acceptedTimes.append(now)
            return .accept
        }
    }

    /// Market orders that close every non-zero position in `account`; they bypass the risk checks.
    public func flattenOrders(for account: AccountState, now: Date = Date()) -> [OrderIntent] {
        lock.withLock { makeFlattenOrders(account: account, now: now) }
    }

    /// The number of orders accepted in the 60 seconds up to `now`.
    public func ordersInLastMinute(now: Date = Date()) -> Int {
        lock.withLock { acceptedTimes.filter { $0 > now.addingTimeInterval(-60) && $0 <= now }.count }
    }

    // MARK: - Halts

    private func rollOverDay(now: Date) {
        if case .haltedForDay(let day, _) = state, day != tradingDay(of: now, in: limits.timeZone) {
            state = .running
        }
    }

    private func pollLocked(account: AccountState, now: Date) -> HaltDecision? {
        rollOverDay(now: now)
        if case .stopped = state { return nil }
        if let trigger = emergencyStop?.poll() {
            return enterHalt(.emergencyStop(trigger), account: account, now: now)
        }
        if case .haltedForDay = state { return nil }
        if let limit = limits.dailyLossLimit, account.dayPnL <= -limit {
            return enterHalt(.dailyLossLimit(dayPnL: account.dayPnL, limit: limit), account: account, now: now)
        }
        return nil
    }

    private func enterHalt(_ reason: HaltReason, account: AccountState, now: Date) -> HaltDecision {
        let day = tradingDay(of: now, in: limits.timeZone)
        let flatten: Bool
        let exitStatus: Int32?
        switch reason {
        case .emergencyStop:
            state = .stopped(reason)
            flatten = true
            exitStatus = EmergencyStop.exitStatus
        case .dailyLossLimit:
            state = .haltedForDay(tradingDay: day, reason: reason)
            flatten = limits.flattenOnHalt
            exitStatus = nil
        }
        let orders = flatten ? makeFlattenOrders(account: account, now: now) : []
        return HaltDecision(reason: reason, time: now, tradingDay: day, flattenOrders: orders, exitStatus: exitStatus)
    }

    private func makeFlattenOrders(account: AccountState, now: Date) -> [OrderIntent] {
        flattenSequence += 1
        let sequence = flattenSequence
        return account.positions.values.filter { $0.quantity != 0 }.sorted { $0.symbol < $1.symbol }.map { position in
            let id = ClientOrderID.deterministic(strategy: "flatten", symbol: position.symbol, eventTime: now,
                                                 sequence: sequence)
            seenOrderIDs.insert(id)
            return OrderIntent(clientOrderID: id, symbol: position.symbol, side: position.quantity > 0 ? .sell : .buy,
                               quantity: abs(position.quantity), type: .market, time: now, strategy: "risk")
        }
    }

    // MARK: - Order rules

    private func firstViolation(_ intent: OrderIntent, account: AccountState, now: Date) -> RiskRejection? {
        let symbol = intent.symbol
        let qty = intent.quantity
        func reject(_ rule: RiskRule, _ value: Double? = nil, _ limit: Double? = nil, _ detail: String)
            -> RiskRejection {
            RiskRejection(rule: rule, intent: intent, value: value, limit: limit, detail: detail)
        }

        if seenOrderIDs.contains(intent.clientOrderID)
            || account.openOrders.contains(where: { $0.clientOrderID == intent.clientOrderID }) {
            return reject(.duplicateOrder, nil, nil, "client order id \(intent.clientOrderID) was already submitted")
        }
        if let problem = malformation(of: intent) { return reject(.invalidOrder, nil, nil, problem) }
        if let allowed = limits.allowedSymbols, !allowed.contains(symbol) {
            return reject(.symbolNotAllowed, nil, nil,
                          "\(symbol) is not in symbols.universe (\(allowed.sorted().joined(separator: ", ")))")
        }
        if let hours = limits.tradingHours, !hours.contains(now) {
            let (minute, _) = hours.localTime(of: now)
            return reject(.tradingHours, nil, nil,
                          "\(TradingHours.clock(minute)) \(hours.timeZone.identifier) is outside \(hours)")
        }
        if let limit = limits.maxOrderQuantity, qty > limit {
            return reject(.maxOrderQuantity, qty, limit,
                          "\(formatQuantity(qty)) shares > limit \(formatQuantity(limit))")
        }

        let reference = account.referencePrice(of: symbol)
        if let collar = limits.priceCollar, intent.type.hasLimitPrice, let limitPrice = intent.limitPrice {
            guard let reference, reference > 0 else {
                return reject(.noReferencePrice, nil, nil,
                              "no reference price for \(symbol) to check the limit price against price_collar_pct")
            }
            let distance = abs(limitPrice - reference) / reference
            if distance > collar + 1e-12 {
                return reject(.priceCollar, distance, collar,
                              "limit \(formatPrice(limitPrice)) is \(formatPercent(distance)) from reference "
                                  + "\(formatPrice(reference)) > limit \(formatPercent(collar))")
            }
        }

        let orderPrice = intent.limitPrice ?? intent.stopPrice ?? reference
        let needsPrice = limits.maxOrderNotional != nil || limits.maxPositionNotional(for: symbol) != nil
            || limits.maxGrossExposure != nil
        guard let price = orderPrice, price > 0 else {
            if needsPrice {
                return reject(.noReferencePrice, nil, nil,
                              "no reference price for \(symbol) to value a \(intent.type.rawValue) order against "
                                  + "the notional limits")
            }
            if let rejection = positionViolation(intent, account: account, reject: reject) { return rejection }
            return rateViolation(intent, now: now, reject: reject)
        }
        if let limit = limits.maxOrderNotional, qty * price > limit + 1e-9 {
            return reject(.maxOrderNotional, qty * price, limit,
                          "\(formatQuantity(qty)) × \(formatPrice(price)) = \(formatPrice(qty * price)) > limit "
                              + "\(formatPrice(limit))")
        }
        if let rejection = positionViolation(intent, account: account, reject: reject) { return rejection }

        let current = account.quantity(of: symbol)
        let projected = projectedPosition(intent, account: account)
        let markPrice = reference ?? price
        if let limit = limits.maxPositionNotional(for: symbol),
           abs(projected) * markPrice > limit + 1e-9, abs(projected) > abs(current) {
            let value = abs(projected) * markPrice
            return reject(.maxPositionNotional, value, limit,
                          "\(symbol) would reach \(formatQuantity(projected)) shares × \(formatPrice(markPrice)) = "
                              + "\(formatPrice(value)) > limit \(formatPrice(limit))")
        }
        if let limit = limits.maxGrossExposure {
            var gross = 0.0
            for position in account.positions.values where position.symbol != symbol {
                gross += abs(position.quantity) * (account.referencePrice(of: position.symbol) ?? position.averageCost)
            }
            let currentGross = gross + abs(current) * markPrice
            let projectedGross = gross + abs(projected) * markPrice
            if projectedGross > limit + 1e-9, projectedGross > currentGross {
                return reject(.maxGrossExposure, projectedGross, limit,
                              "gross exposure would reach \(formatPrice(projectedGross)) (now "
                                  + "\(formatPrice(currentGross))) > limit \(formatPrice(limit))")
            }
        }
        return rateViolation(intent, now: now, reject: reject)
    }

    private func positionViolation(
        _ intent: OrderIntent, account: AccountState,
        reject: (RiskRule, Double?, Double?, String) -> RiskRejection
    ) -> RiskRejection? {
        let current = account.quantity(of: intent.symbol)
        let projected = projectedPosition(intent, account: account)
        if let limit = limits.maxPosition(for: intent.symbol), abs(projected) > limit, abs(projected) > abs(current) {
            let pending = abs(projected - current) - intent.quantity
            return reject(.maxPosition, abs(projected), limit,
                          "\(intent.symbol) would reach \(formatQuantity(projected)) shares (position "
                              + "\(formatQuantity(current)), open orders \(formatQuantity(pending)), order "
                              + "\(intent.side.rawValue) \(formatQuantity(intent.quantity))) > limit "
                              + "\(formatQuantity(limit))")
        }
        return nil
    }

    private func rateViolation(_ intent: OrderIntent, now: Date,
                               reject: (RiskRule, Double?, Double?, String) -> RiskRejection) -> RiskRejection? {
        let windowStart = now.addingTimeInterval(-60)
        acceptedTimes.removeAll { $0 <= windowStart }
        if let limit = limits.maxOrdersPerMinute, acceptedTimes.count >= limit {
            let count = acceptedTimes.count + 1
            return reject(.maxOrdersPerMinute, Double(count), Double(limit),
                          "\(count) orders in 60 s > limit \(limit)")
        }
        return nil
    }

    /// The position after this order and every open order on the same side fill (the worst case).
    private func projectedPosition(_ intent: OrderIntent, account: AccountState) -> Double {
        let pending = account.openOrders.filter { $0.symbol == intent.symbol && $0.side == intent.side }
            .reduce(0) { $0 + $1.remainingQuantity }
        return account.quantity(of: intent.symbol) + intent.side.sign * (pending + intent.quantity)
    }

    private func malformation(of intent: OrderIntent) -> String? {
        if !(intent.quantity > 0) || !intent.quantity.isFinite {
            return "quantity \(intent.quantity) must be a positive number"
        }
        if intent.symbol.isEmpty { return "empty symbol" }
        if intent.type.hasLimitPrice {
            guard let price = intent.limitPrice, price > 0, price.isFinite else {
                return "\(intent.type.rawValue) order without a positive limit price"
            }
        }
        if intent.type.hasStopPrice {
            guard let price = intent.stopPrice, price > 0, price.isFinite else {
                return "\(intent.type.rawValue) order without a positive stop price"
            }
        }
        return nil
    }
}
