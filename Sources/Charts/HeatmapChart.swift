/// A 2-D grid of a metric (e.g. a parameter sweep's Sharpe ratio), rows along y and columns along x.
struct HeatmapBody: ChartBody {
    var xLabels: [String]
    var yLabels: [String]
    var values: [[Double]]
    var format: ValueFormat
    var kind: String { "heatmap" }

    var hasData: Bool { finiteExtent(values) != nil }

    func render(into w: inout SVGWriter, area rect: Rect, options: ChartOptions) {
        guard let (lo, hi) = finiteExtent(values) else { return }
        let diverging = lo < 0 && hi > 0
        let bound = max(abs(lo), abs(hi))
        func color(_ v: Double) -> String {
            if diverging { return ColorScale.diverging(0.5 + v / (2 * bound)) }
            return ColorScale.sequential(hi > lo ? (v - lo) / (hi - lo) : 0.5)
        }
        let rows = values.count, cols = values.map(\.count).max() ?? 0
        let left = Double(yLabels.map(\.count).max() ?? 3) * 6.6 + 16 + (options.yLabel == nil ? 0 : 18)
        let plot = Rect(x: rect.x + left, y: rect.y + 6, width: rect.width - left - 90,
                        height: rect.height - 30 - (options.xLabel == nil ? 0 : 16))
        let cw = plot.width / Double(max(1, cols)), ch = plot.height / Double(max(1, rows))
        let showText = cw >= 34 && ch >= 14
        w.raw("<g class=\"cells\">")
        for r in 0..<rows {
            // row 0 at the bottom, like a y axis
            let y = plot.maxY - Double(r + 1) * ch
            for c in 0..<values[r].count {
                let v = values[r][c]
                let x = plot.x + Double(c) * cw
                let fill = v.isFinite ? color(v) : "#eeeeee"
                let tip = "\(r < yLabels.count ? yLabels[r] : "\(r)"), \(c < xLabels.count ? xLabels[c] : "\(c)"): "
                    + formatValue(v, format)
                w.rect(x: x, y: y, width: cw - 1, height: ch - 1, fill: fill, cssClass: "cell", tooltip: tip)
                if showText && v.isFinite {
                    w.text(formatValue(v, format, step: 0.01), x: x + cw / 2, y: y + ch / 2 + 4, anchor: "middle",
                           cssClass: "cell-value", size: 10, fill: ColorScale.textColor(on: fill))
                }
            }
        }
        w.raw("</g>")
        let everyY = max(1, Int((14 / ch).rounded(.up)))
        for r in stride(from: 0, to: min(rows, yLabels.count), by: everyY) {
            w.text(yLabels[r], x: plot.x - 6, y: plot.maxY - (Double(r) + 0.5) * ch + 4, anchor: "end",
                   cssClass: "tick y", fill: Palette.muted)
        }
        let longest = Double(xLabels.map(\.count).max() ?? 3) * 6.5 + 6
        let everyX = max(1, Int((longest / cw).rounded(.up)))
        for c in stride(from: 0, to: min(cols, xLabels.count), by: everyX) {
            w.text(xLabels[c], x: plot.x + (Double(c) + 0.5) * cw, y: plot.maxY + 14, anchor: "middle",
                   cssClass: "tick x", fill: Palette.muted)
        }
        if let xLabel = options.xLabel {
            w.text(xLabel, x: plot.x + plot.width / 2, y: plot.maxY + 30, anchor: "middle", cssClass: "axis-label x-title",
                   size: 12, fill: Palette.text)
        }
        if let yLabel = options.yLabel {
            w.text(yLabel, x: rect.x + 12, y: plot.y + plot.height / 2, anchor: "middle", cssClass: "axis-label y-title",
                   size: 12, fill: Palette.text, rotate: -90)
        }
        // colour bar
        let barX = plot.maxX + 16, steps = 40
        let lowEnd = diverging ? -bound : lo, highEnd = diverging ? bound : hi
        w.raw("<g class=\"colorbar\">")
        for i in 0..<steps {
            let v = lowEnd + (highEnd - lowEnd) * (Double(i) + 0.5) / Double(steps)
            let y = plot.maxY - Double(i + 1) * plot.height / Double(steps)
            w.rect(x: barX, y: y, width: 14, height: plot.height / Double(steps) + 0.5, fill: color(v))
        }
        let step = NiceTicks.step(span: highEnd - lowEnd, target: 4)
        w.text(formatValue(highEnd, format, step: step), x: barX + 18, y: plot.y + 8, cssClass: "tick colorbar",
               fill: Palette.muted)
        w.text(formatValue(lowEnd, format, step: step), x: barX + 18, y: plot.maxY, cssClass: "tick colorbar",
               fill: Palette.muted)
        w.raw("</g>")
    }

    func terminal(columns: Int, rows: Int, options: ChartOptions) -> String {
        TerminalChart.shades(values.reversed(), rowLabels: yLabels.reversed(), columns: columns, rows: rows)
    }
}

extension Chart {
    /// A heatmap of `values[row][column]` (rows bottom to top along y, columns along x), e.g. a 2-D parameter
    /// sweep of a metric; diverging colours when the values straddle zero. NaN cells are grey.
    public static func heatmap(
        values: [[Double]], xLabels: [String], yLabels: [String], format: ValueFormat = .number,
        options: ChartOptions = ChartOptions()
    ) -> Chart {
        Chart(body: HeatmapBody(xLabels: xLabels, yLabels: yLabels, values: values, format: format), options: options)
    }
}
