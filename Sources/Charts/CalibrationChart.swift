/// Reliability diagram: observed frequency against mean predicted probability, with bin counts below.
struct CalibrationChartBody: ChartBody {
    var bins: CalibrationBins
    var binCount: Int
    var kind: String { "calibration" }

    var hasData: Bool { !bins.counts.isEmpty }

    func render(into w: inout SVGWriter, area rect: Rect, options: ChartOptions) {
        let topHeight = rect.height * 0.74
        let top = PlotFrame.make(
            area: Rect(x: rect.x, y: rect.y, width: rect.width, height: topHeight), xDomain: (0, 1),
            xAxis: .numeric(.number), yDomain: (0, 1), yFormat: .number, yLabel: "observed frequency",
            showXTickLabels: false, leftMargin: 70)
        top.drawAxes(&w, yLabel: "observed frequency", showXTickLabels: false)
        w.line(x1: top.x(0), y1: top.y(0), x2: top.x(1), y2: top.y(1), stroke: "#999999", width: 1,
               cssClass: "perfect", dash: "4 4")
        let color = options.color(0)
        let (px, py) = top.pixels(xs: bins.meanPredicted, ys: bins.observed)
        w.path(xs: px, ys: py, stroke: color, width: 2, cssClass: "line", seriesName: "model")
        for i in px.indices { w.circle(cx: px[i], cy: py[i], r: 3.5, fill: color, cssClass: "bin") }
        drawLegend(&w, items: [
            LegendItem(name: "model (ECE \(formatPlain(bins.expectedCalibrationError, decimals: 3)), Brier "
                + "\(formatPlain(bins.brier, decimals: 3)))", color: color),
            LegendItem(name: "perfectly calibrated", color: "#999999", glyph: .dashed),
        ], in: top.rect)
        let maxCount = Double(bins.counts.max() ?? 1)
        let bottom = PlotFrame.make(
            area: Rect(x: rect.x, y: rect.y + topHeight, width: rect.width, height: rect.height - topHeight),
            xDomain: (0, 1), xAxis: .numeric(.number), yDomain: (0, maxCount), yFormat: .compact,
            xLabel: options.xLabel ?? "mean predicted probability", yLabel: "count", leftMargin: 70)
        bottom.drawAxes(&w, xLabel: options.xLabel ?? "mean predicted probability", yLabel: "count", xGrid: false)
        let width = 1 / Double(binCount)
        for (i, c) in bins.counts.enumerated() {
            let x0 = bottom.x(bins.lowerEdges[i]), x1 = bottom.x(bins.lowerEdges[i] + width)
            let y0 = bottom.y(Double(c))
            w.rect(x: x0 + 1, y: y0, width: x1 - x0 - 2, height: bottom.rect.maxY - y0, fill: color,
                   cssClass: "bar", opacity: 0.5, tooltip: "\(c) predictions")
        }
    }

    func terminal(columns: Int, rows: Int, options: ChartOptions) -> String {
        let lines = zip(bins.meanPredicted, bins.observed).prefix(rows).map {
            "predicted \(formatPlain($0, decimals: 2))  observed \(formatPlain($1, decimals: 2))"
        }
        return lines.joined(separator: "\n")
    }
}

extension Chart {
    /// Calibration (reliability) plot of probabilities against labels in `bins` equal-width bins.
    public static func calibration(_ input: ROCInput, bins: Int = 10, options: ChartOptions = ChartOptions()) -> Chart {
        var options = options
        if options.title.isEmpty { options.title = "Calibration" }
        return Chart(body: CalibrationChartBody(bins: CalibrationBins(input, bins: bins), binCount: max(1, bins)),
                     options: options)
    }
}
