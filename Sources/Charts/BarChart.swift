/// Vertical bars for categories; several series are drawn side by side in each category.
struct BarChartBody: ChartBody {
    var categories: [String]
    var series: [ChartSeries]
    var kind: String { "bar" }

    var hasData: Bool { !categories.isEmpty && series.contains { $0.hasFiniteValue } }

    func render(into w: inout SVGWriter, area rect: Rect, options: ChartOptions) {
        guard var ys = finiteExtent(series.map(\.values)) else { return }
        ys = (options.yMin ?? min(0, ys.0), options.yMax ?? max(0, ys.1))
        let n = categories.count
        let frame = PlotFrame.make(
            area: rect, xDomain: (0, Double(n - 1)), xAxis: .categories(categories), yDomain: ys,
            yFormat: options.yFormat, xLabel: options.xLabel, yLabel: options.yLabel, xPad: 0.5)
        frame.drawAxes(&w, xLabel: options.xLabel, yLabel: options.yLabel, xGrid: false)
        let slot = frame.rect.width / Double(max(1, n))
        let groupWidth = slot * 0.8
        let barWidth = groupWidth / Double(max(1, series.count))
        let zero = frame.y(max(frame.y.domainLow, min(0, frame.y.domainHigh)))
        for (si, s) in series.enumerated() {
            let color = s.color ?? options.color(si)
            w.raw("<g class=\"bars\" data-series=\"")
            w.escaped(s.name)
            w.raw("\">")
            for (ci, v) in s.values.prefix(n).enumerated() where v.isFinite {
                let x0 = frame.x(Double(ci)) - groupWidth / 2 + Double(si) * barWidth
                let py = frame.y(v)
                w.rect(x: x0, y: min(py, zero), width: max(1, barWidth - 1), height: abs(zero - py), fill: color,
                       cssClass: "bar", tooltip: "\(categories[ci]): \(formatValue(v, options.yFormat))")
            }
            w.raw("</g>")
        }
        w.line(x1: frame.rect.x, y1: zero, x2: frame.rect.maxX, y2: zero, stroke: Palette.axis, width: 1)
        if options.showLegend && (series.count > 1 || !series[0].name.isEmpty) {
            drawLegend(&w, items: series.enumerated().map {
                LegendItem(name: $0.element.name, color: $0.element.color ?? options.color($0.offset), glyph: .box)
            }, in: frame.rect, corner: 1)
        }
    }

    func terminal(columns: Int, rows: Int, options: ChartOptions) -> String {
        let values = series[0].values.prefix(categories.count).map { $0.isFinite ? $0 : 0 }
        return TerminalChart.bars(Array(values), columns: columns, rows: rows, format: options.yFormat,
                                  xLabels: (categories.first ?? "", categories.last ?? ""))
    }
}

extension Chart {
    /// A bar chart of `values` per category.
    public static func bar(
        categories: [String], values: [Double], name: String = "", options: ChartOptions = ChartOptions()
    ) -> Chart {
        bar(categories: categories, series: [ChartSeries(name: name, values: values)], options: options)
    }

    /// Grouped bars: each series gives one value per category.
    public static func bar(
        categories: [String], series: [ChartSeries], options: ChartOptions = ChartOptions()
    ) -> Chart {
        Chart(body: BarChartBody(categories: categories, series: series), options: options)
    }
}
