import Foundation

/// Headline statistics of an equity curve.
public struct PerformanceSummary: Sendable {
    /// Final over first equity, minus one.
    public var totalReturn: Double
    /// Compound annual growth rate (NaN without times or under a day of data).
    public var cagr: Double
    /// Annualised standard deviation of per-bar returns.
    public var volatility: Double
    /// Annualised Sharpe ratio of per-bar returns (risk-free rate 0).
    public var sharpe: Double
    /// Annualised Sortino ratio (downside deviation).
    public var sortino: Double
    /// Worst drawdown (negative fraction).
    public var maxDrawdown: Double
    /// CAGR over |max drawdown|.
    public var calmar: Double
    /// Longest time under water, in bars.
    public var longestDrawdownBars: Int
    /// Bars per year used for annualising.
    public var periodsPerYear: Double

    /// Computes the statistics; `periodsPerYear` nil infers it from the times (or uses 252 without times).
    public init(equity: [Double], times: [Int64]? = nil, periodsPerYear: Double? = nil) {
        let pairs = equity.indices.filter { equity[$0].isFinite && equity[$0] > 0 }
        let values = pairs.map { equity[$0] }
        var ppy = periodsPerYear ?? 252
        var years = Double.nan
        if let times, let a = pairs.first, let b = pairs.last, b < times.count, times[b] > times[a] {
            years = Double(times[b] - times[a]) / (365.25 * 86_400)
            if periodsPerYear == nil && years > 1.0 / 365 { ppy = Double(pairs.count - 1) / years }
        }
        self.periodsPerYear = ppy
        guard let first = values.first, let last = values.last, values.count > 1 else {
            totalReturn = .nan; cagr = .nan; volatility = .nan; sharpe = .nan; sortino = .nan
            maxDrawdown = .nan; calmar = .nan; longestDrawdownBars = 0
            return
        }
        totalReturn = last / first - 1
        if !years.isFinite { years = Double(values.count - 1) / ppy }
        cagr = years > 1.0 / 365 ? pow(last / first, 1 / years) - 1 : .nan
        let r = zip(values, values.dropFirst()).map { $1 / $0 - 1 }
        let mean = r.reduce(0, +) / Double(r.count)
        let variance = r.count > 1 ? r.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(r.count - 1) : .nan
        let sd = variance.squareRoot()
        let downside = (r.reduce(0) { $0 + min(0, $1) * min(0, $1) } / Double(r.count)).squareRoot()
        volatility = sd * ppy.squareRoot()
        sharpe = sd > 0 ? mean / sd * ppy.squareRoot() : .nan
        sortino = downside > 0 ? mean / downside * ppy.squareRoot() : .nan
        let dd = drawdown(values)
        maxDrawdown = dd.min() ?? 0
        calmar = maxDrawdown < 0 ? cagr / abs(maxDrawdown) : .nan
        var longest = 0, run = 0
        for d in dd {
            run = d < 0 ? run + 1 : 0
            longest = max(longest, run)
        }
        longestDrawdownBars = longest
    }

    /// Name/value rows for a report table.
    public var rows: [(String, String)] {
        [("Total return", formatValue(totalReturn, .percent, step: 0.001)),
         ("CAGR", formatValue(cagr, .percent, step: 0.001)),
         ("Volatility (ann.)", formatValue(volatility, .percent, step: 0.001)),
         ("Sharpe (ann.)", formatPlain(sharpe, decimals: 2)),
         ("Sortino (ann.)", formatPlain(sortino, decimals: 2)),
         ("Max drawdown", formatValue(maxDrawdown, .percent, step: 0.001)),
         ("Calmar", formatPlain(calmar, decimals: 2)),
         ("Longest drawdown (bars)", String(longestDrawdownBars))]
    }
}

/// Statistics of closed trades from their profits and losses.
public struct TradeStatistics: Sendable {
    /// Number of trades.
    public var count: Int
    /// Fraction of trades with a positive P&L.
    public var winRate: Double
    /// Mean P&L of winners.
    public var averageWin: Double
    /// Mean P&L of losers (negative).
    public var averageLoss: Double
    /// Gross profit over gross loss.
    public var profitFactor: Double
    /// Mean P&L per trade.
    public var expectancy: Double
    /// Best trade.
    public var best: Double
    /// Worst trade.
    public var worst: Double
    /// Longest run of losing trades.
    public var maxConsecutiveLosses: Int
    /// Mean holding time in bars, when given.
    public var averageBarsHeld: Double?

    /// Computes the statistics from per-trade P&L (NaN ignored) and optional holding periods in bars.
    public init(pnl: [Double], barsHeld: [Int]? = nil) {
        let p = pnl.filter(\.isFinite)
        count = p.count
        let wins = p.filter { $0 > 0 }, losses = p.filter { $0 < 0 }
        winRate = p.isEmpty ? .nan : Double(wins.count) / Double(p.count)
        averageWin = wins.isEmpty ? .nan : wins.reduce(0, +) / Double(wins.count)
        averageLoss = losses.isEmpty ? .nan : losses.reduce(0, +) / Double(losses.count)
        let grossLoss = -losses.reduce(0, +)
        profitFactor = grossLoss > 0 ? wins.reduce(0, +) / grossLoss : (wins.isEmpty ? .nan : .infinity)
        expectancy = p.isEmpty ? .nan : p.reduce(0, +) / Double(p.count)
        best = p.max() ?? .nan
        worst = p.min() ?? .nan
        var run = 0, longest = 0
        for v in p {
            run = v < 0 ? run + 1 : 0
            longest = max(longest, run)
        }
        maxConsecutiveLosses = longest
        if let barsHeld, !barsHeld.isEmpty {
            averageBarsHeld = Double(barsHeld.reduce(0, +)) / Double(barsHeld.count)
        } else {
            averageBarsHeld = nil
        }
    }

    /// Name/value rows for a report table.
    public var rows: [(String, String)] {
        var r = [("Trades", String(count)),
                 ("Win rate", formatValue(winRate, .percent, step: 0.001)),
                 ("Average win", formatValue(averageWin, .price)),
                 ("Average loss", formatValue(averageLoss, .price)),
                 ("Profit factor", formatPlain(profitFactor, decimals: 2)),
                 ("Expectancy per trade", formatValue(expectancy, .price)),
                 ("Best trade", formatValue(best, .price)),
                 ("Worst trade", formatValue(worst, .price)),
                 ("Max consecutive losses", String(maxConsecutiveLosses))]
        if let averageBarsHeld { r.append(("Average bars held", formatPlain(averageBarsHeld, decimals: 1))) }
        return r
    }
}
