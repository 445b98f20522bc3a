import Foundation

/// Performance statistics, reproducing backtesting.py 0.6.6's `compute_stats` (see
/// `../shared/spec/backtest-metrics.md`) plus a few named extras.
///
/// Durations are in days. `NaN` marks a value that is undefined (for example, no closed trades).
public struct BacktestMetrics: Sendable, Equatable {
    // MARK: backtesting.py 0.6.6 definitions
    /// First bar time (epoch seconds).
    public var startTime: Int64 = 0
    /// Last bar time (epoch seconds).
    public var endTime: Int64 = 0
    /// Share of bars inside a closed trade, both ends inclusive, × 100 (the open trade is not counted).
    public var exposurePct = Double.nan
    /// Equity at the last bar.
    public var equityFinal = Double.nan
    /// Highest equity.
    public var equityPeak = Double.nan
    /// Commissions of closed trades (backtesting.py's `Commissions [$]`).
    public var commissions = 0.0
    /// (E[-1] − E[0]) / E[0] × 100.
    public var returnPct = Double.nan
    /// close[-1] / close[warm-up] − 1, × 100.
    public var buyHoldReturnPct = Double.nan
    /// (1 + geometric mean daily return)^A − 1, × 100.
    public var returnAnnualPct = Double.nan
    /// backtesting.py's compounded annual volatility × 100.
    public var volatilityAnnualPct = Double.nan
    /// Compound annual growth over the calendar span (365.25-day years) × 100.
    public var cagrPct = Double.nan
    /// Return (Ann.) % / Volatility (Ann.) % (backtesting.py's definition, risk-free 0 by default).
    public var sharpe = Double.nan
    /// Annualized return / (root mean square of negative daily returns × √A).
    public var sortino = Double.nan
    /// Annualized return / |max drawdown|.
    public var calmar = Double.nan
    /// Return % − β × buy-and-hold % (Jensen's alpha as backtesting.py computes it).
    public var alphaPct = Double.nan
    /// Covariance of equity and price log returns / variance of price log returns.
    public var beta = Double.nan
    /// −max drawdown × 100 (negative).
    public var maxDrawdownPct = Double.nan
    /// −mean of each drawdown's depth × 100.
    public var avgDrawdownPct = Double.nan
    /// Longest time from a peak to its recovery (or to the end), in days, ceiled to the data's resolution.
    public var maxDrawdownDurationDays = Double.nan
    /// Mean drawdown duration in days, ceiled to the data's resolution.
    public var avgDrawdownDurationDays = Double.nan
    /// Number of closed trades.
    public var trades = 0
    /// Share of closed trades with PnL > 0, × 100.
    public var winRatePct = Double.nan
    /// Best trade return × 100.
    public var bestTradePct = Double.nan
    /// Worst trade return × 100.
    public var worstTradePct = Double.nan
    /// Geometric mean of trade returns × 100.
    public var avgTradePct = Double.nan
    /// Longest trade in days (ceiled to the data's resolution).
    public var maxTradeDurationDays = Double.nan
    /// Mean trade duration in days (ceiled to the data's resolution).
    public var avgTradeDurationDays = Double.nan
    /// Σ positive trade returns / |Σ negative trade returns| (on returns, not dollars).
    public var profitFactor = Double.nan
    /// Arithmetic mean of trade returns × 100.
    public var expectancyPct = Double.nan
    /// √N × mean(PnL) / std(PnL, ddof 1).
    public var sqn = Double.nan
    /// Win rate − (1 − win rate) / (mean win / mean loss), on dollar PnL.
    public var kellyCriterion = Double.nan

