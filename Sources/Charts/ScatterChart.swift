/// Points at (x, y); large samples are thinned to `options.maxPoints`, always keeping the x and y extremes.
struct ScatterChartBody: ChartBody {
    var x: [Double]
    var y: [Double]
    var name: String
    var kind: String { "scatter" }

    var hasData: Bool { zip(x, y).contains { $0.isFinite && $1.isFinite } }

    /// Indices drawn: every k-th finite point plus the points holding min/max of x and y.
    func keptIndices(maxPoints: Int) -> [Int] {
        let n = min(x.count, y.count)
        let finite = (0..<n).filter { x[$0].isFinite && y[$0].isFinite }
        guard finite.count > maxPoints else { return finite }
        var extremes = Set<Int>()
        if let i = finite.min(by: { x[$0] < x[$1] }) { extremes.insert(i) }
        if let i = finite.max(by: { x[$0] < x[$1] }) { extremes.insert(i) }
        if let i = finite.min(by: { y[$0] < y[$1] }) { extremes.insert(i) }
        if let i = finite.max(by: { y[$0] < y[$1] }) { extremes.insert(i) }
        let budget = maxPoints - extremes.count
        var kept = extremes
        for k in 0..<budget { kept.insert(finite[k * finite.count / budget]) }
        return kept.sorted()
    }

    func render(into w: inout SVGWriter, area rect: Rect, options: ChartOptions) {
        let n = min(x.count, y.count)
        guard let xs = finiteExtent([Array(x.prefix(n))]), var ys = finiteExtent([Array(y.prefix(n))]) else { return }
        if let lo = options.yMin { ys.0 = lo }
        if let hi = options.yMax { ys.1 = hi }
        let xStep = NiceTicks.step(span: xs.1 - xs.0, target: 8)
        let frame = PlotFrame.make(
            area: rect, xDomain: xs, xAxis: .numeric(options.xFormat), yDomain: ys, yFormat: options.yFormat,
            xLabel: options.xLabel, yLabel: options.yLabel, xPad: xStep * 0.25)
        frame.drawAxes(&w, xLabel: options.xLabel, yLabel: options.yLabel)
        let kept = keptIndices(maxPoints: options.maxPoints)
        let color = options.color(0)
        let r = kept.count > 2_000 ? 1.5 : (kept.count > 300 ? 2.2 : 3.2)
        w.raw("<g class=\"points\" data-series=\"")
        w.escaped(name)
        w.raw("\">")
        for i in kept {
            let py = frame.y(y[i])
            guard py >= frame.rect.y - 0.5, py <= frame.rect.maxY + 0.5 else { continue }
            w.circle(cx: frame.x(x[i]), cy: py, r: r, fill: color, cssClass: "point", opacity: 0.6)
        }
        w.raw("</g>")
        if options.showLegend && !name.isEmpty {
            drawLegend(&w, items: [LegendItem(name: name, color: color, glyph: .dot)], in: frame.rect)
        }
    }

    func terminal(columns: Int, rows: Int, options: ChartOptions) -> String {
        let n = min(x.count, y.count)
        guard let (xl, xh) = finiteExtent([Array(x.prefix(n))]), let (yl, yh) = finiteExtent([Array(y.prefix(n))])
        else { return "(no data)" }
        let maxLabel = formatValue(yh, options.yFormat), minLabel = formatValue(yl, options.yFormat)
        let gutter = max(maxLabel.count, minLabel.count)
        let cols = max(4, columns - gutter - 1), plotRows = max(2, rows - 1)
        var canvas = BrailleCanvas(columns: cols, rows: plotRows)
        for i in 0..<n where x[i].isFinite && y[i].isFinite {
            let fx = xh > xl ? (x[i] - xl) / (xh - xl) : 0.5, fy = yh > yl ? (y[i] - yl) / (yh - yl) : 0.5
            canvas.set(x: Int(fx * Double(cols * 2 - 1)), y: Int((1 - fy) * Double(plotRows * 4 - 1)))
        }
        var lines = canvas.lines()
        for i in lines.indices {
            let label = i == 0 ? maxLabel : (i == lines.count - 1 ? minLabel : "")
            lines[i] = String(repeating: " ", count: gutter - label.count) + label + "│" + lines[i]
        }
        let a = formatValue(xl, options.xFormat), b = formatValue(xh, options.xFormat)
        lines.append(String(repeating: " ", count: gutter + 1) + a
                     + String(repeating: " ", count: max(1, cols - a.count - b.count)) + b)
        return lines.map { String($0.prefix(columns)) }.joined(separator: "\n")
    }
}

extension Chart {
    /// A scatter plot of `y` against `x` (pairs with a NaN are skipped).
    public static func scatter(_ x: [Double], _ y: [Double], name: String = "", options: ChartOptions = ChartOptions())
        -> Chart
    {
        Chart(body: ScatterChartBody(x: x, y: y, name: name), options: options)
    }
}
