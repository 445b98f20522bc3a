import Foundation

/// Who a simulator message goes to.
enum SimTarget: Hashable {
    /// The connection with this client id.
    case client(Int)
    /// Every connection subscribed with `reqPositions`.
    case positionSubscribers
    /// Every connection subscribed with `reqAccountUpdates`.
    case accountSubscribers
}

/// The market as the broker sees it when matching.
struct SimQuote {
    var bid: Double
    var ask: Double
    var last: Double
    var book: DepthSnapshot
}

/// The paper broker behind the simulator: orders, matching, executions, commissions, positions and cash.
/// Confined to the simulator's event loop.
final class SimBroker {
    struct Key: Hashable {
        var clientId: Int
        var orderId: Int
    }

    struct SimOrder {
        var order: Order
        var contract: Contract
        var status: String
        var filled: Decimal = 0
        var avgPrice: Double = 0
        var lastFillPrice: Double = 0
        var value: Double = 0
        var commissionCharged: Double = 0
        var staged: Bool
        var triggered = false
        var isFinal: Bool { OrderStatusValue.final.contains(status) }
        var remaining: Decimal { order.totalQuantity - filled }
    }

    struct SimPosition {
        var contract: Contract
        var quantity: Double = 0
        var avgCost: Double = 0
        var realized: Double = 0
    }

    struct Record {
        var clientId: Int
        var contract: Contract
        var execution: Execution
        var commission: CommissionReport
    }

    let account: String
    let commissionModel: CommissionModel
    private(set) var orders: [Key: SimOrder] = [:]
    private var orderSequence: [Key] = []
    private(set) var positions: [Int: SimPosition] = [:]
    private(set) var cash: Double
    private(set) var realizedPnL = 0.0
    private(set) var executions: [Record] = []
    private var nextPermId = 1_000_000_000
    private var execCounter = 0
    private var maxOrderId: [Int: Int] = [:]
    let firstOrderId: Int
    var clock: () -> Double = { Date().timeIntervalSince1970 }

    init(account: String, cash: Double, commission: CommissionModel, firstOrderId: Int) {
        self.account = account
        self.cash = cash
        self.commissionModel = commission
        self.firstOrderId = firstOrderId
    }

    /// The next order id for a client.
    func nextValidId(clientId: Int) -> Int { max(firstOrderId, (maxOrderId[clientId] ?? 0) + 1) }

    /// Working orders of a client (nil = every client), in placement order.
    func workingOrders(clientId: Int?) -> [SimOrder] {
        orderSequence.compactMap { k in
            guard clientId == nil || k.clientId == clientId, let o = orders[k], !o.isFinal, !o.staged else {
                return nil
            }
            return o
        }
    }

    /// Working orders on one conId.
    func hasWorkingOrders(conId: Int) -> Bool {
        orders.values.contains { !$0.isFinal && !$0.staged && $0.contract.conId == conId }
    }

    func openOrderMessage(_ o: SimOrder) -> ServerMessage {
        var state = OrderState(status: o.status)
        if o.isFinal && o.status == "Filled" {
            state.commission = o.commissionCharged
            state.commissionCurrency = "USD"
        }
        return .openOrder(OpenOrder(order: o.order, contract: o.contract, state: state))
    }

    func statusMessage(_ o: SimOrder) -> ServerMessage {
        .orderStatus(OrderStatus(orderId: o.order.orderId, status: o.status, filled: o.filled, remaining: o.remaining,
                                 avgFillPrice: o.avgPrice, permId: o.order.permId, parentId: o.order.parentId,
                                 lastFillPrice: o.lastFillPrice, clientId: o.order.clientId))
    }

    private func error(_ id: Int, _ code: Int, _ text: String) -> ServerMessage {
        .error(TWSErrorMessage(id: id, code: code, message: text))
    }

    // MARK: Placing