    // MARK: Lunar extras (other definitions, under other names)
    /// Arithmetic mean / standard deviation (ddof 1) of bar returns × √(bars per year) — vectorbt's style.
    public var sharpeBar = Double.nan
    /// Mean of bar returns / root mean square of negative bar returns × √(bars per year) — vectorbt's style.
    public var sortinoBar = Double.nan
    /// Σ winning PnL / |Σ losing PnL| in dollars (vectorbt's profit factor).
    public var profitFactorDollar = Double.nan
    /// Longest drawdown in bars.
    public var maxDrawdownDurationBars = 0
    /// Traded value (both legs, all fills) / mean equity.
    public var turnover = Double.nan
    /// Periods per year (A) used for annualization.
    public var periodsPerYear = Double.nan
    /// Trades still open at the end.
    public var openTrades = 0
    /// Bars skipped because a price was NaN.
    public var skippedBars = 0
    /// Entries cancelled for a zero size.
    public var cancelledOrders = 0
    /// PnL at mid prices before costs, closed and open trades.
    public var grossPnL = 0.0
    /// All commissions, including the open trade's entry.
    public var commissionsTotal = 0.0
    /// Regulatory fees.
    public var fees = 0.0
    /// Half-spreads paid.
    public var spreadCost = 0.0
    /// Slippage paid.
    public var slippageCost = 0.0
    /// PnL after all costs (= final equity − starting cash).
    public var netPnL = 0.0

    /// Creates an empty set (all NaN or zero).
    public init() {}

    /// Every metric as (key, value) in display order; keys are those of `result:metrics()` in Lua.
    public var entries: [(key: String, value: Double)] {
        [
            ("return_pct", returnPct), ("equity_final", equityFinal), ("equity_peak", equityPeak),
            ("trades", Double(trades)), ("win_rate_pct", winRatePct), ("max_drawdown_pct", maxDrawdownPct),
            ("sharpe", sharpe), ("sortino", sortino), ("calmar", calmar), ("exposure_pct", exposurePct),
            ("profit_factor", profitFactor), ("avg_trade_pct", avgTradePct), ("expectancy_pct", expectancyPct),
            ("sqn", sqn), ("commissions", commissions), ("buy_hold_return_pct", buyHoldReturnPct),
            ("cagr_pct", cagrPct), ("return_ann_pct", returnAnnualPct), ("volatility_ann_pct", volatilityAnnualPct),
            ("alpha_pct", alphaPct), ("beta", beta), ("avg_drawdown_pct", avgDrawdownPct),
            ("max_drawdown_duration_days", maxDrawdownDurationDays),
            ("avg_drawdown_duration_days", avgDrawdownDurationDays), ("best_trade_pct", bestTradePct),
            ("worst_trade_pct", worstTradePct), ("max_trade_duration_days", maxTradeDurationDays),
            ("avg_trade_duration_days", avgTradeDurationDays), ("kelly_criterion", kellyCriterion),
            ("start_time", Double(startTime)), ("end_time", Double(endTime)),
            ("sharpe_bar", sharpeBar), ("sortino_bar", sortinoBar), ("profit_factor_dollar", profitFactorDollar),
            ("max_drawdown_duration_bars", Double(maxDrawdownDurationBars)), ("turnover", turnover),
            ("periods_per_year", periodsPerYear), ("open_trades", Double(openTrades)),
            ("skipped_bars", Double(skippedBars)), ("cancelled_orders", Double(cancelledOrders)),
            ("gross_pnl", grossPnL), ("commissions_total", commissionsTotal), ("fees", fees),
            ("spread_cost", spreadCost), ("slippage_cost", slippageCost), ("net_pnl", netPnL),
        ]
    }

    /// The value for a key of `entries`, or nil for an unknown key.
    public func value(forKey key: String) -> Double? {
        entries.first { $0.key == key }?.value
    }

    /// All keys of `entries`.
    public static var keys: [String] { BacktestMetrics().entries.map(\.key) }
}

/// The statistics computations (backtesting.py's `_stats.py`), usable on any equity curve.
public enum Statistics {
    /// Inputs of `compute` that are not the equity curve.
    struct TradeRecord {
        var entryBar: Int, exitBar: Int, entryTime: Int64, exitTime: Int64
        var pnl: Double, returnPct: Double, commission: Double
    }

