import Foundation

/// The write-ahead trading journal: an SQLite database of orders, status changes, fills, commissions, positions,
/// PnL, risk events and model versions.
///
/// Protocol for every order, each step committed durably (WAL, `synchronous=FULL`) before the next:
/// 1. ``recordIntent(_:now:)`` after the risk check accepted it — nothing sent yet;
/// 2. ``markSubmitting(_:brokerOrderID:now:)`` immediately before handing it to the broker;
/// 3. ``recordStatus(_:_:brokerOrderID:code:message:now:)`` and ``recordFill(_:)`` as the broker reports.
///
/// After a crash (even `kill -9`), a new `Journal` on the same file and
/// ``reconcile(brokerOpenOrders:brokerPositions:brokerExecutions:policy:now:)`` tell exactly which orders to send,
/// track, or write off, so nothing is sent twice and nothing is lost. Thread-safe.
public final class Journal: @unchecked Sendable {
    /// The database file.
    public let url: URL
    /// The time zone of trading days.
    public let timeZone: TimeZone
    /// The schema version this code writes.
    public static let schemaVersion = 1

    private let lock = NSLock()
    private let db: SQLiteConnection

    /// Opens (creating if needed, with its directory) the journal at `url`.
    ///
    /// - Throws: ``JournalError`` when the file cannot be opened or has a newer schema.
    public init(url: URL, timeZone: TimeZone = TimeZone(identifier: "America/New_York") ?? .current) throws {
        self.url = url
        self.timeZone = timeZone
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        db = try SQLiteConnection(path: url.path)
        try migrate()
    }

    /// Opens the journal of a configuration: `state_dir/journal.sqlite`, trading days in `time_zone`.
    public convenience init(config: LunarConfig) throws {
        try self.init(url: config.journalURL, timeZone: config.timeZone)
    }

    /// Closes the database; later calls throw ``JournalError/closed(path:)``.
    public func close() { lock.withLock { db.close() } }

    /// Drops the connection without closing it, as a crash would (tests only).
    func abandonWithoutClosing() { lock.withLock { db.abandon() } }

    private func migrate() throws {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS orders(
                client_order_id TEXT PRIMARY KEY, broker_order_id TEXT, strategy TEXT NOT NULL,
                symbol TEXT NOT NULL, side TEXT NOT NULL, quantity REAL NOT NULL, order_type TEXT NOT NULL,
                limit_price REAL, stop_price REAL, intent_time REAL NOT NULL, trading_day TEXT NOT NULL,
                status TEXT NOT NULL, filled_quantity REAL NOT NULL DEFAULT 0, average_fill_price REAL,
                updated_at REAL NOT NULL);
            CREATE INDEX IF NOT EXISTS orders_day ON orders(trading_day);
            CREATE INDEX IF NOT EXISTS orders_status ON orders(status);
            CREATE TABLE IF NOT EXISTS order_events(
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                client_order_id TEXT NOT NULL REFERENCES orders(client_order_id),
                at REAL NOT NULL, status TEXT NOT NULL, broker_order_id TEXT, code INTEGER, message TEXT);
            CREATE TABLE IF NOT EXISTS fills(
                execution_id TEXT PRIMARY KEY, client_order_id TEXT NOT NULL, broker_order_id TEXT,
                symbol TEXT NOT NULL, side TEXT NOT NULL, quantity REAL NOT NULL, price REAL NOT NULL,
                commission REAL NOT NULL DEFAULT 0, realized_pnl REAL NOT NULL DEFAULT 0, at REAL NOT NULL,
                trading_day TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS fills_day ON fills(trading_day);
            CREATE TABLE IF NOT EXISTS positions(
                symbol TEXT PRIMARY KEY, quantity REAL NOT NULL, average_cost REAL NOT NULL, updated_at REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS pnl(
                id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, trading_day TEXT NOT NULL,
                realized REAL NOT NULL, unrealized REAL NOT NULL, equity REAL);
            CREATE TABLE IF NOT EXISTS risk_events(
                id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, trading_day TEXT NOT NULL,
                kind TEXT NOT NULL, rule TEXT NOT NULL, client_order_id TEXT, symbol TEXT, value REAL,
                limit_value REAL, message TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS risk_events_day ON risk_events(trading_day);
            CREATE TABLE IF NOT EXISTS model_versions(
                id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, trading_day TEXT NOT NULL,
                symbol TEXT NOT NULL, version TEXT NOT NULL, path TEXT, action TEXT NOT NULL, metrics TEXT);
            INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '\(Self.schemaVersion)');
            """)
        let version = try db.query("SELECT value FROM meta WHERE key = 'schema_version'").first?["value"]?.int ?? 0
        if version > Self.schemaVersion { throw JournalError.unsupportedSchema(path: url.path, version: version) }
    }

    private func day(_ date: Date) -> String { tradingDay(of: date, in: timeZone) }

    @discardableResult
    private func locked<T>(_ body: () throws -> T) throws -> T {
        try lock.withLock { try body() }
    }

    // MARK: - Orders (write-ahead)

    /// Records a risk-approved intent before anything is sent (status `intended`).
    ///
    /// - Throws: ``JournalError/duplicateClientOrderID(_:)`` when the key was used before.
    public func recordIntent(_ intent: OrderIntent, now: Date = Date()) throws {
        try locked {
            try db.transaction {
                let exists = try db.query("SELECT 1 FROM orders WHERE client_order_id = ?",
                                          [.text(intent.clientOrderID)])
                if !exists.isEmpty { throw JournalError.duplicateClientOrderID(intent.clientOrderID) }
                try db.query("""
                    INSERT INTO orders(client_order_id, strategy, symbol, side, quantity, order_type, limit_price,
                        stop_price, intent_time, trading_day, status, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [
                        .text(intent.clientOrderID), .text(intent.strategy), .text(intent.symbol),
                        .text(intent.side.rawValue), .real(intent.quantity), .text(intent.type.rawValue),
                        SQLValue(intent.limitPrice), SQLValue(intent.stopPrice),
                        .real(intent.time.timeIntervalSince1970), .text(day(intent.time)),
                        .text(OrderStatus.intended.rawValue), .real(now.timeIntervalSince1970),
                    ])
                try insertEvent(intent.clientOrderID, .intended, brokerOrderID: nil, code: nil,
                                message: intent.summary, now: now)
            }
        }
    }