    /// Handles `placeOrder`; `contract` is already resolved. Returns messages to send.
    func place(clientId: Int, order incoming: Order, contract: Contract, quote: (Int) -> SimQuote?)
        -> [(SimTarget, ServerMessage)]
    {
        var out: [(SimTarget, ServerMessage)] = []
        let me = SimTarget.client(clientId)
        let key = Key(clientId: clientId, orderId: incoming.orderId)
        guard incoming.orderId > 0 else {
            return [(me, error(incoming.orderId, 103, "Duplicate order id"))]
        }
        if let problem = incoming.validationProblem() {
            let code = incoming.totalQuantity <= 0 ? 434 : 321
            let text = code == 434
                ? "The order size cannot be zero" : "Error validating request:-'bN' : cause - \(problem)"
            return [(me, error(incoming.orderId, code, text))]
        }
        guard [OrderType.market, .limit, .stop, .stopLimit].contains(incoming.orderType) else {
            return [(me, error(incoming.orderId, 387,
                               "Unsupported order type for this exchange and security type: \(incoming.orderType)"))]
        }
        if var existing = orders[key] {
            if existing.isFinal { return [(me, error(incoming.orderId, 103, "Duplicate order id"))] }
            // Modify a working order.
            if incoming.totalQuantity < existing.filled {
                return [(me, error(incoming.orderId, 105, "Order being modified does not match original order"))]
            }
            existing.order.totalQuantity = incoming.totalQuantity
            existing.order.lmtPrice = incoming.lmtPrice
            existing.order.auxPrice = incoming.auxPrice
            existing.order.tif = incoming.tif
            orders[key] = existing
            out.append((me, openOrderMessage(existing)))
            out.append((me, statusMessage(existing)))
            out += match(key, quote: quote)
            return out
        }
        if incoming.whatIf {
            var state = OrderState(status: "PreSubmitted")
            let q = quote(contract.conId)
            let price = incoming.lmtPrice ?? q?.last ?? 0
            let shares = NSDecimalNumber(decimal: incoming.totalQuantity).doubleValue
            state.commission = commissionModel.commission(shares: shares, value: shares * price)
            state.minCommission = state.commission
            state.maxCommission = state.commission
            state.commissionCurrency = "USD"
            state.initMarginChange = String(shares * price * 0.25)
            state.maintMarginChange = String(shares * price * 0.25)
            var o = incoming
            o.clientId = clientId
            return [(me, .openOrder(OpenOrder(order: o, contract: contract, state: state)))]
        }
        var o = incoming
        o.clientId = clientId
        o.permId = nextPermId
        nextPermId += 1
        if o.account.isEmpty { o.account = account }
        maxOrderId[clientId] = max(maxOrderId[clientId] ?? 0, o.orderId)
        orders[key] = SimOrder(order: o, contract: contract, status: "PendingSubmit", staged: !o.transmit)
        orderSequence.append(key)
        guard o.transmit else { return [] }
        // Transmit this order together with any staged parent and siblings (bracket).
        var group: [Key] = []
        if o.parentId != 0 {
            let parentKey = Key(clientId: clientId, orderId: o.parentId)
            if let p = orders[parentKey], p.staged { group.append(parentKey) }
            group += orderSequence.filter { k in
                k != key && k.clientId == clientId && orders[k]?.order.parentId == o.parentId
                    && orders[k]?.staged == true
            }
        }
        group.append(key)
        group += orderSequence.filter { k in
            k.clientId == clientId && orders[k]?.order.parentId == o.orderId && orders[k]?.staged == true
        }
        for k in group {
            guard var so = orders[k] else { continue }
            so.staged = false
            let parentWorking: Bool = {
                guard so.order.parentId != 0, let p = orders[Key(clientId: clientId, orderId: so.order.parentId)]
                else { return false }
                return p.status != "Filled"
            }()
            so.status = parentWorking ? "PreSubmitted" : "Submitted"
            orders[k] = so
            out.append((me, openOrderMessage(so)))
            out.append((me, statusMessage(so)))
        }
        for k in group { out += match(k, quote: quote) }
        return out
    }

    // MARK: Cancelling

    /// Handles `cancelOrder`.
    func cancel(clientId: Int, orderId: Int) -> [(SimTarget, ServerMessage)] {
        let key = Key(clientId: clientId, orderId: orderId)
        guard let o = orders[key] else {
            return [(.client(clientId), error(orderId, 135, "Can't find order with id =\(orderId)"))]
        }
        if o.isFinal {
            return [(.client(clientId), error(orderId, 161, "Cancel attempted when order is not in a cancellable state."
                + "  Order permId =\(o.order.permId)"))]
        }
        return cancelWithChildren(key)
    }

