/// Plain inputs of a model evaluation report.
public struct ModelReportInput: Sendable {
    /// Report title.
    public var title: String
    /// Training history (nil to omit the training curves).
    public var history: TrainingCurves?
    /// Out-of-sample probabilities and labels (nil to omit the evaluation figures).
    public var evaluation: ROCInput?
    /// Decision threshold for the confusion matrix.
    public var threshold: Double
    /// Extra name/value rows (model configuration, data set sizes …).
    public var metrics: [(String, String)]
    /// Markdown notes shown under the title.
    public var notes: String?

    /// Gathers the inputs.
    public init(
        title: String = "Model report", history: TrainingCurves? = nil, evaluation: ROCInput? = nil,
        threshold: Double = 0.5, metrics: [(String, String)] = [], notes: String? = nil
    ) {
        self.title = title
        self.history = history
        self.evaluation = evaluation
        self.threshold = threshold
        self.metrics = metrics
        self.notes = notes
    }
}

extension HTMLReport {
    /// A model report: metrics table, training curves, ROC with AUC, calibration, confusion matrix and the
    /// distribution of predictions by class.
    public static func modelReport(_ input: ModelReportInput) -> HTMLReport {
        var report = HTMLReport(title: input.title, introduction: input.notes)
        report.addSection("Metrics")
        var rows = input.metrics
        if let e = input.evaluation {
            let roc = ROCCurve(e)
            let cm = ConfusionCounts(e, threshold: input.threshold)
            let cal = CalibrationBins(e)
            let (pos, neg) = e.classCounts
            rows += [
                ("Samples", "\(e.labels.count) (\(pos) positive, \(neg) negative)"),
                ("Base rate", formatPlain(cm.baseRate, decimals: 4)),
                ("AUC", formatPlain(roc.auc, decimals: 4)),
                ("Threshold", formatPlain(input.threshold, decimals: 2)),
                ("Accuracy", formatPlain(cm.accuracy, decimals: 4)),
                ("Precision", formatPlain(cm.precision, decimals: 4)),
                ("Recall", formatPlain(cm.recall, decimals: 4)),
                ("F1", formatPlain(cm.f1, decimals: 4)),
                ("Brier score", formatPlain(cal.brier, decimals: 4)),
                ("Expected calibration error", formatPlain(cal.expectedCalibrationError, decimals: 4)),
            ]
        }
        if let h = input.history {
            for m in h.metrics {
                if let best = m.bestEpoch {
                    let v = m.validation.contains(where: \.isFinite) ? m.validation : m.train
                    rows.append(("Best \(m.name)", "\(formatPlain(v[best - 1], decimals: 4)) at epoch \(best)"))
                }
            }
        }
        if rows.isEmpty {
            report.addMarkdown("No metrics were given.")
        } else {
            report.addTable(ReportTable(caption: "Evaluation", keyValues: rows))
        }
        report.addSection("Training curves", id: "training")
        if let h = input.history {
            report.addChart(Chart.training(h))
        } else {
            report.addMarkdown("No training history was given.")
        }
        report.addSection("ROC curve", id: "roc")
        if let e = input.evaluation {
            report.addChart(Chart.roc(e, options: ChartOptions(width: 560, height: 480)))
            report.addSection("Calibration", id: "calibration")
            report.addChart(Chart.calibration(e, options: ChartOptions(width: 560, height: 520)))
            report.addSection("Confusion matrix", id: "confusion")
            report.addChart(Chart.confusion(ConfusionCounts(e, threshold: input.threshold),
                                            options: ChartOptions(subtitle: "threshold \(formatPlain(input.threshold, decimals: 2))",
                                                                  width: 560, height: 460)))
            report.addSection("Prediction distribution", id: "predictions")
            report.addChart(Chart.predictionDistribution(e, threshold: input.threshold))
        } else {
            report.addMarkdown("No out-of-sample predictions were given.")
        }
        return report
    }
}
