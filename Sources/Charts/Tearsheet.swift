/// Plain inputs of a backtest tearsheet.
public struct TearsheetInput: Sendable {
    /// Report title.
    public var title: String
    /// Bar times (epoch seconds, UTC), one per equity value.
    public var times: [Int64]
    /// Strategy equity per bar.
    public var equity: [Double]
    /// Buy-and-hold (or other benchmark) equity per bar, same length; nil to omit.
    public var benchmark: [Double]?
    /// Closed trades' P&L.
    public var tradePnL: [Double]
    /// Closed trades' holding periods in bars (optional).
    public var tradeBars: [Int]?
    /// Costs by kind, e.g. [("commission", 120.5), ("spread", 80), ("slippage", 42)].
    public var costs: [(name: String, amount: Double)]
    /// Extra name/value rows for the summary table (e.g. deflated Sharpe, parameters).
    public var extraMetrics: [(String, String)]
    /// Markdown notes shown under the title.
    public var notes: String?

    /// Gathers the inputs; only `times` and `equity` are required.
    public init(
        title: String = "Backtest tearsheet", times: [Int64], equity: [Double], benchmark: [Double]? = nil,
        tradePnL: [Double] = [], tradeBars: [Int]? = nil, costs: [(name: String, amount: Double)] = [],
        extraMetrics: [(String, String)] = [], notes: String? = nil
    ) {
        self.title = title
        self.times = times
        self.equity = equity
        self.benchmark = benchmark
        self.tradePnL = tradePnL
        self.tradeBars = tradeBars
        self.costs = costs
        self.extraMetrics = extraMetrics
        self.notes = notes
    }
}

extension HTMLReport {
    /// A backtest tearsheet: summary metrics (strategy vs benchmark), equity vs buy-and-hold with drawdown,
    /// monthly returns table, trade statistics and cost breakdown.
    ///
    /// - Throws: `ChartError.invalidInput` when `times` and `equity` (or the benchmark) differ in length.
    public static func tearsheet(_ input: TearsheetInput) throws(ChartError) -> HTMLReport {
        guard input.times.count == input.equity.count else {
            throw .invalidInput("times has \(input.times.count) values but equity has \(input.equity.count); "
                                + "pass one time per equity value")
        }
        if let b = input.benchmark, b.count != input.equity.count {
            throw .invalidInput("benchmark has \(b.count) values but equity has \(input.equity.count); "
                                + "pass the buy-and-hold equity at the same bars")
        }
        var report = HTMLReport(title: input.title, introduction: input.notes)
        let strategy = PerformanceSummary(equity: input.equity, times: input.times)
        report.addSection("Summary")
        if let first = input.times.first, let last = input.times.last {
            report.addMarkdown("Period **\(formatDate(first))** to **\(formatDate(last))**, \(input.equity.count) bars.")
        }
        if let b = input.benchmark {
            let bench = PerformanceSummary(equity: b, times: input.times)
            let rows = zip(strategy.rows, bench.rows).map { [ReportTable.Cell($0.0), ReportTable.Cell($0.1), ReportTable.Cell($1.1)] }
            report.addTable(ReportTable(caption: "Performance", header: ["Metric", "Strategy", "Buy & hold"], rows: rows))
        } else {
            report.addTable(ReportTable(caption: "Performance", keyValues: strategy.rows))
        }
        if !input.extraMetrics.isEmpty {
            report.addTable(ReportTable(caption: "Details", keyValues: input.extraMetrics))
        }

        report.addSection("Equity and drawdown", id: "equity")
        report.addChart(Chart.equity(input.equity, times: input.times, benchmark: input.benchmark,
                                     options: ChartOptions(title: "Equity vs buy & hold", height: 480)))

        report.addSection("Monthly returns", id: "monthly-returns")
        let monthly = MonthlyReturns(times: input.times, equity: input.equity)
        if monthly.years.isEmpty {
            report.addMarkdown("No monthly returns: the equity curve has no positive values.")
        } else {
            report.addTable(monthly.table())
        }

        report.addSection("Trade statistics", id: "trades")
        if input.tradePnL.isEmpty {
            report.addMarkdown("No closed trades.")
        } else {
            let stats = TradeStatistics(pnl: input.tradePnL, barsHeld: input.tradeBars)
            report.addTable(ReportTable(caption: "Trades", keyValues: stats.rows))
            report.addChart(Chart.histogram(input.tradePnL, bins: min(40, max(5, input.tradePnL.count / 3)),
                                            options: ChartOptions(title: "Trade P&L", height: 300, xLabel: "P&L",
                                                                  xFormat: .price)))
        }

        report.addSection("Costs", id: "costs")
        report.addTable(costTable(input.costs, equity: input.equity))
        return report
    }

    /// Cost breakdown table: amount, share of all costs, and share of starting equity.
    static func costTable(_ costs: [(name: String, amount: Double)], equity: [Double]) -> ReportTable {
        let total = costs.map(\.amount).filter(\.isFinite).reduce(0, +)
        let start = equity.first(where: { $0.isFinite && $0 > 0 })
        func row(_ name: String, _ amount: Double) -> [ReportTable.Cell] {
            [ReportTable.Cell(name), ReportTable.Cell(formatValue(amount, .price)),
             ReportTable.Cell(total != 0 ? formatValue(amount / total, .percent, step: 0.001) : "–"),
             ReportTable.Cell(start.map { formatValue(amount / $0, .percent, step: 0.0001) } ?? "–")]
        }
        return ReportTable(caption: "Cost breakdown", header: ["Cost", "Amount", "Share of costs", "Of starting equity"],
                           rows: costs.map { row($0.name, $0.amount) } + [row("Total", total)])
    }
}