    /// Handles `reqGlobalCancel`.
    func cancelAll() -> [(SimTarget, ServerMessage)] {
        var out: [(SimTarget, ServerMessage)] = []
        for k in orderSequence where orders[k].map({ !$0.isFinal }) == true { out += cancelWithChildren(k) }
        return out
    }

    private func cancelWithChildren(_ key: Key) -> [(SimTarget, ServerMessage)] {
        guard var o = orders[key], !o.isFinal else { return [] }
        let me = SimTarget.client(key.clientId)
        var out: [(SimTarget, ServerMessage)] = []
        o.status = "PendingCancel"
        out.append((me, statusMessage(o)))
        o.status = "Cancelled"
        orders[key] = o
        out.append((me, error(o.order.orderId, 202, "Order Canceled - reason:")))
        out.append((me, statusMessage(o)))
        out.append((me, openOrderMessage(o)))
        for k in orderSequence where k.clientId == key.clientId && orders[k]?.order.parentId == key.orderId {
            out += cancelWithChildren(k)
        }
        return out
    }

    // MARK: Matching

    /// Re-checks every working order on `conId` against the market.
    func marketMoved(conId: Int, quote: (Int) -> SimQuote?) -> [(SimTarget, ServerMessage)] {
        var out: [(SimTarget, ServerMessage)] = []
        for k in orderSequence {
            guard let o = orders[k], !o.isFinal, !o.staged, o.status == "Submitted", o.contract.conId == conId
            else { continue }
            out += match(k, quote: quote)
        }
        return out
    }

    private func match(_ key: Key, quote: (Int) -> SimQuote?) -> [(SimTarget, ServerMessage)] {
        guard var o = orders[key], !o.isFinal, !o.staged, o.status == "Submitted", let q = quote(o.contract.conId)
        else { return [] }
        let buy = o.order.action == .buy
        var limit: Double? = nil
        switch o.order.orderType {
        case .market: break
        case .limit: limit = o.order.lmtPrice
        case .stop, .stopLimit:
            if !o.triggered {
                let stop = o.order.auxPrice ?? 0
                let hit = buy ? (q.ask >= stop || q.last >= stop) : (q.bid <= stop || q.last <= stop)
                guard hit else { return [] }
                o.triggered = true
                orders[key] = o
            }
            if o.order.orderType == .stopLimit { limit = o.order.lmtPrice }
        default: return []
        }
        // Walk the opposite side of the book.
        var levels = buy ? q.book.asks : q.book.bids
        if levels.isEmpty { levels = [DepthLevel(price: buy ? q.ask : q.bid, size: 1_000_000)] }
        var remaining = NSDecimalNumber(decimal: o.remaining).doubleValue
        var fills: [(Double, Double)] = []
        for (i, level) in levels.enumerated() where remaining > 0 {
            if let limit, buy ? level.price > limit + 1e-9 : level.price < limit - 1e-9 { break }
            var size = NSDecimalNumber(decimal: level.size).doubleValue
            if i == levels.count - 1 && limit == nil { size = remaining }  // market orders always complete
            let qty = min(size, remaining)
            guard qty > 0 else { continue }
            fills.append((qty, level.price))
            remaining -= qty
        }
        guard !fills.isEmpty else { return [] }
        return execute(key, fills: fills, liquidity: limit == nil ? 2 : 2, quote: quote)
    }

