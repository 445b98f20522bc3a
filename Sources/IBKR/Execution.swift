import Foundation

/// One execution from `execDetails` (§12.7).
public struct Execution: Sendable, Hashable {
    /// The order id.
    public var orderId: Int = 0
    /// Opaque execution id linking commission reports.
    public var execId: String = ""
    /// Execution time, e.g. `20250106 10:15:31 US/Eastern`.
    public var time: String = ""
    /// Account number.
    public var account: String = ""
    /// Exchange that executed.
    public var exchange: String = ""
    /// `BOT` or `SLD`.
    public var side: String = ""
    /// Shares in this execution.
    public var shares: Decimal = 0
    /// Execution price.
    public var price: Double = 0
    /// Permanent id of the order.
    public var permId: Int = 0
    /// Client id of the order.
    public var clientId: Int = 0
    /// Liquidation flag.
    public var liquidation: Int = 0
    /// Cumulative quantity of the order.
    public var cumQty: Decimal = 0
    /// Average price of the order so far.
    public var avgPrice: Double = 0
    /// Order reference.
    public var orderRef: String = ""
    /// Economic value rule.
    public var evRule: String = ""
    /// Economic value multiplier.
    public var evMultiplier: Double? = nil
    /// Model code.
    public var modelCode: String = ""
    /// 1 = added liquidity, 2 = removed.
    public var lastLiquidity: Int = 0
    /// Price revision pending (178).
    public var pendingPriceRevision: Bool = false

    /// Creates an execution.
    public init() {}
}

/// A `commissionReport` (§12.8).
public struct CommissionReport: Sendable, Hashable {
    /// The execution this commission belongs to.
    public var execId: String
    /// Commission amount.
    public var commission: Double
    /// Currency of the commission.
    public var currency: String
    /// Realized P&L of a closing trade; `nil` when not applicable.
    public var realizedPNL: Double?
    /// Yield; `nil` when not applicable.
    public var yield: Double?
    /// Yield redemption date (yyyymmdd as an integer); 0 when not applicable.
    public var yieldRedemptionDate: Int

    /// Creates a commission report.
    public init(execId: String, commission: Double, currency: String = "USD", realizedPNL: Double? = nil,
                yield: Double? = nil, yieldRedemptionDate: Int = 0) {
        self.execId = execId
        self.commission = commission
        self.currency = currency
        self.realizedPNL = realizedPNL
        self.yield = yield
        self.yieldRedemptionDate = yieldRedemptionDate
    }
}

/// The execution filter of `reqExecutions` (§12.7); empty fields match everything.
public struct ExecutionFilter: Sendable, Hashable {
    /// Client id, 0 = all.
    public var clientId: Int = 0
    /// Account code.
    public var accountCode: String = ""
    /// Lower time bound `yyyyMMdd HH:mm:ss`.
    public var time: String = ""
    /// Symbol.
    public var symbol: String = ""
    /// Security type.
    public var secType: String = ""
    /// Exchange.
    public var exchange: String = ""
    /// `BUY` or `SELL`.
    public var side: String = ""

    /// Creates a filter that matches everything.
    public init() {}
}

/// A fill as the client assembles it from `execDetails` and `commissionReport`.
public struct Fill: Sendable, Hashable {
    /// The contract.
    public var contract: Contract
    /// The execution.
    public var execution: Execution
    /// The commission, once its report arrived.
    public var commission: CommissionReport?

    /// Creates a fill.
    public init(contract: Contract, execution: Execution, commission: CommissionReport? = nil) {
        self.contract = contract
        self.execution = execution
        self.commission = commission
    }
}
