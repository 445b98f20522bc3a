/// Overlaid densities of predicted probabilities for actual positives and negatives, with the threshold marked.
struct PredictionDistributionBody: ChartBody {
    var histogram: HistogramBody
    var threshold: Double
    var kind: String { "prediction-distribution" }

    var hasData: Bool { histogram.hasData }

    func render(into w: inout SVGWriter, area rect: Rect, options: ChartOptions) {
        histogram.render(into: &w, area: rect, options: options)
        // the histogram's frame: rebuild its x scale to place the threshold line
        let hs = histogram.histograms()
        let top = hs.map { histogram.heights($0).max() ?? 0 }.max() ?? 1
        let frame = PlotFrame.make(
            area: rect, xDomain: (0, 1), xAxis: .numeric(options.xFormat), yDomain: (0, max(top, 1e-12)),
            yFormat: .number, xLabel: options.xLabel, yLabel: options.yLabel ?? "density")
        let x = frame.x(threshold)
        w.line(x1: x, y1: frame.rect.y, x2: x, y2: frame.rect.maxY, stroke: Palette.text, width: 1.2,
               cssClass: "threshold", dash: "6 3")
        w.text("threshold \(formatPlain(threshold, decimals: 2))", x: x + 4, y: frame.rect.y + 12,
               cssClass: "annotation", fill: Palette.text)
    }

    func terminal(columns: Int, rows: Int, options: ChartOptions) -> String {
        let all = histogram.samples.flatMap(\.values)
        return TerminalChart.histogram(all, bins: 20, columns: columns, rows: rows)
    }
}

extension Chart {
    /// Distributions of predicted probabilities split by true label, as densities over [0, 1].
    public static func predictionDistribution(
        _ input: ROCInput, bins: Int = 40, threshold: Double = 0.5, options: ChartOptions = ChartOptions()
    ) -> Chart {
        var options = options
        if options.title.isEmpty { options.title = "Prediction distribution" }
        if options.xLabel == nil { options.xLabel = "predicted probability" }
        var positives: [Double] = [], negatives: [Double] = []
        for (p, y) in zip(input.probabilities, input.labels) {
            if y { positives.append(p) } else { negatives.append(p) }
        }
        let samples = [
            ChartSeries(name: "actual negative (\(negatives.count))", values: negatives, color: Palette.down),
            ChartSeries(name: "actual positive (\(positives.count))", values: positives, color: Palette.up),
        ]
        let h = HistogramBody(samples: samples, bins: max(1, bins), range: (0, 1), density: true)
        return Chart(body: PredictionDistributionBody(histogram: h, threshold: threshold), options: options)
    }
}