    private func execute(_ key: Key, fills: [(Double, Double)], liquidity: Int, quote: (Int) -> SimQuote?)
        -> [(SimTarget, ServerMessage)]
    {
        guard var o = orders[key] else { return [] }
        let me = SimTarget.client(key.clientId)
        var out: [(SimTarget, ServerMessage)] = []
        var reports: [ServerMessage] = []
        let buy = o.order.action == .buy
        for (qty, price) in fills {
            let filledBefore = NSDecimalNumber(decimal: o.filled).doubleValue
            let filledAfter = filledBefore + qty
            o.value += qty * price
            o.filled += Decimal(qty)
            o.avgPrice = o.value / filledAfter
            o.lastFillPrice = price
            let totalCommission = commissionModel.commission(shares: filledAfter, value: o.value)
            let commission = max(0, ((totalCommission - o.commissionCharged) * 100).rounded() / 100)
            o.commissionCharged += commission
            execCounter += 1
            var e = Execution()
            e.orderId = o.order.orderId
            e.execId = String(format: "%08x.%08x.01.01", o.order.permId & 0xFFFF_FFFF, execCounter)
            e.time = TWSDate.format(Int(clock()))
            e.account = o.order.account
            e.exchange = ["ISLAND", "ARCA", "NYSE", "BATS", "IEX"][execCounter % 5]
            e.side = buy ? "BOT" : "SLD"
            e.shares = Decimal(qty)
            e.price = price
            e.permId = o.order.permId
            e.clientId = o.order.clientId
            e.cumQty = o.filled
            e.avgPrice = o.avgPrice
            e.orderRef = o.order.orderRef
            e.lastLiquidity = liquidity
            let realized = applyToPosition(o.contract, signedQty: buy ? qty : -qty, price: price,
                                           commission: commission)
            let report = CommissionReport(execId: e.execId, commission: commission, currency: "USD",
                                          realizedPNL: realized, yield: nil, yieldRedemptionDate: 0)
            executions.append(Record(clientId: key.clientId, contract: o.contract, execution: e, commission: report))
            out.append((me, .execDetails(reqId: -1, o.contract, e)))
            reports.append(.commissionReport(report))
        }
        if o.remaining <= 0 { o.status = "Filled" }
        orders[key] = o
        out.append((me, statusMessage(o)))
        if o.status == "Filled" { out.append((me, openOrderMessage(o))) }
        out += reports.map { (me, $0) }
        out += positionMessages(conId: o.contract.conId, quote: quote)
        if o.status == "Filled" {
            // Children of a filled parent go live; siblings of a filled child (bracket / OCA) are cancelled.
            for k in orderSequence where k.clientId == key.clientId {
                guard var child = orders[k], child.order.parentId == key.orderId, child.status == "PreSubmitted"
                else { continue }
                child.status = "Submitted"
                orders[k] = child
                out.append((me, openOrderMessage(child)))
                out.append((me, statusMessage(child)))
            }
            for k in orderSequence where k != key && k.clientId == key.clientId {
                guard let other = orders[k], !other.isFinal else { continue }
                let sibling = o.order.parentId != 0 && other.order.parentId == o.order.parentId
                let oca = !o.order.ocaGroup.isEmpty && other.order.ocaGroup == o.order.ocaGroup
                if sibling || oca { out += cancelWithChildren(k) }
            }
            for k in orderSequence where k.clientId == key.clientId && orders[k]?.order.parentId == key.orderId {
                out += match(k, quote: quote)
            }
        }
        return out
    }

    /// Applies a fill to the position and cash; returns realized P&L of a closing trade, or nil.
    private func applyToPosition(_ c: Contract, signedQty: Double, price: Double, commission: Double) -> Double? {
        var p = positions[c.conId] ?? SimPosition(contract: c)
        cash -= signedQty * price + commission
        var realized: Double? = nil
        if p.quantity == 0 || (p.quantity > 0) == (signedQty > 0) {
            let newQty = p.quantity + signedQty
            p.avgCost = (p.avgCost * abs(p.quantity) + price * abs(signedQty) + commission) / abs(newQty)
            p.quantity = newQty
        } else {
            let closing = min(abs(signedQty), abs(p.quantity))
            let direction: Double = p.quantity > 0 ? 1 : -1
            let pnl = (price - p.avgCost) * closing * direction - commission
            realized = pnl
            p.realized += pnl
            realizedPnL += pnl
            let newQty = p.quantity + signedQty
            if abs(newQty) < 1e-9 {
                p.quantity = 0
                p.avgCost = 0
            } else if (newQty > 0) != (p.quantity > 0) {
                p.quantity = newQty
                p.avgCost = price
            } else {
                p.quantity = newQty
            }
        }
        positions[c.conId] = p
        return realized
    }

    // MARK: Positions and account

