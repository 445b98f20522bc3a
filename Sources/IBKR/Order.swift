import Foundation

/// Buy or sell.
public enum OrderAction: String, Sendable, Hashable, Codable {
    /// Buy.
    case buy = "BUY"
    /// Sell.
    case sell = "SELL"
    /// Sell short (accepted by TWS for some accounts).
    case sellShort = "SSHORT"
}

/// An order type string as TWS spells it (`MKT`, `LMT`, `STP`, `STP LMT`, …).
public struct OrderType: RawRepresentable, Sendable, Hashable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The wire spelling.
    public var rawValue: String
    /// Creates an order type from its wire spelling.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates an order type from a literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire spelling.
    public var description: String { rawValue }

    /// Market order.
    public static let market: OrderType = "MKT"
    /// Limit order.
    public static let limit: OrderType = "LMT"
    /// Stop order (becomes a market order when triggered).
    public static let stop: OrderType = "STP"
    /// Stop-limit order (becomes a limit order when triggered).
    public static let stopLimit: OrderType = "STP LMT"
}

/// An order as sent in `placeOrder` (§12.1) and echoed in `openOrder` (§12.4); only commonly used fields.
public struct Order: Sendable, Hashable {
    /// Client-chosen order id (from `nextValidId`).
    public var orderId: Int = 0
    /// The client that placed the order (filled in by the server).
    public var clientId: Int = 0
    /// TWS's permanent id (filled in by the server).
    public var permId: Int = 0
    /// Buy or sell.
    public var action: OrderAction = .buy
    /// Quantity in shares/contracts.
    public var totalQuantity: Decimal = 0
    /// `MKT`, `LMT`, `STP`, `STP LMT`, …
    public var orderType: OrderType = .market
    /// Limit price for LMT and STP LMT.
    public var lmtPrice: Double? = nil
    /// Stop (trigger) price for STP and STP LMT.
    public var auxPrice: Double? = nil
    /// Time in force: empty (= DAY), `DAY`, `GTC`, `IOC`, `GTD`, `OPG`, `FOK`.
    public var tif: String = ""
    /// One-cancels-all group name.
    public var ocaGroup: String = ""
    /// OCA type (1 = cancel with block, 2 = reduce with block, 3 = reduce without block).
    public var ocaType: Int = 0
    /// Account; empty = the only account.
    public var account: String = ""
    /// Free text echoed back in openOrder and execDetails.
    public var orderRef: String = ""
    /// False stages the order without transmitting it (bracket parents and first child).
    public var transmit: Bool = true
    /// Parent order id for bracket children, 0 otherwise.
    public var parentId: Int = 0
    /// May trigger or fill outside regular trading hours.
    public var outsideRth: Bool = false
    /// Good-till date for tif GTD.
    public var goodTillDate: String = ""
    /// Margin/commission preview only.
    public var whatIf: Bool = false

    /// Creates an order.
    public init(orderId: Int = 0, action: OrderAction = .buy, totalQuantity: Decimal = 0,
                orderType: OrderType = .market, lmtPrice: Double? = nil, auxPrice: Double? = nil, tif: String = "",
                transmit: Bool = true, parentId: Int = 0) {
        self.orderId = orderId
        self.action = action
        self.totalQuantity = totalQuantity
        self.orderType = orderType
        self.lmtPrice = lmtPrice
        self.auxPrice = auxPrice
        self.tif = tif
        self.transmit = transmit
        self.parentId = parentId
    }

    /// A market order.
    public static func market(_ action: OrderAction, _ quantity: Decimal) -> Order {
        Order(action: action, totalQuantity: quantity, orderType: .market)
    }

    /// A limit order.
    public static func limit(_ action: OrderAction, _ quantity: Decimal, price: Double, tif: String = "") -> Order {
        Order(action: action, totalQuantity: quantity, orderType: .limit, lmtPrice: price, tif: tif)
    }

    /// A stop order.
    public static func stop(_ action: OrderAction, _ quantity: Decimal, stopPrice: Double) -> Order {
        Order(action: action, totalQuantity: quantity, orderType: .stop, auxPrice: stopPrice)
    }

