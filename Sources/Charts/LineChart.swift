/// Line (and filled area) charts of one or more series sharing an x axis.
struct LineChartBody: ChartBody {
    var series: [ChartSeries]
    var area: Bool = false
    var kind: String { area ? "area" : "line" }

    var hasData: Bool { series.contains { $0.hasFiniteValue } }

    func render(into w: inout SVGWriter, area rect: Rect, options: ChartOptions) {
        guard let xs = xExtent(series), var ys = finiteExtent(series.map(\.values)) else { return }
        if area { ys = (min(ys.0, 0), max(ys.1, 0)) }
        if let lo = options.yMin { ys.0 = lo }
        if let hi = options.yMax { ys.1 = hi }
        let frame = PlotFrame.make(
            area: rect, xDomain: xs, xAxis: xAxisKind(series, format: options.xFormat), yDomain: ys,
            yFormat: options.yFormat, xLabel: options.xLabel, yLabel: options.yLabel)
        frame.drawAxes(&w, xLabel: options.xLabel, yLabel: options.yLabel)
        let baseline = frame.y(max(frame.y.domainLow, min(0, frame.y.domainHigh)))
        w.raw("<g class=\"series\">")
        for (i, s) in series.enumerated() {
            let color = s.color ?? options.color(i)
            let (dx, dy) = Downsample.m4(x: s.x, y: s.values, maxPoints: options.maxPoints)
            let (px, py) = frame.pixels(xs: dx, ys: dy)
            if area {
                w.path(xs: px, ys: py, stroke: nil, fill: color, fillOpacity: 0.25, cssClass: "area",
                       seriesName: s.name, closeTo: baseline)
            }
            w.path(xs: px, ys: py, stroke: color, width: 1.5, cssClass: "line", seriesName: s.name,
                   dash: s.dashed ? "5 3" : nil)
        }
        w.raw("</g>")
        if options.showLegend && (series.count > 1 || !(series.first?.name.isEmpty ?? true)) {
            drawLegend(&w, items: series.enumerated().map {
                LegendItem(name: $0.element.name, color: $0.element.color ?? options.color($0.offset),
                           glyph: $0.element.dashed ? .dashed : .line)
            }, in: frame.rect)
        }
    }

    func terminal(columns: Int, rows: Int, options: ChartOptions) -> String {
        terminalLines(series, columns: columns, rows: rows, format: options.yFormat)
    }
}

/// Braille drawing of series, with first/last x labels (dates for time series).
func terminalLines(_ series: [ChartSeries], columns: Int, rows: Int, format: ValueFormat) -> String {
    var labels: (String, String)? = nil
    if let (lo, hi) = xExtent(series) {
        if series.allSatisfy({ $0.xIsTime }) {
            labels = (formatDate(Int64(lo)), formatDate(Int64(hi)))
        } else {
            labels = (formatValue(lo, .number), formatValue(hi, .number))
        }
    }
    return TerminalChart.lines(series.map(\.values), columns: columns, rows: rows, format: format, xLabels: labels)
}

extension Chart {
    /// A line chart of one or more series (multi-line when several), M4-downsampled to `options.maxPoints`.
    public static func line(_ series: [ChartSeries], options: ChartOptions = ChartOptions()) -> Chart {
        Chart(body: LineChartBody(series: series), options: options)
    }

    /// A line chart of a single series of values against their index.
    public static func line(_ values: [Double], name: String = "", options: ChartOptions = ChartOptions()) -> Chart {
        line([ChartSeries(name: name, values: values)], options: options)
    }
}