    /// Records that the order is about to be handed to the broker (status `submitting`); call right before sending.
    public func markSubmitting(_ clientOrderID: String, brokerOrderID: String?, now: Date = Date()) throws {
        try recordStatus(clientOrderID, .submitting, brokerOrderID: brokerOrderID, now: now)
    }

    /// Records a status change reported by the broker, with its error code and reason for rejections.
    public func recordStatus(_ clientOrderID: String, _ status: OrderStatus, brokerOrderID: String? = nil,
                             code: Int? = nil, message: String? = nil, now: Date = Date()) throws {
        try locked {
            try db.transaction {
                try updateStatus(clientOrderID, status, brokerOrderID: brokerOrderID, code: code, message: message,
                                 now: now)
            }
        }
    }

    /// Records that a cancel was requested (the status changes when the broker confirms).
    public func recordCancelRequest(_ clientOrderID: String, reason: String, now: Date = Date()) throws {
        try locked {
            try db.transaction {
                guard let order = try loadOrder(clientOrderID) else { throw JournalError.unknownOrder(clientOrderID) }
                try insertEvent(clientOrderID, order.status, brokerOrderID: order.brokerOrderID, code: nil,
                                message: "cancel requested: \(reason)", now: now)
            }
        }
    }

    private func updateStatus(_ id: String, _ status: OrderStatus, brokerOrderID: String?, code: Int?,
                              message: String?, now: Date) throws {
        try db.query("""
            UPDATE orders SET status = ?, broker_order_id = COALESCE(?, broker_order_id), updated_at = ?
            WHERE client_order_id = ?
            """, [.text(status.rawValue), SQLValue(brokerOrderID), .real(now.timeIntervalSince1970), .text(id)])
        if db.changes == 0 { throw JournalError.unknownOrder(id) }
        try insertEvent(id, status, brokerOrderID: brokerOrderID, code: code, message: message, now: now)
    }

    private func insertEvent(_ id: String, _ status: OrderStatus, brokerOrderID: String?, code: Int?,
                             message: String?, now: Date) throws {
        try db.query("""
            INSERT INTO order_events(client_order_id, at, status, broker_order_id, code, message)
            VALUES (?, ?, ?, ?, ?, ?)
            """, [.text(id), .real(now.timeIntervalSince1970), .text(status.rawValue), SQLValue(brokerOrderID),
                  SQLValue(code), SQLValue(message)])
    }

    // MARK: - Fills and positions

