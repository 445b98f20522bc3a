/// Which sides the backtest may trade.
public enum Direction: String, Sendable, CaseIterable {
    /// Long positions only.
    case longOnly = "long"
    /// Short positions only.
    case shortOnly = "short"
    /// Long and short.
    case longShort = "both"
}

/// When a decision taken at bar t is filled.
public enum FillTiming: String, Sendable, CaseIterable {
    /// At bar t+1's open (default; the decision cannot see bar t+1).
    case nextOpen = "next_open"
    /// At bar t's close (labelled alternative: assumes one can trade at the very price the signal was computed
    /// from).
    case close
}

/// What an entry signal does while a position on the same side is already open.
public enum SameSideEntry: String, Sendable, CaseIterable {
    /// Close the trade and open a new one at the same fill (backtesting.py with `exclusive_orders=True`).
    case reopen
    /// Keep the open trade (vectorbt).
    case ignore
}

/// Exits beyond the opposite signal: holding horizon and price-based stops checked against each bar's high/low.
///
/// Stop rule (conservative): a stop is checked from the bar after the decision that opened the trade — with
/// next-open fills, on the entry bar itself, since its whole range comes after the open. If the bar opens
/// beyond a level, the fill is at the open (a gap); otherwise at the level. When the stop-loss (or trailing stop)
/// and the take-profit are both inside one bar's range, the stop is assumed hit first. The trailing level for a
/// bar uses the best price up to the previous bar (or the entry price); the bar's own high (low for shorts)
/// raises it only afterwards.
public struct ExitRules: Sendable, Equatable {
    /// Stop-loss distance as a fraction of the entry price (0.05 = 5%).
    public var stopLoss: Double?
    /// Take-profit distance as a fraction of the entry price.
    public var takeProfit: Double?
    /// Trailing-stop distance as a fraction of the best price since entry.
    public var trailingStop: Double?
    /// Exit after this many bars held (exit bar − entry bar = N with next-open fills).
    public var maxHoldingBars: Int?

    /// Creates exit rules; all off by default.
    public init(stopLoss: Double? = nil, takeProfit: Double? = nil, trailingStop: Double? = nil, maxHoldingBars: Int? = nil) {
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        self.trailingStop = trailingStop
        self.maxHoldingBars = maxHoldingBars
    }

    /// Whether any price-based stop is set.
    var hasStops: Bool { stopLoss != nil || takeProfit != nil || trailingStop != nil }

    func validate() throws {
        for (name, value) in [("stop_loss", stopLoss), ("take_profit", takeProfit), ("trailing_stop", trailingStop)] {
            if let value, !(value > 0 && value < 1) || (name == "take_profit" && !(value > 0)) {
                throw BacktestError.invalidParameter(
                    name: name, value: "\(value)", reason: "give a fraction of the price, e.g. 0.05 for 5%")
            }
        }
        if let n = maxHoldingBars, n < 1 {
            throw BacktestError.invalidParameter(name: "max_bars", value: "\(n)", reason: "must be ≥ 1 bar")
        }
    }
}

/// Everything about a backtest except the bars and the signals.
public struct BacktestConfig: Sendable {
    /// Starting cash.
    public var cash: Double = 10_000
    /// Cost model; the default is IBKR Fixed with SEC and FINRA fees.
    public var costs: CostModel = .ibkrFixed
    /// Position sizing; all cash by default.
    public var sizing: Sizing = .allCash
    /// Fill timing; next bar's open by default.
    public var fill: FillTiming = .nextOpen
    /// Sides allowed.
    public var direction: Direction = .longOnly
    /// Exits besides the signals.
    public var exits: ExitRules = ExitRules()
    /// Behaviour of an entry while already on that side.
    public var sameSideEntry: SameSideEntry = .reopen
    /// Round sizes down to whole shares.
    public var wholeShares: Bool = true
    /// Largest position value as a multiple of equity at entry (1 = cash only; shorts use it as margin).
    public var maxLeverage: Double = 1
    /// First bar on which decisions are taken (also the first bar of buy-and-hold); nil infers it: the first
    /// non-NaN target or probability, else 0.
    public var warmupBars: Int?
    /// Close an open trade at the last bar's close (backtesting.py `finalize_trades=True`); off by default, so an
    /// open trade is in the equity but not in the trade statistics.
    public var closeAtEnd: Bool = false
    /// Periods per year for annualization; nil infers backtesting.py's rule (252, 365 with weekends, 52/12/1).
    public var periodsPerYear: Double?
    /// Risk-free rate for Sharpe and Sortino (annual, as a fraction); backtesting.py's `run` uses 0.
    public var riskFreeRate: Double = 0
    /// Polled every 65,536 bars; returning true stops the run with `BacktestError.cancelled`.
    public var shouldCancel: (@Sendable () -> Bool)?

    /// Creates the default configuration (cash 10,000, IBKR costs, all cash, next-open fills, long only).
    public init() {}

    /// backtesting.py's assumptions: percent commission on both legs and nothing else, all cash in whole shares,
    /// next-open fills, long only, re-entry closes and re-opens, open trades left open.
    public static func backtestingPy(cash: Double = 10_000, commission: Double) -> BacktestConfig {
        var config = BacktestConfig()
        config.cash = cash
        config.costs = .percent(commission)
        return config
    }

    func validate() throws {
        guard cash > 0, cash.isFinite else { throw BacktestError.invalidCash(cash) }
        try sizing.validate()
        try exits.validate()
        guard maxLeverage > 0, maxLeverage.isFinite else {
            throw BacktestError.invalidParameter(name: "max_leverage", value: "\(maxLeverage)", reason: "must be > 0")
        }
        if let warmupBars, warmupBars < 0 {
            throw BacktestError.invalidParameter(name: "warmup", value: "\(warmupBars)", reason: "must be ≥ 0")
        }
        if let periodsPerYear, !(periodsPerYear > 0) {
            throw BacktestError.invalidParameter(
                name: "periods_per_year", value: "\(periodsPerYear)", reason: "must be > 0")
        }
        if case let .percent(rate) = costs.commission, !(rate > -0.1 && rate < 0.1) {
            throw BacktestError.invalidParameter(
                name: "commission", value: "\(rate)", reason: "give a fraction of traded value, e.g. 0.002 for 0.2%")
        }
        if case let .atrFraction(_, period) = costs.slippage, period < 1 {
            throw BacktestError.invalidParameter(name: "atr_period", value: "\(period)", reason: "must be ≥ 1")
        }
    }
}
