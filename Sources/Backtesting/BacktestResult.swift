/// A finished backtest: the simulation, its metrics and the curves derived from it.
public struct BacktestResult: Sendable {
    /// Equity, trades and costs as simulated.
    public let simulation: Simulation
    /// Every metric (backtesting.py-compatible keys and Lunar extras).
    public let metrics: BacktestMetrics
    /// Bar times, for the curves.
    public let time: [Int64]
    /// How fills were timed (the label a printout shows: "next_open" or "close").
    public let fill: FillTiming

    /// Computes the metrics of `simulation` over `bars`. Complexity: O(n).
    public init(bars: BacktestBars, simulation: Simulation, config: BacktestConfig) {
        self.init(bars: bars, simulation: simulation, config: config, context: StatisticsContext(bars: bars))
    }

    init(bars: BacktestBars, simulation: Simulation, config: BacktestConfig, context: StatisticsContext) {
        self.simulation = simulation
        self.metrics = Statistics.compute(
            simulation: simulation, bars: bars, context: context, riskFreeRate: config.riskFreeRate,
            periodsPerYearOverride: config.periodsPerYear
        ).metrics
        self.time = bars.time
        self.fill = config.fill
    }

    /// Equity at each bar's close.
    public var equity: [Double] { simulation.equity }
    /// Drawdown per bar as a negative fraction (0 at a peak, −0.25 when 25% below it).
    public var drawdown: [Double] { Statistics.drawdown(equity: simulation.equity).map { -$0 } }
    /// Closed trades.
    public var trades: [Trade] { simulation.trades }
    /// Trades still open at the end.
    public var openTrades: [Trade] { simulation.openTrades }
    /// PnL breakdown: gross, commissions, fees, spread, slippage, net.
    public var costs: CostBreakdown { simulation.costs }
}

extension BacktestResult: CustomStringConvertible {
    /// A readable summary (used by the Lua `__tostring`).
    public var description: String {
        func f(_ x: Double, _ digits: Int = 2) -> String {
            x.isNaN ? "—" : String(format: "%.\(digits)f", x)
        }
        let m = metrics
        let c = costs
        var lines = [
            "Backtest (fills at \(fill == .nextOpen ? "next bar's open" : "bar's close [labelled: close fill]"))",
            "  return        \(f(m.returnPct))%   (buy & hold \(f(m.buyHoldReturnPct))%)",
            "  equity final  \(f(m.equityFinal))   CAGR \(f(m.cagrPct))%   volatility \(f(m.volatilityAnnualPct))%",
            "  sharpe \(f(m.sharpe, 3))   sortino \(f(m.sortino, 3))   calmar \(f(m.calmar, 3))"
                + "   max drawdown \(f(m.maxDrawdownPct))% (\(f(m.maxDrawdownDurationDays, 0)) days)",
            "  trades \(m.trades) (+\(m.openTrades) open)   win rate \(f(m.winRatePct))%   profit factor "
                + "\(f(m.profitFactor, 3))   avg trade \(f(m.avgTradePct))%   SQN \(f(m.sqn, 3))",
            "  exposure \(f(m.exposurePct))%   turnover \(f(m.turnover))x",
            "  PnL: gross \(f(c.gross)) − commissions \(f(c.commissions)) − fees \(f(c.fees)) − spread "
                + "\(f(c.spread)) − slippage \(f(c.slippage)) = net \(f(c.net))",
        ]
        if m.skippedBars > 0 { lines.append("  skipped \(m.skippedBars) bars with NaN prices") }
        if m.cancelledOrders > 0 { lines.append("  \(m.cancelledOrders) entries cancelled (size 0)") }
        return lines.joined(separator: "\n")
    }
}
