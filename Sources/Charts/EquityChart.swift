/// Drawdown of an equity curve: `equity / running peak − 1` (0 at new highs, negative below). O(n).
public func drawdown(_ equity: [Double]) -> [Double] {
    var peak = -Double.infinity
    return equity.map { v in
        guard v.isFinite else { return .nan }
        peak = max(peak, v)
        return peak > 0 ? v / peak - 1 : 0
    }
}

/// An equity curve (optionally against a benchmark such as buy-and-hold) over a drawdown pane.
struct EquityChartBody: ChartBody {
    var equity: ChartSeries
    var benchmark: ChartSeries?
    var kind: String { "equity" }

    var hasData: Bool { equity.hasFiniteValue }

    func render(into w: inout SVGWriter, area rect: Rect, options: ChartOptions) {
        let lines = [equity] + (benchmark.map { [$0] } ?? [])
        guard let xs = xExtent(lines), let ys = finiteExtent(lines.map(\.values)) else { return }
        let axis = xAxisKind(lines, format: .number)
        let topHeight = rect.height * 0.7
        let eqFormat = options.yFormat == .number ? ValueFormat.price : options.yFormat
        let top = PlotFrame.make(
            area: Rect(x: rect.x, y: rect.y, width: rect.width, height: topHeight), xDomain: xs, xAxis: axis,
            yDomain: ys, yFormat: eqFormat, yLabel: options.yLabel ?? "equity", showXTickLabels: false,
            leftMargin: 84)
        top.drawAxes(&w, yLabel: options.yLabel ?? "equity", showXTickLabels: false)
        for (i, s) in lines.enumerated() {
            let (dx, dy) = Downsample.m4(x: s.x, y: s.values, maxPoints: options.maxPoints)
            let (px, py) = top.pixels(xs: dx, ys: dy)
            w.path(xs: px, ys: py, stroke: s.color ?? options.color(i), width: i == 0 ? 1.8 : 1.3, cssClass: "line",
                   seriesName: s.name, dash: i == 0 ? nil : "5 3")
        }
        let dd = drawdown(equity.values)
        let worst = dd.filter(\.isFinite).min() ?? 0
        if options.showLegend {
            var items = lines.enumerated().map {
                LegendItem(name: $0.element.name, color: $0.element.color ?? options.color($0.offset),
                           glyph: $0.offset == 0 ? .line : .dashed)
            }
            items.append(LegendItem(name: "max drawdown \(formatValue(worst, .percent, step: 0.001))",
                                    color: Palette.down, glyph: .box))
            drawLegend(&w, items: items, in: top.rect)
        }
        let bottom = PlotFrame.make(
            area: Rect(x: rect.x, y: rect.y + topHeight, width: rect.width, height: rect.height - topHeight),
            xDomain: xs, xAxis: axis, yDomain: (min(worst, -0.0001), 0), yFormat: .percent,
            xLabel: options.xLabel, yLabel: "drawdown", leftMargin: 84)
        bottom.drawAxes(&w, xLabel: options.xLabel, yLabel: "drawdown")
        let (dx, dy) = Downsample.m4(x: equity.x, y: dd, maxPoints: options.maxPoints)
        let (px, py) = bottom.pixels(xs: dx, ys: dy)
        w.path(xs: px, ys: py, stroke: nil, fill: Palette.down, fillOpacity: 0.3, cssClass: "drawdown-area",
               closeTo: bottom.y(0))
        w.path(xs: px, ys: py, stroke: Palette.down, width: 1, cssClass: "drawdown", seriesName: "drawdown")
    }

    func terminal(columns: Int, rows: Int, options: ChartOptions) -> String {
        let dd = drawdown(equity.values).filter(\.isFinite).min() ?? 0
        let chart = terminalLines([equity] + (benchmark.map { [$0] } ?? []), columns: columns, rows: rows - 1,
                                  format: .price)
        let first = equity.values.first(where: \.isFinite) ?? 0, last = equity.values.last(where: \.isFinite) ?? 0
        let total = first != 0 ? last / first - 1 : 0
        return chart + "\n" + "return \(formatValue(total, .percent, step: 0.001))  max drawdown "
            + formatValue(dd, .percent, step: 0.001)
    }
}

extension Chart {
    /// An equity curve (with an optional dashed benchmark, e.g. buy-and-hold) above its drawdown pane.
    ///
    /// `times` (epoch seconds) gives a date axis; nil plots against the bar index. The benchmark must have the
    /// same length as `equity`.
    public static func equity(
        _ equity: [Double], times: [Int64]? = nil, benchmark: [Double]? = nil, name: String = "strategy",
        benchmarkName: String = "buy & hold", options: ChartOptions = ChartOptions()
    ) -> Chart {
        func series(_ name: String, _ v: [Double]) -> ChartSeries {
            if let times { return ChartSeries(name: name, times: times, values: v) }
            return ChartSeries(name: name, values: v)
        }
        let body = EquityChartBody(equity: series(name, equity), benchmark: benchmark.map { series(benchmarkName, $0) })
        return Chart(body: body, options: options)
    }
}
