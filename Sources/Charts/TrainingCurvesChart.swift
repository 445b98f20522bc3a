/// Per-epoch training history: for each metric (loss, accuracy, AUC …) the training and validation values.
public struct TrainingCurves: Sendable {
    /// One metric's curves.
    public struct Metric: Sendable {
        /// Metric name ("loss", "accuracy", "auc").
        public var name: String
        /// Value on the training set per epoch.
        public var train: [Double]
        /// Value on the validation set per epoch (may be empty).
        public var validation: [Double]

        /// A metric's curves.
        public init(name: String, train: [Double], validation: [Double] = []) {
            self.name = name
            self.train = train
            self.validation = validation
        }

        /// Lower is better for losses and errors; higher for everything else.
        public var lowerIsBetter: Bool {
            let n = name.lowercased()
            return n.contains("loss") || n.contains("error") || n.contains("mse") || n.contains("mae")
                || n.contains("brier")
        }

        /// Epoch (1-based) of the best validation value (training value when there is no validation).
        public var bestEpoch: Int? {
            let v = validation.contains(where: \.isFinite) ? validation : train
            let finite = v.indices.filter { v[$0].isFinite }
            let best = lowerIsBetter ? finite.min { v[$0] < v[$1] } : finite.max { v[$0] < v[$1] }
            return best.map { $0 + 1 }
        }
    }

    /// The metrics, drawn in this order.
    public var metrics: [Metric]

    /// History from its metrics.
    public init(metrics: [Metric]) {
        self.metrics = metrics
    }

    /// The usual Keras-like history: loss plus optional accuracy and AUC, each with validation values.
    public init(
        loss: [Double], validationLoss: [Double] = [], accuracy: [Double] = [], validationAccuracy: [Double] = [],
        auc: [Double] = [], validationAUC: [Double] = []
    ) {
        var m = [Metric(name: "loss", train: loss, validation: validationLoss)]
        if !accuracy.isEmpty || !validationAccuracy.isEmpty {
            m.append(Metric(name: "accuracy", train: accuracy, validation: validationAccuracy))
        }
        if !auc.isEmpty || !validationAUC.isEmpty { m.append(Metric(name: "auc", train: auc, validation: validationAUC)) }
        metrics = m
    }
}

/// One panel per metric, train solid and validation dashed, the best epoch marked.
struct TrainingCurvesBody: ChartBody {
    var curves: TrainingCurves
    var kind: String { "training" }

    var hasData: Bool { curves.metrics.contains { $0.train.contains(where: \.isFinite) || $0.validation.contains(where: \.isFinite) } }

    func render(into w: inout SVGWriter, area rect: Rect, options: ChartOptions) {
        let metrics = curves.metrics.filter {
            $0.train.contains(where: \.isFinite) || $0.validation.contains(where: \.isFinite)
        }
        let perRow = min(3, metrics.count)
        let rowsCount = (metrics.count + perRow - 1) / perRow
        let panelW = rect.width / Double(perRow), panelH = rect.height / Double(rowsCount)
        for (k, m) in metrics.enumerated() {
            let panel = Rect(x: rect.x + Double(k % perRow) * panelW, y: rect.y + Double(k / perRow) * panelH + 16,
                             width: panelW, height: panelH - 16)
            w.text(m.name, x: panel.x + panel.width / 2 + 20, y: panel.y - 2, anchor: "middle",
                   cssClass: "panel-title", size: 12, weight: "600", fill: Palette.text)
            let epochs = max(m.train.count, m.validation.count)
            let ys = finiteExtent([m.train, m.validation]) ?? (0, 1)
            var frame = PlotFrame.make(
                area: panel, xDomain: (1, Double(max(2, epochs))), xAxis: .numeric(.number), yDomain: ys,
                yFormat: .number, xLabel: "epoch")
            // epochs are whole numbers: ticks at 1 and every whole step after it
            let step = max(1, Int(NiceTicks.step(span: Double(max(1, epochs - 1)), target: 5).rounded(.up)))
            frame.xTicks = stride(from: step, through: max(2, epochs), by: step).map {
                Tick(value: Double($0), label: String($0))
            }
            if step > 1 { frame.xTicks.insert(Tick(value: 1, label: "1"), at: 0) }
            frame.drawAxes(&w, xLabel: "epoch")
            let train = ChartSeries(name: "train", x: (0..<m.train.count).map { Double($0 + 1) }, values: m.train)
            let valid = ChartSeries(name: "validation", x: (0..<m.validation.count).map { Double($0 + 1) },
                                    values: m.validation)
            for (i, s) in [train, valid].enumerated() where s.hasFiniteValue {
                let (px, py) = frame.pixels(xs: s.x ?? [], ys: s.values)
                w.path(xs: px, ys: py, stroke: options.color(i), width: 1.8, cssClass: "line",
                       seriesName: "\(m.name) \(s.name)", dash: i == 1 ? "5 3" : nil)
            }
            if let best = m.bestEpoch {
                let v = m.validation.contains(where: \.isFinite) ? m.validation : m.train
                let cx = frame.x(Double(best)), cy = frame.y(v[best - 1])
                w.circle(cx: cx, cy: cy, r: 4, fill: Palette.text, cssClass: "best")
                w.raw("<title>best epoch \(best)</title>")
            }
            var items = [LegendItem(name: "train", color: options.color(0))]
            if valid.hasFiniteValue { items.append(LegendItem(name: "validation", color: options.color(1), glyph: .dashed)) }
            if let best = m.bestEpoch { items.append(LegendItem(name: "best epoch \(best)", color: Palette.text, glyph: .dot)) }
            drawLegend(&w, items: items, in: frame.rect, corner: m.lowerIsBetter ? 1 : 2)
        }
    }

    func terminal(columns: Int, rows: Int, options: ChartOptions) -> String {
        guard let m = curves.metrics.first(where: { $0.train.contains(where: \.isFinite) }) else { return "(no data)" }
        let lines = TerminalChart.lines([m.train, m.validation], columns: columns, rows: rows - 1,
                                        xLabels: ("epoch 1", "epoch \(max(m.train.count, m.validation.count))"))
        return "\(m.name): train and validation" + (m.bestEpoch.map { ", best epoch \($0)" } ?? "") + "\n" + lines
    }
}

extension Chart {
    /// Training curves: one panel per metric, training solid and validation dashed, best epoch marked.
    public static func training(_ curves: TrainingCurves, options: ChartOptions = ChartOptions()) -> Chart {
        var options = options
        if options.title.isEmpty { options.title = "Training curves" }
        if options.width == 800 && curves.metrics.count > 1 { options.width = 360 * min(3, curves.metrics.count) }
        if options.height == 450 { options.height = 360 }
        return Chart(body: TrainingCurvesBody(curves: curves), options: options)
    }
}
