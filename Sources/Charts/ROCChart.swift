/// ROC curve with the chance diagonal and the AUC in the legend.
struct ROCChartBody: ChartBody {
    var curve: ROCCurve
    var kind: String { "roc" }

    var hasData: Bool { curve.auc.isFinite && curve.falsePositiveRate.count > 1 }

    /// The curve thinned to at most `maxPoints` points (endpoints kept).
    func points(maxPoints: Int) -> ([Double], [Double]) {
        let n = curve.falsePositiveRate.count
        guard n > maxPoints else { return (curve.falsePositiveRate, curve.truePositiveRate) }
        var xs: [Double] = [], ys: [Double] = []
        for k in 0..<maxPoints {
            let i = k * (n - 1) / (maxPoints - 1)
            xs.append(curve.falsePositiveRate[i])
            ys.append(curve.truePositiveRate[i])
        }
        return (xs, ys)
    }

    func render(into w: inout SVGWriter, area rect: Rect, options: ChartOptions) {
        let frame = PlotFrame.make(
            area: rect, xDomain: (0, 1), xAxis: .numeric(.number), yDomain: (0, 1), yFormat: .number,
            xLabel: options.xLabel ?? "false positive rate", yLabel: options.yLabel ?? "true positive rate")
        frame.drawAxes(&w, xLabel: options.xLabel ?? "false positive rate",
                       yLabel: options.yLabel ?? "true positive rate")
        w.line(x1: frame.x(0), y1: frame.y(0), x2: frame.x(1), y2: frame.y(1), stroke: "#999999", width: 1,
               cssClass: "chance", dash: "4 4")
        let (xs, ys) = points(maxPoints: options.maxPoints)
        let (px, py) = frame.pixels(xs: xs, ys: ys)
        let color = options.color(0)
        w.path(xs: px, ys: py, stroke: nil, fill: color, fillOpacity: 0.1, cssClass: "roc-area", closeTo: frame.y(0))
        w.path(xs: px, ys: py, stroke: color, width: 2, cssClass: "line", seriesName: "ROC")
        drawLegend(&w, items: [LegendItem(name: "ROC (AUC = \(formatPlain(curve.auc, decimals: 3)))", color: color),
                               LegendItem(name: "chance (AUC = 0.5)", color: "#999999", glyph: .dashed)],
                   in: frame.rect, corner: 2)
    }

    func terminal(columns: Int, rows: Int, options: ChartOptions) -> String {
        let (xs, ys) = points(maxPoints: 2_000)
        let body = TerminalChart.lines([resampleStep(xs, ys, count: 200)], columns: columns, rows: rows - 1)
        return body + "\nAUC = " + formatPlain(curve.auc, decimals: 3)
    }
}

/// Samples a monotone step curve y(x) at `count` evenly spaced x in [0, 1].
func resampleStep(_ xs: [Double], _ ys: [Double], count: Int) -> [Double] {
    var out: [Double] = []
    var j = 0
    for k in 0..<count {
        let x = Double(k) / Double(count - 1)
        while j + 1 < xs.count && xs[j + 1] <= x { j += 1 }
        out.append(ys[j])
    }
    return out
}

extension Chart {
    /// ROC curve of predicted probabilities against binary labels, AUC in the legend.
    public static func roc(_ input: ROCInput, options: ChartOptions = ChartOptions()) -> Chart {
        var options = options
        if options.title.isEmpty { options.title = "ROC curve" }
        return Chart(body: ROCChartBody(curve: ROCCurve(input)), options: options)
    }

    /// ROC curve from probabilities and 0/1 labels.
    public static func roc(probabilities: [Double], labels: [Double], options: ChartOptions = ChartOptions()) -> Chart {
        roc(ROCInput(probabilities: probabilities, labels: labels), options: options)
    }
}