    func positionMessage(_ p: SimPosition) -> ServerMessage {
        .position(Position(account: account, contract: p.contract, quantity: Decimal(p.quantity), avgCost: p.avgCost))
    }

    func portfolioMessage(_ p: SimPosition, mark: Double) -> ServerMessage {
        var c = p.contract
        c.exchange = ""
        return .updatePortfolio(PortfolioItem(contract: c, position: Decimal(p.quantity), marketPrice: mark,
                                              marketValue: p.quantity * mark, averageCost: p.avgCost,
                                              unrealizedPNL: (mark - p.avgCost) * p.quantity, realizedPNL: p.realized,
                                              account: account))
    }

    private func positionMessages(conId: Int, quote: (Int) -> SimQuote?) -> [(SimTarget, ServerMessage)] {
        guard let p = positions[conId] else { return [] }
        let mark = quote(conId)?.last ?? p.avgCost
        var out: [(SimTarget, ServerMessage)] = [(.positionSubscribers, positionMessage(p)),
                                                  (.accountSubscribers, portfolioMessage(p, mark: mark))]
        for v in accountValues(marks: { quote($0)?.last }) {
            out.append((.accountSubscribers, .updateAccountValue(v)))
        }
        return out
    }

    /// Account values as TWS names them (keys of `reqAccountUpdates` and tags of `reqAccountSummary`).
    func accountValues(marks: (Int) -> Double?) -> [AccountValue] {
        var gross = 0.0, net = 0.0, unrealized = 0.0
        for p in positions.values {
            let m = marks(p.contract.conId) ?? p.avgCost
            gross += abs(p.quantity) * m
            net += p.quantity * m
            unrealized += (m - p.avgCost) * p.quantity
        }
        let nlv = cash + net
        let margin = gross * 0.25
        let available = nlv - margin
        func money(_ v: Double) -> String { String(format: "%.2f", v) }
        let usd: [(String, String)] = [
            ("NetLiquidation", money(nlv)), ("TotalCashValue", money(cash)), ("SettledCash", money(cash)),
            ("AccruedCash", "0.00"), ("BuyingPower", money(max(available, 0) * 4)),
            ("EquityWithLoanValue", money(nlv)), ("PreviousDayEquityWithLoanValue", money(nlv)),
            ("GrossPositionValue", money(gross)), ("RegTEquity", money(nlv)), ("RegTMargin", money(gross * 0.5)),
            ("SMA", money(max(nlv - gross * 0.5, 0))), ("InitMarginReq", money(margin)),
            ("MaintMarginReq", money(margin)), ("AvailableFunds", money(available)),
            ("ExcessLiquidity", money(available)), ("FullInitMarginReq", money(margin)),
            ("FullMaintMarginReq", money(margin)), ("FullAvailableFunds", money(available)),
            ("FullExcessLiquidity", money(available)), ("LookAheadInitMarginReq", money(margin)),
            ("LookAheadMaintMarginReq", money(margin)), ("LookAheadAvailableFunds", money(available)),
            ("LookAheadExcessLiquidity", money(available)), ("CashBalance", money(cash)),
            ("TotalCashBalance", money(cash)), ("NetLiquidationByCurrency", money(nlv)),
            ("UnrealizedPnL", money(unrealized)), ("RealizedPnL", money(realizedPnL)),
            ("StockMarketValue", money(net)),
        ]
        var out = usd.map { AccountValue(account: account, key: $0.0, value: $0.1, currency: "USD") }
        out += [
            AccountValue(account: account, key: "AccountType", value: "INDIVIDUAL"),
            AccountValue(account: account, key: "AccountCode", value: account),
            AccountValue(account: account, key: "Cushion",
                         value: String(format: "%.4f", nlv > 0 ? available / nlv : 0)),
            AccountValue(account: account, key: "DayTradesRemaining", value: "-1"),
            AccountValue(account: account, key: "Leverage", value: String(format: "%.4f", nlv > 0 ? gross / nlv : 0)),
            AccountValue(account: account, key: "LookAheadNextChange", value: "0"),
            AccountValue(account: account, key: "HighestSeverity", value: "0"),
            AccountValue(account: account, key: "ExchangeRate", value: "1.00", currency: "USD"),
        ]
        return out
    }
}