    /// Records an execution, updating the order's filled quantity and status, the position and realized PnL, in one
    /// transaction. Returns `false` (and changes nothing) when the execution id was already recorded.
    @discardableResult
    public func recordFill(_ fill: Fill) throws -> Bool {
        try locked { try db.transaction { try insertFill(fill) } }
    }

    private func insertFill(_ fill: Fill) throws -> Bool {
        let known = try db.query("SELECT 1 FROM fills WHERE execution_id = ?", [.text(fill.executionID)])
        if !known.isEmpty { return false }
        var position = try loadPositions()[fill.symbol] ?? PositionState(symbol: fill.symbol, quantity: 0)
        let realized = position.apply(signedQuantity: fill.signedQuantity, price: fill.price)
        let at = fill.time.timeIntervalSince1970
        try db.query("""
            INSERT INTO fills(execution_id, client_order_id, broker_order_id, symbol, side, quantity, price,
                commission, realized_pnl, at, trading_day)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                .text(fill.executionID), .text(fill.clientOrderID), SQLValue(fill.brokerOrderID), .text(fill.symbol),
                .text(fill.side.rawValue), .real(fill.quantity), .real(fill.price), .real(fill.commission),
                .real(realized), .real(at), .text(day(fill.time)),
            ])
        try storePosition(position, at: at)
        if let order = try loadOrder(fill.clientOrderID) {
            let filled = order.filledQuantity + fill.quantity
            let average = ((order.averageFillPrice ?? 0) * order.filledQuantity + fill.price * fill.quantity) / filled
            let status: OrderStatus = filled >= order.intent.quantity - 1e-9 ? .filled : .partiallyFilled
            try db.query("""
                UPDATE orders SET filled_quantity = ?, average_fill_price = ?, updated_at = ? WHERE client_order_id = ?
                """, [.real(filled), .real(average), .real(at), .text(fill.clientOrderID)])
            if !order.status.isTerminal || status == .filled {
                try updateStatus(fill.clientOrderID, status, brokerOrderID: fill.brokerOrderID, code: nil,
                                 message: "fill \(fill.executionID): \(formatQuantity(fill.quantity)) @ "
                                     + "\(formatPrice(fill.price))", now: fill.time)
            }
        }
        return true
    }

    /// Records the commission of an execution reported after it (IBKR `commissionReport`).
    public func recordCommission(executionID: String, commission: Double) throws {
        try locked {
            try db.transaction {
                try db.query("UPDATE fills SET commission = ? WHERE execution_id = ?",
                             [.real(commission), .text(executionID)])
            }
        }
    }

    private func storePosition(_ position: PositionState, at: Double) throws {
        try db.query("""
            INSERT INTO positions(symbol, quantity, average_cost, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT(symbol) DO UPDATE SET quantity = excluded.quantity, average_cost = excluded.average_cost,
                updated_at = excluded.updated_at
            """, [.text(position.symbol), .real(position.quantity), .real(position.averageCost), .real(at)])
    }

    /// Overwrites a position with the broker's (after reconciliation or a manual correction).
    public func setPosition(_ position: PositionState, now: Date = Date()) throws {
        try locked { try db.transaction { try storePosition(position, at: now.timeIntervalSince1970) } }
    }

    private func loadPositions() throws -> [String: PositionState] {
        var result: [String: PositionState] = [:]
        for row in try db.query("SELECT symbol, quantity, average_cost FROM positions") {
            guard let symbol = row["symbol"]?.string else { continue }
            result[symbol] = PositionState(symbol: symbol, quantity: row["quantity"]?.double ?? 0,
                                           averageCost: row["average_cost"]?.double ?? 0)
        }
        return result
    }

    /// The journaled positions (flat ones included, with quantity 0).
    public func positions() throws -> [String: PositionState] { try locked { try loadPositions() } }

    /// Records a PnL snapshot (realized since the start of the day after fees, unrealized, and equity if known).
    public func recordPnL(realized: Double, unrealized: Double, equity: Double? = nil, now: Date = Date()) throws {
        try locked {
            try db.transaction {
                try db.query("INSERT INTO pnl(at, trading_day, realized, unrealized, equity) VALUES (?, ?, ?, ?, ?)",
                             [.real(now.timeIntervalSince1970), .text(day(now)), .real(realized), .real(unrealized),
                              SQLValue(equity)])
            }
        }
    }

    /// The realized PnL of a trading day from its fills, after commissions: seeds ``AccountState`` at a restart.
    public func realizedPnL(day: String) throws -> Double {
        try locked {
            try db.query("""
                SELECT COALESCE(SUM(realized_pnl), 0) - COALESCE(SUM(commission), 0) AS net
                FROM fills WHERE trading_day = ?
                """, [.text(day)]).first?["net"]?.double ?? 0
        }
    }

    // MARK: - Risk events and models

    /// Records a refused order with its rule and numbers.
    public func recordRejection(_ rejection: RiskRejection, now: Date = Date()) throws {
        try insertRiskEvent(kind: "rejection", rule: rejection.rule.rawValue, clientOrderID: rejection.clientOrderID,
                            symbol: rejection.symbol, value: rejection.value, limit: rejection.limit,
                            message: rejection.message, now: now)
    }

    /// Records a halt (daily loss limit or emergency stop) and the actions decided.
    public func recordHalt(_ decision: HaltDecision) throws {
        var value: Double?
        var limit: Double?
        if case .dailyLossLimit(let pnl, let lossLimit) = decision.reason {
            value = pnl
            limit = lossLimit
        }
        let flatten = decision.flattenOrders.map(\.summary).joined(separator: "; ")
        let message = "\(decision.reason); cancel open orders; "
            + (flatten.isEmpty ? "no flatten" : "flatten: \(flatten)")
            + (decision.exitStatus.map { "; exit \($0)" } ?? "")
        try insertRiskEvent(kind: "halt", rule: decision.reason.rule.rawValue, clientOrderID: nil, symbol: nil,
                            value: value, limit: limit, message: message, now: decision.time)
    }

    /// Records any other risk-relevant event (reconciliation findings, a strategy error, a resume).
    public func recordRiskEvent(kind: String, rule: String, message: String, now: Date = Date()) throws {
        try insertRiskEvent(kind: kind, rule: rule, clientOrderID: nil, symbol: nil, value: nil, limit: nil,
                            message: message, now: now)
    }

    private func insertRiskEvent(kind: String, rule: String, clientOrderID: String?, symbol: String?, value: Double?,
                                 limit: Double?, message: String, now: Date) throws {
        try locked {
            try db.transaction { try insertRiskEventLocked(kind: kind, rule: rule, clientOrderID: clientOrderID,
                                                           symbol: symbol, value: value, limit: limit,
                                                           message: message, now: now) }
        }
    }

    private func insertRiskEventLocked(kind: String, rule: String, clientOrderID: String?, symbol: String?,
                                       value: Double?, limit: Double?, message: String, now: Date) throws {
        try db.query("""
            INSERT INTO risk_events(at, trading_day, kind, rule, client_order_id, symbol, value, limit_value, message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.real(now.timeIntervalSince1970), .text(day(now)), .text(kind), .text(rule), SQLValue(clientOrderID),
                  SQLValue(symbol), SQLValue(value), SQLValue(limit), .text(message)])
    }

    /// The daily-loss halt journaled on `day`, if any, to restore it in a restarted ``RiskManager``.
    public func haltEvent(onDay day: String) throws -> HaltReason? {
        try locked {
            let row = try db.query("""
                SELECT value, limit_value FROM risk_events
                WHERE kind = 'halt' AND rule = ? AND trading_day = ? ORDER BY id DESC LIMIT 1
                """, [.text(RiskRule.dailyLossLimit.rawValue), .text(day)]).first
            guard let row else { return nil }
            return .dailyLossLimit(dayPnL: row["value"]?.double ?? 0, limit: row["limit_value"]?.double ?? 0)
        }
    }

    /// Records a model version event: `loaded` at the start of a day, `registered`, `promoted`, `rolled_back`,
    /// `rejected` (the last four are written by `ModelRegistry`).
    public func recordModelVersion(symbol: String, version: String, path: String?, action: String,
                                   metrics: String? = nil, now: Date = Date()) throws {
        try locked {
            try db.transaction {
                try db.query("""
                    INSERT INTO model_versions(at, trading_day, symbol, version, path, action, metrics)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, [.real(now.timeIntervalSince1970), .text(day(now)), .text(symbol), .text(version),
                          SQLValue(path), .text(action), SQLValue(metrics)])
            }
        }
    }

    // MARK: - Reading orders

    private static let orderColumns = """
        client_order_id, broker_order_id, strategy, symbol, side, quantity, order_type, limit_price, stop_price,
        intent_time, status, filled_quantity, average_fill_price, updated_at
        """

    private func decodeOrder(_ row: SQLRow) -> JournaledOrder? {
        guard let id = row["client_order_id"]?.string, let symbol = row["symbol"]?.string,
              let side = row["side"]?.string.flatMap(OrderSide.init(rawValue:)),
              let type = row["order_type"]?.string.flatMap(OrderType.init(rawValue:)),
              let status = row["status"]?.string.flatMap(OrderStatus.init(rawValue:))
        else { return nil }
        let intent = OrderIntent(
            clientOrderID: id, symbol: symbol, side: side, quantity: row["quantity"]?.double ?? 0, type: type,
            limitPrice: row["limit_price"]?.double, stopPrice: row["stop_price"]?.double,
            time: Date(timeIntervalSince1970: row["intent_time"]?.double ?? 0),
            strategy: row["strategy"]?.string ?? "")
        return JournaledOrder(
            intent: intent, brokerOrderID: row["broker_order_id"]?.string, status: status,
            filledQuantity: row["filled_quantity"]?.double ?? 0, averageFillPrice: row["average_fill_price"]?.double,
            updatedAt: Date(timeIntervalSince1970: row["updated_at"]?.double ?? 0))
    }

    private func loadOrder(_ id: String) throws -> JournaledOrder? {
        try db.query("SELECT \(Self.orderColumns) FROM orders WHERE client_order_id = ?", [.text(id)])
            .first.flatMap(decodeOrder)
    }

    private func loadOrders(where condition: String, _ parameters: [SQLValue]) throws -> [JournaledOrder] {
        try db.query("SELECT \(Self.orderColumns) FROM orders WHERE \(condition) ORDER BY intent_time, rowid",
                     parameters).compactMap(decodeOrder)
    }

    /// The order recorded under `clientOrderID`, if any.
    public func order(_ clientOrderID: String) throws -> JournaledOrder? { try locked { try loadOrder(clientOrderID) } }

    /// The orders of one trading day (by intent time), or all orders.
    public func orders(day: String? = nil) throws -> [JournaledOrder] {
        try locked {
            if let day { return try loadOrders(where: "trading_day = ?", [.text(day)]) }
            return try loadOrders(where: "1", [])
        }
    }

    /// Orders not yet in a terminal status: the ones reconciliation looks at.
    public func unfinishedOrders() throws -> [JournaledOrder] {
        try locked { try loadUnfinished() }
    }

    private func loadUnfinished() throws -> [JournaledOrder] {
        let open = OrderStatus.allCases.filter { !$0.isTerminal }.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return try loadOrders(where: "status IN (\(open))", [])
    }

    /// Every idempotency key ever journaled, to seed ``RiskManager``'s duplicate check at a restart.
    public func clientOrderIDs() throws -> [String] {
        try locked { try db.query("SELECT client_order_id FROM orders").compactMap { $0["client_order_id"]?.string } }
    }

    /// The executions of one trading day, or all.
    public func fills(day: String? = nil) throws -> [Fill] {
        try locked { try loadFills(day: day) }
    }

    private func loadFills(day: String?) throws -> [Fill] {
        let sql = "SELECT * FROM fills" + (day == nil ? "" : " WHERE trading_day = ?") + " ORDER BY at, rowid"
        return try db.query(sql, day.map { [.text($0)] } ?? []).compactMap { row in
            guard let id = row["execution_id"]?.string, let order = row["client_order_id"]?.string,
                  let symbol = row["symbol"]?.string, let side = row["side"]?.string.flatMap(OrderSide.init(rawValue:))
            else { return nil }
            return Fill(executionID: id, clientOrderID: order, brokerOrderID: row["broker_order_id"]?.string,
                        symbol: symbol, side: side, quantity: row["quantity"]?.double ?? 0,
                        price: row["price"]?.double ?? 0, commission: row["commission"]?.double ?? 0,
                        time: Date(timeIntervalSince1970: row["at"]?.double ?? 0))
        }
    }

    /// Runs SQLite's `PRAGMA integrity_check`; `"ok"` for a sound file.
    public func integrityCheck() throws -> String {
        try locked { try db.query("PRAGMA integrity_check").first?.values.first?.string ?? "no answer" }
    }

    // MARK: - Reconciliation

    /// Compares the journal with the broker after a (re)start and returns what to do so that no order is sent twice
    /// and none is lost. Reads only; apply the journal side with ``apply(_:now:)``.
    ///
    /// - Parameters:
    ///   - brokerOpenOrders: The broker's open orders (IBKR `reqAllOpenOrders`), with `orderRef` as client id.
    ///   - brokerPositions: The broker's positions (IBKR `reqPositions`).
    ///   - brokerExecutions: The day's executions (IBKR `reqExecutions`); missed ones are recorded.
    ///   - policy: Whether to send never-sent intents, by age.
    public func reconcile(brokerOpenOrders: [BrokerOpenOrder], brokerPositions: [PositionState],
                          brokerExecutions: [Fill] = [], policy: ReconciliationPolicy = ReconciliationPolicy(),
                          now: Date = Date()) throws -> ReconciliationPlan {
        try locked {
            let unfinished = try loadUnfinished()
            let openIDs = Set(brokerOpenOrders.compactMap(\.clientOrderID))
            var terminal: [String: JournaledOrder] = [:]
            for id in openIDs where !unfinished.contains(where: { $0.clientOrderID == id }) {
                if let order = try loadOrder(id) { terminal[id] = order }
            }
            let known = Set(try db.query("SELECT execution_id FROM fills").compactMap { $0["execution_id"]?.string })
            return Reconciler.plan(
                unfinished: unfinished, terminalIDs: terminal, knownExecutionIDs: known,
                journalPositions: try loadPositions(), brokerOpenOrders: brokerOpenOrders,
                brokerPositions: brokerPositions, brokerExecutions: brokerExecutions, policy: policy, now: now)
        }
    }

    /// Applies the journal side of a plan in one transaction: missed fills, status changes, adopted broker ids,
    /// positions taken from the broker, and a risk event per finding. Orders to submit stay `intended`.
    public func apply(_ plan: ReconciliationPlan, now: Date = Date()) throws {
        try locked {
            try db.transaction {
                for action in plan.actions {
                    try applyLocked(action, now: now)
                }
            }
        }
    }

    private func applyLocked(_ action: ReconciliationAction, now: Date) throws {
        let note = "reconcile: \(action)"
        switch action {
        case .submit:
            return
        case .recordFill(let fill):
            _ = try insertFill(fill)
        case .expire(let order):
            try updateStatus(order.clientOrderID, .expired, brokerOrderID: nil, code: nil, message: note, now: now)
        case .adopt(let order, let broker):
            let status: OrderStatus = broker.filledQuantity > 0 ? .partiallyFilled : .submitted
            try updateStatus(order.clientOrderID, status, brokerOrderID: broker.brokerOrderID, code: nil,
                             message: note, now: now)
        case .markFilled(let order):
            if try loadOrder(order.clientOrderID)?.status != .filled {
                try updateStatus(order.clientOrderID, .filled, brokerOrderID: nil, code: nil, message: note, now: now)
            }
        case .markClosedAtBroker(let order, _):
            try updateStatus(order.clientOrderID, .cancelled, brokerOrderID: nil, code: nil, message: note, now: now)
            try insertRiskEventLocked(kind: "reconcile", rule: "reconcile", clientOrderID: order.clientOrderID,
                                      symbol: order.intent.symbol, value: nil, limit: nil, message: note, now: now)
        case .markUnknownAtBroker(let order):
            try updateStatus(order.clientOrderID, .unknownAtBroker, brokerOrderID: nil, code: nil, message: note,
                             now: now)
            try insertRiskEventLocked(kind: "reconcile", rule: "reconcile", clientOrderID: order.clientOrderID,
                                      symbol: order.intent.symbol, value: nil, limit: nil, message: note, now: now)
        case .foreignOrder(let broker):
            try insertRiskEventLocked(kind: "reconcile", rule: "reconcile", clientOrderID: broker.clientOrderID,
                                      symbol: broker.symbol, value: nil, limit: nil, message: note, now: now)
        case .positionMismatch(let symbol, let journaled, let broker, let cost):
            try storePosition(PositionState(symbol: symbol, quantity: broker, averageCost: cost),
                              at: now.timeIntervalSince1970)
            try insertRiskEventLocked(kind: "reconcile", rule: "reconcile", clientOrderID: nil, symbol: symbol,
                                      value: journaled, limit: broker, message: note, now: now)
        }
    }

    // MARK: - Day summary (used by Journal+DaySummary)

    func withDatabase<T>(_ body: (SQLiteConnection) throws -> T) throws -> T { try locked { try body(db) } }
}