    /// Median spacing of the last 100 bars, in seconds (backtesting.py's `_data_period`).
    public static func dataPeriodSeconds(times: [Int64]) -> Double {
        let tail = times.suffix(100)
        guard tail.count >= 2 else { return 86_400 }
        var diffs: [Int64] = []
        var previous = tail.first!
        for t in tail.dropFirst() {
            diffs.append(t - previous)
            previous = t
        }
        diffs.sort()
        let m = diffs.count
        return m % 2 == 1 ? Double(diffs[m / 2]) : (Double(diffs[m / 2 - 1]) + Double(diffs[m / 2])) / 2
    }

    /// Periods per year: 52 / 12 / 1 for weekly / monthly / yearly bars, else 365 if more than 17.1% of bars fall
    /// on a weekend, else 252 (backtesting.py's rule).
    public static func periodsPerYear(times: [Int64]) -> Double {
        switch Int((dataPeriodSeconds(times: times) / 86_400).rounded(.down)) {
        case 7: return 52
        case 31: return 12
        case 365: return 1
        default:
            guard !times.isEmpty else { return 252 }
            var weekend = 0
            for t in times where CalendarMath.dayOfWeek(t) >= 5 { weekend += 1 }
            return Double(weekend) / Double(times.count) > 2.0 / 7.0 * 0.6 ? 365 : 252
        }
    }

    /// Returns of equity resampled to calendar days (weeks, months, years for such bars): the last value per
    /// period with bars, then percent changes (backtesting.py's `day_returns`).
    public static func periodReturns(equity: [Double], times: [Int64]) -> [Double] {
        periodReturns(equity: equity, keys: periodKeys(times: times))
    }

    /// The resampling bucket of each bar (calendar day, or week ending Sunday, month, year).
    static func periodKeys(times: [Int64]) -> [Int64] {
        let freqDays = Int((dataPeriodSeconds(times: times) / 86_400).rounded(.down))
        return times.map { t in
            let day = CalendarMath.dayNumber(t)
            switch freqDays {
            case 7: return (day + 3 >= 0 ? (day + 3) / 7 : (day + 3 - 6) / 7)
            case 31: return CalendarMath.monthKey(t)
            case 365: return CalendarMath.civil(fromDay: day).year
            default: return day
            }
        }
    }

