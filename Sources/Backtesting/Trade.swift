/// Why a trade was closed.
public enum ExitReason: String, Sendable, CaseIterable {
    /// An exit signal (or a flat target).
    case signal
    /// An entry signal for the other side, or a same-side re-entry that closes and re-opens.
    case reversal
    /// The holding horizon was reached.
    case holdingPeriod = "holding_period"
    /// The stop-loss level was touched.
    case stopLoss = "stop_loss"
    /// The take-profit level was touched.
    case takeProfit = "take_profit"
    /// The trailing stop was touched.
    case trailingStop = "trailing_stop"
    /// Equity fell to zero or below; everything was closed and the run stopped.
    case outOfMoney = "out_of_money"
    /// Closed at the last bar because `closeAtEnd` was set.
    case endOfData = "end_of_data"
    /// Still open at the end (marked at the last close, not in the trade statistics).
    case open
}

/// One trade, closed or still open. Bars are 0-based indices into the bars.
public struct Trade: Sendable, Equatable {
    /// +1 long, −1 short.
    public var side: Int
    /// Shares (always positive; see `signedSize`).
    public var size: Double
    /// Bar of the entry fill.
    public var entryBar: Int
    /// Bar of the exit fill (the last bar for an open trade).
    public var exitBar: Int
    /// Time of the entry bar.
    public var entryTime: Int64
    /// Time of the exit bar.
    public var exitTime: Int64
    /// Entry fill price per share, half-spread and slippage included.
    public var entryPrice: Double
    /// Exit fill price per share (for an open trade: the last close).
    public var exitPrice: Double
    /// PnL after all costs: `signedSize × (exit − entry) − commissions − fees`.
    public var pnl: Double
    /// Return on the entry value after costs: `side × (exit/entry − 1) − (commissions + fees)/(size × entry)`.
    public var returnPct: Double
    /// PnL, costs and gross at mid prices, for this trade.
    public var costs: CostBreakdown
    /// Exit bar − entry bar.
    public var barsHeld: Int { exitBar - entryBar }
    /// Why the trade ended.
    public var exitReason: ExitReason

    /// Size with the side's sign (negative for shorts).
    public var signedSize: Double { Double(side) * size }
    /// Commissions of both legs.
    public var commission: Double { costs.commissions }
    /// Whether the trade is still open at the end.
    public var isOpen: Bool { exitReason == .open }
}
