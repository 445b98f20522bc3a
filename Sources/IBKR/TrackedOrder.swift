import Foundation

/// What the client knows about one of its orders: the order, its latest status, and its fills.
public struct TrackedOrder: Sendable, Hashable {
    /// The order id.
    public var orderId: Int
    /// The contract.
    public var contract: Contract
    /// The order as placed (updated from `openOrder`).
    public var order: Order
    /// TWS status string (`PendingSubmit` until TWS answers).
    public var status: String
    /// Filled quantity.
    public var filled: Decimal
    /// Remaining quantity.
    public var remaining: Decimal
    /// Average fill price.
    public var avgFillPrice: Double
    /// Fills in arrival order, with commissions once reported.
    public var fills: [Fill]
    /// The last error TWS reported for this order (rejections, 202 cancel notices, …).
    public var lastError: TWSError?

    /// True once the status is final (Filled, Cancelled, ApiCancelled, Inactive).
    public var isDone: Bool { OrderStatusValue.final.contains(status) }

    /// Total commission of the reported fills.
    public var commission: Double { fills.compactMap { $0.commission?.commission }.reduce(0, +) }
}

/// Account summary tags (§13.2).
public enum AccountSummaryTags {
    /// Every standard tag.
    public static let all = "AccountType,NetLiquidation,TotalCashValue,SettledCash,AccruedCash,BuyingPower,"
        + "EquityWithLoanValue,PreviousDayEquityWithLoanValue,GrossPositionValue,RegTEquity,RegTMargin,SMA,"
        + "InitMarginReq,MaintMarginReq,AvailableFunds,ExcessLiquidity,Cushion,FullInitMarginReq,FullMaintMarginReq,"
        + "FullAvailableFunds,FullExcessLiquidity,LookAheadNextChange,LookAheadInitMarginReq,LookAheadMaintMarginReq,"
        + "LookAheadAvailableFunds,LookAheadExcessLiquidity,HighestSeverity,DayTradesRemaining,Leverage"
}

extension Order {
    /// A bracket: a limit entry (transmit 0), a take-profit limit (transmit 0) and a stop-loss (transmit 1),
    /// children linked by `parentId` once ids are assigned by `TWSClient.placeBracket`.
    public static func bracket(_ action: OrderAction, _ quantity: Decimal, entry: Double, takeProfit: Double,
                               stopLoss: Double, tif: String = "")
        -> (parent: Order, takeProfit: Order, stopLoss: Order)
    {
        let exit: OrderAction = action == .buy ? .sell : .buy
        var parent = Order.limit(action, quantity, price: entry, tif: tif)
        parent.transmit = false
        var tp = Order.limit(exit, quantity, price: takeProfit, tif: tif)
        tp.transmit = false
        var sl = Order.stop(exit, quantity, stopPrice: stopLoss)
        sl.tif = tif
        sl.transmit = true
        return (parent, tp, sl)
    }
}