    static func periodReturns(equity: [Double], keys: [Int64]) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(equity.count)
        var previous = Double.nan, current = Double.nan
        var currentKey = Int64.min
        for i in 0..<equity.count {
            if keys[i] != currentKey {
                if currentKey != .min, !previous.isNaN { out.append(current / previous - 1) }
                if currentKey != .min { previous = current }
                currentKey = keys[i]
            }
            current = equity[i]
        }
        if currentKey != .min, !previous.isNaN { out.append(current / previous - 1) }
        return out
    }

    /// exp(mean(log(1 + r))) − 1, 0 if any 1 + r ≤ 0, NaN if empty (NaN returns count as 0).
    public static func geometricMean(_ returns: [Double]) -> Double {
        guard !returns.isEmpty else { return .nan }
        var logs = [Double](repeating: 0, count: returns.count)
        for (i, r) in returns.enumerated() {
            let x = (r.isNaN ? 0 : r) + 1
            if x <= 0 { return 0 }
            logs[i] = x == 1 ? 0 : log(x)
        }
        return exp(NumericSum.pairwise(logs) / Double(returns.count)) - 1
    }

    /// Drawdown per bar: 1 − equity / running peak (positive numbers).
    public static func drawdown(equity: [Double]) -> [Double] {
        var peak = -Double.infinity
        return equity.map { e in
            peak = max(peak, e)
            return 1 - e / peak
        }
    }

    /// The seconds of pandas' `Timedelta.resolution_string` unit for a period (day, hour, minute, second).
    static func resolutionSeconds(period: Double) -> Double {
        if period != period.rounded() { return 1e-9 }
        let s = Int64(period)
        if s % 60 != 0 { return 1 }
        if s % 3600 != 0 { return 60 }
        if s % 86_400 != 0 { return 3600 }
        return 86_400
    }

    /// Ceiling of (sum / count) seconds to a multiple of `unit`, exactly (integer arithmetic where possible).
    static func ceilMean(sum: Int64, count: Int, unit: Double) -> Double {
        guard count > 0 else { return .nan }
        if unit >= 1 {
            let u = Int64(unit) * Int64(count)
            let q = sum >= 0 ? (sum + u - 1) / u : sum / u
            return Double(q) * unit
        }
        return Double(sum) / Double(count)
    }

    /// Computes every metric for a simulation over `bars`.
    static func compute(
        simulation: Simulation, bars: BacktestBars, riskFreeRate: Double, periodsPerYearOverride: Double?
    ) -> BacktestMetrics {
        compute(simulation: simulation, bars: bars, context: StatisticsContext(bars: bars), riskFreeRate: riskFreeRate,
                periodsPerYearOverride: periodsPerYearOverride).metrics
    }

    /// Computes every metric; also returns the period (daily) returns for callers that need them (sweeps).
    static func compute(
        simulation: Simulation, bars: BacktestBars, context: StatisticsContext, riskFreeRate: Double,
        periodsPerYearOverride: Double?
    ) -> (metrics: BacktestMetrics, periodReturns: [Double]) {
        let equity = simulation.equity
        let times = bars.time
        let n = equity.count
        var m = BacktestMetrics()
        let trades = simulation.trades
        m.startTime = times[0]
        m.endTime = times[n - 1]

        // Exposure: bars inside closed trades, both ends inclusive (trades come in time order and at most touch).
        var exposed = 0, covered = -1
        for t in trades.sorted(by: { $0.entryBar < $1.entryBar }) {
            let from = max(t.entryBar, covered + 1)
            if t.exitBar >= from {
                exposed += t.exitBar - from + 1
                covered = t.exitBar
            }
        }
        m.exposurePct = Double(exposed) / Double(n) * 100
        m.equityFinal = equity[n - 1]
        m.equityPeak = equity.max() ?? .nan
        m.commissions = trades.reduce(0) { $0 + $1.costs.commissions }
        m.returnPct = (equity[n - 1] - equity[0]) / equity[0] * 100
        let first = min(simulation.firstDecisionBar, n - 1)
        var closeFirst = bars.close[first]
        var k = first
        while closeFirst.isNaN, k + 1 < n {
            k += 1
            closeFirst = bars.close[k]
        }
        var lastClose = bars.close[n - 1]
        k = n - 1
        while lastClose.isNaN, k > 0 {
            k -= 1
            lastClose = bars.close[k]
        }
        m.buyHoldReturnPct = (lastClose - closeFirst) / closeFirst * 100

        // Annualized figures on period (daily) returns.
        let a = periodsPerYearOverride ?? simulation.periodsPerYear
        m.periodsPerYear = a
        let dayReturns = periodReturns(equity: equity, keys: context.periodKeys)
        let g = dayReturns.isEmpty ? 0 : geometricMean(dayReturns)
        let annualized = pow(1 + g, a) - 1
        m.returnAnnualPct = annualized * 100
        let variance = NumericSum.variance(dayReturns, ddof: 1)
        m.volatilityAnnualPct = (pow(variance + (1 + g) * (1 + g), a) - pow(1 + g, 2 * a)).squareRoot() * 100
        let spanSeconds = times[n - 1] - times[0]
        let days = spanSeconds >= 0 ? spanSeconds / 86_400 : (spanSeconds - 86_399) / 86_400
        let years = (Double(days) + Double(spanSeconds - days * 86_400) / 86_400) / 365.25
        m.cagrPct = years != 0 ? (pow(m.equityFinal / equity[0], 1 / years) - 1) * 100 : .nan
        m.sharpe = m.volatilityAnnualPct == 0 ? .nan : (m.returnAnnualPct - riskFreeRate * 100) / m.volatilityAnnualPct
        let downside = dayReturns.map { r in r < 0 ? r * r : 0 }
        let downsideRMS = NumericSum.mean(downside).squareRoot()
        m.sortino = (annualized - riskFreeRate) / (downsideRMS * a.squareRoot())

        // Drawdowns, in one pass: drawdown periods run between bars at a peak (dd = 0) and to the last bar.
        let resolution = context.resolution
        var durationSum: Int64 = 0, durationMax: Int64 = 0, periods = 0, peakSum = 0.0, maxBars = 0
        var runningPeak = -Double.infinity, maxDD = 0.0
        var previousZero = -1, periodPeak = 0.0
        for i in 0..<n {
            runningPeak = max(runningPeak, equity[i])
            let d = 1 - equity[i] / runningPeak
            if d > maxDD { maxDD = d }
            if d > periodPeak { periodPeak = d }
            if d == 0 || i == n - 1 {
                if previousZero >= 0, i > previousZero + 1 {
                    let duration = times[i] - times[previousZero]
                    durationSum += duration
                    durationMax = max(durationMax, duration)
                    maxBars = max(maxBars, i - previousZero)
                    peakSum += periodPeak
                    periods += 1
                }
                previousZero = i
                periodPeak = d
            }
        }
        m.maxDrawdownPct = -maxDD * 100
        m.calmar = maxDD == 0 ? .nan : annualized / maxDD
        if periods > 0 {
            m.maxDrawdownDurationDays = ceilMean(sum: durationMax, count: 1, unit: resolution) / 86_400
            m.avgDrawdownDurationDays = ceilMean(sum: durationSum, count: periods, unit: resolution) / 86_400
            m.avgDrawdownPct = -(peakSum / Double(periods)) * 100
        }
        m.maxDrawdownDurationBars = maxBars

        // Alpha and beta on log returns.
        if n > 2 {
            let mk = context.marketLogReturns
            var eq = [Double](repeating: 0, count: n - 1)
            for i in 1..<n {
                let ratio = equity[i] / equity[i - 1]
                eq[i - 1] = ratio == 1 ? 0 : log(ratio)
            }
            let meanE = NumericSum.mean(eq), meanM = context.marketLogMean
            var cov = 0.0
            for i in 0..<eq.count { cov += (eq[i] - meanE) * (mk[i] - meanM) }
            m.beta = cov / context.marketSumOfSquares
            m.alphaPct = m.returnPct - riskFreeRate * 100 - m.beta * (m.buyHoldReturnPct - riskFreeRate * 100)
        }

        // Trades.
        m.trades = trades.count
        if !trades.isEmpty {
            let pnl = trades.map(\.pnl), returns = trades.map(\.returnPct)
            let wins = pnl.filter { $0 > 0 }, losses = pnl.filter { $0 < 0 }
            let winRate = Double(wins.count) / Double(trades.count)
            m.winRatePct = winRate * 100
            m.bestTradePct = (returns.max() ?? .nan) * 100
            m.worstTradePct = (returns.min() ?? .nan) * 100
            m.avgTradePct = geometricMean(returns) * 100
            var durationSum: Int64 = 0, durationMax: Int64 = .min
            for t in trades {
                let d = t.exitTime - t.entryTime
                durationSum += d
                durationMax = max(durationMax, d)
            }
            m.maxTradeDurationDays = ceilMean(sum: durationMax, count: 1, unit: resolution) / 86_400
            m.avgTradeDurationDays = ceilMean(sum: durationSum, count: trades.count, unit: resolution) / 86_400
            let positive = NumericSum.pairwise(returns.filter { $0 > 0 })
            let negative = abs(NumericSum.pairwise(returns.filter { $0 < 0 }))
            m.profitFactor = negative == 0 ? .nan : positive / negative
            m.expectancyPct = NumericSum.mean(returns) * 100
            let sd = NumericSum.variance(pnl, ddof: 1).squareRoot()
            m.sqn = (sd == 0 || sd.isNaN) ? .nan : Double(trades.count).squareRoot() * NumericSum.mean(pnl) / sd
            m.kellyCriterion = winRate - (1 - winRate) / (NumericSum.mean(wins) / -NumericSum.mean(losses))
            let winSum = NumericSum.pairwise(wins), lossSum = abs(NumericSum.pairwise(losses))
            m.profitFactorDollar = lossSum == 0 ? .nan : winSum / lossSum
        }

        // Extras: bar returns without an intermediate array (two passes over the equity).
        var barCount = 0.0, barSum = 0.0
        for i in stride(from: 1, to: n, by: 1) where equity[i - 1] != 0 {
            barSum += equity[i] / equity[i - 1] - 1
            barCount += 1
        }
        let meanBar = barCount > 0 ? barSum / barCount : .nan
        var squares = 0.0, downSquares = 0.0
        for i in stride(from: 1, to: n, by: 1) where equity[i - 1] != 0 {
            let r = equity[i] / equity[i - 1] - 1
            squares += (r - meanBar) * (r - meanBar)
            if r < 0 { downSquares += r * r }
        }
        let barsPerPeriod = dayReturns.isEmpty ? 1 : Double(n) / Double(dayReturns.count + 1)
        let barsPerYear = a * barsPerPeriod
        let sdBar = barCount > 1 ? (squares / (barCount - 1)).squareRoot() : .nan
        m.sharpeBar = sdBar == 0 ? .nan : meanBar / sdBar * barsPerYear.squareRoot()
        let downBar = (downSquares / barCount).squareRoot()
        m.sortinoBar = downBar == 0 ? .nan : meanBar / downBar * barsPerYear.squareRoot()
        m.turnover = simulation.tradedValue / NumericSum.mean(equity)
        m.openTrades = simulation.openTrades.count
        m.skippedBars = simulation.skippedBars
        m.cancelledOrders = simulation.cancelledOrders
        let costs = simulation.costs
        m.grossPnL = costs.gross
        m.commissionsTotal = costs.commissions
        m.fees = costs.fees
        m.spreadCost = costs.spread
        m.slippageCost = costs.slippage
        m.netPnL = m.equityFinal - simulation.initialCash
        return (m, dayReturns)
    }
}