    /// A stop-limit order.
    public static func stopLimit(_ action: OrderAction, _ quantity: Decimal, stopPrice: Double, limitPrice: Double)
        -> Order
    {
        Order(action: action, totalQuantity: quantity, orderType: .stopLimit, lmtPrice: limitPrice,
              auxPrice: stopPrice)
    }

    /// Checks the fields a given order type needs; returns an actionable message or `nil` when valid.
    public func validationProblem() -> String? {
        if totalQuantity <= 0 { return "order quantity must be positive (got \(totalQuantity))" }
        switch orderType {
        case .limit where lmtPrice == nil: return "LMT order needs a limit price"
        case .stop where auxPrice == nil: return "STP order needs a stop price"
        case .stopLimit where lmtPrice == nil || auxPrice == nil: return "STP LMT order needs a stop and a limit price"
        default: return nil
        }
    }
}

/// The order state block of `openOrder` (status, what-if margins, commission estimate).
public struct OrderState: Sendable, Hashable {
    /// TWS status string (`Submitted`, `Filled`, …).
    public var status: String = ""
    /// What-if initial margin before.
    public var initMarginBefore: String = ""
    /// What-if maintenance margin before.
    public var maintMarginBefore: String = ""
    /// What-if equity with loan before.
    public var equityWithLoanBefore: String = ""
    /// What-if initial margin change.
    public var initMarginChange: String = ""
    /// What-if maintenance margin change.
    public var maintMarginChange: String = ""
    /// What-if equity with loan change.
    public var equityWithLoanChange: String = ""
    /// What-if initial margin after.
    public var initMarginAfter: String = ""
    /// What-if maintenance margin after.
    public var maintMarginAfter: String = ""
    /// What-if equity with loan after.
    public var equityWithLoanAfter: String = ""
    /// Estimated commission.
    public var commission: Double? = nil
    /// Estimated minimum commission.
    public var minCommission: Double? = nil
    /// Estimated maximum commission.
    public var maxCommission: Double? = nil
    /// Commission currency.
    public var commissionCurrency: String = ""
    /// Warning text.
    public var warningText: String = ""

    /// Creates a state with a status.
    public init(status: String = "") { self.status = status }
}

/// The TWS order status values (§12.6).
public enum OrderStatusValue {
    /// Statuses after which an order never changes again.
    public static let final: Set<String> = ["Filled", "Cancelled", "ApiCancelled", "Inactive"]
}

/// An `orderStatus` message (§12.5).
public struct OrderStatus: Sendable, Hashable {
    /// The order id.
    public var orderId: Int
    /// TWS status string.
    public var status: String
    /// Filled quantity.
    public var filled: Decimal
    /// Remaining quantity.
    public var remaining: Decimal
    /// Average fill price (0 until filled).
    public var avgFillPrice: Double
    /// Permanent id.
    public var permId: Int
    /// Parent id for bracket children.
    public var parentId: Int
    /// Last fill price.
    public var lastFillPrice: Double
    /// Owning client id.
    public var clientId: Int
    /// Why the order is held, if it is.
    public var whyHeld: String
    /// Market cap price.
    public var mktCapPrice: Double

    /// Creates a status.
    public init(orderId: Int, status: String, filled: Decimal = 0, remaining: Decimal = 0, avgFillPrice: Double = 0,
                permId: Int = 0, parentId: Int = 0, lastFillPrice: Double = 0, clientId: Int = 0,
                whyHeld: String = "", mktCapPrice: Double = 0) {
        self.orderId = orderId
        self.status = status
        self.filled = filled
        self.remaining = remaining
        self.avgFillPrice = avgFillPrice
        self.permId = permId
        self.parentId = parentId
        self.lastFillPrice = lastFillPrice
        self.clientId = clientId
        self.whyHeld = whyHeld
        self.mktCapPrice = mktCapPrice
    }
}

/// An `openOrder` message: the order, its contract and its state.
public struct OpenOrder: Sendable, Hashable {
    /// The order as TWS holds it.
    public var order: Order
    /// The contract.
    public var contract: Contract
    /// The state block.
    public var state: OrderState

    /// Creates an open-order record.
    public init(order: Order, contract: Contract, state: OrderState) {
        self.order = order
        self.contract = contract
        self.state = state
    }
}