/// What the statistics need from the bars alone, computed once per bars and shared by every run over them.
struct StatisticsContext: Sendable {
    /// Resampling bucket per bar.
    let periodKeys: [Int64]
    /// Resolution for ceiling durations, in seconds.
    let resolution: Double
    /// Periods per year inferred from the times.
    let periodsPerYear: Double
    /// log(close[i] / close[i − 1]) for i ≥ 1.
    let marketLogReturns: [Double]
    /// Mean of `marketLogReturns`.
    let marketLogMean: Double
    /// Σ (r − mean)² of `marketLogReturns`.
    let marketSumOfSquares: Double

    init(bars: BacktestBars) {
        periodKeys = Statistics.periodKeys(times: bars.time)
        resolution = Statistics.resolutionSeconds(period: Statistics.dataPeriodSeconds(times: bars.time))
        periodsPerYear = Statistics.periodsPerYear(times: bars.time)
        let n = bars.count
        var mk = [Double](repeating: 0, count: max(n - 1, 0))
        for i in stride(from: 1, to: n, by: 1) { mk[i - 1] = log(bars.close[i] / bars.close[i - 1]) }
        marketLogReturns = mk
        marketLogMean = NumericSum.mean(mk)
        var sq = 0.0
        for r in mk { sq += (r - marketLogMean) * (r - marketLogMean) }
        marketSumOfSquares = sq
    }
}
